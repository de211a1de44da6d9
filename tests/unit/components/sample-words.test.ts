// The pages word the samples the core states in numbers: the chosen model's explained customers (the even part
// and the default segment, whole or capped), the families' even samples, and the rows a page loads.

import { test } from "node:test";
import assert from "node:assert/strict";
import { explainedSampleRule, pageSampleRule } from "../../../src/components/sample-words.js";

test("the explained sample: the even part, then the whole segment with its thresholds in Russian format", () => {
  const rule = explainedSampleRule({ size: 5201, of: 1_000_000, even: 5000, segment: { size: 201, taken: 201, probability: 0.7, profit: 4.16 } });
  assert.equal(
    rule,
    "каждый k-й покупатель по номеру (5\u202f000 из 1\u202f000\u202f000; по ним считается общая важность признаков) и все 201 покупатель сегмента по умолчанию (вероятность снижения не ниже 0,7, прибыль не ниже медианы 4,16)",
  );
});

test("the explained sample: a segment cut to the budget says how much of it and why", () => {
  const rule = explainedSampleRule({ size: 17_000, of: 1_000_000, even: 5000, segment: { size: 100_000, taken: 12_000, probability: 0.6, profit: 0 } });
  assert.match(rule, /каждый k-й по номеру покупатель сегмента по умолчанию \(вероятность снижения не ниже 0,6, прибыль не ниже медианы 0\): 12\u202f000 из 100\u202f000 — больше не укладывается/);
});

test("a family's even sample and a page's rows", () => {
  assert.equal(explainedSampleRule({ size: 400, of: 1297 }), "каждый k-й покупатель по номеру");
  assert.equal(pageSampleRule({ size: 2000, of: 6000, kind: "first_by_id" }), "первые покупатели по номеру");
  assert.equal(pageSampleRule({ size: 2000, of: 5000, kind: "even_of_representative" }), "каждый k-й покупатель по номеру из равномерной части выборки");
  assert.equal(pageSampleRule({ size: 2000, of: 5000, kind: "even_of_explained" }), "каждый k-й объяснённый покупатель по номеру");
});
