"""Flipped-label recovery: does ``labelaudit audit`` find labels we know are wrong?

1. ``labelaudit synth`` cohort (report errors off); labels = what each report states.
2. Flip a known 5 % of the audited label cells (drawn findings, 0/1 after the policies:
   blank counts as 0, uncertain is left alone).
3. Out-of-fold probabilities from the real K-fold trainer (``labelaudit train --folds K``:
   ``labelaudit.train.folds.train_folds``), folds by patient.
4. ``labelaudit audit`` (cleanlab confident learning per observation); precision and recall
   of the suspects against the flipped cells.

Reference, in the same run on the same probabilities: the plain disagreement rule, which
flags every label on the other side of p = 0.5 from the model, and the precision of random
flagging (the flip rate).

    .venv/bin/python benchmarks/bench_audit_recovery.py   # the figures in docs/saliency_audit.md
    .venv/bin/python benchmarks/bench_audit_recovery.py --n 1000 --folds 5 --epochs 30

Run it alone: two torch processes on 2 cores oversubscribe the threads and both crawl.
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
sys.path.insert(0, str(Path(__file__).resolve().parent))

import torch
from bench_saliency_validity import synth_image_table, train_config
from rich.console import Console
from rich.table import Table
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import GroupKFold

from labelaudit.audit.job import AuditInputs, AuditOptions, run_audit
from labelaudit.labelfile import format_value, read_label_file
from labelaudit.synth.dataset import generate
from labelaudit.synth.findings import DRAWN
from labelaudit.train.folds import train_folds

console = Console()


def flip_labels(
    stated: Path, out: Path, rate: float, seed: int
) -> tuple[set[tuple[str, str]], int]:
    """Flip ``rate`` of the drawn findings' audited cells (1/0/blank -> 0/1); return them."""
    table = pd.read_csv(stated, dtype=str, keep_default_na=False)
    values = read_label_file(stated).values
    cells = [
        (row, observation)
        for observation in DRAWN
        for row, value in enumerate(values[observation])
        if value != -1.0  # uncertain labels are never audited as 0/1 under --uncertain ignore
    ]
    rng = np.random.default_rng(seed)
    picked = rng.choice(len(cells), size=round(rate * len(cells)), replace=False)
    flipped = set()
    for number in picked:
        row, observation = cells[number]
        value = values[observation].iloc[row]
        table.loc[row, observation] = format_value(0.0 if value == 1.0 else 1.0)
        flipped.add((table.loc[row, "report_id"], observation))
    table.to_csv(out, index=False)
    return flipped, len(cells)


def precision_recall(found: set, truth: set) -> tuple[float, float]:
    hits = len(found & truth)
    return (hits / len(found) if found else float("nan"), hits / len(truth))


def disagreement_rule(labels: Path, oof: Path) -> set[tuple[str, str]]:
    """Flag every audited label the model's report-mean probability contradicts at 0.5."""
    values = read_label_file(labels).values
    probs = pd.read_csv(oof, dtype={"study_id": str}).groupby("study_id")[list(DRAWN)].mean()
    flagged = set()
    for observation in DRAWN:
        given = values.loc[probs.index, observation].fillna(0.0)  # blank -> 0, as audited
        disagree = (given != -1.0) & ((probs[observation] >= 0.5) != (given == 1.0))
        flagged |= {(rid, observation) for rid in probs.index[disagree.to_numpy()]}
    return flagged


def oof_auroc(stated: Path, oof: Path) -> dict[str, float]:
    """How good the out-of-fold model is, per finding, against the unflipped labels."""
    values = read_label_file(stated).values
    probs = pd.read_csv(oof, dtype={"study_id": str}).groupby("study_id")[list(DRAWN)].mean()
    scores = {}
    for observation in DRAWN:
        given = values.loc[probs.index, observation].fillna(0.0)
        keep = (given != -1.0).to_numpy()
        scores[observation] = roc_auc_score(given[keep], probs[observation][keep])
    return scores


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=600, help="synthetic images")
    parser.add_argument("--size", type=int, default=64, help="image side, pixels")
    parser.add_argument("--folds", type=int, default=4)
    parser.add_argument("--epochs", type=int, default=15)
    parser.add_argument("--width", type=float, default=0.125, help="VGG16 channel scale")
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--flip-rate", type=float, default=0.05)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workdir", type=Path, help="keep data, folds and audit here")
    args = parser.parse_args()
    torch.set_num_threads(2)

    with tempfile.TemporaryDirectory() as tmp:
        work = args.workdir or Path(tmp)
        started = time.perf_counter()
        synth = work / "synth"
        generate(synth, n=args.n, size=args.size, seed=args.seed, error_rate=0.0, overwrite=True)
        labels = work / "flipped_labels.csv"
        flipped, audited_cells = flip_labels(
            synth / "stated.csv", labels, args.flip_rate, args.seed
        )
        table = synth_image_table(synth, labels, seed=args.seed)
        folds = GroupKFold(n_splits=args.folds).split(table, groups=table["patient_id"])
        fold_of_row = pd.Series(0, index=table.index)
        for fold, (_, held_out) in enumerate(folds):
            fold_of_row.iloc[held_out] = fold
        train_folds(table, fold_of_row, train_config(args), work / "folds")
        trained = time.perf_counter()
        oof = work / "folds" / "oof_predictions.csv"
        outcome = run_audit(
            AuditInputs(labels, oof, images=synth / "manifest.csv"), work / "audit", AuditOptions()
        )
        audited = time.perf_counter()
        found = set(
            zip(outcome.suspects["report_id"], outcome.suspects["observation"], strict=True)
        )
        reference = disagreement_rule(labels, oof)
        aurocs = oof_auroc(synth / "stated.csv", oof)

    console.print(
        f"synthetic: {args.n} images at {args.size} px, {outcome.reports} reports; "
        f"{len(flipped)} of {audited_cells} audited label cells flipped ({args.flip_rate:.0%}); "
        f"{args.folds}-fold VGG16 width {args.width}, {args.epochs} epochs: "
        f"{trained - started:.0f} s; audit {audited - trained:.1f} s",
        highlight=False,
    )
    summary = Table(title="Recovery of the flipped labels")
    for column in ("method", "flagged", "found", "precision", "recall"):
        summary.add_column(column, justify="left" if column == "method" else "right")
    for name, flagged in (
        ("labelaudit audit (cleanlab)", found),
        ("p=0.5 disagreement", reference),
    ):
        precision, recall = precision_recall(flagged, flipped)
        summary.add_row(
            name,
            str(len(flagged)),
            str(len(flagged & flipped)),
            f"{precision:.3f}",
            f"{recall:.3f}",
        )
    summary.add_row("random flagging", "-", "-", f"{args.flip_rate:.3f}", "-")
    console.print(summary)

    per_obs = Table(title="Per observation (labelaudit audit)")
    for column in ("observation", "OOF AUROC", "flipped", "flagged", "precision", "recall"):
        per_obs.add_column(column, justify="left" if column == "observation" else "right")
    for observation in DRAWN:
        truth = {c for c in flipped if c[1] == observation}
        flagged = {c for c in found if c[1] == observation}
        if not truth:
            continue
        precision, recall = precision_recall(flagged, truth)
        per_obs.add_row(
            observation, f"{aurocs[observation]:.3f}", str(len(truth)), str(len(flagged)),
            f"{precision:.3f}", f"{recall:.3f}",
        )  # fmt: skip
    console.print(per_obs)
    for observation, why in outcome.skipped.items():
        console.print(f"not audited: {observation}: {why}", highlight=False)


if __name__ == "__main__":
    main()
