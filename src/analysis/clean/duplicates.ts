// Copied records: customers whose every market_file field (the target included), every revenue month and both
// minutes months equal another customer's; only the id (and perhaps the profit) differs. One rule, used twice:
// the ledger lists the copies (clean.ts), and the model split keeps each group on one side (models/run.ts).

import { CUSTOMER_FIELDS, type Customer } from "../schema.js";

/** The merged-table fields that must all be equal for a copy: everything but the id and the profit. */
export const COPY_FIELDS = CUSTOMER_FIELDS.filter((f): f is Exclude<(typeof CUSTOMER_FIELDS)[number], "Прибыль"> => f !== "Прибыль");

function sameFields(a: Customer, b: Customer): boolean {
  for (const f of COPY_FIELDS) if (a[f] !== b[f]) return false;
  return true;
}

/** 32-bit FNV-1a over the fields' text, so a million customers are grouped without a million long keys. */
function hashOf(c: Customer): number {
  let h = 0x811c9dc5;
  for (const f of COPY_FIELDS) {
    const s = String(c[f]);
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
    h = Math.imul(h ^ 0x1f, 0x01000193);
  }
  return h >>> 0;
}

/**
 * Group label of every customer (by position): the position of the first customer (in the given order) with the
 * same fields; a customer without a copy is labelled with its own position.
 */
export function duplicateGroups(customers: readonly Customer[]): Int32Array {
  const groups = new Int32Array(customers.length);
  const firstByHash = new Map<number, number[]>(); // hash → positions of the distinct records seen with it
  for (let i = 0; i < customers.length; i++) {
    const h = hashOf(customers[i]);
    const seen = firstByHash.get(h);
    const original = seen?.find((j) => sameFields(customers[j], customers[i]));
    if (original !== undefined) {
      groups[i] = original;
      continue;
    }
    groups[i] = i;
    if (seen) seen.push(i);
    else firstByHash.set(h, [i]);
  }
  return groups;
}

export interface CopiedCustomer {
  readonly id: number;
  /** The id of the customer it copies: the smallest id of its group. */
  readonly copy_of: number;
  /** Whether its profit differs from the original's. */
  readonly profit_differs: boolean;
}

/** Every copy (not its original), ordered by id; the original of a group is its smallest id. */
export function findCopies(customers: readonly Customer[]): CopiedCustomer[] {
  const byId = [...customers].sort((a, b) => a.id - b.id);
  const groups = duplicateGroups(byId);
  const copies: CopiedCustomer[] = [];
  for (let i = 0; i < byId.length; i++) {
    if (groups[i] === i) continue;
    const original = byId[groups[i]];
    copies.push({ id: byId[i].id, copy_of: original.id, profit_differs: byId[i].Прибыль !== original.Прибыль });
  }
  return copies;
}
