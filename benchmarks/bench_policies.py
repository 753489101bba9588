"""The five CheXpert uncertainty policies compared on known truth (synthetic films).

Every policy trains on the same report labels (``labelaudit synth`` + ``labelaudit
extract``), the same patient split and the same seed, with the ``--preset cpu-demo``
recipe. Each run's best checkpoint then scores the held-out *test* films, which no run
saw or selected on, against the drawn truth (``truth.csv``: faint findings, whose reports
hedge, are positive). Reported per finding and on average: AUROC with a 95% bootstrap CI
(the same resampled films for every policy), and for the faint cases alone: the AUROC of
faint positives against negatives, and their median probability.

Runs the policies as parallel subprocesses (``--jobs``, one torch thread each), so
``--jobs 2`` uses two cores. Writes a markdown table, a JSON file and a PNG plot.

    .venv/bin/python benchmarks/bench_policies.py --jobs 2 \
        --markdown docs/img/policies.md --plot docs/img/policies.png
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import roc_auc_score
from synth_truth import ROOT, cpu_seconds, drawn_findings, image_table, prepare, truth

POLICIES = ("ignore", "zeros", "ones", "ones+LSR", "self-train", "multiclass")
PAPER_NAMES = {
    "ignore": "U-Ignore",
    "zeros": "U-Zeros",
    "ones": "U-Ones",
    "ones+LSR": "U-Ones+LSR (0.55-0.85)",
    "self-train": "U-SelfTrained (1 round, soft)",
    "multiclass": "U-MultiClass",
}


def train_one(policy: str, data: Path, out: Path, test_fraction: float, sets: list[str]) -> None:
    """Child process: train one policy, write the test films' probabilities to ``out``."""
    import torch
    from bench_recipe import parse_sets

    from labelaudit.train.options import TrainOptions
    from labelaudit.train.policies import DEFAULT_SMOOTHING, UncertaintyPolicy
    from labelaudit.train.predict import predict_table
    from labelaudit.train.presets import apply_preset
    from labelaudit.train.progress import Reporter
    from labelaudit.train.run import load_run
    from labelaudit.train.selftrain import run_training
    from labelaudit.train.split import patient_split

    table = image_table(data)
    table = patient_split(table.assign(split=None), test_fraction=test_fraction, seed=0)
    name = policy.split("+")[0]
    config = replace(
        apply_preset(TrainOptions(), "cpu-demo"),
        uncertain=UncertaintyPolicy(name),
        label_smoothing=DEFAULT_SMOOTHING if policy.endswith("LSR") else None,
        n_resamples=0,
        threads=1,
        **parse_sets(sets),
    )
    run = out.with_suffix("")
    start = cpu_seconds()
    run_training(table, config, run, reporter=Reporter(enabled=False))
    seconds = cpu_seconds() - start
    model, card = load_run(run)
    test = table[table["split"] == "test"][["path"]].reset_index(drop=True)
    predictions, failed = predict_table(model, card, test, device=torch.device("cpu"))
    assert not failed, failed
    predictions.to_csv(out, index=False)
    out.with_suffix(".json").write_text(json.dumps({"cpu_s": seconds}))


def bootstrap_aurocs(y: np.ndarray, p: np.ndarray, draws: np.ndarray) -> tuple[float, float, float]:
    """AUROC and its 95% percentile interval over the given resamples of the films."""
    point = roc_auc_score(y, p)
    samples = [roc_auc_score(y[d], p[d]) for d in draws if 0 < y[d].sum() < len(d)]
    low, high = np.percentile(samples, [2.5, 97.5])
    return float(point), float(low), float(high)


def score(policies: list[str], work: Path, data: Path, resamples: int) -> dict:
    truth_frame = truth(data)
    findings = drawn_findings(truth_frame)
    frames = {p: pd.read_csv(work / f"{p}.csv").set_index("path") for p in policies}
    paths = frames[policies[0]].index.tolist()
    rows = truth_frame.loc[paths]
    faint = rows["faint"].fillna("").astype(str)
    draws = np.random.default_rng(0).integers(0, len(paths), size=(resamples, len(paths)))
    result: dict = {"test_films": len(paths), "policies": {}}
    for policy in policies:
        probabilities = frames[policy].loc[paths]
        per_finding, faint_scores = {}, {}
        mean_samples = []
        for finding in findings:
            y = rows[finding].to_numpy().astype(int)
            p = probabilities[finding].to_numpy()
            per_finding[finding] = bootstrap_aurocs(y, p, draws)
            is_faint = faint.str.contains(finding, regex=False).to_numpy() & (y == 1)
            if is_faint.any():
                keep = is_faint | (y == 0)
                faint_scores[finding] = {
                    "faint": int(is_faint.sum()),
                    "auroc": float(roc_auc_score(y[keep], p[keep])),
                    "median_p_faint": float(np.median(p[is_faint])),
                    "median_p_clear": float(np.median(p[(y == 1) & ~is_faint])),
                }
        for d in draws:  # the mean over findings, resampled together
            aurocs = [
                roc_auc_score(rows[f].to_numpy()[d], probabilities[f].to_numpy()[d])
                for f in findings
                if 0 < rows[f].to_numpy()[d].sum() < len(d)
            ]
            mean_samples.append(np.mean(aurocs))
        mean = float(np.mean([v[0] for v in per_finding.values()]))
        cost = json.loads((work / f"{policy}.json").read_text())["cpu_s"]
        result["policies"][policy] = {
            "auroc": per_finding,
            "mean": (mean, *map(float, np.percentile(mean_samples, [2.5, 97.5]))),
            "faint": faint_scores,
            "faint_mean_auroc": float(np.mean([v["auroc"] for v in faint_scores.values()])),
            "cpu_s": cost,
        }
    return result


def markdown(result: dict, findings: list[str]) -> str:
    head = "| policy | " + " | ".join(findings) + " | **mean** | faint vs negative | CPU min |"
    lines = [head, "|---|" + "---:|" * (len(findings) + 3)]
    for policy, r in result["policies"].items():
        cells = [f"{r['auroc'][f][0]:.3f} ({r['auroc'][f][1]:.2f}-{r['auroc'][f][2]:.2f})"
                 for f in findings]  # fmt: skip
        mean = f"**{r['mean'][0]:.3f}** ({r['mean'][1]:.3f}-{r['mean'][2]:.3f})"
        lines.append(
            f"| {PAPER_NAMES[policy]} (`{policy}`) | " + " | ".join(cells)
            + f" | {mean} | {r['faint_mean_auroc']:.3f} | {r['cpu_s'] / 60:.1f} |"
        )  # fmt: skip
    faint_lines = ["", "Median probability of the faint positives / of the clear positives:", "",
                   "| policy | " + " | ".join(
        f"{f} (n={n})" for f, n in _faint_counts(result).items()) + " |"]  # fmt: skip
    faint_lines.append("|---|" + "---:|" * len(_faint_counts(result)))
    for policy, r in result["policies"].items():
        faint_lines.append(
            f"| `{policy}` | " + " | ".join(
                f"{r['faint'][f]['median_p_faint']:.2f} / {r['faint'][f]['median_p_clear']:.2f}"
                for f in _faint_counts(result)) + " |"
        )  # fmt: skip
    return "\n".join(lines + faint_lines) + "\n"


def _faint_counts(result: dict) -> dict[str, int]:
    first = next(iter(result["policies"].values()))
    return {f: v["faint"] for f, v in first["faint"].items()}


def plot(result: dict, findings: list[str], path: Path) -> None:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    policies = list(result["policies"])
    figure = Figure(figsize=(10, 4.2), dpi=110)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    columns = [*findings, "mean"]
    width = 0.8 / len(policies)
    for k, policy in enumerate(policies):
        r = result["policies"][policy]
        values = [r["auroc"][f] for f in findings] + [tuple(r["mean"])]
        x = np.arange(len(columns)) + (k - (len(policies) - 1) / 2) * width
        points = np.array([v[0] for v in values])
        errors = np.array([[v[0] - v[1] for v in values], [v[2] - v[0] for v in values]])
        axes.errorbar(x, points, yerr=errors, fmt="o", markersize=4, capsize=2,
                      linewidth=1, label=PAPER_NAMES[policy])  # fmt: skip
    axes.set_xticks(np.arange(len(columns)))
    axes.set_xticklabels([c.replace(" ", "\n") for c in columns], fontsize=8)
    axes.set_ylabel("AUROC vs drawn truth (test films)")
    axes.set_ylim(0.4, 1.01)
    axes.grid(axis="y", linewidth=0.3)
    axes.legend(fontsize=7, loc="lower left", ncol=2)
    axes.set_title(
        f"Uncertainty policies on {result['test_films']} held-out synthetic films "
        "(95% bootstrap CIs)", fontsize=9
    )  # fmt: skip
    figure.tight_layout()
    figure.savefig(path, format="png")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="synthetic films")
    parser.add_argument("--data", type=Path, default=Path("/tmp/labelaudit-bench-synth"))
    parser.add_argument("--work", type=Path, default=Path("/tmp/labelaudit-bench-policies"))
    parser.add_argument("--policies", default=",".join(POLICIES))
    parser.add_argument("--test-fraction", type=float, default=0.2)
    parser.add_argument("--jobs", type=int, default=2, help="policies trained at once")
    parser.add_argument("--resamples", type=int, default=500)
    parser.add_argument("--set", action="append", default=[], metavar="OPTION=VALUE")
    parser.add_argument("--markdown", type=Path)
    parser.add_argument("--plot", type=Path)
    parser.add_argument("--one", help=argparse.SUPPRESS)  # child process: one policy
    args = parser.parse_args()
    if args.one:
        train_one(args.one, args.data, args.work / f"{args.one}.csv", args.test_fraction, args.set)
        return

    prepare(args.data, args.n)
    args.work.mkdir(parents=True, exist_ok=True)
    policies = args.policies.split(",")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "OMP_NUM_THREADS": "1"}
    pending, running, start = list(policies), [], time.perf_counter()
    while pending or running:
        while pending and len(running) < args.jobs:
            policy = pending.pop(0)
            if (args.work / f"{policy}.json").is_file():  # done in an earlier, cut-off run
                continue
            command = [sys.executable, __file__, "--one", policy, "--data", str(args.data),
                       "--work", str(args.work), "--test-fraction", str(args.test_fraction),
                       *(f"--set={s}" for s in args.set)]  # fmt: skip
            log = open(args.work / f"{policy}.log", "w")  # noqa: SIM115 - closed below
            running.append((policy, subprocess.Popen(command, env=env, stdout=log,
                                                     stderr=subprocess.STDOUT), log))  # fmt: skip
        time.sleep(2)
        for item in list(running):
            policy, process, log = item
            if process.poll() is not None:
                log.close()
                running.remove(item)
                if process.returncode:
                    raise SystemExit(f"{policy} failed; see {args.work / f'{policy}.log'}")
                print(f"{policy}: done after {time.perf_counter() - start:.0f} s", flush=True)

    result = score(policies, args.work, args.data, args.resamples)
    result["cpu_s_all"] = cpu_seconds()
    findings = drawn_findings(truth(args.data))
    text = markdown(result, findings)
    print(text)
    (args.work / "policies.json").write_text(json.dumps(result, indent=1))
    if args.markdown:
        args.markdown.write_text(text)
    if args.plot:
        plot(result, findings, args.plot)


if __name__ == "__main__":
    main()
