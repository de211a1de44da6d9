// Shared test helpers: committed scikit-learn fixtures (tests/fixtures/sklearn, made by scripts/sklearn_fixtures.py).

import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Customer } from "../../../src/analysis/schema.js";
import { labelOf } from "../../../src/analysis/models/run.js";

const DIR = fileURLToPath(new URL("../../fixtures/sklearn/", import.meta.url));

export function fixture<T = any>(name: string): T {
  return JSON.parse(readFileSync(DIR + name, "utf8")) as T;
}

export function hasFixture(name: string): boolean {
  return existsSync(DIR + name);
}

/** Data sets with fixtures: the tiny hand-made one always; the demo data once its fixtures are generated. */
export const DATASETS = ["tiny", "demo"].filter((d) => hasFixture(`${d}_split.json`));

export interface Dataset {
  train: Customer[];
  test: Customer[];
  yTrain: Uint8Array;
  yTest: Uint8Array;
  folds: Int32Array;
}

const customerCache = new Map<string, Customer[]>();

/** The data set's customers: tiny ones are committed; demo ones come from the repo's demo exports via the ingest. */
export function customers(name: string): Customer[] {
  let c = customerCache.get(name);
  if (!c) {
    c = name === "tiny" ? fixture<Customer[]>("tiny_customers.json") : demoCustomers();
    customerCache.set(name, c);
  }
  return c;
}

function demoCustomers(): Customer[] {
  const path = fileURLToPath(new URL("../../fixtures/sklearn/demo_customers.json", import.meta.url));
  return JSON.parse(readFileSync(path, "utf8")) as Customer[];
}

export function dataset(name: string): Dataset {
  const meta = fixture<{ split: { train: number[]; test: number[] }; folds: number[] }>(`${name}_split.json`);
  const byId = new Map(customers(name).map((c) => [c.id, c]));
  const pick = (ids: number[]) => ids.map((id) => byId.get(id)!);
  const train = pick(meta.split.train);
  const test = pick(meta.split.test);
  return {
    train,
    test,
    yTrain: Uint8Array.from(train, labelOf),
    yTest: Uint8Array.from(test, labelOf),
    folds: Int32Array.from(meta.folds),
  };
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}
