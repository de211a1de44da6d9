// What changed since the previous report: data drift on the previous report's bins, who is new, gone or in
// both, how the previous report's probabilities came true on the new labels (out-of-time validation), who
// entered or left the default segment, whether the model and its drivers changed, and whether all of this
// changes the recommendations. Pure: both reports come in as snapshots (changes/snapshot.ts).

import { bootstrapAucCi, calibrationCurve, rocAuc, type CalibrationBin } from "../models/metrics.js";
import { BOOTSTRAP_SEED } from "../models/run.js";
import { POSITIVE_CLASS, TARGET } from "../schema.js";
import { CUSTOMER_TABLE_COLUMNS } from "../segments/customer-columns.js";
import type { SegmentDefaults, SegmentName } from "../segments/segments.js";
import { binCounts, driftLevel, levelCounts, psi, PSI_BINS, PSI_EMPTY_SHARE, PSI_LEVELS, quantileCuts, shares, type DriftLevel } from "../stats/drift.js";
import { EXPLORED_CATEGORICAL, EXPLORED_NUMERIC } from "../stats/eda.js";
import { roundSignificant } from "../stats/rounding.js";
import type { ModelSnapshot, ReportSnapshot, SnapshotColumn } from "./snapshot.js";

/** The default segment's name in the published table's `segment` column. */
export const DEFAULT_SEGMENT: SegmentName = "в зоне риска, высокая прибыль";
/** How many top drivers are compared between the reports. */
export const TOP_DRIVERS = 3;
/** Bootstrap resamples of the out-of-time AUC, fewer on very large data (about 5·10⁷ draws at most; never fewer than 100). */
export function bootstrapResamples(n: number): number {
  return Math.max(100, Math.min(1000, Math.floor(5e7 / Math.max(1, n))));
}

/** The browser-table columns a comparison reads: id, label, probability, segment, profit and every compared feature. */
export const SNAPSHOT_COLUMNS: readonly string[] = [...new Set(["id", "p", "segment", "profit", ...[TARGET, ...EXPLORED_NUMERIC, ...EXPLORED_CATEGORICAL].map(tableColumn)])];

const DIGITS = 6;
const r6 = (x: number) => roundSignificant(x, DIGITS);

export interface DriftBin {
  /** Bin bounds on the previous report's cut points (null: open end); a level name for categorical features. */
  lo: number | null;
  hi: number | null;
  level: string | null;
  previous: number;
  current: number;
}

export interface FeatureDrift {
  column: string;
  kind: "numeric" | "categorical";
  psi: number;
  level: DriftLevel;
  /** Shares per bin, old vs new (what the page charts for drifted features). */
  bins: DriftBin[];
}

export interface ClassBalance {
  n: number;
  decreased: number;
  share: number;
}

export interface RateGroup {
  n: number;
  decreased: number;
  rate: number | null;
}

export interface PreviousScores {
  /** Customers present in both reports: the previous probability against the new label. */
  n: number;
  decreased: number;
  /** null when the customers in both reports are all of one class (AUC is undefined). */
  auc: number | null;
  auc_ci: [number, number] | null;
  bootstrap: { resamples: number; seed: number; level: number; n_valid: number };
  calibration: CalibrationBin[];
  /** Decrease rate, by the new labels, of those the previous report put in the default segment vs everyone else. */
  segment: { in: RateGroup; rest: RateGroup };
  /** The previous report's own test ROC-AUC and interval, to compare with. */
  previous_test_auc: number;
  previous_test_auc_ci: [number, number];
}

export interface FlowGroup {
  n: number;
  /** Monthly profit summed: the current one for stayed and entered, the previous one for left. */
  profit: number;
}

export interface SegmentFlow {
  stayed: FlowGroup;
  entered: FlowGroup & { new_customers: number };
  left: FlowGroup & { gone: number };
  previous_size: number;
  current_size: number;
  previous_defaults: SegmentDefaults;
  current_defaults: SegmentDefaults;
}

export interface ModelChange {
  previous: ModelSnapshot;
  current: ModelSnapshot;
  family_changed: boolean;
  cv_auc_change: number;
  /** Top drivers of each report (TOP_DRIVERS), and whether the set changed. */
  top_previous: string[];
  top_current: string[];
  drivers_changed: boolean;
}

export type VerdictReason =
  | { code: "model_changed"; previous: string; current: string }
  | { code: "drivers_changed"; previous: string[]; current: string[] }
  | { code: "driver_drift"; columns: string[] }
  | { code: "predictions_degraded"; auc: number; previous_test_auc: number };

export interface Changes {
  previous: ReportSnapshot["source"] | null;
  current: ReportSnapshot["source"];
  /** A previous report that was not compared with: one on the demo data and one on the store's exports. */
  not_compared?: ReportSnapshot["source"];
}

export interface ChangesArtifact extends Changes {
  /** The previous report was built from byte-identical exports. */
  same_data: boolean;
  customers: { previous: number; current: number; new: number; gone: number; both: number };
  psi_levels: typeof PSI_LEVELS;
  psi_bins: number;
  psi_empty_share: number;
  /** Every compared feature, largest PSI first. */
  drift: FeatureDrift[];
  class_balance: { previous: ClassBalance; current: ClassBalance };
  categories: { column: string; appeared: string[]; vanished: string[] }[];
  previous_scores: PreviousScores;
  segment_flow: SegmentFlow;
  model: ModelChange;
  /** Whether the refresh changes the recommendations, and why (empty reasons: it does not). */
  verdict: { changes_recommendations: boolean; reasons: VerdictReason[] };
}

/** The artifact when there is no previous report to compare with: the page says so. */
export function noPreviousReport(current: ReportSnapshot): Changes {
  return { previous: null, current: current.source };
}

/**
 * changes.json: the comparison with the previous report, or why there is none. A report on the repository's
 * demo data and one on the store's exports are not compared (their ids coincide but mean different people).
 */
export function changesSince(previous: ReportSnapshot | null, current: ReportSnapshot): Changes | ChangesArtifact {
  if (previous === null) return noPreviousReport(current);
  if (previous.source.demo !== current.source.demo) return { ...noPreviousReport(current), not_compared: previous.source };
  return compareReports(previous, current);
}

/** Browser-table column of a merged-table column. */
function tableColumn(source: string): string {
  const entry = Object.entries(CUSTOMER_TABLE_COLUMNS).find(([, [s]]) => s === source);
  if (!entry) throw new Error(`the customer table has no column for ${source}`);
  return entry[0];
}

function column(snapshot: ReportSnapshot, name: string, which: string): SnapshotColumn {
  const values = snapshot.table[name];
  if (!values) throw new Error(`the ${which} report's customer table has no column "${name}"`);
  return values;
}

function numbers(snapshot: ReportSnapshot, name: string, which: string): ArrayLike<number> {
  const values = column(snapshot, name, which);
  for (let i = 0; i < values.length; i++) {
    if (typeof values[i] !== "number") throw new Error(`the ${which} report's column "${name}" is not numeric`);
  }
  return values as ArrayLike<number>;
}

function strings(snapshot: ReportSnapshot, name: string, which: string): readonly (string | null)[] {
  const values = column(snapshot, name, which);
  return Array.from(values as ArrayLike<string | number | null>, (v) => (v == null ? null : String(v)));
}

export function compareReports(previous: ReportSnapshot, current: ReportSnapshot): ChangesArtifact {
  const prevIds = numbers(previous, "id", "previous");
  const curIds = numbers(current, "id", "current");
  const prevIndex = new Map<number, number>();
  for (let i = 0; i < prevIds.length; i++) prevIndex.set(prevIds[i], i);
  const curIndex = new Map<number, number>();
  for (let i = 0; i < curIds.length; i++) curIndex.set(curIds[i], i);
  let both = 0;
  for (const id of curIndex.keys()) if (prevIndex.has(id)) both++;

  const drift = featureDrift(previous, current);
  const categories = EXPLORED_CATEGORICAL.map((c) => {
    const { appeared, vanished } = levelCounts(strings(previous, tableColumn(c), "previous"), strings(current, tableColumn(c), "current"));
    return { column: c, appeared, vanished };
  });
  const activityColumn = tableColumn(TARGET);
  const prevActivity = strings(previous, activityColumn, "previous");
  const curActivity = strings(current, activityColumn, "current");
  const model = modelChange(previous.model, current.model);
  const previousScores = scoresCameTrue(previous, prevIndex, curIds, curActivity);
  const segmentFlow = flow(previous, current, prevIndex, curIndex);

  return {
    previous: previous.source,
    current: current.source,
    same_data: previous.source.sha256 === current.source.sha256,
    customers: { previous: prevIndex.size, current: curIndex.size, new: curIndex.size - both, gone: prevIndex.size - both, both },
    psi_levels: PSI_LEVELS,
    psi_bins: PSI_BINS,
    psi_empty_share: PSI_EMPTY_SHARE,
    drift,
    class_balance: { previous: balance(prevActivity), current: balance(curActivity) },
    categories,
    previous_scores: previousScores,
    segment_flow: segmentFlow,
    model,
    verdict: verdict(drift, model, previousScores),
  };
}

function featureDrift(previous: ReportSnapshot, current: ReportSnapshot): FeatureDrift[] {
  const out: FeatureDrift[] = [];
  for (const c of EXPLORED_NUMERIC) {
    const name = tableColumn(c);
    const prev = numbers(previous, name, "previous");
    const cur = numbers(current, name, "current");
    const cuts = quantileCuts(prev);
    const expected = binCounts(prev, cuts);
    const actual = binCounts(cur, cuts);
    const [es, as] = [shares(expected), shares(actual)];
    const value = psi(expected, actual);
    out.push({
      column: c,
      kind: "numeric",
      psi: r6(value),
      level: driftLevel(value),
      bins: es.map((e, i) => ({ lo: i === 0 ? null : cuts[i - 1], hi: i === cuts.length ? null : cuts[i], level: null, previous: r6(e), current: r6(as[i]) })),
    });
  }
  for (const c of EXPLORED_CATEGORICAL) {
    const name = tableColumn(c);
    const counts = levelCounts(strings(previous, name, "previous"), strings(current, name, "current"));
    const [es, as] = [shares(counts.previous), shares(counts.current)];
    const value = psi(counts.previous, counts.current);
    out.push({
      column: c,
      kind: "categorical",
      psi: r6(value),
      level: driftLevel(value),
      bins: counts.levels.map((level, i) => ({ lo: null, hi: null, level, previous: r6(es[i]), current: r6(as[i]) })),
    });
  }
  return out.sort((a, b) => b.psi - a.psi || (a.column < b.column ? -1 : 1));
}

function balance(activity: readonly (string | null)[]): ClassBalance {
  const decreased = activity.filter((a) => a === POSITIVE_CLASS).length;
  return { n: activity.length, decreased, share: r6(decreased / Math.max(1, activity.length)) };
}

function rateGroup(n: number, decreased: number): RateGroup {
  return { n, decreased, rate: n === 0 ? null : r6(decreased / n) };
}

function scoresCameTrue(
  previous: ReportSnapshot,
  prevIndex: ReadonlyMap<number, number>,
  curIds: ArrayLike<number>,
  curActivity: readonly (string | null)[],
): PreviousScores {
  const prevP = numbers(previous, "p", "previous");
  const prevSegment = strings(previous, "segment", "previous");
  const y: number[] = [];
  const p: number[] = [];
  let inN = 0;
  let inDecreased = 0;
  let restN = 0;
  let restDecreased = 0;
  // In the current table's order (deterministic), customers present in both reports.
  for (let i = 0; i < curIds.length; i++) {
    const j = prevIndex.get(curIds[i]);
    if (j === undefined) continue;
    const label = curActivity[i] === POSITIVE_CLASS ? 1 : 0;
    y.push(label);
    p.push(prevP[j]);
    if (prevSegment[j] === DEFAULT_SEGMENT) {
      inN++;
      inDecreased += label;
    } else {
      restN++;
      restDecreased += label;
    }
  }
  const decreased = y.reduce((s, v) => s + v, 0);
  const resamples = bootstrapResamples(y.length);
  const bothClasses = decreased > 0 && decreased < y.length;
  const ci = bothClasses ? bootstrapAucCi(y, p, resamples, BOOTSTRAP_SEED) : null;
  return {
    n: y.length,
    decreased,
    auc: bothClasses ? r6(rocAuc(y, p)) : null,
    auc_ci: ci ? [r6(ci.auc_ci[0]), r6(ci.auc_ci[1])] : null,
    bootstrap: { resamples, seed: BOOTSTRAP_SEED, level: 0.95, n_valid: ci?.n_valid ?? 0 },
    calibration: y.length === 0 ? [] : calibrationCurve(y, p, 10).map((b) => ({ ...b, mean_predicted: r6(b.mean_predicted), fraction_positive: r6(b.fraction_positive) })),
    segment: { in: rateGroup(inN, inDecreased), rest: rateGroup(restN, restDecreased) },
    previous_test_auc: previous.model.test_auc,
    previous_test_auc_ci: previous.model.test_auc_ci,
  };
}

function flow(previous: ReportSnapshot, current: ReportSnapshot, prevIndex: ReadonlyMap<number, number>, curIndex: ReadonlyMap<number, number>): SegmentFlow {
  const prevSegment = strings(previous, "segment", "previous");
  const curSegment = strings(current, "segment", "current");
  const prevProfit = numbers(previous, "profit", "previous");
  const curProfit = numbers(current, "profit", "current");
  const stayed = { n: 0, profit: 0 };
  const entered = { n: 0, profit: 0, new_customers: 0 };
  const left = { n: 0, profit: 0, gone: 0 };
  let previousSize = 0;
  let currentSize = 0;
  for (const [id, i] of curIndex) {
    if (curSegment[i] !== DEFAULT_SEGMENT) continue;
    currentSize++;
    const j = prevIndex.get(id);
    if (j !== undefined && prevSegment[j] === DEFAULT_SEGMENT) {
      stayed.n++;
      stayed.profit += curProfit[i];
    } else {
      entered.n++;
      entered.profit += curProfit[i];
      if (j === undefined) entered.new_customers++;
    }
  }
  for (const [id, j] of prevIndex) {
    if (prevSegment[j] !== DEFAULT_SEGMENT) continue;
    previousSize++;
    const i = curIndex.get(id);
    if (i !== undefined && curSegment[i] === DEFAULT_SEGMENT) continue;
    left.n++;
    left.profit += prevProfit[j];
    if (i === undefined) left.gone++;
  }
  const money = (x: number) => Math.round(x * 100) / 100;
  return {
    stayed: { ...stayed, profit: money(stayed.profit) },
    entered: { ...entered, profit: money(entered.profit) },
    left: { ...left, profit: money(left.profit) },
    previous_size: previousSize,
    current_size: currentSize,
    previous_defaults: previous.defaults,
    current_defaults: current.defaults,
  };
}

function modelChange(previous: ModelSnapshot, current: ModelSnapshot): ModelChange {
  const top = (m: ModelSnapshot) => m.drivers.slice(0, TOP_DRIVERS).map((d) => d.feature);
  const [a, b] = [top(previous), top(current)];
  return {
    previous,
    current,
    family_changed: previous.family !== current.family,
    cv_auc_change: r6(current.cv_auc - previous.cv_auc),
    top_previous: a,
    top_current: b,
    drivers_changed: a.length !== b.length || a.some((f) => !b.includes(f)),
  };
}

/**
 * The refresh changes the recommendations when the model family changed, its top drivers changed, a top
 * driver drifted majorly, or the previous predictions came true clearly worse than the previous report's
 * test estimate (the out-of-time interval lies entirely below the previous test interval). A refreshed list
 * of customers alone does not: the same rules apply to the new data.
 */
function verdict(drift: readonly FeatureDrift[], model: ModelChange, scores: PreviousScores): ChangesArtifact["verdict"] {
  const reasons: VerdictReason[] = [];
  if (model.family_changed) reasons.push({ code: "model_changed", previous: model.previous.family, current: model.current.family });
  if (model.drivers_changed) reasons.push({ code: "drivers_changed", previous: model.top_previous, current: model.top_current });
  const drifted = drift.filter((d) => d.level === "major" && (model.top_previous.includes(d.column) || model.top_current.includes(d.column))).map((d) => d.column);
  if (drifted.length > 0) reasons.push({ code: "driver_drift", columns: drifted });
  if (scores.auc !== null && scores.auc_ci !== null && scores.auc_ci[1] < scores.previous_test_auc_ci[0]) {
    reasons.push({ code: "predictions_degraded", auc: scores.auc, previous_test_auc: scores.previous_test_auc });
  }
  return { changes_recommendations: reasons.length > 0, reasons };
}
