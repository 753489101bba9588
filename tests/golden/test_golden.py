"""Outputs of every command are pinned: a refactor must leave them as they are.

Regenerate after an intended change with ``LABELAUDIT_REGENERATE_GOLDEN=1 pytest
tests/golden`` and review the diff of ``tests/golden/expected``.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from labelaudit.cli import app

from .cases import CASES, Case
from .snapshot import files_snapshot, mask

HERE = Path(__file__).parent
EXAMPLES = HERE.parents[1] / "examples"
EXPECTED = HERE / "expected"
REGENERATE = os.environ.get("LABELAUDIT_REGENERATE_GOLDEN") == "1"

pytest.importorskip("torch")  # the trained cases need the [train] extra
pytest.importorskip("cleanlab")


@pytest.fixture(scope="module")
def snapshots(tmp_path_factory) -> dict[str, str]:
    """Run every case in order in one folder (later cases read earlier outputs)."""
    root = tmp_path_factory.mktemp("golden")
    shutil.copytree(EXAMPLES, root / "examples")  # nothing may be written into the repo
    old = Path.cwd()
    os.chdir(root)
    try:
        return {case.name: _run(case, root) for case in CASES}
    finally:
        os.chdir(old)


def _run(case: Case, root: Path) -> str:
    argv = [a.format(ex="examples", golden=HERE / "inputs") for a in case.argv]
    result = CliRunner().invoke(app, argv, env={"COLUMNS": "120", "NO_COLOR": "1"})
    console = mask(result.output, root, exact=case.exact)
    files = files_snapshot(root, case.outputs, exact=case.exact)
    return f"$ labelaudit {' '.join(case.argv)}\nexit: {result.exit_code}\n{console}\n{files}"


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_outputs_unchanged(case: Case, snapshots: dict[str, str]):
    expected = EXPECTED / f"{case.name}.txt"
    if REGENERATE:
        EXPECTED.mkdir(exist_ok=True)
        expected.write_text(snapshots[case.name], encoding="utf-8")
    assert expected.exists(), f"no golden file for {case.name}; regenerate (see module doc)"
    assert snapshots[case.name] == expected.read_text(encoding="utf-8")
