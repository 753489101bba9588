"""The Labeler as a library: values, statuses, evidence, streaming, options."""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from labelaudit import Labeler
from labelaudit.errors import LabelauditError
from labelaudit.observations import OBSERVATIONS

VALID = {1.0, 0.0, -1.0}


def test_label_returns_all_observations(labeler) -> None:
    result = labeler.label("No pneumothorax. Small left effusion.")
    assert list(result.values) == list(OBSERVATIONS)
    assert result.values["Pneumothorax"] == 0.0
    assert result.values["Pleural Effusion"] == 1.0
    assert result.status == "ok"
    assert result.as_row()[OBSERVATIONS.index("Pleural Effusion")] == 1.0


def test_evidence_points_into_the_original_text(labeler) -> None:
    text = (
        "EXAMINATION: Chest.\n\nFINDINGS: Stuff.\n\n"
        "IMPRESSION:\n1. No pneumothorax.\n2. Small left effusion."
    )
    result = labeler.label(text, report_id="s1")
    by_observation = {m.observation: m for m in result.mentions}
    effusion = by_observation["Pleural Effusion"]
    assert text[effusion.start : effusion.end] == "effusion"
    assert effusion.section == "impression"
    assert effusion.report_id == "s1"
    assert effusion.sentence == "2. Small left effusion."
    negated = by_observation["Pneumothorax"]
    assert (negated.klass, negated.trigger, negated.phase) == ("negative", "No", "negation")
    assert negated.trigger_rule.startswith("triggers/negation.tsv:")
    record = negated.to_dict()
    assert record["class"] == "negative" and record["mention_rule"].startswith("mentions/")


@pytest.mark.parametrize(
    ("text", "status"),
    [(None, "empty"), (math.nan, "empty"), ("", "empty"), ("___", "empty"), (" \n\t", "empty")],
)
def test_unlabelable_reports_are_marked(labeler, text, status) -> None:
    result = labeler.label(text)
    assert result.status == status
    assert result.warning
    assert all(math.isnan(v) for v in result.values.values())


def test_huge_report_is_marked_too_long() -> None:
    labeler = Labeler(max_chars=1000)
    result = labeler.label("No effusion. " * 1000)
    assert result.status == "too_long"
    assert "over the limit" in result.warning


def test_label_many_streams_in_order(labeler) -> None:
    texts = ["No effusion.", None, "Large effusion.", ("id-4", "Possible effusion.")]
    results = list(labeler.label_many(iter(texts), batch_size=2))
    assert results[0].values["Pleural Effusion"] == 0.0
    assert results[1].status == "empty"
    assert results[2].values["Pleural Effusion"] == 1.0
    assert results[3].report_id == "id-4" and results[3].values["Pleural Effusion"] == -1.0


def test_sections_option() -> None:
    text = "FINDINGS: Small left effusion.\n\nIMPRESSION: No acute process."
    assert math.isnan(Labeler().label(text).values["Pleural Effusion"])
    assert Labeler(sections="all").label(text).values["Pleural Effusion"] == 1.0
    both = Labeler(sections="findings,impression").label(text)
    assert both.values["Pleural Effusion"] == 1.0
    none = Labeler(sections="comparison").label(text)
    assert none.status == "no_section"


def test_mimic_sections_take_the_last_paragraph() -> None:
    text = "Portable chest.\n\nComparison with prior.\n\nSmall right pleural effusion."
    labeler = Labeler(sections="mimic")
    assert labeler.label(text).values["Pleural Effusion"] == 1.0
    text = "Small right pleural effusion.\n\nRecommend follow-up."
    assert math.isnan(labeler.label(text).values["Pleural Effusion"])


def test_negbio_aggregation_prefers_negative_over_uncertain() -> None:
    text = "No pleural effusion. Possible effusion at the left base."
    assert Labeler().label(text).values["Pleural Effusion"] == -1.0
    assert Labeler(aggregation="negbio").label(text).values["Pleural Effusion"] == 0.0


def test_negbio_aggregation_ignores_other_findings_for_no_finding() -> None:
    text = "Emphysema. No pneumothorax."
    assert math.isnan(Labeler().label(text).values["No Finding"])
    assert Labeler(aggregation="negbio").label(text).values["No Finding"] == 1.0


def test_bad_options_are_user_errors() -> None:
    with pytest.raises(LabelauditError, match="aggregation"):
        Labeler(aggregation="majority")
    with pytest.raises(LabelauditError, match="sections"):
        Labeler(sections=" , ")


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=400))
def test_arbitrary_text_never_crashes(labeler, text) -> None:
    result = labeler.label(text)
    assert list(result.values) == list(OBSERVATIONS)
    for observation, value in result.values.items():
        assert math.isnan(value) or value in VALID
        if observation == "No Finding":
            assert math.isnan(value) or value == 1.0
    for mention in result.mentions:
        assert 0 <= mention.start < mention.end <= len(text)


report_words = st.sampled_from(
    [
        "no",
        "not",
        "possible",
        "effusion",
        "pneumothorax",
        "heart",
        "size",
        "normal",
        "enlarged",
        "cannot",
        "exclude",
        "or",
        "and",
        "with",
        ",",
        ".",
        ";",
        "1.",
        "2.",
        "1.5",
        "cm",
        "IMPRESSION:",
        "FINDINGS:",
        "\n",
        "___",
        "tube",
        "line",
        "stable",
        "mild",
        "left",
        "right",
    ]
)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(report_words, max_size=60))
def test_report_like_word_salad_gives_valid_values(labeler, words) -> None:
    result = labeler.label(" ".join(words))
    assert all(math.isnan(v) or v in VALID for v in result.values.values())


def test_wrapped_lines_and_line_per_statement(labeler) -> None:
    wrapped = "Increased opacity; superimposed infection cannot be\nexcluded."
    assert labeler.label(wrapped).values["Pneumonia"] == -1.0
    lines = "No pneumothorax\nLarge left effusion"
    values = labeler.label(lines).values
    assert (values["Pneumothorax"], values["Pleural Effusion"]) == (0.0, 1.0)
