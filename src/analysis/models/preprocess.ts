// ColumnTransformer-like preprocessing, fitted on training rows only:
// numeric columns scaled (standard / min-max / none), «Тип сервиса» ordinal, the two nominal columns one-hot with
// drop='first' (first level in sorted order) and unknown levels encoded as all zeros. Profit and id are not features.

import { CATEGORICAL_ONE_HOT, NUMERIC_FEATURES, ORDINAL_FEATURES, type Customer } from "../schema.js";
import { zeros, type Matrix } from "../stats/linalg.js";
import { encodeRaw, scaleRaw, type PreprocessorParams, type ScalerKind } from "./scoring.js";

export const SCALERS: readonly ScalerKind[] = ["standard", "minmax", "none"];

const EPS = 2.220446049250313e-16; // np.finfo(float64).eps

export interface PreprocessorOptions {
  scaler: ScalerKind;
}

export class Preprocessor {
  readonly scaler: ScalerKind;
  private fitted: PreprocessorParams | null = null;

  constructor(options: PreprocessorOptions) {
    this.scaler = options.scaler;
  }

  static fromJSON(params: PreprocessorParams): Preprocessor {
    const p = new Preprocessor({ scaler: params.scaler });
    p.fitted = params;
    return p;
  }

  fit(customers: readonly Customer[]): this {
    if (customers.length === 0) throw new Error("cannot fit a preprocessor on no rows");
    const rows = customers as unknown as readonly Record<string, unknown>[];
    const one_hot = CATEGORICAL_ONE_HOT.map((name) => {
      // Python sorts str by code point; so does this comparator (no locale collation).
      const levels = [...new Set(rows.map((r) => String(r[name])))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      return { name, dropped: levels[0], categories: levels.slice(1) };
    });
    const ordinal = Object.entries(ORDINAL_FEATURES).map(([name, cats]) => ({ name, categories: [...cats] }));
    const numeric = NUMERIC_FEATURES.map((name) => ({ name: name as string, offset: 0, scale: 1 }));
    const feature_names = [
      ...numeric.map((s) => s.name),
      ...ordinal.map((s) => s.name),
      ...one_hot.flatMap((s) => s.categories.map((c) => `${s.name}_${c}`)),
    ];
    const params: PreprocessorParams = { scaler: this.scaler, numeric, ordinal, one_hot, feature_names };
    const raw = encodeAll(params, customers);
    fitScaler(params, raw);
    this.fitted = params;
    return this;
  }

  /** Encoded and scaled design matrix. */
  transform(customers: readonly Customer[]): Matrix {
    const p = this.params();
    const m = encodeAll(p, customers);
    for (let i = 0; i < m.rows; i++) scaleRaw(p, m.data, i * m.cols);
    return m;
  }

  fitTransform(customers: readonly Customer[]): Matrix {
    return this.fit(customers).transform(customers);
  }

  /** Encoded but unscaled rows (what model artifacts store for KNN rows and support vectors). */
  encode(customers: readonly Customer[]): Matrix {
    return encodeAll(this.params(), customers);
  }

  featureNames(): string[] {
    return [...this.params().feature_names];
  }

  /** Original column of every output feature, so per-feature attributions can be summed back per column. */
  featureSources(): string[] {
    const p = this.params();
    return [...p.numeric.map((s) => s.name), ...p.ordinal.map((s) => s.name), ...p.one_hot.flatMap((s) => s.categories.map(() => s.name))];
  }

  toJSON(): PreprocessorParams {
    return structuredCloneParams(this.params());
  }

  private params(): PreprocessorParams {
    if (!this.fitted) throw new Error("Preprocessor is not fitted");
    return this.fitted;
  }
}

function structuredCloneParams(p: PreprocessorParams): PreprocessorParams {
  return {
    scaler: p.scaler,
    numeric: p.numeric.map((s) => ({ ...s })),
    ordinal: p.ordinal.map((s) => ({ name: s.name, categories: [...s.categories] })),
    one_hot: p.one_hot.map((s) => ({ name: s.name, dropped: s.dropped, categories: [...s.categories] })),
    feature_names: [...p.feature_names],
  };
}

function encodeAll(p: PreprocessorParams, customers: readonly Customer[]): Matrix {
  const m = zeros(customers.length, p.feature_names.length);
  customers.forEach((c, i) => encodeRaw(p, c, m.data, i * m.cols));
  return m;
}

/** Scaler statistics computed exactly as sklearn does (same summation order), so scaled values match to the bit. */
function fitScaler(p: PreprocessorParams, raw: Matrix): void {
  const n = raw.rows;
  const d = raw.cols;
  p.numeric.forEach((spec, j) => {
    if (p.scaler === "standard") {
      // sklearn _incremental_mean_and_var: corrected two-pass variance, population (ddof=0).
      let sum = 0;
      for (let i = 0; i < n; i++) sum += raw.data[i * d + j];
      const mean = sum / n;
      let corr = 0;
      let sq = 0;
      for (let i = 0; i < n; i++) {
        const t = raw.data[i * d + j] - mean;
        corr += t;
        sq += t * t;
      }
      const variance = (sq - (corr * corr) / n) / n;
      const upper = n * EPS * variance + (n * mean * EPS) ** 2; // sklearn _is_constant_feature
      spec.offset = mean;
      spec.scale = variance <= upper ? 1 : Math.sqrt(variance);
    } else if (p.scaler === "minmax") {
      let lo = Infinity;
      let hi = -Infinity;
      for (let i = 0; i < n; i++) {
        const v = raw.data[i * d + j];
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      const range = hi - lo;
      const scale = 1 / (range < 10 * EPS ? 1 : range);
      spec.scale = scale;
      spec.offset = 0 - lo * scale;
    } else {
      spec.offset = 0;
      spec.scale = 1;
    }
  });
}
