// The model on "hybrid" customers: the explained customer x on a coalition of players, a background customer z
// on the rest. The permutation explainer walks from z to x one player at a time, so every family gets an
// incremental evaluator that updates only the columns of the player that moved (one column for a numeric
// feature, at most two for a one-hot switch) instead of re-scoring a full row.
//
// Hybrid rows are assembled from x's and z's already-scaled rows. Scaling and encoding act column by column,
// so such a row is bit-identical to transformCustomer() of the hybrid customer. Tree and KNN evaluators then
// return exactly the scorer's value; linear and SVC ones differ from it by rounding of the incremental sums only.

import type { Players } from "../players.js";

/** f(hybrid) = P(«Снизилась»), exactly as makeScorer computes it (see each evaluator for the precision argument). */
export interface HybridModel {
  /** f(z) of every background row, computed by the scorer's own code path. */
  readonly backgroundOutputs: Float64Array;
  /** Fixes the explained row (encoded and scaled); returns f(x) by the scorer's own code path. */
  setTarget(x: Float64Array): number;
  /** Starts a walk at h = background row b. */
  begin(b: number): void;
  /** Moves player p to x's values (each player at most once per walk); returns f(h). */
  add(p: number): number;
  /**
   * An antithetic pair of walks from background row b (M = order.length players): fwd[t] = f after adding
   * order[0..t], rev[t] = f after adding order[M−1−t..M−1], for t = 0..M−2 (after all M players h = x).
   * Same values as begin/add step by step.
   */
  walkPair(b: number, order: Int32Array, fwd: Float64Array, rev: Float64Array): void;
}

/** Shared bookkeeping: the current hybrid row and which of a player's columns actually differ between x and z. */
export abstract class HybridBase implements HybridModel {
  readonly backgroundOutputs: Float64Array;
  protected readonly d: number;
  protected x: Float64Array = new Float64Array(0);
  protected readonly h: Float64Array;
  protected current = NaN;
  /** Columns of the player being added whose values differ between x and h (filled by `add`). */
  protected readonly changed: Int32Array;
  protected nChanged = 0;

  constructor(
    protected readonly players: Players,
    protected readonly background: Float64Array,
    protected readonly nb: number,
  ) {
    this.d = players.width;
    this.h = new Float64Array(this.d);
    this.changed = new Int32Array(this.d);
    this.backgroundOutputs = new Float64Array(nb);
  }

  abstract setTarget(x: Float64Array): number;
  /** Per-walk state for background row b. */
  protected abstract reset(b: number): void;
  /**
   * f after moving `changed[0..nChanged)` to x. On entry h still holds the background values there; an
   * evaluator that needs the new row may write x's values into h itself.
   */
  protected abstract update(): number;

  begin(b: number): void {
    this.h.set(this.background.subarray(b * this.d, (b + 1) * this.d));
    this.current = this.backgroundOutputs[b];
    this.reset(b);
  }

  walkPair(b: number, order: Int32Array, fwd: Float64Array, rev: Float64Array): void {
    const M = order.length;
    this.begin(b);
    for (let t = 0; t < M - 1; t++) fwd[t] = this.add(order[t]);
    this.begin(b);
    for (let t = 0; t < M - 1; t++) rev[t] = this.add(order[M - 1 - t]);
  }

  add(p: number): number {
    const cols = this.players.columns[p];
    let m = 0;
    for (let t = 0; t < cols.length; t++) {
      const c = cols[t];
      if (this.x[c] !== this.h[c]) this.changed[m++] = c;
    }
    this.nChanged = m;
    // Same values for this player: the hybrid row, hence f, is unchanged.
    if (m === 0) return this.current;
    this.current = this.update();
    for (let t = 0; t < m; t++) this.h[this.changed[t]] = this.x[this.changed[t]];
    return this.current;
  }
}
