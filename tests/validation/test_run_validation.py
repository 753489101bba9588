"""``run_validation`` from Python: the public entry point, its inputs, options and result."""

from __future__ import annotations

import pytest

from labelaudit.errors import InputError
from labelaudit.validation import (
    ValidationInputs,
    ValidationOptions,
    ValidationResult,
    run_validation,
)


def test_run_validation_scores_and_writes_every_file(data, tmp_path):
    result = run_validation(
        ValidationInputs(gold=data / "gold.csv", pred=data / "pred_mixed.csv"),
        tmp_path / "v",
        ValidationOptions(n_resamples=20, seed=1),
    )
    assert isinstance(result, ValidationResult) and result.output == tmp_path / "v"
    assert result.written and all(path.is_file() for path in result.written)
    assert {p.name for p in result.written} >= {"report.html", "summary.json", "errors.csv"}
    assert result.errors and result.meta["bootstrap_resamples"] == 20
    assert result.evaluation.intervals is not None and result.evaluation.intervals.seed == 1


def test_the_labeler_reports_progress_per_report(data, tmp_path):
    done: list[int] = []
    result = run_validation(
        ValidationInputs(gold=data / "gold.csv"),
        tmp_path / "v",
        ValidationOptions(n_resamples=0),
        progress=done.append,
    )
    assert sum(done) == len(result.aligned.gold) == 12
    assert result.labeler_run is not None and (tmp_path / "v" / "labels.csv").is_file()


def test_options_default_to_the_commands():
    options = ValidationOptions()
    assert (options.n_resamples, options.seed, options.rules) == (1000, 0, None)


def test_bad_output_fails_before_the_work(data, tmp_path):
    (tmp_path / "v").write_text("a file")
    with pytest.raises(InputError):
        run_validation(ValidationInputs(gold=data / "gold.csv"), tmp_path / "v",
                       ValidationOptions())  # fmt: skip
