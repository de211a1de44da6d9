import { test } from "node:test";
import assert from "node:assert/strict";
import { OFFER_RULES, rankOffers } from "../../../src/analysis/segments/offers.js";
import { offerContext } from "../../../src/analysis/segments/offer-context.js";
import { targetingCurve, expectedValue } from "../../../src/analysis/segments/economics.js";
import { riskBand, segmentOf } from "../../../src/analysis/segments/segments.js";
import { segmentDefaults } from "../../../src/analysis/segments/segment-profile.js";
import { makeScorer, type ModelArtifact } from "../../../src/analysis/models/scoring.js";
import { cleanFiles, tinyExports } from "../../helpers/tiny-exports.js";
import type { Customer } from "../../../src/analysis/schema.js";
import { calibrate, type Calibrator } from "../../../src/analysis/models/calibration.js";

/** A non-trivial calibration map, so the batch ranking is checked on the calibrated scale the report uses. */
const CALIBRATOR: Calibrator = { method: "sigmoid", a: -3, b: 1.2, floor: 0.001 };

// A hand-made logistic model: unpaid items and promo share raise the risk, pages per visit lower it.
const weights: [string, number][] = [
  ["Неоплаченные_продукты_штук_квартал", 0.4],
  ["Акционные_покупки", 2.0],
  ["Страниц_за_визит", -0.3],
  ["Средний_просмотр_категорий_за_визит", -0.2],
  ["Ошибка_сервиса", 0.1],
  ["Минут_текущий_месяц", -0.05],
];
const model: ModelArtifact = {
  format: "one-click-retention-model/1",
  family: "logistic_regression",
  params: {},
  scaler: "none",
  positive_class: "Снизилась",
  preprocessor: { scaler: "none", numeric: weights.map(([name]) => ({ name, offset: 0, scale: 1 })), ordinal: [], one_hot: [], feature_names: weights.map(([n]) => n) },
  estimator: { coef: weights.map(([, w]) => w), intercept: 0.5 },
};
const score = makeScorer(model);
const { customers } = cleanFiles(tinyExports(40));
const ctx = offerContext(customers);

test("offers apply by their rule, are scored by the model, and are ranked by protected profit", () => {
  for (const c of customers) {
    const offers = rankOffers(c, score(c), score, ctx);
    for (const o of offers) {
      const rule = OFFER_RULES.find((r) => r.type === o.type)!;
      assert.ok(rule.applies(c, ctx), `${o.type} applies to ${c.id}`);
      assert.ok(Math.abs(o.expected_drop - (score(c) - score(rule.move(c, ctx)))) < 1e-12);
      assert.ok(o.expected_drop > 0);
      assert.ok(Math.abs(o.expected_profit_protected - o.expected_drop * c.Прибыль) < 1e-12);
    }
    for (let i = 1; i < offers.length; i++) assert.ok(offers[i - 1].expected_profit_protected >= offers[i].expected_profit_protected);
  }
});

test("a customer without consent never gets a mailing", () => {
  const noConsent = customers.filter((c) => c["Разрешить сообщать"] === "нет");
  assert.ok(noConsent.length > 0);
  for (const c of noConsent) for (const o of rankOffers(c, score(c), score, ctx)) assert.equal(o.channel, "site");
});

test("the cart reminder lowers risk when unpaid items raise it in the model", () => {
  const base = customers[0];
  const heavyCart: Customer = { ...base, Неоплаченные_продукты_штук_квартал: 10 };
  const offers = rankOffers(heavyCart, score(heavyCart), score, ctx);
  const cart = offers.find((o) => o.type === "cart_reminder");
  assert.ok(cart, "cart reminder offered");
  assert.ok(Math.abs(cart.expected_drop - (score(heavyCart) - score({ ...heavyCart, Неоплаченные_продукты_штук_квартал: 8 }))) < 1e-12);
});

test("targeting curve: best cut-off maximises cumulative net value, break-even follows it", () => {
  const rows = [
    { id: 1, p: 0.9, profit: 5 },
    { id: 2, p: 0.8, profit: 4 },
    { id: 3, p: 0.2, profit: 3 },
    { id: 4, p: 0.1, profit: 1 },
  ];
  const a = { costPerOffer: 4, retainedShare: 0.5, horizonMonths: 3 };
  const curve = targetingCurve(rows, a);
  const values = rows.map((r) => expectedValue(r.p, r.profit, a)).sort((x, y) => y - x);
  assert.deepEqual(curve.points.map((p) => p.marginal), values);
  const cumulative = values.map((_, i) => values.slice(0, i + 1).reduce((s, v) => s + v, 0));
  const best = cumulative.indexOf(Math.max(...cumulative)) + 1;
  assert.equal(curve.bestN, best);
  assert.equal(curve.bestN, 2);
  assert.equal(curve.breakEvenN, 3, "the third customer still keeps the total positive; the fourth does not");
});

test("risk bands and the default segment follow the stated thresholds and the data's median profit", () => {
  assert.equal(riskBand(0.1), "низкий");
  assert.equal(riskBand(0.3), "средний");
  assert.equal(riskBand(0.6), "высокий");
  assert.equal(riskBand(1), "высокий");
  const d = segmentDefaults(customers);
  const profits = customers.map((c) => c.Прибыль).sort((a, b) => a - b);
  assert.equal(d.profit, (profits[19] + profits[20]) / 2);
  assert.equal(segmentOf(0.7, d.profit, d), "в зоне риска, высокая прибыль");
  assert.equal(segmentOf(0.7, d.profit - 0.01, d), "в зоне риска, прибыль ниже медианы");
  assert.equal(segmentOf(0.5, 100, d), "низкий риск");
});

// ---------------------------------------------------------------- every customer at once

import { transformCustomer, type KnnEstimator } from "../../../src/analysis/models/scoring.js";
import { NUMERIC_FEATURES } from "../../../src/analysis/schema.js";
import { quantile } from "../../../src/analysis/stats/describe.js";
import { groupPositions, joinOfferTables, offersAt, rankOffersBatch, scatterOfferTables, type NumericLever } from "../../../src/analysis/segments/offers.js";
import { withWorkerMap } from "../../../src/node/worker-map.js";
import { artifact, customers as makeCustomers, encodedRows, labelOf, preprocessor, rand, randomTree } from "../explain/helpers.js";

const full = preprocessor([...NUMERIC_FEATURES], { ordinal: true, consent: true, category: true });

function models(train: readonly Customer[]): ModelArtifact[] {
  const knn = (k: number, weights: KnnEstimator["weights"], metric: KnnEstimator["metric"]) =>
    artifact("knn", full, { n_neighbors: k, weights, metric, raw_X: encodedRows(full, train), y: train.map(labelOf) });
  const svc = (kernel: "rbf" | "linear" | "poly") =>
    artifact("svc", full, { kernel, gamma: 0.05, degree: 3, coef0: 0.3, raw_support_vectors: encodedRows(full, train.slice(0, 6)), dual_coef: [1, -1, 0.5, -0.7, 0.4, -0.2], rho: 0.1, sign: -1, prob_a: -2, prob_b: 0.1 });
  return [
    knn(5, "uniform", "euclidean"),
    knn(7, "distance", "manhattan"),
    knn(400, "distance", "euclidean"), // k > n
    svc("rbf"),
    svc("linear"),
    svc("poly"),
    artifact("decision_tree", full, randomTree(rand(7), train.map((c) => transformCustomer(full, c)), full.feature_names.length, 6)),
    artifact("logistic_regression", full, { coef: full.feature_names.map((_, j) => Math.sin(j + 1) / 3), intercept: 0.2 }),
  ];
}

test("offer context: quartiles and median of every lever, as stats' quantile computes them", () => {
  const cs = makeCustomers(101, 601);
  const c = offerContext(cs);
  for (const [lever, q] of Object.entries(c.quantiles)) {
    const values = cs.map((x) => x[lever as NumericLever]);
    assert.deepEqual(q, { q25: quantile(values, 0.25), median: quantile(values, 0.5), q75: quantile(values, 0.75) }, lever);
  }
  assert.equal(Object.keys(c.quantiles).length, 7);
});

test("rankOffersBatch gives rankOffers' offers for every customer, bit for bit, for every model family (ties included)", () => {
  const train = makeCustomers(120, 602, true);
  const cs = [...makeCustomers(150, 603, true, 5000), ...makeCustomers(150, 604, false, 6000), ...train.slice(0, 20)];
  const context = offerContext(cs);
  let offered = 0;
  for (const m of models(train)) {
    const raw = makeScorer(m);
    const f = (c: Customer) => calibrate(CALIBRATOR, raw(c));
    const p = cs.map((c) => f(c));
    const table = rankOffersBatch(cs, p, m, CALIBRATOR, context);
    assert.equal(table.start.length, cs.length + 1);
    cs.forEach((c, i) => {
      const want = rankOffers(c, p[i], f, context);
      assert.deepEqual(offersAt(table, i), want, `${m.family} ${JSON.stringify(m.params)} customer ${c.id}`);
      offered += want.length;
    });
    assert.equal(table.rule.length, table.start[cs.length]);
  }
  assert.ok(offered > 500, `offers were made (${offered})`);
  assert.throws(() => rankOffersBatch(cs, [0.5], models(train)[0], CALIBRATOR, context), /probabilities/);
});

test("offer tables of consecutive parts join into the whole table; two threads give the same table", async () => {
  const train = makeCustomers(60, 605);
  const cs = makeCustomers(900, 606, false, 7000);
  const context = offerContext(cs);
  const m = models(train)[1];
  const raw = makeScorer(m);
  const p = cs.map((c) => calibrate(CALIBRATOR, raw(c)));
  const whole = rankOffersBatch(cs, p, m, CALIBRATOR, context);
  const joined = joinOfferTables([
    rankOffersBatch(cs.slice(0, 333), p.slice(0, 333), m, CALIBRATOR, context),
    rankOffersBatch(cs.slice(333, 333), [], m, CALIBRATOR, context),
    rankOffersBatch(cs.slice(333), p.slice(333), m, CALIBRATOR, context),
  ]);
  assert.deepEqual(joined, whole);
  const groups = [{ customers: cs, probabilities: Float64Array.from(p), model: m, calibrator: CALIBRATOR }];
  const tasks = [[0, 0, 100], [0, 100, 100], [0, 100, 450], [0, 450, 900]] as const;
  for (const threads of [2, 3]) assert.deepEqual(joinOfferTables(await withWorkerMap(threads, (map) => map("offers", { groups, offers: context }, tasks))), whole);
});

test("offer tables computed per group of customers scatter back into customer order", () => {
  const train = makeCustomers(60, 607);
  const cs = makeCustomers(300, 608, false, 8000);
  const context = offerContext(cs);
  const [m0, m1] = models(train);
  const pick = (i: number) => (i % 3 === 0 ? 1 : 0);
  const groups = groupPositions(cs.length, pick, 2);
  const scorers = [m0, m1].map(makeScorer);
  const tables = groups.map((g, k) => rankOffersBatch(g.map((i) => cs[i]), g.map((i) => calibrate(CALIBRATOR, scorers[k](cs[i]))), [m0, m1][k], CALIBRATOR, context));
  const table = scatterOfferTables(cs.length, groups, tables);
  cs.forEach((c, i) => {
    const f = (x: Customer) => calibrate(CALIBRATOR, scorers[pick(i)](x));
    assert.deepEqual(offersAt(table, i), rankOffers(c, f(c), f, context), `customer ${c.id}`);
  });
});

test("the rules, stated as target quartiles and lever moves, apply and move exactly as the hand-written rules did", () => {
  // The rule table before it was declarative: a change of a target or a move must show here (and in the pages' words).
  const clampMin = (x: number, min: number) => Math.max(min, x);
  const q = ctx.quantiles;
  const before: Record<string, { applies: (c: Customer) => boolean; move: (c: Customer) => Customer }> = {
    cart_reminder: {
      applies: (c) => c.Неоплаченные_продукты_штук_квартал >= q.Неоплаченные_продукты_штук_квартал.q75 && c.Неоплаченные_продукты_штук_квартал > 0,
      move: (c) => ({ ...c, Неоплаченные_продукты_штук_квартал: clampMin(c.Неоплаченные_продукты_штук_квартал - 2, 0) }),
    },
    personal_promo: {
      applies: (c) => c.Акционные_покупки >= q.Акционные_покупки.q75,
      move: (c) => ({ ...c, Акционные_покупки: clampMin(Math.round((c.Акционные_покупки - 0.15) * 100) / 100, 0) }),
    },
    home_recommendations: {
      applies: (c) => c.Страниц_за_визит <= q.Страниц_за_визит.q25 || c.Средний_просмотр_категорий_за_визит <= q.Средний_просмотр_категорий_за_визит.q25,
      move: (c) => ({ ...c, Страниц_за_визит: c.Страниц_за_визит + 2, Средний_просмотр_категорий_за_визит: c.Средний_просмотр_категорий_за_визит + 1 }),
    },
    engagement_content: { applies: (c) => c.Минут_текущий_месяц <= q.Минут_текущий_месяц.q25, move: (c) => ({ ...c, Минут_текущий_месяц: c.Минут_текущий_месяц + 3 }) },
    apology_bonus: {
      applies: (c) => c.Ошибка_сервиса >= q.Ошибка_сервиса.q75 && c.Ошибка_сервиса > 0,
      move: (c) => ({ ...c, Ошибка_сервиса: clampMin(c.Ошибка_сервиса - 2, 0) }),
    },
  };
  assert.deepEqual(OFFER_RULES.map((r) => r.type), Object.keys(before));
  // The tiny customers, and the same with the levers at their edges (0, the quartiles, shares near 0.15).
  const edges = customers.flatMap((c) => [
    c,
    { ...c, Неоплаченные_продукты_штук_квартал: 0, Ошибка_сервиса: 0, Акционные_покупки: 0.14 },
    { ...c, Неоплаченные_продукты_штук_квартал: q.Неоплаченные_продукты_штук_квартал.q75, Акционные_покупки: q.Акционные_покупки.q75, Ошибка_сервиса: 1 },
    { ...c, Страниц_за_визит: q.Страниц_за_визит.q25, Минут_текущий_месяц: q.Минут_текущий_месяц.q25 + 1, Акционные_покупки: 0.99 },
  ]);
  for (const rule of OFFER_RULES) {
    for (const c of edges) {
      assert.equal(rule.applies(c, ctx), before[rule.type].applies(c), `${rule.type} applies to ${c.id}`);
      assert.deepEqual(rule.move(c, ctx), before[rule.type].move(c), `${rule.type} moves ${c.id}`);
    }
  }
});
