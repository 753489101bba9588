"""Several readers inside one file (VinDr-CXR's rad_id): one label table per reading.

VinDr-CXR's training images were each read by three of its seventeen radiologists, so the
readers differ from image to image; the k-th reading of every image (readings in rad_id
order) becomes reader k, which is what Fleiss' kappa assumes (raters need not be the same
people across subjects).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from labelaudit.errors import LabelFileError
from labelaudit.labelfile import LabelTable
from labelaudit.layouts.formats import VindrCxr
from labelaudit.layouts.load import LayoutOptions, open_layout, read_units


def has_readers(path: Path, options: LayoutOptions) -> bool:
    """True for a file whose rows are readings of the same images (VinDr-CXR with rad_id)."""
    if options.per not in (None, "row"):
        return False
    layout = open_layout(Path(path), options)
    return isinstance(layout, VindrCxr) and layout.reader_column is not None


def split_readers(path: Path, options: LayoutOptions) -> list[LabelTable]:
    """One LabelTable per reading slot, each indexed by image id."""
    path = Path(path)
    table, _info = read_units(path, LayoutOptions(options.layout, "row", None, options.vocabulary))
    parts = pd.Series(table.values.index).str.rsplit("/", n=1, expand=True)
    images, readers = parts[0], parts[1]
    slot = (
        pd.DataFrame({"image": images, "reader": readers})
        .sort_values(["image", "reader"], kind="stable")
        .groupby("image")
        .cumcount()
        .sort_index()
    )
    per_image = slot.groupby(images).max() + 1
    expected = int(per_image.max())
    short = per_image[per_image != expected]
    if len(short):
        image = short.index[0]
        raise LabelFileError(
            f"{path}: image {image!r} has {int(short.iloc[0])} readings, others {expected}; "
            "every image needs the same number of readers to compare them"
        )
    tables = []
    for k in range(expected):
        chosen = (slot == k).to_numpy()
        values = table.values[chosen].copy()
        values.index = pd.Index(images[chosen].to_numpy(), name="image_id")
        name = Path(f"{path.stem} reading {k + 1}")
        tables.append(LabelTable(path=name, values=values, id_column="image_id", reports=None))
    return tables
