"""Bad input to ``train``, ``predict`` and ``synth`` through the CLI (issue 10): never an
input overwritten, never a dataset half-replaced, never a run resumed on other labels."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from test_cli_train import TINY, _own_dataset

from labelaudit.observations import OBSERVATIONS


@pytest.fixture(scope="session")
def invoke(cli):
    """`labelaudit ARGS`: never a traceback."""

    def checked(*args):
        result = cli(*args)
        assert "Traceback" not in result.output
        return result

    return checked


def one_line_error(result, *fragments: str) -> None:
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


def test_predict_never_writes_over_its_manifest(invoke, tmp_path: Path) -> None:
    pytest.importorskip("torch")
    manifest = tmp_path / "m.csv"
    manifest.write_text("path\nimages/a.png\n", encoding="utf-8")
    result = invoke("predict", "--run", tmp_path / "run", "--images", manifest, "-o", manifest)
    one_line_error(result, "m.csv: is an input")
    assert manifest.read_text(encoding="utf-8") == "path\nimages/a.png\n"
    one_line_error(
        invoke("predict", "--run", tmp_path / "run", "--images", manifest, "-o", tmp_path),
        "is a folder",
    )


def test_predict_takes_every_images_option(invoke, tmp_path: Path, make_image_table) -> None:
    pytest.importorskip("torch")
    table = make_image_table(tmp_path / "one" / "images", n=12)
    labels, manifest = _own_dataset(table, tmp_path / "one")
    run = tmp_path / "run"
    result = invoke("train", "--labels", labels, "--images", manifest, *TINY, "--output", run)
    assert result.exit_code == 0, result.output
    make_image_table(tmp_path / "two", n=3)
    single = tmp_path / "two" / "img00.png"
    out = tmp_path / "p.csv"
    result = invoke("predict", "--run", run, "--images", tmp_path / "one" / "images",
                    "--images", tmp_path / "two", "--workers", "0", "-o", out)  # fmt: skip
    assert result.exit_code == 0, result.output
    assert len(pd.read_csv(out)) == 12 + 3
    result = invoke("predict", "--run", run, "--images", manifest, "--images", single,
                    "--workers", "0", "-o", out)  # fmt: skip
    assert result.exit_code == 0, result.output
    predictions = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert len(predictions) == 12 + 1  # the manifest's images and the extra file
    assert predictions["report_id"].tolist()[:12] == [f"s{i}" for i in range(12)]

    # --resume on another label file is refused, naming both hashes
    other = tmp_path / "other.csv"
    frame = pd.read_csv(labels, dtype=str, keep_default_na=False)
    frame.loc[0, OBSERVATIONS[1]] = "1.0"
    frame.to_csv(other, index=False)
    result = invoke("train", "--labels", other, "--images", manifest, *TINY, "--output", run,
                    "--resume")  # fmt: skip
    card = json.loads((run / "model.json").read_text(encoding="utf-8"))
    one_line_error(result, "--resume with other labels", card["label_file_hash"])


def test_synth_interrupted_overwrite_keeps_the_old_dataset(
    invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "synth"
    assert invoke("synth", out, "--n", "6", "--size", "64").exit_code == 0
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    (out / "my_notes.txt").write_text("mine", encoding="utf-8")

    from labelaudit.synth import dataset

    calls = []

    def interrupt(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real(*args, **kwargs)

    real = dataset._png
    monkeypatch.setattr(dataset, "_png", interrupt)
    result = invoke("synth", out, "--n", "6", "--size", "64", "--seed", "1", "--overwrite")
    assert result.exit_code == 130
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == {**before, Path("my_notes.txt"): b"mine"}
    assert [p.name for p in tmp_path.iterdir()] == ["synth"]  # no staging folder left

    monkeypatch.setattr(dataset, "_png", real)
    result = invoke("synth", out, "--n", "7", "--size", "64", "--seed", "1", "--overwrite")
    assert result.exit_code == 0, result.output
    manifest = pd.read_csv(out / "manifest.csv")
    assert len(manifest) == len(list((out / "images").iterdir()))
    assert (out / "my_notes.txt").read_text(encoding="utf-8") == "mine"


def test_synth_contact_sheet_folder_is_refused_up_front(invoke, tmp_path: Path) -> None:
    result = invoke("synth", tmp_path / "s", "--n", "4", "--contact-sheet", tmp_path)
    one_line_error(result, "is a folder")
    assert not (tmp_path / "s").exists()
