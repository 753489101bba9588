"""The HTML page: self-contained, escaped, with the evidence highlighted."""

from __future__ import annotations

import math

from labelaudit.labelfile import read_label_file
from labelaudit.validation.chart import f1_chart_png
from labelaudit.validation.error_audit import ErrorRow, audit_errors
from labelaudit.validation.evaluate import evaluate
from labelaudit.validation.html_report import error_html, highlight, validation_page
from labelaudit.validation.join import align
from labelaudit.validation.tables import validation_tables


def test_highlight_marks_mention_and_trigger_and_escapes():
    html = highlight("No <b>pneumothorax</b> & no effusion.", "pneumothorax", "No")
    assert html == (
        '<mark class="trigger">No</mark> &lt;b&gt;<mark class="mention">pneumothorax</mark>'
        "&lt;/b&gt; &amp; no effusion."
    )


def test_highlight_matches_whole_words_only():
    # The trigger "or" must mark the word "or", never the letters inside "normally".
    html = highlight("Heart normally sized, effusion or atelectasis.", "effusion", "or")
    assert "n<mark" not in html
    assert '<mark class="trigger">or</mark> atelectasis' in html
    assert highlight("Normally sized heart.", "", "or") == "Normally sized heart."


def test_error_card_escapes_report_text():
    row = ErrorRow(
        report_id="<id>",
        observation="Edema",
        gold=1.0,
        predicted=math.nan,
        kind="missed mention",
        report="<script>alert(1)</script>",
    )
    card = error_html(row, has_evidence=True)
    assert "<script>" not in card and "&lt;script&gt;" in card
    assert "gold <code>1.0</code> → predicted <code>blank</code>" in card
    assert "found no mention of Edema" in card


def test_page_has_every_section(data):
    gold = read_label_file(data / "gold.csv", strict_columns=True)
    pred = read_label_file(data / "pred_mixed.csv", strict_columns=True)
    aligned = align(gold, pred)
    evaluation = evaluate(aligned, n_resamples=20, seed=0)
    page = validation_page(
        evaluation=evaluation,
        tables=validation_tables(evaluation),
        errors=audit_errors(aligned),
        chart_png=f1_chart_png(evaluation),
        facts={"Gold": "gold.csv"},
        has_evidence=False,
    )
    for anchor in ('id="chart"', 'id="tables"', 'id="confusion"', 'id="errors"'):
        assert anchor in page
    assert page.count('class="matrix"') == len(evaluation.observations)
    assert "No labeler evidence was available" in page
    assert page.count('class="error ') == 9
