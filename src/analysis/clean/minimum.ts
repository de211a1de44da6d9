// The least data the analysis can honestly run on, checked right after cleaning so a tiny or one-class export
// stops with one sentence naming the counts, not with an error from deep inside the model search.
//
// The model stage holds out TEST_SIZE (25 %) stratified by class, then runs N_FOLDS (5)-fold stratified CV on
// the rest: each class needs at least 5 customers in the training part and at least 2 in the test part (a ROC
// curve and a bootstrap need both classes there). With 10 customers of a class the test part takes 2 or 3 and
// training keeps 7 or 8: enough, with one to spare for rounding. Copies of one customer (clean/duplicates.ts)
// move together, so they count once.

import { InputError } from "../ingest/errors.js";
import { duplicateGroups } from "./duplicates.js";
import { NEGATIVE_CLASS, POSITIVE_CLASS, TARGET, type Customer } from "../schema.js";

export const MIN_CUSTOMERS_PER_CLASS = 10;

export function assertEnoughCustomers(customers: readonly Customer[]): void {
  const groups = duplicateGroups(customers);
  const counts = { [POSITIVE_CLASS]: 0, [NEGATIVE_CLASS]: 0 } as Record<string, number>;
  let copies = 0;
  customers.forEach((c, i) => {
    if (groups[i] === i) counts[c[TARGET]]++;
    else copies++;
  });
  const pos = counts[POSITIVE_CLASS];
  const neg = counts[NEGATIVE_CLASS];
  if (pos >= MIN_CUSTOMERS_PER_CLASS && neg >= MIN_CUSTOMERS_PER_CLASS) return;
  throw new InputError({
    file: "market_file.csv",
    column: TARGET,
    value: `${customers.length} customers left after cleaning: ${pos} «${POSITIVE_CLASS}», ${neg} «${NEGATIVE_CLASS}»${copies ? ` (copies of another customer counted once: ${copies})` : ""}`,
    expected: `at least ${MIN_CUSTOMERS_PER_CLASS} customers of each class, so that the 25 % test part and each of the 5 cross-validation folds hold both classes`,
  });
}
