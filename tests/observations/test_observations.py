"""The label vocabulary: values as label files spell them, class codes as metrics index them."""

from __future__ import annotations

import io
import json
import math

import numpy as np
import pandas as pd
import pytest

from labelaudit.labelfile import format_value, parse_label_value
from labelaudit.layouts.units import CODE_VALUES, PackedCode, pack, unpack
from labelaudit.observations import (
    BLANK,
    CLASS_VALUES,
    LABEL_VALUES,
    NEGATIVE,
    NO_FINDING,
    OBSERVATIONS,
    POSITIVE,
    SUPPORT_DEVICES,
    UNCERTAIN,
    VALUE_NAMES,
    LabelClass,
    is_blank,
)
from labelaudit.validation.metrics import CLASS_SHORT, CLASSES, encode


def test_label_values_are_the_chexpert_floats():
    assert (POSITIVE, NEGATIVE, UNCERTAIN) == (1.0, 0.0, -1.0)
    assert all(type(v) is float for v in (POSITIVE, NEGATIVE, UNCERTAIN, BLANK))
    assert math.isnan(BLANK)
    assert LABEL_VALUES == (POSITIVE, NEGATIVE, UNCERTAIN)
    assert VALUE_NAMES == {1.0: "positive", 0.0: "negative", -1.0: "uncertain"}


def test_observation_names():
    assert NO_FINDING == OBSERVATIONS[0] == "No Finding"
    assert SUPPORT_DEVICES == OBSERVATIONS[-1] == "Support Devices"


def test_class_codes_and_their_values():
    assert {c.name: int(c) for c in LabelClass} == {
        "POSITIVE": 0,
        "NEGATIVE": 1,
        "UNCERTAIN": 2,
        "BLANK": 3,
    }
    assert list(CLASS_VALUES) == list(LabelClass)
    assert [CLASS_VALUES[c] for c in LabelClass][:3] == [1.0, 0.0, -1.0]
    assert math.isnan(CLASS_VALUES[LabelClass.BLANK])
    # metrics name and label the classes in code order
    assert CLASSES == ("positive", "negative", "uncertain", "blank")
    assert CLASS_SHORT == ("1", "0", "-1", "blank")
    assert [VALUE_NAMES[CLASS_VALUES[c]] for c in LabelClass if c is not LabelClass.BLANK] == list(
        CLASSES[:3]
    )


def test_encode_maps_every_value_to_its_class():
    frame = pd.DataFrame({"A": [*LABEL_VALUES, BLANK, 2.0]})
    codes = encode(frame)[:, 0]
    assert codes.tolist() == [0, 1, 2, 3, 3]  # anything that is no label value: blank
    for code, value in zip(codes[:3], LABEL_VALUES, strict=True):
        assert CLASS_VALUES[LabelClass(int(code))] == value


def test_packed_codes_round_trip():
    assert [int(c) for c in PackedCode] == [0, 1, 2, 3]
    assert is_blank(CODE_VALUES[PackedCode.BLANK])
    assert CODE_VALUES[
        [PackedCode.POSITIVE, PackedCode.NEGATIVE, PackedCode.UNCERTAIN]
    ].tolist() == [
        POSITIVE,
        NEGATIVE,
        UNCERTAIN,
    ]
    rng = np.random.default_rng(0)
    values = rng.choice([*LABEL_VALUES, BLANK], size=(50, len(OBSERVATIONS)))
    np.testing.assert_array_equal(unpack(pack(values)), values)
    assert pack(np.full((1, len(OBSERVATIONS)), BLANK)).tolist() == [0]  # blank packs to 0


@pytest.mark.parametrize(
    ("value", "spelled"), [(POSITIVE, "1.0"), (NEGATIVE, "0.0"), (UNCERTAIN, "-1.0"), (BLANK, "")]
)
def test_values_are_written_as_the_reference_labeler_spells_them(value, spelled):
    assert format_value(value) == spelled
    assert (
        is_blank(parse_label_value(spelled))
        if spelled == ""
        else parse_label_value(spelled) == value
    )
    out = io.StringIO()
    pd.DataFrame({"id": ["r1"], "A": [value]}).to_csv(out, index=False)
    assert out.getvalue().splitlines() == ["id,A", f"r1,{spelled}"]


def test_class_codes_stay_integers_in_json():
    assert json.dumps({"code": LabelClass.UNCERTAIN}) == '{"code": 2}'


def test_is_blank():
    assert is_blank(None) and is_blank(BLANK) and is_blank(np.float64("nan"))
    assert not any(is_blank(v) for v in (*LABEL_VALUES, "", "nan"))
