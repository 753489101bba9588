"""Rule files: loading, version and hash, and errors that name the file and line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from labelaudit import Labeler
from labelaudit.errors import RuleError
from labelaudit.labeler.rules import default_rules_dir, load_rules


@pytest.fixture
def rules_copy(tmp_path: Path) -> Path:
    target = tmp_path / "rules"
    shutil.copytree(default_rules_dir(), target)
    return target


def test_default_rules_load_with_version_and_hash() -> None:
    rules = load_rules()
    assert rules.version == "1.2.0"
    assert len(rules.hash) == 64
    assert {p.name for p in rules.phases} >= {
        "hypothetical",
        "historical",
        "pre_negation_uncertainty",
        "negation",
        "post_negation_uncertainty",
    }
    assert len(rules.mentions) > 150


def test_hash_changes_with_content(rules_copy: Path) -> None:
    before = load_rules(rules_copy).hash
    with (rules_copy / "mentions" / "fracture.txt").open("a") as handle:
        handle.write("broken rib\n")
    assert load_rules(rules_copy).hash != before


def test_edited_rules_change_labels(rules_copy: Path) -> None:
    text = "Broken rib on the left."
    assert Labeler().label(text).values["Fracture"] != 1.0
    with (rules_copy / "mentions" / "fracture.txt").open("a") as handle:
        handle.write("broken rib*\n")
    assert Labeler(rules=rules_copy).label(text).values["Fracture"] == 1.0


@pytest.mark.parametrize(
    ("relative", "line", "message"),
    [
        ("triggers/negation.tsv", "no\tsideways\t5", "direction must be one of"),
        ("triggers/negation.tsv", "absent of\tforward\tmany", "scope must be a whole number"),
        ("triggers/negation.tsv", "absent of", "expected 'phrase<TAB>direction"),
        ("triggers/negation.tsv", "absent of\tforward\t5\tlungs", "unknown observation 'lungs'"),
        ("triggers/negation.tsv", "no\tforward\t5", "duplicate of line"),
        ("triggers/negation.tsv", "both\tboth\t3/1/2", "'forward/backward' is only"),
        ("mentions/edema.txt", "wet lung | maybe", "unknown tag 'maybe'"),
        ("mentions/edema.txt", "ed*ma", "'*' may only end a word"),
        ("mentions/edema.txt", "---", "has no letters or digits"),
        ("sections.tsv", "impression", "expected 'title<TAB>section'"),
        ("wrong_site.tsv", "sideways\trib", "kind must be one of"),
        ("wrong_site.tsv", "structure\trib", "expected 'kind<TAB>phrase<TAB>observations'"),
        ("wrong_site.tsv", "structure\trib\tall", "must name the observations"),
        ("wrong_site.tsv", "structure\trib\tribs", "unknown observation 'ribs'"),
        ("mentions/edema.txt", "vessels | neutral maybe", "unknown tag 'neutral maybe'"),
    ],
)
def test_malformed_line_names_file_and_line(rules_copy, relative, line, message) -> None:
    path = rules_copy / relative
    with path.open("a") as handle:
        handle.write(line + "\n")
    number = len(path.read_text().splitlines())
    with pytest.raises(RuleError, match=message) as info:
        load_rules(rules_copy)
    assert f"{relative}:{number}" in str(info.value)


def test_misnamed_observation_file_is_refused(rules_copy: Path) -> None:
    (rules_copy / "mentions" / "pleural_efusion.txt").write_text("fluid\n")
    with pytest.raises(RuleError, match="unknown observation file"):
        load_rules(rules_copy)


def test_bad_manifest(rules_copy: Path) -> None:
    (rules_copy / "ruleset.json").write_text('{"name": "x",\n "version": }')
    with pytest.raises(RuleError, match=r"ruleset.json:2: invalid JSON"):
        load_rules(rules_copy)


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            lambda m: m.update(typo_min_lenght=8),
            r"ruleset.json: unknown key 'typo_min_lenght'; allowed keys: name, version, ",
        ),
        (
            lambda m: m["phases"][1].update({"neutral-only": True}),
            r"ruleset.json: phases\[1\]: unknown key 'neutral-only'; allowed keys: name, file, ",
        ),
    ],
)
def test_unknown_manifest_key_is_refused(rules_copy: Path, edit, message: str) -> None:
    """A misspelled key would be silently ignored: the load names it, the file and the keys."""
    path = rules_copy / "ruleset.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    edit(manifest)
    path.write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(RuleError, match=message) as info:
        load_rules(rules_copy)
    assert str(path) in str(info.value) and "\n" not in str(info.value)


def test_not_a_rule_set(tmp_path: Path) -> None:
    with pytest.raises(RuleError, match="not a rule set"):
        load_rules(tmp_path)


def test_every_trigger_fires(labeler) -> None:
    """Each trigger rule decides at least one sentence built from it (no dead rules)."""
    rules = labeler.rules
    dead = []
    for phase in rules.phases:
        for trigger in phase.triggers:
            mention = _mention_for(trigger, phase.neutral_only)
            texts = []
            if trigger.direction in ("forward", "both"):
                texts.append(f"{trigger.phrase.text} {mention}.")
            if trigger.direction in ("backward", "both"):
                texts.append(f"The {mention} {trigger.phrase.text}.")
            fired = False
            for text in texts:
                for m in labeler.label(text).mentions:
                    if m.trigger_rule == trigger.phrase.rule_id:
                        fired = True
            if not fired:
                dead.append(f"{trigger.phrase.rule_id} {trigger.phrase.text!r}")
    assert not dead, "triggers that never fire: " + ", ".join(dead)


def _mention_for(trigger, neutral: bool) -> str:
    if trigger.applies_to:
        observation = sorted(trigger.applies_to)[0]
        return {
            "Cardiomegaly": "heart size",
            "Edema": "pulmonary vasculature",
            "Pneumonia": "pneumonia",
        }.get(observation, "mediastinum")
    return "heart size" if neutral else "effusion"


def test_triggers_equal_once_tokenized_are_refused(rules_copy: Path) -> None:
    with (rules_copy / "triggers" / "pre_negation_uncertainty.tsv").open("a") as handle:
        handle.write("can not exclude\tforward\t8\n")
    with pytest.raises(RuleError, match="same trigger as"):
        Labeler(rules=rules_copy)


def test_wrong_site_words_must_be_single(rules_copy: Path) -> None:
    with (rules_copy / "wrong_site.tsv").open("a") as handle:
        handle.write("filler\tthe left\n")
    number = len((rules_copy / "wrong_site.tsv").read_text().splitlines())
    with pytest.raises(RuleError, match=f"wrong_site.tsv:{number}: bridges and fillers"):
        Labeler(rules=rules_copy)


def test_rule_set_without_wrong_site_file_loads(rules_copy: Path) -> None:
    """Wrong-site rules are optional, so a rule set copied before they existed still works."""
    (rules_copy / "wrong_site.tsv").unlink()
    assert load_rules(rules_copy).wrong_site is None
    assert (
        Labeler(rules=rules_copy).label("Opacity overlying the sixth rib.").values["Lung Opacity"]
        == 1.0
    )
    assert Labeler().label("Opacity overlying the sixth rib.").values["No Finding"] == 1.0
