"""Free-text reports that describe a synthetic study, and the labels they state.

Each drawn finding becomes a positive sentence, or a hedged one when it is drawn faint;
absent findings are often negated. The statements repeat in FINDINGS and IMPRESSION so a
labeler that reads either section, or both, states the same labels. A small share of
reports carries a deliberate error (a finding omitted, negated or invented): the label
noise that the label-doubt audit is meant to find.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from labelaudit.observations import (
    BLANK,
    NEGATIVE,
    NO_FINDING,
    OBSERVATIONS,
    POSITIVE,
    SUPPORT_DEVICES,
    UNCERTAIN,
    is_blank,
)
from labelaudit.synth.findings import (
    Cardiomegaly,
    Consolidation,
    Devices,
    Effusion,
    Finding,
    Nodule,
    Pneumothorax,
)

# Observations whose absence a report may state (the drawn ones, plus edema for realism).
NEGATIONS: dict[str, tuple[str, ...]] = {
    "Pleural Effusion": ("No pleural effusion.", "There is no pleural effusion."),
    "Pneumothorax": ("No pneumothorax.", "There is no pneumothorax."),
    "Cardiomegaly": ("Heart size is normal.", "The heart is normal in size."),
    "Lung Lesion": ("No pulmonary nodules.", "No suspicious pulmonary nodule."),
    "Consolidation": ("No focal consolidation.",),
    "Edema": ("No pulmonary edema.",),
}
NEGATION_RATE = 0.6
INDICATIONS = (
    "shortness of breath",
    "chest pain",
    "cough and fever",
    "preoperative evaluation",
    "follow-up",
    "dyspnea on exertion",
)


@dataclass(frozen=True)
class Statement:
    observation: str
    value: float  # the label the sentence states: 1.0, 0.0 or -1.0
    sentence: str


@dataclass(frozen=True)
class Report:
    text: str
    stated: dict[str, float]  # all 14 observations: what a perfect labeler reads
    error: str  # "" or e.g. "Pneumothorax omitted"


def lung_zone(y: float) -> str:
    return "upper" if y < 0.38 else "mid" if y < 0.55 else "lower"


def positive_statements(observation: str, finding: Finding, rng: np.random.Generator):
    """Sentences (with their stated labels) that describe one drawn finding."""
    pick = _picker(rng)
    if isinstance(finding, Effusion):
        side, size = finding.side, finding.size_word
        if finding.faint:
            text = pick(
                f"Possible small {side} pleural effusion.",
                f"Questionable small {side} pleural effusion.",
            )
        else:
            text = pick(
                f"{size.capitalize()} {side} pleural effusion.",
                f"There is a {size} {side} pleural effusion.",
            )
        return _stating(text, finding.faint, observation)
    if isinstance(finding, Pneumothorax):
        side, size = finding.side, finding.size_word
        if finding.faint:
            text = f"Possible small {side} apical pneumothorax."
        else:
            text = pick(
                f"{size.capitalize()} {side} apical pneumothorax.",
                f"There is a {size} {side} pneumothorax.",
            )
        return _stating(text, finding.faint, observation)
    if isinstance(finding, Cardiomegaly):
        text = pick(
            f"{finding.size_word.capitalize()} cardiomegaly.",
            f"The heart is enlarged, consistent with {finding.size_word} cardiomegaly.",
        )
        return _stating(text, False, observation)
    if isinstance(finding, Nodule):
        where = f"{finding.side} {lung_zone(finding.y)} lung"
        if finding.faint:
            text = f"Possible nodule in the {where}."
        else:
            text = f"{finding.size_cm:.1f} cm nodule in the {where}."
        return _stating(text, finding.faint, observation)
    if isinstance(finding, Consolidation):
        where = f"{finding.side} {finding.zone} lung"
        if finding.faint:
            text = f"Possible subtle opacity in the {where}, which may represent consolidation."
        else:
            text = f"Patchy opacity in the {where}, consistent with consolidation."
        return _stating(text, finding.faint, "Lung Opacity", "Consolidation")
    if isinstance(finding, Devices):
        return [Statement(SUPPORT_DEVICES, POSITIVE, s) for s in device_sentences(finding)]
    raise TypeError(f"no report template for {type(finding).__name__}")


def _stating(text: str, faint: bool, *observations: str) -> list[Statement]:
    """One sentence stating its observations: uncertain when the finding is drawn faint."""
    value = UNCERTAIN if faint else POSITIVE
    return [Statement(observation, value, text) for observation in observations]


def device_sentences(devices: Devices) -> list[str]:
    sentences = []
    if devices.et_tube:
        sentences.append("Endotracheal tube terminates approximately 4 cm above the carina.")
    if devices.central_line:
        sentences.append(
            f"{devices.central_line.capitalize()} internal jugular central venous catheter "
            "terminates in the mid SVC."
        )
    if devices.pacemaker:
        sentences.append("Left chest wall pacemaker with leads in the right atrium and ventricle.")
    return sentences


def write_report(
    findings: dict[str, Finding],
    rng: np.random.Generator,
    *,
    views: int,
    follow_up: bool,
    error_rate: float,
) -> Report:
    """Compose the report of one study, possibly with one deliberate error."""
    findings = dict(findings)
    error = ""
    invented: list[Statement] = []
    negated: set[str] = set()  # must be negated although drawn
    omitted: set[str] = set()  # drawn, and must not be mentioned at all
    if rng.random() < error_rate:
        error, invented, negated, omitted = _make_error(findings, rng)

    statements: list[Statement] = []
    for observation in OBSERVATIONS:
        if observation in findings:
            statements += positive_statements(observation, findings[observation], rng)
    statements += invented
    mentioned = {s.observation for s in statements}
    for observation, sentences in NEGATIONS.items():
        if observation in mentioned or observation in omitted:
            continue
        if observation in negated or rng.random() < NEGATION_RATE:
            statements.append(Statement(observation, NEGATIVE, str(rng.choice(sentences))))
    statements = _ordered(statements)
    return Report(
        text=_layout(statements, rng, views=views, follow_up=follow_up),
        stated=stated_labels(statements),
        error=error,
    )


def _make_error(findings: dict[str, Finding], rng: np.random.Generator):
    """Omit, negate or invent one finding.

    Returns (description, invented statements, negated observations, omitted observations).
    """
    drawn = list(findings)
    kind = str(rng.choice(("omitted", "negated", "invented"))) if drawn else "invented"
    if kind == "invented":
        candidates = [
            o for o in ("Pleural Effusion", "Pneumothorax", "Cardiomegaly") if o not in findings
        ]
        if not candidates:
            kind = "omitted"
        else:
            observation = str(rng.choice(candidates))
            sentence = {
                "Pleural Effusion": "Small left pleural effusion.",
                "Pneumothorax": "Small right apical pneumothorax.",
                "Cardiomegaly": "Mild cardiomegaly.",
            }[observation]
            invented = [Statement(observation, POSITIVE, sentence)]
            return f"{observation} invented", invented, set(), set()
    observation = str(rng.choice(drawn))
    del findings[observation]
    if kind == "negated" and observation in NEGATIONS:
        return f"{observation} negated", [], {observation}, set()
    return f"{observation} omitted", [], set(), {observation}


def stated_labels(statements: list[Statement]) -> dict[str, float]:
    """The 14 labels the statements express; No Finding as the CheXpert labeler sets it."""
    labels = dict.fromkeys(OBSERVATIONS, BLANK)
    for statement in statements:
        current = labels[statement.observation]
        # Positive beats uncertain beats negative, as in CheXpert's aggregation.
        rank = {POSITIVE: 3, UNCERTAIN: 2, NEGATIVE: 1}
        if is_blank(current) or rank[statement.value] > rank[current]:
            labels[statement.observation] = statement.value
    pathologies = [o for o in OBSERVATIONS if o not in (NO_FINDING, SUPPORT_DEVICES)]
    if not any(labels[o] in (POSITIVE, UNCERTAIN) for o in pathologies):
        labels[NO_FINDING] = POSITIVE
    return labels


def _ordered(statements: list[Statement]) -> list[Statement]:
    """Devices first, then positives and hedges, then negations; one sentence once."""
    order = {POSITIVE: 1, UNCERTAIN: 1, NEGATIVE: 2}
    keyed = sorted(
        enumerate(statements),
        key=lambda item: (
            0 if item[1].observation == SUPPORT_DEVICES else order[item[1].value],
            item[0],
        ),
    )
    return [s for _, s in keyed]


def _layout(
    statements: list[Statement], rng: np.random.Generator, *, views: int, follow_up: bool
) -> str:
    sentences = list(dict.fromkeys(s.sentence for s in statements))
    pathology = [s for s in statements if s.observation != SUPPORT_DEVICES and s.value != NEGATIVE]
    exam = "CHEST (PA AND LAT)" if views > 1 else "CHEST (PORTABLE AP)"
    comparison = "Prior chest radiograph from ___." if follow_up else "None."
    if len(sentences) == 1:
        impression = sentences[0]
    else:
        impression = "\n".join(f"{i}. {s}" for i, s in enumerate(sentences, start=1))
    if not pathology:
        impression = "No acute cardiopulmonary process.\n" + impression
    indication = rng.choice(INDICATIONS)
    return (
        f"EXAMINATION:  {exam}\n\n"
        f"INDICATION:  ___-year-old {rng.choice(('man', 'woman'))} with {indication}.\n\n"
        f"COMPARISON:  {comparison}\n\n"
        f"FINDINGS:\n{' '.join(sentences)}\n\n"
        f"IMPRESSION:\n{impression}\n"
    )


def _picker(rng: np.random.Generator):
    def pick(*options: str) -> str:
        return options[int(rng.integers(len(options)))]

    return pick
