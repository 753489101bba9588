"""Wrong-site rules (labelaudit/rules/wrong_site.tsv): every structure fires; generated sentences.

The generators build "mention [bridges] [link] [fillers] structure" from the rule file's own
words in random order and length, and check the two ways the search must stop: a comma, and a
lung anchor before the mention without a cause word after it.
"""

from __future__ import annotations

import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from labelaudit.labeler.rules import load_rules

RULES = load_rules().wrong_site
assert RULES is not None
MENTION_BY_OBSERVATION = {
    "Lung Opacity": "opacity",
    "Lung Lesion": "nodule",
    "Fracture": "fracture",
}
LUNG = ("Lung Opacity", "Lung Lesion")


def _words(phrases) -> list[str]:
    return [p.text for p in phrases]


def _text(phrase) -> str:
    return " ".join(w.rstrip("*") for w in phrase.text.split(" "))


def _is_blank(labeler, text: str, observation: str) -> bool:
    return math.isnan(labeler.label(text).values[observation])


def test_every_structure_cancels(labeler) -> None:
    """Each structure line cancels each of its observations, after a mention and (unless it is
    after-only) right before one."""
    dead = []
    for structure in RULES.structures:
        for observation in structure.observations:
            mention = MENTION_BY_OBSERVATION[observation]
            texts = [f"{mention.capitalize()} overlying the left {_text(structure.phrase)}."]
            if not structure.after_only:
                texts.append(f"{_text(structure.phrase).capitalize()} {mention}.")
            for text in texts:
                if not _is_blank(labeler, text, observation):
                    dead.append(f"{structure.phrase.rule_id} {text!r}")
    assert not dead, "wrong-site structures that cancel nothing: " + ", ".join(dead)


lung_structures = [s for s in RULES.structures if any(o in LUNG for o in s.observations)]


@st.composite
def wrong_site_sentence(draw):
    structure = draw(st.sampled_from(lung_structures))
    observation = draw(st.sampled_from(sorted(o for o in structure.observations if o in LUNG)))
    bridges = draw(st.lists(st.sampled_from(_words(RULES.bridges)), max_size=2))
    link = draw(st.sampled_from(["", *_words(RULES.links)]))
    fillers = draw(st.lists(st.sampled_from([*_words(RULES.fillers), "6th", "XXXX"]), max_size=4))
    after = " ".join(filter(None, [*bridges, link, *fillers, _text(structure.phrase)]))
    return observation, MENTION_BY_OBSERVATION[observation], after


SETTINGS = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])


@SETTINGS
@given(wrong_site_sentence())
def test_generated_wrong_site_is_cancelled(labeler, case) -> None:
    observation, mention, after = case
    assert _is_blank(labeler, f"Small {mention} {after}.", observation)


@SETTINGS
@given(wrong_site_sentence())
def test_a_comma_stops_the_search(labeler, case) -> None:
    observation, mention, after = case
    assert not _is_blank(labeler, f"Small {mention}, {after}.", observation)


@SETTINGS
@given(wrong_site_sentence(), st.sampled_from(_words(RULES.anchors)))
def test_a_lung_anchor_keeps_the_mention_unless_a_cause_explains_it(labeler, case, anchor):
    observation, mention, after = case
    if any(w in _words(RULES.causes) for w in after.split()):
        return  # covered below: a cause word explains the finding away
    assert not _is_blank(labeler, f"Right {anchor} {mention} {after}.", observation)
    assert _is_blank(labeler, f"Right {anchor} {mention} due to {after}.", observation)
