// Tiny, valid exports built in code, so each bad-input test changes exactly one thing.

import { decodeUtf8 } from "../../src/analysis/ingest/decode.js";
import { EXPORT_NAMES, EXPORT_SPECS, type ExportName } from "../../src/analysis/ingest/exports.js";
import { cleanExports } from "../../src/analysis/clean/clean.js";

export type ExportFiles = Record<ExportName, string>;

const CATEGORIES = ["Товары для детей", "Домашний текстиль", "Косметика и аксесуары", "Кухонная посуда"];

/** n customers with ids 100001…, every value valid, a few typos the mapping table knows. */
export function tinyExports(n = 8): ExportFiles {
  const file = ["id,Покупательская активность,Тип сервиса,Разрешить сообщать,Маркет_актив_6_мес,Маркет_актив_тек_мес,Длительность,Акционные_покупки,Популярная_категория,Средний_просмотр_категорий_за_визит,Неоплаченные_продукты_штук_квартал,Ошибка_сервиса,Страниц_за_визит"];
  const money = ["id,Период,Выручка"];
  const time = ["id,Период,минут"];
  const profit = ["id;Прибыль"];
  for (let i = 0; i < n; i++) {
    const id = 100001 + i;
    const target = i % 3 === 0 ? "Снизилась" : "Прежний уровень";
    const service = i % 4 === 0 ? "премиум" : i === 5 ? "стандартт" : "стандарт";
    file.push(`${id},${target},${service},${i % 2 ? "да" : "нет"},${(3 + i / 10).toFixed(1)},${3 + (i % 3)},${300 + 50 * i},0.${20 + i},${CATEGORIES[i % CATEGORIES.length]},${2 + (i % 4)},${i % 5},${i % 7},${4 + i}`);
    money.push(`${id},препредыдущий_месяц,${4000 + 10 * i}.5`, `${id},текущий_месяц,${5000 + 20 * i}.0`, `${id},предыдущий_месяц,${4800 + 15 * i}.0`);
    time.push(`${id},текущий_месяц,${10 + i}`, `${id},предыдцщий_месяц,${12 + i}`);
    profit.push(`${id};${3 + (i % 4)},${10 + i}`);
  }
  return {
    market_file: file.join("\n") + "\n",
    market_money: money.join("\n") + "\n",
    market_time: time.join("\n") + "\n",
    money: profit.join("\r\n") + "\r\n",
  };
}

export function cleanFiles(files: ExportFiles | Record<ExportName, Uint8Array>) {
  const texts = Object.fromEntries(
    EXPORT_NAMES.map((name) => {
      const content = files[name];
      const bytes = typeof content === "string" ? new TextEncoder().encode(content) : content;
      return [name, decodeUtf8(EXPORT_SPECS[name].fileName, bytes)];
    }),
  ) as Parameters<typeof cleanExports>[0];
  return cleanExports(texts);
}

/** Replaces line `lineNumber` (1-based, header = 1) of one file. */
export function replaceLine(text: string, lineNumber: number, replace: (line: string) => string): string {
  const eol = text.includes("\r\n") ? "\r\n" : "\n";
  const lines = text.split(eol);
  lines[lineNumber - 1] = replace(lines[lineNumber - 1]);
  return lines.join(eol);
}

export function removeLines(text: string, predicate: (line: string, index: number) => boolean): string {
  const eol = text.includes("\r\n") ? "\r\n" : "\n";
  return text.split(eol).filter((line, i) => !predicate(line, i)).join(eol);
}

/** Sets one cell (by column name) on one data line. Naive split: fine for the tiny, unquoted fixtures. */
export function setCell(text: string, lineNumber: number, column: string, value: string, delimiter = ","): string {
  const header = text.split(/\r?\n/)[0].split(delimiter);
  const index = header.indexOf(column);
  if (index < 0) throw new Error(`no column ${column}`);
  return replaceLine(text, lineNumber, (line) => {
    const cells = line.split(delimiter);
    cells[index] = value;
    return cells.join(delimiter);
  });
}
