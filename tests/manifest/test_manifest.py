"""labelaudit.manifest: one reader for every image manifest, and ``--images`` expansion."""

from __future__ import annotations

import gzip
import os
import re
from pathlib import Path

import pandas as pd
import pytest

from labelaudit.errors import InputError
from labelaudit.manifest import (
    ID_COLUMNS,
    PATH_COLUMNS,
    PATIENT_COLUMNS,
    collect_images,
    read_manifest,
    resolve_listed,
)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def real(path: Path) -> str:
    return os.path.realpath(path)


# -- columns -----------------------------------------------------------------------------------


def test_the_vocabulary():
    assert PATH_COLUMNS == ("path", "image", "image_path", "Path", "file")
    assert ID_COLUMNS == ("report_id", "study_id", "id", "ID", "Id")
    assert PATIENT_COLUMNS == ("patient_id", "patient", "subject_id", "PatientID")


@pytest.mark.parametrize("column", PATH_COLUMNS)
def test_every_path_column_is_read(tmp_path, column):
    manifest = read_manifest(write(tmp_path / "m.csv", f"report_id,{column}\nr1,img/a.png\n"))
    assert manifest.table["path"].tolist() == [real(tmp_path / "img" / "a.png")]
    assert list(manifest.table.columns) == ["path", "report_id"]  # the path column is renamed


def test_path_columns_are_taken_in_order(tmp_path):
    manifest = read_manifest(write(tmp_path / "m.csv", "file,image\na.png,b.png\n"))
    assert manifest.table["path"].tolist() == [real(tmp_path / "b.png")]
    assert manifest.table["file"].tolist() == ["a.png"]  # kept as an ordinary column


@pytest.mark.parametrize("column", ID_COLUMNS)
def test_every_id_column_is_read(tmp_path, column):
    manifest = read_manifest(
        write(tmp_path / "m.csv", f"{column},path\n r1 ,a.png\n"), require_ids=True
    )
    assert manifest.id_column == column
    assert manifest.table[column].tolist() == ["r1"]  # stripped


def test_the_label_files_id_column_comes_first(tmp_path):
    source = write(tmp_path / "m.csv", "report_id,accession,path\nr1,A1,a.png\n")
    assert read_manifest(source, id_column="accession").id_column == "accession"
    assert read_manifest(source, id_column="absent").id_column == "report_id"


def test_a_path_column_is_never_the_id(tmp_path):
    # CheXpert label files are keyed by Path; in a manifest, Path is the image.
    source = write(tmp_path / "m.csv", "Path,study_id\na.png,s1\n")
    manifest = read_manifest(source, id_column="Path", require_ids=True)
    assert manifest.id_column == "study_id"
    assert manifest.table["path"].tolist() == [real(tmp_path / "a.png")]


@pytest.mark.parametrize("column", PATIENT_COLUMNS)
def test_every_patient_column_is_found(tmp_path, column):
    manifest = read_manifest(write(tmp_path / "m.csv", f"report_id,{column},path\nr1,p1,a.png\n"))
    assert manifest.patient_column == column


def test_no_id_or_patient_column_is_fine_unless_ids_are_needed(tmp_path):
    manifest = read_manifest(write(tmp_path / "m.csv", "path\na.png\n"))
    assert manifest.id_column is None and manifest.patient_column is None


# -- paths -------------------------------------------------------------------------------------


def test_relative_paths_are_relative_to_the_manifest_not_the_working_folder(tmp_path, monkeypatch):
    source = write(tmp_path / "data" / "m.csv", "path\nimg/a.png\n../b.png\n")
    monkeypatch.chdir(tmp_path)
    manifest = read_manifest(Path("data/m.csv"))
    assert manifest.table["path"].tolist() == [
        real(tmp_path / "data" / "img" / "a.png"),
        real(tmp_path / "b.png"),  # '..' resolved
    ]
    assert source.exists()


def test_absolute_paths_are_kept(tmp_path):
    elsewhere = tmp_path / "elsewhere" / "a.png"
    manifest = read_manifest(write(tmp_path / "data" / "m.csv", f"path\n{elsewhere}\n"))
    assert manifest.table["path"].tolist() == [real(elsewhere)]


def test_paths_resolve_as_realpath_does(tmp_path):
    (tmp_path / "store" / "sub").mkdir(parents=True)
    (tmp_path / "link").symlink_to(tmp_path / "store")
    (tmp_path / "store" / "real.png").write_bytes(b"")
    (tmp_path / "store" / "alias.png").symlink_to(tmp_path / "store" / "real.png")
    listed = [
        "link/a.png",
        "store/a.png",
        "store/sub/../a.png",
        "link/alias.png",  # a symlinked file: its target
        "store/sub/..",
        "link/.",
        "./link/sub/",
        str(tmp_path / "link" / "sub" / "b.png"),
    ]
    resolved = resolve_listed(listed, tmp_path)
    assert resolved == [os.path.realpath(tmp_path / text) for text in listed]
    assert resolved[:3] == [real(tmp_path / "store" / "a.png")] * 3
    assert resolved[3] == real(tmp_path / "store" / "real.png")


def test_a_listed_image_that_does_not_exist_is_kept(tmp_path):
    # Not a manifest error: the command that opens the images skips and counts it.
    manifest = read_manifest(write(tmp_path / "m.csv", "path\nnot_there.png\n"))
    assert manifest.table["path"].tolist() == [real(tmp_path / "not_there.png")]


def test_repeated_rows_are_counted_once_and_said(tmp_path):
    source = write(
        tmp_path / "m.csv",
        "report_id,path\nr1,a.png\nr1,./a.png\nr2,a.png\nr1,b.png\n",
    )
    manifest = read_manifest(source)
    assert manifest.table.values.tolist() == [
        [real(tmp_path / "a.png"), "r1"],
        [real(tmp_path / "a.png"), "r2"],  # one film of two reports: two rows
        [real(tmp_path / "b.png"), "r1"],
    ]
    assert manifest.repeated == 1
    assert manifest.notes == ["1 repeated manifest row counted once"]


def test_a_compressed_manifest(tmp_path):
    with gzip.open(tmp_path / "m.csv.gz", "wt", encoding="utf-8") as handle:
        handle.write("path\na.png\n")
    assert read_manifest(tmp_path / "m.csv.gz").table["path"].tolist() == [real(tmp_path / "a.png")]
    # --images takes it as a manifest, not as an image file
    assert collect_images([tmp_path / "m.csv.gz"]).paths == [Path(real(tmp_path / "a.png"))]


# -- errors ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (None, "no such file"),
        ("", "the file is empty"),
        ("report_id,where\nr1,a.png\n", "no image path column; expected one of: path, image, "
         "image_path, Path, file; columns are: report_id, where"),
        ("report_id,path\n", "the manifest lists no images"),
        ("report_id,path\nr1,a.png\n\nr2, \nr3,\n", "empty image path on line(s) 4, 5 (2 in all)"),
        ('path\na.png\n"b.png\nc.png\n', "line 3: a quote opened in this row is never closed"),
        ("path,x\na.png\n", "line 2 has 1 fields, expected 2"),
        ("path,path\na.png,b.png\n", "duplicate column names: path"),
    ],
)  # fmt: skip
def test_errors(tmp_path, text, message):
    source = tmp_path / "m.csv"
    if text is not None:
        write(source, text)
    with pytest.raises(InputError, match="^" + re.escape(f"{source}: {message}")):
        read_manifest(str(source))


def test_not_utf8(tmp_path):
    (tmp_path / "m.csv").write_bytes("path\nbild_\u00e4.png\n".encode("latin-1"))
    with pytest.raises(InputError, match=r"m\.csv: not UTF-8 text \(invalid continuation byte"):
        read_manifest(tmp_path / "m.csv")


def test_a_damaged_compressed_manifest(tmp_path):
    (tmp_path / "m.csv.gz").write_bytes(b"not gzip at all")
    with pytest.raises(InputError, match=r"m\.csv\.gz: cannot be read as a table"):
        read_manifest(tmp_path / "m.csv.gz")


def test_ids_required(tmp_path):
    source = write(tmp_path / "m.csv", "rid,path\nr1,a.png\n")
    with pytest.raises(
        InputError,
        match=r"m\.csv: no id column; expected one of: accession, report_id, study_id, id, ID, Id; "
        "columns are: rid, path",
    ):
        read_manifest(source, id_column="accession", require_ids=True)
    write(source, "report_id,path\nr1,a.png\n ,b.png\n")
    with pytest.raises(InputError, match=r"empty id in column 'report_id' on line\(s\) 3 \(1 in"):
        read_manifest(source, require_ids=True)
    assert read_manifest(source).table["report_id"].tolist() == ["r1", ""]  # not needed: kept


# -- collect_images ----------------------------------------------------------------------------


def test_manifests_folders_and_files_in_the_order_given(tmp_path):
    for study in ("p1/s1", "p1/s2"):
        write(tmp_path / study / "view1_frontal.jpg", "")
    write(tmp_path / "p1" / "notes.txt", "not an image")
    write(tmp_path / "p1" / "s1" / "scan.DCM", "")
    listing = write(
        tmp_path / "list.csv",
        "image_path,report_id,patient,view\np1/s1/view1_frontal.jpg,r1,pA,PA\n\nmissing.png,r2,pB,AP\n",
    )
    single = write(tmp_path / "x.png", "")
    found = collect_images([single, tmp_path / "p1", listing])
    assert found.table.to_dict("list") == {
        "path": [
            real(single),
            real(tmp_path / "p1" / "s1" / "scan.DCM"),
            real(tmp_path / "p1" / "s1" / "view1_frontal.jpg"),
            real(tmp_path / "p1" / "s2" / "view1_frontal.jpg"),
            real(tmp_path / "p1" / "s1" / "view1_frontal.jpg"),
            real(tmp_path / "missing.png"),  # kept: the command skips and counts it
        ],
        "report_id": ["", "", "", "", "r1", "r2"],  # ids and patients carried, 'view' not
        "patient": ["", "", "", "", "pA", "pB"],
    }
    assert found.repeated == 0 and found.warnings == []
    # an image named twice (folder and manifest) is one image
    assert [p.name for p in found.paths] == [
        "x.png",
        "scan.DCM",
        "view1_frontal.jpg",
        "view1_frontal.jpg",
        "missing.png",
    ]


def test_an_image_named_twice_is_counted_once(tmp_path):
    listing = write(tmp_path / "m.csv", "path\na.png\nb.png\n")
    found = collect_images([listing, listing, tmp_path / "m.csv"])
    assert found.table["path"].tolist() == [real(tmp_path / "a.png"), real(tmp_path / "b.png")]
    assert found.repeated == 4
    assert found.warnings == ["4 images named more than once, counted once"]


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda tmp: [tmp / "none.png", tmp / "gone"], "no such image file, folder or manifest: "),
        (lambda tmp: [tmp], "folder has no images (.png, .jpg"),
        (lambda tmp: [], "no images given: name a manifest CSV, a folder of images or image files"),
        (lambda tmp: [write(tmp / "l.csv", "file_name\na.png\n")], "no image path column"),
    ],
)
def test_collect_images_errors(tmp_path, make, message):
    write(tmp_path / "notes.txt", "x")
    with pytest.raises(InputError, match=re.escape(message)):
        collect_images(make(tmp_path))


def test_the_manifest_reader_errors_reach_collect_images(tmp_path):
    listing = write(tmp_path / "images.csv", 'path\na.png\n"b.png\nc.png\n')
    with pytest.raises(InputError, match="line 3: a quote opened in this row is never closed"):
        collect_images([listing])


def test_a_core_install_can_read_manifests():
    import subprocess
    import sys

    code = (
        "import sys, labelaudit.manifest; "
        "print(sorted(m for m in ('torch', 'PIL') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_table_is_a_frame_of_text(tmp_path):
    found = collect_images([write(tmp_path / "m.csv", "study_id,path\n1,a.png\n")])
    assert isinstance(found.table, pd.DataFrame)
    assert found.table["study_id"].tolist() == ["1"]  # ids stay text
