"""Unique output names, observation names and slugs (``--images``: tests/manifest)."""

from __future__ import annotations

from pathlib import Path

import pytest

from labelaudit.errors import InputError
from labelaudit.observations import OBSERVATIONS
from labelaudit.saliency.inputs import output_names, resolve_observations


def test_output_names_are_unique_and_flat():
    paths = [Path("/d/p1/s1/view1_frontal.jpg"), Path("/d/p1/s2/view1_frontal.jpg")]
    assert sorted(output_names(paths).values()) == ["s1__view1_frontal", "s2__view1_frontal"]
    twins = [Path("/d/a.png"), Path("/d/a.jpg")]
    assert sorted(output_names(twins).values()) == ["a_jpg", "a_png"]


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
