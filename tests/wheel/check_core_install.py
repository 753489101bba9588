"""Run by ``make wheel-check`` with the python of a venv holding only the wheel (no extras).

Every command's ``--help`` works, and every command that needs an extra fails with one
``error:`` line that gives the pip line, exit code 1 and no traceback, as a core install
must. Not a pytest module: it checks an installed package, not the source tree.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import tempfile
from pathlib import Path

import typer.main

from labelaudit.cli import app

BIN = Path(sys.executable).parent
# command line -> the extra its one-line error must name
NEEDS_AN_EXTRA = {
    ("train", "--labels", "l.csv", "--images", "m.csv"): "train",
    ("predict", "--run", "run", "--images", "m.csv"): "train",
    ("saliency", "--run", "run", "--images", "m.csv"): "train",
    ("audit", "--labels", "l.csv", "--predictions", "p.csv", "-o", "out"): "audit",
    ("synth", "films", "--n", "2", "--format", "dicom"): "dicom",
}
EXTRA_MODULES = ("torch", "torchvision", "cleanlab", "pydicom")


def run(*argv: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {"PATH": str(BIN), "COLUMNS": "200", "HOME": str(cwd)}
    return subprocess.run(
        [str(BIN / "labelaudit"), *argv],
        capture_output=True, text=True, cwd=cwd, env=env, timeout=300,
    )  # fmt: skip


def main() -> int:
    present = [m for m in EXTRA_MODULES if importlib.util.find_spec(m) is not None]
    if present:
        print(f"not a core install: {', '.join(present)} installed", file=sys.stderr)
        return 1
    failures = []
    commands = sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]
    with tempfile.TemporaryDirectory() as folder:
        cwd = Path(folder)
        for command in commands:
            done = run(command, "--help", cwd=cwd)
            if done.returncode != 0 or "Usage:" not in done.stdout:
                failures.append(f"labelaudit {command} --help: exit {done.returncode}")
        for argv, extra in NEEDS_AN_EXTRA.items():
            done = run(*argv, cwd=cwd)
            lines = done.stderr.splitlines()
            hint = f"pip install 'labelaudit[{extra}]'"
            if done.returncode != 1 or len(lines) != 1 or not lines[0].startswith("error: "):
                failures.append(
                    f"labelaudit {' '.join(argv)}: exit {done.returncode}\n{done.stderr}"
                )
            elif not lines[0].endswith(hint):
                failures.append(f"labelaudit {' '.join(argv)}: no {hint!r} in {lines[0]!r}")
            else:
                print(f"ok  labelaudit {argv[0]}: {lines[0]}")
    for failure in failures:
        print(f"FAIL {failure}", file=sys.stderr)
    print(f"core install: {len(commands)} commands' --help, {len(NEEDS_AN_EXTRA)} missing extras")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
