"""The commands whose outputs the golden files pin, run in order in one scratch folder.

Exact cases compare every text output byte for byte (after masking paths, timings and the
version). Shape cases come after training, whose weights differ between CPUs: they compare
the files written, CSV headers, JSON keys and the console text with digits masked.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Case:
    name: str
    argv: tuple[str, ...]
    exact: bool = True
    # Files or folders (relative to the scratch folder) whose contents the case pins.
    outputs: tuple[str, ...] = field(default=())


def _case(name: str, command: str, *outputs: str, exact: bool = True) -> Case:
    return Case(name, tuple(command.split()), exact, outputs)


CASES: tuple[Case, ...] = (
    _case(
        "extract_csv",
        "extract {ex}/reports.csv -o out/labels.csv --evidence out/evidence.jsonl --quiet",
        "out/labels.csv",
        "out/evidence.jsonl",
        "out/labels.csv.meta.json",
        "out/labels_distribution.csv",
        "out/labels_distribution.md",
    ),
    _case(
        "extract_jsonl_sections",
        "extract {ex}/reports.jsonl -o out/jsonl.csv --sections findings,impression "
        "--aggregation negbio --quiet",
        "out/jsonl.csv",
    ),
    _case(
        "extract_chexpert_style",
        "extract {ex}/chexpert_style.csv -o out/style.csv",
        "out/style.csv",
    ),
    _case(
        "extract_mimic_folder", "extract {ex}/mimic_layout/files -o out/mimic.csv", "out/mimic.csv"
    ),
    _case("distribution", "distribution out/labels.csv --against out/jsonl.csv"),
    _case(
        "distribution_implicit",
        "distribution out/labels.csv --negatives implicit --output-dir out/implicit",
        "out/implicit",
    ),
    _case(
        "validate",
        "validate --gold {ex}/manual.csv --pred out/labels.csv --evidence out/evidence.jsonl "
        "--output-dir out/validation",
        "out/validation",
    ),
    _case("agree", "agree {ex}/manual.csv out/labels.csv --output-dir out/agree", "out/agree"),
    _case(
        "agree_reference",
        "agree out/labels.csv out/jsonl.csv --reference {ex}/manual.csv --output-dir out/agree_ref",
        "out/agree_ref",
    ),
    _case("layouts", "layouts"),
    _case("layouts_padchest", "layouts padchest"),
    _case(
        "distribution_chexpert_layout",
        "distribution {ex}/layouts/chexpert_train.csv --output-dir out/layouts",
    ),
    _case(
        "distribution_mimic_layout",
        "distribution {ex}/layouts/mimic-cxr-2.0.0-chexpert.csv --output-dir out/layouts",
    ),
    _case(
        "distribution_nih",
        "distribution {ex}/layouts/Data_Entry_example.csv --per image --output-dir out/layouts",
    ),
    _case(
        "agree_vindr",
        "agree {ex}/layouts/image_labels_train.csv --output-dir out/vindr",
        "out/vindr",
    ),
    _case(
        "convert_padchest",
        "convert {ex}/layouts/padchest_example.csv -o out/padchest.csv",
        "out/padchest.csv",
    ),
    _case(
        "synth",
        "synth out/synth --n 24 --size 64 --seed 3 --report-errors 0.1",
        "out/synth/reports.csv",
        "out/synth/manifest.csv",
        "out/synth/truth.csv",
    ),
    _case(
        "extract_synth",
        "extract out/synth/reports.csv -o out/synth/labels.csv --evidence "
        "out/synth/evidence.jsonl --quiet",
        "out/synth/labels.csv",
    ),
    _case(
        "audit_fixed_predictions",
        "audit --labels out/synth/labels.csv --predictions {golden}/oof_predictions.csv "
        "--evidence out/synth/evidence.jsonl --images out/synth/manifest.csv -o out/audit_fixed",
        "out/audit_fixed",
    ),
    _case(
        "train_folds",
        "train --labels out/synth/labels.csv --images out/synth/manifest.csv --image-size 32 "
        "--width 0.125 --epochs 1 --threads 1 --workers 0 --bootstrap 0 --folds 2 -o out/runs/f",
        "out/runs/f",
        exact=False,
    ),
    _case(
        "predict",
        "predict --run out/runs/f/fold_0 --images out/synth/manifest.csv --workers 0 "
        "-o out/predictions.csv",
        "out/predictions.csv",
        exact=False,
    ),
    _case(
        "saliency",
        "saliency --run out/runs/f/fold_0 --images out/synth/manifest.csv --method gradcam "
        "--observations cardiomegaly,support_devices --masks out/synth/masks --top 2 "
        "--sanity-images 2 -o out/saliency",
        "out/saliency",
        exact=False,
    ),
    _case(
        "audit_trained",
        "audit --labels out/synth/labels.csv --predictions out/runs/f/oof_predictions.csv "
        "-o out/audit_trained",
        "out/audit_trained",
        exact=False,
    ),
)
