// Decision tree on hybrid rows: a fresh root-to-leaf descent per step (exactly the scorer's value).

import type { TreeEstimator } from "../../models/scoring.js";
import { treeLeaf } from "../../models/scoring.js";
import type { Players } from "../players.js";
import { HybridBase } from "./base.js";

export class TreeHybrid extends HybridBase {
  constructor(private readonly est: TreeEstimator, players: Players, background: Float64Array, nb: number) {
    super(players, background, nb);
    for (let b = 0; b < nb; b++) this.backgroundOutputs[b] = est.value[treeLeaf(est, background, b * this.d)];
  }

  setTarget(x: Float64Array): number {
    this.x = x;
    return this.est.value[treeLeaf(this.est, x)];
  }

  protected reset(): void {}

  protected update(): number {
    // A root-to-leaf descent on the new hybrid row is cheaper than any incremental bookkeeping.
    const { h, x, changed } = this;
    for (let t = 0; t < this.nChanged; t++) h[changed[t]] = x[changed[t]];
    return this.est.value[treeLeaf(this.est, h)];
  }
}
