"""The three training data sources, on small fake folder trees with real image files."""

from __future__ import annotations

import gzip
import math
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from PIL import Image

from labelaudit.errors import InputError
from labelaudit.manifest import read_manifest
from labelaudit.observations import OBSERVATIONS
from labelaudit.synth import generate
from labelaudit.train.sources import (
    TABLE_COLUMNS,
    load_chexpert,
    load_mimic,
    load_own,
    load_source,
    parse_views,
)


def _image(path: Path, value: int = 100) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    pixels = np.full((8, 8), value, dtype=np.uint8)
    Image.fromarray(pixels).save(path)


def _labels(rng: np.random.Generator, n: int) -> dict[str, list[str]]:
    choices = ["1.0", "0.0", "-1.0", ""]
    return {o: [choices[i] for i in rng.integers(0, 4, n)] for o in OBSERVATIONS}


def _check_table(table: pd.DataFrame) -> None:
    assert tuple(table.columns) == TABLE_COLUMNS
    assert all(os.path.isabs(p) for p in table["path"])
    values = table[list(OBSERVATIONS)].to_numpy()
    assert np.isin(values[~np.isnan(values)], (1.0, 0.0, -1.0)).all()
    assert set(table["split"]) <= {"train", "valid", "test", None}


# -- CheXpert ----------------------------------------------------------------------------------

CHEXPERT_ROWS = [
    # split, patient, study, view file, Frontal/Lateral, AP/PA
    ("train", "patient00001", "study1", "view1_frontal.jpg", "Frontal", "AP"),
    ("train", "patient00001", "study1", "view2_lateral.jpg", "Lateral", ""),
    ("train", "patient00001", "study2", "view1_frontal.jpg", "Frontal", "PA"),
    ("train", "patient00002", "study1", "view1_frontal.jpg", "Frontal", "PA"),
    ("valid", "patient64541", "study1", "view1_frontal.jpg", "Frontal", "AP"),
]


def make_chexpert(parent: Path, folder: str = "CheXpert-v1.0-small") -> Path:
    """A CheXpert tree: parent/folder/{train,valid}.csv and the films they list."""
    root = parent / folder
    rng = np.random.default_rng(0)
    for split in ("train", "valid"):
        rows = [r for r in CHEXPERT_ROWS if r[0] == split]
        paths = [f"{folder}/{split}/{p}/{s}/{v}" for _, p, s, v, _, _ in rows]
        for path in paths:
            _image(parent / path)
        frame = pd.DataFrame(
            {
                "Path": paths,
                "Sex": "Female",
                "Age": "60",
                "Frontal/Lateral": [r[4] for r in rows],
                "AP/PA": [r[5] for r in rows],
                **_labels(rng, len(rows)),
            }
        )
        frame.to_csv(root / f"{split}.csv", index=False)
    return root


@pytest.mark.parametrize("folder", ["CheXpert-v1.0-small", "CheXpert-v1.0"])
def test_chexpert_both_path_prefixes(tmp_path, folder):
    root = make_chexpert(tmp_path, folder)
    source = load_chexpert(root)
    table = source.table
    _check_table(table)
    assert source.missing_images == 0 and source.notes == []
    assert len(table) == len(CHEXPERT_ROWS)
    assert all(Path(p).is_file() for p in table["path"])
    assert list(table["split"]) == ["train"] * 4 + ["valid"]
    assert list(table["patient_id"]) == [r[1] for r in CHEXPERT_ROWS]
    assert table["study_id"].iloc[0] == "patient00001/study1"
    # study1 of two patients are two studies
    assert table["study_id"].nunique() == 4
    raw = pd.read_csv(root / "train.csv")
    assert np.array_equal(
        table[list(OBSERVATIONS)].iloc[:4].to_numpy(),
        raw[list(OBSERVATIONS)].to_numpy(dtype=float),
        equal_nan=True,
    )
    assert source.label_files == [root / "train.csv", root / "valid.csv"]


def test_chexpert_root_may_be_the_parent_or_a_renamed_folder(tmp_path):
    root = make_chexpert(tmp_path / "data")
    from_parent = load_chexpert(tmp_path / "data").table
    assert list(from_parent["path"]) == list(load_chexpert(root).table["path"])
    renamed = tmp_path / "data" / "chexpert"
    root.rename(renamed)
    table = load_chexpert(renamed).table
    assert all(Path(p).is_file() for p in table["path"])
    assert all(p.startswith(str(renamed)) for p in table["path"])


def test_chexpert_view_filter(tmp_path):
    root = make_chexpert(tmp_path)
    pa = load_chexpert(root, views=("PA",)).table
    assert len(pa) == 2 and set(pa["split"]) == {"train"}
    lateral = load_chexpert(root, views=("LATERAL",)).table
    assert [Path(p).name for p in lateral["path"]] == ["view2_lateral.jpg"]


def test_chexpert_missing_images_are_counted_not_fatal(tmp_path):
    root = make_chexpert(tmp_path)
    (root / "train" / "patient00002" / "study1" / "view1_frontal.jpg").unlink()
    source = load_chexpert(root)
    assert source.missing_images == 1
    assert len(source.table) == len(CHEXPERT_ROWS)
    assert any("do not exist" in n for n in source.notes)


def test_chexpert_errors(tmp_path):
    with pytest.raises(InputError, match="no such folder"):
        load_chexpert(tmp_path / "nowhere")
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(InputError, match=r"no train\.csv"):
        load_chexpert(empty)
    root = make_chexpert(tmp_path / "a")
    (root / "valid.csv").unlink()
    with pytest.raises(InputError, match=r"no valid\.csv"):
        load_chexpert(root)

    root = make_chexpert(tmp_path / "c")
    frame = pd.read_csv(root / "train.csv", dtype=str, keep_default_na=False)
    frame.rename(columns={"Pleural Effusion": "Pleural Efusion"}).to_csv(
        root / "train.csv", index=False
    )
    with pytest.raises(InputError, match="unknown observation columns"):
        load_chexpert(root)


@pytest.mark.parametrize(
    ("name", "column", "cell", "message"),
    [
        ("train.csv", "Path", "CheXpert-v1.0-small/train/someone/view1.jpg", "lack patientNNNNN"),
        ("valid.csv", "Edema", "2", "values must be 1, 0, -1 or blank"),
    ],
)
def test_chexpert_bad_cell(tmp_path, name: str, column: str, cell: str, message: str):
    root = make_chexpert(tmp_path)
    frame = pd.read_csv(root / name, dtype=str, keep_default_na=False)
    frame.loc[0, column] = cell
    frame.to_csv(root / name, index=False)
    with pytest.raises(InputError, match=message):
        load_chexpert(root)


# -- MIMIC-CXR-JPG -----------------------------------------------------------------------------

MIMIC_IMAGES = [
    # dicom_id, subject, study, view, split
    ("d1", "10000032", "50414267", "PA", "train"),
    ("d2", "10000032", "50414267", "LATERAL", "train"),
    ("d3", "10000032", "53189527", "AP", "train"),
    ("d4", "11000011", "51000001", "AP", "validate"),
    ("d5", "12000012", "52000002", "PA", "test"),
    ("d6", "12000012", "59999999", "PA", "test"),  # a study without labels
]
LABELLED_STUDIES = [("10000032", "50414267"), ("10000032", "53189527"), ("11000011", "51000001")]
LABELLED_STUDIES.append(("12000012", "52000002"))


def _write(frame: pd.DataFrame, path: Path) -> None:
    if path.suffix == ".gz":
        with gzip.open(path, "wt", encoding="utf-8", newline="") as handle:
            frame.to_csv(handle, index=False)
    else:
        frame.to_csv(path, index=False)


def make_mimic(root: Path, *, gz: bool = True, suffix: str = ".jpg") -> Path:
    ext = ".csv.gz" if gz else ".csv"
    root.mkdir(parents=True)
    for dicom, subject, study, _, _ in MIMIC_IMAGES:
        folder = root / "files" / f"p{subject[:2]}" / f"p{subject}" / f"s{study}"
        _image(folder / f"{dicom}.jpg")
        if suffix != ".jpg":  # MIMIC-CXR's DICOM release: the same layout, .dcm files
            (folder / f"{dicom}.jpg").rename(folder / f"{dicom}{suffix}")
    rng = np.random.default_rng(1)
    for labeler in ("chexpert", "negbio"):
        labels = pd.DataFrame(
            {
                "subject_id": [s for s, _ in LABELLED_STUDIES],
                "study_id": [st for _, st in LABELLED_STUDIES],
                **_labels(rng, len(LABELLED_STUDIES)),
            }
        )
        _write(labels, root / f"mimic-cxr-2.0.0-{labeler}{ext}")
    meta = pd.DataFrame(
        {
            "dicom_id": [r[0] for r in MIMIC_IMAGES],
            "subject_id": [r[1] for r in MIMIC_IMAGES],
            "study_id": [r[2] for r in MIMIC_IMAGES],
            "PerformedProcedureStepDescription": "CHEST (PA AND LAT)",
            "ViewPosition": [r[3] for r in MIMIC_IMAGES],
            "Rows": "3056",
            "Columns": "2544",
        }
    )
    _write(meta, root / f"mimic-cxr-2.0.0-metadata{ext}")
    split = pd.DataFrame(
        {
            "dicom_id": [r[0] for r in MIMIC_IMAGES],
            "study_id": [r[2] for r in MIMIC_IMAGES],
            "subject_id": [r[1] for r in MIMIC_IMAGES],
            "split": [r[4] for r in MIMIC_IMAGES],
        }
    )
    _write(split, root / f"mimic-cxr-2.0.0-split{ext}")
    return root


@pytest.mark.parametrize("gz", [True, False])
def test_mimic_labels_go_to_each_image_of_the_study(tmp_path, gz):
    root = make_mimic(tmp_path / "mimic", gz=gz)
    source = load_mimic(root)
    table = source.table
    _check_table(table)
    assert len(table) == 5  # d6's study has no labels
    assert any("unlabelled studies" in n for n in source.notes)
    assert all(Path(p).is_file() for p in table["path"])
    assert Path(table["path"].iloc[0]).parts[-4:] == ("p10", "p10000032", "s50414267", "d1.jpg")
    assert list(table["split"]) == ["train", "train", "train", "valid", "test"]
    assert list(table["patient_id"]) == ["10000032"] * 3 + ["11000011", "12000012"]
    first, second = table.iloc[0], table.iloc[1]
    assert first["study_id"] == second["study_id"] == "50414267"
    assert np.array_equal(
        first[list(OBSERVATIONS)].to_numpy(dtype=float),
        second[list(OBSERVATIONS)].to_numpy(dtype=float),
        equal_nan=True,
    )


def test_mimic_dicom_layout_is_found_like_the_jpg_layout(tmp_path):
    root = make_mimic(tmp_path / "mimic", suffix=".dcm")
    table = load_mimic(root).table
    assert all(p.endswith(".dcm") and Path(p).is_file() for p in table["path"])
    assert Path(table["path"].iloc[0]).parts[-4:] == ("p10", "p10000032", "s50414267", "d1.dcm")


def test_mimic_view_filter_and_labeler_choice(tmp_path):
    root = make_mimic(tmp_path / "mimic")
    frontal = load_mimic(root, views=("PA", "AP")).table
    assert "d2.jpg" not in {Path(p).name for p in frontal["path"]}
    assert len(frontal) == 4
    pa = load_mimic(root, views=("PA",))
    assert [Path(p).name for p in pa.table["path"]] == ["d1.jpg", "d5.jpg"]
    assert any("no image with views PA" in n for n in pa.notes)

    negbio = load_mimic(root, labeler="negbio")
    expected = pd.read_csv(root / "mimic-cxr-2.0.0-negbio.csv.gz", dtype={"study_id": str})
    row = expected.set_index("study_id").loc["51000001", list(OBSERVATIONS)].to_numpy(dtype=float)
    got = negbio.table.set_index("study_id").loc["51000001", list(OBSERVATIONS)]
    assert np.array_equal(got.to_numpy(dtype=float), row, equal_nan=True)
    assert negbio.label_files == [root / "mimic-cxr-2.0.0-negbio.csv.gz"]


def test_mimic_errors(tmp_path):
    root = make_mimic(tmp_path / "mimic")
    with pytest.raises(InputError, match="no images with views LL; views present: PA"):
        load_mimic(root, views=("LL",))
    with pytest.raises(InputError, match="must be one of chexpert, negbio"):
        load_mimic(root, labeler="radgraph")
    with pytest.raises(InputError, match="no such folder"):
        load_mimic(tmp_path / "nothing")

    (root / "mimic-cxr-2.0.0-metadata.csv.gz").unlink()
    with pytest.raises(InputError, match=r"no mimic-cxr-2\.0\.0-metadata\.csv\.gz"):
        load_mimic(root)

    root = make_mimic(tmp_path / "m2", gz=False)
    meta = pd.read_csv(root / "mimic-cxr-2.0.0-metadata.csv", dtype=str)
    meta.drop(columns="ViewPosition").to_csv(root / "mimic-cxr-2.0.0-metadata.csv", index=False)
    with pytest.raises(InputError, match="missing columns ViewPosition"):
        load_mimic(root)

    root = make_mimic(tmp_path / "m3", gz=False)
    split = pd.read_csv(root / "mimic-cxr-2.0.0-split.csv", dtype=str)
    split.loc[0, "split"] = "holdout"
    split.to_csv(root / "mimic-cxr-2.0.0-split.csv", index=False)
    with pytest.raises(InputError, match="unknown split names"):
        load_mimic(root)

    root = make_mimic(tmp_path / "m4", gz=False)
    labels = pd.read_csv(root / "mimic-cxr-2.0.0-chexpert.csv", dtype=str)
    labels["study_id"] = ["1", "2", "3", "4"]
    labels.to_csv(root / "mimic-cxr-2.0.0-chexpert.csv", index=False)
    with pytest.raises(InputError, match="labels without images"):
        load_mimic(root)

    root = make_mimic(tmp_path / "m5", gz=False)
    (root / "mimic-cxr-2.0.0-split.csv").write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(InputError, match="not UTF-8"):
        load_mimic(root)


# -- own labels + manifest ---------------------------------------------------------------------


def make_own(folder: Path, *, patient: bool = True) -> tuple[Path, Path]:
    folder.mkdir(parents=True)
    rng = np.random.default_rng(2)
    labels = pd.DataFrame({"report_id": ["r1", "r2", "r3"], **_labels(rng, 3)})
    labels.to_csv(folder / "labels.csv", index=False)
    elsewhere = folder.parent / "elsewhere" / "r3.png"
    for name in ("img/r1_a.png", "img/r1_b.png", "img/r2.png"):
        _image(folder / name)
    _image(elsewhere)
    manifest = pd.DataFrame(
        {
            "report_id": ["r1", "r1", "r2", "r3"],
            "path": ["img/r1_a.png", "img/r1_b.png", "img/r2.png", str(elsewhere)],
            "patient_id": ["pA", "pA", "pA", "pB"],
        }
    )
    if not patient:
        manifest = manifest.drop(columns="patient_id")
    manifest.to_csv(folder / "manifest.csv", index=False)
    return folder / "labels.csv", folder / "manifest.csv"


def test_own_labels_with_several_images_per_id(tmp_path):
    labels, manifest = make_own(tmp_path / "own")
    source = load_own(labels, manifest)
    table = source.table
    _check_table(table)
    assert source.missing_images == 0
    assert list(table["study_id"]) == ["r1", "r1", "r2", "r3"]
    assert list(table["patient_id"]) == ["pA", "pA", "pA", "pB"]
    assert table["path"].iloc[0] == str(tmp_path / "own" / "img" / "r1_a.png")
    assert table["path"].iloc[3] == str(tmp_path / "elsewhere" / "r3.png")
    assert all(s is None for s in table["split"])
    raw = pd.read_csv(labels).set_index("report_id")
    assert np.array_equal(
        table[list(OBSERVATIONS)].iloc[1].to_numpy(dtype=float),
        raw.loc["r1", list(OBSERVATIONS)].to_numpy(dtype=float),
        equal_nan=True,
    )


def test_own_without_patient_column_each_id_is_a_patient(tmp_path):
    labels, manifest = make_own(tmp_path / "own", patient=False)
    assert list(load_own(labels, manifest).table["patient_id"]) == ["r1", "r1", "r2", "r3"]


def test_own_manifest_extras_and_missing_files_are_noted(tmp_path):
    labels, manifest = make_own(tmp_path / "own")
    frame = pd.read_csv(manifest)
    extra = pd.DataFrame(
        {"report_id": ["r9", "r2"], "path": ["img/r9.png", "img/gone.png"], "patient_id": "pC"}
    )
    extra.loc[1, "patient_id"] = "pA"
    pd.concat([frame, extra]).to_csv(manifest, index=False)
    source = load_own(labels, manifest)
    assert len(source.table) == 5
    assert source.missing_images == 1
    notes = " ".join(source.notes)
    assert "1 manifest images have no labels" in notes and "do not exist" in notes


def test_own_split_column(tmp_path):
    labels, manifest = make_own(tmp_path / "own")
    frame = pd.read_csv(manifest)
    frame["split"] = ["train", "train", "validate", ""]
    frame.to_csv(manifest, index=False)
    assert list(load_own(labels, manifest).table["split"]) == ["train", "train", "valid", None]
    frame["split"] = ["train", "train", "dev", "test"]
    frame.to_csv(manifest, index=False)
    with pytest.raises(InputError, match="unknown split names"):
        load_own(labels, manifest)


def test_own_errors(tmp_path):
    labels, manifest = make_own(tmp_path / "own")
    frame = pd.read_csv(manifest)
    frame[frame.report_id != "r2"].to_csv(manifest, index=False)
    with pytest.raises(InputError, match=r"1 of 3 labelled ids have no image .* e\.g\. r2"):
        load_own(labels, manifest)

    frame.rename(columns={"path": "where"}).to_csv(manifest, index=False)
    with pytest.raises(InputError, match="no image path column"):
        load_own(labels, manifest)

    frame.rename(columns={"report_id": "rid"}).to_csv(manifest, index=False)
    with pytest.raises(InputError, match="no id column"):
        load_own(labels, manifest)

    frame.assign(path=["img/r1_a.png", "", "img/r2.png", "x.png"]).to_csv(manifest, index=False)
    with pytest.raises(InputError, match=r"empty image path on line\(s\) 3 \(1 in all\)"):
        load_own(labels, manifest)

    frame.assign(report_id=["r1", "r1", " ", "r3"]).to_csv(manifest, index=False)
    with pytest.raises(InputError, match=r"empty id in column 'report_id' on line\(s\) 4"):
        load_own(labels, manifest)

    frame.assign(patient_id=["pA", "pZ", "pA", "pB"]).to_csv(manifest, index=False)
    with pytest.raises(InputError, match="r1 is listed with more than one patient"):
        load_own(labels, manifest)

    no_ids = tmp_path / "no_ids.csv"
    pd.read_csv(labels).drop(columns="report_id").to_csv(no_ids, index=False)
    with pytest.raises(InputError, match="no id column"):
        load_own(no_ids, manifest)

    typo = tmp_path / "typo.csv"
    pd.read_csv(labels).rename(columns={"Cardiomegaly": "Cardiomegally"}).to_csv(typo, index=False)
    with pytest.raises(InputError, match="did you mean 'Cardiomegaly'"):
        load_own(typo, manifest)

    with pytest.raises(InputError, match="no such file"):
        load_own(labels, tmp_path / "none.csv")
    (tmp_path / "empty.csv").write_text("")
    with pytest.raises(InputError, match="empty"):
        load_own(labels, tmp_path / "empty.csv")


def test_own_on_the_synthetic_dataset(tmp_path):
    out = tmp_path / "demo"
    generate(out, n=10, size=48, seed=4)
    source = load_own(out / "stated.csv", out / "manifest.csv")
    table = source.table
    manifest = pd.read_csv(out / "manifest.csv")
    assert len(table) == 10 and source.missing_images == 0
    assert list(table["patient_id"]) == list(manifest["patient_id"])
    stated = pd.read_csv(out / "stated.csv").set_index("report_id")
    for row in table.itertuples(index=False):
        expected = stated.loc[row.study_id, "Pneumothorax"]
        assert row.Pneumothorax == expected or (
            math.isnan(row.Pneumothorax) and math.isnan(expected)
        )


# -- choosing the source -----------------------------------------------------------------------


def test_load_source_needs_exactly_one(tmp_path):
    root = make_chexpert(tmp_path)
    labels, manifest = make_own(tmp_path / "own")
    with pytest.raises(InputError, match=r"give exactly one data source.*got none"):
        load_source()
    with pytest.raises(InputError, match="got chexpert_root and labels with images"):
        load_source(chexpert_root=root, labels=labels, images=manifest)
    with pytest.raises(InputError, match="go together"):
        load_source(labels=labels)
    with pytest.raises(InputError, match=r"^views applies to chexpert_root and mimic_root only"):
        load_source(labels=labels, images=manifest, views=("PA",))
    assert load_source(chexpert_root=root).name == "chexpert"
    assert load_source(labels=labels, images=manifest).name == "labels+manifest"
    assert load_source(mimic_root=make_mimic(tmp_path / "m"), views=("PA",)).name == "mimic-cxr"


def test_data_side_never_imports_torch():
    code = (
        "import sys, labelaudit.synth, labelaudit.train.sources, labelaudit.train.split; "
        "assert 'torch' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_parse_views():
    assert parse_views(None) is None
    assert parse_views("") is None
    assert parse_views(" pa, AP ,") == ("PA", "AP")


def test_own_reads_the_manifest_with_the_shared_reader(tmp_path):
    labels, manifest = make_own(tmp_path / "own")
    frame = pd.read_csv(manifest, dtype=str)
    frame.rename(columns={"path": "where"}).to_csv(manifest, index=False)
    with pytest.raises(InputError) as caught:
        load_own(labels, manifest)
    with pytest.raises(InputError) as shared:
        read_manifest(manifest, id_column="report_id", require_ids=True)
    assert str(caught.value) == str(shared.value)

    # Paths are resolved like every manifest's: a symlinked data folder gives the real path
    # (before labelaudit.manifest, train alone kept the link's spelling).
    (tmp_path / "link").symlink_to(tmp_path / "own")
    frame.to_csv(manifest, index=False)
    table = load_own(labels, tmp_path / "link" / "manifest.csv").table
    assert table["path"].iloc[0] == os.path.realpath(tmp_path / "own" / "img" / "r1_a.png")
