"""Reading a large image manifest: ``read_manifest`` against plain references, same run.

Writes a manifest in the MIMIC-CXR layout (one folder per study, as CheXpert and MIMIC have)
and times three ways to turn its rows into paths: ``os.path.join`` onto the manifest's folder
(what ``train`` did before labelaudit.manifest: no resolving), ``os.path.realpath`` per row
(what ``predict``, ``saliency`` and ``audit`` did), and ``read_manifest`` (which resolves like
realpath but each folder once). Prints medians and ratios; the machine's load moves both.

    python benchmarks/bench_manifest.py [--rows 200000] [--repeats 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from labelaudit.csvfile import read_strict_frame
from labelaudit.manifest import read_manifest


def write_manifest(folder: Path, rows: int) -> Path:
    """report_id, patient_id, path: files/pNN/pPATIENT/sSTUDY/view.jpg, three films a study."""
    studies = [i // 3 for i in range(rows)]
    frame = pd.DataFrame(
        {
            "report_id": [f"s{s}" for s in studies],
            "patient_id": [f"p{s // 4}" for s in studies],
            "path": [
                f"files/p{s // 4 % 100:02d}/p{s // 4}/s{s}/view{i % 3}.jpg"
                for i, s in enumerate(studies)
            ],
        }
    )
    manifest = folder / "manifest.csv"
    frame.to_csv(manifest, index=False)
    return manifest


def median_seconds(run: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        manifest = write_manifest(Path(scratch), args.rows)
        folder = str(manifest.parent.absolute())

        def joined() -> list[str]:
            frame = read_strict_frame(manifest)[0]
            return [os.path.join(folder, p.strip()) for p in frame["path"]]

        def realpath() -> list[str]:
            frame = read_strict_frame(manifest)[0]
            return [os.path.realpath(os.path.join(folder, p.strip())) for p in frame["path"]]

        def shared() -> object:
            return read_manifest(manifest, require_ids=True)

        timings = {
            "join (no resolving)": median_seconds(joined, args.repeats),
            "realpath per row": median_seconds(realpath, args.repeats),
            "read_manifest": median_seconds(shared, args.repeats),
        }
    base = timings["read_manifest"]
    print(f"{args.rows:,} manifest rows, median of {args.repeats}:")
    for name, seconds in timings.items():
        print(f"  {name:<20} {seconds:6.2f} s  ({seconds / base:4.2f}x read_manifest)")


if __name__ == "__main__":
    main()
