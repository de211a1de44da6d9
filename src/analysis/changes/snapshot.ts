// What one report publishes that a later report can compare itself with: the browser's per-customer table
// (customers.arrow: every feature, the activity label, the honest probability, the segment, the profit) and
// four small JSON artifacts (source, metrics, segment defaults, SHAP summary). Every report already ships
// these, so the published site is enough to compare with; nothing else has to be kept.

import type { SegmentDefaults } from "../segments/segments.js";

/** The artifact files a comparison reads from a report (an `npm run analyze` folder or a built site). */
export const SNAPSHOT_FILES = ["customers.arrow", "source.json", "metrics.json", "segments.json", "shap_summary.json"] as const;
export type SnapshotFile = (typeof SNAPSHOT_FILES)[number];

/** Columns of the browser table (CUSTOMER_TABLE_COLUMNS names): numbers as stored (float32 columns widened exactly), categories as strings. */
export type SnapshotColumn = ArrayLike<number> | readonly (string | null)[];

export interface ReportSnapshot {
  source: { folder: string; sha256: string; demo: boolean };
  /** Per customer, in the table's order; at least id, activity, p, segment, profit and every feature column. */
  table: Readonly<Record<string, SnapshotColumn>>;
  defaults: SegmentDefaults;
  model: ModelSnapshot;
}

export interface ModelSnapshot {
  family: string;
  cv_auc: number;
  test_auc: number;
  test_auc_ci: [number, number];
  /** Features by mean |SHAP|, largest first, with their share of the total. */
  drivers: { feature: string; share: number }[];
}

/** The parts of metrics.json and shap_summary.json a snapshot keeps (only what the comparison needs). */
export function modelSnapshot(
  metrics: { chosen: { family: string; cv_auc: number; test_auc: number; test_auc_ci: [number, number] } },
  shapSummary: { features: { feature: string; mean_abs: number; share: number }[] },
): ModelSnapshot {
  const { family, cv_auc, test_auc, test_auc_ci } = metrics.chosen;
  const drivers = [...shapSummary.features]
    .sort((a, b) => b.mean_abs - a.mean_abs || (a.feature < b.feature ? -1 : 1))
    .map((f) => ({ feature: f.feature, share: f.share }));
  return { family, cv_auc, test_auc, test_auc_ci, drivers };
}
