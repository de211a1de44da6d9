// CART decision tree (gini) with sklearn's DecisionTreeClassifier split rule, hand-written because no JS tree
// library reproduces sklearn's rule: features as float32, candidate thresholds at midpoints between consecutive
// distinct values (closer than 1e-7 counts as equal), the split maximising the same proxy improvement, strict ">"
// so the first best candidate wins, same stopping rules (max_depth, min_samples_leaf, pure node).
//
// Ties between equally good splits on different features: sklearn visits features in a random order (its own RNG),
// so which of the tied features it picks depends on random_state even with max_features=None. Here
// max_features=None visits features in column order (ties → lowest column index, no randomness at all); with
// max_features set, features are drawn with sklearn's Fisher–Yates bookkeeping but from our seeded RNG.
// Predictions therefore equal sklearn's whenever sklearn's own tree does not depend on its seed.

import type { Matrix } from "../stats/linalg.js";
import { makeRng, type Rng } from "./rng.js";
import { treeLeaf, type TreeEstimator } from "./scoring.js";

const FEATURE_THRESHOLD = 1e-7; // sklearn _splitter.pyx
const EPSILON = 2.220446049250313e-16; // np.finfo(double).eps, sklearn _tree.pyx

export type MaxFeatures = "sqrt" | "log2" | number | null;

export interface DecisionTreeParams {
  maxDepth: number | null;
  maxFeatures: MaxFeatures;
  minSamplesLeaf: number;
  randomState: number;
}

/** Training data converted once per fold and reused by every tree of a grid: float32 values and per-feature sort. */
export interface Presorted {
  readonly n: number;
  readonly d: number;
  readonly X32: Float32Array;
  /** order[f * n + r] = the r-th sample in ascending order of feature f. */
  readonly order: Int32Array;
}

export function presort(X: Matrix): Presorted {
  const { rows: n, cols: d } = X;
  const X32 = Float32Array.from(X.data); // sklearn trees cast X to float32
  const order = new Int32Array(n * d);
  const tmp = Array.from({ length: n }, (_, i) => i);
  for (let f = 0; f < d; f++) {
    tmp.sort((a, b) => X32[a * d + f] - X32[b * d + f] || a - b);
    order.set(tmp, f * n);
  }
  return { n, d, X32, order };
}

export function resolveMaxFeatures(maxFeatures: MaxFeatures, d: number): number {
  if (maxFeatures === null) return d;
  if (maxFeatures === "sqrt") return Math.max(1, Math.floor(Math.sqrt(d)));
  if (maxFeatures === "log2") return Math.max(1, Math.floor(Math.log2(d)));
  if (Number.isInteger(maxFeatures) && maxFeatures >= 1) return Math.min(maxFeatures, d);
  if (maxFeatures > 0 && maxFeatures <= 1) return Math.max(1, Math.floor(maxFeatures * d));
  throw new Error(`invalid max_features ${maxFeatures}`);
}

export class DecisionTreeClassifier {
  readonly maxDepth: number | null;
  readonly maxFeatures: MaxFeatures;
  readonly minSamplesLeaf: number;
  readonly randomState: number;
  private nodes: TreeEstimator | null = null;

  constructor(params: DecisionTreeParams) {
    if (!(params.minSamplesLeaf >= 1)) throw new Error("min_samples_leaf must be ≥ 1");
    this.maxDepth = params.maxDepth;
    this.maxFeatures = params.maxFeatures;
    this.minSamplesLeaf = params.minSamplesLeaf;
    this.randomState = params.randomState;
  }

  fit(X: Matrix, y: ArrayLike<number>, presorted?: Presorted): this {
    const ps = presorted ?? presort(X);
    if (ps.n !== y.length) throw new Error("X and y differ in length");
    this.nodes = new Builder(ps, Uint8Array.from(y), this).build();
    return this;
  }

  /** P(y = 1) per row (leaf class frequency, as sklearn's predict_proba[:, 1]). */
  predictProba(X: Matrix): Float64Array {
    const t = this.tree();
    const out = new Float64Array(X.rows);
    for (let i = 0; i < X.rows; i++) out[i] = t.value[treeLeaf(t, X.data, i * X.cols)];
    return out;
  }

  get nodeCount(): number {
    return this.tree().feature.length;
  }

  toEstimator(): TreeEstimator {
    const t = this.tree();
    return { feature: [...t.feature], threshold: [...t.threshold], left: [...t.left], right: [...t.right], value: [...t.value], n_samples: [...t.n_samples] };
  }

  private tree(): TreeEstimator {
    if (!this.nodes) throw new Error("DecisionTreeClassifier is not fitted");
    return this.nodes;
  }
}

interface Split {
  feature: number;
  pos: number;
  threshold: number;
}

class Builder {
  private readonly n: number;
  private readonly d: number;
  private readonly X32: Float32Array;
  /** Per-feature sample order, partitioned in place so every node owns the range [start, end) of each feature. */
  private readonly ord: Int32Array;
  private readonly goesLeft: Uint8Array;
  private readonly scratch: Int32Array;
  private readonly maxFeatures: number;
  private readonly randomFeatures: boolean;
  private readonly rng: Rng;
  /** sklearn Splitter.features: permuted in place across nodes; its prefix holds known-constant features. */
  private readonly features: Int32Array;
  private readonly out: TreeEstimator = { feature: [], threshold: [], left: [], right: [], value: [], n_samples: [] };

  constructor(
    ps: Presorted,
    private readonly y: Uint8Array,
    private readonly params: DecisionTreeClassifier,
  ) {
    this.n = ps.n;
    this.d = ps.d;
    this.X32 = ps.X32;
    this.ord = ps.order.slice();
    this.goesLeft = new Uint8Array(ps.n);
    this.scratch = new Int32Array(ps.n);
    this.maxFeatures = resolveMaxFeatures(params.maxFeatures, ps.d);
    this.randomFeatures = params.maxFeatures !== null && this.maxFeatures < ps.d;
    this.rng = makeRng(params.randomState);
    this.features = Int32Array.from({ length: ps.d }, (_, i) => i);
  }

  build(): TreeEstimator {
    let c1 = 0;
    for (let i = 0; i < this.n; i++) c1 += this.y[i];
    this.grow(0, this.n, 0, gini(this.n - c1, c1, this.n), 0);
    return this.out;
  }

  /** Depth-first, left child first: node ids come out in sklearn's DepthFirstTreeBuilder order. */
  private grow(start: number, end: number, depth: number, impurity: number, nConstant: number): number {
    const { params } = this;
    const n = end - start;
    let c1 = 0;
    for (let p = start; p < end; p++) c1 += this.y[this.ord[p]];
    const c0 = n - c1;
    let isLeaf =
      (params.maxDepth !== null && depth >= params.maxDepth) || n < 2 || n < 2 * params.minSamplesLeaf || impurity <= EPSILON;
    let split: (Split & { impLeft: number; impRight: number; nConstant: number }) | null = null;
    if (!isLeaf) {
      split = this.bestSplit(start, end, c0, c1, nConstant);
      if (split === null) isLeaf = true;
      else {
        const nL = split.pos - start;
        const nR = end - split.pos;
        const improvement = (n / this.n) * (impurity - (nR / n) * split.impRight - (nL / n) * split.impLeft);
        if (improvement + EPSILON < 0) isLeaf = true;
      }
    }
    const id = this.out.feature.length;
    this.out.feature.push(-2);
    this.out.threshold.push(-2);
    this.out.left.push(-1);
    this.out.right.push(-1);
    this.out.value.push(c1 / n);
    this.out.n_samples.push(n);
    if (isLeaf || split === null) return id;
    this.partition(start, end, split);
    this.out.feature[id] = split.feature;
    this.out.threshold[id] = split.threshold;
    this.out.left[id] = this.grow(start, split.pos, depth + 1, split.impLeft, split.nConstant);
    this.out.right[id] = this.grow(split.pos, end, depth + 1, split.impRight, split.nConstant);
    return id;
  }

  private bestSplit(start: number, end: number, c0: number, c1: number, nKnownConstants: number) {
    const { d, n, X32, ord, y, features } = this;
    const minLeaf = this.params.minSamplesLeaf;
    // mutated by `evaluate` (a holder object, so TypeScript's narrowing does not get in the way)
    const found: { best: Split | null; proxy: number; l0: number; l1: number } = { best: null, proxy: -Infinity, l0: 0, l1: 0 };
    const evaluate = (f: number): boolean => {
      const base = f * n;
      // constant at this node (within FEATURE_THRESHOLD)?
      if (X32[ord[base + end - 1] * d + f] <= X32[ord[base + start] * d + f] + FEATURE_THRESHOLD) return false;
      let l0 = 0;
      let l1 = 0;
      for (let p = start; p < end - 1; p++) {
        const s = ord[base + p];
        if (y[s] === 1) l1++;
        else l0++;
        const v = X32[s * d + f];
        const vNext = X32[ord[base + p + 1] * d + f];
        if (vNext <= v + FEATURE_THRESHOLD) continue;
        const nL = p + 1 - start;
        const nR = end - p - 1;
        if (nL < minLeaf || nR < minLeaf) continue;
        const r0 = c0 - l0;
        const r1 = c1 - l1;
        const impL = 1.0 - (l0 * l0 + l1 * l1) / (nL * nL);
        const impR = 1.0 - (r0 * r0 + r1 * r1) / (nR * nR);
        const proxy = -nR * impR - nL * impL; // sklearn proxy_impurity_improvement
        if (proxy > found.proxy) {
          found.proxy = proxy;
          let threshold = v / 2.0 + vNext / 2.0;
          if (threshold === vNext || !Number.isFinite(threshold)) threshold = v;
          found.best = { feature: f, pos: p + 1, threshold };
          found.l0 = l0;
          found.l1 = l1;
        }
      }
      return true;
    };

    let nTotalConstants = nKnownConstants;
    if (!this.randomFeatures) {
      for (let f = 0; f < d; f++) evaluate(f);
    } else {
      // sklearn BestSplitter.node_split's sampling loop, drawing from our RNG.
      let fi = d;
      let nVisited = 0;
      let nFoundConstants = 0;
      let nDrawnConstants = 0;
      while (fi > nTotalConstants && (nVisited < this.maxFeatures || nVisited <= nFoundConstants + nDrawnConstants)) {
        nVisited++;
        let fj = this.rng.int(nDrawnConstants, fi - nFoundConstants - 1);
        if (fj < nKnownConstants) {
          swap(features, nDrawnConstants, fj);
          nDrawnConstants++;
          continue;
        }
        fj += nFoundConstants;
        if (!evaluate(features[fj])) {
          swap(features, fj, nTotalConstants);
          nFoundConstants++;
          nTotalConstants++;
          continue;
        }
        fi--;
        swap(features, fi, fj);
      }
    }
    const best = found.best;
    if (best === null) return null;
    const nL = best.pos - start;
    const nR = end - best.pos;
    return { ...best, impLeft: gini(found.l0, found.l1, nL), impRight: gini(c0 - found.l0, c1 - found.l1, nR), nConstant: nTotalConstants };
  }

  /** Stable partition of every feature's node range into the left and right child. */
  private partition(start: number, end: number, split: Split): void {
    const { d, n, X32, ord, goesLeft, scratch } = this;
    for (let p = start; p < end; p++) {
      const s = ord[split.feature * n + p];
      goesLeft[s] = X32[s * d + split.feature] <= split.threshold ? 1 : 0;
    }
    for (let f = 0; f < d; f++) {
      const base = f * n;
      let l = start;
      let r = 0;
      for (let p = start; p < end; p++) {
        const s = ord[base + p];
        if (goesLeft[s]) ord[base + l++] = s;
        else scratch[r++] = s;
      }
      ord.set(scratch.subarray(0, r), base + l);
    }
  }
}

function gini(c0: number, c1: number, n: number): number {
  return 1.0 - (c0 * c0 + c1 * c1) / (n * n);
}

function swap(a: Int32Array, i: number, j: number): void {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}
