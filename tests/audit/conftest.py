"""A tiny synthetic audit set: images, true labels, 5 % flipped labels, out-of-fold probabilities.

Out-of-fold probabilities come from scikit-learn logistic regression on the pixels
(cross_val_predict), which keeps the test at a second instead of a CNN's minutes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from PIL import Image
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_val_predict

from labelaudit.labelfile import format_value
from labelaudit.observations import OBSERVATIONS

DRAWN = ("Cardiomegaly", "Pleural Effusion", "Pneumothorax")
REGIONS = {  # where each finding brightens the 12x12 image
    "Cardiomegaly": (slice(5, 9), slice(4, 8)),
    "Pleural Effusion": (slice(9, 12), slice(0, 4)),
    "Pneumothorax": (slice(0, 4), slice(8, 12)),
}
REPORTS = 400
FLIP_RATE = 0.05
UNCERTAIN_CELLS = 12


@dataclass
class AuditSet:
    folder: Path
    labels: Path
    predictions: Path
    evidence: Path
    manifest: Path
    flipped: set[tuple[str, str]]  # (report id, observation)
    uncertain: set[tuple[str, str]]


def build_audit_set(folder: Path, seed: int = 0) -> AuditSet:
    rng = np.random.default_rng(seed)
    ids = [f"r{n:04d}" for n in range(REPORTS)]
    truth = (rng.random((REPORTS, len(DRAWN))) < 0.35).astype(float)
    pixels = rng.normal(0.3, 0.12, (REPORTS, 12, 12))
    for column, observation in enumerate(DRAWN):
        rows, cols = REGIONS[observation]
        pixels[truth[:, column] == 1, rows, cols] += 0.25
    pixels = pixels.clip(0, 1)

    given = truth.copy()
    cells = [(r, c) for r in range(REPORTS) for c in range(len(DRAWN))]
    picked = rng.choice(
        len(cells), size=round(FLIP_RATE * len(cells)) + UNCERTAIN_CELLS, replace=False
    )
    flip_cells = [cells[i] for i in picked[: round(FLIP_RATE * len(cells))]]
    uncertain_cells = [cells[i] for i in picked[round(FLIP_RATE * len(cells)) :]]
    for r, c in flip_cells:
        given[r, c] = 1 - given[r, c]
    for r, c in uncertain_cells:
        given[r, c] = -1.0

    images = folder / "images"
    images.mkdir(parents=True)
    manifest_rows = []
    for n, report_id in enumerate(ids):
        path = images / f"{report_id}.png"
        Image.fromarray((pixels[n] * 255).astype(np.uint8)).save(path)
        manifest_rows.append({"report_id": report_id, "path": f"images/{path.name}"})
    pd.DataFrame(manifest_rows).to_csv(folder / "manifest.csv", index=False)

    label_table = pd.DataFrame({"report_id": ids})
    for observation in OBSERVATIONS:
        label_table[observation] = ""
    evidence_lines = []
    for column, observation in enumerate(DRAWN):
        label_table[observation] = [format_value(v) for v in given[:, column]]
        for n, report_id in enumerate(ids):
            value = given[n, column]
            if value == 0:
                sentence, trigger = f"No {observation.lower()}.", "no"
            elif value == 1:
                sentence, trigger = f"There is {observation.lower()}.", None
            else:
                sentence, trigger = f"Possible {observation.lower()}.", "possible"
            evidence_lines.append(
                json.dumps(
                    {
                        "report_id": report_id,
                        "observation": observation,
                        "sentence": sentence,
                        "text": observation.lower(),  # the mention, as the labeler records it
                        "trigger": trigger,
                        "trigger_rule": f"phases/test.txt:{column + 1}" if trigger else None,
                        "mention_rule": f"mentions/{observation.lower()}.txt:1",
                        "label": value,
                    }
                )
            )
    label_table.to_csv(folder / "labels.csv", index=False)
    (folder / "evidence.jsonl").write_text("\n".join(evidence_lines) + "\n")

    # Out-of-fold: every probability comes from a model that never saw that image's label.
    features = pixels.reshape(REPORTS, -1)
    predictions = pd.DataFrame({"report_id": ids})
    for column, observation in enumerate(DRAWN):
        trainable = given[:, column] >= 0
        probs = np.full(REPORTS, np.nan)
        model = LogisticRegression(C=0.5, max_iter=500)
        probs[trainable] = cross_val_predict(
            model, features[trainable], given[trainable, column], cv=5, method="predict_proba"
        )[:, 1]
        model.fit(features[trainable], given[trainable, column])
        probs[~trainable] = model.predict_proba(features[~trainable])[:, 1]
        predictions[observation] = probs.round(6)
    predictions.to_csv(folder / "oof_predictions.csv", index=False)

    return AuditSet(
        folder=folder,
        labels=folder / "labels.csv",
        predictions=folder / "oof_predictions.csv",
        evidence=folder / "evidence.jsonl",
        manifest=folder / "manifest.csv",
        flipped={(ids[r], DRAWN[c]) for r, c in flip_cells},
        uncertain={(ids[r], DRAWN[c]) for r, c in uncertain_cells},
    )


@pytest.fixture(scope="session")
def audit_set(tmp_path_factory) -> AuditSet:
    return build_audit_set(tmp_path_factory.mktemp("auditset"))
