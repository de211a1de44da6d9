// The one place for Russian wording of numbers: plural forms (nominative and after «из»), small numbers
// that must not round to a misleading 0, features with their units, and the colours' meanings.

import { test } from "node:test";
import assert from "node:assert/strict";
import * as fmt from "../../../src/components/format.js";

test("plural forms agree with the number, in the nominative and after «из»", () => {
  const cases: [number, string, string][] = [
    [1, "1 покупатель", "покупателя"],
    [2, "2 покупателя", "покупателей"],
    [5, "5 покупателей", "покупателей"],
    [11, "11 покупателей", "покупателей"],
    [21, "21 покупатель", "покупателя"],
    [61, "61 покупатель", "покупателя"],
    [104, "104 покупателя", "покупателей"],
    [1297, "1\u202f297 покупателей", "покупателей"],
  ];
  for (const [n, nominative, genitive] of cases) {
    assert.equal(fmt.formatCount(n, ["покупатель", "покупателя", "покупателей"]), nominative);
    assert.equal(`${fmt.formatInt(n)} ${fmt.customersWord(n)}`, nominative);
    assert.equal(fmt.customersGenitive(n), genitive, `из ${n} ${genitive}`);
  }
});

test("small numbers keep their magnitude instead of rounding to 0", () => {
  assert.equal(fmt.formatSmall(0), "0");
  assert.equal(fmt.formatSmall(0.05), "0,05");
  assert.equal(fmt.formatSmall(3.2e-9), "3,2·10⁻⁹");
  assert.equal(fmt.formatSmall(1.5e-16), "1,5·10⁻¹⁶");
});

test("a feature's value keeps its unit without number agreement, shares as percentages", () => {
  assert.equal(fmt.featureValue("Длительность", 700), "Срок с регистрации, дней: 700");
  assert.equal(fmt.featureValue("Акционные_покупки", 0.25), `Доля покупок по акции: ${fmt.formatPercent(0.25, 0)}`);
  assert.equal(fmt.featureValue("Популярная_категория", "Книги"), "Любимая категория: Книги");
});

test("colours mean one thing: the class pair, the direction pair and the others never share a colour", () => {
  const groups = {
    class: fmt.CLASS_COLORS,
    direction: [fmt.DIRECTION_COLORS.raises, fmt.DIRECTION_COLORS.lowers],
    other: [fmt.NEUTRAL_COLOR, fmt.ATTENTION_COLOR, ...fmt.VALUE_RAMP],
  };
  const all = Object.values(groups).flat().map((c) => c.toLowerCase());
  for (const c of [...groups.class, ...groups.direction]) assert.equal(all.filter((x) => x === c.toLowerCase()).length, 1, `${c} is used for one meaning only`);
  assert.deepEqual(fmt.directionColor.range, groups.direction);
  assert.equal(fmt.directionFill(0.3), fmt.DIRECTION_COLORS.raises);
  assert.equal(fmt.directionFill(-0.3), fmt.DIRECTION_COLORS.lowers);
});

test("percentage points agree with their number after «на»", async () => {
  const { formatPoints } = await import("../../../src/components/format.js");
  assert.equal(formatPoints(0.087), "8,7 процентного пункта");
  assert.equal(formatPoints(0.11), "11 процентных пунктов");
  assert.equal(formatPoints(0.01), "1 процентный пункт");
  assert.equal(formatPoints(0.03), "3 процентных пункта");
  assert.equal(formatPoints(-0.021), "−2,1 процентного пункта");
});
