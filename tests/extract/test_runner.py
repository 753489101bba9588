"""The runner keeps every row when the labeler fails on one, and loads spaCy without torch."""

from __future__ import annotations

import math
import subprocess
import sys

from labelaudit.extract.runner import label_chunk
from labelaudit.observations import OBSERVATIONS


class _Result:
    def __init__(self) -> None:
        self.values = dict.fromkeys(OBSERVATIONS, math.nan) | {"Edema": 1.0}
        self.status = "ok"
        self.warning = None
        self.mentions = []


class _FailsOnBoom:
    """A labeler double that crashes on one report, as a labeler bug would."""

    def label(self, text: str, report_id: str | None = None) -> _Result:
        if "boom" in text:
            raise ZeroDivisionError("division by zero")
        return _Result()

    def label_many(self, pairs):
        return [self.label(text, rid) for rid, text in pairs]


def test_a_crashing_report_is_kept_blank_with_its_error() -> None:
    chunk = [(0, "a", "Edema."), (1, "b", "boom"), (2, "c", "Edema.")]
    rows = label_chunk(_FailsOnBoom(), chunk, evidence=False)
    assert [r.status for r in rows] == ["ok", "error", "ok"]
    assert rows[1].warning == "ZeroDivisionError: division by zero"
    assert all(math.isnan(v) for v in rows[1].values)
    assert rows[0].values[OBSERVATIONS.index("Edema")] == 1.0


def test_labeler_processes_load_spacy_without_torch() -> None:
    code = (
        "import sys\n"
        "from labelaudit.extract.runner import LabelerOptions\n"
        "labeler = LabelerOptions().build()\n"
        "assert labeler.label('Small left effusion.').values['Pleural Effusion'] == 1.0\n"
        "assert 'torch' not in sys.modules, 'spaCy pulled in torch'\n"
        "import torch  # still importable afterwards, for the training commands\n"
        "print(torch.zeros(1).shape[0])\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "1"
