import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Customer } from "../../../src/analysis/schema.js";
import { NUMERIC_FEATURES, TARGET } from "../../../src/analysis/schema.js";
import { NON_FEATURE_COLUMNS, PHIK_COLUMNS, computeCorrelation } from "../../../src/analysis/stats/correlation.js";
import { seededRandom } from "./seeded-random.js";

/**
 * Synthetic customers with planted structure: pages per visit drive the target, the two latest revenues
 * are near-duplicates, profit tracks current revenue, everything else is noise.
 */
function syntheticCustomers(count: number, seed: number, exactRevenueSum = false): Customer[] {
  const random = seededRandom(seed);
  const pick = <T>(options: readonly T[]) => options[Math.floor(random.uniform() * options.length)];
  const customers: Customer[] = [];
  for (let i = 0; i < count; i++) {
    const pages = 1 + Math.floor(random.uniform() * 20);
    const declined = pages + 3 * random.normal() < 9;
    const previousRevenue = Math.round(5000 + 600 * random.normal());
    const currentRevenue = previousRevenue + Math.round(40 * random.normal());
    customers.push({
      id: 100_000 + i,
      [TARGET]: declined ? "Снизилась" : "Прежний уровень",
      "Тип сервиса": pick(["стандарт", "премиум"]),
      "Разрешить сообщать": pick(["да", "нет"]),
      Маркет_актив_6_мес: Math.round((4 + random.normal()) * 10) / 10,
      Маркет_актив_тек_мес: pick([3, 4, 5]),
      Длительность: 110 + Math.floor(random.uniform() * 970),
      Акционные_покупки: Math.round(random.uniform() * 100) / 100,
      Популярная_категория: pick(["Товары для детей", "Домашний текстиль", "Кухонная посуда"]),
      Средний_просмотр_категорий_за_визит: 1 + Math.floor(random.uniform() * 6),
      Неоплаченные_продукты_штук_квартал: Math.floor(random.uniform() * 11),
      Ошибка_сервиса: Math.floor(random.uniform() * 10),
      Страниц_за_визит: pages,
      Выручка_препредыдущий_месяц: exactRevenueSum ? previousRevenue + currentRevenue : Math.round(4800 + 300 * random.normal()),
      Выручка_предыдущий_месяц: previousRevenue,
      Выручка_текущий_месяц: currentRevenue,
      Минут_предыдущий_месяц: 5 + Math.floor(random.uniform() * 20),
      Минут_текущий_месяц: 5 + Math.floor(random.uniform() * 20),
      Прибыль: Math.round(currentRevenue / 10 + random.normal()) / 100,
    });
  }
  return customers;
}

const allNumbers = (value: unknown): number[] =>
  typeof value === "number" ? [value] : Array.isArray(value) ? value.flatMap(allNumbers) : value && typeof value === "object" ? Object.values(value).flatMap(allNumbers) : [];

describe("computeCorrelation", () => {
  const customers = syntheticCustomers(1300, 11);
  const artifact = computeCorrelation(customers);

  it("has exactly the artifact's keys and column sets", () => {
    assert.deepEqual(Object.keys(artifact), [
      "phik",
      "spearman",
      "vif",
      "thresholds",
      "collinear_pairs",
      "high_vif",
      "target_association",
    ]);
    assert.equal(artifact.phik.columns[0], TARGET);
    assert.ok(!artifact.phik.columns.includes("id"));
    assert.deepEqual(artifact.phik.columns, [...PHIK_COLUMNS]);
    assert.deepEqual(artifact.spearman.columns, [...NUMERIC_FEATURES]);
    assert.deepEqual(artifact.vif.columns, [...NUMERIC_FEATURES]);
    assert.deepEqual(artifact.thresholds, { phik: 0.9, vif: 5 });
  });

  it("has a symmetric phi_K matrix in [0, 1] with a unit diagonal, and a symmetric Spearman matrix", () => {
    const { matrix } = artifact.phik;
    matrix.forEach((row, i) => {
      assert.equal(row.length, matrix.length);
      assert.equal(row[i], 1);
      row.forEach((value, j) => {
        assert.equal(value, matrix[j][i]);
        assert.ok(value !== null && value >= 0 && value <= 1);
      });
    });
    artifact.spearman.matrix.forEach((row, i) => row.forEach((value, j) => assert.equal(value, artifact.spearman.matrix[j][i])));
  });

  it("rounds every number to 6 significant digits and is JSON-safe and deterministic", () => {
    for (const value of allNumbers(artifact)) assert.equal(value, Number(value.toPrecision(6)));
    assert.deepEqual(JSON.parse(JSON.stringify(artifact)), artifact);
    assert.equal(JSON.stringify(computeCorrelation(customers)), JSON.stringify(artifact));
  });

  it("ranks every feature's association with the target, strongest first, without the target or profit", () => {
    const ranking = artifact.target_association;
    const expectedColumns = PHIK_COLUMNS.filter((c) => c !== TARGET && !NON_FEATURE_COLUMNS.includes(c));
    assert.deepEqual([...ranking.map(({ column }) => column)].sort(), [...expectedColumns].sort());
    for (let k = 1; k < ranking.length; k++) assert.ok((ranking[k - 1].phik ?? -1) >= (ranking[k].phik ?? -1));
    assert.equal(ranking[0].column, "Страниц_за_визит");
    const targetRow = artifact.phik.matrix[0];
    for (const { column, phik } of ranking) assert.equal(phik, targetRow[artifact.phik.columns.indexOf(column)]);
  });

  it("flags the planted collinear features and only feature pairs at or above the threshold", () => {
    assert.ok(
      artifact.collinear_pairs.some(({ x, y }) => x === "Выручка_предыдущий_месяц" && y === "Выручка_текущий_месяц"),
      JSON.stringify(artifact.collinear_pairs),
    );
    const { columns, matrix } = artifact.phik;
    for (const { x, y, phik } of artifact.collinear_pairs) {
      assert.ok(phik >= 0.9);
      assert.equal(phik, matrix[columns.indexOf(x)][columns.indexOf(y)]);
      for (const name of [x, y]) assert.ok(name !== TARGET && !NON_FEATURE_COLUMNS.includes(name));
    }
    // Profit is built from current revenue, so phi_K sees it; it is still not a flagged pair.
    assert.ok((matrix[columns.indexOf("Прибыль")][columns.indexOf("Выручка_текущий_месяц")] ?? 0) >= 0.9);

    const flagged = artifact.high_vif.map(({ column }) => column);
    assert.ok(flagged.includes("Выручка_предыдущий_месяц") && flagged.includes("Выручка_текущий_месяц"), flagged.join());
    for (const { column, vif } of artifact.high_vif) {
      assert.ok(vif !== null && vif >= 5);
      assert.equal(vif, artifact.vif.values[artifact.vif.columns.indexOf(column)]);
    }
    assert.ok(!flagged.includes("Ошибка_сервиса"));
  });

  it("writes an infinite VIF as null and lists it first", () => {
    const collinear = computeCorrelation(syntheticCustomers(400, 12, true));
    const revenueColumns = ["Выручка_препредыдущий_месяц", "Выручка_предыдущий_месяц", "Выручка_текущий_месяц"];
    for (const column of revenueColumns) assert.equal(collinear.vif.values[collinear.vif.columns.indexOf(column)], null);
    assert.deepEqual(
      collinear.high_vif.slice(0, 3).map(({ column, vif }) => [column, vif]),
      revenueColumns.map((column) => [column, null]),
    );
  });

  it("honours custom thresholds", () => {
    // At 0 every pair of the 16 features is flagged; every VIF is at least 1.
    const loose = computeCorrelation(customers, { thresholds: { phik: 0, vif: 1 } });
    assert.deepEqual(loose.thresholds, { phik: 0, vif: 1 });
    assert.equal(loose.collinear_pairs.length, (16 * 15) / 2);
    assert.equal(loose.high_vif.length, NUMERIC_FEATURES.length);
  });
});
