// Table-driven bad-input suite: each case changes one thing in tiny valid exports and states the
// expected outcome — a precise InputError, or a precise correction / exclusion in the ledger.

import { test } from "node:test";
import assert from "node:assert/strict";
import { InputError } from "../../../src/analysis/ingest/errors.js";
import type { ExportName } from "../../../src/analysis/ingest/exports.js";
import { cleanFiles, removeLines, replaceLine, setCell, tinyExports, type ExportFiles } from "../../helpers/tiny-exports.js";
import { encodeWindows1251, seededJunk } from "../../helpers/bytes.js";

type Files = ExportFiles | Record<ExportName, Uint8Array>;
type Result = ReturnType<typeof cleanFiles>;

interface ErrorCase {
  name: string;
  files: () => Files;
  error: { file: string; line?: number; column?: string; message: RegExp };
}
interface LedgerCase {
  name: string;
  files: () => Files;
  check: (result: Result, baseline: Result) => void;
}

const base = () => tinyExports(8);
const with40 = () => tinyExports(40);
const edit = (name: ExportName, change: (text: string) => string, files = base()): ExportFiles => ({ ...files, [name]: change(files[name]) });
const asBytes = (files: ExportFiles, name: ExportName, bytes: Uint8Array): Record<ExportName, Uint8Array> => {
  const out = Object.fromEntries(Object.entries(files).map(([k, v]) => [k, new TextEncoder().encode(v)])) as Record<ExportName, Uint8Array>;
  out[name] = bytes;
  return out;
};
const allCorrections = (r: Result, name: ExportName) => r.ledger.files[name].corrected;

const errorCases: ErrorCase[] = [
  { name: "empty file", files: () => edit("market_file", () => ""), error: { file: "market_file.csv", line: 1, message: /file is empty/ } },
  { name: "whitespace-only file", files: () => edit("money", () => "\r\n\r\n"), error: { file: "money.csv", line: 1, message: /file is empty/ } },
  { name: "header only", files: () => edit("market_time", (t) => t.split("\n")[0] + "\n"), error: { file: "market_time.csv", line: 2, message: /header only/ } },
  {
    name: "missing column",
    files: () => edit("market_money", (t) => t.split("\n").map((l) => l.split(",").slice(0, 2).join(",")).join("\n")),
    error: { file: "market_money.csv", line: 1, column: "Выручка", message: /a column named "Выручка"/ },
  },
  {
    name: "renamed column",
    files: () => edit("market_file", (t) => replaceLine(t, 1, (l) => l.replace("Ошибка_сервиса", "Ошибка сервиса"))),
    error: { file: "market_file.csv", line: 1, column: "Ошибка_сервиса", message: /found instead: "Ошибка сервиса"/ },
  },
  {
    name: "duplicated column",
    files: () => edit("market_time", (t) => t.split("\n").map((l, i) => (l ? `${l},${i === 0 ? "минут" : "1"}` : l)).join("\n")),
    error: { file: "market_time.csv", line: 1, column: "минут", message: /duplicated/ },
  },
  {
    name: "wrong delimiter (comma in money.csv)",
    files: () => edit("money", (t) => t.replace(/;/g, ",").replace(/(\d),(\d\d)\r/g, "$1.$2\r")),
    error: { file: "money.csv", line: 1, message: /separated by ";" \(the header is separated by ","\)/ },
  },
  {
    name: "wrong delimiter (semicolon in market_file.csv)",
    files: () => edit("market_file", (t) => t.replace(/,/g, ";")),
    error: { file: "market_file.csv", line: 1, message: /separated by ","/ },
  },
  {
    name: "thousands separator",
    files: () => edit("market_money", (t) => setCell(t, 3, "Выручка", '"5,000.0"')),
    error: { file: "market_money.csv", line: 3, column: "Выручка", message: /without thousands separators/ },
  },
  {
    name: "thousands separator with a space in money.csv",
    files: () => edit("money", (t) => setCell(t, 2, "Прибыль", "1 234,5", ";")),
    error: { file: "money.csv", line: 2, column: "Прибыль", message: /without thousands separators/ },
  },
  { name: "Windows-1251 bytes", files: () => asBytes(base(), "market_file", encodeWindows1251(base().market_file)), error: { file: "market_file.csv", line: 1, message: /not UTF-8/ } },
  {
    name: "non-numeric cell",
    files: () => edit("market_file", (t) => setCell(t, 4, "Длительность", "долго")),
    error: { file: "market_file.csv", line: 4, column: "Длительность", message: /found "долго"; expected a whole number/ },
  },
  {
    name: "empty numeric cell",
    files: () => edit("market_file", (t) => setCell(t, 5, "Маркет_актив_6_мес", "")),
    error: { file: "market_file.csv", line: 5, column: "Маркет_актив_6_мес", message: /the cell is empty/ },
  },
  { name: "NaN text", files: () => edit("market_money", (t) => setCell(t, 2, "Выручка", "NaN")), error: { file: "market_money.csv", line: 2, column: "Выручка", message: /NaN and Infinity/ } },
  { name: "Infinity text", files: () => edit("money", (t) => setCell(t, 3, "Прибыль", "Infinity", ";")), error: { file: "money.csv", line: 3, column: "Прибыль", message: /NaN and Infinity/ } },
  { name: "negative revenue", files: () => edit("market_money", (t) => setCell(t, 4, "Выручка", "-10.0")), error: { file: "market_money.csv", line: 4, column: "Выручка", message: /non-negative/ } },
  { name: "negative minutes", files: () => edit("market_time", (t) => setCell(t, 2, "минут", "-3")), error: { file: "market_time.csv", line: 2, column: "минут", message: /non-negative/ } },
  { name: "negative profit", files: () => edit("money", (t) => setCell(t, 2, "Прибыль", "-1,5", ";")), error: { file: "money.csv", line: 2, column: "Прибыль", message: /non-negative/ } },
  {
    name: "share above 1",
    files: () => edit("market_file", (t) => setCell(t, 3, "Акционные_покупки", "1.5")),
    error: { file: "market_file.csv", line: 3, column: "Акционные_покупки", message: /share between 0 and 1/ },
  },
  {
    name: "duplicate id with different values",
    files: () => edit("market_file", (t) => t + t.split("\n")[2].replace(/,\d+$/, ",99") + "\n"),
    error: { file: "market_file.csv", line: 10, column: "id", message: /one row per id 100002: line 3/ },
  },
  {
    name: "unknown period name",
    files: () => edit("market_money", (t) => setCell(t, 2, "Период", "прошлый_месяц")),
    error: { file: "market_money.csv", line: 2, column: "Период", message: /one of "препредыдущий_месяц"/ },
  },
  {
    name: "unknown service type",
    files: () => edit("market_file", (t) => setCell(t, 2, "Тип сервиса", "вип")),
    error: { file: "market_file.csv", line: 2, column: "Тип сервиса", message: /one of "стандарт", "премиум"/ },
  },
  {
    name: "unknown target class",
    files: () => edit("market_file", (t) => setCell(t, 2, "Покупательская активность", "Выросла")),
    error: { file: "market_file.csv", line: 2, column: "Покупательская активность", message: /"Снизилась", "Прежний уровень"/ },
  },
  {
    name: "very long category name",
    files: () => edit("market_file", (t) => setCell(t, 6, "Популярная_категория", "Ж".repeat(5000))),
    error: { file: "market_file.csv", line: 6, column: "Популярная_категория", message: /5000 characters\); expected a category name of at most 100 characters/ },
  },
  {
    name: "row with too many fields",
    files: () => edit("market_time", (t) => replaceLine(t, 3, (l) => `${l},7`)),
    error: { file: "market_time.csv", line: 3, message: /3 fields separated by "," as in the header, got 4/ },
  },
  { name: "unclosed quote", files: () => edit("market_money", (t) => replaceLine(t, 5, (l) => l.replace(",", ',"'))), error: { file: "market_money.csv", message: /well-formed CSV/ } },
  {
    name: "line numbers stay right after a quoted field with a newline",
    files: () => edit("market_file", (t) => setCell(setCell(setCell(t, 4, "Ошибка_сервиса", "x"), 4, "Популярная_категория", '"Товары\nдля детей"'), 2, "Популярная_категория", '"Кухонная\nпосуда"')),
    error: { file: "market_file.csv", line: 5, column: "Ошибка_сервиса", message: /whole number/ },
  },
  {
    name: "too many incomplete customers (truncated export)",
    files: () => edit("money", (t) => removeLines(t, (_l, i) => i > 0 && i <= 10), with40()),
    error: { file: "market_money.csv, market_time.csv, money.csv", message: /10 of 40 customers incomplete/ },
  },
  { name: "10 MB of binary junk", files: () => asBytes(base(), "market_time", seededJunk(10 * 1024 * 1024, 7)), error: { file: "market_time.csv", message: /not UTF-8/ } },
  {
    name: "10 MB of text junk",
    files: () => edit("market_money", () => "lorem ipsum dolor sit amet\n".repeat(400_000)),
    error: { file: "market_money.csv", line: 1, message: /columns separated by ","/ },
  },
];

const ledgerCases: LedgerCase[] = [
  {
    name: "columns in another order",
    files: () => edit("market_money", (t) => t.split("\n").map((l) => (l ? l.split(",").reverse().join(",") : l)).join("\n")),
    check: (r, b) => {
      assert.deepEqual(r.customers, b.customers);
      assert.deepEqual(r.ledger.files.market_money.notes, [{ code: "reordered_columns" }]);
    },
  },
  {
    name: "extra column is ignored and noted",
    files: () => edit("money", (t) => t.split("\r\n").map((l, i) => (l ? `${l};${i === 0 ? "Комментарий" : "x"}` : l)).join("\r\n")),
    check: (r, b) => {
      assert.deepEqual(r.customers, b.customers);
      assert.deepEqual(r.ledger.files.money.notes, [{ code: "extra_columns", columns: ["Комментарий"] }]);
    },
  },
  {
    name: "decimal comma where a point is expected",
    files: () => edit("market_file", (t) => setCell(t, 3, "Маркет_актив_6_мес", '"3,1"')),
    check: (r) => {
      const fix = allCorrections(r, "market_file").find((c) => c.column === "Маркет_актив_6_мес");
      assert.deepEqual([fix?.from, fix?.to, fix?.rows], ["3,1", "3.1", [{ line: 3, id: 100002 }]]);
      assert.equal(r.customers.find((c) => c.id === 100002)?.Маркет_актив_6_мес, 3.1);
    },
  },
  {
    name: "decimal point where a comma is expected",
    files: () => edit("money", (t) => setCell(t, 4, "Прибыль", "5.25", ";")),
    check: (r) => {
      const fix = allCorrections(r, "money")[0];
      assert.deepEqual([fix.from, fix.to, fix.rule, fix.rows[0].line], ["5.25", "5.25", "other_decimal_mark", 4]);
      assert.equal(r.customers.find((c) => c.id === 100003)?.Прибыль, 5.25);
    },
  },
  {
    name: "UTF-8 BOM",
    files: () => edit("market_file", (t) => "\uFEFF" + t),
    check: (r, b) => {
      assert.deepEqual(r.customers, b.customers);
      assert.deepEqual(r.ledger.files.market_file.notes, [{ code: "bom" }]);
    },
  },
  { name: "CRLF line endings everywhere", files: () => Object.fromEntries(Object.entries(base()).map(([k, v]) => [k, v.replace(/\r?\n/g, "\r\n")])) as ExportFiles, check: (r, b) => assert.deepEqual(r.customers, b.customers) },
  {
    name: "mixed line endings",
    files: () => edit("market_money", (t) => t.split("\n").map((l, i) => l + (i % 3 === 0 ? "\r" : "")).join("\n")),
    check: (r, b) => assert.deepEqual(r.customers, b.customers),
  },
  {
    name: "trailing blank lines",
    files: () => edit("market_time", (t) => t + "\n\n\n"),
    check: (r, b) => {
      assert.deepEqual(r.customers, b.customers);
      assert.equal(r.ledger.files.market_time.blank_lines, 3);
    },
  },
  {
    name: "quoted field with an embedded delimiter is read whole: a new level, flagged, and pooled when rare",
    files: () => edit("market_file", (t) => setCell(t, 2, "Популярная_категория", '"Книги, журналы"')),
    check: (r) => {
      assert.equal(r.customers.find((c) => c.id === 100001)?.Популярная_категория, "другое");
      assert.deepEqual(r.ledger.new_levels, []);
      assert.deepEqual(r.ledger.pooled_levels?.examples, [{ value: "Книги, журналы", count: 1 }]);
    },
  },
  {
    name: "a new level with enough customers stays its own level and is flagged",
    files: () => edit("market_file", (t) => t.replace(/Кухонная посуда/g, '"Книги, журналы"'), with40()),
    check: (r) => {
      assert.equal(r.customers.find((c) => c.id === 100004)?.Популярная_категория, "Книги, журналы");
      assert.deepEqual(r.ledger.new_levels, [{ column: "Популярная_категория", value: "Книги, журналы", count: 10 }]);
      assert.equal(r.ledger.pooled_levels, null);
    },
  },
  {
    name: "exact duplicate row is excluded with a reason",
    files: () => edit("market_time", (t) => t + t.split("\n")[1] + "\n"),
    check: (r, b) => {
      assert.deepEqual(r.customers, b.customers);
      assert.deepEqual(r.ledger.files.market_time.excluded, [{ line: 18, id: 100001, code: "duplicate_row", duplicate_of: 2 }]);
    },
  },
  {
    name: "id missing from one file excludes that customer",
    files: () => edit("money", (t) => removeLines(t, (l) => l.startsWith("100007;")), with40()),
    check: (r) => {
      assert.equal(r.customers.length, 39);
      assert.deepEqual(r.ledger.customers.excluded, [{ id: 100007, code: "incomplete_customer", missing: [{ file: "money.csv", column: "Прибыль", period: null }] }]);
      assert.equal(r.ledger.files.market_money.excluded.filter((e) => e.id === 100007).length, 3);
    },
  },
  {
    name: "customer with only two revenue months is excluded",
    files: () => edit("market_money", (t) => removeLines(t, (l) => l.startsWith("100011,текущий_месяц")), with40()),
    check: (r) => {
      assert.deepEqual(r.ledger.customers.excluded[0], { id: 100011, code: "incomplete_customer", missing: [{ file: "market_money.csv", column: "Выручка", period: "текущий_месяц" }] });
      assert.equal(r.ledger.files.market_money.raw, 119);
      assert.equal(r.ledger.files.market_money.kept, 117);
    },
  },
  {
    name: "row of an unknown id is excluded",
    files: () => edit("market_time", (t) => t + "999999,текущий_месяц,5\n", with40()),
    check: (r) => assert.deepEqual(r.ledger.files.market_time.excluded.map((e) => [e.id, e.code]), [[999999, "unknown_id"]]),
  },
  {
    name: "zero revenue makes a customer inactive",
    files: () => edit("market_money", (t) => setCell(t, 2, "Выручка", "0.0")),
    check: (r) => {
      assert.deepEqual(r.ledger.customers.excluded.map((e) => [e.id, e.code]), [[100001, "inactive_customer"]]);
      assert.equal(r.ledger.files.market_file.kept, 7);
    },
  },
  {
    name: "extreme revenue is corrected to the customer's own level",
    files: () => edit("market_money", (t) => setCell(t, 9, "Выручка", "90000.0"), with40()),
    check: (r) => {
      const fix = allCorrections(r, "market_money").find((c) => c.column === "Выручка")!;
      assert.equal(fix.from, "90000");
      const c = r.customers.find((x) => x.id === 100003)!;
      assert.equal(c.Выручка_текущий_месяц, Math.round((c.Выручка_препредыдущий_месяц + c.Выручка_предыдущий_месяц) * 5) / 10);
      assert.equal(r.ledger.plausibility[0].caught_count, 1);
    },
  },
  {
    name: "whitespace around a category is trimmed and recorded",
    files: () => edit("market_file", (t) => setCell(t, 3, "Разрешить сообщать", " да ")),
    check: (r) => assert.ok(allCorrections(r, "market_file").some((c) => c.from === " да " && c.to === "да")),
  },
];

const baseline = cleanFiles(base());

for (const c of errorCases) {
  test(`bad input → error: ${c.name}`, () => {
    assert.throws(
      () => cleanFiles(c.files()),
      (error: unknown) => {
        assert.ok(error instanceof InputError, `expected an InputError, got ${error}`);
        assert.equal(error.file, c.error.file);
        if (c.error.line !== undefined) assert.equal(error.line, c.error.line);
        if (c.error.column !== undefined) assert.equal(error.column, c.error.column);
        assert.match(error.message, c.error.message);
        assert.ok(error.message.length < 600, "messages stay readable even for huge values");
        return true;
      },
    );
  });
}

for (const c of ledgerCases) {
  test(`unusual input → ledger: ${c.name}`, () => {
    const result = cleanFiles(c.files());
    c.check(result, baseline);
  });
}

test("the suite covers at least 30 malformed or unusual exports", () => {
  assert.ok(errorCases.length + ledgerCases.length >= 30);
});
