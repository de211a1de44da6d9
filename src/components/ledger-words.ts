// The cleaning ledger in the page's words: the core's ledger.json carries codes, numbers, ids, column names and the
// exports' own values (clean/ledger.ts: exclusion reasons, correction rules, file notes, the plausibility rule); the
// sentences the data page (and the campaign page) show are made here.

import type { ExportName } from "../analysis/ingest/exports.js";
import type { CorrectionGroup, CustomerExclusionReason, ExclusionCode, FileNote, MissingValue, PlausibilityReport, RowExclusionReason } from "../analysis/clean/ledger.js";
import { CANONICAL_MAPPINGS } from "../analysis/clean/canonical.js";
import { customersWord, formatCount, formatInt, formatNumber, labelOf, plural, PERIOD_LABELS } from "./format.js";

/** An export's period name (препредыдущий_месяц) as the page says it (позапрошлый месяц). */
export const periodWords = (period: string) => PERIOD_LABELS[period] ?? period.replaceAll("_", " ");

/** «a», «a и b», «a, b и c». */
export function listWords(items: readonly string[]): string {
  return items.length < 2 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} и ${items[items.length - 1]}`;
}

/** Export periods as one phrase: «прошлый месяц», «позапрошлый и прошлый месяцы». */
export function monthsWords(periods: readonly string[]): string {
  const words = periods.map(periodWords);
  return words.length > 1 && words.every((w) => w.endsWith(" месяц")) ? `${listWords(words.map((w) => w.slice(0, -" месяц".length)))} месяцы` : listWords(words);
}

/** A value of a money or time column as the pages write numbers: 106 862,2 · 999 999. */
const valueWords = (v: number) => formatNumber(v, 2);

/** What one value of a plausibility-checked column is: «выручка за месяц», «минуты на сайте за месяц», «прибыль». */
export function plausibilityValueWords(column: string): string {
  if (column === "Выручка") return "выручка за месяц";
  if (column === "минут") return "минуты на сайте за месяц";
  if (column === "Прибыль") return "среднемесячная прибыль";
  return `«${labelOf(column)}»`;
}

/** A plausibility-checked column as a table names it: «Выручка за месяц», «Минуты за месяц», «Прибыль». */
export function plausibilityColumnWords(column: string): string {
  if (column === "Выручка") return "Выручка за месяц";
  if (column === "минут") return "Минуты за месяц";
  return labelOf(column);
}

/** The robust scale the rule used: «1,4826 × MAD», «IQR / 1,349» or «10 % медианы». */
export function scaleMethodWords(method: PlausibilityReport["scale_method"]): string {
  return method === "mad" ? "1,4826 × MAD" : method === "iqr" ? "IQR / 1,349" : "10 % медианы";
}

/** A column's plausibility rule with its threshold: «выручка за месяц выше порога 26 468,9: медиана + 10 робастных стандартных отклонений (1,4826 × MAD)». */
export function plausibilityRuleWords(report: Pick<PlausibilityReport, "column" | "upper_limit" | "z_threshold" | "scale_method">): string {
  return `${plausibilityValueWords(report.column)} выше порога ${valueWords(report.upper_limit)}: медиана + ${formatInt(report.z_threshold)} робастных стандартных отклонений (${scaleMethodWords(report.scale_method)})`;
}

function missingWords(missing: readonly MissingValue[]): string {
  return missing
    .map((m) => {
      const what = m.column === "Выручка" ? "выручки" : m.column === "минут" ? "минут на сайте" : m.column === "Прибыль" ? "прибыли" : `«${labelOf(m.column)}»`;
      return `${what}${m.period ? ` за ${periodWords(m.period)}` : ""} в ${m.file}`;
    })
    .join(", ");
}

/** Why a customer was excluded: «неактивный покупатель: нулевая выручка за позапрошлый и прошлый месяцы». */
export function customerExclusionWords(reason: CustomerExclusionReason): string {
  switch (reason.code) {
    case "incomplete_customer":
      return `неполные данные: нет ${missingWords(reason.missing)}`;
    case "inactive_customer":
      return `неактивный покупатель: нулевая выручка за ${monthsWords(reason.zero_months)}`;
    case "implausible_value": {
      const monthly = reason.column !== "Прибыль";
      return `неправдоподобное значение: ${plausibilityValueWords(reason.column)} ${reason.values.map(valueWords).join("; ")} выше порога ${valueWords(reason.upper_limit)}${monthly ? " во всех месяцах" : ""}`;
    }
  }
}

/** Why a row was excluded; a customer's reason on each of their rows reads «покупатель исключён — …». */
export function rowExclusionWords(reason: RowExclusionReason): string {
  switch (reason.code) {
    case "duplicate_row":
      return `точный дубликат строки ${reason.duplicate_of}`;
    case "unknown_id":
      return "такого номера покупателя нет в market_file.csv: строка не относится ни к одному покупателю";
    case "inactive_customer":
      return `покупатель исключён как неактивный: нулевая выручка за ${monthsWords(reason.zero_months)}`;
    default:
      return `покупатель исключён — ${customerExclusionWords(reason)}`;
  }
}

/** A reason code as a heading of its count: «неактивные покупатели: 3». */
export function exclusionCodeWords(code: ExclusionCode | string): string {
  switch (code) {
    case "duplicate_row":
      return "точные дубликаты строк";
    case "unknown_id":
      return "строки с номером покупателя, которого нет в основной выгрузке";
    case "incomplete_customer":
      return "неполные данные";
    case "inactive_customer":
      return "неактивные покупатели";
    case "implausible_value":
      return "неправдоподобные значения";
    default:
      return code;
  }
}

/** The from / to of a folded correction group (a rule's values beyond the examples kept). */
export const OTHER_VALUES_WORDS = "(другие значения)";

/**
 * The rule of a correction group. `decimalMark` is the file's own mark (EXPORT_SPECS); `plausibility` the ledger's
 * reports, for the threshold of an implausible month.
 */
export function correctionRuleWords(group: Pick<CorrectionGroup, "column" | "from" | "rule">, context: { decimalMark: "." | ","; plausibility?: readonly PlausibilityReport[] }): string {
  switch (group.rule) {
    case "canonical_mapping": {
      const mapping = CANONICAL_MAPPINGS.find((m) => m.column === group.column && m.raw === group.from);
      return mapping ? `таблица соответствий: ${mapping.why}` : "таблица соответствий";
    }
    case "trimmed":
      return "удалены пробелы по краям";
    case "other_decimal_mark":
      return `десятичный разделитель «${context.decimalMark === "." ? "," : "."}» вместо «${context.decimalMark}»`;
    case "integer_with_fraction":
      return "целое число записано с дробной частью";
    case "implausible_month": {
      const report = context.plausibility?.find((r) => r.column === group.column);
      return `${report ? plausibilityRuleWords(report) : `${plausibilityValueWords(group.column)} выше порога правдоподобия`}; заменено средним за другие месяцы этого покупателя`;
    }
  }
}

/** What a plausibility rule does with a caught value. */
export function plausibilityActionWords(action: PlausibilityReport["action"]): string {
  return action === "replace_month"
    ? "заменено средним за другие месяцы этого покупателя; если правдоподобных месяцев нет — покупатель исключён"
    : "покупатель исключён: значение у него одно, заменить его нечем";
}

/** What reading and cleaning noticed about a file. */
export function fileNoteWords(note: FileNote): string {
  switch (note.code) {
    case "bom":
      return "файл начинается с метки порядка байтов UTF-8 (BOM): она пропущена";
    case "reordered_columns":
      return "столбцы идут в другом порядке: сопоставлены по названиям";
    case "extra_columns":
      return `${plural(note.columns.length, ["лишний столбец не используется", "лишние столбцы не используются", "лишние столбцы не используются"])}: ${note.columns.map((c) => `«${c}»`).join(", ")}`;
    case "new_level":
      return `новое значение «${note.value}» в столбце «${labelOf(note.column)}» (${formatCount(note.count, ["покупатель", "покупателя", "покупателей"])}): оставлено отдельным уровнем`;
    case "pooled_levels":
      return `${formatCount(note.levels, ["редкое значение", "редких значения", "редких значений"])} в столбце «${labelOf(note.column)}» (${formatInt(note.customers)} ${customersWord(note.customers)}) ${note.levels === 1 ? "отнесено" : "объединены"} в «${note.into}»`;
    case "duplicate_customers":
      return `${formatInt(note.count)} ${customersWord(note.count)} — ${note.count === 1 ? "копия другого" : "копии других"} под другим номером: ${note.count === 1 ? "оставлен" : "оставлены"}, при разбиении на обучение и тест и на блоки кросс-валидации копия всегда вместе с оригиналом`;
  }
}

/** The notes a reader of the data page needs beside the sources table: how a file was read (the levels and copies have their own paragraphs). */
export const READING_NOTES: ReadonlySet<FileNote["code"]> = new Set(["bom", "reordered_columns", "extra_columns"]);

/**
 * The copy rule (clean/duplicates.ts: the ledger lists its `fields`), after «Копией считается покупатель, у которого».
 * Checked against the fields by a unit test, so a change of the rule cannot leave the sentence behind.
 */
export const COPY_RULE_WORDS =
  "все поля основной выгрузки (кроме номера), выручка за каждый из трёх месяцев и минуты за оба месяца те же, что у другого покупателя; прибыль может отличаться";

/** Counts by reason code, for the campaign page: «неактивные покупатели: 3; неполные данные: 1». */
export function exclusionCountsWords(counts: readonly { code: ExclusionCode | string; n: number }[]): string {
  return counts.map((r) => `${exclusionCodeWords(r.code)}: ${formatInt(r.n)}`).join("; ");
}

/** What became of a campaign.csv row that the comparison leaves out (campaign/stage.ts CampaignProblem). */
export function campaignProblemWords(p: { problem: "duplicate_id" | "no_group" | "gone" } | { problem: "excluded"; reason: RowExclusionReason }): string {
  switch (p.problem) {
    case "duplicate_id":
      return "номер встречается в файле несколько раз";
    case "no_group":
      return "не указана группа";
    case "gone":
      return "нет в новой выгрузке";
    case "excluded":
      return `исключён при очистке новой выгрузки: ${p.reason.code === "duplicate_row" || p.reason.code === "unknown_id" ? rowExclusionWords(p.reason) : customerExclusionWords(p.reason)}`;
  }
}

/** What one row of each export describes (the /data page's table of sources). */
export const EXPORT_ROW_WORDS: Readonly<Record<ExportName, string>> = {
  market_file: "профиль покупателя: поведение, коммуникации, целевой признак",
  market_money: "выручка с покупателя за каждый из трёх месяцев",
  market_time: "минуты на сайте за каждый из двух месяцев",
  money: "среднемесячная прибыль с покупателя за три месяца",
};
