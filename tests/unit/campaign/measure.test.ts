import { test } from "node:test";
import assert from "node:assert/strict";
import { InputError } from "../../../src/analysis/ingest/errors.js";
import { compareGroups, newcombeInterval, parseCampaignCsv, qiniCurve, wilsonInterval } from "../../../src/analysis/campaign/measure.js";
import { measureParsed } from "../../../src/analysis/campaign/stage.js";
import { Random } from "../../../src/analysis/demo/random.js";
import { demoWorld, runDemoCampaign, clean } from "./helpers.js";
import { generateDemoFiles } from "../../../src/analysis/demo/generate.js";

test("Newcombe's interval reproduces the published example (Newcombe 1998, method 10)", () => {
  // 56/70 − 48/80: the paper gives 0.0524 to 0.3339.
  const [lo, hi] = newcombeInterval(56, 70, 48, 80);
  assert.ok(Math.abs(lo - 0.0524) < 5e-5 && Math.abs(hi - 0.3339) < 5e-5, `${lo} ${hi}`);
  const [wl, wh] = wilsonInterval(0, 10);
  assert.equal(wl, 0);
  assert.ok(Math.abs(wh - 0.2775) < 5e-5, `${wh}`);
});

test("the interval's coverage is close to 95 % for group sizes like a small campaign's (simulation)", () => {
  const rnd = Random.fromSeed(5);
  for (const [nc, nt, rate] of [[40, 160, 0.8], [200, 800, 0.5], [30, 30, 0.1]]) {
    let covered = 0;
    const reps = 2000;
    for (let r = 0; r < reps; r++) {
      let xc = 0, xt = 0;
      for (let i = 0; i < nc; i++) xc += rnd.bernoulli(rate) ? 1 : 0;
      for (let i = 0; i < nt; i++) xt += rnd.bernoulli(rate) ? 1 : 0;
      const [lo, hi] = newcombeInterval(xc, nc, xt, nt);
      if (lo <= 0 && 0 <= hi) covered++;
    }
    assert.ok(covered / reps > 0.93, `coverage ${covered / reps} at ${nc}/${nt}/${rate}`);
  }
});

test("E = 0.15 on 20 000 demo customers: the interval covers 0.15 and excludes 0", () => {
  const world = demoWorld(20000, 20240607);
  const { design, measured } = runDemoCampaign(world, 0.15, 1);
  assert.ok(design.n.control > 300, `control ${design.n.control}`);
  const [lo, hi] = measured.uplift_ci!;
  assert.ok(lo > 0, `interval ${lo}…${hi} excludes 0`);
  assert.ok(lo <= 0.15 && 0.15 <= hi, `interval ${lo}…${hi} covers 0.15 (uplift ${measured.uplift})`);
  // The refresh dropped some campaign customers: counted, by group, never silently.
  assert.ok(measured.unmatched.gone > 0);
  assert.equal(measured.unmatched.gone, measured.unmatched.by_group.treatment.gone + measured.unmatched.by_group.control.gone);
  assert.equal(measured.n.treatment + measured.n.control + measured.unmatched.gone + measured.unmatched.excluded, design.rows.length);
});

test("E = 0: the interval covers 0 for at least 90 of 100 seeds", () => {
  const world = demoWorld(2500, 3);
  let covered = 0;
  for (let seed = 1; seed <= 100; seed++) {
    const [lo, hi] = runDemoCampaign(world, 0, seed, 0.3).measured.uplift_ci!;
    if (lo <= 0 && 0 <= hi) covered++;
  }
  assert.ok(covered >= 90, `covered ${covered} of 100`);
});

test("the Qini curve ends at the overall number of decreases prevented", () => {
  const rows = Array.from({ length: 1000 }, (_, i) => ({ id: i, p: (i % 97) / 97, group: (i % 5 === 0 ? "control" : "treatment") as "control" | "treatment", y: i % 3 === 0 ? 1 : 0 }));
  const curve = qiniCurve(rows, 50);
  const all = compareGroups(rows);
  assert.equal(curve.length, 51);
  assert.ok(Math.abs(curve.at(-1)!.gain - all.uplift! * all.n.treatment) < 1e-9);
  assert.ok(curve.every((p, i) => i === 0 || p.k > curve[i - 1].k));
});

// ---------------------------------------------------------------- hostile or inconsistent files

const HEADER = "id;group;offer;channel;p;segment;seed;created";
const ok = (id: number, group = "treatment", channel = "рассылка") => `${id};${group};cart_reminder;${group === "control" ? "не отправлять" : channel};0,71;p=0.6&profit=4;7;2026-12-01`;
const file = (...lines: string[]) => "\uFEFF" + [HEADER, ...lines].join("\r\n") + "\r\n";
const base = [ok(1), ok(2, "control"), ok(3)];

const hostile: { name: string; text: string; line?: number; column?: string; match?: RegExp }[] = [
  { name: "comma-separated", text: "id,group,offer,channel,p,segment,seed,created\n1,treatment,cart_reminder,рассылка,0.7,p=0.6&profit=4,7,2026-12-01\n", line: 1, column: "id" },
  { name: "renamed column", text: file(...base).replace("channel", "канал"), line: 1, column: "channel" },
  { name: "missing field", text: file(ok(1), "2;control;cart_reminder;не отправлять;0,7;p=0.6&profit=4;7", ok(3)), line: 3, column: "created" },
  { name: "formula in id", text: file(ok(1), '=HYPERLINK("http://evil");control;cart_reminder;не отправлять;0,7;p=0.6&profit=4;7;2026-12-01', ok(3)), line: 3, column: "id" },
  { name: "unknown group", text: file(ok(1), ok(2, "control"), ok(3).replace("treatment", "test")), line: 4, column: "group" },
  { name: "unknown offer", text: file(ok(1), ok(2, "control").replace("cart_reminder", "@SUM(A1)"), ok(3)), line: 3, column: "offer" },
  { name: "control with a channel", text: file(ok(1), ok(2, "control").replace("не отправлять", "рассылка"), ok(3)), line: 3, column: "channel" },
  { name: "probability above 1", text: file(ok(1), ok(2, "control"), ok(3).replace("0,71", "1,5")), line: 4, column: "p" },
  { name: "probability not a number", text: file(ok(1), ok(2, "control").replace("0,71", "NaN"), ok(3)), line: 3, column: "p" },
  { name: "two campaigns in one file (seed)", text: file(ok(1), ok(2, "control"), ok(3).replace(";7;", ";8;")), line: 4, column: "seed" },
  { name: "two campaigns in one file (segment)", text: file(ok(1), ok(2, "control").replace("profit=4", "profit=5"), ok(3)), line: 3, column: "segment" },
  { name: "impossible date", text: file(ok(1).replace("2026-12-01", "2026-02-30"), ok(2, "control"), ok(3)), line: 2, column: "created" },
  { name: "unterminated quote", text: file(ok(1), '"2;control;cart_reminder;не отправлять;0,7;p=0.6&profit=4;7;2026-12-01', ok(3)), line: 3, column: "id" },
  { name: "no control group", text: file(ok(1), ok(2), ok(3)), column: "group", match: /no row has group "control"/ },
  { name: "empty file", text: "", line: 1 },
];

for (const h of hostile) {
  test(`hostile campaign.csv: ${h.name} → an error naming ${h.line ? `line ${h.line}` : ""} ${h.column ? `column ${h.column}` : ""}`, () => {
    assert.throws(
      () => parseCampaignCsv(h.text),
      (error: unknown) => {
        assert.ok(error instanceof InputError, String(error));
        if (h.line !== undefined) assert.equal(error.line, h.line, error.message);
        if (h.column !== undefined) assert.equal(error.column, h.column, error.message);
        assert.match(error.message, /^campaign\.csv/);
        if (h.match) assert.match(error.message, h.match);
        return true;
      },
    );
  });
}

test("inconsistent rows that are not errors are counted and reported: duplicates, empty groups, ids gone from or excluded in the new exports", () => {
  const files = generateDemoFiles({ customers: 300, seed: 9 });
  const { customers, ledger } = clean(files);
  const excluded = ledger.customers.excluded[0];
  assert.ok(excluded, "the demo has excluded customers");
  const [a, b, c, d] = customers.map((x) => x.id);
  const text = file(ok(a), ok(b, "control"), ok(c), ok(c, "control"), ok(d).replace("treatment", ""), ok(999), ok(excluded.id, "control"));
  const m = measureParsed(parseCampaignCsv(text), { customers, ledger, segment: [] });
  assert.deepEqual(m.n, { treatment: 1, control: 1 });
  assert.equal(m.unmatched.duplicate_ids, 1);
  assert.equal(m.unmatched.duplicate_rows, 2);
  assert.equal(m.unmatched.no_group, 1);
  assert.equal(m.unmatched.gone, 1);
  assert.equal(m.unmatched.by_group.treatment.gone, 1);
  assert.equal(m.unmatched.excluded, 1);
  assert.equal(m.unmatched.by_group.control.excluded, 1);
  assert.equal(m.unmatched.excluded_reasons[0].code, excluded.code);
  assert.deepEqual(m.unmatched.examples.map((e) => e.line), [4, 5, 6, 7, 8]);
});
