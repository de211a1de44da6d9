import { test } from "node:test";
import assert from "node:assert/strict";
import { CONTROL_CHANNEL, designCampaign, formatSegment, inSegment, minimumDetectableEffect, parseSegment, powerSummary, type CampaignCandidate } from "../../../src/analysis/campaign/design.js";
import { normalQuantile } from "../../../src/analysis/stats/normal-quantile.js";
import { standardNormalCdf } from "../../../src/analysis/stats/bivariate-normal.js";
import { campaignCsv, float32Text } from "../../../src/components/campaign-csv.js";
import { parseCampaignCsv } from "../../../src/analysis/campaign/measure.js";
import { demoWorld } from "./helpers.js";

const world = demoWorld(3000, 11);
const options = (seed: number) => ({ segment: { p: 0.5, profit: world.medianProfit }, controlShare: 0.2, seed, created: "2026-12-03" });

test("the assignment is reproducible from its seed, whatever the rows' order", () => {
  const a = campaignCsv(designCampaign(world.candidates, options(42)));
  const shuffled = [...world.candidates].reverse();
  assert.equal(campaignCsv(designCampaign(shuffled, options(42))), a);
  assert.notEqual(campaignCsv(designCampaign(world.candidates, options(43))), a);
});

test("every stratum (risk band × first offer) gets the control share within one customer, and the groups are alike", () => {
  for (const share of [0.1, 0.2, 0.5]) {
    const design = designCampaign(world.candidates, { ...options(7), controlShare: share });
    assert.ok(design.strata.length >= 4, "several strata");
    for (const s of design.strata) {
      const n = s.treatment + s.control;
      assert.ok(Math.abs(s.control - share * n) < 1, `stratum ${s.risk_band}/${s.offer}: ${s.control} of ${n} at ${share}`);
    }
    // Within each stratum the rows must match the strata counts.
    for (const s of design.strata) {
      const rows = design.rows.filter((r) => r.risk_band === s.risk_band && r.offer === s.offer);
      assert.equal(rows.filter((r) => r.group === "control").length, s.control);
    }
    // The groups' mean probabilities differ by no more than chance allows (4 standard errors).
    const ps = (g: string) => design.rows.filter((r) => r.group === g).map((r) => r.p);
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    const all = design.rows.map((r) => r.p);
    const sd = Math.sqrt(all.reduce((a, p) => a + (p - mean(all)) ** 2, 0) / (all.length - 1));
    const se = sd * Math.sqrt(1 / ps("treatment").length + 1 / ps("control").length);
    assert.ok(Math.abs(mean(ps("treatment")) - mean(ps("control"))) < 4 * se, `mean p ${mean(ps("treatment"))} vs ${mean(ps("control"))}, se ${se}`);
  }
});

test("over many seeds each customer is in control about share of the time (the shuffle is not biased)", () => {
  const counts = new Map<number, number>();
  const seeds = 200;
  for (let seed = 0; seed < seeds; seed++) {
    for (const r of designCampaign(world.candidates, options(seed)).rows) if (r.group === "control") counts.set(r.id, (counts.get(r.id) ?? 0) + 1);
  }
  const design = designCampaign(world.candidates, options(0));
  const shares = design.rows.map((r) => (counts.get(r.id) ?? 0) / seeds);
  const mean = shares.reduce((a, b) => a + b, 0) / shares.length;
  assert.ok(Math.abs(mean - 0.2) < 0.01, `mean control share ${mean}`);
  // Binomial(200, 0.2) has sd ≈ 0.028: nobody should be far outside.
  assert.ok(shares.every((s) => s > 0.05 && s < 0.4), `min ${Math.min(...shares)}, max ${Math.max(...shares)}`);
});

test("campaign.csv: BOM, ';', the issue's columns, control gets nothing, mailings only with consent", () => {
  const design = designCampaign(world.candidates, options(1));
  const text = campaignCsv(design);
  assert.ok(text.startsWith("\uFEFFid;group;offer;channel;p;segment;seed;created\r\n"));
  const lines = text.slice(1).trimEnd().split("\r\n").slice(1).map((l) => l.split(";"));
  assert.equal(lines.length, design.rows.length);
  const consent = new Map(world.candidates.map((c) => [c.id, c.consent]));
  for (const [id, group, , channel, p, segment, seed, created] of lines) {
    if (group === "control") assert.equal(channel, CONTROL_CHANNEL);
    else assert.ok(channel === "на сайте" || (channel === "рассылка" && consent.get(Number(id)) === "да"), `${id}: ${channel}`);
    assert.match(p, /^[01](,\d+)?$/);
    assert.equal(segment, formatSegment(options(1).segment));
    assert.equal(seed, "1");
    assert.equal(created, "2026-12-03");
  }
  assert.ok(lines.some((l) => l[3] === "рассылка") && lines.some((l) => l[3] === "на сайте"));
});

test("float32Text is the shortest decimal that reads back to the same single-precision value", () => {
  for (const x of [0.6, 0.61234567, 1, 0, 1e-7, 0.999999]) {
    const f = Math.fround(x);
    const text = float32Text(f);
    assert.equal(Math.fround(Number(text.replace(",", "."))), f, text);
    assert.doesNotMatch(text, /e/i);
  }
  assert.equal(float32Text(Math.fround(0.6)), "0,6");
});

test("the segment line round-trips and the JavaScript filter compares thresholds in single precision", () => {
  const f = { p: 0.61, profit: 4.165, category: "Кухонная посуда", feature: "pages_per_visit", from: 2, to: 9, profitable: { costPerOffer: 0.5, retainedShare: 0.2, horizonMonths: 3 } };
  assert.deepEqual(parseSegment(formatSegment(f)), f);
  assert.throws(() => parseSegment("p=0.6&profit=x"), /"profit" must be a number/);
  assert.throws(() => parseSegment("p=0.6&profit=1&evil=1"), /unknown key "evil"/);
  const row = { id: 1, p: Math.fround(0.61), profit: 5, risk_band: "высокий", offer1: "cart_reminder", offer1_drop: 0.1, consent: "да" } as CampaignCandidate;
  assert.ok(inSegment(row, { p: 0.61, profit: 5 }), "a stored value equal to the threshold is in the segment");
});

test("the minimum detectable effect is the drop a z-test detects with power 0.8", () => {
  assert.ok(Math.abs(normalQuantile(0.975) - 1.959963984540054) < 1e-12);
  assert.ok(Math.abs(normalQuantile(0.8) - 0.8416212335729143) < 1e-12);
  for (const [nt, nc, rate] of [[800, 200, 0.7], [4000, 1000, 0.3], [100, 100, 0.5]]) {
    const d = minimumDetectableEffect(nt, nc, rate);
    const se = Math.sqrt((rate * (1 - rate)) / nc + ((rate - d) * (1 - rate + d)) / nt);
    const power = standardNormalCdf(d / se - normalQuantile(0.975));
    assert.ok(Math.abs(power - 0.8) < 1e-6, `power ${power} at ${nt}/${nc}/${rate}`);
  }
  assert.equal(minimumDetectableEffect(10, 0, 0.5), Infinity);
  const small = powerSummary(60, 0.2, 0.8, 0.05);
  assert.notEqual(small.verdict, "ok");
  assert.ok(small.customers_needed! > 60);
  const big = powerSummary(small.customers_needed!, 0.2, 0.8, 0.05);
  assert.equal(big.verdict, "ok");
  assert.ok(powerSummary(20000, 0.2, 0.8, 0.05).control_share_needed! < 0.2);
});

test("a customer whose first offer is the stated fallback is designed into the campaign, on the site, and read back", () => {
  const candidates: CampaignCandidate[] = Array.from({ length: 40 }, (_, i) => ({
    id: 1000 + i,
    p: 0.9,
    profit: 5,
    risk_band: "высокий",
    offer1: i % 2 ? "loyalty_bonus" : "home_recommendations",
    offer1_drop: i % 2 ? 0 : 0.05,
    consent: i % 3 ? "да" : "нет",
  }));
  const design = designCampaign(candidates, { segment: { p: 0.6, profit: 4 }, controlShare: 0.2, seed: 7, created: "2026-12-03" });
  const fallback = design.rows.filter((r) => r.offer === "loyalty_bonus");
  assert.equal(fallback.length, 20);
  for (const r of fallback) assert.equal(r.channel, r.group === "control" ? CONTROL_CHANNEL : "на сайте");
  const parsed = parseCampaignCsv(campaignCsv(design).replace(/^\uFEFF/, ""));
  assert.equal(parsed.records.filter((r) => r.offer === "loyalty_bonus").length, 20);
});
