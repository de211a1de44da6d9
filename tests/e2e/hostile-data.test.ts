// Data values are untrusted: category names carrying HTML or script must render as text everywhere,
// and nothing may execute. A generated dataset injects them; every page is opened and checked.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import config from "../../observablehq.config.js";
import { buildSite, openSite, visit } from "./browser.js";

const IMG = "<img src=x onerror=alert(1)>";
const SCRIPT = '"><script>alert(2)</script>';
const work = mkdtempSync(join(tmpdir(), "hostile-"));
const dataDir = join(work, "data");
const outDir = join(work, "dist");
let site: Awaited<ReturnType<typeof openSite>>;

before(() => {
  cpSync(resolve(import.meta.dirname, "..", "..", "data", "demo"), dataDir, { recursive: true });
  const file = join(dataDir, "market_file.csv");
  const lines = readFileSync(file, "utf8").split("\n");
  // Rows 2–41 get the hostile categories (quoted CSV for the one with a quote).
  for (let i = 1; i <= 40; i++) {
    const cells = lines[i].split(",");
    cells[8] = i % 2 ? IMG : `"${SCRIPT.replaceAll('"', '""')}"`;
    lines[i] = cells.join(",");
  }
  writeFileSync(file, lines.join("\n"));
  const build = buildSite(dataDir, outDir);
  assert.equal(build.status, 0, build.output);
});

after(async () => {
  await site?.close();
  rmSync(work, { recursive: true, force: true });
});

test("hostile category values render as text on every page and nothing executes", async () => {
  site = await openSite(outDir);
  const paths = ["/", ...config.pages.map((p) => p.path)];
  let seenAsText = 0;
  for (const path of paths) {
    const { page, consoleErrors, dialogs } = await visit(site.browser, site.url + path);
    assert.deepEqual(dialogs, [], `no script ran on ${path}`);
    assert.deepEqual(consoleErrors, [], `no errors (incl. CSP violations) on ${path}`);
    assert.equal(await page.locator("#observablehq-main img[src='x']").count(), 0, `no injected <img> on ${path}`);
    assert.equal(await page.locator("#observablehq-main script:not([type])").count(), 0, `no injected <script> on ${path}`);
    const text = (await page.locator("#observablehq-main").textContent()) ?? "";
    if (text.includes(IMG) && text.includes(SCRIPT)) seenAsText++;
    await page.context().close();
  }
  assert.ok(seenAsText >= 2, `the hostile values are shown literally (on ${seenAsText} pages)`);
});
