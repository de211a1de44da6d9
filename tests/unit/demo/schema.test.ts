import { test } from "node:test";
import assert from "node:assert/strict";
import {
  DEMO_FIRST_ID,
  EXPORT_HEADERS,
  MISSPELT_COSMETICS,
  MISSPELT_PREVIOUS_MONTH,
  MISSPELT_STANDARD,
  generateDemoFiles,
} from "../../../src/analysis/demo/generate.js";
import {
  CONSENT_VALUES,
  KNOWN_CATEGORIES,
  MARKET_FILE_NUMERIC,
  REVENUE_PERIODS,
  SERVICE_TYPES,
  TARGET,
  TARGET_CLASSES,
} from "../../../src/analysis/schema.js";

const N = 1300;
const files = generateDemoFiles({ customers: N, seed: 77 });

test("headers are the export's, byte for byte", () => {
  for (const [name, header] of Object.entries(EXPORT_HEADERS)) {
    const text = files[name as keyof typeof files];
    assert.ok(text.startsWith(header + (name === "money.csv" ? "\r\n" : "\n")), name);
  }
  assert.ok(!files["market_file.csv"].startsWith("\uFEFF"), "no BOM");
});

test("line endings: comma files LF without a final newline, money.csv CRLF on every line", () => {
  for (const name of ["market_file.csv", "market_money.csv", "market_time.csv"] as const) {
    assert.ok(!files[name].includes("\r"), `${name} has no CR`);
    assert.ok(!files[name].endsWith("\n"), `${name} has no trailing newline`);
  }
  const money = files["money.csv"];
  assert.ok(money.endsWith("\r\n"));
  assert.equal(money.split("\n").length - 1, money.split("\r\n").length - 1, "every LF is part of a CRLF");
});

test("row counts are 1:3:2:1 and ids are consecutive from 215348", () => {
  const lines = (name: keyof typeof files) => files[name].replace(/\r?\n$/, "").split(/\r?\n/).length - 1;
  assert.equal(lines("market_file.csv"), N);
  assert.equal(lines("market_money.csv"), 3 * N);
  assert.equal(lines("market_time.csv"), 2 * N);
  assert.equal(lines("money.csv"), N);
  const ids = files["market_file.csv"].split("\n").slice(1).map((l) => Number(l.split(",")[0]));
  ids.forEach((id, i) => assert.equal(id, DEMO_FIRST_ID + i));
});

test("market_file.csv: 13 comma-separated fields, values in the schema's domains", () => {
  const header = EXPORT_HEADERS["market_file.csv"].split(",");
  const allowedService = new Set<string>([...SERVICE_TYPES, MISSPELT_STANDARD]);
  const allowedCategory = new Set<string>(KNOWN_CATEGORIES.map((c) => (c === "Косметика и аксессуары" ? MISSPELT_COSMETICS : c)));
  for (const line of files["market_file.csv"].split("\n").slice(1)) {
    const cells = line.split(",");
    assert.equal(cells.length, header.length, line);
    const row = Object.fromEntries(header.map((h, i) => [h, cells[i]]));
    assert.ok((TARGET_CLASSES as readonly string[]).includes(row[TARGET]), row[TARGET]);
    assert.ok(allowedService.has(row["Тип сервиса"]), row["Тип сервиса"]);
    assert.ok((CONSENT_VALUES as readonly string[]).includes(row["Разрешить сообщать"]));
    assert.ok(allowedCategory.has(row["Популярная_категория"]), row["Популярная_категория"]);
    for (const spec of MARKET_FILE_NUMERIC) {
      const raw = row[spec.name];
      // Decimal point, never a comma; integer columns carry no point at all.
      assert.match(raw, spec.integer ? /^\d+$/ : /^\d+\.\d{1,2}$/, `${spec.name}=${raw}`);
      const v = Number(raw);
      assert.ok(v >= spec.min && v <= spec.max, `${spec.name}=${raw}`);
    }
  }
});

test("market_money.csv: three distinct periods per customer, one decimal; market_time.csv: two", () => {
  const periods = new Map<string, Set<string>>();
  for (const line of files["market_money.csv"].split("\n").slice(1)) {
    const [id, period, value] = line.split(",");
    assert.match(value, /^\d+\.\d$/, line);
    assert.ok((REVENUE_PERIODS as readonly string[]).includes(period), period);
    periods.set(id, (periods.get(id) ?? new Set()).add(period));
  }
  assert.equal(periods.size, N);
  for (const set of periods.values()) assert.equal(set.size, 3);

  const time = new Map<string, Set<string>>();
  for (const line of files["market_time.csv"].split("\n").slice(1)) {
    const [id, period, value] = line.split(",");
    assert.match(value, /^\d+$/, line);
    assert.ok(period === "текущий_месяц" || period === MISSPELT_PREVIOUS_MONTH, period);
    time.set(id, (time.get(id) ?? new Set()).add(period));
  }
  assert.equal(time.size, N);
  for (const set of time.values()) assert.equal(set.size, 2);
});

test("money.csv: semicolon and decimal comma, trailing zeros dropped like the export", () => {
  const lines = files["money.csv"].split("\r\n").slice(1, -1);
  for (const line of lines) assert.match(line, /^\d+;\d+(,\d?[1-9])?$/, line);
  assert.ok(lines.some((l) => /,\d\d$/.test(l)), "two-decimal values");
  assert.ok(!lines.some((l) => l.includes(".")), "no decimal point");
});
