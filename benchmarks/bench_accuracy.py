"""Labeling accuracy on the team's own annotated report sets, against a plain negspacy labeler.

Both labelers get the same section choice (impression, else findings) and the same mention
phrases; the reference classifies each mention with negspacy's default clinical termset
(negated -> 0, else 1) and aggregates with CheXpert's precedence. Scores use the metric code
of ``labelaudit validate`` (micro averages, CheXbert conventions).

    python benchmarks/bench_accuracy.py [benchmarks/data/heldout_reports.csv ...]

``blind2_reports.csv`` and ``heldout_reports.csv`` were written independently of the rules and
are never used to tune them; ``dev_reports.csv`` and ``hard_reports.csv`` were written the same
way, but rule fixes came from their errors.
"""

from __future__ import annotations

import math
import re
import sys
import tempfile
from pathlib import Path

import pandas as pd
from rich.console import Console
from rich.table import Table

from labelaudit import Labeler
from labelaudit.labeler import sections
from labelaudit.labeler.aggregate import aggregate
from labelaudit.labelfile import format_value
from labelaudit.observations import OBSERVATIONS
from labelaudit.validation.run import ValidationInputs, ValidationOptions, score_validation

DATA = Path(__file__).parent / "data"
DEFAULT_SETS = [
    DATA / "blind2_reports.csv",
    DATA / "heldout_reports.csv",
    DATA / "hard_reports.csv",
    DATA / "dev_reports.csv",
]
METRICS = [
    ("mention F1", "mention.f1.micro"),
    ("positive F1", "positive.f1.micro"),
    ("negative F1", "negative.f1.micro"),
    ("uncertain F1", "uncertain.f1.micro"),
    ("weighted F1 (macro)", "weighted.f1.macro"),
    ("kappa (macro)", "kappa.macro"),
]


def negspacy_labeler(labeler: Labeler):
    """spaCy blank + sentencizer + EntityRuler (labelaudit's phrases) + negspacy negex."""
    import spacy
    from negspacy.negation import Negex  # noqa: F401  (registers the "negex" factory)

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    ruler = nlp.add_pipe("entity_ruler")
    patterns = []
    for rule in labeler.rules.mentions:
        tokens = []
        for word in rule.phrase.text.split(" "):
            if word.endswith("*"):
                tokens.append({"LOWER": {"REGEX": f"^{re.escape(word[:-1])}"}})
            else:
                tokens.extend({"LOWER": t.lower_} for t in nlp.tokenizer(word))
        patterns.append({"label": rule.observation, "pattern": tokens})
    ruler.add_patterns(patterns)
    nlp.add_pipe("negex")
    titles = sections.title_pattern(labeler.rules.section_titles)

    def label(text: str) -> dict[str, float]:
        found = sections.split_sections(text, titles, labeler.rules.section_titles)
        chosen = sections.choose(text, found, "auto")
        labels: dict[str, list[float]] = {}
        has_text = False
        for section in chosen:
            doc = nlp(text[section.start : section.end])
            has_text = has_text or bool(doc.text.strip("_ \n"))
            for ent in doc.ents:
                labels.setdefault(ent.label_, []).append(0.0 if ent._.negex else 1.0)
        return aggregate(labels, False, has_text)

    return label


def predict_file(gold: pd.DataFrame, label, path: Path) -> None:
    rows = []
    for report_id, text in zip(gold["report_id"], gold["Reports"], strict=True):
        values = label(text if isinstance(text, str) else "")
        rows.append([report_id, *(format_value(values[o]) for o in OBSERVATIONS)])
    pd.DataFrame(rows, columns=["report_id", *OBSERVATIONS]).to_csv(path, index=False)


def main(paths: list[Path]) -> None:
    labeler = Labeler()
    reference = negspacy_labeler(labeler)

    def ours(text: str) -> dict[str, float]:
        return labeler.label(text).values

    console = Console()
    for gold_path in paths:
        gold = pd.read_csv(gold_path, dtype={"report_id": str})
        table = Table(title=f"{gold_path.name}: {len(gold)} reports (micro averages)")
        table.add_column("metric")
        table.add_column("labelaudit", justify="right")
        table.add_column("negspacy reference", justify="right")
        scores = {}
        with tempfile.TemporaryDirectory() as tmp:
            for name, label in (("labelaudit", ours), ("reference", reference)):
                pred = Path(tmp) / f"{name}.csv"
                predict_file(gold, label, pred)
                result = score_validation(
                    ValidationInputs(gold=gold_path, pred=pred), ValidationOptions(n_resamples=0)
                )
                scores[name] = (result.evaluation.averages, len(result.errors))
        for title, key in METRICS:
            cells = [float(scores[n][0][key]) for n in ("labelaudit", "reference")]
            table.add_row(title, *("—" if math.isnan(c) else f"{c:.3f}" for c in cells))
        table.add_row("cells in error", *(str(scores[n][1]) for n in ("labelaudit", "reference")))
        console.print(table)


if __name__ == "__main__":
    main([Path(p) for p in sys.argv[1:]] or DEFAULT_SETS)
