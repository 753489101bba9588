"""Shared sample reports for the extract tests."""

from __future__ import annotations

from pathlib import Path

# The CheXpert labeler's own sample input and output (MIT, see data/chexpert_sample/LICENSE).
REFERENCE_DIR = Path(__file__).parent / "data" / "chexpert_sample"

REPORTS = [
    ("r1", "No pneumothorax. Small left pleural effusion."),
    ("r2", "IMPRESSION: Cardiomegaly, with mild pulmonary edema."),
    ("r3", "Heart size normal and lungs are clear."),
    ("r4", "FINDINGS: ET tube in place.\n\nIMPRESSION: Right lower lobe consolidation, pneumonia."),
]
