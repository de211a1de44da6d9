// «Что изменилось»: a first build has nothing to compare with and says so; a rebuild on refreshed exports
// (one feature shifted, customers dropped and added) compares itself with the report it replaces in the same
// dist/, flags the shifted feature, and shows the counts and the segment flow of changes.json.

import { after, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { buildSite, openSite, visit } from "./browser.js";

const ROOT = resolve(import.meta.dirname, "..", "..");
const work = mkdtempSync(join(tmpdir(), "changes-"));
after(() => rmSync(work, { recursive: true, force: true }));
delete process.env.PREVIOUS_REPORT; // the build must find the previous report in its own dist/

function generate(customers: number, seed: number): string {
  const dir = join(work, `data-${customers}-${seed}`);
  execFileSync("npx", ["tsx", "src/cli/generate-demo.ts", "--customers", String(customers), "--seed", String(seed), "--out", dir], { cwd: ROOT, stdio: "pipe" });
  return dir;
}

/** Adds `delta` to one column of market_file.csv. */
function shift(dir: string, column: string, delta: number): void {
  const file = join(dir, "market_file.csv");
  const lines = readFileSync(file, "utf8").split("\n");
  const at = lines[0].split(",").indexOf(column);
  writeFileSync(file, lines.map((line, i) => (i === 0 || line === "" ? line : line.split(",").map((v, j) => (j === at ? String(Number(v) + delta) : v)).join(","))).join("\n"));
}

function artifact(dist: string, name: string) {
  const file = readdirSync(join(dist, "_file", "data")).find((f) => f.startsWith(`${name}.`) && f.endsWith(".json"))!;
  return JSON.parse(readFileSync(join(dist, "_file", "data", file), "utf8"));
}

async function mainText(dist: string, path: string, options: { width?: number; colorScheme?: "light" | "dark" } = {}) {
  const site = await openSite(dist);
  try {
    const { page, consoleErrors } = await visit(site.browser, site.url + path, options);
    assert.deepEqual(consoleErrors, [], `no console errors on ${path}`);
    assert.deepEqual(await page.locator(".observablehq--error").allTextContents(), [], "no cell errors");
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 1, `no horizontal scroll on ${path} (overflow ${overflow}px)`);
    return { text: (await page.locator("#observablehq-main").textContent()) ?? "", charts: await page.locator("#observablehq-main svg").count() };
  } finally {
    await site.close();
  }
}

const fmt = (n: number) => n.toLocaleString("ru-RU").replace(/\s/g, "\u202f");

test("without a previous report the page says so, and a refresh is compared with the report it replaces", async () => {
  const dist = join(work, "dist");
  const first = buildSite(generate(700, 21), dist);
  assert.equal(first.status, 0, first.output);
  assert.match(first.output, /No previous report to compare with/);
  assert.deepEqual(Object.keys(artifact(dist, "changes")), ["previous", "current"]);
  const alone = await mainText(dist, "/changes");
  assert.match(alone.text, /Сравнивать не с чем: предыдущего отчёта нет/);
  assert.doesNotMatch(alone.text, /Сдвиг в данных/);
  assert.doesNotMatch((await mainText(dist, "/")).text, /С прошлого отчёта выгрузки обновились/, "the index mentions no comparison");

  const refreshed = generate(800, 22);
  shift(refreshed, "Длительность", 400);
  const second = buildSite(refreshed, dist);
  assert.equal(second.status, 0, second.output);
  assert.match(second.output, /Comparing with the previous report in .*dist/);
  const changes = artifact(dist, "changes");
  assert.equal(changes.drift.find((d: { column: string }) => d.column === "Длительность").level, "major");
  assert.equal(changes.drift.find((d: { column: string }) => d.column === "Ошибка_сервиса").level, "none");
  const c = changes.customers;
  assert.equal(c.both + c.new, c.current);
  assert.equal(c.both + c.gone, c.previous);
  for (const [width, colorScheme] of [[1280, "light"], [360, "dark"]] as const) {
    const { text, charts } = await mainText(dist, "/changes", { width, colorScheme });
    assert.match(text, /Сдвиг в данных/);
    assert.match(text, /Сильный сдвиг — .*«Срок с регистрации»/);
    assert.ok(text.includes(`В новых выгрузках ${fmt(c.current)} покупател`), "the lead states the current count");
    assert.ok(text.includes(`${fmt(c.both)} были и в прошлом отчёте, ${fmt(c.new)} — новые, а ${fmt(c.gone)} из прошлого отчёта выбыли`));
    const f = changes.segment_flow;
    assert.ok(text.includes(`В сегмент удержания вошли ${fmt(f.entered.n)}, вышли ${fmt(f.left.n)}, остались ${fmt(f.stayed.n)}`));
    assert.ok(text.includes(`ROC-AUC — ${String(Number(changes.previous_scores.auc.toFixed(3))).replace(".", ",")}`), "the out-of-time AUC");
    assert.ok(charts >= 3, `PSI, the shifted feature and calibration are drawn (${charts} charts)`);
  }
  assert.match((await mainText(dist, "/")).text, /С прошлого отчёта выгрузки обновились: новые покупатели — /, "the index mentions the comparison");
});
