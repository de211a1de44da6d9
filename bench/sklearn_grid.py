#!/usr/bin/python3
"""The peer's way, timed: scikit-learn's GridSearchCV over the same grid and folds as our model search.

  /usr/bin/python3 bench/sklearn_grid.py --customers OUT/customers.json --split OUT/split.json [--jobs 1]

Reads the cleaned customer table and the split that `npm run analyze` wrote (so both sides see the same rows),
and runs GridSearchCV(Pipeline(ColumnTransformer(scaler | ordinal | one-hot), estimator), every configuration of
src/analysis/models/grid.ts defaultGrid(), StratifiedKFold(5) over the training part, scoring="roc_auc",
refit=False, n_jobs=1) — the grid, preprocessing and folds are those of scripts/sklearn_fixtures.py, which the
tests already hold equal to the TypeScript core's. One difference, in the folds only: on data with copied
customers the core keeps each group of copies in one fold (split.ts), plain StratifiedKFold does not, so a few
rows sit in other folds and the CV AUCs differ slightly; the work per configuration is the same. Prints one JSON
object (wall and CPU seconds of the fit alone, not of importing scikit-learn) on stdout. Run by bench/run.ts with
Debian's python3-sklearn; never by CI.
"""

import argparse
import json
import os
import sys
import time
import warnings

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "scripts"))

import numpy as np  # noqa: E402
import sklearn  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.model_selection import GridSearchCV  # noqa: E402
from sklearn.pipeline import Pipeline  # noqa: E402

from sklearn_fixtures import N_FOLDS, default_grid, estimator, fixture_folds, key, load_table, preprocessor  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--customers", required=True)
    ap.add_argument("--split", required=True)
    ap.add_argument("--jobs", type=int, default=1)
    a = ap.parse_args()
    with open(a.customers, encoding="utf-8") as fh:
        customers = json.load(fh)
    with open(a.split, encoding="utf-8") as fh:
        split = json.load(fh)
    train, _test, ytr, _yte = load_table(customers, split)
    folds = fixture_folds(train, ytr)
    cv = [(np.where(folds != k)[0], np.where(folds == k)[0]) for k in range(N_FOLDS)]
    grid = default_grid()
    candidates = [{"pre": [preprocessor(s)], "clf": [estimator(fam, p)]} for fam, p, s in grid]
    pipe = Pipeline([("pre", preprocessor("none")), ("clf", LogisticRegression())])
    wall0, cpu0 = time.perf_counter(), time.process_time()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        gs = GridSearchCV(pipe, candidates, scoring="roc_auc", cv=cv, refit=False, n_jobs=a.jobs, error_score="raise").fit(train, ytr)
    wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    scores = gs.cv_results_["mean_test_score"]
    best = min(range(len(grid)), key=lambda i: (-scores[i], i))
    print(json.dumps({
        "sklearn_version": sklearn.__version__,
        "configurations": len(grid),
        "folds": N_FOLDS,
        "training_customers": int(len(ytr)),
        "jobs": a.jobs,
        "wall_s": round(wall, 2),
        "cpu_s": round(cpu, 2),
        "best": {"key": key(*grid[best]), "mean_cv_auc": round(float(scores[best]), 6)},
    }))


if __name__ == "__main__":
    main()
