"""Source of `hard_reports.csv`: the second, harder team-written evaluation set (issue 8).

Every report below was written for this set from radiology knowledge by an annotator who did not
read `labelaudit/rules/`, `labelaudit/labeler/`, `tests/labeler/`, `examples/` or the other report CSVs, and
never ran the labeler. No public report corpus was used.

Each entry is ``(text, labels)``. ``labels`` is a space-separated list of codes, each followed by
``+`` (1.0, present), ``0`` (0.0, absent) or ``?`` (-1.0, uncertain); an observation that is not
listed is blank. ``NF`` alone means No Finding = 1.0. Labels come from the IMPRESSION when the
report has one, otherwise FINDINGS, otherwise the whole text (see benchmarks/data/README.md).

Run ``python benchmarks/data/hard_reports_source.py`` to rewrite the CSV next to this file.
"""

# Report text is kept as typed (templates: one sentence per line), so some lines are long.
# ruff: noqa: E501

from __future__ import annotations

import math
import sys
import textwrap
from pathlib import Path

import pandas as pd

from labelaudit.observations import OBSERVATIONS

CODES: dict[str, str] = {
    "EC": "Enlarged Cardiomediastinum",
    "CM": "Cardiomegaly",
    "LL": "Lung Lesion",
    "LO": "Lung Opacity",
    "ED": "Edema",
    "CO": "Consolidation",
    "PN": "Pneumonia",
    "AT": "Atelectasis",
    "PX": "Pneumothorax",
    "EF": "Pleural Effusion",
    "PO": "Pleural Other",
    "FX": "Fracture",
    "SD": "Support Devices",
}
VALUES: dict[str, float] = {"+": 1.0, "0": 0.0, "?": -1.0}
CSV_PATH = Path(__file__).with_name("hard_reports.csv")
WRAP = 70  # MIMIC-like reports wrap mid-sentence at about this width

Entry = tuple[str, str]


def block(text: str) -> str:
    """A report typed as an indented triple-quoted string, without indent or outer blank lines."""
    return textwrap.dedent(text).strip("\n")


def _wrap(text: str) -> str:
    return textwrap.fill(
        " ".join(text.split()), width=WRAP, break_long_words=False, break_on_hyphens=False
    )


def mimic(
    indication: str,
    findings: str | None,
    impression: str | list[str] | None,
    *,
    exam: str = "CHEST (PA AND LAT)",
    technique: str = "Chest PA and lateral",
    comparison: str = "___",
) -> str:
    """A MIMIC-like structured report, each section wrapped at ~70 characters; a list impression
    is numbered."""
    parts = [
        "FINAL REPORT",
        _wrap(f"EXAMINATION:  {exam}"),
        _wrap(f"INDICATION:  {indication}"),
        _wrap(f"TECHNIQUE:  {technique}"),
        _wrap(f"COMPARISON:  {comparison}"),
    ]
    if findings is not None:
        parts.append("FINDINGS:\n" + _wrap(findings))
    if isinstance(impression, list):
        numbered = [_wrap(f"{n}. {item}") for n, item in enumerate(impression, 1)]
        parts.append("IMPRESSION:\n" + "\n".join(numbered))
    elif impression is not None:
        parts.append("IMPRESSION:\n" + _wrap(impression))
    return "\n\n".join(parts)


# ---------------------------------------------------------------------------------------------
# 1. Templated normals and near-normals: one sentence per line, long negated lists, one line
#    of the template edited for the abnormal finding.
# ---------------------------------------------------------------------------------------------
TEMPLATED: list[Entry] = [
    (
        block("""
        FINDINGS:
        The heart is normal in size.
        The mediastinal contours are within normal limits.
        Lungs are well inflated, with no evidence of focal consolidation, pleural effusion, or pneumothorax.
        No acute osseous abnormality.
        """),
        "CM0 EC0 CO0 EF0 PX0 NF",
    ),
    (
        block("""
        Heart size within normal limits.
        No focal airspace disease.
        No pleural effusion or pneumothorax.
        Bony thorax intact.
        """),
        "CM0 LO0 PX0 EF0 NF",
    ),
    (
        block("""
        FINDINGS:
        Cardiomediastinal silhouette is within normal limits.
        The lungs are clear of consolidation, effusion, or pneumothorax.
        Visualized osseous structures are unremarkable.

        IMPRESSION:
        No acute cardiopulmonary abnormality.
        """),
        "NF",
    ),
    (
        block("""
        FINDINGS:
        Normal cardiomediastinal silhouette.
        No pulmonary edema, pleural effusion, pneumothorax, suspicious nodule, or hilar lymphadenopathy.
        No acute osseous abnormality.
        """),
        "CM0 EC0 ED0 EF0 PX0 LL0 NF",
    ),
    (
        block("""
        FINDINGS:
        Heart size within normal limits.
        Mediastinal contours are normal.
        Patchy airspace disease in the right lower lobe.
        No pleural effusion or pneumothorax.
        Osseous structures are intact.
        """),
        "CM0 EC0 LO+ EF0 PX0",
    ),
    (
        block("""
        Heart size is normal.
        The mediastinum is unremarkable.
        There is no focal consolidation, pleural effusion, pulmonary mass, or pneumothorax.
        Mild degenerative changes of the thoracic spine.
        """),
        "CM0 EC0 CO0 EF0 LL0 PX0",
    ),
    (
        block("""
        FINDINGS:
        Heart size is at the upper limits of normal.
        No large pleural effusion, pneumothorax, or focal consolidation is identified.
        Low lung volumes.
        """),
        "CM0 EF0 PX0 CO0",
    ),
    (
        block("""
        IMPRESSION:
        No acute cardiopulmonary disease.
        Heart size within normal limits.
        No focal consolidation, effusion, or pneumothorax.
        """),
        "CM0 CO0 EF0 PX0 NF",
    ),
    (
        block("""
        PA and lateral views of the chest.
        Heart and mediastinum are within normal limits.
        Lungs are clear.
        No pleural effusion.
        No pneumothorax.
        Surgical clips in the left upper quadrant.
        """),
        "CM0 EC0 EF0 PX0 NF",
    ),
    (
        block("""
        FINDINGS:
        Heart size within normal limits.
        Stable mediastinal contours.
        Calcified granuloma in the right upper lobe.
        No focal airspace disease.
        No pleural effusion or pneumothorax.
        """),
        "CM0 EC? LO0 EF0 PX0",
    ),
    (
        block("""
        FINDINGS:
        Normal heart size.
        Normal mediastinal contours.
        Streaky left basilar opacity, likely atelectasis.
        No pleural effusion or pneumothorax.
        No acute osseous abnormality.
        """),
        "CM0 EC0 LO+ AT? EF0 PX0",
    ),
    (
        block("""
        Heart size within normal limits.
        Lungs are hyperinflated, consistent with COPD.
        No focal consolidation.
        No pneumothorax or pleural effusion.
        """),
        "CM0 CO0 PX0 EF0",
    ),
    (
        block("""
        FINDINGS:
        The cardiomediastinal silhouette is normal.
        The lungs are clear without focal consolidation, effusion, edema, or pneumothorax.
        ECG leads overlie the chest.
        """),
        "CM0 EC0 CO0 EF0 ED0 PX0 SD+ NF",
    ),
    (
        block("""
        IMPRESSION:
        1. No acute cardiopulmonary process.
        2. No focal consolidation, pleural effusion, pulmonary edema, or pneumothorax.
        """),
        "CO0 EF0 ED0 PX0 NF",
    ),
    (
        block("""
        FINDINGS:
        Heart size is mildly enlarged.
        Mediastinal contours are normal.
        No focal consolidation, pleural effusion, or pneumothorax.
        Osseous structures are intact.
        """),
        "CM+ EC0 CO0 EF0 PX0",
    ),
    (
        block("""
        FINDINGS:
        Heart size within normal limits.
        No focal airspace disease.
        Small left pleural effusion.
        No pneumothorax.
        Osseous structures intact.
        """),
        "CM0 LO0 EF+ PX0",
    ),
    (
        block("""
        Findings:
        Cardiac silhouette is normal in size.
        Mediastinal and hilar contours are unremarkable.
        Lungs are clear bilaterally.
        No pleural effusion, pneumothorax, or acute fracture.
        Impression:
        Normal chest radiograph.
        """),
        "NF",
    ),
    (
        block("""
        FINDINGS:
        The heart size is normal.
        The lungs are clear.
        There is no pleural effusion or pneumothorax.
        Right-sided Port-A-Cath with tip at the cavoatrial junction.
        """),
        "CM0 EF0 PX0 SD+ NF",
    ),
    (
        block("""
        FINDINGS:
        Heart size within normal limits.. Mediastinum normal.
        No focal consolidation or pneumothroax.
        No pleural effusion.
        """),
        "CM0 EC0 CO0 PX0 EF0 NF",
    ),
    (
        block("""
        FINDINGS:
        Heart size within normal limits.
        Mediastinal contours normal.
        Interstitial prominence at the lung bases.
        No pleural effusion or pneumothorax.
        """),
        "CM0 EC0 LO+ EF0 PX0",
    ),
    (
        block("""
        FINDINGS:
        Heart is normal in size.
        Aorta is tortuous.
        Lungs are clear.
        No effusion or pneumothorax.
        Degenerative changes of the spine.
        """),
        "CM0 EF0 PX0",
    ),
    (
        block("""
        Heart size normal.
        No focal consolidation, pleural effusion, pneumothorax, or pulmonary edema.
        Healed left sixth rib fracture.
        """),
        "CM0 CO0 EF0 PX0 ED0 FX+",
    ),
    (
        block("""
        FINDINGS:
        Heart size within normal limits.
        No focal airspace disease, pleural effusion, or pneumothorax.
        Bilateral nipple shadows.
        IMPRESSION:
        No acute cardiopulmonary process.
        """),
        "NF",
    ),
    (
        block("""
        Lungs are clear.
        Heart and mediastinum normal.
        No pleural effusion, pneumothorax, or free air under the diaphragm.
        """),
        "CM0 EC0 EF0 PX0 NF",
    ),
    (
        block("""
        FINDINGS:
        Heart size within normal limits.
        Mediastinal contours are normal.
        No focal consolidation.
        Trace right pleural effusion.
        No pneumothorax.
        """),
        "CM0 EC0 CO0 EF+ PX0",
    ),
    (
        block("""
        FINDINGS:
        Normal cardiomediastinal silhouette.
        Lungs are clear of focal opacity.
        No effusion or pneumothorax is seen.
        Cervical spine fusion hardware partially imaged.
        """),
        "CM0 EC0 LO0 EF0 PX0 SD+ NF",
    ),
    (
        block("""
        FINDINGS:
        Heart size is within normal limits.
        Mediastinal contours are normal.
        There is a 1.2 cm nodule in the right mid lung.
        No focal consolidation, pleural effusion, or pneumothorax.

        IMPRESSION:
        1.2 cm right mid lung nodule. Chest CT is recommended for further characterization.
        """),
        "LL+",
    ),
    (
        block("""
        Heart size normal.
        Mediastinum normal.
        Lungs clear.
        No effusoin or pneumothorax.
        """),
        "CM0 EC0 EF0 PX0 NF",
    ),
    (
        block("""
        FINDINGS:
        The heart is not enlarged.
        The mediastinum is not widened.
        No focal consolidation, pleural effusion, pneumothorax, or displaced rib fracture.
        """),
        "CM0 EC0 CO0 EF0 PX0 FX0 NF",
    ),
    (
        block("""
        FINDINGS:
        Heart size within normal limits.
        Mediastinal contours are normal.
        Mild bibasilar atelectasis.
        No pleural effusion or pneumothorax.
        """),
        "CM0 EC0 AT+ EF0 PX0",
    ),
    (
        block("""
        Heart size within normal limits.
        Mild pulmonary vascular congestion.
        No focal consolidation.
        No pleural effusion or pneumothorax.
        """),
        "CM0 ED? CO0 EF0 PX0",
    ),
    (
        block("""
        FINDINGS:
        Heart size is normal.
        Lungs are clear without evidence of focal consolidation, pleural effusion, pulmonary edema, or pneumothorax.
        Mild scoliosis of the thoracic spine.
        """),
        "CM0 CO0 EF0 ED0 PX0",
    ),
    (
        block("""
        FINDINGS:
        Heart size is normal.
        No focal airspace disease.
        No pleural effusion or pneumothorax.
        IMPRESSION:
        No acute cardiopulmonary abnormality. Small hiatal hernia.
        """),
        "",
    ),
    (
        block("""
        FINDINGS:
        Heart and mediastinum are normal and stable.
        No focal consolidation, pleural effusion, or pneumothorax.
        Left chest wall pacemaker with leads in the right atrium and right ventricle.
        """),
        "CM0 EC0 CO0 EF0 PX0 SD+ NF",
    ),
    (
        block("""
        Heart size within normal limits.
        Mediastinal contours normal.
        No focal consolidation,
        pleural effusion, or pneumothorax.
        Bony structures intact.
        """),
        "CM0 EC0 CO0 EF0 PX0 NF",
    ),
    (
        block("""
        FINDINGS:
        Heart size within normal limits.
        Mediastinal contours are normal.
        Right upper lobe consolidation.
        No pleural effusion or pneumothorax.
        IMPRESSION:
        Right upper lobe pneumonia.
        """),
        "PN+",
    ),
    (
        block("""
        FINDINGS:
        Heart size normal.
        Lungs clear.
        No pleural effusion or pneumothorax.
        Aortic knob calcification.
        """),
        "CM0 EF0 PX0",
    ),
    (
        block("""
        Normal heart size.
        Normal mediastinum.
        Lungs are free of focal consolidation, effusion, and pneumothorax.
        """),
        "CM0 EC0 CO0 EF0 PX0 NF",
    ),
    (
        block("""
        FINDINGS:
        Heart size within normal limits.
        Mediastinal contours are normal.
        Lungs are clear.
        Pleural thickening at the left apex.
        No pneumothorax.
        """),
        "CM0 EC0 PO+ PX0",
    ),
    (
        block("""
        FINDINGS:
        Heart size within normal limits.
        Mediastinal contours are within normal limits.
        There is no focal consolidation, no pleural effusion, and no pneumothorax.
        Spinal cord stimulator leads project over the lower thoracic spine.
        """),
        "CM0 EC0 CO0 EF0 PX0 SD+ NF",
    ),
    (
        block("""
        IMPRESSION:
        No radiographic evidence of acute cardiopulmonary disease.
        No focal consolidation, pneumothorax, pleural effusion, or pulmonary edema.
        Heart size within normal limits.
        """),
        "CO0 PX0 EF0 ED0 CM0 NF",
    ),
    (
        block("""
        FINDINGS:
        Heart size within normal limits.
        Mediastinal contours are normal.
        No focal airspace disease.
        Moderate right pleural effusion.
        No pneumothorax.
        Osseous structures intact.
        """),
        "CM0 EC0 LO0 EF+ PX0",
    ),
    (
        block("""
        Heart size upper limits of normal.
        Lungs clear.
        No pleural effusion or pneumothorax.
        """),
        "CM0 EF0 PX0 NF",
    ),
    (
        block("""
        FINDINGS:
        Heart size within normal limits.
        Emphysematous changes in the upper lobes.
        No focal consolidation, pleural effusion, or pneumothorax.
        """),
        "CM0 CO0 EF0 PX0",
    ),
    (
        block("""
        FINDINGS:
        Cardiomediastinal silhouette within normal limits.
        Lungs are clear. No pleural effusion or pneumothorax..
        Osseous structures intact.
        IMPRESSION:
        Normal chest.
        """),
        "NF",
    ),
    (
        block("""
        FINDINGS:
        Heart size within normal limits.
        Mediastinal contours are normal.
        Mild fibrotic change at the lung bases.
        No pleural effusion or pneumothorax.
        """),
        "CM0 EC0 LO+ EF0 PX0",
    ),
    (
        block("""
        Heart size within normal limits.
        No focal consolidation.
        Small bilateral pleural effusions.
        No pneumothorax.
        """),
        "CM0 CO0 EF+ PX0",
    ),
    (
        block("""
        FINDINGS:
        The heart is normal in size.
        Mediastinal contours are unremarkable.
        Right PICC with tip in the mid SVC.
        No focal consolidation, pleural effusion, or pneumothorax.
        IMPRESSION:
        Right PICC tip in the mid SVC. No acute cardiopulmonary process.
        """),
        "SD+ NF",
    ),
    (
        block("""
        FINDINGS:
        Heart size is within normal limits.
        Mediastinal contours are normal.
        No focal airspace disease.
        No pleural effusion or pneumothorax.
        Old healed fracture of the right clavicle.
        """),
        "CM0 EC0 LO0 EF0 PX0 FX+",
    ),
    (
        block("""
        FINDINGS:
        Heart size within normal limits.
        No focal consolidation, pleural effusion, or pneumothorax.
        Minimal biapical pleural thickening.
        IMPRESSION:
        No acute cardiopulmonary process. Minimal biapical pleural thickening.
        """),
        "PO+",
    ),
    (
        block("""
        Heart size within normal limits.
        No focal consolidation, pneumothorax, or effusion.
        Lungs are clear.
        Bones are intact.
        Sternotomy wires are intact.
        """),
        "CM0 CO0 PX0 EF0 NF",
    ),
    (
        block("""
        FINDINGS:
        Heart size within normal limits.
        Mediastinal contours are normal.
        No focal consolidation or pneumothorax.
        Blunting of the right costophrenic angle, which may represent a small effusion or pleural thickening.
        """),
        "CM0 EC0 CO0 PX0 EF? PO?",
    ),
    (
        block("""
        FINDINGS:
        Normal heart size.
        Mediastinal contours normal.
        No focal airspace opacity.
        No pleural effusion or pneumothorax.
        Mild S-shaped scoliosis.
        IMPRESSION:
        No acute cardiopulmonary process.
        """),
        "NF",
    ),
    (
        block("""
        Heart size within normal limits.
        Mediastinal contours are normal.
        Left lower lobe consolidation.
        Small left pleural effusion.
        No pneumothorax.
        """),
        "CM0 EC0 CO+ EF+ PX0",
    ),
    (
        block("""
        FINDINGS:
        The heart size is normal.
        The lungs are clear.
        No pleural effusion or pneumothorax.
        No acute bony abnormality.
        IMPRESSION:
        Negative chest radiograph.
        """),
        "NF",
    ),
    (
        block("""
        FINDINGS:
        Heart size within normal limits.
        Mediastinal contours are normal.
        No focal consolidation, pleural effusion, or pneumothorax.
        A left breast mass is partially imaged.
        """),
        "CM0 EC0 CO0 EF0 PX0",
    ),
    (
        block("""
        FINDINGS:
        Heart size within normal limits.
        Mediastinal contours are normal.
        No focal consolidation, pleural effusion, or pneumothorax.
        Opacity projecting over the left lateral seventh rib represents healed fracture callus.
        """),
        "CM0 EC0 CO0 EF0 PX0 FX+",
    ),
    (
        block("""
        FINDINGS:
        Heart size is within normal limits.
        Mediastinal contours are normal.
        Lungs are clear.
        No pleural effusion or pneumothorax.
        Right shoulder arthroplasty.
        """),
        "CM0 EC0 EF0 PX0 SD+ NF",
    ),
    (
        block("""
        Heart size within normal limits.
        Mediastinal contours normal.
        Increased interstitial markings bilaterally, which may reflect mild interstitial edema.
        No pleural effusion or pneumothorax.
        """),
        "CM0 EC0 LO+ ED? EF0 PX0",
    ),
    (
        block("""
        FINDINGS:
        Heart size within normal limits.
        Mediastinal contours are normal.
        No focal consolidation, pleural effusion, or pneumothorax.
        Multiple calcified granulomas.
        IMPRESSION:
        No acute cardiopulmonary process. Calcified granulomas from remote granulomatous disease.
        """),
        "",
    ),
    (
        block("""
        FINDINGS:
        Enlarged cardiac silhouette.
        No focal consolidation.
        No pleural effusion or pneumothorax.
        """),
        "CM+ CO0 EF0 PX0",
    ),
    (
        block("""
        Heart size normal.
        Right lower lobe opacity.
        No effusion.
        No pneumothorax.
        """),
        "CM0 LO+ EF0 PX0",
    ),
    (
        block("""
        FINDINGS:
        Heart size within normal limits.
        Mediastinal contours are normal.
        No focal consolidation, pleural effusion, or pneumothorax.
        Bilateral hilar lymphadenopathy, which may be related to sarcoidosis.
        """),
        "CM0 EC0 CO0 EF0 PX0",
    ),
    (
        block("""
        FINDINGS:
        Heart size within normal limits.
        Mediastinal contours normal.
        Pulmonary vascularity within normal limits.
        Lungs clear.
        No pleural effusion or pneumothorax.
        IMPRESSION:
        No acute disease.
        """),
        "NF",
    ),
    (
        block("""
        Heart size within normal limits.
        Lungs are clear.
        No pleural effusion.
        Tiny right apical pneumothorax.
        """),
        "CM0 EF0 PX+",
    ),
    (
        block("""
        IMPRESSION:
        No acute cardiopulmonary process.
        Normal heart size.
        Lungs are clear without focal consolidation, effusion or pneumothorax.
        Monitoring leads overlie the chest.
        """),
        "CM0 CO0 EF0 PX0 SD+ NF",
    ),
    (
        block("""
        FINDINGS:
        Mild cardiomegally.
        Mediastinal contours are normal.
        No focal consolidation, pleural effusion, or pneumothorax.
        """),
        "CM+ EC0 CO0 EF0 PX0",
    ),
    (
        block("""
        FINDINGS:
        Heart size within normal limits.
        Mediastinal contours are normal.
        Lungs are clear.
        No pleural effusion or pneumothorax.
        Mild degenerative changes of the spine.
        IMPRESSION:
        No acute cardiopulmonary process. Mild degenerative changes of the spine.
        """),
        "",
    ),
    (
        block("""
        Heart size within normal limits.
        No focal consolidation.
        Left basilar atelectsis.
        No pleural effusion or pneumothorax.
        """),
        "CM0 CO0 AT+ EF0 PX0",
    ),
    (
        block("""
        FINDINGS:
        Heart size within normal limits.
        Mediastinal contours are normal.
        Lungs are clear.
        Negative for pleural effusion or pneumothorax.
        """),
        "CM0 EC0 EF0 PX0 NF",
    ),
    (
        block("""
        FINDINGS:
        Heart size within normal limits.
        Mediastinal contours normal.
        Left upper lobe mass measuring approximately 4 cm.
        No pleural effusion or pneumothorax.
        IMPRESSION:
        Left upper lobe mass, suspicious for malignancy. CT chest recommended.
        """),
        "LL+",
    ),
    (
        block("""
        Heart size normal.
        Mediastinal contours normal.
        Lungs are clear.
        No pneumothorax.
        No pleural effusion.
        Right IJ central venous catheter tip at the cavoatrial junction.
        """),
        "CM0 EC0 PX0 EF0 SD+ NF",
    ),
    (
        block("""
        FINDINGS:
        Low lung volumes.
        Heart size is within normal limits given technique.
        No focal consolidation, pleural effusion, or pneumothorax.
        """),
        "CM0 CO0 EF0 PX0",
    ),
    (
        block("""
        FINDINGS:
        Heart size within normal limits.
        Mediastinal contours are normal.
        Lungs are clear.
        No pleural effusion or pneumothorax.
        IMPRESSION:
        No active disease in the chest.
        """),
        "NF",
    ),
    (
        block("""
        FINDINGS:
        Heart size within normal limits.
        Mediastinal contours normal.
        No focal airspace disease.
        No pleural effusion.
        Small left pneumothorax.
        IMPRESSION:
        Small left pneumothorax.
        """),
        "PX+",
    ),
    (
        block("""
        Heart size within normal limits.
        Widened mediastinum.
        Lungs are clear.
        No pleural effusion or pneumothorax.
        """),
        "CM0 EC+ EF0 PX0",
    ),
    (
        block("""
        FINDINGS:
        The heart is normal in size.
        The mediastinum is normal.
        The lungs are clear.
        There is no pleural effusion or pneumothorax.
        Prosthetic aortic valve. Sternotomy wires.
        """),
        "CM0 EC0 EF0 PX0 SD+ NF",
    ),
    (
        block("""
        Heart size within normal limits.
        Mediastinal contours are normal.
        No focal consolidation.
        No pleural effusion or pneumothorax.
        Right upper lobe calcified granuloma.
        """),
        "CM0 EC0 CO0 EF0 PX0",
    ),
    (
        block("""
        FINDINGS:
        Heart size within normal limits.
        Mediastinal contours are normal.
        Diffuse bilateral interstitial opacities.
        No pleural effusion or pneumothorax.
        IMPRESSION:
        Diffuse bilateral interstitial opacities, which may represent atypical infection or interstitial edema.
        """),
        "LO+ PN? ED?",
    ),
    (
        block("""
        Normal cardiomediastinal silhouette.
        No focal consolidation, pneumothorax, or pleural effusion.
        Mild hyperinflation.
        """),
        "CM0 EC0 CO0 PX0 EF0",
    ),
    (
        block("""
        FINDINGS:
        Heart size within normal limits.
        Mediastinal contours are normal.
        Lungs are clear.
        No pleural effusion or pneumothorax.
        Left humeral fixation hardware.
        """),
        "CM0 EC0 EF0 PX0 SD+ NF",
    ),
    (
        block("""
        Heart size within normal limits.
        Mediastinal contours are normal.
        No focal consolidation, pleural effusion or pneumothorax.
        Nondisplaced fracture of the right eighth rib.
        """),
        "CM0 EC0 CO0 EF0 PX0 FX+",
    ),
    (
        block("""
        FINDINGS:
        Heart size is within normal.
        Lungs are clear.
        No pleural effusion or pneumothorax.
        Ectatic thoracic aorta.
        Old deformity of the right fifth rib.
        """),
        "CM0 EF0 PX0",
    ),
    (
        block("""
        FINDINGS:
        Cardiac enlargement.
        There is small left pleural effusion.
        No focal consolidation or pneumothorax.
        """),
        "CM+ EF+ CO0 PX0",
    ),
    (
        block("""
        FINDINGS:
        Heart size within normal limits.
        Lungs are clear.
        No pleural effusion, pleural thickening, or pneumothorax.
        """),
        "CM0 EF0 PO0 PX0 NF",
    ),
]

# ---------------------------------------------------------------------------------------------
# 2. MIMIC-like full structured reports: ___ de-identification, wrapped at ~70 characters,
#    numbered impressions; the INDICATION is never labeled.
# ---------------------------------------------------------------------------------------------
PORTABLE = {"exam": "CHEST (PORTABLE AP)", "technique": "Portable AP chest radiograph"}

MIMIC: list[Entry] = [
    (
        mimic(
            "___ year old woman with cough and fever, evaluate for pneumonia",
            "The lungs are well expanded. There is a focal opacity in the right lower lobe which "
            "obscures the right hemidiaphragm. No pleural effusion or pneumothorax. The "
            "cardiomediastinal silhouette is normal.",
            "Right lower lobe opacity, concerning for pneumonia.",
        ),
        "LO+ PN?",
    ),
    (
        mimic(
            "___ year old man intubated for respiratory failure, evaluate ET tube position",
            "Endotracheal tube terminates approximately 4 cm above the carina. Enteric tube courses "
            "below the diaphragm with the tip out of view. Right internal jugular central venous "
            "catheter terminates in the mid SVC. Lung volumes are low. Bibasilar opacities likely "
            "reflect atelectasis. No pneumothorax. Heart size is difficult to assess.",
            [
                "Endotracheal tube in appropriate position.",
                "Bibasilar opacities, likely atelectasis.",
                "No pneumothorax.",
            ],
            **PORTABLE,
        ),
        "SD+ LO+ AT? PX0",
    ),
    (
        mimic(
            "___ year old woman with chest pain, rule out acute process",
            "The heart size is normal. The mediastinal and hilar contours are unremarkable. The "
            "lungs are clear without focal consolidation. No pleural effusion or pneumothorax is "
            "seen. There is no acute osseous abnormality.",
            "No acute cardiopulmonary process.",
            comparison="None.",
        ),
        "NF",
    ),
    (
        mimic(
            "___ year old man with dyspnea and history of CHF",
            "Moderate cardiomegaly is unchanged. There is mild pulmonary vascular congestion with "
            "new interstitial edema. Small bilateral pleural effusions have increased. No "
            "pneumothorax.",
            [
                "Mild interstitial pulmonary edema.",
                "Small bilateral pleural effusions, increased.",
                "Stable moderate cardiomegaly.",
            ],
            comparison="Chest radiograph from ___",
        ),
        "ED+ EF+ CM+",
    ),
    (
        mimic(
            "___ year old woman with palpitations",
            "Heart size is normal. Mediastinal contours are unchanged. Lungs are clear. No "
            "effusion or pneumothorax.",
            "Heart and mediastinal contours are normal and stable. No acute cardiopulmonary "
            "process.",
        ),
        "CM0 EC0 NF",
    ),
    (
        mimic(
            "___ year old man with hypertension, follow-up",
            "The heart and mediastinum are stable in appearance. The lungs are clear. No pleural "
            "effusion.",
            ["Stable appearance of the heart and mediastinum.", "No focal consolidation."],
        ),
        "CM? EC? CO0",
    ),
    (
        mimic(
            "___ status post CT-guided biopsy of left upper lobe nodule, evaluate for pneumothorax",
            "There is a small left apical pneumothorax measuring approximately 1 cm. The known "
            "left upper lobe nodule is again seen. No pleural effusion.",
            ["Small left apical pneumothorax.", "Left upper lobe nodule again seen."],
            comparison="CT-guided biopsy images from earlier the same day.",
        ),
        "PX+ LL+",
    ),
    (
        mimic(
            "___ year old woman with shortness of breath",
            "There is a moderate right pleural effusion with adjacent opacity at the right base. "
            "The left lung is clear. The heart size is normal.",
            "Moderate right pleural effusion with adjacent compressive atelectasis. Underlying "
            "consolidation cannot be excluded.",
        ),
        "EF+ AT+ CO?",
    ),
    (
        mimic(
            "___ year old man with new left PICC",
            "Left upper extremity PICC terminates at the cavoatrial junction. Lungs are clear. No "
            "pneumothorax. Heart size is normal.",
            "Left PICC terminates at the cavoatrial junction. No pneumothorax.",
            **PORTABLE,
        ),
        "SD+ PX0 NF",
    ),
    (
        mimic(
            "___ year old woman with abdominal pain, evaluate for free air",
            "PA and lateral views of the chest provided. There is no focal consolidation, "
            "effusion, or pneumothorax. The cardiomediastinal silhouette is normal. Imaged "
            "osseous structures are intact. No free air below the right hemidiaphragm is seen.",
            None,
        ),
        "CO0 EF0 PX0 CM0 EC0 NF",
    ),
    (
        mimic(
            "___ year old man, smoker, with chronic cough",
            "The lungs are hyperinflated with flattening of the diaphragms. No focal "
            "consolidation. The heart is normal in size.",
            "Hyperinflated lungs compatible with COPD. No acute process.",
        ),
        "",
    ),
    (
        mimic(
            "___ year old man after fall from ladder",
            "Acute fractures of the left seventh and eighth ribs laterally. No pneumothorax. "
            "Small left pleural effusion, possibly hemothorax. Heart size normal.",
            [
                "Acute left seventh and eighth rib fractures.",
                "Small left pleural effusion. No pneumothorax.",
            ],
        ),
        "FX+ EF+ PX0",
    ),
    (
        mimic(
            "___ year old woman with fever after stroke",
            "There is patchy opacity in the left lower lobe. Small left pleural effusion. Heart "
            "size is normal.",
            [
                "Left basilar opacity, which could be atelectasis; aspiration or pneumonia is "
                "not excluded.",
                "Small left effusion.",
            ],
        ),
        "LO+ AT? PN? EF+",
    ),
    (
        mimic(
            "___ year old man with CHF exacerbation, follow-up",
            "Pulmonary edema has improved since ___. A small right pleural effusion persists. "
            "Cardiomegaly is unchanged.",
            "Interval improvement in pulmonary edema. Persistent small right pleural effusion.",
            **PORTABLE,
        ),
        "ED+ EF+",
    ),
    (
        mimic(
            "___ year old woman with pneumonia, follow-up after antibiotics",
            "The previously seen right lower lobe consolidation has resolved. The lungs are now "
            "clear. Heart size is normal. No effusion.",
            "Right lower lobe consolidation has resolved. Lungs are now clear.",
        ),
        "CO0 NF",
    ),
    (
        mimic(
            "___ year old man with weight loss and hemoptysis",
            "There is a 3.5 cm spiculated mass in the right upper lobe. Right paratracheal "
            "fullness is noted. No pleural effusion. Heart size normal.",
            [
                "Right upper lobe spiculated mass, highly suspicious for primary lung malignancy.",
                "Right paratracheal fullness, possibly lymphadenopathy.",
                "Recommend CT of the chest for further evaluation.",
            ],
        ),
        "LL+ EC+",
    ),
    (
        mimic(
            "___ year old woman with pacemaker, preoperative",
            "Left-sided dual-chamber pacemaker with leads in the right atrium and right "
            "ventricle. The heart is enlarged, as before. Lungs are clear.",
            "Stable cardiomegaly. Left-sided dual-chamber pacemaker with leads in unchanged "
            "position. No acute process.",
        ),
        "CM+ SD+",
    ),
    (
        mimic(
            "___ year old man intubated, evaluate tube position",
            "The endotracheal tube tip is at the level of the carina. The nasogastric tube tip is "
            "in the stomach. There is complete opacification of the left lower lobe with volume "
            "loss.",
            "Endotracheal tube tip at the level of the carina; recommend withdrawal by 2 to 3 cm. "
            "Nasogastric tube tip in the stomach. Left lower lobe collapse.",
            **PORTABLE,
        ),
        "SD+ AT+",
    ),
    (
        mimic(
            "___ year old man with fever and hypoxia",
            "Multifocal consolidations are present in both lungs, most extensive in the left lower "
            "lobe. No pneumothorax.",
            "Multifocal pneumonia, worse in the left lower lobe compared to ___.",
        ),
        "PN+",
    ),
    (
        mimic(
            "___ year old woman with empyema, follow-up",
            "A loculated right pleural effusion is slightly smaller. There is pleural thickening "
            "along the right base. Left lung clear.",
            "Loculated right pleural effusion, slightly decreased. Right basilar pleural "
            "thickening.",
        ),
        "EF+ PO+",
    ),
    (
        mimic(
            "___ year old man after motor vehicle collision",
            "Supine portable radiograph. The mediastinum measures 9 cm at the level of the aortic "
            "arch. Lungs are clear. No pneumothorax.",
            "Mediastinal widening. Mediastinal hematoma cannot be excluded; CT is recommended.",
            exam="CHEST (PORTABLE AP)",
            technique="Supine portable AP chest radiograph",
        ),
        "EC+",
    ),
    (
        mimic(
            "___ year old man status post CABG",
            "Median sternotomy wires and mediastinal clips. Left chest tube in place. Small left "
            "apical pneumothorax. Bibasilar atelectasis. Mild pulmonary edema.",
            [
                "Small left apical pneumothorax with left chest tube in place.",
                "Bibasilar atelectasis.",
                "Mild pulmonary edema.",
            ],
            **PORTABLE,
        ),
        "PX+ SD+ AT+ ED+",
    ),
    (
        mimic(
            "___ year old woman with rib pain after a fall ___ weeks ago",
            "Heart size is normal. The mediastinal contours are within normal limits. The lungs "
            "are well expanded and there is no evidence of focal consolidation, pleural effusion, "
            "pulmonary edema, or pneumothorax. Multiple old healed left rib fractures are noted.",
            None,
        ),
        "CM0 EC0 CO0 EF0 ED0 PX0 FX+",
    ),
    (
        mimic(
            "___ year old man with known pulmonary fibrosis, worsening dyspnea",
            "Bilateral reticular opacities with lower lobe predominance are similar to ___. No "
            "focal consolidation.",
            "Chronic bilateral reticular opacities with lower lobe predominance, consistent with "
            "known pulmonary fibrosis. No superimposed consolidation.",
        ),
        "LO+ CO0",
    ),
    (
        mimic(
            "___ year old woman with cough",
            "There is a possible 8 mm nodule projecting over the left mid lung. Lungs are "
            "otherwise clear.",
            "Possible 8 mm nodule projecting over the left mid lung, which may be a nipple "
            "shadow. Repeat PA view with nipple markers recommended.",
        ),
        "LL?",
    ),
    (
        mimic(
            "___ year old man with chest pain",
            "The thoracic aorta is tortuous with calcification of the arch. Lungs are clear. No "
            "effusion.",
            "No acute cardiopulmonary process. Tortuous and calcified thoracic aorta.",
        ),
        "",
    ),
    (
        mimic(
            "___ year old man with left pneumothorax treated with chest tube",
            "Left chest tube remains in place. There is no residual pneumothorax. Mild left "
            "basilar atelectasis.",
            "Left chest tube remains in place. No residual pneumothorax. Mild left basilar "
            "atelectasis.",
            **PORTABLE,
        ),
        "SD+ PX0 AT+",
    ),
    (
        mimic(
            "___ year old woman on chemotherapy with new dyspnea",
            "Bilateral perihilar opacities are new since ___. No pleural effusion.",
            "Bilateral perihilar opacities, which in the setting of recent chemotherapy could "
            "represent drug-related pneumonitis.",
        ),
        "LO+ PN?",
    ),
    (
        mimic(
            "___ year old woman with sarcoidosis",
            "Bilateral hilar lymphadenopathy is unchanged. No focal consolidation or effusion.",
            "Bilateral hilar lymphadenopathy consistent with known sarcoidosis. No focal "
            "consolidation or effusion.",
        ),
        "CO0 EF0",
    ),
    (
        mimic(
            "___ year old man with syncope",
            "The lungs are clear. Cardiac and mediastinal silhouettes are normal. There is a small "
            "calcified granuloma in the left lower lobe. There is no pneumothorax. Degenerative "
            "changes are seen in the thoracic spine.",
            "No acute intrathoracic process.",
        ),
        "NF",
    ),
    (
        mimic(
            "___ year old man in the ICU, line placement",
            "Swan-Ganz catheter tip in the right pulmonary artery. Endotracheal and nasogastric "
            "tubes in standard position. Mild cardiomegaly and small bilateral effusions.",
            "Swan-Ganz catheter tip in the right pulmonary artery. Endotracheal tube and "
            "nasogastric tube in standard position. Stable mild cardiomegaly and small bilateral "
            "pleural effusions. No pneumothorax.",
            **PORTABLE,
        ),
        "SD+ CM+ EF+ PX0",
    ),
    (
        mimic(
            "___ year old woman with cough and leukocytosis",
            "There is an opacity in the right middle lobe. The heart size is normal.",
            "Right middle lobe opacity, atelectasis versus pneumonia.",
        ),
        "LO+ AT? PN?",
    ),
    (
        mimic(
            "___ year old man with acute hypoxic respiratory failure",
            "Diffuse bilateral airspace opacities. Heart size is normal. No large effusion.",
            "Diffuse bilateral airspace opacities. Differential includes pulmonary edema, "
            "infection, or ARDS.",
            **PORTABLE,
        ),
        "LO+ ED? PN?",
    ),
    (
        mimic(
            "___ year old man, former shipyard worker",
            "Calcified pleural plaques along both hemidiaphragms and the left lateral chest wall. "
            "No focal consolidation.",
            [
                "Stable chronic left pleural thickening and calcified pleural plaques, consistent "
                "with prior asbestos exposure.",
                "No acute process.",
            ],
        ),
        "PO+",
    ),
    (
        mimic(
            "___ year old woman with dyspnea",
            "Compared to prior radiograph from ___, there is a new small right pleural effusion. "
            "The heart size is unchanged. Lungs are otherwise clear. No pneumothorax.",
            None,
        ),
        "EF+ CM? PX0",
    ),
    (
        mimic(
            "___ year old woman with epigastric pain",
            "A large retrocardiac soft tissue density with an air-fluid level is seen. Lungs are "
            "clear.",
            "Large hiatal hernia. Otherwise no acute cardiopulmonary abnormality.",
        ),
        "",
    ),
    (
        mimic(
            "___ year old man with tracheostomy and fever",
            "Tracheostomy tube in standard position. Right lower lobe consolidation persists. No "
            "pneumothorax.",
            "Tracheostomy tube in standard position. Persistent right lower lobe consolidation. "
            "No pneumothorax.",
            **PORTABLE,
        ),
        "SD+ CO+ PX0",
    ),
    (
        mimic(
            "___ year old woman with recurrent infections",
            "Tram-track opacities in both lower lobes. No focal consolidation.",
            "Bronchiectasis and bronchial wall thickening in the lower lobes, unchanged. No focal "
            "consolidation.",
        ),
        "LO+ CO0",
    ),
    (
        mimic(
            "___ year old man, recent immigrant, with cough and night sweats",
            "There is a thick-walled cavitary lesion in the right upper lobe measuring 3 cm.",
            "Cavitary lesion in the right upper lobe. Given the clinical history, reactivation "
            "tuberculosis is a consideration.",
        ),
        "LL+",
    ),
    (
        mimic(
            "___ year old woman postoperative day 1",
            "Lung volumes are low. Mild bibasilar atelectasis. No focal consolidation. No "
            "effusion.",
            "Low lung volumes with mild bibasilar atelectasis. No focal consolidation.",
            **PORTABLE,
        ),
        "AT+ CO0",
    ),
    (
        mimic(
            "___ year old man with asthma exacerbation and chest pain",
            "There is a small amount of pneumomediastinum tracking into the neck. No pneumothorax. "
            "Lungs are clear.",
            "Small amount of pneumomediastinum. No pneumothorax.",
        ),
        "PX0",
    ),
    (
        mimic(
            "___ year old woman with dyspnea and low voltage on ECG",
            "On the lateral view, the epicardial fat is separated from the pericardial fat. No "
            "pleural effusion. Lungs are clear.",
            "Pericardial effusion suggested by separation of the epicardial fat pad on the "
            "lateral view. No pleural effusion.",
        ),
        "EF0",
    ),
    (
        mimic(
            "___ year old man with right effusion, status post thoracentesis",
            "Right PICC tip in the lower SVC. The right pleural effusion is no longer seen. No "
            "pneumothorax.",
            "Right pleural effusion has resolved. Right PICC tip in the lower SVC.",
        ),
        "EF0 SD+ NF",
    ),
    (
        mimic(
            "___ year old woman with fever",
            "Small calcified granuloma in the left upper lobe. Consolidation in the left lower "
            "lobe with a small left effusion.",
            "Left lower lobe consolidation and small left pleural effusion.",
        ),
        "CO+ EF+",
    ),
    (
        mimic(
            "___ year old man with renal failure, new dialysis line",
            "Interval placement of a left internal jugular dual-lumen dialysis catheter with tip "
            "in the right atrium. Small left effusion is unchanged.",
            "Interval placement of a left internal jugular dialysis catheter with tip in the right "
            "atrium. No pneumothorax. Unchanged small left effusion.",
            **PORTABLE,
        ),
        "SD+ PX0 EF+",
    ),
    (
        mimic(
            "___ year old man with chest pain after central line attempt",
            "Lungs are clear. No focal consolidation. A thin line at the right apex may represent "
            "a pleural edge.",
            "No focal consolidation. Small right apical pneumothorax cannot be excluded; an "
            "expiratory view could be obtained.",
        ),
        "CO0 PX?",
    ),
    (
        mimic(
            "___ year old woman with dyspnea on exertion",
            "Frontal and lateral views of the chest were obtained. There is mild enlargement of "
            "the cardiac silhouette. Hilar contours are prominent, suggestive of pulmonary "
            "arterial hypertension. No focal consolidation, effusion, or pneumothorax.",
            None,
        ),
        "CM+ CO0 EF0 PX0",
    ),
    (
        mimic(
            "___ year old man, heavy smoker",
            "Hyperinflated lungs with upper lobe lucency. A new 1.5 cm nodule in the left lower "
            "lobe.",
            ["Emphysema.", "New 1.5 cm left lower lobe nodule; CT recommended."],
        ),
        "LL+",
    ),
    (
        mimic(
            "___ year old woman, follow-up atelectasis",
            "Aeration at the left base has improved with minimal residual atelectasis.",
            "Improved aeration at the left base with minimal residual atelectasis.",
            **PORTABLE,
        ),
        "AT+",
    ),
    (
        mimic(
            "___ year old man with CHF, diuresed",
            "Pulmonary edema has resolved. The heart remains mildly enlarged. No effusions.",
            "Resolution of pulmonary edema. Heart size remains mildly enlarged. No pleural "
            "effusions.",
        ),
        "ED0 CM+ EF0",
    ),
    (
        mimic(
            "___ year old man intubated after cardiac arrest",
            "Endotracheal tube 5 cm above the carina. New retrocardiac consolidation. No "
            "pneumothorax.",
            [
                "Endotracheal tube 5 cm above the carina.",
                "New left retrocardiac consolidation, concerning for aspiration or pneumonia.",
                "No pneumothorax.",
            ],
            **PORTABLE,
        ),
        "SD+ CO+ PN? PX0",
    ),
    (
        mimic(
            "___ year old woman on chemotherapy, port check",
            "AP upright portable view of the chest. Lungs are clear. There is no pleural effusion "
            "or pneumothorax. Cardiomediastinal silhouette is unremarkable. Left chest wall port "
            "with catheter tip in the low SVC.",
            None,
            **PORTABLE,
        ),
        "EF0 PX0 CM0 EC0 SD+ NF",
    ),
    (
        mimic(
            "___ year old man with sudden dyspnea",
            "Large right pneumothorax with collapse of the right lung and leftward mediastinal "
            "shift.",
            "Large right pneumothorax, increased from ___, with leftward mediastinal shift "
            "concerning for tension. Findings discussed with Dr. ___ at ___.",
        ),
        "PX+",
    ),
    (
        mimic(
            "___ year old woman with interstitial lung disease and fever",
            "Chronic reticular opacities at both bases. Slightly increased opacity in the right "
            "lower lobe.",
            "Chronic interstitial lung disease. Superimposed infection in the right lower lobe is "
            "not excluded.",
        ),
        "LO+ PN?",
    ),
    (
        mimic(
            "___ year old man with fever and productive cough",
            "Heart size is normal. Lungs are clear. No effusion.",
            "No acute cardiopulmonary process. Specifically, no evidence of pneumonia, pulmonary "
            "edema, or pleural effusion.",
        ),
        "PN0 ED0 EF0 NF",
    ),
    (
        mimic(
            "___ year old woman with orthopnea",
            "Cardiomegaly. Perihilar haziness and septal lines. Small bilateral effusions.",
            "Cardiomegaly with mild pulmonary edema and small bilateral effusions, consistent with "
            "congestive heart failure.",
        ),
        "CM+ ED+ EF+",
    ),
    (
        mimic(
            "___ year old man in the ICU",
            "Lines and tubes are unchanged. Small bilateral effusions and bibasilar atelectasis "
            "are stable.",
            "Unchanged position of lines and tubes. Stable small bilateral pleural effusions and "
            "bibasilar atelectasis.",
            **PORTABLE,
        ),
        "SD+ EF+ AT+",
    ),
    (
        mimic(
            "___ year old woman with cough",
            "There is a linear opacity in the lingula. The lungs are otherwise clear.",
            "Linear opacity in the lingula, likely scarring or atelectasis.",
        ),
        "LO+ AT?",
    ),
    (
        mimic(
            "___ year old man, preoperative evaluation",
            "Heart size is at the upper limits of normal. Mediastinal contours are stable. There "
            "is minimal left basilar atelectasis. No pneumothorax.",
            None,
        ),
        "CM0 EC? AT+ PX0",
    ),
    (
        mimic(
            "___ year old woman with history of lung cancer status post right upper lobectomy",
            "Postsurgical changes of right upper lobectomy. No pleural effusion. Heart normal.",
            "No acute cardiopulmonary process. Unchanged appearance of right upper lobectomy.",
        ),
        "",
    ),
    (
        mimic(
            "___ year old man with ICD and fever",
            "Left-sided ICD with lead in the right ventricle. Consolidation in the right lower "
            "lobe.",
            "Left-sided ICD in place. Right lower lobe pneumonia.",
        ),
        "SD+ PN+",
    ),
    (
        mimic(
            "___ year old woman with left chest pain",
            "Blunting of the left costophrenic angle.",
            "Small left pleural effusion or pleural thickening.",
        ),
        "EF? PO?",
    ),
    (
        mimic(
            "___ year old man with leg swelling",
            "Mild pulmonary vascular congestion. No focal consolidation. Heart size normal.",
            "Mild pulmonary vascular congestion. No focal consolidation.",
        ),
        "ED? CO0",
    ),
    (
        mimic(
            "___ year old woman, right subclavian line placed",
            "Right subclavian central venous catheter tip in the upper SVC. No pneumothorax. Lungs "
            "clear.",
            "Right subclavian central venous catheter tip in the upper SVC. No pneumothorax.",
            **PORTABLE,
        ),
        "SD+ PX0 NF",
    ),
    (
        mimic(
            "___ year old man with melanoma and chest wall swelling",
            "Soft tissue mass along the left lateral chest wall with destruction of the adjacent "
            "sixth rib. Lungs are clear.",
            "Soft tissue mass along the left lateral chest wall with destruction of the adjacent "
            "sixth rib, concerning for metastatic disease. Lungs are clear.",
        ),
        "",
    ),
    (
        mimic(
            "___ year old woman with neck swelling",
            "There is rightward deviation of the trachea at the thoracic inlet by an enlarged "
            "thyroid gland. Lungs clear.",
            "Rightward tracheal deviation by an enlarged thyroid gland. No acute cardiopulmonary "
            "process.",
        ),
        "",
    ),
    (
        mimic(
            "___ year old man with remote empyema",
            "Dense calcification along the left lateral pleura, unchanged. Lungs are clear. Heart "
            "size is normal.",
            "Left pleural calcification, unchanged. No acute cardiopulmonary process.",
        ),
        "",
    ),
]

# ---------------------------------------------------------------------------------------------
# 3. Open-i-like de-identified reports: XXXX replaces words, including inside hedges and
#    negations.
# ---------------------------------------------------------------------------------------------
OPENI: list[Entry] = [
    (
        "INDICATION: XXXX-year-old female with chest pain.\n"
        "FINDINGS: The heart is normal in size. The mediastinum is unremarkable. The lungs are "
        "clear.\n"
        "IMPRESSION: No acute disease.",
        "NF",
    ),
    (
        "COMPARISON: XXXX.\n"
        "FINDINGS: The cardiomediastinal silhouette is within normal limits for size and contour. "
        "The lungs are normally inflated without evidence of focal airspace disease, pleural "
        "effusion, or pneumothorax. Stable calcified granuloma in the right upper lung. Osseous "
        "structures are within normal limits for patient age.\n"
        "IMPRESSION: 1. No acute radiographic cardiopulmonary process.",
        "NF",
    ),
    (
        "FINDINGS: Heart size and mediastinal contour are normal. Lungs are clear. No pleural "
        "effusions or pneumothoraces. XXXX degenerative changes of the thoracic spine.",
        "CM0 EC0 EF0 PX0",
    ),
    (
        "FINDINGS: There are XXXX opacities in the left lung base, most XXXX representing "
        "atelectasis. Heart size is normal. No pneumothorax or large effusion.\n"
        "IMPRESSION: Left basilar opacities, most XXXX representing atelectasis.",
        "LO+ AT?",
    ),
    (
        "FINDINGS: Heart size normal. Lungs are clear. XXXX are normal. No pneumothorax. No "
        "pleural effusion.\n"
        "IMPRESSION: Negative chest x-XXXX.",
        "NF",
    ),
    (
        "FINDINGS: The heart size is mildly enlarged. There is no pneumothorax or pleural "
        "effusion. There is XXXX opacity at the right lung base.\n"
        "IMPRESSION: 1. Mild cardiomegaly. 2. Right basilar XXXX opacity, which may represent "
        "atelectasis or infiltrate.",
        "CM+ LO+ AT?",
    ),
    (
        "FINDINGS: Heart size within normal limits. No focal alveolar consolidation, no definite "
        "pleural effusion seen. No typical findings of pulmonary edema.\n"
        "IMPRESSION: No acute cardiopulmonary abnormality.",
        "NF",
    ),
    (
        "FINDINGS: Cardiomediastinal silhouette is normal. Pulmonary vasculature and interstitium "
        "are normal. Lungs are clear. No pneumothorax or pleural effusion. Status post XXXX "
        "XXXX.\n"
        "IMPRESSION: No active cardiopulmonary disease.",
        "NF",
    ),
    (
        "FINDINGS: The heart is top normal in size. There are low lung volumes with "
        "bronchovascular crowding. There is a right-sided XXXX. A pneumothorax is not XXXX seen.\n"
        "IMPRESSION: 1. Low lung volumes. No pneumothorax.",
        "PX0",
    ),
    (
        "FINDINGS: There is a large right pleural effusion with adjacent airspace opacity. The left "
        "lung is clear. Heart size difficult to assess.\n"
        "IMPRESSION: Large right pleural effusion with adjacent airspace disease, atelectasis "
        "versus pneumonia.",
        "EF+ LO+ AT? PN?",
    ),
    (
        "FINDINGS: Normal heart size. Calcified right hilar lymph XXXX. Calcified granulomas in "
        "the left upper lobe. No consolidation or effusion.\n"
        "IMPRESSION: No acute disease. Old granulomatous disease.",
        "",
    ),
    (
        "FINDINGS: Lungs are hyperexpanded. Heart size normal. No focal consolidation.\n"
        "IMPRESSION: Hyperexpanded lungs consistent with emphysema. No acute cardiopulmonary "
        "findings.",
        "",
    ),
    (
        "FINDINGS: The heart is enlarged. Pulmonary vascularity is increased. There is "
        "interstitial edema and small bilateral effusions.\n"
        "IMPRESSION: Cardiomegaly with interstitial edema and small bilateral effusions. Findings "
        "XXXX congestive heart failure.",
        "CM+ ED+ EF+",
    ),
    (
        "FINDINGS: Heart size normal. There is a XXXX nodule in the right upper lobe measuring 1 "
        "cm. No pleural effusion.\n"
        "IMPRESSION: 1 cm right upper lobe nodule. Recommend CT for further characterization.",
        "LL+",
    ),
    (
        "FINDINGS: No focal consolidation, pneumothorax, or large pleural effusion. XXXX are "
        "intact. Heart size within normal limits. Calcified aorta.",
        "CO0 PX0 EF0 CM0",
    ),
    (
        "FINDINGS: Right IJ catheter tip in the XXXX. No pneumothorax. Lungs clear.\n"
        "IMPRESSION: Right IJ catheter XXXX in the SVC. No pneumothorax.",
        "SD+ PX0 NF",
    ),
    (
        "FINDINGS: Heart size normal. Lungs are clear. No effusion or pneumothorax. Mild "
        "dextroconvex scoliosis of the XXXX spine.\n"
        "IMPRESSION: 1. Mild dextroconvex XXXX scoliosis. 2. No acute cardiopulmonary abnormality.",
        "",
    ),
    (
        "FINDINGS: The cardiac contours are normal. XXXX pleural thickening at the left "
        "costophrenic angle. No pneumothorax.\n"
        "IMPRESSION: 1. Left basilar pleural thickening or small effusion. 2. No pneumothorax.",
        "PO? EF? PX0",
    ),
    (
        "FINDINGS: Lungs are clear bilaterally. No pleural effusion or pneumothorax. Heart size "
        "normal. Old XXXX fracture of the right clavicle.\n"
        "IMPRESSION: No acute process.",
        "NF",
    ),
    (
        "FINDINGS: XXXX right basilar opacity. Heart size normal. Left lung clear.\n"
        "IMPRESSION: Right basilar airspace disease, possibly XXXX pneumonia.",
        "LO+ PN?",
    ),
    (
        "FINDINGS: Cardiomediastinal silhouette is normal. No XXXX of focal consolidation, "
        "pneumothorax, or pleural effusion. XXXX are unremarkable.",
        "CM0 EC0 CO0 PX0 EF0 NF",
    ),
    (
        "FINDINGS: Heart size is unchanged. No focal airspace disease. Stable small left pleural "
        "effusion.\n"
        "IMPRESSION: Stable small left pleural effusion. Heart size unchanged.",
        "EF+ CM?",
    ),
    (
        "FINDINGS: Right chest tube. Decreased right pneumothorax.\n"
        "IMPRESSION: Interval placement of right chest tube on XXXX with decrease in size of "
        "right pneumothorax, now small.",
        "SD+ PX+",
    ),
    (
        "FINDINGS: The heart size and pulmonary vascularity appear within normal limits. The "
        "lungs are free of focal airspace disease. No pleural effusion or pneumothorax is seen. "
        "Surgical clips in the right axilla.\n"
        "IMPRESSION: No evidence of active disease.",
        "NF",
    ),
    (
        "FINDINGS: Heart is normal in size. Increased interstitial markings throughout both "
        "lungs, unchanged from XXXX. No focal consolidation or effusion.\n"
        "IMPRESSION: Chronic interstitial changes. No acute disease.",
        "LO+",
    ),
    (
        "FINDINGS: The thoracic aorta is tortuous. Heart size normal. Lungs clear.\n"
        "IMPRESSION: Tortuous thoracic aorta. No acute pulmonary disease.",
        "",
    ),
    (
        "FINDINGS: Patchy XXXX opacity in the right lower lobe. No effusion or pneumothorax. "
        "Heart size normal.\n"
        "IMPRESSION: Right lower lobe XXXX opacity, possibly early pneumonia.",
        "LO+ PN?",
    ),
    (
        "FINDINGS: There is a moderate-sized left pleural effusion with XXXX atelectasis. Heart "
        "is enlarged. Sternotomy XXXX.\n"
        "IMPRESSION: 1. Moderate left pleural effusion with associated atelectasis. 2. "
        "Cardiomegaly.",
        "EF+ AT+ CM+",
    ),
    (
        "FINDINGS: Lungs are hyperinflated. No focal airspace disease. No pleural effusion or "
        "pneumothorax. Heart size normal.\n"
        "IMPRESSION: COPD without acute disease.",
        "",
    ),
    (
        "FINDINGS: Heart size normal. No pneumothorax. No XXXX pleural effusion. No focal "
        "consolidation.",
        "CM0 PX0 EF0 CO0 NF",
    ),
    (
        "FINDINGS: Left-sided pacemaker XXXX with leads in the right atrium and ventricle. Heart "
        "size upper limits of normal. Lungs clear.\n"
        "IMPRESSION: No acute cardiopulmonary abnormality.",
        "NF",
    ),
    (
        "FINDINGS: Enlarged heart. Linear opacity left base.\n"
        "IMPRESSION: 1. Cardiomegaly without pulmonary edema. 2. Left basilar subsegmental "
        "atelectasis.",
        "CM+ ED0 AT+",
    ),
    (
        "FINDINGS: Heart size normal. Right upper lobe mass with adjacent XXXX. Right hilar "
        "fullness.\n"
        "IMPRESSION: Right upper lobe mass. CT recommended.",
        "LL+",
    ),
    (
        "FINDINGS: XXXX opacities in both lung bases. Heart size normal. No effusion.\n"
        "IMPRESSION: Bibasilar XXXX opacities which may represent atelectasis, although infection "
        "is not excluded.",
        "LO+ AT? PN?",
    ),
    (
        "FINDINGS: Bony thorax: old healed left rib fractures. Heart and lungs: no acute findings.",
        "FX+",
    ),
    (
        "FINDINGS: Normal heart size. There is right paratracheal fullness. Lungs clear.\n"
        "IMPRESSION: Right paratracheal fullness, which may be vascular; CT could be obtained for "
        "further evaluation.",
        "EC+",
    ),
    (
        "FINDINGS: The heart is normal in size. The mediastinum is unremarkable. Pleural effusion "
        "is not XXXX seen. Lungs are clear.",
        "CM0 EC0 EF0 NF",
    ),
    (
        "FINDINGS: Blunted left costophrenic XXXX. Lungs otherwise clear.\n"
        "IMPRESSION: Blunting of the left costophrenic XXXX, may represent small effusion.",
        "EF?",
    ),
    (
        "FINDINGS: Heart normal size. Prominent pulmonary vessels with cephalization. No focal "
        "consolidation.\n"
        "IMPRESSION: Cephalization of the pulmonary vasculature XXXX mild fluid overload.",
        "ED+",
    ),
    (
        "FINDINGS: Heart size normal. Lungs clear. Stable XXXX-shaped curvature of the spine.\n"
        "IMPRESSION: No acute cardiopulmonary disease. Stable XXXX-shaped scoliosis.",
        "",
    ),
    (
        "FINDINGS: Heart size normal. There is a left lower lobe infiltrate. Left pleural "
        "effusion.\n"
        "IMPRESSION: Left lower lobe pneumonia with parapneumonic effusion.",
        "PN+ EF+",
    ),
    (
        "FINDINGS: Heart size and mediastinal contours are within normal limits. There is no "
        "focal airspace opacity. XXXX of pneumothorax or effusion. Healed right rib fractures.\n"
        "IMPRESSION: No acute cardiopulmonary abnormality. Healed right rib fractures.",
        "FX+",
    ),
    (
        "FINDINGS: Low lung volumes. No XXXX airspace disease. Heart size normal.\n"
        "IMPRESSION: Low lung volumes without acute cardiopulmonary process.",
        "",
    ),
    (
        "FINDINGS: Cardiac silhouette is enlarged. Interstitial markings are prominent. Small "
        "right pleural effusion.\n"
        "IMPRESSION: 1. Cardiomegaly. 2. Increased interstitial markings, XXXX interstitial edema "
        "versus atypical infection. 3. Small right pleural effusion.",
        "CM+ LO+ ED? PN? EF+",
    ),
    (
        "FINDINGS: Right-sided PICC XXXX tip at the cavoatrial junction. Heart size normal. Lungs "
        "clear. No pneumothorax.",
        "SD+ CM0 PX0 NF",
    ),
    (
        "FINDINGS: Mild peribronchial cuffing. No focal consolidation.\n"
        "IMPRESSION: Mild bronchial wall thickening, which XXXX represent bronchitis or reactive "
        "airways disease. No focal pneumonia.",
        "LO+ PN0",
    ),
    (
        "FINDINGS: Thick-walled cavity in the right upper lobe.\n"
        "IMPRESSION: Right upper lobe cavitary lesion. Tuberculosis XXXX be excluded.",
        "LL+",
    ),
    (
        "FINDINGS: Heart size normal. Lungs clear. Calcified mediastinal lymph XXXX. Degenerative "
        "changes of the XXXX spine.\n"
        "IMPRESSION: No acute cardiopulmonary disease.",
        "NF",
    ),
    (
        "COMPARISON: XXXX XXXX.\n"
        "FINDINGS: Right lower lobe consolidation seen on XXXX has cleared. Lungs are clear.\n"
        "IMPRESSION: Interval resolution of right lower lobe pneumonia.",
        "PN0 NF",
    ),
    (
        "FINDINGS: There is a 2 cm pleural-based nodule in the left lateral mid chest. Heart size "
        "normal. No effusion.\n"
        "IMPRESSION: Left pleural-based nodule, possibly a pleural plaque or XXXX fat. Recommend "
        "CT.",
        "PO+",
    ),
    (
        "FINDINGS: Heart size normal. Faint XXXX opacity in the lingula on the frontal view only.\n"
        "IMPRESSION: Possible XXXX opacity in the lingula. No pleural effusion.",
        "LO? EF0",
    ),
]


# ---------------------------------------------------------------------------------------------
# 4. Terse telegraphic ICU / portable notes: abbreviations, fragments, devices.
# ---------------------------------------------------------------------------------------------
TERSE: list[Entry] = [
    (
        "AP portable. ETT tip 5 cm above carina. OGT tip in stomach. L IJ CVL tip SVC. Small L "
        "effusion unchanged. No PTX.",
        "SD+ EF+ PX0",
    ),
    ("Lines/tubes unchanged. Bibasilar atx. No ptx.", "SD+ AT+ PX0"),
    (
        "ETT 2 cm above carina, recommend pulling back 2 cm. Diffuse bilat airspace opacities, "
        "worse. No PTX.",
        "SD+ LO+ PX0",
    ),
    ("Post R chest tube placement. Small residual R apical PTX. Tube in place.", "SD+ PX+"),
    ("NGT tip in the gastric body. Lungs clear. No effusion.", "SD+ EF0 NF"),
    ("S/p extubation. NGT remains, tip in stomach. Lungs clear. No effusion.", "SD+ EF0 NF"),
    ("Pulm edema improving. Stable cardiomegaly. Small bilat effusions.", "ED+ CM+ EF+"),
    ("R IJ cordis tip in SVC, Swan removed. No PTX. Mild vasc congestion.", "SD+ PX0 ED?"),
    ("Mod R PTX. Chest tube recommended. Findings called to Dr. XXXX.", "PX+"),
    ("PTX resolved. R chest tube in place. Subcut emphysema R chest wall.", "PX0 SD+"),
    (
        "Portable. Low volumes. L retrocardiac opac, atx vs PNA. Tubes/lines stable.",
        "LO+ AT? PN? SD+",
    ),
    ("Single AP view.\nNo acute cardiopulmonary process.\nETT and NGT in good position.", "SD+ NF"),
    ("Stable L effusion. Enlarged heart. Pacer leads intact.", "EF+ CM+ SD+"),
    ("Worsening R>L airspace dz, ARDS vs edema.", "LO+ ED?"),
    ("Trach in place. R base consolidaton, unchanged. No PTX, no effusion.", "SD+ CO+ PX0 EF0"),
    ("L subclavian line tip at brachiocephalic confluence. No ptx.", "SD+ PX0 NF"),
    ("Dobhoff tip in duodenum. Lungs clear. Heart nl.", "SD+ CM0 NF"),
    ("Increased L pleural fluid, now moderate. L base collapse.", "EF+ AT+"),
    ("ETT, OGT, R IJ unchanged. Worsening perihilar opacities, likely edema.", "SD+ LO+ ED?"),
    (
        "Portable AP 0530.\nLines and tubes as before.\nNo change in bilateral patchy opacities.\n"
        "No PTX.",
        "SD+ LO+ PX0",
    ),
    ("Impella in place. Swan tip R PA. Mild pulm edema. Bibasilar atx.", "SD+ ED+ AT+"),
    (
        "Post-op. Sternal wires. Mediastinal drains x2. L chest tube. No PTX. L basilar atx. "
        "Small L eff.",
        "SD+ PX0 AT+ EF+",
    ),
    (
        "Evaluation for pneumothorax limited by supine positioning. ETT in good position. "
        "Bilateral lower lobe opacities.",
        "SD+ LO+",
    ),
    ("No change. Stable R IJ. Stable bilat effusions R>L.", "SD+ EF+"),
    ("ECG leads overlie chest. No PTX. Lungs grossly clear.", "SD+ PX0 NF"),
    ("Large L PTX w/ rightward mediastinal shift. Discussed with ICU team at 0315.", "PX+"),
    ("PICC tip low SVC. Lungs clear. No eff/PTX.", "SD+ EF0 PX0 NF"),
    ("New RLL infiltrate. ETT 3 cm above carina. OGT in stomach.", "LO+ SD+"),
    ("Interval worsening pulm edema. Cardiomegally. Bilat effusoins.", "ED+ CM+ EF+"),
    ("Hemopneumothorax L, moderate. L chest tube x2. Small R effusion.", "PX+ SD+ EF+"),
    (
        "AP supine. Widened mediastinum. CTA chest recommended to exclude aortic injury. No PTX.",
        "EC+ PX0",
    ),
    ("Stable L effusion w/ atelectasis.. R lung clear.", "EF+ AT+"),
    ("RLL PNA improving. Small R eff. No PTX.", "PN+ EF+ PX0"),
    ("Nasogastric tube tip in the stomach.. No pneumothroax.", "SD+ PX0 NF"),
    (
        "Intubated. ETT 4.5 cm above carina. Diffuse bilateral alveolar opacities consistent with "
        "ARDS, unchanged.",
        "SD+ LO+",
    ),
    ("Chest tube removed. Tiny residual apical PTX R. ETT remains.", "SD+ PX+"),
    ("LLL collapse, new. ETT tip R mainstem bronchus, pull back 3 cm.", "AT+ SD+"),
    ("Bilat pleural effusions decreased, small. Basilar opac likely atx.", "EF+ LO+ AT?"),
    (
        "Portable. Heart size nl. No focal consolidation, PTX or effusion. L port.",
        "CM0 CO0 PX0 EF0 SD+ NF",
    ),
    ("Possible small L apical PTX. Recommend repeat upright film.", "PX?"),
    ("Portable film. Lungs clear. No PTX. No effusion. Heart size normal.", "PX0 EF0 CM0 NF"),
    ("ETT, NGT, R subclavian CVC in place. Stable R upper lobe consolidation.", "SD+ CO+"),
    (
        "Stable post-op changes. Mild cardiomegaly. Trace bilat effusions. Epicardial pacing "
        "wires.",
        "CM+ EF+ SD+",
    ),
    (
        "L PTX resolved following chest tube placement; tube in place. Minor L base atx.",
        "PX0 SD+ AT+",
    ),
    ("Worse bilat airspace opac. Question early PNA R base.", "LO+ PN?"),
    ("Heart enlarged. Pulm vasc congestion. Small bilat eff. Sternotomy.", "CM+ ED? EF+"),
    ("VP shunt catheter courses over the R chest. Lungs clear. No eff.", "SD+ EF0 NF"),
    ("Stable appearance. Lines in place. Heart size unchanged. No PTX.", "SD+ CM? PX0"),
    ("Large R effusion with compressive atx RLL.", "EF+ AT+"),
    (
        "Port catheter fracture with distal fragment projecting over the R heart. No PTX. Small L "
        "effusion.",
        "SD+ PX0 EF+",
    ),
    ("Small amount of pleural air at R apex after line placement. R IJ tip SVC.", "PX+ SD+"),
    ("Question of nondisplaced L 6th rib fx. No PTX.", "FX? PX0"),
]

# ---------------------------------------------------------------------------------------------
# 5. Long narrative comparison and hedged-differential reports.
# ---------------------------------------------------------------------------------------------
NARRATIVE: list[Entry] = [
    (
        "Relative to the examination of ___, the right basilar consolidation has cleared, leaving "
        "a band of linear atelectasis. There is a new small left pleural effusion. Heart size "
        "remains normal. No pneumothorax.",
        "CO0 AT+ EF+ CM0 PX0",
    ),
    (
        "In comparison with the study of ___, there is little change in the diffuse bilateral "
        "opacities. The endotracheal and nasogastric tubes remain in good position. Although this "
        "appearance could reflect pulmonary edema, the asymmetric distribution raises concern for "
        "superimposed pneumonia in the appropriate clinical setting.",
        "LO+ SD+ ED? PN?",
    ),
    (
        "There is ill-defined opacity at the left lung base which could be due to atelectasis; "
        "however, early infection is difficult to entirely exclude. No effusion.",
        "LO+ AT? PN? EF0",
    ),
    (
        "The heart remains enlarged. Since the prior radiograph there has been interval "
        "improvement in pulmonary vascular congestion and decrease in the previously seen "
        "interstitial edema, which has not completely resolved. Small bilateral pleural effusions "
        "persist.",
        "CM+ ED+ EF+",
    ),
    (
        "Comparison is made to ___. The cardiomediastinal silhouette is normal and stable. The "
        "lungs remain clear. Previously noted left pleural effusion has resolved. There is no "
        "pneumothorax.",
        "CM0 EC0 EF0 PX0 NF",
    ),
    (
        "Findings are compared to a study from ___. Again seen is a large right hilar mass with "
        "associated postobstructive collapse of the right upper lobe, which is slightly "
        "progressed. A moderate right pleural effusion is new. The left lung is clear.",
        "LL+ AT+ EF+",
    ),
    (
        "Compared to the previous radiograph, there is a new right upper lobe opacity, which in "
        "the appropriate clinical setting could represent pneumonia. Alternatively, this could "
        "reflect hemorrhage. The remainder of the lungs are clear, and there are no pleural "
        "effusions.",
        "LO+ PN? EF0",
    ),
    (
        "Relative to ___, the left-sided pneumothorax has decreased in size and is now small, with "
        "the pigtail catheter in unchanged position. Subcutaneous emphysema along the left chest "
        "wall is decreasing.",
        "PX+ SD+",
    ),
    (
        "There has been interval removal of the endotracheal tube. The right internal jugular "
        "line remains in place with the tip in the distal SVC. Lung volumes are lower, with "
        "increased bibasilar atelectasis. There may be a small left pleural effusion.",
        "SD+ AT+ EF?",
    ),
    (
        "Hazy opacification of the right hemithorax is most suggestive of a layering pleural "
        "effusion, though underlying consolidation cannot be excluded. The left lung is clear.",
        "LO+ EF? CO?",
    ),
    (
        "As compared to ___, the heart size is stable. The mediastinal contours are unchanged. "
        "The lungs are clear. No effusion.",
        "CM? EC? EF0",
    ),
    (
        "The study is compared with ___. The previously described left upper lobe nodule is no "
        "longer seen. The lungs are otherwise clear and there is no effusion or pneumothorax.",
        "LL0 EF0 PX0 NF",
    ),
    (
        "Persistent left lower lobe opacity; differential considerations include atelectasis and "
        "consolidation. The right lung is clear.",
        "LO+ AT? CO?",
    ),
    (
        "Comparison is made with prior study from ___. The heart size is normal. The hilar and "
        "mediastinal contours are within normal limits. There is no pneumothorax, focal "
        "consolidation, or pleural effusion. The previously seen subsegmental atelectasis in the "
        "left lower lobe has cleared.",
        "CM0 EC0 PX0 CO0 EF0 AT0 NF",
    ),
    (
        "In comparison with the previous radiograph, the bilateral pleural effusions have "
        "increased and the heart is now moderately enlarged. Vascular redistribution suggests "
        "elevated pulmonary venous pressure. No pneumothorax.",
        "EF+ CM+ ED+ PX0",
    ),
    (
        "Heart size normal. Left lower lobe findings may be compatible with early pnuemonia.",
        "CM0 PN?",
    ),
    (
        "Compared with prior, there is increased opacity at the right lung base, which may be "
        "secondary to aspiration or developing pneumonia. The right IJ catheter has been withdrawn "
        "and now terminates in the brachiocephalic vein.",
        "LO+ PN? SD+",
    ),
    (
        "The left lower lobe consolidation is slightly less dense than on ___, consistent with "
        "resolving pneumonia. Small left pleural effusion is unchanged.",
        "CO+ PN+ EF+",
    ),
    (
        "There is diffuse interstitial thickening, which is new compared with ___. In this patient "
        "with known lymphoma, lymphangitic spread would be a consideration, although atypical "
        "infection and edema are also possible.",
        "LO+ PN? ED?",
    ),
    (
        "The prior right middle lobe pneumonia has cleared. Minimal residual scarring in the right "
        "middle lobe.",
        "PN0 LO+",
    ),
    (
        "The right internal jugular central venous catheter now terminates in the right atrium, "
        "approximately 3 cm below the cavoatrial junction, and could be withdrawn. There is no "
        "pneumothorax. The lungs are clear aside from minimal linear atelectasis at the left base.",
        "SD+ PX0 AT+",
    ),
    (
        "Compared with the study of ___, there is no significant change. Again seen is mild "
        "cardiomegaly with a left ventricular configuration. Atherosclerotic calcification of the "
        "aortic arch. No vascular congestion, pleural effusion, or focal consolidation.",
        "CM+ ED0 EF0 CO0",
    ),
    (
        "FINDINGS:\nThe cardiac silhouette shows left ventricular enlargement, increased from ___. "
        "No pulmonary edema. The lungs are clear.",
        "CM+ ED0",
    ),
    (
        "There is a new small right hemopneumothorax following the biopsy, with a fluid level at "
        "the right base. An additional small left pleural effusion is unchanged.",
        "PX+ EF+",
    ),
    (
        "As compared to ___, there is a slight increase in the extent of the right perihilar "
        "opacity, which likely reflects worsening pneumonia, though a developing mass cannot be "
        "excluded; follow-up to resolution is recommended.",
        "LO+ PN? LL?",
    ),
    (
        "Comparison: ___. No significant interval change. Stable appearance of chronic "
        "interstitial lung disease with basilar predominant fibrotic changes. No focal "
        "consolidation or pleural effusion.",
        "LO+ CO0 EF0",
    ),
    (
        "The lungs are hyperexpanded, consistent with emphysema. Compared with the prior "
        "examination, there is a new area of consolidation in the right upper lobe, worrisome for "
        "pneumonia. No pleural effusion.",
        "CO+ PN? EF0",
    ),
    (
        "Since ___, the enteric tube has been advanced and its tip now projects over the stomach. "
        "The endotracheal tube remains in standard position. Heart size and mediastinal contours "
        "are stable. The lungs are clear.",
        "SD+ CM? EC?",
    ),
    (
        "Compared to ___, there has been interval increase in size of the left pleural effusion, "
        "now large, with associated compressive atelectasis of the left lower lobe. Mediastinal "
        "structures are shifted slightly to the right. The right lung is clear.",
        "EF+ AT+",
    ),
    (
        "A thin curvilinear lucency at the right apex may represent a small pneumothorax versus a "
        "skin fold. A repeat radiograph without overlying sheets could help.",
        "PX?",
    ),
    (
        "In comparison with the study of ___, the tip of the left PICC line has been withdrawn to "
        "the mid SVC. Otherwise, no relevant change. Small left pleural effusion and left basilar "
        "atelectasis persist.",
        "SD+ EF+ AT+",
    ),
    (
        "There is a moderate hiatal hernia. The heart is normal in size. Linear scarring in the "
        "left mid lung is unchanged. No acute process.",
        "CM0 LO+",
    ),
    (
        "There has been improvement in the previously seen multifocal airspace disease, with "
        "residual patchy opacity in the left lower lobe. No pleural effusion.",
        "LO+ EF0",
    ),
    (
        "Compared with ___, the diffuse reticular opacities are unchanged and likely represent "
        "chronic fibrosis. A superimposed acute process is not excluded.",
        "LO+",
    ),
    (
        "Interval development of bilateral perihilar airspace opacities with vascular engorgement "
        "and septal lines, consistent with pulmonary edema. Superimposed infectious process cannot "
        "be excluded.",
        "LO+ ED+ PN?",
    ),
    (
        "The mediastinum is widened compared with the prior study, which may relate to interval "
        "development of lymphadenopathy in this patient with a history of lymphoma.",
        "EC+",
    ),
    (
        "Multiple bilateral pulmonary nodules, increased in number and size since ___, in keeping "
        "with progression of metastatic disease.",
        "LL+",
    ),
    (
        "Chronic elevation of the right hemidiaphragm with adjacent atelectasis. No consolidation, "
        "edema, or effusion.",
        "AT+ CO0 ED0 EF0",
    ),
    (
        "Compared with the outside study of ___, there has been interval placement of a left "
        "subclavian pacemaker with leads terminating in the right atrium and right ventricle. No "
        "pneumothorax. Heart size remains normal.",
        "SD+ PX0 CM0 NF",
    ),
    (
        "The previously noted small right apical pneumothorax is no longer visualized. The right "
        "chest tube remains in place. Minimal subsegmental atelectasis at the right base.",
        "PX0 SD+ AT+",
    ),
    (
        "Biapical fibronodular scarring with upward hilar retraction, most compatible with prior "
        "granulomatous infection; active tuberculosis is difficult to exclude.",
        "LO+ LL+",
    ),
    (
        "The left basilar opacity seen on ___ has resolved. Heart size is within normal limits. No "
        "effusion.",
        "LO0 CM0 EF0 NF",
    ),
    (
        "Compared with ___, the moderate cardiomegaly is unchanged. Pacemaker leads are in "
        "unchanged position. No pulmonary edema, pleural effusion or pneumothorax.",
        "CM+ SD+ ED0 EF0 PX0",
    ),
    (
        "There is a focal rounded opacity in the right lower lobe which was not present on ___, "
        "and may represent round pneumonia. Follow-up radiographs after treatment are recommended.",
        "LO+ PN?",
    ),
    (
        "The endotracheal tube has been repositioned and now lies 4 cm above the carina. Right "
        "upper lobe atelectasis has resolved. The left lung is clear.",
        "SD+ AT0 NF",
    ),
    (
        "Compared with ___, there is a new left-sided pleural effusion. There is patchy "
        "consolidation in the left lower lobe that may be compressive atelectasis, although "
        "pneumonia is a consideration.",
        "EF+ CO+ AT? PN?",
    ),
    (
        "The heart is mildly enlarged, similar to prior. The aorta is unfolded and calcified. "
        "Lungs show chronic interstitial prominence without focal consolidation. No pleural "
        "effusion.",
        "CM+ LO+ CO0 EF0",
    ),
    (
        "Compared with ___, a small left apical pneumothorax is unchanged. The left chest tube is "
        "in place. There is increased opacification of the left lower lobe, likely atelectasis, "
        "but superimposed consolidation is not excluded.",
        "PX+ SD+ LO+ AT? CO?",
    ),
    (
        "Following thoracentesis, the right pleural effusion has decreased in size, but a small "
        "effusion persists. No post-procedural pneumothorax.",
        "EF+ PX0",
    ),
    (
        "Since the previous radiograph of ___, the bilateral airspace opacities have improved but "
        "not completely resolved, and the pleural effusions are smaller. The heart remains\n"
        "enlarged. A left IJ catheter tip is in the SVC.",
        "LO+ EF+ CM+ SD+",
    ),
    (
        "Compared with ___, there is new right lower lobe airspace consolidation with air "
        "bronchograms, consistent with an infectious process. No pleural effusion.",
        "CO+ PN+ EF0",
    ),
    (
        "Wedge-shaped peripheral opacity at the right base in this patient with recently "
        "diagnosed pulmonary embolism may represent a pulmonary infarct. Small right pleural "
        "effusion.",
        "LO+ EF+",
    ),
]

# ---------------------------------------------------------------------------------------------
# 6. Recommendations, limitations and history: hypothetical and historical mentions are blank.
# ---------------------------------------------------------------------------------------------
RECOMMENDATION: list[Entry] = [
    (
        "Exam limited by patient rotation. Lungs are clear. Rib series would be required if there "
        "is clinical concern for rib fracture.",
        "NF",
    ),
    (
        "History of lymphoma. Mediastinal contours are normal, without evidence of "
        "lymphadenopathy. Lungs clear. No effusion.",
        "EC0 EF0 NF",
    ),
    ("Possible small right lower lung nodule. Recommend CT to evaluate.", "LL?"),
    (
        "IMPRESSION: No acute cardiopulmonary process. Given the smoking history, chest CT could be "
        "obtained to screen for pulmonary nodules if clinically indicated.",
        "NF",
    ),
    (
        "IMPRESSION: No acute cardiopulmonary abnormality. Clinical correlation for pneumonia is "
        "advised; if symptoms persist, a repeat radiograph in 2 weeks could be obtained.",
        "NF",
    ),
    (
        "History of breast cancer. No suspicious pulmonary nodules or masses. No pleural effusion. "
        "Heart size normal.",
        "LL0 EF0 CM0 NF",
    ),
    (
        "Calcified left hilar nodes and a left upper lobe granuloma, sequelae of old "
        "granulomatous infection. No acute process.",
        "",
    ),
    (
        "Supine positioning limits assessment for pneumothorax. No large pneumothorax. Lungs "
        "clear.",
        "PX0 NF",
    ),
    (
        "INDICATION: History of TB.\n"
        "FINDINGS: Apical pleural thickening bilaterally. No active disease.\n"
        "IMPRESSION: Biapical pleural thickening, likely sequela of prior TB. No evidence of "
        "active tuberculosis.",
        "PO+",
    ),
    (
        "Mildly limited study due to patient motion. Possible small left effusion. Follow-up "
        "radiograph could be obtained.",
        "EF?",
    ),
    (
        "Compared with prior study from ___. Patient with history of pneumonia. Lungs are now "
        "clear. No pleural effusion. Heart normal in size.",
        "EF0 CM0 NF",
    ),
    (
        "Recommend dedicated CT for further evaluation of right hilar fullness. No consolidation "
        "or effusion.",
        "CO0 EF0",
    ),
    (
        "FINDINGS: Lungs clear. Heart normal.\n"
        "IMPRESSION: No evidence of pneumonia. If concern for aspiration persists, consider "
        "follow-up imaging.",
        "PN0 NF",
    ),
    (
        "IMPRESSION: Small left apical pneumothorax cannot be excluded. Consider expiratory or "
        "decubitus view.",
        "PX?",
    ),
    ("History of sarcoidosis. Stable bilateral hilar lymphadenopathy. Lungs otherwise clear.", ""),
    (
        "IMPRESSION:\n1. Findings suggestive of right lower lobe pneumonia.\n2. Follow-up chest "
        "radiographs in 6 to 8 weeks are recommended to document resolution and exclude an "
        "underlying mass.",
        "PN?",
    ),
    ("Status post left upper lobectomy. No evidence of recurrent mass. No effusion.", "LL0 EF0"),
    (
        "Patient with prior history of rib fractures. No acute fracture identified. Lungs clear.",
        "FX0 NF",
    ),
    (
        "IMPRESSION: Mild cardiomegaly. Pulmonary embolism cannot be assessed on radiography; CT "
        "angiography is recommended if clinically suspected.",
        "CM+",
    ),
    (
        "h/o lung cancer s/p chemoradiation. Right paramediastinal fibrosis consistent with "
        "radiation change. No pleural effusion.",
        "LO+ EF0",
    ),
    (
        "Limited study due to portable technique. Lungs grossly clear. Recommend PA and lateral "
        "views when feasible.",
        "NF",
    ),
    (
        "FINDINGS: No consolidation.\n"
        "IMPRESSION: No pneumonia. Recommend CT if there is persistent concern for malignancy.",
        "PN0 NF",
    ),
    (
        "Clinical history of fall. No displaced rib fracture. If pain persists, a dedicated rib "
        "series or CT could be obtained to exclude a nondisplaced fracture. No pneumothorax.",
        "FX0 PX0 NF",
    ),
    (
        "Mediastinal widening on this examination; CT is recommended for further evaluation.",
        "EC+",
    ),
    (
        "Pleural effusion not excluded given the limited lateral view. Lungs otherwise clear.",
        "EF?",
    ),
    (
        "History of CHF. No pulmonary edema. Heart size at upper limits of normal. No effusion.",
        "ED0 CM0 EF0 NF",
    ),
    (
        "IMPRESSION: No acute process. Chronic blunting of the left costophrenic angle likely "
        "represents pleural thickening from prior infection.",
        "PO?",
    ),
    (
        "Patient with known metastatic melanoma. Several new pulmonary nodules; recommend CT chest "
        "for staging.",
        "LL+",
    ),
    (
        "Prior history of lobar pneumonia. Current radiograph shows persistent right middle lobe "
        "opacity; recommend follow-up CT to exclude an underlying obstructing lesion.",
        "LO+",
    ),
    (
        "No acute cardiopulmonary process. Bilateral nipple shadows; if desired, a repeat "
        "radiograph with nipple markers could confirm.",
        "NF",
    ),
    (
        "FINDINGS: Lungs clear.\n"
        "IMPRESSION: Normal chest. Note is made of a 4 mm calcified granuloma.",
        "",
    ),
    (
        "The patient has a history of pulmonary embolism. Lungs are clear. Heart size normal. No "
        "effusion.",
        "CM0 EF0 NF",
    ),
    (
        "AP technique limits assessment of heart size. Lungs are clear. No pleural effusion or "
        "pneumothorax.",
        "EF0 PX0 NF",
    ),
    (
        "IMPRESSION: Possible nondisplaced fracture of the right fourth rib; dedicated rib views "
        "are recommended. No pneumothorax.",
        "FX? PX0",
    ),
    (
        "INDICATION: History of lymphoma, follow-up.\n"
        "IMPRESSION: Interval decrease in right paratracheal fullness. No new abnormality.",
        "EC+",
    ),
]

STYLES: dict[str, list[Entry]] = {
    "templated normal / near-normal": TEMPLATED,
    "MIMIC-like structured": MIMIC,
    "Open-i-like XXXX de-identified": OPENI,
    "terse ICU / portable": TERSE,
    "narrative comparison / hedged differential": NARRATIVE,
    "recommendation / limitation / history": RECOMMENDATION,
}


def parse_labels(labels: str) -> dict[str, float]:
    """Codes to observation values; unknown codes, repeats and No Finding beside a positive or
    uncertain finding are errors in the source, not in the labeler."""
    values: dict[str, float] = {}
    for token in labels.split():
        if token == "NF":
            name, value = "No Finding", 1.0
        else:
            code, mark = token[:-1], token[-1]
            if code not in CODES or mark not in VALUES:
                raise ValueError(f"unknown label token {token!r}")
            name, value = CODES[code], VALUES[mark]
        if name in values:
            raise ValueError(f"{name} given twice in {labels!r}")
        values[name] = value
    findings = [v for name, v in values.items() if name not in ("No Finding", "Support Devices")]
    if "No Finding" in values and any(v in (1.0, -1.0) for v in findings):
        raise ValueError(f"No Finding with a positive or uncertain finding: {labels!r}")
    return values


def build() -> pd.DataFrame:
    """The set as a table: ids x001... in source order, labels as CheXpert-style strings."""
    rows = []
    entries = [entry for group in STYLES.values() for entry in group]
    for number, (text, labels) in enumerate(entries, 1):
        values = parse_labels(labels)
        row = {"report_id": f"x{number:03d}", "Reports": text}
        for name in OBSERVATIONS:
            value = values.get(name, math.nan)
            row[name] = "" if math.isnan(value) else f"{value:.1f}"
        rows.append(row)
    return pd.DataFrame(rows, columns=["report_id", "Reports", *OBSERVATIONS])


def write(path: Path = CSV_PATH) -> None:
    frame = build()
    temporary = path.with_suffix(".csv.tmp")
    frame.to_csv(temporary, index=False, lineterminator="\n")
    temporary.replace(path)  # never leave a half-written set behind


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else CSV_PATH
    write(target)
    counts = {style: len(group) for style, group in STYLES.items()}
    print(f"wrote {sum(counts.values())} reports to {target}: {counts}")
