"""Source of blind2_reports.csv: 150 team-written chest X-ray reports with manual labels.

Written without reading the labeler, its rules, its tests or the other report sets, and without
running it (see benchmarks/data/README.md). Each report sits next to its labels, so a reviewer can
check one against the other. Labels are short codes: an observation code followed by `+` (1.0),
`0` (0.0) or `?` (-1.0); `NF` alone is No Finding = 1; an observation not named is blank.

    python benchmarks/data/blind2_reports_source.py   # rewrites blind2_reports.csv
"""

from __future__ import annotations

import csv
import inspect
import os
import sys
import tempfile
from pathlib import Path

OUTPUT = Path(__file__).with_name("blind2_reports.csv")

# CheXpert order, as in the other report sets.
CODES = {
    "NF": "No Finding",
    "EC": "Enlarged Cardiomediastinum",
    "CM": "Cardiomegaly",
    "LL": "Lung Lesion",
    "LO": "Lung Opacity",
    "ED": "Edema",
    "CO": "Consolidation",
    "PN": "Pneumonia",
    "AT": "Atelectasis",
    "PX": "Pneumothorax",
    "EF": "Pleural Effusion",
    "PO": "Pleural Other",
    "FR": "Fracture",
    "SD": "Support Devices",
}
VALUES = {"+": 1.0, "0": 0.0, "?": -1.0}
# Support Devices does not switch No Finding off; every other positive or uncertain finding does.
FINDINGS = [name for code, name in CODES.items() if code not in ("NF", "SD")]


def parse_labels(spec: str) -> dict[str, float]:
    """Turn "CM0 EF+ AT?" into {observation: value}; reject what the guideline forbids."""
    labels: dict[str, float] = {}
    for token in spec.split():
        code, mark = (token, "+") if token == "NF" else (token[:2], token[2:])
        if code not in CODES or mark not in VALUES:
            raise ValueError(f"unknown label code {token!r}")
        name = CODES[code]
        if name in labels:
            raise ValueError(f"{name} labeled twice in {spec!r}")
        labels[name] = VALUES[mark]
    if "No Finding" in labels and any(labels.get(name, 0.0) != 0.0 for name in FINDINGS):
        raise ValueError(f"No Finding beside a positive or uncertain finding in {spec!r}")
    return labels


def report(text: str, spec: str) -> tuple[str, dict[str, float]]:
    # cleandoc drops the indentation of the source, so reports read as written.
    return inspect.cleandoc(text), parse_labels(spec)


REPORTS: list[tuple[str, dict[str, float]]] = [
    # --- b001-b030: templated normals and near-normals, one sentence per line ---
    report(
        """
        Heart size within normal limits.
        Mediastinal contours are normal.
        No focal consolidation, pleural effusion, pneumothorax, or pulmonary edema.
        Osseous structures are intact.
        """,
        "NF CM0 EC0 CO0 EF0 PX0 ED0",
    ),
    report(
        """
        The lungs are clear bilaterally.
        Cardiac silhouette is normal in size.
        There is no pneumothorax or pleural effusion.
        No acute bony abnormality.
        """,
        "NF CM0 PX0 EF0",
    ),
    report(
        """
        Normal heart size. Normal mediastinum.
        Lungs are free of focal airspace disease, edema, and effusion.
        No pneumothorax.
        Impression: Normal chest.
        """,
        "NF",
    ),
    report(
        """
        FINDINGS:
        Heart size is normal.
        No focal airspace opacity, pleural effusion or pneumothorax.
        Mild degenerative changes of the thoracic spine.
        IMPRESSION:
        No acute cardiopulmonary abnormality.
        """,
        "NF",
    ),
    report(
        """
        Heart size within normal limits.
        Lungs are hyperinflated with flattening of the diaphragms, compatible with emphysema.
        No focal consolidation or effusion.
        No pneumothorax.
        """,
        "CM0 CO0 EF0 PX0",
    ),
    report(
        """
        Cardiomediastinal contours are within normal limits.
        No focal consolidation, effusion, pneumothorax or edema.
        Bones are unremarkable.
        Impression: No acute process.
        """,
        "NF",
    ),
    report(
        """
        Heart size at the upper limits of normal.
        Lungs are clear without consolidation.
        No pleural effusion or pneumothorax.
        """,
        "NF CM0 CO0 EF0 PX0",
    ),
    report(
        """
        Heart size within normal limits.
        Small calcified granuloma in the right upper lobe, unchanged.
        No focal consolidation, pleural effusion or pneumothorax.
        """,
        "CM0 CO0 EF0 PX0",
    ),
    report(
        """
        Normal cardiac silhouette.
        No focal airspace disease.
        No pleural effusion.. No pneumothorax.
        Moderate thoracolumbar scoliosis.
        """,
        "CM0 LO0 EF0 PX0",
    ),
    report(
        """
        Heart size normal.
        Lungs: clear. No infiltrate, effusion, or pneumothorax.
        Left subclavian pacemaker with leads in the right atrium and right ventricle.
        """,
        "NF CM0 LO0 EF0 PX0 SD+",
    ),
    report(
        """
        Heart size within normal limits.
        Lungs are clear.
        No pleural effusion or pneumothorax.
        Median sternotomy wires are intact. Surgical clips in the left axilla.
        """,
        "NF CM0 EF0 PX0",
    ),
    report(
        """
        Heart size within normal limits.
        Linear atelectasis at the left lung base.
        No pleural effusion or pneumothorax.
        """,
        "CM0 AT+ EF0 PX0",
    ),
    report(
        """
        Mild cardiomegally.
        Lungs are clear.
        No pleural effusion or pneumothorax.
        Osseous structures intact.
        """,
        "CM+ EF0 PX0",
    ),
    report(
        """
        Heart is normal in size.
        No focal consolidation. Small right pleural effusion.
        No pneumothorax.
        """,
        "CM0 CO0 EF+ PX0",
    ),
    report(
        """
        Normal heart size and mediastinal contours.
        Low lung volumes with crowding of the bronchovascular markings.
        No definite focal consolidation. No effusion or pneumothorax.
        """,
        "CM0 EC0 CO0 EF0 PX0",
    ),
    report(
        """
        Heart size is normal. The aorta is tortuous and calcified.
        The lungs are clear. No pleural effusion or pneumothorax.
        No acute osseous abnormality.
        """,
        "CM0 EF0 PX0",
    ),
    report(
        """
        Cardiac and mediastinal silhouettes are unremarkable.
        There is no evidence of pneumonia, edema, or pneumothorax.
        No pleural fluid.
        """,
        "NF CM0 EC0 PN0 ED0 PX0 EF0",
    ),
    # @@MORE@@
]
