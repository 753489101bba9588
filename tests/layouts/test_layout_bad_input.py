"""Bad label files: one line naming the file, the row and what was expected; nothing written."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from layout_files import EXAMPLES


def _copy_with(tmp_path: Path, example: str, edit) -> Path:
    lines = (EXAMPLES / example).read_text(encoding="utf-8").splitlines()
    target = tmp_path / example
    target.write_text("\n".join(edit(lines)) + "\n", encoding="utf-8")
    return target


def _fails(cli, args: list[str], out: Path, *needles: str) -> str:
    result = cli(*args, "--output-dir", out)
    assert result.exit_code == 1, result.output
    text = " ".join(result.output.split())  # the console may wrap; the message is one line
    assert text.startswith("error: ")
    for needle in needles:
        assert needle in text, text
    assert "Traceback" not in result.output
    assert not out.exists() or not any(out.iterdir())
    return text


def test_unknown_layout(cli, tmp_path: Path) -> None:
    _fails(
        cli,
        ["distribution", str(EXAMPLES / "chexpert_train.csv"), "--layout", "openi"],
        tmp_path / "out",
        "unknown layout 'openi'",
        "chestx-ray14",
    )


def test_forced_layout_that_does_not_fit(cli, tmp_path: Path) -> None:
    _fails(
        cli,
        ["distribution", str(EXAMPLES / "chexpert_train.csv"), "--layout", "padchest"],
        tmp_path / "out",
        "chexpert_train.csv: header row: not a padchest file",
    )


def test_mixed_header_of_two_layouts(cli, tmp_path: Path) -> None:
    def mix(lines: list[str]) -> list[str]:
        return [lines[0] + ",image_id,No finding", *(line + ",x,0" for line in lines[1:])]

    path = _copy_with(tmp_path, "Data_Entry_example.csv", mix)
    _fails(
        cli,
        ["distribution", str(path)],
        tmp_path / "out",
        "Data_Entry_example.csv: header row",
        "chestx-ray14 and vindr-cxr",
        "--layout",
    )


def test_column_outside_the_vindr_vocabulary(cli, tmp_path: Path) -> None:
    def rename(lines: list[str]) -> list[str]:
        return [lines[0].replace("Pneumothorax", "Pneumothorax size"), *lines[1:]]

    path = _copy_with(tmp_path, "image_labels_train.csv", rename)
    _fails(
        cli,
        ["distribution", str(path)],
        tmp_path / "out",
        "'Pneumothorax size' is not in the vindr-cxr",
    )


def test_truncated_header(cli, tmp_path: Path) -> None:
    def cut(lines: list[str]) -> list[str]:
        return [lines[0].rsplit(",", 1)[0], *lines[1:]]

    path = _copy_with(tmp_path, "chexpert_train.csv", cut)
    _fails(
        cli, ["distribution", str(path)], tmp_path / "out", "chexpert_train.csv: row 2", "header"
    )


def test_study_whose_images_disagree(cli, tmp_path: Path) -> None:
    def disagree(lines: list[str]) -> list[str]:
        lines = list(lines)
        lines[3] = lines[3].replace(",1.0,", ",0.0,", 1)  # the lateral view of patient00002/study1
        return lines

    path = _copy_with(tmp_path, "chexpert_train.csv", disagree)
    _fails(
        cli,
        ["distribution", str(path)],
        tmp_path / "out",
        "chexpert_train.csv: row 4: study 'patient00002/study1' has different labels than at row 3",
        "Lung Opacity",
        "--combine",
    )
    combined = cli(
        "distribution", str(path), "--combine", "max", "--output-dir", str(tmp_path / "ok")
    )
    assert combined.exit_code == 0, combined.output
    assert "1 studies whose rows disagreed were combined with --combine max" in " ".join(
        combined.output.split()
    )


def test_finding_label_outside_the_vocabulary(cli, tmp_path: Path) -> None:
    def typo(lines: list[str]) -> list[str]:
        return [lines[0], lines[1], lines[2].replace("Hernia", "Hernia|Pneumonitis"), *lines[3:]]

    path = _copy_with(tmp_path, "Data_Entry_example.csv", typo)
    _fails(
        cli,
        ["distribution", str(path)],
        tmp_path / "out",
        "Data_Entry_example.csv: row 3: Finding Labels 'Pneumonitis' is not in the chestx-ray14",
        "expected one of: No Finding, Atelectasis",
    )


def test_against_a_file_of_another_unit(cli, tmp_path: Path) -> None:
    _fails(
        cli,
        [
            "distribution",
            str(EXAMPLES / "Data_Entry_example.csv"),
            "--per",
            "study",
            "--against",
            str(EXAMPLES / "nih_expert_labels.csv"),
        ],
        tmp_path / "out",
        "nih_expert_labels.csv: a nih-expert file cannot be counted per study",
        "--against needs a file of the same studies",
    )


def test_unit_the_layout_lacks(cli, tmp_path: Path) -> None:
    _fails(
        cli,
        ["distribution", str(EXAMPLES / "mimic-cxr-2.0.0-chexpert.csv"), "--per", "image"],
        tmp_path / "out",
        "a mimic-cxr file cannot be counted per image",
    )


def test_bad_value_names_row_and_column(cli, tmp_path: Path) -> None:
    def bad(lines: list[str]) -> list[str]:
        return [lines[0], lines[1].replace("NO,NO,NO,NO", "NO,MAYBE,NO,NO"), *lines[2:]]

    path = _copy_with(tmp_path, "nih_expert_labels.csv", bad)
    _fails(
        cli,
        ["distribution", str(path)],
        tmp_path / "out",
        "nih_expert_labels.csv: row 2: Pneumothorax='MAYBE'; expected YES or NO or blank",
    )


def test_malformed_vocabulary(cli, tmp_path: Path) -> None:
    vocabulary = tmp_path / "my.tsv"
    vocabulary.write_text("Effusion\tPleural Effusion\nMass\tLung Mass\n", encoding="utf-8")
    _fails(
        cli,
        ["distribution", str(EXAMPLES / "Data_Entry_example.csv"), "--vocabulary", str(vocabulary)],
        tmp_path / "out",
        "my.tsv:2: target 'Lung Mass' must be a CheXpert observation",
    )


def test_convert_writes_nothing_on_error(cli, tmp_path: Path) -> None:
    source = tmp_path / "padchest.csv"
    shutil.copy(EXAMPLES / "padchest_example.csv", source)
    with source.open("a", encoding="utf-8") as handle:
        handle.write("p9999_pa.png,s9999,pt999,PA,Physician,\"['normal'\"\n")
    output = tmp_path / "converted.csv"
    result = cli("convert", source, "-o", output)
    assert result.exit_code == 1
    assert "padchest.csv: row 22: Labels=\"['normal'\" is not a list of labels" in " ".join(
        result.output.split()
    )
    assert not output.exists()
    assert list(tmp_path.iterdir()) == [source]


@pytest.mark.parametrize("per", ["study", "row"])
def test_vindr_has_no_study_ids(cli, tmp_path: Path, per: str) -> None:
    args = ["distribution", str(EXAMPLES / "image_labels_train.csv"), "--per", per]
    if per == "study":
        _fails(cli, args, tmp_path / "out", "a vindr-cxr file cannot be counted per study")
    else:
        assert cli(*args, "--output-dir", tmp_path / "o").exit_code == 0
