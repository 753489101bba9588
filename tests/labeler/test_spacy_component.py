"""labelaudit_chexpert as a component of someone else's spaCy pipeline."""

from __future__ import annotations

import subprocess
import sys

import spacy


def test_add_pipe_in_a_blank_pipeline() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("labelaudit_chexpert")
    doc = nlp("FINDINGS: Big heart.\nIMPRESSION: No pneumothorax. Possible small left effusion.")
    assert doc._.chexpert["Pneumothorax"] == 0.0
    assert doc._.chexpert["Pleural Effusion"] == -1.0
    assert doc._.chexpert["Cardiomegaly"] != doc._.chexpert["Cardiomegaly"]  # findings skipped
    labels = {span.label_ for span in doc.spans["labelaudit_mentions"]}
    assert labels == {"Pneumothorax", "Pleural Effusion"}
    assert {m.observation for m in doc._.chexpert_mentions} == labels


def test_component_config_and_own_sentences() -> None:
    nlp = spacy.blank("en")  # no sentencizer: the component sets its own boundaries
    nlp.add_pipe("labelaudit_chexpert", config={"sections": "all", "aggregation": "negbio"})
    doc = nlp("FINDINGS: Cardiomegaly. IMPRESSION: No pneumothorax.")
    assert doc._.chexpert["Cardiomegaly"] == 1.0


def test_factory_is_found_without_importing_labelaudit() -> None:
    code = (
        "import sys, spacy\n"
        "nlp = spacy.blank('en'); nlp.add_pipe('labelaudit_chexpert')\n"
        "print(nlp('No pneumothorax.')._.chexpert['Pneumothorax'])\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "0.0"


def test_import_labelaudit_does_not_import_spacy_or_torch() -> None:
    code = "import sys, labelaudit; print('spacy' in sys.modules, 'torch' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False False"


def test_an_upstream_sentencizer_does_not_change_the_labels() -> None:
    text = "Heart size normal\nNo pneumothorax; possible small effusion. Lines unchanged."
    plain = spacy.blank("en")
    plain.add_pipe("labelaudit_chexpert")
    with_sentencizer = spacy.blank("en")
    with_sentencizer.add_pipe("sentencizer")
    with_sentencizer.add_pipe("labelaudit_chexpert")
    ours, theirs = plain(text), with_sentencizer(text)
    assert [m.to_dict() for m in ours._.chexpert_mentions] == [
        m.to_dict() for m in theirs._.chexpert_mentions
    ]
    assert [s.text for s in theirs.sents] != [s.text for s in ours.sents]  # theirs are kept
