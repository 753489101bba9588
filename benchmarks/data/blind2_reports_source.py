"""Source of blind2_reports.csv: 150 team-written chest X-ray reports with manual labels.

Written without reading the labeler, its rules, its tests or the other report sets, and without
running it (see benchmarks/data/README.md). Each report sits next to its labels, so a reviewer can
check one against the other. Labels are short codes: an observation code followed by `+` (1.0),
`0` (0.0) or `?` (-1.0); `NF` alone is No Finding = 1; an observation not named is blank.

    python benchmarks/data/blind2_reports_source.py   # rewrites blind2_reports.csv
"""

from __future__ import annotations

import csv
import inspect
import os
import sys
import tempfile
from pathlib import Path

OUTPUT = Path(__file__).with_name("blind2_reports.csv")

# CheXpert order, as in the other report sets.
CODES = {
    "NF": "No Finding",
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
    "FR": "Fracture",
    "SD": "Support Devices",
}
VALUES = {"+": 1.0, "0": 0.0, "?": -1.0}
# Support Devices does not switch No Finding off; every other positive or uncertain finding does.
FINDINGS = [name for code, name in CODES.items() if code not in ("NF", "SD")]


def parse_labels(spec: str) -> dict[str, float]:
    """Turn "CM0 EF+ AT?" into {observation: value}; reject what the guideline forbids."""
    labels: dict[str, float] = {}
    for token in spec.split():
        code, mark = (token, "+") if token == "NF" else (token[:2], token[2:])
        if code not in CODES or mark not in VALUES:
            raise ValueError(f"unknown label code {token!r}")
        name = CODES[code]
        if name in labels:
            raise ValueError(f"{name} labeled twice in {spec!r}")
        labels[name] = VALUES[mark]
    if "No Finding" in labels and any(labels.get(name, 0.0) != 0.0 for name in FINDINGS):
        raise ValueError(f"No Finding beside a positive or uncertain finding in {spec!r}")
    return labels


def report(text: str, spec: str) -> tuple[str, dict[str, float]]:
    # cleandoc drops the indentation of the source, so reports read as written.
    return inspect.cleandoc(text), parse_labels(spec)


REPORTS: list[tuple[str, dict[str, float]]] = [
    # --- b001-b030: templated normals and near-normals, one sentence per line ---
    report(
        """
        Heart size within normal limits.
        Mediastinal contours are normal.
        No focal consolidation, pleural effusion, pneumothorax, or pulmonary edema.
        Osseous structures are intact.
        """,
        "NF CM0 EC0 CO0 EF0 PX0 ED0",
    ),
    report(
        """
        The lungs are clear bilaterally.
        Cardiac silhouette is normal in size.
        There is no pneumothorax or pleural effusion.
        No acute bony abnormality.
        """,
        "NF CM0 PX0 EF0",
    ),
    report(
        """
        Normal heart size. Normal mediastinum.
        Lungs are free of focal airspace disease, edema, and effusion.
        No pneumothorax.
        Impression: Normal chest.
        """,
        "NF",
    ),
    report(
        """
        FINDINGS:
        Heart size is normal.
        No focal airspace opacity, pleural effusion or pneumothorax.
        Mild degenerative changes of the thoracic spine.
        IMPRESSION:
        No acute cardiopulmonary abnormality.
        """,
        "NF",
    ),
    report(
        """
        Heart size within normal limits.
        Lungs are hyperinflated with flattening of the diaphragms, compatible with emphysema.
        No focal consolidation or effusion.
        No pneumothorax.
        """,
        "CM0 CO0 EF0 PX0",
    ),
    report(
        """
        Cardiomediastinal contours are within normal limits.
        No focal consolidation, effusion, pneumothorax or edema.
        Bones are unremarkable.
        Impression: No acute process.
        """,
        "NF",
    ),
    report(
        """
        Heart size at the upper limits of normal.
        Lungs are clear without consolidation.
        No pleural effusion or pneumothorax.
        """,
        "NF CM0 CO0 EF0 PX0",
    ),
    report(
        """
        Heart size within normal limits.
        Small calcified granuloma in the right upper lobe, unchanged.
        No focal consolidation, pleural effusion or pneumothorax.
        """,
        "CM0 CO0 EF0 PX0",
    ),
    report(
        """
        Normal cardiac silhouette.
        No focal airspace disease.
        No pleural effusion.. No pneumothorax.
        Moderate thoracolumbar scoliosis.
        """,
        "CM0 LO0 EF0 PX0",
    ),
    report(
        """
        Heart size normal.
        Lungs: clear. No infiltrate, effusion, or pneumothorax.
        Left subclavian pacemaker with leads in the right atrium and right ventricle.
        """,
        "NF CM0 LO0 EF0 PX0 SD+",
    ),
    report(
        """
        Heart size within normal limits.
        Lungs are clear.
        No pleural effusion or pneumothorax.
        Median sternotomy wires are intact. Surgical clips in the left axilla.
        """,
        "NF CM0 EF0 PX0",
    ),
    report(
        """
        Heart size within normal limits.
        Linear atelectasis at the left lung base.
        No pleural effusion or pneumothorax.
        """,
        "CM0 AT+ EF0 PX0",
    ),
    report(
        """
        Mild cardiomegally.
        Lungs are clear.
        No pleural effusion or pneumothorax.
        Osseous structures intact.
        """,
        "CM+ EF0 PX0",
    ),
    report(
        """
        Heart is normal in size.
        No focal consolidation. Small right pleural effusion.
        No pneumothorax.
        """,
        "CM0 CO0 EF+ PX0",
    ),
    report(
        """
        Normal heart size and mediastinal contours.
        Low lung volumes with crowding of the bronchovascular markings.
        No focal consolidation. No effusion or pneumothorax.
        """,
        "CM0 EC0 CO0 EF0 PX0",
    ),
    report(
        """
        Heart size is normal. The aorta is tortuous and calcified.
        The lungs are clear. No pleural effusion or pneumothorax.
        No acute osseous abnormality.
        """,
        "CM0 EF0 PX0",
    ),
    report(
        """
        Cardiac and mediastinal silhouettes are unremarkable.
        There is no evidence of pneumonia, edema, or pneumothorax.
        No pleural fluid.
        """,
        "NF CM0 EC0 PN0 ED0 PX0 EF0",
    ),
    report(
        """
        Heart size within normal limits.
        No focal consolidation, pleural effusion, pneumothorax or pulmonary edema.
        Right-sided Port-A-Cath with tip at the cavoatrial junction.
        """,
        "NF CM0 CO0 EF0 PX0 ED0 SD+",
    ),
    report(
        """
        Lungs are clear of focal opacity.
        Heart size is normal.
        Blunting of the left costophrenic angle, likely a small effusion.
        No pneumothorax.
        """,
        "LO0 CM0 EF? PX0",
    ),
    report(
        """
        No acute cardiopulmonary disease.
        Heart size within normal limits.
        No pneumothorax or effusion.
        Old healed fractures of the left fifth and sixth ribs.
        """,
        "CM0 PX0 EF0 FR+",
    ),
    report(
        """
        PA and lateral views.
        Heart: normal size.
        Lungs: no consolidation, mass or nodule.
        Pleura: no effusion, no pneumothorax.
        Bones: intact.
        """,
        "NF CM0 CO0 LL0 EF0 PX0",
    ),
    report(
        """
        Heart size within normal limits.
        Stable 8 mm nodule in the left midlung.
        No consolidation, effusion or pneumothorax.
        """,
        "CM0 LL+ CO0 EF0 PX0",
    ),
    report(
        """
        Heart size within normal limits.
        Mediastinal contours are unremarkable.
        Lungs are clear without evidence of infiltrate or edema.
        No effusion. No pneumothroax.
        """,
        "NF CM0 EC0 LO0 ED0 EF0 PX0",
    ),
    report(
        """
        The cardiac silhouette is enlarged.
        Lungs are clear. No pleural effusion.
        No pneumothorax.
        """,
        "CM+ EF0 PX0",
    ),
    report(
        """
        Normal heart size.
        Clear lungs.
        No effusion or pneumothorax.
        Moderate hiatal hernia.
        """,
        "CM0 EF0 PX0",
    ),
    report(
        """
        Heart size within normal limits. Mediastinum is not widened.
        No focal consolidation, pleural effusion or pneumothorax.
        No displaced rib fracture identified.
        """,
        "NF CM0 EC0 CO0 EF0 PX0 FR0",
    ),
    report(
        """
        Heart size within normal limits.
        Mild right basilar scarring.
        No focal consolidation, pleural effusion or pneumothorax.
        """,
        "CM0 LO+ CO0 EF0 PX0",
    ),
    report(
        """
        Heart size within normal limits.
        No focal consolidation, pleural effusion or pneumothorax.
        Impression: No radiographic evidence of acute pneumonia.
        """,
        "NF PN0",
    ),
    report(
        """
        Heart size normal. Lungs clear.
        No effusion. No pneumothorax.
        Bilateral apical pleural thickening.
        """,
        "CM0 EF0 PX0 PO+",
    ),
    report(
        """
        Heart size and mediastinal contours within normal limits.
        Increased interstitial markings at both bases.
        No pleural effusion or pneumothorax.
        """,
        "CM0 EC0 LO+ EF0 PX0",
    ),
    # --- b031-b060: MIMIC-like structured reports, wrapped lines, ___ de-identification ---
    report(
        """
        EXAMINATION:  CHEST (PA AND LAT)

        INDICATION:  ___ year old woman with cough and fever, evaluate for
        pneumonia.

        TECHNIQUE:  Chest PA and lateral

        COMPARISON:  ___

        FINDINGS:

        There is a new patchy opacity in the right lower lobe.  No pleural
        effusion or pneumothorax.  Heart size is normal.

        IMPRESSION:

        Right lower lobe opacity, concerning for pneumonia.
        """,
        "LO+ PN?",
    ),
    report(
        """
        EXAMINATION:  CHEST (PORTABLE AP)

        INDICATION:  ___ with shortness of breath, history of CHF.

        COMPARISON:  Chest radiograph from ___.

        FINDINGS:

        Moderate cardiomegaly is unchanged.  There is mild interstitial
        pulmonary edema, increased from the prior study.  Small bilateral
        pleural effusions.  No pneumothorax.

        IMPRESSION:

        1.  Mild interstitial edema, worse than on ___.
        2.  Small bilateral pleural effusions.
        3.  Stable moderate cardiomegaly.
        """,
        "ED+ EF+ CM+",
    ),
    report(
        """
        INDICATION:  ___ M with chest pain.

        COMPARISON:  None.

        FINDINGS:

        The lungs are clear without focal consolidation.  No pleural
        effusion or pneumothorax is seen.  The cardiac and mediastinal
        silhouettes are unremarkable.

        IMPRESSION:

        No acute cardiopulmonary process.
        """,
        "NF",
    ),
    report(
        """
        EXAMINATION:  CHEST (PA AND LAT)

        INDICATION:  History: ___F with pneumonia, follow-up.

        COMPARISON:  ___

        FINDINGS:

        The previously seen left lower lobe consolidation has resolved.
        There is minimal residual linear atelectasis at the left base.
        No effusion.

        IMPRESSION:

        Resolution of left lower lobe pneumonia with minimal residual
        atelectasis.
        """,
        "PN0 AT+",
    ),
    report(
        """
        INDICATION:  Fall, rib pain.

        FINDINGS:

        Acute, mildly displaced fractures of the right seventh and eighth
        lateral ribs.  No pneumothorax.  Small right pleural effusion,
        which may represent hemothorax.  Lungs otherwise clear.

        IMPRESSION:

        1.  Right seventh and eighth rib fractures without pneumothorax.
        2.  Small right pleural effusion.
        """,
        "FR+ PX0 EF+",
    ),
    report(
        """
        EXAMINATION:  CHEST (PORTABLE AP)

        INDICATION:  ___ year old man intubated, assess tube placement.

        COMPARISON:  ___

        FINDINGS:

        Endotracheal tube terminates 5 cm above the carina.  Nasogastric
        tube courses below the diaphragm with the tip out of view.  Left
        internal jugular central venous catheter ends in the mid SVC.
        Bibasilar opacities, likely atelectasis.  No large effusion.  No
        pneumothorax.

        IMPRESSION:

        Lines and tubes in standard position.  Bibasilar opacities, likely
        atelectasis, although early pneumonia cannot be excluded.
        """,
        "SD+ LO+ AT? PN?",
    ),
    report(
        """
        INDICATION:  ___ with lung cancer, restaging.

        COMPARISON:  ___

        FINDINGS:

        A 3.2 cm spiculated mass in the right upper lobe is slightly larger
        than on the prior exam.  Right hilar fullness.  No pleural
        effusion.  Heart size normal.

        IMPRESSION:

        Enlarging right upper lobe mass.
        """,
        "LL+",
    ),
    report(
        """
        EXAMINATION:  CHEST (PA AND LAT)

        INDICATION:  Preoperative.

        FINDINGS:

        Lungs are well expanded and clear.  Heart size and mediastinal
        contours are within normal limits.  No pleural effusion or
        pneumothorax.  Mild degenerative changes of the thoracic spine.
        """,
        "CM0 EC0 EF0 PX0",
    ),
    report(
        """
        INDICATION:  ___ with new oxygen requirement.

        COMPARISON:  ___

        FINDINGS:

        Since ___, there is increased opacification of the left lower lobe
        with silhouetting of the left hemidiaphragm, compatible with
        collapse.  Small left pleural effusion.  Right lung is clear.

        IMPRESSION:

        Left lower lobe collapse and small left effusion.
        """,
        "AT+ EF+",
    ),
    report(
        """
        EXAMINATION:  CHEST (PORTABLE AP)

        INDICATION:  Status post right chest tube placement.

        FINDINGS:

        Right apical chest tube in place.  Small residual right apical
        pneumothorax, decreased since ___.  Subcutaneous emphysema in the
        right chest wall.

        IMPRESSION:

        Decreased small right pneumothorax with chest tube in place.
        """,
        "SD+ PX+",
    ),
    report(
        """
        INDICATION:  Fever.

        FINDINGS:

        Heart size is normal.  No focal consolidation.  No effusion or
        pneumothorax.

        IMPRESSION:

        No evidence of pneumonia.
        """,
        "NF PN0",
    ),
    report(
        """
        EXAMINATION:  CHEST (PA AND LAT)

        INDICATION:  ___ year old with dyspnea.

        COMPARISON:  ___

        FINDINGS:

        The heart is mildly enlarged.  There is cephalization of the
        pulmonary vasculature and there are small bilateral effusions.  No
        consolidation.

        IMPRESSION:

        Cardiomegaly with mild pulmonary edema and small bilateral pleural
        effusions.
        """,
        "CM+ ED+ EF+",
    ),
    report(
        """
        INDICATION:  Hemoptysis.

        COMPARISON:  ___

        IMPRESSION:

        1.  1.5 cm nodule in the left upper lobe.
        Recommend chest CT for further evaluation.
        2.  No pleural effusion.
        """,
        "LL+ EF0",
    ),
    report(
        """
        EXAMINATION:  CHEST (PORTABLE AP)

        INDICATION:  Evaluate for pneumothorax after central line placement.

        FINDINGS:

        Right internal jugular catheter tip at the cavoatrial junction.  No
        pneumothorax.  Lungs are clear.  Heart size is normal.

        IMPRESSION:

        Right IJ line in appropriate position.  No pneumothorax.
        """,
        "NF SD+ PX0",
    ),
    report(
        """
        INDICATION:  ___ with known pleural effusion, status post
        thoracentesis.

        COMPARISON:  ___

        FINDINGS:

        Moderate right pleural effusion has decreased in size.  No
        pneumothorax following thoracentesis.  Right basilar atelectasis.

        IMPRESSION:

        1.  Decreased but persistent moderate right pleural effusion.
        2.  No post procedural pneumothorax.
        3.  Adjacent right basilar atelectasis.
        """,
        "EF+ PX0 AT+",
    ),
    report(
        """
        EXAMINATION:  CHEST (PA AND LAT)

        INDICATION:  Chronic cough.

        FINDINGS:

        Lungs are hyperexpanded.  There are coarse reticular opacities in
        both lower lobes with a peripheral distribution, suggestive of
        fibrosis.  Heart size within normal limits.  No effusion.

        IMPRESSION:

        Bibasilar reticular opacities, which may represent interstitial
        fibrosis.  Hyperinflation.
        """,
        "LO+",
    ),
    report(
        """
        INDICATION:  ___ year old with trauma.

        FINDINGS:

        Supine portable view.  The mediastinum appears widened, which may
        be accentuated by technique.  No pneumothorax.  Lungs are clear.

        IMPRESSION:

        Widened mediastinum, possibly related to supine technique.  CT is
        recommended to exclude mediastinal hematoma.
        """,
        "EC+",
    ),
    report(
        """
        EXAMINATION:  CHEST (PORTABLE AP)

        INDICATION:  ___ with sepsis.

        COMPARISON:  ___

        IMPRESSION:

        Compared with ___, there is increased dense consolidation in the
        right lower lobe consistent with pneumonia.  Small right effusion.
        Left lung clear.  Right PICC ends in the lower SVC.
        """,
        "CO+ PN+ EF+ SD+",
    ),
    report(
        """
        INDICATION:  ___ with atrial fibrillation.

        FINDINGS:

        Dual-chamber pacemaker in place with leads terminating in the right
        atrium and right ventricle.  Heart size is at the upper limits of
        normal.  No pulmonary edema.  No pleural effusion.

        IMPRESSION:

        No acute intrathoracic process.
        """,
        "NF",
    ),
    report(
        """
        EXAMINATION:  CHEST (PA AND LAT)

        INDICATION:  Routine follow up.

        COMPARISON:  ___

        FINDINGS:

        Blunting of the right costophrenic angle is unchanged and likely
        reflects pleural thickening.  Lungs are otherwise clear.  Heart
        size normal.

        IMPRESSION:

        Stable right pleural thickening.  No acute process.
        """,
        "PO+",
    ),
    report(
        """
        INDICATION:  ___ year old man with vomiting, question aspiration.

        COMPARISON:  ___

        FINDINGS:

        Heart size is normal.  There is a new patchy opacity at the right
        base.  No effusion.

        IMPRESSION:

        New right basilar opacity, atelectasis versus aspiration
        pneumonia.
        """,
        "LO+ AT? PN?",
    ),
    report(
        """
        EXAMINATION:  CHEST (PORTABLE AP)

        COMPARISON:  ___

        FINDINGS:

        Interval removal of the endotracheal tube.  Nasogastric tube
        remains in place, tip in the stomach.  Lung volumes are low.
        Streaky left retrocardiac opacity.  No pneumothorax.

        IMPRESSION:

        1.  Extubated; nasogastric tube in the stomach.
        2.  Left retrocardiac opacity, most likely atelectasis.
        """,
        "SD+ LO+ AT?",
    ),
    report(
        """
        INDICATION:  ___ with metastatic breast cancer.

        COMPARISON:  ___

        FINDINGS:

        Multiple bilateral pulmonary nodules, the largest in the right
        lower lobe measuring 2 cm, increased in size and number.  Large
        left pleural effusion is new.

        IMPRESSION:

        1.  Enlarging bilateral pulmonary nodules, consistent with metastases.
        2.  New large left pleural effusion.
        """,
        "LL+ EF+",
    ),
    report(
        """
        INDICATION:  ___ with dyspnea after cardiac surgery.

        COMPARISON:  ___

        FINDINGS:

        Median sternotomy wires and mediastinal clips.  Mild enlargement of
        the cardiac silhouette, stable.  Small left pleural effusion with
        adjacent atelectasis.  No pneumothorax.

        IMPRESSION:

        Small left pleural effusion and left basilar atelectasis.  Stable
        mild cardiomegaly.
        """,
        "EF+ AT+ CM+",
    ),
    report(
        """
        EXAMINATION:  CHEST (PA AND LAT)

        INDICATION:  ___ year old with weight loss.

        FINDINGS:

        Lungs are clear.  There is no mass or nodule.  Heart size normal.
        No effusion.

        IMPRESSION:

        No acute cardiopulmonary process.  No evidence of pulmonary mass.
        """,
        "NF LL0",
    ),
    report(
        """
        INDICATION:  ___ with fever and neutropenia.

        COMPARISON:  ___

        FINDINGS:

        Subtle hazy opacity in the left lower lung, not definitely seen on
        the prior study.  Tunneled right internal jugular catheter tip in
        the right atrium.  No effusion.

        IMPRESSION:

        Subtle left basilar opacity.  Early infection cannot be excluded.
        """,
        "LO+ PN?",
    ),
    report(
        """
        EXAMINATION:  CHEST (PORTABLE AP)

        INDICATION:  ___ status post left lower lobectomy.

        FINDINGS:

        Postsurgical changes of left lower lobectomy.  Left chest tube in
        place.  Tiny left apical pneumothorax.  Subcutaneous gas in the left
        chest wall.  Right lung clear.

        IMPRESSION:

        Tiny left apical pneumothorax with chest tube in place.
        """,
        "PX+ SD+",
    ),
    report(
        """
        INDICATION:  ___ with hypoxia.

        COMPARISON:  ___

        FINDINGS:

        Diffuse bilateral airspace opacities, worse in the lower lungs.
        Heart size is difficult to assess.  Endotracheal tube 4 cm above
        the carina.

        IMPRESSION:

        Worsening diffuse bilateral airspace disease, which could reflect
        pulmonary edema, ARDS, or multifocal pneumonia.
        """,
        "LO+ ED? PN?",
    ),
    report(
        """
        EXAMINATION:  CHEST (PA AND LAT)

        INDICATION:  ___ year old with history of tuberculosis.

        FINDINGS:

        Right upper lobe volume loss with fibronodular scarring and
        calcified granulomas, unchanged since ___.  No new consolidation.
        No effusion.

        IMPRESSION:

        Stable right upper lobe scarring.  No acute process.
        """,
        "LO+",
    ),
    report(
        """
        INDICATION:  ___ with left chest pain.

        FINDINGS:

        There is a large left pneumothorax with approximately 2 cm
        separation at the apex.  No mediastinal shift.  Right lung clear.

        IMPRESSION:

        Large left pneumothorax without tension.  Findings called to
        Dr. ___ at ___.
        """,
        "PX+",
    ),
    # --- b061-b085: Open-i-like short reports with XXXX de-identification ---
    report(
        """
        Findings: The heart is normal in size. The mediastinum is unremarkable. The lungs
        are clear. No XXXX of pleural effusion or pneumothorax.
        Impression: No active disease.
        """,
        "NF",
    ),
    report(
        """
        Findings: Heart size and mediastinal contours are within normal limits. There is
        a XXXX opacity in the left lung base, most XXXX representing atelectasis. No
        pneumothorax or large pleural effusion.
        Impression: Left basilar opacity, most XXXX atelectasis.
        """,
        "LO+ AT?",
    ),
    report(
        """
        Findings: Cardiomegaly. Pulmonary vascular prominence with interstitial edema.
        Small bilateral pleural effusions.
        Impression: XXXX heart failure with cardiomegaly, interstitial edema and small
        effusions.
        """,
        "CM+ ED+ EF+",
    ),
    report(
        """
        Findings: The lungs are clear. Heart size normal. No pneumothorax. XXXX sternotomy
        XXXX. Degenerative changes of the spine.
        Impression: No acute cardiopulmonary abnormality.
        """,
        "NF",
    ),
    report(
        """
        Findings: Right upper lobe airspace disease with air bronchograms. No effusion.
        Normal heart size.
        Impression: Right upper lobe pneumonia.
        """,
        "PN+",
    ),
    report(
        """
        Impression: 1. No acute cardiopulmonary disease. 2. XXXX calcified granuloma in
        the left lower lobe.
        """,
        "",
    ),
    report(
        """
        Findings: Heart size normal. Lungs are clear. XXXX are intact. There is a
        subtle lucency along the right lateral chest wall, not XXXX pneumothorax.
        Impression: No pneumothorax. No acute disease.
        """,
        "NF PX0",
    ),
    report(
        """
        Findings: Stable cardiomegaly. No focal airspace consolidation. No pleural
        effusion. Right IJ XXXX with tip in the SVC.
        Impression: Stable cardiomegaly without acute cardiopulmonary abnormality.
        """,
        "CM+",
    ),
    report(
        """
        Findings: There is a 2 cm nodular density in the right midlung, not seen on the
        prior exam. Heart size normal. No effusion.
        Impression: New right midlung nodule. CT of the chest recommended.
        """,
        "LL+",
    ),
    report(
        """
        Findings: Hyperexpanded lungs consistent with COPD. Flattened diaphragms. No focal
        consolidation. Normal cardiac silhouette.
        Impression: COPD without acute process.
        """,
        "",
    ),
    report(
        """
        Findings: Lungs are clear bilaterally. The heart and mediastinum are normal in
        size. No XXXX of focal infiltrate, effusion, or pneumothorax.
        Impression: Normal chest x-XXXX.
        """,
        "NF",
    ),
    report(
        """
        Findings: Mild cardiac enlargement. Mild blunting of the left costophrenic XXXX
        which may be due to a small effusion or pleural thickening.
        Impression: Mild cardiomegaly. Possible small left effusion versus pleural
        thickening.
        """,
        "CM+ EF? PO?",
    ),
    report(
        """
        Findings: Streaky opacities in both lung bases, XXXX subsegmental atelectasis.
        Heart size normal. No pneumothorax.
        Impression: Bibasilar subsegmental atelectasis.
        """,
        "AT+",
    ),
    report(
        """
        Findings: Heart size normal. No focal consolidation. Stable appearance of
        sclerotic lesion in a right rib, XXXX a bone island.
        Impression: No acute cardiopulmonary abnormality.
        """,
        "NF",
    ),
    report(
        """
        Findings: There are acute-appearing fractures of the left posterior ninth and
        tenth ribs. No pneumothorax. Lungs clear.
        Impression: Left posterior rib fractures. No pneumothorax.
        """,
        "FR+ PX0",
    ),
    report(
        """
        Findings: Left-sided dual lead pacemaker. Heart size normal. Lungs clear.
        Impression: No acute disease. Pacemaker XXXX in XXXX position.
        """,
        "NF SD+",
    ),
    report(
        """
        Findings: Interval development of a moderate right pleural effusion with
        associated compressive atelectasis. Heart size normal.
        Impression: Moderate right pleural effusion with right basilar atelectasis.
        """,
        "EF+ AT+",
    ),
    report(
        """
        Findings: Heart size within normal limits. Lungs are clear. No pleural effusion
        or pneumothorax. XXXX of the thoracic aorta is calcified.
        Impression: No acute cardiopulmonary findings. Atherosclerotic aorta.
        """,
        "",
    ),
    report(
        """
        Findings: Increased opacity in the lingula silhouetting the left heart border.
        Heart size normal. No effusion.
        Impression: Lingular opacity, may represent pneumonia in the appropriate
        clinical setting.
        """,
        "LO+ PN?",
    ),
    report(
        """
        Findings: Low lung volumes. Heart size is borderline. Bronchovascular crowding.
        No definite consolidation.
        Impression: Low lung volumes. Borderline heart size.
        """,
        "CM?",
    ),
    report(
        """
        Findings: The cardiomediastinal silhouette is enlarged. Pulmonary vascularity is
        normal. The lungs are clear.
        Impression: Enlarged cardiomediastinal silhouette. No acute pulmonary disease.
        """,
        "EC+",
    ),
    report(
        """
        Findings: Normal heart size. Left apical pneumothorax measuring XXXX cm. No
        mediastinal shift.
        Impression: Small left apical pneumothorax.
        """,
        "PX+",
    ),
    report(
        """
        Findings: No focal areas of consolidation. No suspicious pulmonary opacities. Heart
        size within normal limits. No pleural effusions. No evidence of pneumothorax.
        Osseous structures intact.
        """,
        "NF CO0 LO0 CM0 EF0 PX0",
    ),
    report(
        """
        Findings: Patchy bilateral perihilar opacities. Heart size normal. Small right
        effusion.
        Impression: Bilateral perihilar opacities, edema versus infection. Small right
        pleural effusion.
        """,
        "LO+ ED? PN? EF+",
    ),
    report(
        """
        Findings: Heart size normal. Lungs clear. There is a XXXX compression deformity
        of a mid thoracic vertebral body, new from prior.
        Impression: New mid thoracic compression fracture. No acute cardiopulmonary
        disease.
        """,
        "FR+",
    ),
    # --- b086-b110: terse ICU and portable notes ---
    report(
        """
        Portable AP. ETT 4.5 cm above carina. OGT in stomach. R IJ CVC tip in SVC.
        Lungs clear. No PTX.
        """,
        "NF SD+ PX0",
    ),
    report(
        """
        AP portable. ETT tip at thoracic inlet, recommend advancing 2 cm. NGT tip in
        stomach. Bibasilar atx. Small L eff. No ptx.
        """,
        "SD+ AT+ EF+ PX0",
    ),
    report(
        """
        Single portable view. Swan-Ganz catheter tip in the right pulmonary artery.
        Mediastinal drains and bilateral chest tubes. No PTX. Mild pulm edema. Lt
        base atelectasis.
        """,
        "SD+ PX0 ED+ AT+",
    ),
    report(
        """
        Portable chest: ET tube and NG tube removed. L PICC tip in SVC. Lungs
        clear. No eff or PTX.
        """,
        "NF SD+ EF0 PX0",
    ),
    report(
        """
        Intubated. ETT 3 cm above carina. Diffuse b/l airspace opacities, unchanged.
        Bilateral small pleural effusions. No pneumothorax.
        """,
        "SD+ LO+ EF+ PX0",
    ),
    report(
        """
        Line check: R subclavian central line, tip in the RA. No ptx. Heart size
        nl. Lungs clear.
        """,
        "NF SD+ PX0 CM0",
    ),
    report(
        """
        Portable AP upright. L chest tube in place. Small residual L apical PTX,
        unchanged. L basilar opacity, ? atelectasis vs consolidation.
        """,
        "SD+ PX+ LO+ AT? CO?",
    ),
    report(
        """
        ET tube, NG tube, R IJ line in satisfactory position. Cardiomegaly. Increased
        interstitial edema. Bilat effusions L>R. Retrocardiac consolidation.
        """,
        "SD+ CM+ ED+ EF+ CO+",
    ),
    report(
        """
        Portable. Tracheostomy tube in place. Heart nl size. RLL infiltrate, worse
        than yesterday, c/w PNA.
        """,
        "SD+ CM0 LO+ PN+",
    ),
    report(
        """
        Supine trauma film. No PTX. No widened mediastinum. Acute L clavicle fx.
        Lungs clear.
        """,
        "PX0 EC0 FR+",
    ),
    report(
        """
        Portable AP. Feeding tube coiled in the esophagus, tip at the level of the
        carina; repositioning recommended. Lungs: mild bibasilar atelectasis. No
        effusion.
        """,
        "SD+ AT+ EF0",
    ),
    report(
        """
        AP portable. Impella device in expected position. L IJ introducer.
        Cardiomegaly. Moderate pulm edema. Small bilat effusions.
        """,
        "SD+ CM+ ED+ EF+",
    ),
    report(
        """
        ETT 5 cm above carina, NGT below diaphragm. Complete opacification of the L
        hemithorax with shift of the mediastinum to the left, c/w L lung collapse.
        Recommend bronchoscopy.
        """,
        "SD+ LO+ AT+",
    ),
    report(
        """
        Portable. R chest tube removed. No pneumothorax. Small R pleural effusion,
        unchanged. L PICC in place.
        """,
        "SD+ PX0 EF+",
    ),
    report(
        """
        Portable AP. Cardiomegaly, stable. Pulmonary edema has resolved. Persistent
        small L effusion. Pacer leads in RA/RV.
        """,
        "CM+ ED0 EF+ SD+",
    ),
    report(
        """
        Post-intubation film. ETT tip 1 cm above carina, recommend pulling back 2-3
        cm. NGT tip in stomach. Lungs clear. No PTX.
        """,
        "NF SD+ PX0",
    ),
    report(
        """
        Portable AP semi-upright. Lines and tubes unchanged. Worsening R
        mid and lower lung consolidation concerning for pneumonia. No PTX.
        """,
        "SD+ CO+ PN? PX0",
    ),
    report(
        """
        Portable chest. Enteric tube tip in gastric body. Low lung volumes. Patchy L
        base opacity, likely atx. No eff. No ptx.
        """,
        "SD+ LO+ AT? EF0 PX0",
    ),
    report(
        """
        AP supine. ECMO cannula with tip in the right atrium. ETT in good position.
        Diffuse dense bilateral consolidation, unchanged. No ptx.
        """,
        "SD+ CO+ PX0",
    ),
    report(
        """
        Portable. Rt pigtail catheter in the right pleural space. Rt effusion
        substantially decreased, small residual. No pneumothorax.
        """,
        "SD+ EF+ PX0",
    ),
    report(
        """
        Portable AP. Left subclavian line tip in the SVC. Heart size normal. Lungs
        clear. No evidence of pneumothorax after line placement.
        """,
        "NF SD+ CM0 PX0",
    ),
    report(
        """
        Portable. ETT, NGT, R IJ CVL. Interval increase in bilateral perihilar
        opacities, which may represent worsening edema.
        """,
        "SD+ LO+ ED?",
    ),
    report(
        """
        Semi-erect portable. Intra-aortic balloon pump tip 2 cm below the aortic
        knob. Mild cardiomegaly. No effusion.
        """,
        "SD+ CM+ EF0",
    ),
    report(
        """
        Portable. Tiny R apical ptx, new since AM film. R chest tube in place.
        Subcut emphysema R chest wall, increased.
        """,
        "PX+ SD+",
    ),
    report(
        """
        Portable AP. ET tube removed. Lungs clear. No PTX or effusion. No lines or
        tubes.
        """,
        "NF PX0 EF0 SD0",
    ),
    # --- b111-b135: narrative comparisons and hedged differentials ---
    report(
        """
        Compared with the study of ___, the previously noted right middle lobe opacity
        has almost completely cleared, with a small amount of residual linear scarring.
        No new consolidation. No pleural effusion.
        """,
        "LO+ CO0 EF0",
    ),
    report(
        """
        In comparison to the prior examination, there has been interval improvement of
        the bilateral pleural effusions, which are now small. Mild pulmonary edema
        persists. The heart remains enlarged.
        """,
        "EF+ ED+ CM+",
    ),
    report(
        """
        FINDINGS: Patchy opacity at the left base may reflect atelectasis, though early
        pneumonia would be difficult to exclude. Heart size is normal. No pleural
        effusion.
        """,
        "LO+ AT? PN? CM0 EF0",
    ),
    report(
        """
        IMPRESSION:
        1. Interval resolution of the right pneumothorax.
        2. Right chest tube remains in place.
        3. No pleural effusion.
        """,
        "NF PX0 SD+ EF0",
    ),
    report(
        """
        Heart size is normal. There is a faint 8 mm rounded shadow projecting over the right
        fourth anterior rib, which could be a nipple shadow versus a true pulmonary
        nodule. Repeat PA view with nipple markers is suggested.
        """,
        "CM0 LL?",
    ),
    report(
        """
        Relative to ___, the left lower lobe consolidation is unchanged.  The left
        effusion is slightly larger.  Right lung is clear.
        IMPRESSION:  Persistent left lower lobe consolidation and slightly increased
        left pleural effusion.
        """,
        "CO+ EF+",
    ),
    report(
        """
        The lungs are clear. There is no focal consolidation or pleural effusion, and
        there is no evidence of pneumothorax. The heart size is normal.
        """,
        "NF CO0 EF0 PX0 CM0",
    ),
    report(
        """
        FINDINGS:  Increased retrocardiac opacity since ___ which could represent
        atelectasis, aspiration, or pneumonia.  Left pleural effusion is small.

        IMPRESSION:  Left lower lobe opacity, differential includes atelectasis and
        pneumonia.  Small left effusion.
        """,
        "LO+ AT? PN? EF+",
    ),
    report(
        """
        IMPRESSION:
        1.  Moderate cardiomegaly, unchanged.
        2.  No evidence of congestive failure.  No pulmonary edema.
        3.  No pleural effusion.
        """,
        "CM+ ED0 EF0",
    ),
    report(
        """
        Compared to the prior radiograph, there is a new right upper lobe
        consolidation with air bronchograms. The findings are consistent with
        pneumonia. Recommend follow up radiograph after treatment to document
        resolution.
        """,
        "CO+ PN+",
    ),
    report(
        """
        FINDINGS:  The heart is top normal in size.  Minimal bibasilar atelectasis.
        No pneumothorax.  Small hiatal hernia.

        IMPRESSION:  Minimal bibasilar atelectasis.  Otherwise no acute process.
        """,
        "AT+",
    ),
    report(
        """
        There has been interval placement of a left-sided chest tube with near complete
        re-expansion of the left lung. A tiny residual apical pneumothorax cannot be
        excluded. Small left effusion.
        """,
        "SD+ PX? EF+",
    ),
    report(
        """
        IMPRESSION:  Ill-defined opacity in the right lower lobe, which is nonspecific and
        may represent infection or aspiration.  Clinical correlation is recommended.
        No pleural effusion.
        """,
        "LO+ PN? EF0",
    ),
    report(
        """
        Heart size is enlarged but stable. There is no pulmonary edema. No focal
        consolidation. No pleural effusion or pneumothorax.
        """,
        "CM+ ED0 CO0 EF0 PX0",
    ),
    report(
        """
        FINDINGS:  As compared to ___, left basilar opacity has decreased and now
        appears as linear atelectasis.  The previously seen right effusion is no
        longer visualized.

        IMPRESSION:  Improving left basilar atelectasis.  Resolved right pleural
        effusion.
        """,
        "AT+ EF0",
    ),
    report(
        """
        Questionable small left apical pneumothorax, not definitely seen on the lateral
        view. Recommend expiratory view. Lungs otherwise clear. Heart size normal.
        """,
        "PX? CM0",
    ),
    report(
        """
        IMPRESSION:
        1.  Diffuse interstitial opacities, which may represent atypical infection or
        interstitial edema.
        2.  No lobar consolidation.
        """,
        "LO+ PN? ED? CO0",
    ),
    report(
        """
        FINDINGS:  Heart size is normal.  There is mild widening of the superior
        mediastinum, unchanged since ___ and likely due to a tortuous aorta.  Lungs
        are clear.

        IMPRESSION:  No acute cardiopulmonary abnormality.  Stable mediastinal
        widening, likely vascular.
        """,
        "EC+",
    ),
    report(
        """
        Since the prior study, there is worsening bilateral airspace disease, now
        diffuse. Endotracheal tube terminates 3 cm above the carina. Findings are
        compatible with ARDS, although superimposed pneumonia is not excluded.
        """,
        "LO+ SD+ PN?",
    ),
    report(
        """
        IMPRESSION:  No significant interval change.  Persistent small right pleural
        effusion and right basilar atelectasis.  No new consolidation.
        """,
        "EF+ AT+ CO0",
    ),
    report(
        """
        FINDINGS:  There is a rounded 3 cm mass in the left upper lobe.  Left hilar
        enlargement.  No effusion.

        IMPRESSION:  Left upper lobe mass, concerning for primary lung malignancy.
        Recommend CT chest with contrast.
        """,
        "LL+",
    ),
    report(
        """
        Patchy airspace opacities in the right lower lobe are slightly improved
        compared with ___. Small right effusion has resolved. No pneumothorax.
        """,
        "LO+ EF0 PX0",
    ),
    report(
        """
        IMPRESSION:  Cardiomegaly with mild interstitial edema, not significantly changed.
        Possible small bilateral effusions.
        """,
        "CM+ ED+ EF?",
    ),
    report(
        """
        FINDINGS:  Linear opacity at the right base likely represents scarring or
        atelectasis.  No focal consolidation.  No effusion.  Heart size normal.
        """,
        "LO+ AT? CO0 EF0 CM0",
    ),
    report(
        """
        The previously described left lower lobe nodule is no longer seen. Lungs are
        otherwise clear. No effusion.
        """,
        "NF LL0 EF0",
    ),
    # --- b136-b150: recommendations, limitations, history and dictation slips ---
    report(
        """
        INDICATION:  History of lymphoma.  Evaluate for mass.

        FINDINGS:  Heart size normal.  Lungs are clear.  No mediastinal widening.

        IMPRESSION:  No acute process.  If clinical concern for lymphadenopathy
        persists, CT is recommended.
        """,
        "NF",
    ),
    report(
        """
        Limited study due to patient rotation. Evaluation for pneumothorax is
        limited. No effusion or focal consolidation is seen. If there is concern
        for rib fracture, dedicated rib series is recommended.
        """,
        "NF EF0 CO0",
    ),
    report(
        """
        IMPRESSION:  Lungs are clear.  No acute cardiopulmonary process.  Recommend CT
        to further evaluate the pulmonary nodule described on the outside report.
        """,
        "NF",
    ),
    report(
        """
        INDICATION:  ___ with pneumonia last month, persistent cough.

        IMPRESSION:  Lungs clear.  No residual consolidation.  Normal heart size.
        """,
        "NF CO0 CM0",
    ),
    report(
        """
        Hx of CHF. Heart size normal. No edema. No pleural effusoin. Lungs clear.
        """,
        "NF CM0 ED0 EF0",
    ),
    report(
        """
        FINDINGS:  Small right effusoin.  Mild right basilar atelectsis.  No
        pnuemothorax.  Heart normal size.
        """,
        "EF+ AT+ PX0 CM0",
    ),
    report(
        """
        IMPRESSION:
        1.  Right lower lobe consolidaton, compatible with
        pneumonia.
        2.  No effusion..
        """,
        "CO+ PN+ EF0",
    ),
    report(
        """
        Lungs are clear no focal consolidation. heart size within normal limits no
        pleural effusion or pneumothorax
        """,
        "NF CO0 CM0 EF0 PX0",
    ),
    report(
        """
        COMPARISON:  ___.  Chest CT from ___ showed a 6 mm right lower lobe nodule.

        IMPRESSION:  No acute cardiopulmonary abnormality.
        """,
        "NF",
    ),
    report(
        """
        INDICATION:  Rule out pneumothorax after biopsy.

        FINDINGS:  Small right apical pneumothorax, new since the prebiopsy film.
        Minimal hemorrhage along the needle track in the right upper lobe.

        IMPRESSION:  Small right pneumothorax following lung biopsy.  Follow-up
        radiograph in 4 hours recommended.
        """,
        "PX+",
    ),
    report(
        """
        Portable semi-upright. The heart is enlarged. There is pulmonary
        edema with indistinct vascular markings. Small bilateral pleural
        effusions. NG tube in stomach.
        """,
        "CM+ ED+ EF+ SD+",
    ),
    report(
        """
        IMPRESSION:  No radiographic evidence of pneumonia.  Chronic interstitial
        opacities, unchanged.  Mild cardiomegally, stable.
        """,
        "PN0 LO+ CM+",
    ),
    report(
        """
        FINDINGS:  Postsurgical changes of CABG with intact sternotomy wires.
        Left ventricular configuration of the enlarged cardiac silhouette.
        Linear lingular opacity, atelectasis or scarring.  No effusion.
        """,
        "CM+ LO+ AT? EF0",
    ),
    report(
        """
        Hx breast cancer. Right chest wall port, catheter tip in
        the SVC. Lungs clear. No suspicious nodules. No effusions. Heart nl.
        """,
        "NF SD+ LL0 EF0 CM0",
    ),
    report(
        """
        IMPRESSION:  No pneumothorax, pleural effusion, consolidation, or pulmonary
        edema.  Heart size is within limits of normal.  No acute osseous
        abnormality.
        """,
        "NF PX0 EF0 CO0 ED0 CM0",
    ),
]


def rows() -> list[dict[str, str]]:
    """One CSV row per report, ids b001..b150, blank where an observation is not labeled."""
    table = []
    for number, (text, labels) in enumerate(REPORTS, start=1):
        row = {"report_id": f"b{number:03d}", "Reports": text}
        for name in CODES.values():
            row[name] = str(labels[name]) if name in labels else ""
        table.append(row)
    return table


def write(path: Path = OUTPUT) -> None:
    """Write the CSV through a temporary file and a rename, so a failed run leaves no half file."""
    if len(REPORTS) != 150:
        raise ValueError(f"expected 150 reports, found {len(REPORTS)}")
    texts = [text for text, _ in REPORTS]
    if len(set(texts)) != len(texts):
        raise ValueError("two reports have the same text")
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".csv.tmp")
    try:
        with os.fdopen(handle, "w", newline="", encoding="utf-8") as stream:
            writer = csv.DictWriter(stream, fieldnames=["report_id", "Reports", *CODES.values()])
            writer.writeheader()
            writer.writerows(rows())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


if __name__ == "__main__":
    write(Path(sys.argv[1]) if len(sys.argv) > 1 else OUTPUT)
