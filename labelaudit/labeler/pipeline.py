"""The spaCy pipeline the Labeler runs: a blank English tokenizer tuned for reports."""

from __future__ import annotations

import spacy
from spacy.language import Language
from spacy.util import compile_infix_regex

# "2.Cardiomegaly" and "3)Effusion" (list numbers glued to a word) and "effusion.Heart"
# (a missing space) split; "1.5" stays whole because a digit follows the period.
_EXTRA_INFIXES = (r"(?<=[0-9])[.)](?=[A-Za-z])", r"(?<=[a-z])\.(?=[A-Z])")


def build_nlp(rules_path: str | None, sections: str, aggregation: str) -> Language:
    nlp = spacy.blank("en")
    infixes = list(nlp.Defaults.infixes) + list(_EXTRA_INFIXES)
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    nlp.add_pipe(
        "labelaudit_chexpert",
        config={"rules": rules_path, "sections": sections, "aggregation": aggregation},
    )
    return nlp
