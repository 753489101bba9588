"""Does training learn? synth -> extract -> train on the CPU, then validation AUROC.

1. ``labelaudit synth`` draws N films at 128 px with localized findings and reports;
2. ``labelaudit extract`` labels the reports (truth.csv stands in if the labeler fails);
3. ``labelaudit train --labels --images`` at 128 px, for a CPU-minutes budget;
4. the mean validation AUROC over the drawn findings, twice: against the report labels
   (metrics.json) and against the drawn ground truth (truth.csv, per image).

Target: mean AUROC >= 0.9 on the drawn findings within a few CPU minutes at 128 px. The
real VGG16 is far too slow for that on 2 shared cores, so this uses --width (default
0.125) and, optionally, --batch-norm; the options used are printed with the result.

    .venv/bin/python benchmarks/bench_synth_auroc.py
    .venv/bin/python benchmarks/bench_synth_auroc.py --n 800 --epochs 12 --batch-norm
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
from rich.console import Console
from rich.table import Table
from sklearn.metrics import roc_auc_score

ROOT = Path(__file__).resolve().parent.parent
TARGET = 0.9


def labelaudit(*args: object, log: Path) -> tuple[float, float]:
    """Run one CLI command; return its wall and CPU seconds. Output goes to ``log``.

    CPU seconds (user + system of the child and its DataLoader workers) are the fair
    budget on a machine shared with other work; wall time depends on the neighbours.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    with open(log, "a", encoding="utf-8") as handle:
        handle.write(f"\n$ labelaudit {' '.join(map(str, args))}\n")
        handle.flush()
        done = subprocess.run(
            [sys.executable, "-m", "labelaudit", *map(str, args)],
            cwd=ROOT, stdout=handle, stderr=subprocess.STDOUT, env={"COLUMNS": "120", **_env()},
        )  # fmt: skip
    if done.returncode:
        raise SystemExit(f"labelaudit {args[0]} failed; see {log}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return time.perf_counter() - start, cpu


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def truth_labels(data: Path) -> Path:
    """Fallback labels per report from the drawn truth (a report is positive if any film is)."""
    truth = pd.read_csv(data / "truth.csv")
    findings = [
        c
        for c in truth.columns
        if c not in ("path", "report_id", "patient_id", "faint", "report_error")
    ]
    labels = truth.groupby("report_id")[findings].max().astype(float).reset_index()
    path = data / "labels_truth.csv"
    labels.to_csv(path, index=False)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=600, help="synthetic films")
    parser.add_argument("--size", type=int, default=128)
    parser.add_argument("--epochs", type=int, default=8)
    parser.add_argument("--width", type=float, default=0.125)
    parser.add_argument("--batch-norm", action="store_true")
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--keep", type=Path, help="keep the data and run folder here")
    parser.add_argument(
        "--score-only",
        type=Path,
        metavar="WORK",
        help="only re-score WORK/run against WORK/synth (e.g. after train --resume)",
    )
    args = parser.parse_args()
    console = Console()
    if args.score_only:
        work = args.score_only
        report(console, work / "run", work / "synth", f"{work / 'run'} (re-scored)", "see log.csv")
        return

    with tempfile.TemporaryDirectory() as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        data, run, log = work / "synth", work / "run", work / "bench.log"
        labelaudit(
            "synth",
            data,
            "--n",
            args.n,
            "--size",
            args.size,
            "--seed",
            args.seed,
            "--overwrite",
            log=log,
        )
        try:
            labelaudit("extract", data / "reports.csv", "-o", data / "labels.csv", log=log)
            labels, source = data / "labels.csv", "labelaudit extract (report labels)"
        except SystemExit:
            labels, source = truth_labels(data), "truth.csv (the labeler failed)"
        options = [
            "--image-size", args.size, "--width", args.width, "--epochs", args.epochs,
            "--lr", args.lr, "--batch-size", args.batch_size, "--workers", args.workers,
            "--seed", args.seed, "--device", "cpu", "--bootstrap", 200,
        ]  # fmt: skip
        if args.batch_norm:
            options.append("--batch-norm")
        train_s, train_cpu = labelaudit(
            "train", "--labels", labels, "--images", data / "manifest.csv", *options,
            "--output", run, log=log,
        )  # fmt: skip

        title = (
            f"Synthetic data, {args.n} films at {args.size} px: VGG16 width {args.width}"
            f"{' BN' if args.batch_norm else ''}, {args.epochs} epochs, lr {args.lr}; "
            f"labels from {source}"
        )
        report(console, run, data, title, f"{train_cpu / 60:.1f} CPU minutes, {train_s:.0f} s wall")


def report(console: Console, run: Path, data: Path, title: str, cost: str) -> None:
    """The per-finding table for a finished run, and whether the target is met."""
    metrics = json.loads((run / "metrics.json").read_text())
    truth = pd.read_csv(data / "truth.csv")
    truth["path"] = [str((data / p).resolve()) for p in truth["path"]]
    not_findings = ("path", "report_id", "patient_id", "faint", "report_error", "No Finding")
    drawn = [c for c in truth.columns if c not in not_findings]
    predictions = pd.read_csv(run / "valid_predictions.csv").merge(
        truth, on="path", suffixes=("", "_truth")
    )
    table = Table(title=title, title_justify="left")
    for column in ("drawn finding", "AUROC vs report labels", "95% CI", "AUROC vs drawn truth"):
        table.add_column(column, justify="left" if column == "drawn finding" else "right")
    vs_labels, vs_truth = [], []
    for finding in drawn:
        scored = metrics["observations"].get(finding)
        y = predictions[f"{finding}_truth"].to_numpy()
        truth_auc = roc_auc_score(y, predictions[finding]) if 0 < y.sum() < len(y) else np.nan
        if scored:
            vs_labels.append(scored["auroc"])
        vs_truth.append(truth_auc)
        ci = scored["auroc_ci"] if scored else None
        table.add_row(
            finding,
            f"{scored['auroc']:.3f}" if scored else "-",
            f"{ci[0]:.3f}-{ci[1]:.3f}" if ci else "-",
            f"{truth_auc:.3f}",
        )
    mean_labels, mean_truth = float(np.mean(vs_labels)), float(np.nanmean(vs_truth))
    table.add_section()
    table.add_row("mean", f"{mean_labels:.3f}", "", f"{mean_truth:.3f}")
    console.print(table)
    log_rows = pd.read_csv(run / "log.csv")
    console.print(
        f"training: {cost}, {len(log_rows)} epochs "
        f"({log_rows['images_per_s'].median():.1f} images/s median), best epoch "
        f"{metrics['best_epoch']}, {metrics['valid_images_scored']} validation images; "
        f"target mean AUROC >= {TARGET}: "
        + ("met" if min(mean_labels, mean_truth) >= TARGET else "NOT met")
    )


if __name__ == "__main__":
    main()
