"""A missing extra is a one-line error naming the pip line, in every command that needs one.

Each command runs in a fresh interpreter where the extra's modules are hidden
(``sys.modules[name] = None`` makes ``import name`` fail), as in a core install.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from labelaudit.errors import MissingExtraError
from labelaudit.extras import EXTRAS, install_hint, require

REPO = Path(__file__).resolve().parents[2]
TRAIN = ("torch", "torchvision")

# command line, modules hidden, extra it must name
CASES = [
    (["train", "--labels", "l.csv", "--images", "m.csv"], TRAIN, "train"),
    (["predict", "--run", "run", "--images", "m.csv"], TRAIN, "train"),
    (["saliency", "--run", "run", "--images", "m.csv"], TRAIN, "train"),
    (["audit", "--labels", "l.csv", "--predictions", "p.csv", "-o", "out"], ("cleanlab",), "audit"),
    (["synth", "films", "--n", "2", "--format", "dicom"], ("pydicom",), "dicom"),
]


def run_hidden(argv: list[str], hidden: tuple[str, ...], cwd: Path) -> subprocess.CompletedProcess:
    code = (
        f"import sys\nfor name in {hidden!r}: sys.modules[name] = None\n"
        f"sys.argv = ['labelaudit', *{argv!r}]\n"
        "from labelaudit.cli import main; main()"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO), "COLUMNS": "200"}
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=cwd, timeout=120
    )


@pytest.mark.parametrize(("argv", "hidden", "extra"), CASES, ids=[c[0][0] for c in CASES])
def test_a_command_without_its_extra_says_how_to_install_it(tmp_path, argv, hidden, extra):
    done = run_hidden(argv, hidden, tmp_path)
    assert done.returncode == 1, done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith(f"error: labelaudit {argv[0]} needs ") or "DICOM" in lines[0]
    assert lines[0].endswith(f"is not installed): pip install 'labelaudit[{extra}]'"), lines[0]
    assert done.stdout.strip() == ""
    assert not (tmp_path / "films").exists() or not any((tmp_path / "films").iterdir())


def test_require_names_the_feature_the_module_and_the_pip_line(monkeypatch):
    monkeypatch.setitem(sys.modules, "cleanlab", None)
    with pytest.raises(MissingExtraError) as caught:
        require("audit", "the label audit")
    assert str(caught.value) == (
        "the label audit needs cleanlab (cleanlab is not installed): "
        "pip install 'labelaudit[audit]'"
    )
    assert (caught.value.extra, caught.value.module) == ("audit", "cleanlab")


def test_every_extra_is_declared_in_pyproject():
    text = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    for extra, (modules, _) in EXTRAS.items():
        assert f"\n{extra} = [" in text, extra
        assert install_hint(extra) == f"pip install 'labelaudit[{extra}]'"
        assert modules


def test_the_audit_library_checks_for_cleanlab(monkeypatch):
    from labelaudit.audit.suspects import find_suspects

    monkeypatch.setitem(sys.modules, "cleanlab", None)
    labels = pd.DataFrame({"Edema": [1.0, 0.0]}, index=["a", "b"])
    with pytest.raises(MissingExtraError, match=r"labelaudit\[audit\]"):
        find_suspects(labels, labels.assign(Edema=[0.9, 0.1]))


def test_dicom_reading_and_writing_check_for_pydicom(monkeypatch, tmp_path):
    from labelaudit.dicom import check_dicom, encode_dicom
    from labelaudit.synth.dataset import generate

    monkeypatch.setitem(sys.modules, "pydicom", None)
    with pytest.raises(MissingExtraError, match=r"^reading DICOM files needs pydicom"):
        check_dicom(tmp_path / "film.dcm")
    with pytest.raises(MissingExtraError, match=r"^writing DICOM files needs pydicom"):
        encode_dicom(np.zeros((4, 4), dtype=np.uint8))
    with pytest.raises(MissingExtraError, match=r"^writing DICOM films needs pydicom"):
        generate(tmp_path / "films", n=2, film_format="dicom")
    assert not (tmp_path / "films").exists()


def test_predict_checks_for_pydicom_before_its_workers_start(monkeypatch):
    """In a DataLoader worker the error would come back as a traceback, not one line."""
    torch = pytest.importorskip("torch")
    from labelaudit.train.predict import predict_table

    monkeypatch.setitem(sys.modules, "pydicom", None)
    card = SimpleNamespace(observations=["Edema"])  # all predict_table reads before the check
    images = pd.DataFrame({"path": ["a.png", "b.dcm"]})
    with pytest.raises(MissingExtraError, match=r"^reading DICOM files needs pydicom"):
        predict_table(None, card, images, device=torch.device("cpu"), workers=2)


def test_the_error_survives_a_worker_round_trip():
    """torch rebuilds a worker's exception from its message alone."""
    rebuilt = MissingExtraError("x needs cleanlab: pip install 'labelaudit[audit]'")
    assert isinstance(rebuilt, MissingExtraError) and rebuilt.extra == ""
