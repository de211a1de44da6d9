// The segments page's SQL builders, its call list and its number boxes: placeholders match the
// parameters, column names only from fixed lists, Russian-Excel CSV, decimal comma accepted.
import { test } from "node:test";
import assert from "node:assert/strict";
import { parse } from "csv-parse/sync";
import { ALL, NUMERIC, bestParams, bestSql, callListParams, callListSql, countsSql, filterCondition, loadParams, loadSql, segmentRowsSql, sumsSql, type SegmentFilter } from "../../../src/components/segment-queries.js";
import { CALL_LIST_HEADERS, CALL_LIST_KEYS, callListFileName, callListRow, offerChannel } from "../../../src/components/call-list.js";
import { EXCEL_RU_CSV, toCsv } from "../../../src/components/csv.js";
import { parseDecimal } from "../../../src/components/decimal-range.js";
import { OFFER_TYPES } from "../../../src/analysis/segments/offer-rules.js";
import { offerText } from "../../../src/components/offer-words.js";

const placeholders = (sql: string) => (sql.match(/\?/g) ?? []).length;
const base: SegmentFilter = { p: 0.6, profit: 4.05, service: ALL, category: ALL, consent: ALL, feature: "", from: -1e9, to: 1e9 };
const codes = (column: string, value: string) => ({ service: ["премиум", "стандарт"], category: ["Книги"], consent: ["да", "нет"] })[column]!.indexOf(value);
const assumptions = { costPerOffer: 0.5, retainedShare: 0.2, horizonMonths: 3 };

test("the filter's WHERE clause has a parameter per placeholder, codes for categories, and only known range columns", () => {
  const plain = filterCondition(base, codes);
  assert.equal(plain.condition, "(p >= CAST(? AS FLOAT) AND profit >= CAST(? AS FLOAT))");
  assert.deepEqual(plain.params, [0.6, 4.05]);
  const all = filterCondition({ ...base, service: "стандарт", category: "Обувь", consent: "нет", feature: NUMERIC[0].key, from: 1, to: 2 }, codes);
  assert.equal(placeholders(all.condition), all.params.length);
  assert.deepEqual(all.params, [0.6, 4.05, 1, -1, 1, 1, 2], "an absent level is code -1, which matches nothing");
  assert.match(all.condition, new RegExp(`${NUMERIC[0].key} BETWEEN`));
  const hostile = filterCondition({ ...base, feature: "id; DROP TABLE customers" }, codes);
  assert.equal(hostile.condition, plain.condition, "an unknown range column is ignored, never written into SQL");
});

test("every query's placeholders match the parameters the page passes", () => {
  const { condition, params } = filterCondition({ ...base, consent: "да" }, codes);
  assert.equal(placeholders(loadSql()), loadParams({ probability: 0.6, profit: 4 }).length);
  assert.equal(placeholders(sumsSql(condition)), params.length);
  assert.equal(placeholders(countsSql(condition, null)), params.length);
  assert.equal(placeholders(countsSql(condition, { xBins: 50, yBins: 40, histBins: 1000 })), 3 + params.length);
  assert.equal(placeholders(segmentRowsSql(condition, true, 2001)), params.length);
  assert.match(segmentRowsSql(condition, false, 2001), /^SELECT id, p, profit, offer1, /, "key columns first");
  assert.match(segmentRowsSql(condition, false, 2001), /LIMIT 2001$/);
  assert.equal(placeholders(bestSql(condition)), bestParams(params, assumptions).length);
  assert.equal(placeholders(callListSql(condition, false)), callListParams(params, null).length);
  assert.equal(placeholders(callListSql(condition, true)), callListParams(params, assumptions).length);
  assert.deepEqual(callListParams(params, assumptions).slice(params.length), [0.2, 3, 0.5], "share, horizon, cost in the value's order");
});

test("the call list: Russian headers and offer titles, the channel respects consent, Excel-ready CSV", () => {
  const mailing = OFFER_TYPES.find((o) => o.channel === "mail")!;
  assert.equal(offerChannel(mailing.type, "да"), "рассылка");
  assert.equal(offerChannel(mailing.type, "нет"), "на сайте", "no mailing without consent");
  assert.equal(offerChannel(null, "да"), "");
  const row = callListRow({ id: 215, p: "0.9137", profit: "4.2", loss: "3.84", offer1: mailing.type, consent: "да", offers: `${mailing.type}, loyalty_bonus`, risk_band: "высокий", driver1: "Страниц_за_визит", driver1_shap: "-0.12", driver2: null, driver3: null, category: "=HYPERLINK(1)" });
  assert.equal(row.offer1, offerText(mailing.type)!.title);
  assert.equal(row.offer1, "Напоминание о корзине со скидкой на ограниченное время", "the title, not the id");
  assert.equal(row.driver1, "Страниц за визит");
  assert.match(String(row.offers), / \| Бонус лояльности/);
  const csv = toCsv([row], CALL_LIST_KEYS, CALL_LIST_HEADERS, EXCEL_RU_CSV);
  assert.ok(csv.startsWith("\uFEFFПокупатель;Вероятность снижения активности;Прибыль в месяц;"), csv.slice(0, 80));
  assert.match(csv.split("\r\n")[1], /^215;0,9137;4,2;3,84;/, "numbers unquoted with a decimal comma, so Excel reads them as numbers");
  const [parsed] = parse(csv, { delimiter: ";", bom: true, columns: true }) as Record<string, string>[];
  assert.equal(parsed["Вероятность снижения активности"], "0,9137");
  assert.equal(parsed["Вклад главного фактора (SHAP)"], "-0,12", "negative numbers stay numbers");
  assert.equal(parsed["Любимая категория"], "'=HYPERLINK(1)", "formulas neutralised");
  assert.equal(parsed["Канал"], "рассылка");
  for (const header of Object.keys(parsed)) assert.doesNotMatch(header, /^[a-z0-9_]+$/, `readable header: ${header}`);
});

test("the file name says which filter and day the list came from, and nothing unsafe", () => {
  const date = new Date("2026-12-04T10:00:00Z");
  assert.equal(callListFileName(base, { profitable: false, date, all: ALL }), "сегмент_p0,6_прибыль4,05_2026-12-04.csv");
  assert.equal(callListFileName({ ...base, service: "премиум", consent: "нет" }, { profitable: true, date, all: ALL }), "выгодные_p0,6_прибыль4,05_премиум_согласие-нет_2026-12-04.csv");
  assert.doesNotMatch(callListFileName({ ...base, category: "../../etc/passwd" }, { profitable: false, date, all: ALL }), /[/\\.]{2}|\//);
});

test("number boxes read a decimal comma and refuse what is not a number", () => {
  assert.equal(parseDecimal("0,7"), 0.7);
  assert.equal(parseDecimal(" 0.7 "), 0.7);
  assert.equal(parseDecimal("1 234,5"), 1234.5);
  assert.equal(parseDecimal("−0,5"), -0.5);
  for (const bad of ["", "07a", "0,7,1", "abc", "1e3", ","]) assert.ok(Number.isNaN(parseDecimal(bad)), bad);
});
