"""Agreement between readers: Fleiss' kappa by hand, pairwise tables, the reference table."""

from __future__ import annotations

import math

import numpy as np
import pytest
from sklearn.metrics import cohen_kappa_score

from labelaudit.agreement import (
    agreement_tables,
    align_readers,
    category_counts,
    fleiss_kappa,
    reader_names,
)
from labelaudit.distribution import count_disagreements
from labelaudit.errors import InputError
from labelaudit.labelfile import read_label_file
from labelaudit.validation.metrics import encode


def test_fleiss_kappa_small_example_by_hand():
    # 3 subjects, 3 raters, 2 categories. P_i = 1, 1, 1/3 -> P-bar = 7/9;
    # p = (5/9, 4/9) -> P-bar_e = 41/81; kappa = (63/81 - 41/81) / (40/81) = 22/40.
    assert fleiss_kappa(np.array([[3, 0], [0, 3], [2, 1]])) == pytest.approx(0.55)


def test_fleiss_kappa_worked_example_of_fleiss_1971():
    # The 10 subjects x 5 categories, 14 raters example (as on Wikipedia): kappa = 0.210.
    counts = np.array(
        [
            [0, 0, 0, 0, 14],
            [0, 2, 6, 4, 2],
            [0, 0, 3, 5, 6],
            [0, 3, 9, 2, 0],
            [2, 2, 8, 1, 1],
            [7, 7, 0, 0, 0],
            [3, 2, 6, 3, 0],
            [2, 5, 3, 2, 2],
            [6, 5, 2, 1, 0],
            [0, 2, 2, 3, 7],
        ]
    )
    assert fleiss_kappa(counts) == pytest.approx(0.2099, abs=1e-4)


def test_fleiss_kappa_edge_cases():
    assert math.isnan(fleiss_kappa(np.array([[3, 0], [3, 0]])))  # one category only
    assert fleiss_kappa(np.array([[3, 0], [0, 3]])) == 1.0
    with pytest.raises(ValueError):
        fleiss_kappa(np.array([[3, 0], [1, 1]]))  # different numbers of raters


def test_category_counts():
    codes = np.array([[0, 0, 3], [1, 2, 2]])
    assert category_counts(codes).tolist() == [[2, 0, 0, 1], [0, 1, 2, 0]]


def readers(data, *names, reference=None):
    tables = [read_label_file(data / n, strict_columns=True) for n in names]
    truth = read_label_file(data / reference, strict_columns=True) if reference else None
    return align_readers(tables, truth)


def test_three_readers_get_fleiss_and_pairwise_tables(data):
    aligned = readers(data, "gold.csv", "pred_mixed.csv", "pred_wrong.csv")
    summary, pairwise = agreement_tables(aligned)
    assert summary.headers[1] == "Fleiss' kappa"
    assert len(pairwise.records) == 3 * 7  # three pairs x seven shared observations
    gold, mixed = aligned.frames[0], aligned.frames[1]
    expected = count_disagreements(gold, mixed)
    for record in pairwise.records:
        if (record["reader_a"], record["reader_b"]) == ("gold", "pred_mixed"):
            observation = record["observation"]
            assert record["disagreements"] == expected[observation]
            k = aligned.observations.index(observation)
            codes_a, codes_b = encode(gold)[:, k], encode(mixed)[:, k]
            assert record["kappa"] == pytest.approx(cohen_kappa_score(codes_a, codes_b))
            assert record["percent_agreement"] == pytest.approx(
                100 * (1 - expected[observation] / 12)
            )
    assert "Not in every file" in summary.notes[-1]


def test_two_readers_have_no_fleiss_column(data):
    summary, _ = agreement_tables(readers(data, "gold.csv", "pred_mixed.csv"))
    assert "Fleiss' kappa" not in summary.headers
    edema = next(r for r in summary.records if r["observation"] == "Edema")
    assert edema["percent_all_agree"] == pytest.approx(100 * 10 / 12)


def test_sensitivity_and_specificity_against_a_reference(data):
    aligned = readers(data, "pred_mixed.csv", "pred_wrong.csv", reference="gold.csv")
    reference = agreement_tables(aligned)[-1]
    by_key = {(r["observation"], r["reader"]): r for r in reference.records}
    edema = by_key["Edema", "pred_mixed"]
    # Reference Edema: 1 in r02, r11; -1 in r05 (left out); prediction has 1 in r05, r11.
    assert edema["sensitivity"] == pytest.approx(0.5)
    assert edema["specificity"] == pytest.approx(1.0)
    assert (edema["reference_positive"], edema["reference_not_positive"]) == (2, 9)
    assert edema["reference_uncertain_left_out"] == 1
    other = by_key["Pleural Other", "pred_mixed"]
    assert math.isnan(other["sensitivity"])  # the reference has no positive: undefined
    assert by_key["Edema", "pred_wrong"]["sensitivity"] == 0.0


def test_one_reader_needs_a_reference(data):
    with pytest.raises(InputError, match="at least two label files"):
        readers(data, "gold.csv")
    only_reference = agreement_tables(readers(data, "pred_mixed.csv", reference="gold.csv"))
    assert [t.name for t in only_reference] == ["reference"]


def test_reader_names_disambiguate_equal_stems(tmp_path):
    paths = [tmp_path / "a" / "labels.csv", tmp_path / "b" / "labels.csv", tmp_path / "c.csv"]
    names = reader_names(paths)
    assert names[2] == "c" and names[0] != names[1]


def test_files_without_shared_observations_are_an_error(tmp_path):
    (tmp_path / "a.csv").write_text("report_id,Edema\nx,1\n", encoding="utf-8")
    (tmp_path / "b.csv").write_text("report_id,Fracture\nx,1\n", encoding="utf-8")
    tables = [read_label_file(tmp_path / n) for n in ("a.csv", "b.csv")]
    with pytest.raises(InputError, match="no observation column in common"):
        align_readers(tables)


def test_agree_says_how_many_reports_it_compares(cli, tmp_path):
    from labelaudit.observations import OBSERVATIONS

    header = "report_id," + ",".join(OBSERVATIONS)
    blank = "," * 13
    a = tmp_path / "a.csv"
    b = tmp_path / "b.csv"
    a.write_text(f"{header}\nr1,1.0{blank}\nr2,{blank}\n", encoding="utf-8")
    b.write_text(f"{header}\nr1,1.0{blank}\nr2,{blank}\nr3,1.0{blank}\n", encoding="utf-8")
    result = cli("agree", a, b)
    assert result.exit_code == 0, result.output
    said = " ".join(result.stderr.split())
    assert "compared 2 reports (those of a): a has 2, b has 3; left out: 1 of b's" in said
