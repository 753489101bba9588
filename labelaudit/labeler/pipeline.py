"""The spaCy pipeline the Labeler runs: a blank English tokenizer tuned for reports."""

from __future__ import annotations

from typing import cast

import spacy
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

# "2.Cardiomegaly" and "3)Effusion" (list numbers glued to a word) and "effusion.Heart"
# (a missing space) split; "1.5" stays whole because a digit follows the period.
_EXTRA_INFIXES = (r"(?<=[0-9])[.)](?=[A-Za-z])", r"(?<=[a-z])\.(?=[A-Z])")
# MIMIC's de-identification blank "___" stays one token, as Open-i's "XXXX" already is.
_DEID_AFFIX = r"_{2,}"


def build_nlp(rules_path: str | None, sections: str, aggregation: str) -> Language:
    nlp = spacy.blank("en")
    # Language types its tokenizer as any callable; a blank pipeline has spaCy's Tokenizer.
    tokenizer = cast(Tokenizer, nlp.tokenizer)
    defaults = nlp.Defaults
    infixes = [*(defaults.infixes or ()), *_EXTRA_INFIXES]
    tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    prefixes = [_DEID_AFFIX, *(defaults.prefixes or ())]
    suffixes = [_DEID_AFFIX, *(defaults.suffixes or ())]
    tokenizer.prefix_search = compile_prefix_regex(prefixes).search
    tokenizer.suffix_search = compile_suffix_regex(suffixes).search
    nlp.add_pipe(
        "labelaudit_chexpert",
        config={"rules": rules_path, "sections": sections, "aggregation": aggregation},
    )
    return nlp
