// Logistic regression on hybrid rows: the logit updated by coef·(x_c − z_c) for each changed column.

import type { LinearEstimator } from "../../models/scoring.js";
import { linearDecision, sigmoid } from "../../models/scoring.js";
import type { Players } from "../players.js";
import { HybridBase } from "./base.js";

export class LinearHybrid extends HybridBase {
  private readonly zLogit: Float64Array;
  private logit = 0;

  constructor(private readonly est: LinearEstimator, players: Players, background: Float64Array, nb: number) {
    super(players, background, nb);
    this.zLogit = new Float64Array(nb);
    for (let b = 0; b < nb; b++) {
      this.zLogit[b] = linearDecision(est.coef, est.intercept, background, b * this.d);
      this.backgroundOutputs[b] = sigmoid(this.zLogit[b]);
    }
  }

  setTarget(x: Float64Array): number {
    this.x = x;
    return sigmoid(linearDecision(this.est.coef, this.est.intercept, x));
  }

  protected reset(b: number): void {
    this.logit = this.zLogit[b];
  }

  protected update(): number {
    // h still holds z's values of the changing columns here.
    for (let t = 0; t < this.nChanged; t++) {
      const c = this.changed[t];
      this.logit += this.est.coef[c] * (this.x[c] - this.h[c]);
    }
    return sigmoid(this.logit);
  }
}
