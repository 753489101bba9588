"""suspects.csv carries the evidence; the HTML page names every suspect and shows images."""

from __future__ import annotations

import html

import numpy as np
import pandas as pd
import pytest
from PIL import Image

from labelaudit.audit.job import AuditInputs, AuditOptions, run_audit
from labelaudit.errors import InputError
from labelaudit.manifest import read_manifest
from labelaudit.train.policies import UncertaintyPolicy


@pytest.fixture(scope="module")
def audited(audit_set, tmp_path_factory):
    output = tmp_path_factory.mktemp("audit")
    outcome = run_audit(
        AuditInputs(
            audit_set.labels,
            audit_set.predictions,
            evidence=audit_set.evidence,
            images=audit_set.manifest,
        ),
        output,
        AuditOptions(),
    )
    return outcome, output


def test_suspects_csv_has_labels_probabilities_and_evidence(audited):
    outcome, output = audited
    suspects = pd.read_csv(output / "suspects.csv", dtype={"report_id": str})
    assert len(suspects) == len(outcome.suspects) > 0
    for column in (
        "report_id", "observation", "given_label", "probability", "label_quality",
        "sentence", "trigger", "trigger_rule", "mention_rule", "images",
    ):  # fmt: skip
        assert column in suspects.columns
    assert suspects["label_quality"].is_monotonic_increasing
    # self-confidence: the probability the model gives the label as written
    expected = np.where(
        suspects["given_label"] == 1, suspects["probability"], 1 - suspects["probability"]
    )
    np.testing.assert_allclose(suspects["label_quality"], expected, atol=1e-6)
    negatives = suspects[suspects["given_label"] == 0]
    assert (negatives["trigger"] == "no").all()
    assert negatives["sentence"].str.startswith("No ").all()
    assert suspects["images"].str.endswith(".png").all()


def test_html_names_every_suspect_with_images(audited):
    outcome, output = audited
    page = (output / "report.html").read_text(encoding="utf-8")
    for report_id, rows in outcome.suspects.groupby("report_id", sort=False):
        names = ", ".join(html.escape(o) for o in rows["observation"])
        assert f"report {report_id} · {names}</h3>" in page  # one card per report
    reports = outcome.suspects["report_id"].nunique()
    assert page.count("<section class='suspect'") == reports
    assert page.count("data:image/png;base64,") >= reports
    assert '<mark class="trigger">No</mark>' in page
    assert '<mark class="mention">' in page


def test_html_shows_one_probability_and_the_model_quality(audited):
    outcome, output = audited
    page = (output / "report.html").read_text(encoding="utf-8")
    assert "model probability" not in page
    assert page.count("out-of-fold probability") == len(outcome.suspects)
    assert "How far to trust these flags" in page
    for observation, auroc in outcome.auroc.items():
        assert f"<td>{html.escape(observation)}</td><td class=num>{auroc:.3f}</td>" in page
    # logistic regression on the drawn regions separates every finding well
    assert min(outcome.auroc.values()) > 0.8 and "Warning:" not in page


def test_html_warns_when_the_model_is_weak(audit_set, tmp_path):
    predictions = pd.read_csv(audit_set.predictions)
    noise = np.random.default_rng(1).random(len(predictions))
    predictions["Pneumothorax"] = noise  # a model that learned nothing about it
    predictions.to_csv(tmp_path / "weak.csv", index=False)
    outcome = run_audit(
        AuditInputs(audit_set.labels, tmp_path / "weak.csv"), tmp_path / "o", AuditOptions()
    )
    assert outcome.auroc["Pneumothorax"] < 0.7
    page = (tmp_path / "o" / "report.html").read_text()
    assert "Warning:" in page and "(Pneumothorax)" in page
    assert "too low: treat its flags as noise" in page


def _saliency_folder(audit_set, folder, with_npy: bool):
    """A folder as labelaudit saliency writes it: index.csv, overlay PNGs, raw maps."""
    overlay = folder / "gradcam" / "cardiomegaly" / "x.png"
    overlay.parent.mkdir(parents=True)
    Image.fromarray(np.full((8, 8, 3), 200, dtype=np.uint8)).save(overlay)
    np.save(folder / "gradcam" / "cardiomegaly" / "x.npy", np.eye(8, dtype=np.float32))
    manifest = pd.read_csv(audit_set.manifest)
    rows = [
        {
            "image": str((audit_set.folder / p).resolve()),
            "observation": "Cardiomegaly",
            "method": "gradcam",
            "overlay_png": "gradcam/cardiomegaly/x.png",
            **({"map_npy": "gradcam/cardiomegaly/x.npy"} if with_npy else {}),
        }
        for p in manifest["path"]
    ]
    pd.DataFrame(rows).to_csv(folder / "index.csv", index=False)
    return folder


@pytest.mark.parametrize("with_npy", [True, False])
def test_html_shows_saliency_maps(audit_set, tmp_path, with_npy):
    saliency = _saliency_folder(audit_set, tmp_path / "sal", with_npy)
    outcome = run_audit(
        AuditInputs(
            audit_set.labels, audit_set.predictions, images=audit_set.manifest, saliency=saliency
        ),
        tmp_path / "out",
        AuditOptions(),
    )
    page = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    cardiomegaly = (outcome.suspects["observation"] == "Cardiomegaly").sum()
    assert cardiomegaly > 0
    caption = "gradcam map of Cardiomegaly, from the saliency run&#x27;s model"
    assert page.count(f"<figcaption>{caption}") == cardiomegaly
    # drawn fresh from the .npy (no caption quoting another model's p) when the map is indexed
    assert page.count(f"{caption}: x.png") == (0 if with_npy else cardiomegaly)


def test_html_without_suspects_says_so(audit_set, tmp_path):
    # Predictions equal to the given labels: nothing to doubt.
    labels = pd.read_csv(audit_set.labels, dtype=str, keep_default_na=False)
    predictions = pd.read_csv(audit_set.predictions)
    for observation in ("Cardiomegaly", "Pleural Effusion", "Pneumothorax"):
        given = pd.to_numeric(labels[observation])
        predictions[observation] = np.where(given == 1, 0.9, 0.1)
    predictions.to_csv(tmp_path / "agree.csv", index=False)
    outcome = run_audit(
        AuditInputs(audit_set.labels, tmp_path / "agree.csv"), tmp_path / "o", AuditOptions()
    )
    assert outcome.suspects.empty
    assert "No suspect labels" in (tmp_path / "o" / "report.html").read_text()


def test_uncertain_as_ones_audits_them(audit_set, tmp_path):
    outcome = run_audit(
        AuditInputs(audit_set.labels, audit_set.predictions),
        tmp_path / "o",
        AuditOptions(uncertain=UncertaintyPolicy.ONES),
    )
    audited_uncertain = outcome.suspects[outcome.suspects["given_label"] == -1]
    assert (audited_uncertain["audited_as"] == 1).all()
    assert len(outcome.uncertain) == len(audit_set.uncertain)


def test_several_images_per_report_are_averaged(audit_set, tmp_path):
    predictions = pd.read_csv(audit_set.predictions, dtype={"report_id": str})
    doubled = pd.concat([predictions, predictions.assign(Cardiomegaly=0.0)])
    doubled.to_csv(tmp_path / "two_views.csv", index=False)
    outcome = run_audit(
        AuditInputs(audit_set.labels, tmp_path / "two_views.csv"), tmp_path / "o", AuditOptions()
    )
    assert outcome.images == 2 * len(predictions)
    assert outcome.reports == len(predictions)


def test_prediction_by_path_through_manifest(audit_set, tmp_path):
    predictions = pd.read_csv(audit_set.predictions, dtype={"report_id": str})
    manifest = pd.read_csv(audit_set.manifest)
    by_path = predictions.drop(columns="report_id").assign(
        path=[str((audit_set.folder / p).resolve()) for p in manifest["path"]]
    )
    by_path.to_csv(tmp_path / "by_path.csv", index=False)
    outcome = run_audit(
        AuditInputs(audit_set.labels, tmp_path / "by_path.csv", images=audit_set.manifest),
        tmp_path / "o",
        AuditOptions(),
    )  # fmt: skip
    assert outcome.reports == len(predictions)


def test_deciding_mention_prefers_the_label_given():
    from labelaudit.audit.evidence import deciding_mention

    mentions = [
        {"label": 0.0, "sentence": "a"},
        {"label": 1.0, "sentence": "b"},
    ]
    assert deciding_mention(mentions, 1.0)["sentence"] == "b"
    assert deciding_mention(mentions, float("nan"))["sentence"] == "a"
    assert deciding_mention([], 1.0) is None


def test_quality_csv_matches_the_page(audited):
    outcome, output = audited
    quality = pd.read_csv(output / "quality.csv")
    assert list(quality["observation"]) == list(outcome.audited)
    assert quality["out_of_fold_auroc"].tolist() == pytest.approx(
        [outcome.auroc[o] for o in quality["observation"]], abs=1e-4
    )
    assert quality["suspects"].sum() == len(outcome.suspects)
    split = quality["suspect_positive_labels"] + quality["suspect_negative_labels"]
    assert (split == quality["suspects"]).all()


def test_images_go_through_the_shared_manifest_reader(audit_set, tmp_path):
    # Before labelaudit.manifest, audit needed a column named 'path', kept blank ids and
    # listed a repeated row's image twice; now it reads every path column name, refuses a
    # blank id and counts a repeated row once, with a warning.
    predictions = pd.read_csv(audit_set.predictions, dtype={"report_id": str})
    manifest = pd.read_csv(audit_set.manifest, dtype=str)
    by_path = predictions.drop(columns="report_id").assign(
        path=[str(audit_set.folder / p) for p in manifest["path"]]
    )
    by_path.to_csv(tmp_path / "by_path.csv", index=False)
    renamed = tmp_path / "images.csv"
    listing = manifest.rename(columns={"path": "image"})
    listing["image"] = [str(audit_set.folder / p) for p in listing["image"]]
    pd.concat([listing, listing]).to_csv(renamed, index=False)
    outcome = run_audit(
        AuditInputs(audit_set.labels, tmp_path / "by_path.csv", images=renamed),
        tmp_path / "o",
        AuditOptions(),
    )
    assert outcome.reports == len(predictions)
    assert outcome.warnings[0] == f"{len(listing)} repeated manifest rows counted once"
    suspects = pd.read_csv(tmp_path / "o" / "suspects.csv", dtype=str)
    assert len(suspects) and not suspects["images"].str.contains(";").any()  # each image once

    listing.assign(image="").to_csv(renamed, index=False)
    with pytest.raises(InputError) as caught:
        run_audit(
            AuditInputs(audit_set.labels, audit_set.predictions, images=renamed),
            tmp_path / "o2",
            AuditOptions(),
        )
    with pytest.raises(InputError) as shared:
        read_manifest(renamed, require_ids=True)
    assert str(caught.value) == str(shared.value)
    assert "empty image path on line(s) 2, 3, 4, 5, 6" in str(caught.value)

    listing.assign(report_id=" ").to_csv(renamed, index=False)
    with pytest.raises(InputError, match=r"empty id in column 'report_id' on line\(s\) 2, 3"):
        run_audit(
            AuditInputs(audit_set.labels, audit_set.predictions, images=renamed),
            tmp_path / "o3",
            AuditOptions(),
        )
