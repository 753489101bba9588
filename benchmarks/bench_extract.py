"""Speed and memory of ``labelaudit extract``, with a plain spaCy + negspacy reference.

Labels the fixed synthetic corpus of ``report_corpus.make_corpus`` (about 50,000 reports)
with 1 worker and with 2, and in the same run a plain pipeline on the same corpus:
``spacy.blank("en")`` + sentencizer + an EntityRuler with labelaudit's own mention phrases +
negspacy's ``negex`` with its default termset. Then it streams 1,000,000 reports (the corpus
repeated, written on the fly into a temporary CSV) and reports the peak memory.

Each measurement runs in a fresh process, so its peak RSS (getrusage maxrss) is its own.

    .venv/bin/python benchmarks/bench_extract.py                 # the full run
    .venv/bin/python benchmarks/bench_extract.py --memory-reports 0   # skip the 1M check
"""

from __future__ import annotations

import argparse
import csv
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # report_corpus.py lives beside this script
sys.path.insert(1, str(HERE.parent))  # the labelaudit checkout, when not installed

CHEXPERT_LABELER_RATE = 5.0  # reports/s, the reference labeler (README of issue 2, research)
TARGET_ONE_CORE = 1500.0
TARGET_SPEEDUP = 1.8
TARGET_MEMORY_MB = 500.0


def write_corpus_csv(path: Path, texts: list[str], total: int) -> None:
    """``total`` reports: the corpus repeated, each with its own id, streamed to disk."""
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["report_id", "report"])
        for row in range(total):
            writer.writerow([f"r{row}", texts[row % len(texts)]])


def peak_rss_mb() -> dict[str, float]:
    """Peak resident memory of this process and of its largest child (Linux: KiB)."""
    divisor = 1024 * 1024 if sys.platform == "darwin" else 1024  # macOS reports bytes
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / divisor
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / divisor
    return {"peak_mb": own, "child_peak_mb": children}


# -- measurements, each in its own process -------------------------------------------------


def measure_labelaudit(input_csv: Path, workers: int) -> dict:
    from labelaudit.extract.job import extract_labels
    from labelaudit.extract.readers import open_reports
    from labelaudit.extract.runner import LabelerOptions

    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        source = open_reports(input_csv)
        result = extract_labels(
            source, Path(folder) / "labels.csv", options=LabelerOptions(), workers=workers
        )
        seconds = time.perf_counter() - started
    return {"reports": result.summary.reports, "seconds": seconds, **peak_rss_mb()}


def measure_reference(input_csv: Path) -> dict:
    """The plain pipeline: blank English, sentencizer, ruler with the same phrases, negex."""
    import pandas as pd
    import spacy
    from negspacy.negation import Negex  # noqa: F401  (registers the "negex" factory)

    from labelaudit.labeler import Labeler

    started = time.perf_counter()
    phrases = [(m.observation, m.phrase.text) for m in Labeler().rules.mentions]
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"})
    ruler.add_patterns([{"label": "OBS", "pattern": text, "id": obs} for obs, text in phrases])
    nlp.add_pipe("negex")
    reports = 0
    negated = 0
    for frame in pd.read_csv(input_csv, dtype=str, keep_default_na=False, chunksize=4096):
        for doc in nlp.pipe(frame["report"].tolist(), batch_size=256):
            negated += sum(ent._.negex for ent in doc.ents)  # use the result, as a labeler would
            reports += 1
    seconds = time.perf_counter() - started
    return {"reports": reports, "seconds": seconds, "phrases": len(phrases), **peak_rss_mb()}


def run_child(kind: str, input_csv: Path, workers: int = 1) -> dict:
    command = [sys.executable, __file__, "--child", kind, "--input", str(input_csv)]
    command += ["--workers", str(workers)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{kind} run failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# -- the report ----------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=50_000, help="corpus size")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--memory-reports", type=int, default=1_000_000, help="0 skips it")
    parser.add_argument("--memory-workers", type=int, default=2)
    parser.add_argument("--child", choices=["labelaudit", "reference"], help=argparse.SUPPRESS)
    parser.add_argument("--input", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--workers", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child == "labelaudit":
        print(json.dumps(measure_labelaudit(args.input, args.workers)))
        return
    if args.child == "reference":
        print(json.dumps(measure_reference(args.input)))
        return

    from report_corpus import make_corpus

    console = Console()
    texts = make_corpus(args.reports, args.seed)
    mean_chars = sum(len(t) for t in texts) / len(texts)
    console.print(
        f"corpus: {len(texts):,} reports (seed {args.seed}), {mean_chars:.0f} characters on average"
    )
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        corpus_csv = Path(folder) / "corpus.csv"
        write_corpus_csv(corpus_csv, texts, len(texts))
        runs = [
            ("spaCy blank + sentencizer + ruler + negex (reference)", "reference", 1),
            ("labelaudit extract, 1 worker", "labelaudit", 1),
            ("labelaudit extract --workers 2", "labelaudit", 2),
        ]
        for name, kind, workers in runs:
            console.print(f"running: {name} …")
            rows.append((name, workers, run_child(kind, corpus_csv, workers)))
        memory = None
        if args.memory_reports:
            big_csv = Path(folder) / "big.csv"
            write_corpus_csv(big_csv, texts, args.memory_reports)
            console.print(
                f"running: memory check, {args.memory_reports:,} reports "
                f"({big_csv.stat().st_size / 1e6:,.0f} MB CSV), --workers {args.memory_workers} …"
            )
            memory = run_child("labelaudit", big_csv, args.memory_workers)

    table = Table(title=f"labelaudit extract on {len(texts):,} synthetic reports")
    for column in (
        "pipeline",
        "reports/s",
        "seconds",
        "peak RSS main (MB)",
        "peak RSS worker (MB)",
    ):
        table.add_column(column, justify="left" if column == "pipeline" else "right")
    rates = {}
    for name, workers, figures in rows:
        rate = figures["reports"] / figures["seconds"]
        rates[(name, workers)] = rate
        worker_peak = f"{figures['child_peak_mb']:,.0f}" if workers > 1 else "-"
        table.add_row(
            name,
            f"{rate:,.0f}",
            f"{figures['seconds']:.1f}",
            f"{figures['peak_mb']:,.0f}",
            worker_peak,
        )
    table.add_row(
        "CheXpert labeler (published, for comparison)", f"~{CHEXPERT_LABELER_RATE:.0f}", "", "", ""
    )
    console.print(table)

    one = rates[(rows[1][0], 1)]
    two = rates[(rows[2][0], 2)]
    reference = rates[(rows[0][0], 1)]
    console.print(
        f"1 worker: {one:,.0f} reports/s (target ≥ {TARGET_ONE_CORE:,.0f}: "
        f"{'met' if one >= TARGET_ONE_CORE else 'MISSED'}); "
        f"2 workers: {two / one:.2f}x (target ≥ {TARGET_SPEEDUP}: "
        f"{'met' if two / one >= TARGET_SPEEDUP else 'MISSED'}); "
        f"reference pipeline: {reference:,.0f} reports/s ({one / reference:.2f}x of it)"
    )
    if memory is not None:
        total = memory["peak_mb"] + args.memory_workers * memory["child_peak_mb"]
        met = total < TARGET_MEMORY_MB
        console.print(
            f"memory: {memory['reports']:,} reports in {memory['seconds']:.0f} s "
            f"({memory['reports'] / memory['seconds']:,.0f} reports/s) with "
            f"--workers {args.memory_workers}; peak RSS main {memory['peak_mb']:,.0f} MB, "
            f"largest worker {memory['child_peak_mb']:,.0f} MB, all processes ≤ {total:,.0f} MB "
            f"(target < {TARGET_MEMORY_MB:,.0f} MB: {'met' if met else 'MISSED'})"
        )


if __name__ == "__main__":
    main()
