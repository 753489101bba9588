"""Learn in minutes: the ``--preset cpu-demo`` recipe's learning curve on synthetic films.

Trains on the report labels of ``labelaudit synth --n N`` (128 px) and after every epoch
scores the validation films against the drawn truth (faint, hedged findings count as
positive), with the CPU seconds spent so far (this process and its DataLoader workers).
Target: mean AUROC >= 0.90 over the drawn findings within 5 CPU minutes of training.

    .venv/bin/python benchmarks/bench_recipe.py
    .venv/bin/python benchmarks/bench_recipe.py --set width=0.125 --set epochs=12
"""

from __future__ import annotations

import argparse
import json
import tempfile
from dataclasses import fields, replace
from pathlib import Path

import numpy as np
from rich.console import Console
from rich.table import Table
from synth_truth import auroc_vs_truth, cpu_seconds, image_table, prepare, truth

TARGET_AUROC, TARGET_CPU_S = 0.90, 300.0


def parse_sets(pairs: list[str]) -> dict:
    """``--set width=0.125`` -> {"width": 0.125}, typed like the TrainOptions field."""
    from labelaudit.train.options import TrainOptions

    types = {f.name: type(getattr(TrainOptions(), f.name)) for f in fields(TrainOptions)}
    from labelaudit.train.policies import parse_smoothing

    changes: dict = {}
    for pair in pairs:
        key, _, value = pair.partition("=")
        if key == "label_smoothing":  # LO,HI or default
            changes[key] = parse_smoothing(value)
            continue
        kind = types[key]
        changes[key] = value.lower() in ("1", "true", "yes") if kind is bool else kind(value)
    return changes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--data", type=Path, default=Path("/tmp/labelaudit-bench-synth"))
    parser.add_argument("--set", action="append", default=[], metavar="OPTION=VALUE")
    parser.add_argument("--json", type=Path, help="write the curve here too")
    args = parser.parse_args()

    import torch

    from labelaudit.train.presets import apply_preset
    from labelaudit.train.trainer import TrainOptions, train

    prepare(args.data, args.n)
    table, truth_frame = image_table(args.data), truth(args.data)
    config = replace(
        apply_preset(TrainOptions(), "cpu-demo"), n_resamples=0, **parse_sets(args.set)
    )
    start = cpu_seconds()
    curve: list[dict] = []

    def on_epoch(epoch: int, paths: list[str], probabilities: np.ndarray) -> None:
        scores = auroc_vs_truth(paths, probabilities, truth_frame)
        curve.append(
            {"epoch": epoch, "cpu_s": cpu_seconds() - start, "mean": np.nanmean([*scores.values()]),
             **scores}
        )  # fmt: skip
        print(f"epoch {epoch}: {curve[-1]['cpu_s']:.0f} CPU s, mean AUROC vs truth "
              f"{curve[-1]['mean']:.3f}", flush=True)  # fmt: skip

    with tempfile.TemporaryDirectory() as run:
        train(table, config, run, on_epoch=on_epoch)
    console = Console()
    findings = [k for k in curve[0] if k not in ("epoch", "cpu_s", "mean")]
    out = Table(title=f"{args.n} films, {torch.get_num_threads()} torch threads: {config}")
    for column in ("epoch", "CPU s", "mean AUROC vs truth", *findings):
        out.add_column(column, justify="right")
    for row in curve:
        out.add_row(str(row["epoch"]), f"{row['cpu_s']:.0f}", f"{row['mean']:.3f}",
                    *(f"{row[f]:.3f}" for f in findings))  # fmt: skip
    console.print(out)
    final = curve[-1]
    met = final["mean"] >= TARGET_AUROC and final["cpu_s"] <= TARGET_CPU_S
    console.print(
        f"last epoch: mean AUROC vs drawn truth {final['mean']:.3f} after "
        f"{final['cpu_s'] / 60:.1f} CPU minutes; target >= {TARGET_AUROC} in "
        f"<= {TARGET_CPU_S / 60:.0f} CPU minutes: {'met' if met else 'NOT met'}"
    )
    if args.json:
        args.json.write_text(json.dumps(curve, indent=1))


if __name__ == "__main__":
    main()
