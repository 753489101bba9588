"""Flip a known 5 % of labels on a tiny synthetic set; the audit must find most of them."""

from __future__ import annotations

import pandas as pd

from labelaudit.audit.job import AuditInputs, AuditOptions, run_audit


def test_flipped_labels_are_recovered(audit_set, tmp_path):
    outcome = run_audit(
        AuditInputs(
            audit_set.labels,
            audit_set.predictions,
            evidence=audit_set.evidence,
            images=audit_set.manifest,
        ),
        tmp_path / "audit",
        AuditOptions(),
    )
    found = set(zip(outcome.suspects["report_id"], outcome.suspects["observation"], strict=True))
    hits = len(found & audit_set.flipped)
    precision, recall = hits / len(found), hits / len(audit_set.flipped)
    assert recall >= 0.8, (precision, recall)
    assert precision >= 0.8, (precision, recall)
    assert set(outcome.audited) == {"Cardiomegaly", "Pleural Effusion", "Pneumothorax"}
    # Uncertain labels are listed apart, never audited under --uncertain ignore.
    assert not found & audit_set.uncertain
    listed = pd.read_csv(tmp_path / "audit" / "uncertain.csv", dtype={"report_id": str})
    assert set(zip(listed["report_id"], listed["observation"], strict=True)) == audit_set.uncertain
    assert listed["probability"].between(0, 1).all()
