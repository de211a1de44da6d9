// The standard normal quantile Φ⁻¹(q): the z values of power calculations and confidence intervals.
// Hand-written because none of the installed libraries ships one: Acklam's rational approximation
// (relative error 1.15e-9) refined by one Halley step against Φ (bivariate-normal.ts), which brings it
// to the precision of Φ itself.

import { standardNormalCdf } from "./bivariate-normal.js";

const A = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
const B = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
const C = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
const LOW = 0.02425;

export function normalQuantile(q: number): number {
  if (!(q > 0 && q < 1)) {
    if (q === 0) return -Infinity;
    if (q === 1) return Infinity;
    return NaN;
  }
  let x: number;
  if (q < LOW) {
    const t = Math.sqrt(-2 * Math.log(q));
    x = (((((C[0] * t + C[1]) * t + C[2]) * t + C[3]) * t + C[4]) * t + C[5]) / ((((D[0] * t + D[1]) * t + D[2]) * t + D[3]) * t + 1);
  } else if (q <= 1 - LOW) {
    const t = q - 0.5;
    const r = t * t;
    x = ((((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * t) / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1);
  } else {
    const t = Math.sqrt(-2 * Math.log(1 - q));
    x = -(((((C[0] * t + C[1]) * t + C[2]) * t + C[3]) * t + C[4]) * t + C[5]) / ((((D[0] * t + D[1]) * t + D[2]) * t + D[3]) * t + 1);
  }
  // One Halley step: e = Φ(x) − q, u = e·√(2π)·exp(x²/2).
  const e = standardNormalCdf(x) - q;
  const u = e * Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2);
  return x - u / (1 + (x * u) / 2);
}
