"""``run_audit`` from Python: the public entry point, its inputs, options and result."""

from __future__ import annotations

import pytest

from labelaudit.audit import AuditInputs, AuditOptions, AuditResult, run_audit
from labelaudit.errors import InputError
from labelaudit.train.policies import UncertaintyPolicy


def test_run_audit_returns_the_result_and_writes_the_folder(audit_set, tmp_path):
    steps: list[int] = []
    result = run_audit(
        AuditInputs(audit_set.labels, audit_set.predictions, evidence=audit_set.evidence),
        tmp_path / "audit",
        AuditOptions(),
        progress=steps.append,
    )
    assert isinstance(result, AuditResult) and result.output == tmp_path / "audit"
    names = {"suspects.csv", "uncertain.csv", "quality.csv", "report.html"}
    assert names <= {p.name for p in result.output.iterdir()}
    assert len(steps) == 3  # one call per observation with probabilities (the drawn three)
    assert set(result.audited) == {"Cardiomegaly", "Pleural Effusion", "Pneumothorax"}
    assert not result.suspects.empty and (result.suspects["sentence"] != "").all()
    assert result.reports == 400 and result.labels_without_predictions == 0


def test_audit_options_are_frozen_with_the_commands_defaults():
    options = AuditOptions()
    assert options.uncertain is UncertaintyPolicy.IGNORE and options.blank.value == "zeros"
    with pytest.raises(AttributeError):
        options.uncertain = UncertaintyPolicy.ONES  # type: ignore[misc]


def test_output_that_is_a_file_fails_before_the_work(audit_set, tmp_path):
    (tmp_path / "out").write_text("x")
    with pytest.raises(InputError, match="not a folder"):
        run_audit(AuditInputs(audit_set.labels, audit_set.predictions), tmp_path / "out",
                  AuditOptions())  # fmt: skip
