// Standard and bivariate normal probabilities.
// Hand-written because none of the installed libraries (d3, pure-rand; ml-matrix only in the tests) ships a normal CDF,
// let alone a bivariate one.

const TWO_PI = 2 * Math.PI;
const SQRT_TWO_PI = Math.sqrt(TWO_PI);

/** Hart's rational approximation (below): the numerator's and denominator's coefficients, highest power first. */
const HART_NUMERATOR = [3.52624965998911e-2, 0.700383064443688, 6.37396220353165, 33.912866078383, 112.079291497871, 221.213596169931, 220.206867912376];
const HART_DENOMINATOR = [
  8.83883476483184e-2, 1.75566716318264, 16.064177579207, 86.7807322029461, 296.564248779674, 637.333633378831, 793.826512519948, 440.413735824752,
];

/** The polynomial with coefficients c (highest power first) at x, by Horner's rule: ((c0·x + c1)·x + c2)… */
function horner(c: readonly number[], x: number): number {
  let sum = c[0];
  for (let i = 1; i < c.length; i++) sum = sum * x + c[i];
  return sum;
}

/**
 * Standard normal CDF Φ(z), Hart's double-precision rational approximation (Hart 1968, algorithm 5666,
 * as given by G. West, "Better approximations to cumulative normal functions", Wilmott 2005).
 * Absolute error below 1e-14, which is far finer than anything phi_K resolves.
 */
export function standardNormalCdf(z: number): number {
  if (Number.isNaN(z)) return NaN;
  const absZ = Math.abs(z);
  let lowerTail: number;
  if (absZ > 37) {
    lowerTail = 0;
  } else {
    const gaussian = Math.exp((-absZ * absZ) / 2);
    if (absZ < 7.07106781186547) {
      lowerTail = (gaussian * horner(HART_NUMERATOR, absZ)) / horner(HART_DENOMINATOR, absZ);
    } else {
      // Continued fraction for the far tail.
      let fraction = absZ + 0.65;
      fraction = absZ + 4 / fraction;
      fraction = absZ + 3 / fraction;
      fraction = absZ + 2 / fraction;
      fraction = absZ + 1 / fraction;
      lowerTail = gaussian / fraction / SQRT_TWO_PI;
    }
  }
  return z > 0 ? 1 - lowerTail : lowerTail;
}

/** Gauss–Legendre nodes and weights on [-1, 1], by Newton iteration on the Legendre polynomial. */
function gaussLegendre(order: number): { nodes: number[]; weights: number[] } {
  const nodes: number[] = [];
  const weights: number[] = [];
  for (let i = 1; i <= order; i++) {
    let x = Math.cos((Math.PI * (i - 0.25)) / (order + 0.5));
    let derivative = 0;
    for (let iteration = 0; iteration < 100; iteration++) {
      let previous = 1;
      let current = x;
      for (let degree = 2; degree <= order; degree++) {
        const next = ((2 * degree - 1) * x * current - (degree - 1) * previous) / degree;
        previous = current;
        current = next;
      }
      derivative = (order * (x * current - previous)) / (x * x - 1);
      const step = current / derivative;
      x -= step;
      if (Math.abs(step) < 1e-16) break;
    }
    nodes.push(x);
    weights.push(2 / ((1 - x * x) * derivative * derivative));
  }
  return { nodes, weights };
}

// Genz's three rules: 6, 12 and 20 points, chosen by |ρ|.
const RULE_6 = gaussLegendre(6);
const RULE_12 = gaussLegendre(12);
const RULE_20 = gaussLegendre(20);

/**
 * P(X > h, Y > k) for a standard bivariate normal with correlation ρ.
 * Drezner & Wesolowsky (1989) with Genz's double-precision modifications for |ρ| near 1
 * (A. Genz, "Numerical computation of rectangular bivariate and trivariate normal and t probabilities",
 * Statistics and Computing 14, 2004) — the same routine scipy's mvnun uses for two dimensions.
 * ρ = ±1 is exact (the distribution degenerates onto a line).
 */
export function bivariateNormalUpperTail(h: number, k: number, rho: number): number {
  if (h === Infinity || k === Infinity) return 0;
  if (h === -Infinity) return k === -Infinity ? 1 : standardNormalCdf(-k);
  if (k === -Infinity) return standardNormalCdf(-h);
  if (rho === 0) return standardNormalCdf(-h) * standardNormalCdf(-k);

  const absRho = Math.abs(rho);
  const rule = absRho < 0.3 ? RULE_6 : absRho < 0.75 ? RULE_12 : RULE_20;
  let hk = h * k;
  let probability = 0;

  if (absRho < 0.925) {
    // Integrate d/dρ of the orthant probability over [0, ρ] after the substitution ρ = sin θ.
    const halfSquares = (h * h + k * k) / 2;
    const halfAngle = Math.asin(rho) / 2;
    for (let i = 0; i < rule.nodes.length; i++) {
      const sine = Math.sin(halfAngle * (1 + rule.nodes[i]));
      probability += rule.weights[i] * Math.exp((sine * hk - halfSquares) / (1 - sine * sine));
    }
    probability = (probability * halfAngle) / TWO_PI + standardNormalCdf(-h) * standardNormalCdf(-k);
  } else {
    // Near-degenerate case: integrate around ρ = ±1 instead, with an asymptotic correction.
    if (rho < 0) {
      k = -k;
      hk = -hk;
    }
    if (absRho < 1) {
      const oneMinusRhoSquared = (1 - rho) * (1 + rho);
      let a = Math.sqrt(oneMinusRhoSquared);
      const bs = (h - k) * (h - k);
      const c = (4 - hk) / 8;
      const d = (12 - hk) / 80;
      let exponent = -(bs / oneMinusRhoSquared + hk) / 2;
      if (exponent > -100) {
        probability =
          a *
          Math.exp(exponent) *
          (1 - (c * (bs - oneMinusRhoSquared) * (1 - d * bs)) / 3 + c * d * oneMinusRhoSquared * oneMinusRhoSquared);
      }
      if (hk > -100) {
        const b = Math.sqrt(bs);
        const tail = SQRT_TWO_PI * standardNormalCdf(-b / a);
        probability -= Math.exp(-hk / 2) * tail * b * (1 - (c * bs * (1 - d * bs)) / 3);
      }
      a /= 2;
      let sum = 0;
      for (let i = 0; i < rule.nodes.length; i++) {
        const xs = (a * (1 + rule.nodes[i])) ** 2;
        exponent = -(bs / xs + hk) / 2;
        if (exponent > -100) {
          const rs = Math.sqrt(1 - xs);
          const series = 1 + c * xs * (1 + 5 * d * xs);
          const exact = Math.exp((-(hk / 2) * xs) / (1 + rs) ** 2) / rs;
          sum += rule.weights[i] * Math.exp(exponent) * (series - exact);
        }
      }
      probability = (a * sum - probability) / TWO_PI;
    }
    if (rho > 0) {
      probability += standardNormalCdf(-Math.max(h, k));
    } else if (h >= k) {
      probability = -probability;
    } else {
      const between = h < 0 ? standardNormalCdf(k) - standardNormalCdf(h) : standardNormalCdf(-h) - standardNormalCdf(-k);
      probability = between - probability;
    }
  }
  return Math.max(0, Math.min(1, probability));
}

/** P(X ≤ x, Y ≤ y) for a standard bivariate normal with correlation ρ. */
export function bivariateNormalCdf(x: number, y: number, rho: number): number {
  return bivariateNormalUpperTail(-x, -y, rho);
}
