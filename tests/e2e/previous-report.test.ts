// The build compares the new report with the one it replaces in-process (scripts/build.ts): a previous
// report whose files cannot be read fails the build with one line naming the file and the way out, leaves the
// site that was there untouched, and PREVIOUS_REPORT=none builds without the comparison. A rebuild from the
// same inputs into an untouched site has nothing to do and says so; REBUILD=1 or a touched site rebuilds.

import { after, test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { buildSite } from "./browser.js";

const ROOT = resolve(import.meta.dirname, "..", "..");
const work = mkdtempSync(join(tmpdir(), "previous-report-"));
after(() => rmSync(work, { recursive: true, force: true }));

test("an unreadable previous report fails the build with one line; PREVIOUS_REPORT=none builds without it; the same inputs rebuild nothing", () => {
  const dist = join(work, "dist");
  const demo = join(ROOT, "data", "demo");
  process.env.PREVIOUS_REPORT = "none";
  const first = buildSite(demo, dist);
  assert.equal(first.status, 0, first.output);

  const broken = join(work, "broken");
  cpSync(dist, broken, { recursive: true });
  const published = join(broken, "_file", "data", "analysis");
  const metrics = readdirSync(published).find((f) => /^metrics\.[0-9a-f]{8}\.json$/.test(f))!;
  writeFileSync(join(published, metrics), "{broken");
  const before = readFileSync(join(dist, "index.html"), "utf8");

  process.env.PREVIOUS_REPORT = broken;
  const failed = buildSite(demo, dist);
  assert.equal(failed.status, 2, failed.output);
  assert.match(failed.output, new RegExp(`Cannot compare with the previous report: .*${metrics.replace(".", "\\.")} cannot be read as JSON`));
  assert.match(failed.output, /set PREVIOUS_REPORT=none to build without the comparison/);
  assert.equal(readFileSync(join(dist, "index.html"), "utf8"), before, "the site that was there is left as it was");

  process.env.PREVIOUS_REPORT = "none";
  const again = buildSite(demo, dist);
  assert.equal(again.status, 0, again.output);
  assert.match(again.output, /No previous report to compare with/);
  assert.match(again.output, /Nothing to rebuild: the report in .* was built from these exports with this code/, "same inputs, untouched site");
  assert.doesNotMatch(again.output, /Report built into/);
  assert.equal(readFileSync(join(dist, "index.html"), "utf8"), before);

  const index = join(dist, "index.html");
  utimesSync(index, new Date(), new Date(Date.now() + 5_000));
  const touched = buildSite(demo, dist);
  assert.equal(touched.status, 0, touched.output);
  assert.match(touched.output, /Report built into/, "a site touched after its build is rebuilt");

  process.env.REBUILD = "1";
  const forced = buildSite(demo, dist);
  assert.equal(forced.status, 0, forced.output);
  assert.match(forced.output, /Report built into/, "REBUILD=1 builds anyway");
  delete process.env.REBUILD;
  delete process.env.PREVIOUS_REPORT;
});
