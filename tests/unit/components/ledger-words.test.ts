// The data page words the ledger the core states in codes and numbers: exclusion reasons (of a row and of a
// customer), correction rules, file notes, the plausibility rule, and a campaign row's problem.

import { test } from "node:test";
import assert from "node:assert/strict";
import {
  campaignProblemWords,
  COPY_RULE_WORDS,
  EXPORT_ROW_WORDS,
  correctionRuleWords,
  customerExclusionWords,
  exclusionCountsWords,
  fileNoteWords,
  plausibilityColumnWords,
  plausibilityRuleWords,
  rowExclusionWords,
} from "../../../src/components/ledger-words.js";
import { COPY_FIELDS } from "../../../src/analysis/clean/duplicates.js";
import { CUSTOMER_FIELDS, MINUTES_COLUMNS, REVENUE_COLUMNS } from "../../../src/analysis/schema.js";
import { cleanFiles, tinyExports } from "../../helpers/tiny-exports.js";
import { EXPORT_SPECS } from "../../../src/analysis/ingest/exports.js";

const T = "\u202f"; // the thousands separator

test("a customer's exclusion: periods in words, numbers in Russian format", () => {
  assert.equal(
    customerExclusionWords({ code: "inactive_customer", zero_months: ["препредыдущий_месяц", "предыдущий_месяц"] }),
    "неактивный покупатель: нулевая выручка за позапрошлый и прошлый месяцы",
  );
  assert.equal(
    customerExclusionWords({ code: "incomplete_customer", missing: [{ file: "market_money.csv", column: "Выручка", period: "текущий_месяц" }, { file: "money.csv", column: "Прибыль", period: null }] }),
    "неполные данные: нет выручки за текущий месяц в market_money.csv, прибыли в money.csv",
  );
  assert.equal(
    customerExclusionWords({ code: "implausible_value", column: "Выручка", values: [999999, 106862.2, 999999], upper_limit: 26468.9 }),
    `неправдоподобное значение: выручка за месяц 999${T}999; 106${T}862,2; 999${T}999 выше порога 26${T}468,9 во всех месяцах`,
  );
  assert.equal(
    customerExclusionWords({ code: "implausible_value", column: "Прибыль", values: [401.5], upper_limit: 12.34 }),
    "неправдоподобное значение: среднемесячная прибыль 401,5 выше порога 12,34",
  );
});

test("a row's exclusion: its own reason, or its customer's", () => {
  assert.equal(rowExclusionWords({ code: "duplicate_row", duplicate_of: 2 }), "точный дубликат строки 2");
  assert.match(rowExclusionWords({ code: "unknown_id" }), /нет в market_file\.csv/);
  assert.equal(rowExclusionWords({ code: "inactive_customer", zero_months: ["текущий_месяц"] }), "покупатель исключён как неактивный: нулевая выручка за текущий месяц");
  assert.equal(exclusionCountsWords([{ code: "inactive_customer", n: 3 }, { code: "incomplete_customer", n: 1200 }]), `неактивные покупатели: 3; неполные данные: 1${T}200`);
});

test("correction rules: the mapping table's reason, the file's decimal mark, the column's threshold", () => {
  assert.equal(correctionRuleWords({ column: "Тип сервиса", from: "стандартт", rule: "canonical_mapping" }, { decimalMark: "," }), "таблица соответствий: опечатка: лишняя «т»");
  assert.equal(correctionRuleWords({ column: "Тип сервиса", from: null, rule: "canonical_mapping" }, { decimalMark: "," }), "таблица соответствий");
  assert.equal(correctionRuleWords({ column: "Прибыль", from: "5.25", rule: "other_decimal_mark" }, { decimalMark: "," }), "десятичный разделитель «.» вместо «,»");
  assert.equal(correctionRuleWords({ column: "Маркет_актив_6_мес", from: "3,1", rule: "other_decimal_mark" }, { decimalMark: "." }), "десятичный разделитель «,» вместо «.»");
  const report = { column: "Выручка", upper_limit: 26468.94, z_threshold: 10, scale_method: "mad" as const };
  assert.equal(plausibilityRuleWords(report), `выручка за месяц выше порога 26${T}468,94: медиана + 10 робастных стандартных отклонений (1,4826 × MAD)`);
  assert.equal(
    correctionRuleWords({ column: "Выручка", from: "101407.3", rule: "implausible_month" }, { decimalMark: ".", plausibility: [{ ...report, file: "market_money.csv", action: "replace_month", median: 1, mad: 1, scale: 1, caught_count: 1, corrected_count: 1, excluded_customers: 0, caught: [] }] }),
    `выручка за месяц выше порога 26${T}468,94: медиана + 10 робастных стандартных отклонений (1,4826 × MAD); заменено средним за другие месяцы этого покупателя`,
  );
  assert.equal(plausibilityColumnWords("минут"), "Минуты за месяц");
});

test("file notes, with plural forms", () => {
  assert.equal(fileNoteWords({ code: "extra_columns", columns: ["Комментарий"] }), "лишний столбец не используется: «Комментарий»");
  assert.equal(fileNoteWords({ code: "extra_columns", columns: ["А", "Б"] }), "лишние столбцы не используются: «А», «Б»");
  assert.equal(fileNoteWords({ code: "duplicate_customers", count: 11 }), "11 покупателей — копии других под другим номером: оставлены, при разбиении на обучение и тест и на блоки кросс-валидации копия всегда вместе с оригиналом");
  assert.equal(fileNoteWords({ code: "new_level", column: "Популярная_категория", value: "Книги", count: 21 }), "новое значение «Книги» в столбце «Любимая категория» (21 покупатель): оставлено отдельным уровнем");
  assert.equal(fileNoteWords({ code: "pooled_levels", column: "Популярная_категория", levels: 3, customers: 4, into: "другое" }), "3 редких значения в столбце «Любимая категория» (4 покупателя) объединены в «другое»");
});

test("every note and reason the cleaning writes has words (no code leaks onto the page)", () => {
  const r = cleanFiles(tinyExports(40));
  for (const f of Object.values(r.ledger.files)) {
    for (const e of f.excluded) assert.doesNotMatch(rowExclusionWords(e), /_/, `${e.code} is worded`);
    for (const n of f.notes) assert.doesNotMatch(fileNoteWords(n), /undefined/);
  }
  for (const e of r.ledger.customers.excluded) assert.doesNotMatch(customerExclusionWords(e), /undefined|_/);
});

test("the copy rule's words say what COPY_FIELDS compares: every field but the id and the profit", () => {
  assert.deepEqual([...COPY_FIELDS].sort(), CUSTOMER_FIELDS.filter((f) => f !== "Прибыль").sort());
  for (const column of [...Object.values(REVENUE_COLUMNS), ...Object.values(MINUTES_COLUMNS)]) assert.ok((COPY_FIELDS as readonly string[]).includes(column), column);
  assert.match(COPY_RULE_WORDS, /кроме номера.*трёх месяцев.*оба месяца.*прибыль может отличаться/);
});

test("a campaign row left out of the comparison", () => {
  assert.equal(campaignProblemWords({ problem: "gone" }), "нет в новой выгрузке");
  assert.equal(campaignProblemWords({ problem: "excluded", reason: { code: "inactive_customer", zero_months: ["текущий_месяц"] } }), "исключён при очистке новой выгрузки: неактивный покупатель: нулевая выручка за текущий месяц");
});

test("every export the core reads has a sentence saying what one of its rows is", () => {
  assert.deepEqual(Object.keys(EXPORT_ROW_WORDS).sort(), Object.keys(EXPORT_SPECS).sort());
  for (const words of Object.values(EXPORT_ROW_WORDS)) assert.match(words, /^[а-яё]/);
});
