from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from labelaudit.errors import InputError
from labelaudit.observations import OBSERVATIONS
from labelaudit.train.imagetable import check_image_table


def table(**changes) -> pd.DataFrame:
    rows = []
    for i, split in enumerate(["train", "train", "valid"]):
        row = {o: np.nan for o in OBSERVATIONS}
        row.update(path=f"/x/{i}.png", patient_id=f"p{i}", study_id=f"s{i}", split=split)
        rows.append(row)
    frame = pd.DataFrame(rows)
    for column, values in changes.items():
        frame[column] = values
    return frame


def test_a_good_table_passes():
    check_image_table(table())


@pytest.mark.parametrize(
    ("frame", "message"),
    [
        (table().drop(columns="patient_id"), "lacks columns: patient_id"),
        (table().drop(columns="Edema"), "lacks observations: Edema"),
        (table().rename(columns={"Edema": "Oedema"}), "unknown observations: 'Oedema'"),
        (table(path=["/x/0.png", None, "/x/2.png"]), "labels without images"),
        (table(split=["train", "train", "train"]), "the valid split is empty"),
        (table(split=["valid", "valid", "valid"]), "the train split is empty"),
        (table(split=["train", "dev", "valid"]), "unknown split names"),
        (table(Edema=[1.0, 2.0, 0.0]), "Edema=2.0"),
    ],
)
def test_bad_tables_get_one_clear_error(frame, message):
    with pytest.raises(InputError, match=message.replace("(", r"\(")):
        check_image_table(frame)
