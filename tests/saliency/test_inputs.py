"""--images expansion, unique output names, observation names and slugs."""

from __future__ import annotations

from pathlib import Path

import pytest

from labelaudit.errors import InputError
from labelaudit.observations import OBSERVATIONS
from labelaudit.saliency.inputs import collect_images, output_names, resolve_observations


def test_folders_csvs_and_files_expand_without_duplicates(tmp_path):
    for study in ("p1/s1", "p1/s2"):
        (tmp_path / study).mkdir(parents=True)
        (tmp_path / study / "view1_frontal.jpg").write_bytes(b"")
    (tmp_path / "p1" / "notes.txt").write_text("not an image")
    (tmp_path / "list.csv").write_text("path\np1/s1/view1_frontal.jpg\n\nmissing.png\n")
    found = collect_images([tmp_path / "p1", tmp_path / "list.csv"])
    assert [p.relative_to(tmp_path).as_posix() for p in found] == [
        "p1/s1/view1_frontal.jpg",
        "p1/s2/view1_frontal.jpg",
        "missing.png",  # kept: the pipeline skips and counts it
    ]


def test_output_names_are_unique_and_flat():
    paths = [Path("/d/p1/s1/view1_frontal.jpg"), Path("/d/p1/s2/view1_frontal.jpg")]
    assert sorted(output_names(paths).values()) == ["s1__view1_frontal", "s2__view1_frontal"]
    twins = [Path("/d/a.png"), Path("/d/a.jpg")]
    assert sorted(output_names(twins).values()) == ["a_jpg", "a_png"]


def test_bad_image_lists(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="folder has no images"):
        collect_images([tmp_path / "empty"])
    (tmp_path / "l.csv").write_text("file\na.png\n")
    with pytest.raises(InputError, match="needs a 'path' column"):
        collect_images([tmp_path / "l.csv"])


def test_observations_by_name_slug_or_comma_list():
    assert resolve_observations(None, OBSERVATIONS) == list(OBSERVATIONS)
    assert resolve_observations(["pleural_effusion,Edema", "edema"], OBSERVATIONS) == [
        "Pleural Effusion",
        "Edema",
    ]
    with pytest.raises(InputError, match="does not know observation"):
        resolve_observations(["Edema"], ["Cardiomegaly"])


def test_output_names_never_collide(tmp_path):
    from labelaudit.saliency.inputs import output_names

    paths = [tmp_path / "sub" / "img.png", tmp_path / "sub__img.png", tmp_path / "x" / "a.png"]
    names = output_names(paths)
    assert len(set(names.values())) == 3
    assert names[tmp_path / "x" / "a.png"] == "x__a_png"  # only the colliding pair is hashed


def test_an_open_quote_in_an_image_list_is_an_error(tmp_path):
    import pytest

    from labelaudit.errors import InputError
    from labelaudit.saliency.inputs import collect_images

    listing = tmp_path / "images.csv"
    listing.write_text('path\na.png\n"b.png\nc.png\n', encoding="utf-8")
    with pytest.raises(InputError, match="line 3: a quote opened in this row is never closed"):
        collect_images([listing])
