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
import os
import resource
import subprocess
import sys
import tempfile
import threading
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


def cpu_seconds() -> float:
    """CPU time of this process and of its finished children (the pool's workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


class MemorySampler(threading.Thread):
    """Peak resident memory of this process and its descendants, sampled from /proc.

    getrusage's maxrss is no use here: Linux carries it over from the parent across
    fork + exec, so every child would report at least its parent's peak.
    """

    def __init__(self, interval: float = 0.1) -> None:
        super().__init__(daemon=True)
        self.interval = interval
        self.peak_total_mb = 0.0  # all processes of the tree together
        self.peak_worker_mb = 0.0  # the largest single worker (VmHWM)
        self._halt = threading.Event()

    def run(self) -> None:
        while not self._halt.wait(self.interval):
            self.sample()

    def sample(self) -> None:
        root = os.getpid()
        pids = _descendants(root)
        # PSS, not RSS: library pages shared by the processes are counted once in the sum.
        total = sum(_pss_kb(pid) for pid in [root, *pids]) / 1024
        self.peak_total_mb = max(self.peak_total_mb, total)
        for pid in pids:
            self.peak_worker_mb = max(self.peak_worker_mb, _status_kb(pid, "VmHWM") / 1024)

    def stop(self) -> dict[str, float]:
        self.sample()
        self._halt.set()
        self.join()
        return {
            "peak_mb": _status_kb(os.getpid(), "VmHWM") / 1024,
            "worker_peak_mb": self.peak_worker_mb,
            "total_peak_mb": self.peak_total_mb,
        }


def _status_kb(pid: int, field: str) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return float(line.split()[1])
    except OSError:
        pass  # the process ended between listing and reading
    return 0.0


def _pss_kb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return float(line.split()[1])
    except OSError:
        pass
    return 0.0


def _descendants(root: int) -> list[int]:
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found, frontier = [], [root]
    while frontier:
        children = [pid for pid, parent in parents.items() if parent in frontier]
        found += children
        frontier = children
    return found


# -- measurements, each in its own process -------------------------------------------------


def measure_labelaudit(input_csv: Path, workers: int) -> dict:
    from labelaudit.extract import ExtractInputs, ExtractOptions, open_reports, run_extract

    sampler = MemorySampler()
    sampler.start()
    started = time.perf_counter()
    options = ExtractOptions(workers=workers)
    labeler = options.labeler.build()
    startup = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as folder:
        started, cpu = time.perf_counter(), cpu_seconds()
        source = open_reports(input_csv)
        inputs = ExtractInputs(source)
        result = run_extract(inputs, Path(folder) / "labels.csv", options, labeler=labeler)
        seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu
    figures = {
        "reports": result.summary.reports,
        "seconds": seconds,
        "cpu_seconds": cpu,
        "startup_seconds": startup,
    }
    return {**figures, **sampler.stop()}


def measure_reference(input_csv: Path) -> dict:
    """The plain pipeline: blank English, sentencizer, ruler with the same phrases, negex."""
    sampler = MemorySampler()
    sampler.start()
    started = time.perf_counter()
    # Built first so spaCy loads the same way (without torch) in both measurements.
    from labelaudit.extract.runner import LabelerOptions

    mentions = LabelerOptions().build().rules.mentions

    import pandas as pd
    import spacy
    from negspacy.negation import Negex  # noqa: F401  (registers the "negex" factory)

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    # A PhraseMatcher cannot match prefixes, so stems ("atelecta*") count as whole words here.
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"})
    ruler.add_patterns(
        [
            {"label": "OBS", "id": m.observation, "pattern": m.phrase.text.replace("*", "")}
            for m in mentions
        ]
    )
    nlp.add_pipe("negex")
    startup = time.perf_counter() - started
    started, cpu = time.perf_counter(), cpu_seconds()
    reports = 0
    negated = 0
    for frame in pd.read_csv(input_csv, dtype=str, keep_default_na=False, chunksize=4096):
        for doc in nlp.pipe(frame["report"].tolist(), batch_size=256):
            negated += sum(ent._.negex for ent in doc.ents)  # use the result, as a labeler would
            reports += 1
    seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu
    figures = {
        "reports": reports,
        "seconds": seconds,
        "cpu_seconds": cpu,
        "startup_seconds": startup,
        "phrases": len(mentions),
    }
    return {**figures, **sampler.stop()}


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
    rows: list = []
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

    report(console, len(texts), rows, memory, args.memory_workers)


def report(
    console: Console, size: int, rows: list, memory: dict | None, memory_workers: int
) -> None:
    """Print the figures: wall-clock and per-CPU-second rates (the machine may be shared)."""
    table = Table(title=f"labelaudit extract on {size:,} synthetic reports (same corpus, same run)")
    columns = ("pipeline", "reports/s", "per CPU-s", "seconds", "start-up s", "peak RSS (MB)")
    for column in columns:
        table.add_column(column, justify="left" if column == "pipeline" else "right")
    rates = []
    for name, workers, figures in rows:
        rate = figures["reports"] / figures["seconds"]
        rates.append(rate)
        memory_cell = f"{figures['total_peak_mb']:,.0f}"
        if workers > 1:
            memory_cell += (
                f" (main {figures['peak_mb']:,.0f}, worker {figures['worker_peak_mb']:,.0f})"
            )
        table.add_row(
            name,
            f"{rate:,.0f}",
            f"{figures['reports'] / figures['cpu_seconds']:,.0f}",
            f"{figures['seconds']:.1f}",
            f"{figures['startup_seconds']:.1f}",
            memory_cell,
        )
    table.add_row("CheXpert labeler (published)", f"~{CHEXPERT_LABELER_RATE:.0f}", "", "", "", "")
    console.print(table)

    reference, one, two = rates
    console.print(
        f"1 worker: {one:,.0f} reports/s (target ≥ {TARGET_ONE_CORE:,.0f}: "
        f"{'met' if one >= TARGET_ONE_CORE else 'MISSED'}); "
        f"--workers 2: {two / one:.2f}x of 1 worker (target ≥ {TARGET_SPEEDUP}: "
        f"{'met' if two / one >= TARGET_SPEEDUP else 'MISSED'}); "
        f"1 worker vs the reference pipeline: {one / reference:.2f}x; "
        f"vs the CheXpert labeler: {one / CHEXPERT_LABELER_RATE:,.0f}x"
    )
    console.print(f"CPU cores: {os.cpu_count()}, load average {os.getloadavg()[0]:.1f} at the end")
    if memory is not None:
        met = memory["total_peak_mb"] < TARGET_MEMORY_MB
        console.print(
            f"memory: {memory['reports']:,} reports in {memory['seconds']:.0f} s "
            f"({memory['reports'] / memory['seconds']:,.0f} reports/s) with "
            f"--workers {memory_workers}; peak RSS of all processes together "
            f"{memory['total_peak_mb']:,.0f} MB (main {memory['peak_mb']:,.0f} MB, largest worker "
            f"{memory['worker_peak_mb']:,.0f} MB; target < {TARGET_MEMORY_MB:,.0f} MB: "
            f"{'met' if met else 'MISSED'})"
        )


if __name__ == "__main__":
    main()
