"""Distribution tables per unit and convention, against golden Markdown and hand counts."""

from __future__ import annotations

import os

import pytest
from layout_files import EXAMPLES, GOLDEN

from labelaudit.distribution import distribution_table
from labelaudit.layouts.distribution import Negatives, unit_distribution
from labelaudit.layouts.load import LayoutOptions
from labelaudit.layouts.units import Combine
from labelaudit.tables import to_markdown

CASES = {
    "chexpert_study_explicit": ("chexpert_train.csv", LayoutOptions(), Negatives.explicit),
    "chexpert_study_implicit": ("chexpert_train.csv", LayoutOptions(), Negatives.implicit),
    "chexpert_image_explicit": (
        "chexpert_train.csv",
        LayoutOptions(per="image"),
        Negatives.explicit,
    ),
    "chexpert_image_implicit": (
        "chexpert_train.csv",
        LayoutOptions(per="image"),
        Negatives.implicit,
    ),
    "mimic_study_explicit": ("mimic-cxr-2.0.0-chexpert.csv", LayoutOptions(), Negatives.explicit),
    "chestx-ray14_image_explicit": ("Data_Entry_example.csv", LayoutOptions(), Negatives.explicit),
    "chestx-ray14_image_implicit": ("Data_Entry_example.csv", LayoutOptions(), Negatives.implicit),
    "nih-expert_image_explicit": ("nih_expert_labels.csv", LayoutOptions(), Negatives.explicit),
    "vindr-cxr_row_explicit": ("image_labels_train.csv", LayoutOptions(), Negatives.explicit),
    "vindr-cxr_image_max_explicit": (
        "image_labels_train.csv",
        LayoutOptions(per="image", combine=Combine.max),
        Negatives.explicit,
    ),
    "padchest_study_explicit": ("padchest_example.csv", LayoutOptions(), Negatives.explicit),
    "padchest_image_implicit": (
        "padchest_example.csv",
        LayoutOptions(per="image"),
        Negatives.implicit,
    ),
}


def _markdown(name: str) -> str:
    file, options, negatives = CASES[name]
    table = to_markdown(distribution_table(unit_distribution(EXAMPLES / file, options, negatives)))
    return table.replace(f"{EXAMPLES}/", "")


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden_table(name: str) -> None:
    golden = GOLDEN / f"{name}.md"
    if os.environ.get("LABELAUDIT_REGENERATE_GOLDEN"):  # after a reviewed, intended change
        golden.write_text(_markdown(name), encoding="utf-8")
    assert _markdown(name) == golden.read_text(encoding="utf-8")


def _row(name: str, observation: str) -> list[str]:
    for line in _markdown(name).splitlines():
        if line.startswith(f"| {observation} |"):
            return [cell.strip() for cell in line.strip("|").split("|")][1:]
    raise AssertionError(observation)


def test_hand_counts_chexpert() -> None:
    # 18 studies in 25 images; Support Devices in 6 studies, 7 images (one has two views)
    assert _row("chexpert_study_explicit", "Support Devices") == [
        "6 (33.3%)",
        "0 (0.0%)",
        "0 (0.0%)",
    ]
    assert _row("chexpert_image_explicit", "Support Devices")[0] == "7 (28.0%)"
    # CheXpert Table 1: Positive, Uncertain, Negative = 0 or blank, two decimals
    assert _row("chexpert_study_implicit", "No Finding") == [
        "4 (22.22%)",
        "0 (0.00%)",
        "14 (77.78%)",
    ]
    # MIMIC-CXR-JPG Table 2: No Finding is never negative or uncertain
    assert _row("chexpert_study_explicit", "No Finding") == ["4 (22.2%)", "-", "-"]


def test_hand_counts_mapped_layouts() -> None:
    # Mass|Nodule is one Lung Lesion; absent findings are 0 (binary labels); the row with an
    # empty Finding Labels is blank everywhere
    assert _row("chestx-ray14_image_explicit", "Lung Lesion") == [
        "3 (12.5%)",
        "20 (83.3%)",
        "0 (0.0%)",
    ]
    # "No Finding|Effusion" keeps the effusion and drops No Finding
    assert _row("chestx-ray14_image_explicit", "No Finding")[0] == "4 (16.7%)"
    # PadChest lists present terms only: nothing is ever 0
    assert _row("padchest_study_explicit", "Support Devices") == [
        "3 (18.8%)",
        "0 (0.0%)",
        "0 (0.0%)",
    ]
    markdown = _markdown("nih-expert_image_explicit")
    assert "Not in this file (left blank, never scored): No Finding" in markdown
