"""Generated sentences: negated, hedged and affirmed lists of 1-8 findings in random order,
with every separator and modifier, and de-identification tokens dropped into them."""

from __future__ import annotations

import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

# (phrase, observation): one finding per observation, none of them neutral anatomy.
FINDINGS = [
    ("pleural effusion", "Pleural Effusion"),
    ("pneumothorax", "Pneumothorax"),
    ("consolidation", "Consolidation"),
    ("pulmonary edema", "Edema"),
    ("atelectasis", "Atelectasis"),
    ("pneumonia", "Pneumonia"),
    ("pulmonary nodule", "Lung Lesion"),
    ("rib fracture", "Fracture"),
    ("airspace opacity", "Lung Opacity"),
    ("cardiomegaly", "Cardiomegaly"),
]
PLAIN_MODIFIERS = ["", "focal ", "acute ", "definite ", "significant ", "suspicious ", "right "]
GRADED_MODIFIERS = ["large ", "small ", "moderate ", "mild "]
NEGATIONS = [
    "No ",
    "There is no ",
    "no ",
    "Without evidence of ",
    "No evidence of ",
    "Negative for ",
    "Free of ",
    "No radiographic evidence of ",
    "The lungs are clear without ",
]
HEDGES = ["Possible ", "Cannot exclude ", "Questionable ", "Probable "]
TAILS = ["", " is seen", " is identified", " is demonstrated"]
DEID = ["XXXX", "___"]
SETTINGS = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])


@st.composite
def finding_lists(draw, graded: bool) -> tuple[list[str], list[str]]:
    """Phrases with modifiers, and their observations, in random order."""
    chosen = draw(st.lists(st.sampled_from(FINDINGS), min_size=1, max_size=8, unique=True))
    modifiers = PLAIN_MODIFIERS + (GRADED_MODIFIERS if graded else [])
    phrases = [draw(st.sampled_from(modifiers)) + phrase for phrase, _ in chosen]
    return phrases, [observation for _, observation in chosen]


def join(phrases: list[str], closer: str, oxford: bool) -> str:
    if len(phrases) == 1:
        return phrases[0]
    head = ", ".join(phrases[:-1])
    return f"{head}{',' if oxford else ''} {closer} {phrases[-1]}"


def values(labeler, text: str) -> dict[str, float]:
    result = labeler.label(text)
    return {o: v for o, v in result.values.items() if not math.isnan(v)}


def assert_every(labeler, text: str, observations: list[str], value: float) -> dict[str, float]:
    """Each of ``observations`` reads ``value`` in ``text``; returns every value read."""
    got = values(labeler, text)
    assert {o: got.get(o) for o in observations} == dict.fromkeys(observations, value), (text, got)
    return got


@SETTINGS
@given(
    items=finding_lists(graded=True),
    trigger=st.sampled_from(NEGATIONS),
    oxford=st.booleans(),
    tail=st.sampled_from(TAILS),
)
def test_negation_covers_a_list_closed_by_or(labeler, items, trigger, oxford, tail) -> None:
    phrases, observations = items
    text = f"{trigger}{join(phrases, 'or', oxford)}{tail}."
    assert_every(labeler, text, observations, 0.0)


@SETTINGS
@given(items=finding_lists(graded=False), trigger=st.sampled_from(NEGATIONS), oxford=st.booleans())
def test_negation_covers_a_list_closed_by_and(labeler, items, trigger, oxford) -> None:
    phrases, observations = items
    text = f"{trigger}{join(phrases, 'and', oxford)}."
    assert_every(labeler, text, observations, 0.0)


@SETTINGS
@given(items=finding_lists(graded=True), trigger=st.sampled_from(NEGATIONS), oxford=st.booleans())
def test_negated_list_does_not_leak_into_the_next_sentence_or_clause(
    labeler, items, trigger, oxford
) -> None:
    phrases, observations = items
    if "Cardiomegaly" in observations:
        return
    listed = join(phrases, "or", oxford)
    for text in (
        f"{trigger}{listed}. Moderate cardiomegaly.",
        f"{trigger}{listed}; moderate cardiomegaly.",
        f"{trigger}{listed}, but there is moderate cardiomegaly.",
        f"{trigger}{listed}.. Moderate cardiomegaly.",
    ):
        got = values(labeler, text)
        assert got.get("Cardiomegaly") == 1.0, text
        assert all(got.get(o) == 0.0 for o in observations), text


@SETTINGS
@given(
    items=finding_lists(graded=True),
    hedge=st.sampled_from(HEDGES),
    closer=st.sampled_from(["or", "and"]),
    oxford=st.booleans(),
)
def test_hedge_covers_its_list(labeler, items, hedge, closer, oxford) -> None:
    phrases, observations = items
    phrases = [
        p.split(" ", 1)[-1] if p.split(" ")[0] + " " in GRADED_MODIFIERS else p for p in phrases
    ]
    text = f"{hedge}{join(phrases, closer, oxford)}."
    assert_every(labeler, text, observations, -1.0)


@SETTINGS
@given(items=finding_lists(graded=True), oxford=st.booleans())
def test_affirmed_list_is_positive(labeler, items, oxford) -> None:
    phrases, observations = items
    text = f"There is {join(phrases, 'and', oxford)}."
    assert_every(labeler, text, observations, 1.0)


@SETTINGS
@given(
    items=finding_lists(graded=False),
    trigger=st.sampled_from(NEGATIONS),
    token=st.sampled_from(DEID),
    where=st.integers(min_value=0, max_value=7),
    replace=st.booleans(),
)
def test_deid_tokens_inside_a_negated_list(labeler, items, trigger, token, where, replace) -> None:
    """A de-identification token in place of an item, or before one, changes nothing else
    and never creates a mention."""
    phrases, observations = items
    where = where % len(phrases)
    if replace:
        del observations[where]
        phrases[where] = token
    else:
        phrases[where] = f"{token} {phrases[where]}"
    text = f"{trigger}{join(phrases, 'or', True)}."
    got = assert_every(labeler, text, observations, 0.0)
    assert set(got) <= {*observations, "No Finding"}, (text, got)


@SETTINGS
@given(
    token=st.sampled_from(DEID),
    words=st.lists(
        st.sampled_from(["the", "right", "left", "seen", "at", "on", "since"]), max_size=4
    ),
)
def test_deid_tokens_never_create_a_mention(labeler, token, words) -> None:
    text = " ".join([token, *words, token]).capitalize() + "."
    got = values(labeler, text)
    assert set(got) <= {"No Finding"}, (text, got)
