"""Speed of the validation bootstrap, against a plain per-resample loop on the same input.

Input: a synthetic gold set of N reports x 14 observations with a realistic class mix
(about 75% blank, 12% positive, 8% negative, 5% uncertain) and predictions that differ
in 10% of the cells; seed fixed.

1. labelaudit's bootstrap: every resample's confusion matrices from one matrix product.
2. Reference: the plain way, scikit-learn metrics recomputed on each resampled set of
   reports (the same draws). It runs on a subset of resamples and is extrapolated to all;
   the numbers of both are checked to be identical on that subset.
3. The whole ``validate --pred`` pipeline (read, join, score, bootstrap, tables, chart,
   HTML, errors.csv) on the same files, labeler not involved.

    .venv/bin/python benchmarks/bench_validation.py                # 700 reports, 1000 resamples
    .venv/bin/python benchmarks/bench_validation.py --reports 5000 --resamples 2000
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from a checkout

from rich.console import Console
from rich.table import Table

from labelaudit.labelfile import format_value
from labelaudit.observations import OBSERVATIONS
from labelaudit.validation.bootstrap import draw_counts, resample_metrics
from labelaudit.validation.metrics import point_metrics
from labelaudit.validation.run import (
    ValidationInputs,
    ValidationOptions,
    score_validation,
    write_outputs,
)


def synthetic(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    classes = rng.choice(4, size=(n, len(OBSERVATIONS)), p=[0.12, 0.08, 0.05, 0.75])
    pred = classes.copy()
    flip = rng.random(classes.shape) < 0.10
    pred[flip] = rng.integers(0, 4, int(flip.sum()))
    return classes.astype(np.int8), pred.astype(np.int8)


def write_labels(path: Path, codes: np.ndarray) -> None:
    values = np.array([1.0, 0.0, -1.0, np.nan])[codes]
    frame = pd.DataFrame(values, columns=list(OBSERVATIONS)).map(format_value)
    frame.insert(0, "report_id", [f"s{i:06d}" for i in range(len(frame))])
    frame.to_csv(path, index=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=700)
    parser.add_argument("--resamples", type=int, default=1000)
    parser.add_argument("--reference-resamples", type=int, default=20)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    gold, pred = synthetic(args.reports, args.seed)
    observations = list(OBSERVATIONS)

    start = time.perf_counter()
    per_obs, _ = resample_metrics(
        gold, pred, observations, n_resamples=args.resamples, seed=args.seed
    )
    vectorised = time.perf_counter() - start

    # Reference: recompute with scikit-learn on each resample (the same draws).
    k = min(args.reference_resamples, args.resamples)
    weights = draw_counts(np.random.default_rng(args.seed), k, args.reports)
    start = time.perf_counter()
    for b in range(k):
        rows = np.repeat(np.arange(args.reports), weights[b].astype(int))
        expected, _, _ = point_metrics(gold[rows], pred[rows], observations)
        for key, values in expected.items():
            np.testing.assert_allclose(per_obs[key][b], values, rtol=1e-12, atol=1e-12)
    plain_each = (time.perf_counter() - start) / k

    with tempfile.TemporaryDirectory() as folder:
        gold_path, pred_path = Path(folder) / "gold.csv", Path(folder) / "pred.csv"
        write_labels(gold_path, gold)
        write_labels(pred_path, pred)
        start = time.perf_counter()
        result = score_validation(
            ValidationInputs(gold=gold_path, pred=pred_path),
            ValidationOptions(n_resamples=args.resamples, seed=0),
        )
        write_outputs(result, Path(folder) / "out")
        pipeline = time.perf_counter() - start

    table = Table(title=f"{args.reports} reports x 14 observations, {args.resamples} resamples")
    for column in ("method", "seconds", "per resample (ms)", "speed-up"):
        table.add_column(column, justify="left" if column == "method" else "right")
    plain_total = plain_each * args.resamples
    table.add_row(
        "labelaudit bootstrap (vectorised)",
        f"{vectorised:.2f}",
        f"{1000 * vectorised / args.resamples:.2f}",
        f"{plain_total / vectorised:.0f}x",
    )
    table.add_row(
        f"plain sklearn loop (measured on {k}, extrapolated)",
        f"{plain_total:.1f}",
        f"{1000 * plain_each:.1f}",
        "1x",
    )
    table.add_row("whole validate --pred (files in, all outputs)", f"{pipeline:.2f}", "", "")
    Console().print(table)
    print("the first", k, "resamples agree exactly between both methods")


if __name__ == "__main__":
    main()
