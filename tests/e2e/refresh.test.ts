// A refresh with other customers rebuilds without code changes and every figure follows the data;
// a broken refresh fails with a precise message and leaves the previous report untouched.

import { after, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { buildSite, openSite, visit } from "./browser.js";

const ROOT = resolve(import.meta.dirname, "..", "..");
const work = mkdtempSync(join(tmpdir(), "refresh-"));
after(() => rmSync(work, { recursive: true, force: true }));

function generate(customers: number, seed: number): string {
  const dir = join(work, `data-${customers}-${seed}`);
  execFileSync("npx", ["tsx", "src/cli/generate-demo.ts", "--customers", String(customers), "--seed", String(seed), "--out", dir], { cwd: ROOT, stdio: "pipe" });
  return dir;
}

async function pageText(dist: string, path: string): Promise<string> {
  const site = await openSite(dist);
  try {
    const { page } = await visit(site.browser, site.url + path);
    return (await page.locator("#observablehq-main").textContent()) ?? "";
  } finally {
    await site.close();
  }
}

test("two different exports give two reports whose figures follow their own data", async () => {
  const runs = [
    { data: generate(700, 11), dist: join(work, "dist-a") },
    { data: generate(1600, 12), dist: join(work, "dist-b") },
  ];
  const texts: string[] = [];
  for (const run of runs) {
    const build = buildSite(run.data, run.dist);
    assert.equal(build.status, 0, build.output);
    const ledger = JSON.parse(readFileSync(join(run.dist, "_file", "data", "analysis", ledgerFile(run.dist)), "utf8"));
    const text = await pageText(run.dist, "/data");
    const fmt = (n: number) => n.toLocaleString("ru-RU").replace(/\s/g, "\u202f");
    assert.ok(text.includes(`Из ${fmt(ledger.customers.raw)} покупателей`), "the lead states this export's customer count");
    assert.ok(text.includes(`вошли ${fmt(ledger.customers.kept)}`), "and its kept count");
    texts.push(text);
  }
  assert.notEqual(texts[0], texts[1]);
});

test("a broken refresh fails precisely and leaves the previous report as it was", () => {
  const dist = join(work, "dist-keep");
  const good = generate(500, 3);
  assert.equal(buildSite(good, dist).status, 0);
  const before = readFileSync(join(dist, "data.html"));
  const broken = generate(500, 4);
  const file = join(broken, "market_money.csv");
  const lines = readFileSync(file, "utf8").split("\n");
  lines[5] = lines[5].replace(/,[^,]*$/, ",-35.0");
  writeFileSync(file, lines.join("\n"));
  const result = buildSite(broken, dist);
  assert.notEqual(result.status, 0);
  assert.match(result.output, /market_money\.csv, line 6, column "Выручка": found "-35\.0"; expected a non-negative number/);
  assert.match(result.output, /is left as it was/);
  assert.ok(readFileSync(join(dist, "data.html")).equals(before), "dist is untouched");
});

function ledgerFile(dist: string): string {
  return readdirSync(join(dist, "_file", "data", "analysis")).find((f) => /^ledger_page\.[0-9a-f]+\.json$/.test(f))!;
}
