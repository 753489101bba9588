"""Aligning gold and predictions, and every bad input that must fail with a clear message."""

from __future__ import annotations

import pytest

from labelaudit.errors import InputError, LabelFileError
from labelaudit.labelfile import read_label_file
from labelaudit.validation.join import align

HEADER = "report_id,Reports,Edema,Pleural Effusion\n"


def write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def read(path):
    return read_label_file(path, strict_columns=True)


def test_predictions_must_have_every_scored_observation(tmp_path, data):
    gold = read(data / "gold.csv")
    pred_path = write(
        tmp_path,
        "pred.csv",
        "report_id,Edema\n" + "\n".join(f"r{i:02d},1.0" for i in range(12, 0, -1)),
    )
    pred = read_label_file(pred_path)
    with pytest.raises(LabelFileError, match="no column for observations"):
        align(gold, pred)  # gold annotates 7 observations, this file has 2


def test_ids_are_matched_not_positions(tmp_path):
    gold = read(write(tmp_path, "gold.csv", HEADER + "a,x,1,\nb,y,0,\n"))
    pred = read(write(tmp_path, "pred.csv", "report_id,Edema,Pleural Effusion\nb,0,\na,1,\n"))
    aligned = align(gold, pred)
    assert aligned.ids == ["a", "b"]
    assert aligned.pred["Edema"].tolist() == [1.0, 0.0]
    assert aligned.reports.tolist() == ["x", "y"]


def test_mismatched_ids_list_both_sides(tmp_path):
    gold = read(write(tmp_path, "gold.csv", HEADER + "".join(f"g{i},t,1,\n" for i in range(8))))
    pred = read(write(tmp_path, "pred.csv", "report_id,Edema,Pleural Effusion\ng0,1,\np9,1,\n"))
    with pytest.raises(LabelFileError) as error:
        align(gold, pred)
    message = str(error.value)
    assert "in gold.csv, not in pred.csv: g1, g2, g3, g4, g5 … (7 in all)" in message
    assert "in pred.csv, not in gold.csv: p9 (1 in all)" in message


def test_duplicate_ids_are_an_error(tmp_path):
    path = write(tmp_path, "gold.csv", HEADER + "a,x,1,\na,y,0,\nb,z,,\n")
    with pytest.raises(LabelFileError, match="duplicate ids in column 'report_id': a"):
        read(path)


def test_unknown_observation_column_is_an_error(tmp_path):
    path = write(tmp_path, "gold.csv", "report_id,Edema,Pleural Efusion\na,1,0\n")
    with pytest.raises(LabelFileError, match=r"unknown observation columns.*Pleural Efusion"):
        read(path)


@pytest.mark.parametrize("bad", ["2", "yes", "0.5", "positive"])
def test_values_outside_the_four_are_an_error(tmp_path, bad):
    path = write(tmp_path, "gold.csv", HEADER + f"a,x,{bad},\nb,y,1,\n")
    with pytest.raises(LabelFileError, match=f"line 2 Edema='{bad}'"):
        read(path)


def test_usual_spellings_are_accepted(tmp_path):
    gold = read(write(tmp_path, "gold.csv", HEADER + "a,x,1,-1.0\nb,y,0.0,-1\nc,z,1.0,0\n"))
    assert gold.values["Edema"].tolist() == [1.0, 0.0, 1.0]
    assert gold.values["Pleural Effusion"].tolist() == [-1.0, -1.0, 0.0]


def test_row_order_join_checks_the_texts(tmp_path):
    text = "Reports,Edema,Pleural Effusion\nNo edema.,0,\nSmall  effusion.,,1\n"
    gold = read(write(tmp_path, "gold.csv", text))
    pred = read(write(tmp_path, "pred.csv", text.replace("Small  effusion", "Small effusion")))
    assert align(gold, pred).pred["Pleural Effusion"].tolist()[1] == 1.0  # whitespace aside

    other = read(write(tmp_path, "other.csv", text.replace("No edema.", "Mild edema.")))
    with pytest.raises(LabelFileError, match=r"report texts differ .* on rows 2 \(1 in all\)"):
        align(gold, other)


def test_row_order_join_needs_the_same_count(tmp_path):
    gold = read(write(tmp_path, "gold.csv", "Reports,Edema\nA,1\nB,0\n"))
    pred = read(write(tmp_path, "pred.csv", "Reports,Edema\nA,1\n"))
    with pytest.raises(LabelFileError, match=r"2 reports, but .* has 1"):
        align(gold, pred)


def test_no_ids_and_no_text_cannot_be_joined(tmp_path):
    gold = read(write(tmp_path, "gold.csv", "Edema\n1\n0\n"))
    pred = read(write(tmp_path, "pred.csv", "Edema\n1\n0\n"))
    with pytest.raises(LabelFileError, match="no ids to join on and no Reports column"):
        align(gold, pred)


def test_ids_on_one_side_fall_back_to_checked_row_order(tmp_path):
    gold = read(write(tmp_path, "gold.csv", "report_id,Reports,Edema\na,No edema.,0\nb,Edema.,1\n"))
    pred = read(write(tmp_path, "pred.csv", "Reports,Edema\nNo edema.,0\nEdema.,-1\n"))
    aligned = align(gold, pred)
    assert aligned.ids == ["a", "b"]
    assert aligned.pred_keys == ["0", "1"]  # evidence of an id-less file is keyed by row
    assert aligned.pred["Edema"].tolist() == [0.0, -1.0]


def test_partial_gold_scores_only_its_observations(data):
    aligned = align(read(data / "gold.csv"), read(data / "pred_mixed.csv"))
    assert aligned.observations == [
        "No Finding",
        "Cardiomegaly",
        "Edema",
        "Pneumothorax",
        "Pleural Effusion",
        "Pleural Other",
        "Support Devices",
    ]
    assert "Fracture" in aligned.not_annotated and len(aligned.not_annotated) == 7


def test_empty_gold_is_an_error(tmp_path):
    gold = read(write(tmp_path, "gold.csv", HEADER))
    pred = read(write(tmp_path, "pred.csv", HEADER))
    with pytest.raises(LabelFileError, match="no reports"):
        align(gold, pred)


def test_missing_and_unreadable_files(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read(tmp_path / "absent.csv")
    (tmp_path / "binary.csv").write_bytes(b"\xff\xfe\x00junk\x00")
    with pytest.raises(InputError, match="not UTF-8"):
        read(tmp_path / "binary.csv")
