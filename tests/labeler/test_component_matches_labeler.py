"""The spaCy component and ``Labeler`` share one implementation: same values, same evidence."""

from __future__ import annotations

import math

import pytest
from report_pool import report_pool

from labelaudit import Labeler
from labelaudit.errors import OptionError
from labelaudit.labeler.pipeline import build_nlp

POOL = report_pool(500)
SETTINGS = [
    ("auto", "chexpert"),
    ("mimic", "negbio"),
    ("all", "chexpert"),
    ("findings,impression", "negbio"),
    ("impression", "chexpert"),
]


def _values(values: dict[str, float]) -> dict[str, float | None]:
    return {k: None if math.isnan(v) else v for k, v in values.items()}


@pytest.mark.parametrize(("sections", "aggregation"), SETTINGS)
def test_component_labels_like_the_labeler(sections: str, aggregation: str) -> None:
    labeler = Labeler(sections=sections, aggregation=aggregation)
    nlp = build_nlp(None, sections, aggregation)
    mentions = 0
    for text, result, doc in zip(
        POOL, labeler.label_many(POOL), nlp.pipe(POOL, batch_size=64), strict=True
    ):
        assert _values(doc._.chexpert) == _values(result.values), text
        assert [m.to_dict() for m in doc._.chexpert_mentions] == [
            m.to_dict() for m in result.mentions
        ], text
        assert [(s.start_char, s.end_char) for s in doc.spans["labelaudit_mentions"]] == [
            (m.start, m.end) for m in result.mentions
        ]
        mentions += len(result.mentions)
    assert mentions > 300  # the pool has evidence to compare, not blank reports


def test_the_pool_has_sections_and_plain_reports() -> None:
    titled = sum("IMPRESSION:" in text.upper() for text in POOL)
    assert len(POOL) == 500 and 100 < titled < 400


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ({"aggregation": "majority"}, "unknown aggregation 'majority'; expected one of"),
        ({"sections": " , "}, "expected one of auto, mimic, all or a comma list"),
    ],
)
def test_labeler_and_component_reject_an_option_alike(config: dict, message: str) -> None:
    with pytest.raises(OptionError, match=message) as from_labeler:
        Labeler(**config)
    with pytest.raises(OptionError, match=message) as from_component:
        build_nlp(None, config.get("sections", "auto"), config.get("aggregation", "chexpert"))
    assert str(from_labeler.value) == str(from_component.value)
