"""Rules travel with a saved pipeline: to_disk/from_disk and to_bytes/from_bytes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import spacy

from labelaudit.errors import RuleError
from labelaudit.labeler.pipeline import build_nlp
from labelaudit.labeler.rules import default_rules_dir, load_rules

TEXT = "Broken rib on the left."  # a fracture only under the edited rules


@pytest.fixture
def custom_rules(tmp_path: Path) -> Path:
    folder = tmp_path / "custom_rules"
    shutil.copytree(default_rules_dir(), folder)
    with (folder / "mentions" / "fracture.txt").open("a", encoding="utf-8") as handle:
        handle.write("broken rib*\n")
    return folder


def _fracture(nlp: spacy.Language) -> float:
    return nlp(TEXT)._.chexpert["Fracture"]


@pytest.mark.parametrize("afterwards", ["deleted", "reverted", "broken"])
def test_saved_pipeline_keeps_its_rules(tmp_path: Path, custom_rules: Path, afterwards) -> None:
    nlp = build_nlp(str(custom_rules), "auto", "chexpert")
    assert _fracture(nlp) == 1.0
    saved_hash = nlp.get_pipe("labelaudit_chexpert").rules.hash
    nlp.to_disk(tmp_path / "pipeline")
    if afterwards == "deleted":
        shutil.rmtree(custom_rules)
    elif afterwards == "reverted":
        shutil.copy(default_rules_dir() / "mentions" / "fracture.txt", custom_rules / "mentions")
    else:
        (custom_rules / "ruleset.json").write_text("{", encoding="utf-8")

    loaded = spacy.load(tmp_path / "pipeline")
    assert _fracture(loaded) == 1.0
    component = loaded.get_pipe("labelaudit_chexpert")
    assert component.rules.hash == saved_hash
    assert component.rules.path == tmp_path / "pipeline" / "labelaudit_chexpert" / "rules"


def test_saved_rules_are_a_rule_folder(tmp_path: Path, custom_rules: Path) -> None:
    build_nlp(str(custom_rules), "auto", "chexpert").to_disk(tmp_path / "pipeline")
    saved = tmp_path / "pipeline" / "labelaudit_chexpert" / "rules"
    assert load_rules(saved).hash == load_rules(custom_rules).hash
    assert (saved / "mentions" / "fracture.txt").read_bytes() == (
        custom_rules / "mentions" / "fracture.txt"
    ).read_bytes()


def test_saving_again_replaces_the_rules(tmp_path: Path, custom_rules: Path) -> None:
    (custom_rules / "unmentions" / "fracture.txt").write_text("rib notching\n", encoding="utf-8")
    build_nlp(str(custom_rules), "auto", "chexpert").to_disk(tmp_path / "pipeline")
    build_nlp(None, "auto", "chexpert").to_disk(tmp_path / "pipeline")
    loaded = spacy.load(tmp_path / "pipeline")
    assert _fracture(loaded) != 1.0
    assert loaded.get_pipe("labelaudit_chexpert").rules.hash == load_rules().hash
    saved = tmp_path / "pipeline" / "labelaudit_chexpert" / "rules"
    assert not (saved / "unmentions" / "fracture.txt").exists()


def test_bytes_round_trip(custom_rules: Path) -> None:
    nlp = build_nlp(str(custom_rules), "mimic", "negbio")
    data = nlp.to_bytes()
    shutil.rmtree(custom_rules)
    fresh = build_nlp(None, "mimic", "negbio")
    assert _fracture(fresh) != 1.0
    fresh.from_bytes(data)
    assert _fracture(fresh) == 1.0
    original = nlp.get_pipe("labelaudit_chexpert")
    restored = fresh.get_pipe("labelaudit_chexpert")
    assert restored.rules.hash == original.rules.hash
    assert restored.to_bytes() == original.to_bytes()


def test_a_pipeline_saved_without_rules_uses_its_configured_ones(tmp_path: Path) -> None:
    nlp = build_nlp(None, "auto", "chexpert")
    component = nlp.get_pipe("labelaudit_chexpert")
    component.from_disk(tmp_path / "saved_before_rules_travelled")
    assert component.rules.hash == load_rules().hash


def test_to_disk_does_not_overwrite_other_files(tmp_path: Path) -> None:
    target = tmp_path / "component"
    (target / "rules").mkdir(parents=True)
    (target / "rules" / "notes.txt").write_text("mine\n", encoding="utf-8")
    component = build_nlp(None, "auto", "chexpert").get_pipe("labelaudit_chexpert")
    with pytest.raises(RuleError, match="not a rule folder"):
        component.to_disk(target)
    assert (target / "rules" / "notes.txt").read_text(encoding="utf-8") == "mine\n"
