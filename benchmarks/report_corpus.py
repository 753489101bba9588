"""Deterministic synthetic chest X-ray reports for the labeler speed benchmarks.

``make_corpus(n, seed)`` composes reports from sentence templates: normal statements, findings
with sizes, sides, severity, change, hedges and negations, support devices and comparisons.
About half use MIMIC-like section titles, a fifth Open-i-like "Findings: ... Impression: ...",
the rest untitled free text; most are 40-200 words and about 2% are much longer. The same
(n, seed) always gives the same list. Standard library only.

    python benchmarks/report_corpus.py --n 50000 --seed 0 --out corpus.csv
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from collections.abc import Callable
from pathlib import Path
from string import Formatter

SIDES = ("right", "left")
LOBES = (
    "right upper lobe",
    "right middle lobe",
    "right lower lobe",
    "left upper lobe",
    "lingula",
    "left lower lobe",
)
REGIONS = (
    "right lung base",
    "left lung base",
    "lung bases",
    "right midlung",
    "left midlung",
    "retrocardiac region",
    "right perihilar region",
    "left perihilar region",
    "right apex",
    "left apex",
)
SIZES = ("trace", "small", "small to moderate", "moderate", "moderate to large", "large")
DEGREES = ("minimal", "mild", "mild to moderate", "moderate", "severe")
DEGREE_ADVERBS = ("minimally", "mildly", "moderately", "markedly")
CHANGES = (
    "",
    "",
    ", unchanged",
    ", new since ___",
    ", slightly increased",
    ", decreased",
    ", stable since the prior study",
    ", improved",
    ", worse than on ___",
)
HEDGES = (
    "may represent",
    "could reflect",
    "is concerning for",
    "is suspicious for",
    "is suggestive of",
    "likely represents",
    "possibly reflecting",
)
DIAGNOSES = ("atelectasis", "pneumonia", "aspiration", "infection", "consolidation", "scarring")
LINE_TIPS = ("mid SVC", "low SVC", "proximal SVC", "cavoatrial junction", "right atrium")
RIBS = ("fourth", "fifth", "sixth", "seventh", "eighth", "ninth")

FINDINGS: dict[str, tuple[str, ...]] = {
    "effusion": (
        "{Size} {side} pleural effusion{change}.",
        "There is a {size} {side} pleural effusion, layering posteriorly.",
        "{Size} bilateral pleural effusions, {side} greater than {other}.",
        "Layering {side} pleural effusion{change}.",
        "Blunting of the {side} costophrenic angle may reflect a {size} effusion.",
    ),
    "pneumothorax": (
        "{Size} {side} apical pneumothorax{change}.",
        "There is a {size} {side} pneumothorax measuring {cm} cm at the apex.",
        "Possible tiny {side} apical pneumothorax versus skin fold.",
    ),
    "opacity": (
        "{Degree} patchy opacity in the {lobe}{change}.",
        "Ill-defined opacity in the {region} {hedge} {dx}.",
        "Hazy opacities in the {region}, {dx} versus {dx2}.",
        "Streaky bibasilar opacities, likely {dx}.",
        "Increased interstitial markings in the {region}.",
    ),
    "atelectasis": (
        "{Degree} {side} basilar atelectasis{change}.",
        "Linear atelectasis at the {region}.",
        "Plate-like atelectasis in the {region}.",
        "Subsegmental atelectasis in the {lobe}.",
    ),
    "edema": (
        "{Degree} pulmonary edema{change}.",
        "{Degree} interstitial edema with septal lines.",
        "Pulmonary vascular congestion without frank edema.",
        "Findings are consistent with {degree} congestive heart failure.",
    ),
    "cardiomegaly": (
        "{Degree} cardiomegaly{change}.",
        "The heart is {degree_adv} enlarged.",
        "The cardiac silhouette is enlarged, possibly accentuated by AP technique.",
        "Borderline heart size.",
    ),
    "lesion": (
        "A {cm} cm nodule in the {lobe}{change}.",
        "{mm} mm nodular opacity in the {lobe}, cannot exclude a pulmonary nodule.",
        "Spiculated {cm} cm mass in the {lobe}, concerning for malignancy.",
        "Multiple bilateral pulmonary nodules, consistent with metastases.",
    ),
    "consolidation": (
        "Focal consolidation in the {lobe}{change}.",
        "Dense consolidation in the {lobe} with air bronchograms, concerning for pneumonia.",
        "No new consolidation in the {lobe}.",
    ),
    "fracture": (
        "Acute nondisplaced fracture of the {side} {rib} rib.",
        "Healed {side} rib fractures.",
        "Old {side} clavicle fracture.",
        "Possible subtle fracture of the {side} {rib} rib, not well seen.",
    ),
    "pleural_other": (
        "{Side} apical pleural thickening{change}.",
        "Calcified pleural plaques along the diaphragm.",
        "Blunting of the {side} costophrenic angle from pleural thickening.",
    ),
    "mediastinum": (
        "The mediastinum is widened{change}.",
        "Mediastinal widening, possibly related to technique.",
        "Stable cardiomediastinal silhouette.",
    ),
    "other": (
        "The lungs are hyperinflated with emphysematous changes.",
        "Degenerative changes of the thoracic spine.",
        "Small hiatal hernia.",
        "Calcified granuloma in the {lobe}.",
        "Elevation of the {side} hemidiaphragm.",
        "Moderate thoracic kyphosis.",
    ),
}
FINDING_KINDS = tuple(FINDINGS)

# Normal statements with the finding kinds they deny, so a report never contradicts itself.
NORMALS: tuple[tuple[frozenset[str], str], ...] = tuple(
    (frozenset(kinds.split()), sentence)
    for kinds, sentence in (
        ("opacity consolidation atelectasis lesion edema", "The lungs are clear."),
        (
            "consolidation effusion pneumothorax",
            "No focal consolidation, pleural effusion, or pneumothorax.",
        ),
        ("cardiomegaly", "Heart size is normal."),
        ("cardiomegaly mediastinum", "The cardiomediastinal silhouette is within normal limits."),
        ("mediastinum", "Mediastinal and hilar contours are unremarkable."),
        ("edema", "No pulmonary edema."),
        ("fracture other", "No acute osseous abnormality."),
        ("fracture", "Osseous structures are intact."),
        ("pneumothorax", "There is no pneumothorax."),
        ("effusion", "No pleural effusion is seen."),
        ("effusion pleural_other", "Costophrenic angles are sharp."),
        ("", "No free air below the diaphragm."),
        ("mediastinum", "The trachea is midline."),
        ("edema", "Pulmonary vasculature is normal."),
        ("lesion", "No suspicious pulmonary nodules."),
        ("opacity", "There is no focal airspace opacity."),
        ("", "Lung volumes are normal."),
        ("", "The upper abdomen is unremarkable."),
    )
)
NORMAL_IMPRESSIONS = (
    "No acute cardiopulmonary process.",
    "No acute cardiopulmonary abnormality.",
    "No acute intrathoracic process.",
    "Normal chest radiograph.",
    "No evidence of pneumonia.",
    "No radiographic evidence of acute disease.",
)
DEVICES = (
    "Endotracheal tube terminates {cm} cm above the carina.",
    "Nasogastric tube courses below the diaphragm with the tip in the stomach.",
    "{Side} internal jugular central venous catheter tip in the {tip}.",
    "{Side} PICC terminates in the {tip}.",
    "{Side} chest tube in place with the tip at the apex.",
    "Dual-lead pacemaker with leads in the right atrium and right ventricle.",
    "Median sternotomy wires are intact.",
    "Feeding tube tip in the proximal duodenum.",
    "The endotracheal tube has been removed.",
    "Lines and tubes are in standard position.",
)
COMPARISONS = (
    "Compared to the prior study, there is little change.",
    "As compared to the previous radiograph, the lung volumes have decreased.",
    "Since ___, the findings are similar.",
    "There is no significant interval change.",
    "Allowing for differences in technique, the appearance is stable.",
)
COMPLAINTS = (
    "cough and fever",
    "shortness of breath",
    "chest pain",
    "hypoxia",
    "fall",
    "sepsis",
    "new line placement",
    "intubation",
    "dyspnea on exertion",
    "preoperative evaluation",
)
QUESTIONS = (
    "",
    "",
    " // ?pneumonia",
    " // eval for effusion",
    " // r/o PTX",
    " // interval change",
)
EXAMS = ("CHEST (PA AND LAT)", "CHEST (PORTABLE AP)", "CHEST (PRE-OP PA AND LAT)")
TECHNIQUES = ("Chest PA and lateral", "Portable AP chest", "Single frontal view of the chest")
PRIORS = ("___", "None.", "Chest radiograph ___.", "Radiograph from earlier the same day.")


_SLOTS: dict[str, Callable[[random.Random], object]] = {
    "side": lambda rng: rng.choice(SIDES),
    "Side": lambda rng: rng.choice(SIDES).capitalize(),
    "size": lambda rng: rng.choice(SIZES),
    "Size": lambda rng: rng.choice(SIZES).capitalize(),
    "degree": lambda rng: rng.choice(DEGREES),
    "Degree": lambda rng: rng.choice(DEGREES).capitalize(),
    "degree_adv": lambda rng: rng.choice(DEGREE_ADVERBS),
    "change": lambda rng: rng.choice(CHANGES),
    "lobe": lambda rng: rng.choice(LOBES),
    "region": lambda rng: rng.choice(REGIONS),
    "hedge": lambda rng: rng.choice(HEDGES),
    "dx": lambda rng: rng.choice(DIAGNOSES),
    "cm": lambda rng: f"{rng.randint(1, 6)}.{rng.randint(0, 9)}",
    "mm": lambda rng: rng.randint(3, 15),
    "rib": lambda rng: rng.choice(RIBS),
    "tip": lambda rng: rng.choice(LINE_TIPS),
}
_TEMPLATE_SLOTS: dict[str, tuple[str, ...]] = {}


def _fill(template: str, rng: random.Random) -> str:
    """Fill the named slots of one template with random choices."""
    slots = _TEMPLATE_SLOTS.get(template)
    if slots is None:
        slots = tuple(dict.fromkeys(f for _, f, _, _ in Formatter().parse(template) if f))
        _TEMPLATE_SLOTS[template] = slots
    if not slots:
        return template
    values = {slot: _SLOTS[slot](rng) for slot in slots if slot not in ("other", "dx2")}
    # Slots that depend on another one: the opposite side, a second, different diagnosis.
    if "other" in slots:
        values["other"] = "left" if values["side"] == "right" else "right"
    if "dx2" in slots:
        values["dx2"] = rng.choice([d for d in DIAGNOSES if d != values["dx"]])
    return template.format(**values)


def _wrap(text: str, width: int = 78) -> str:
    """Break lines at about `width` characters, as MIMIC-CXR's text files do."""
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        if current and len(current) + len(word) >= width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    lines.append(current)
    return "\n".join(lines)


def _findings(rng: random.Random) -> tuple[list[str], list[str]]:
    """(findings sentences, impression sentences) for one study."""
    sentences: list[str] = []
    if rng.random() < 0.25:
        sentences += [_fill(t, rng) for t in rng.sample(DEVICES, rng.randint(1, 4))]
    kinds = rng.sample(FINDING_KINDS, rng.randint(1, 4)) if rng.random() < 0.6 else []
    if rng.random() < 0.02:  # the occasional very long report
        kinds += rng.choices(FINDING_KINDS, k=20)
    positives = [_fill(rng.choice(FINDINGS[kind]), rng) for kind in kinds]
    sentences += positives
    allowed = [sentence for denied, sentence in NORMALS if not denied.intersection(kinds)]
    sentences += rng.sample(allowed, min(len(allowed), rng.randint(4, 9)))
    if rng.random() < 0.4:
        sentences.append(rng.choice(COMPARISONS))
    impression = positives[:3] or [rng.choice(NORMAL_IMPRESSIONS)]
    return sentences, impression


def _impression_text(sentences: list[str], rng: random.Random) -> str:
    if len(sentences) > 1 and rng.random() < 0.5:
        return "\n".join(f"{i}. {s}" for i, s in enumerate(sentences, 1))
    return " ".join(sentences)


def _mimic_report(rng: random.Random) -> str:
    findings, impression = _findings(rng)
    header = (
        f"EXAMINATION: {rng.choice(EXAMS)}\n\n"
        f"INDICATION: ___ year old {rng.choice(('man', 'woman'))} with "
        f"{rng.choice(COMPLAINTS)}.{rng.choice(QUESTIONS)}\n\n"
        f"TECHNIQUE: {rng.choice(TECHNIQUES)}\n\n"
        f"COMPARISON: {rng.choice(PRIORS)}\n\n"
    )
    if rng.random() < 0.3:
        header = "FINAL REPORT\n" + header
    body = f"FINDINGS:\n\n{_wrap(' '.join(findings))}\n\n"
    if rng.random() < 0.85:
        body += f"IMPRESSION:\n\n{_impression_text(impression, rng)}\n"
    return header + body


def _openi_report(rng: random.Random) -> str:
    findings, impression = _findings(rng)
    return f"Findings: {' '.join(findings)}\nImpression: {' '.join(impression)}"


def _free_text_report(rng: random.Random) -> str:
    findings, impression = _findings(rng)
    if rng.random() < 0.3:
        return _impression_text(findings, rng)
    if impression[0] in NORMAL_IMPRESSIONS:
        findings.append(impression[0])
    return " ".join(findings)


def make_corpus(n: int = 50_000, seed: int = 0) -> list[str]:
    """`n` synthetic reports; the same (n, seed) always gives the same list."""
    if n < 0:
        raise ValueError(f"n must be >= 0, got {n}")
    rng = random.Random(seed)
    builders = (_mimic_report, _openi_report, _free_text_report)
    weights = (0.55, 0.2, 0.25)
    return [rng.choices(builders, weights)[0](rng) for _ in range(n)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=50_000, help="number of reports")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, required=True, help="CSV file to write")
    args = parser.parse_args(argv)
    if args.n < 0:
        parser.error("--n must be >= 0")
    reports = make_corpus(args.n, args.seed)
    # Write beside the target and rename, so an interrupted run leaves no half-written file.
    tmp = args.out.with_name(args.out.name + ".tmp")
    try:
        with tmp.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(["report_id", "report"])
            writer.writerows((f"synth{i:07d}", text) for i, text in enumerate(reports))
        tmp.replace(args.out)
    except OSError as error:
        tmp.unlink(missing_ok=True)
        print(f"error: cannot write {args.out}: {error.strerror}", file=sys.stderr)
        return 1
    print(f"wrote {len(reports)} reports to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
