// Rare category levels are pooled into one, so the number of one-hot columns (and with it the cost of the model
// search, the EDA tables and the pages) stays bounded whatever the export holds: as scikit-learn's OneHotEncoder
// with min_frequency and max_categories, but applied once at cleaning so every stage sees the same levels.
// Levels of the store's catalogue (KNOWN_OPEN_VALUES) are never pooled: offers and pages name them.

import type { PooledLevels } from "./ledger.js";
import { LEDGER_EXAMPLES } from "./ledger.js";

export const POOLED_LEVEL = "другое";
/** A new level needs at least this many customers to stay its own level. */
export const MIN_LEVEL_CUSTOMERS = 10;
/** Most levels a column keeps, the pooled one included. */
export const MAX_LEVELS = 20;

/**
 * The level of every code after pooling (`levels` with pooled ones renamed POOLED_LEVEL) and what was pooled.
 * `counts[code]` is the number of kept customers with that code.
 */
export function poolRareLevels(column: string, levels: readonly string[], counts: ArrayLike<number>, known: readonly string[]): { levels: string[]; report: PooledLevels | null } {
  const candidates: number[] = [];
  for (let code = 0; code < levels.length; code++) {
    if (counts[code] > 0 && !known.includes(levels[code]) && levels[code] !== POOLED_LEVEL) candidates.push(code);
  }
  candidates.sort((a, b) => counts[b] - counts[a] || (levels[a] < levels[b] ? -1 : levels[a] > levels[b] ? 1 : 0));
  const room = Math.max(0, MAX_LEVELS - known.length - 1);
  const pooled = candidates.filter((code, rank) => rank >= room || counts[code] < MIN_LEVEL_CUSTOMERS);
  if (pooled.length === 0) return { levels: [...levels], report: null };
  const out = [...levels];
  for (const code of pooled) out[code] = POOLED_LEVEL;
  return {
    levels: out,
    report: {
      column,
      into: POOLED_LEVEL,
      min_customers: MIN_LEVEL_CUSTOMERS,
      max_levels: MAX_LEVELS,
      levels: pooled.length,
      customers: pooled.reduce((s, code) => s + counts[code], 0),
      examples: pooled.slice(0, LEDGER_EXAMPLES).map((code) => ({ value: levels[code], count: counts[code] })),
    },
  };
}
