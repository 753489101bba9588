"""Rank the report labels the image model doubts, with confident learning (cleanlab).

Per observation, on the rows whose label is 0 or 1 after the uncertainty and blank policies,
cleanlab's ``filter.find_label_issues`` finds the labels whose out-of-fold probability falls
on the wrong side of the per-class confident threshold. This is exactly the one-vs-rest step
that ``cleanlab.multilabel_classification.filter.find_label_issues`` runs for each class;
we call it per observation because the multilabel form has no notion of a missing label,
and CheXpert labels are missing (uncertain, or blank under ``--blank ignore``) per cell.
The label quality score is cleanlab's self-confidence: the probability of the given label.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from labelaudit.extras import require
from labelaudit.observations import UNCERTAIN
from labelaudit.train.policies import BlankPolicy, UncertaintyPolicy, targets_and_mask

MIN_PER_CLASS = 5  # fewer positives or negatives than this: no threshold worth estimating
# Below this out-of-fold AUROC the model barely separates a finding and its flags are mostly
# noise (bench_audit_recovery: AUROC 0.51 gave mostly false flags, 0.99 gave 0.74 precision).
TRUSTED_AUROC = 0.80


@dataclass
class Suspects:
    suspects: pd.DataFrame  # id, observation, given_label, audited_as, probability, quality
    uncertain: pd.DataFrame  # id, observation, probability, model_says
    audited: dict[str, int] = field(default_factory=dict)  # observation -> rows audited
    skipped: dict[str, str] = field(default_factory=dict)  # observation -> why not audited
    # observation -> out-of-fold AUROC against the audited labels: how far to trust its flags
    auroc: dict[str, float] = field(default_factory=dict)


SUSPECT_COLUMNS = [
    "report_id",
    "observation",
    "given_label",
    "audited_as",
    "probability",
    "label_quality",
]
UNCERTAIN_COLUMNS = ["report_id", "observation", "probability", "model_says"]


def find_suspects(
    labels: pd.DataFrame,
    probabilities: pd.DataFrame,
    *,
    uncertain: UncertaintyPolicy = UncertaintyPolicy.IGNORE,
    blank: BlankPolicy = BlankPolicy.ZEROS,
    progress: Callable[[int], None] | None = None,
) -> Suspects:
    """``labels`` (1/0/-1/NaN) and ``probabilities`` share their index (report ids).

    ``progress(1)`` is called as each observation's audit starts."""
    require("audit", "the label audit")
    from cleanlab.filter import find_label_issues
    from cleanlab.rank import get_label_quality_scores
    from sklearn.metrics import roc_auc_score

    common = labels.index.intersection(probabilities.index)
    suspects, doubtful = [], []
    result = Suspects(pd.DataFrame(), pd.DataFrame())
    for observation in [o for o in labels.columns if o in probabilities.columns]:
        if progress is not None:
            progress(1)
        values = labels.loc[common, observation].to_numpy(dtype=np.float64)
        probs = probabilities.loc[common, observation].to_numpy(dtype=np.float64)
        scored = ~np.isnan(probs)
        is_uncertain = (values == UNCERTAIN) & scored
        doubtful.append(
            pd.DataFrame(
                {
                    "report_id": common[is_uncertain],
                    "observation": observation,
                    "probability": probs[is_uncertain],
                    "model_says": np.where(probs[is_uncertain] >= 0.5, "positive", "negative"),
                }
            )
        )
        targets, mask = targets_and_mask(values, uncertain, blank)
        rows = np.flatnonzero((mask > 0) & scored)
        y = targets[rows].astype(int)
        positives, negatives = int(y.sum()), int(len(y) - y.sum())
        if min(positives, negatives) < MIN_PER_CLASS:
            result.skipped[observation] = f"{positives} positive, {negatives} negative"
            continue
        pred_probs = np.column_stack([1 - probs[rows], probs[rows]])
        # One process: cleanlab's pool forks, and a fork after torch or another pool has
        # started threads can hang on a held lock; two classes gain nothing from a pool.
        issues = find_label_issues(labels=y, pred_probs=pred_probs, n_jobs=1)
        quality = get_label_quality_scores(y, pred_probs, method="self_confidence")
        result.audited[observation] = len(rows)
        result.auroc[observation] = float(roc_auc_score(y, probs[rows]))
        flagged = rows[issues]
        suspects.append(
            pd.DataFrame(
                {
                    "report_id": common[flagged],
                    "observation": observation,
                    "given_label": values[flagged],
                    "audited_as": y[issues].astype(float),
                    "probability": probs[flagged],
                    "label_quality": quality[issues],
                }
            )
        )
    result.suspects = _concat(suspects, SUSPECT_COLUMNS).sort_values(
        ["label_quality", "report_id"], kind="stable", ignore_index=True
    )
    uncertain_table = _concat(doubtful, UNCERTAIN_COLUMNS)
    # Most decisive model opinion first: the easiest uncertain labels to resolve.
    order = (uncertain_table["probability"] - 0.5).abs().sort_values(ascending=False, kind="stable")
    result.uncertain = uncertain_table.loc[order.index].reset_index(drop=True)
    return result


def _concat(frames: list[pd.DataFrame], columns: list[str]) -> pd.DataFrame:
    frames = [f for f in frames if len(f)]
    if not frames:
        return pd.DataFrame(columns=columns)
    return pd.concat(frames, ignore_index=True)[columns]
