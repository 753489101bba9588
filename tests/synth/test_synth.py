"""The synthetic demo dataset: deterministic, masks where the findings are, honest reports."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from PIL import Image

from labelaudit.observations import OBSERVATIONS, slug
from labelaudit.synth import generate, sample_cohort
from labelaudit.synth.anatomy import sample_anatomy
from labelaudit.synth.contact import contact_sheet
from labelaudit.synth.findings import (
    DRAWN,
    Cardiomegaly,
    Consolidation,
    Devices,
    Effusion,
    Nodule,
    Pneumothorax,
)
from labelaudit.synth.render import render, sample_view

KEYWORDS = {
    "Cardiomegaly": "cardiomegaly",
    "Lung Lesion": "nodule",
    "Consolidation": "consolidation",
    "Lung Opacity": "opacity",
    "Pneumothorax": "pneumothorax",
    "Pleural Effusion": "pleural effusion",
}


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    out = tmp_path_factory.mktemp("synth") / "demo"
    summary = generate(out, n=60, size=64, seed=7)
    return out, summary


def test_same_seed_gives_identical_files(dataset, tmp_path):
    out, _ = dataset
    again = tmp_path / "again"
    generate(again, n=60, size=64, seed=7)
    files = sorted(p.relative_to(out) for p in out.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(again) for p in again.rglob("*") if p.is_file())
    for name in files:
        assert (out / name).read_bytes() == (again / name).read_bytes(), name


def test_other_seed_gives_other_images(dataset, tmp_path):
    out, _ = dataset
    other = tmp_path / "other"
    generate(other, n=4, size=64, seed=8)
    first = np.asarray(Image.open(out / "images" / "s00001_1.png"))
    assert not np.array_equal(first, np.asarray(Image.open(other / "images" / "s00001_1.png")))


def test_first_patients_do_not_depend_on_n():
    small = sample_cohort(10, seed=3)
    large = sample_cohort(50, seed=3)
    for a, b in zip(small[:-1], large, strict=False):  # the last study may be cut short
        assert (a.report_id, a.patient_id, a.findings, a.report) == (
            b.report_id,
            b.patient_id,
            b.findings,
            b.report,
        )


def test_prevalence_of_each_drawn_finding_is_20_to_40_percent():
    studies = sample_cohort(600, seed=0)
    images = [(s, v) for s in studies for v in s.views]
    for observation in DRAWN:
        key = "Consolidation" if observation == "Lung Opacity" else observation
        share = sum(key in s.findings for s, _ in images) / len(images)
        assert 0.18 <= share <= 0.42, (observation, share)
    normal = sum(not (set(s.findings) - {"Support Devices"}) for s, _ in images) / len(images)
    assert normal > 0.1


def _finding_cases(anatomy):
    return {
        "Pleural Effusion": Effusion("right", 0.25, False),
        "Pneumothorax": Pneumothorax("left", 0.05, False),
        "Cardiomegaly": Cardiomegaly(0.6),
        "Support Devices": Devices(True, "right", True),
        "Lung Lesion": Nodule("right", 0.28, 0.42, 0.035, False),
        "Consolidation": Consolidation(
            "left", "lower", 0.72, anatomy.dome_left - 0.07, 0.11, 5, False
        ),
    }


@pytest.mark.parametrize("size", [64, 128])
def test_masks_cover_exactly_what_the_finding_changes(size):
    rng = np.random.default_rng(11)
    anatomy = sample_anatomy(rng)
    view = sample_view(rng, 1.0)
    plain, no_masks = render(anatomy, {}, view, size)
    assert no_masks == {}
    for observation, finding in _finding_cases(anatomy).items():
        image, masks = render(anatomy, {observation: finding}, view, size)
        mask = masks[observation]
        assert mask.any(), observation
        diff = np.abs(image.astype(int) - plain.astype(int))
        assert diff[mask].mean() > 5, (observation, diff[mask].mean())
        # Edges are soft and the blur spreads them; two pixels out nothing visible changes.
        grown = mask.copy()
        for _ in range(2):
            grown = grown | np.roll(grown, 1, 0) | np.roll(grown, -1, 0)
            grown = grown | np.roll(grown, 1, 1) | np.roll(grown, -1, 1)
        assert diff[~grown].max() <= 3, observation  # about 1% of the grey range
        if observation == "Consolidation":
            assert np.array_equal(masks["Lung Opacity"], mask)


def test_cardiomegaly_mask_is_wider_than_half_the_thorax():
    rng = np.random.default_rng(5)
    anatomy = sample_anatomy(rng)
    view = sample_view(rng, 1.0)
    _, masks = render(anatomy, {"Cardiomegaly": Cardiomegaly(0.56)}, view, 128)
    columns = np.flatnonzero(masks["Cardiomegaly"].any(axis=0))
    heart_width = (columns.max() - columns.min() + 1) / 128
    thorax_width = 2 * anatomy.thorax_half * view.zoom
    assert heart_width / thorax_width > 0.5


def test_files_are_consistent(dataset):
    out, summary = dataset
    manifest = pd.read_csv(out / "manifest.csv")
    reports = pd.read_csv(out / "reports.csv")
    truth = pd.read_csv(out / "truth.csv", keep_default_na=False)
    assert list(manifest.columns) == ["report_id", "patient_id", "path"]
    assert list(reports.columns) == ["report_id", "patient_id", "report"]
    assert len(manifest) == len(truth) == summary.images == 60
    assert set(manifest.report_id) == set(reports.report_id)
    assert reports.report_id.is_unique
    assert list(truth.path) == list(manifest.path)
    patient_of = dict(zip(reports.report_id, reports.patient_id, strict=True))
    assert all(
        patient_of[r] == p for r, p in zip(manifest.report_id, manifest.patient_id, strict=True)
    )
    # Some patients have several studies, some studies two films.
    assert (reports.groupby("patient_id").size() > 1).any()
    assert (manifest.groupby("report_id").size() == 2).any()
    for row in truth.itertuples(index=False):
        with Image.open(out / row.path) as image:
            assert image.mode == "L" and image.size == (64, 64)
        for observation in DRAWN:
            mask_path = out / "masks" / slug(observation) / row.path.split("/")[-1]
            assert mask_path.exists() == bool(truth.loc[truth.path == row.path, observation].item())


def test_reports_state_what_was_drawn(dataset):
    out, _ = dataset
    reports = pd.read_csv(out / "reports.csv").set_index("report_id")
    stated = pd.read_csv(out / "stated.csv").set_index("report_id")
    truth = pd.read_csv(out / "truth.csv", keep_default_na=False).drop_duplicates("report_id")
    assert list(stated.columns) == list(OBSERVATIONS)
    for row in truth.to_dict("records"):
        text = reports.loc[row["report_id"], "report"]
        assert "FINDINGS:" in text and "IMPRESSION:" in text
        faint = set(filter(None, row["faint"].split(";")))
        if faint == {"Consolidation"}:
            faint.add("Lung Opacity")
        for observation, keyword in KEYWORDS.items():
            value = stated.loc[row["report_id"], observation]
            if row["report_error"].startswith(observation) or (
                observation == "Lung Opacity" and row["report_error"].startswith("Consolidation")
            ):
                continue  # the deliberate error: checked below
            if row[observation]:
                assert keyword in text.lower(), (row["report_id"], observation)
                assert value == (-1.0 if observation in faint else 1.0), (row, observation)
            else:
                assert math.isnan(value) or value == 0.0, (row["report_id"], observation)
        if row["Support Devices"]:
            assert any(w in text for w in ("tube", "catheter", "pacemaker"))
        no_finding = stated.loc[row["report_id"], "No Finding"]
        if row["No Finding"] and not row["report_error"]:
            assert no_finding == 1.0
            assert "No acute cardiopulmonary process." in text


def test_report_errors_disagree_with_the_image():
    studies = sample_cohort(200, seed=1, error_rate=0.5)
    errors = [s for s in studies if s.report.error]
    assert 60 < len(errors) < 140
    for study in errors:
        observation, kind = study.report.error.rsplit(" ", 1)
        stated = study.report.stated[observation]
        if kind == "invented":
            assert observation not in study.findings and stated == 1.0
        elif kind == "negated":
            assert observation in study.findings and stated == 0.0
        else:
            assert observation in study.findings and math.isnan(stated)
    assert not any(s.report.error for s in sample_cohort(100, seed=1, error_rate=0.0))


def test_labeler_reads_the_stated_labels():
    """The reports are written so that the shipped labeler recovers what they state."""
    from labelaudit import Labeler

    studies = sample_cohort(80, seed=2)
    labeler = Labeler()
    mismatches = []
    for study in studies:
        values = labeler.label(study.report.text, report_id=study.report_id).values
        for observation in OBSERVATIONS:
            got, want = values[observation], study.report.stated[observation]
            if not (got == want or (math.isnan(got) and math.isnan(want))):
                mismatches.append((study.report_id, observation, got, want))
    assert not mismatches, mismatches[:5]


def test_contact_sheet(dataset, tmp_path):
    out, _ = dataset
    sheet = contact_sheet(out, tmp_path / "sheet.png")
    image = Image.open(sheet).convert("RGB")
    pixels = np.asarray(image)
    assert image.height == 2 * 128 + 18 and image.width % 128 == 0 and image.width >= 3 * 128
    # Mask outlines are drawn in red on the lower row only.
    red = (pixels[..., 0] > 200) & (pixels[..., 1] < 100)
    assert red[18 + 128 :].any() and not red[18 : 18 + 128].any()


def test_cli_writes_dataset_and_refuses_to_clobber(cli, tmp_path):
    out = tmp_path / "cli"
    result = cli("synth", out, "--n", "5", "--size", "48", "--seed", "2")
    assert result.exit_code == 0, result.output
    assert "wrote 5 images of 48 px" in " ".join(result.output.split())
    assert len(list((out / "images").glob("*.png"))) == 5

    again = cli("synth", out, "--n", "3", "--size", "48")
    assert again.exit_code == 1
    assert "pass --overwrite" in again.output
    assert "Traceback" not in again.output

    replaced = cli("synth", out, "--n", "3", "--size", "48", "--overwrite")
    assert replaced.exit_code == 0, replaced.output
    assert len(list((out / "images").glob("*.png"))) == 3

    other = tmp_path / "not_ours"
    other.mkdir()
    (other / "notes.txt").write_text("keep me")
    refused = cli("synth", other, "--n", "3", "--overwrite")
    assert refused.exit_code == 1 and "refusing" in refused.output
    assert (other / "notes.txt").read_text() == "keep me"


def test_outdir_that_is_a_file(cli, tmp_path):
    target = tmp_path / "file.png"
    target.write_bytes(b"x")
    result = cli("synth", target, "--n", "2")
    assert result.exit_code == 1 and "not a folder" in result.output


def test_cli_rejects_bad_options(cli, tmp_path):
    result = cli("synth", tmp_path / "x", "--n", "0")
    assert result.exit_code == 2
    result = cli("synth", tmp_path / "x", "--size", "8")
    assert result.exit_code == 2
