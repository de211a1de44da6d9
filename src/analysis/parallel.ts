// The one seam between the analysis and threads. The composition (pipeline.ts runAnalysis) hands its heavy loops to
// a ParallelMap as named task kinds: a task kind turns a shared context into a function of one task, and a map runs
// that function over every task and returns the results in task order. inProcessMap does it on this thread;
// src/node/worker-map.ts shares the tasks between this thread and worker threads. Every task's result depends only
// on the context and the task, never on which thread ran it or on the other tasks, so every map gives the same bytes.

import type { Config } from "./models/grid.js";
import { CvEvaluator, type ConfigResult, type CvInput } from "./models/search.js";
import { makeBatchScorer } from "./models/batch.js";
import type { ModelArtifact } from "./models/scoring.js";
import { explainWith, makeExplainer } from "./explain/explainer.js";
import type { Explainer, ExplanationSet } from "./explain/types.js";
import type { ShapJob } from "./explain/report.js";
import { rankOffersBatch, type OfferContext, type OfferGroup, type OfferTable } from "./segments/offers.js";

/** Cross-validation of work units (lists of grid positions that share per-fold work): each unit's results. */
interface CvKind {
  context: { cv: CvInput; grid: readonly Config[] };
  task: readonly number[];
  result: ConfigResult[];
}

/** Scoring of encoded rows [from, to) with one model (batch.ts). */
interface ScoreKind {
  context: { model: ModelArtifact; raw: Float64Array };
  task: readonly [from: number, to: number];
  result: Float64Array;
}

/** SHAP of customers [from, to) of one job: a model, its training rows (the background), the customers. */
interface ShapKind {
  context: { jobs: readonly ShapJob[] };
  task: readonly [job: number, from: number, to: number];
  result: ExplanationSet;
}

/** The offers of customers [from, to) of one group. */
interface OffersKind {
  context: { groups: readonly OfferGroup[]; offers: OfferContext };
  task: readonly [group: number, from: number, to: number];
  result: OfferTable;
}

interface TaskKinds {
  cv: CvKind;
  score: ScoreKind;
  shap: ShapKind;
  offers: OffersKind;
}
export type TaskKind = keyof TaskKinds;
export type TaskContext<K extends TaskKind> = TaskKinds[K]["context"];
export type Task<K extends TaskKind> = TaskKinds[K]["task"];
export type TaskResult<K extends TaskKind> = TaskKinds[K]["result"];

/** The worker protocol: per task kind, what a thread prepares once from the context (caches, scorers) and runs per task. */
export const TASKS: { [K in TaskKind]: (context: TaskContext<K>) => (task: Task<K>) => TaskResult<K> } = {
  cv({ cv, grid }) {
    const evaluator = new CvEvaluator(cv);
    return (unit) => evaluator.evaluate(unit.map((i) => grid[i]));
  },
  score({ model, raw }) {
    const scorer = makeBatchScorer(model);
    return ([from, to]) => {
      const out = new Float64Array(to - from);
      scorer.score(raw.subarray(from * scorer.d, to * scorer.d), 0, to - from, out);
      return out;
    };
  },
  shap({ jobs }) {
    const explainers: (Explainer | undefined)[] = [];
    return ([job, from, to]) => {
      const { model, training, customers } = jobs[job];
      return explainWith((explainers[job] ??= makeExplainer(model, training)), customers.slice(from, to));
    };
  },
  offers({ groups, offers }) {
    return ([group, from, to]) => {
      const g = groups[group];
      return rankOffersBatch(g.customers.slice(from, to), g.probabilities.subarray(from, to), g.model, g.calibrator, offers);
    };
  },
};

/** Runs `TASKS[kind]` over `tasks`; results in task order. */
export type ParallelMap = <K extends TaskKind>(kind: K, context: TaskContext<K>, tasks: readonly Task<K>[]) => Promise<TaskResult<K>[]>;

/** Every task on this thread, in order. */
export const inProcessMap: ParallelMap = async (kind, context, tasks) => tasks.map(TASKS[kind](context));
