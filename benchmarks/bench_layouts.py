"""Speed and memory of counting a CheXpert-layout label file per study.

Input: a synthetic CheXpert train.csv layout (Path patientN/studyN/viewN, Sex, Age,
Frontal/Lateral, AP/PA and the 14 observations as 1.0 / 0.0 / -1.0 / blank), written by
this script into a temporary folder and deleted afterwards: by default 223,414 rows, the
size of CheXpert's train.csv, with about 1.19 images per study (CheXpert: 223,414 images,
187,641 studies), labels drawn per study and repeated on its views.

1. ``labelaudit distribution`` as the library runs it: stream the file, check that every
   view of a study carries the same labels, count per study (median of --repeat runs).
2. Plain references in the same run: ``pandas.read_csv`` of the same file (what any
   reader pays just to parse it) and labelaudit's per-row reader ``read_label_file``.
3. A big file (--big-rows, default 10,000,000): the streamed count in a child process,
   its wall time and peak resident memory (VmHWM), against the memory of the same child
   that only imports labelaudit and pandas.

    python benchmarks/bench_layouts.py                       # 223,414 rows, then 10M rows
    python benchmarks/bench_layouts.py --big-rows 2000000    # a smaller big file
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run from a checkout

from labelaudit.labelfile import read_label_file  # noqa: E402
from labelaudit.layouts.load import LayoutOptions, count_units  # noqa: E402

CHEXPERT_ORDER = [  # train.csv's own column order
    "No Finding", "Enlarged Cardiomediastinum", "Cardiomegaly", "Lung Opacity", "Lung Lesion",
    "Edema", "Consolidation", "Pneumonia", "Atelectasis", "Pneumothorax", "Pleural Effusion",
    "Pleural Other", "Fracture", "Support Devices",
]  # fmt: skip
SPELLINGS = np.array(["", "1.0", "0.0", "-1.0"], dtype=object)
SHARES = [0.75, 0.12, 0.08, 0.05]  # blank, positive, negative, uncertain


def write_chexpert(path: Path, rows: int, seed: int = 0, block: int = 500_000) -> int:
    """Write ``rows`` rows in blocks (bounded memory); returns the number of studies."""
    rng = np.random.default_rng(seed)
    studies = 0
    written = 0
    patient = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(",".join(["Path", "Sex", "Age", "Frontal/Lateral", "AP/PA", *CHEXPERT_ORDER]))
        handle.write("\n")
        while written < rows:
            n_studies = min(block, rows - written)
            views = np.minimum(rng.geometric(0.84, n_studies), 3)  # about 1.19 views per study
            views = views[np.cumsum(views) <= rows - written]
            if len(views) == 0:
                views = np.array([1])
            labels = rng.choice(4, size=(len(views), 14), p=SHARES)
            per_patient = rng.integers(1, 6, len(views))
            study_no = np.ones(len(views), dtype=int)
            patients = np.empty(len(views), dtype=int)
            i = 0
            while i < len(views):  # group consecutive studies into patients
                k = min(per_patient[i], len(views) - i)
                patient += 1
                patients[i : i + k] = patient
                study_no[i : i + k] = np.arange(1, k + 1)
                i += k
            repeat = np.repeat(np.arange(len(views)), views)
            view_no = np.concatenate([np.arange(1, v + 1) for v in views])
            frame = pd.DataFrame(
                {
                    "Path": [
                        f"CheXpert-v1.0/train/patient{p:05d}/study{s}/view{v}_frontal.jpg"
                        for p, s, v in zip(patients[repeat], study_no[repeat], view_no, strict=True)
                    ],
                    "Sex": "Female",
                    "Age": "60",
                    "Frontal/Lateral": "Frontal",
                    "AP/PA": "AP",
                }
            )
            cells = SPELLINGS[labels[repeat]]
            for k, name in enumerate(CHEXPERT_ORDER):
                frame[name] = cells[:, k]
            frame.to_csv(handle, header=False, index=False)
            written += len(frame)
            studies += len(views)
    return studies


def median_seconds(function, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


# Peak memory from VmHWM: ru_maxrss would carry over the parent's peak across fork + exec.
CHILD = """
import re, sys, time
sys.path.insert(0, {root!r})
import pandas
from labelaudit.layouts.load import LayoutOptions, count_units
start = time.perf_counter()
if {count}:
    counted = count_units(__import__("pathlib").Path({path!r}), LayoutOptions())
    print(counted.info.units, counted.info.rows)
peak = re.search(r"VmHWM:\\s+(\\d+) kB", open("/proc/self/status").read()).group(1)
print(time.perf_counter() - start, int(peak) / 1024)
"""


def child(path: Path, count: bool) -> tuple[str, float, float]:
    code = CHILD.format(root=str(ROOT), path=str(path), count=count)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    lines = out.stdout.strip().splitlines()
    seconds, peak = (float(x) for x in lines[-1].split())
    return (lines[0] if count else ""), seconds, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=223_414)
    parser.add_argument("--big-rows", type=int, default=10_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "train.csv"
        studies = write_chexpert(path, args.rows)
        counted = count_units(path, LayoutOptions())
        assert counted.info.units == studies and counted.info.rows == args.rows
        ours = median_seconds(lambda: count_units(path, LayoutOptions()), args.repeat)
        plain = median_seconds(
            lambda: pd.read_csv(path, dtype=str, keep_default_na=False), args.repeat
        )
        per_row = median_seconds(lambda: read_label_file(path), args.repeat)
        print(f"{args.rows:,} rows, {studies:,} studies ({path.stat().st_size / 1e6:.0f} MB)")
        print(f"  labelaudit distribution, per study : {ours:6.2f} s (median of {args.repeat})")
        print(f"  pandas.read_csv, parse only         : {plain:6.2f} s  ({ours / plain:.2f}x)")
        print(f"  read_label_file, per row            : {per_row:6.2f} s  ({ours / per_row:.2f}x)")
        path.unlink()

        if args.big_rows:
            big = Path(folder) / "big.csv"
            start = time.perf_counter()
            big_studies = write_chexpert(big, args.big_rows, seed=1)
            made = time.perf_counter() - start
            size = big.stat().st_size / 1e6
            print(f"{args.big_rows:,} rows, {big_studies:,} studies ({size:,.0f} MB)")
            print(f"  written in {made:.0f} s")
            _, _, baseline = child(big, count=False)
            result, seconds, peak = child(big, count=True)
            units, rows = (int(x) for x in result.split())
            assert units == big_studies and rows == args.big_rows
            print(
                f"  streamed count per study            : {seconds:6.1f} s, "
                f"{args.big_rows / seconds:,.0f} rows/s"
            )
            print(
                f"  peak memory                         : {peak:6.0f} MB "
                f"(imports alone: {baseline:.0f} MB)"
            )


if __name__ == "__main__":
    main()
