"""One self-contained HTML page: summary, chart, tables and the readable error audit.

Inline CSS, the chart embedded as base64, no scripts and no external links, so the page
can be mailed or archived as one file.
"""

from __future__ import annotations

import base64
import html
import re
from collections.abc import Sequence

from labelaudit.labelfile import format_value
from labelaudit.observations import NO_FINDING
from labelaudit.tables import Table, to_html
from labelaudit.validation.error_audit import (
    ERROR_KINDS,
    FALSE,
    MISSED,
    NEGATION,
    NO_FINDING_DISAGREEMENT,
    UNCERTAINTY,
    ErrorRow,
    count_by_kind,
)
from labelaudit.validation.evaluate import Evaluation
from labelaudit.validation.metrics import CLASS_SHORT

_CSS = """
body{font:15px/1.5 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#1f2328;
 max-width:1200px;margin:2em auto;padding:0 1.5em;background:#fafafa}
h1{font-size:1.6em;margin-bottom:.2em}h2{margin-top:2em;border-bottom:2px solid #e1e4e8;
 padding-bottom:.2em}h3{margin-top:1.6em}
nav a{margin-right:1em}dl.facts{display:grid;grid-template-columns:max-content auto;
 gap:.2em 1em}dl.facts dt{font-weight:600;color:#57606a}dl.facts dd{margin:0}
table{border-collapse:collapse;margin:.8em 0;background:#fff;font-size:.9em}
th,td{border:1px solid #d0d7de;padding:.3em .6em}th{background:#f0f3f6;text-align:left}
td.num{text-align:right;font-variant-numeric:tabular-nums}tr.avg td{font-weight:600;
 background:#f6f8fa}ul.notes{font-size:.85em;color:#57606a}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(250px,1fr));gap:1em}
.matrix table{margin:.3em 0}.matrix td.hit{background:#dafbe1}.matrix td.miss{background:#ffebe9}
.error{background:#fff;border:1px solid #d0d7de;border-left:5px solid #cf222e;
 border-radius:6px;padding:.6em 1em;margin:.6em 0}
.error header{display:flex;gap:.8em;align-items:baseline;flex-wrap:wrap}
.badge{font-size:.8em;padding:.1em .6em;border-radius:1em;background:#eaeef2}
.k0{border-left-color:#bf8700}.k1{border-left-color:#8250df}.k2{border-left-color:#cf222e}
.k3{border-left-color:#0969da}.k4{border-left-color:#1a7f37}
.values code{font-size:1em}.sentence{margin:.3em 0 .3em 1em}
mark{background:#fff8c5;padding:0 .15em;border-radius:3px}
mark.trigger{background:#ddf4ff}.meta{font-size:.85em;color:#57606a;margin-left:1em}
details pre{white-space:pre-wrap;background:#f6f8fa;padding:.6em;border-radius:6px}
img.chart{max-width:100%;background:#fff;border:1px solid #d0d7de}
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def confusion_html(evaluation: Evaluation) -> str:
    cards = []
    for j, observation in enumerate(evaluation.observations):
        matrix = evaluation.confusion[j]
        head = "".join(f"<th>{_e(p)}</th>" for p in CLASS_SHORT)
        rows = []
        for g, gold_label in enumerate(CLASS_SHORT):
            cells = []
            for p in range(len(CLASS_SHORT)):
                value = int(matrix[g, p])
                css = "hit" if g == p and value else ("miss" if value else "")
                cells.append(f'<td class="num {css}">{value}</td>')
            rows.append(f"<tr><th>{_e(gold_label)}</th>{''.join(cells)}</tr>")
        cards.append(
            f'<div class="matrix"><strong>{_e(observation)}</strong>'
            f"<table><tr><th>gold \\ pred</th>{head}</tr>{''.join(rows)}</table></div>"
        )
    return f'<div class="grid">{"".join(cards)}</div>'


def highlight(sentence: str, mention: str, trigger: str) -> str:
    """The sentence, escaped, with the mention and the trigger marked where they occur as
    whole words (the first occurrence of each that does not overlap the other)."""
    spans: list[tuple[int, int, str]] = []
    for text, css in ((mention, "mention"), (trigger, "trigger")):
        if not text:
            continue
        # whole words only: the trigger "or" must not light up inside "normally"
        found = re.search(rf"(?<!\w){re.escape(text)}(?!\w)", sentence, flags=re.IGNORECASE)
        if found and not any(found.start() < e and s < found.end() for s, e, _ in spans):
            spans.append((found.start(), found.end(), css))
    out, position = [], 0
    for start, end, css in sorted(spans):
        out.append(_e(sentence[position:start]))
        out.append(f'<mark class="{css}">{_e(sentence[start:end])}</mark>')
        position = end
    out.append(_e(sentence[position:]))
    return "".join(out)


def _value(value: float) -> str:
    return format_value(value) or "blank"


def error_html(row: ErrorRow, has_evidence: bool) -> str:
    kind_index = ERROR_KINDS.index(row.kind)
    parts = [
        f'<div class="error k{kind_index}"><header><strong>{_e(row.report_id)}</strong>'
        f'<span class="badge">{_e(row.kind)}</span><span class="values">gold '
        f"<code>{_value(row.gold)}</code> → predicted <code>{_value(row.predicted)}</code>"
        "</span></header>"
    ]
    for record in row.evidence:
        sentence = str(record.get("sentence") or "")
        mention = str(record.get("text") or "")
        trigger = str(record.get("trigger") or "")
        parts.append(f'<div class="sentence">{highlight(sentence, mention, trigger)}</div>')
        facts = [f"{record.get('observation')}: {record.get('class')}"]
        if record.get("mention_rule"):
            facts.append(f"mention rule {record.get('mention_rule')}")
        if trigger:
            facts.append(f"trigger “{trigger}” ({record.get('trigger_rule') or 'no rule id'})")
        parts.append(f'<div class="meta">{_e(" · ".join(facts))}</div>')
    if not row.evidence and has_evidence:
        missing = (
            "no positive or uncertain finding"
            if row.observation == NO_FINDING
            else f"no mention of {_e(row.observation)}"
        )
        parts.append(f'<div class="meta">The labeler found {missing} in this report.</div>')
    if row.report:
        parts.append(f"<details><summary>Report</summary><pre>{_e(row.report)}</pre></details>")
    parts.append("</div>")
    return "".join(parts)


KIND_DEFINITIONS: dict[str, str] = {
    MISSED: "the gold has a value (1, 0 or -1), the prediction is blank",
    FALSE: "the gold is blank, the prediction has a value",
    NEGATION: "one side says positive (1), the other negative (0)",
    UNCERTAINTY: "both have a value and one of them is uncertain (-1)",
    NO_FINDING_DISAGREEMENT: "No Finding differs (it depends on every other finding)",
}


def _legend() -> str:
    items = "".join(
        f'<li><span class="badge">{_e(kind)}</span> {_e(text)}</li>'
        for kind, text in KIND_DEFINITIONS.items()
    )
    return (
        f'<details><summary>What the kinds mean</summary><ul class="notes">{items}</ul></details>'
    )


def errors_html(rows: Sequence[ErrorRow], observations: Sequence[str], has_evidence: bool) -> str:
    if not rows:
        return "<p>No disagreements: the predictions match the gold labels everywhere.</p>"
    counts = count_by_kind(rows)
    summary = ", ".join(f"{n} {kind}" for kind, n in counts.items() if n)
    head = "".join(f"<th>{_e(k)}</th>" for k in ERROR_KINDS)
    table_rows = []
    sections = []
    for observation in observations:
        mine = [r for r in rows if r.observation == observation]
        if not mine:
            continue
        anchor = "err-" + re.sub(r"\W+", "-", observation.lower())
        per_kind = count_by_kind(mine)
        cells = "".join(f'<td class="num">{per_kind[k] or ""}</td>' for k in ERROR_KINDS)
        table_rows.append(f'<tr><td><a href="#{anchor}">{_e(observation)}</a></td>{cells}</tr>')
        body = "".join(error_html(r, has_evidence) for r in mine)
        sections.append(f'<h3 id="{anchor}">{_e(observation)} ({len(mine)})</h3>{body}')
    note = (
        ""
        if has_evidence
        else '<p class="meta">No labeler evidence was available for these predictions.</p>'
    )
    return (
        f"<p>{len(rows)} disagreements: {_e(summary)}.</p>{note}{_legend()}"
        f"<table><tr><th>Observation</th>{head}</tr>{''.join(table_rows)}</table>"
        + "".join(sections)
    )


def validation_page(
    *,
    evaluation: Evaluation,
    tables: Sequence[Table],
    errors: Sequence[ErrorRow],
    chart_png: bytes,
    facts: dict[str, str],
    has_evidence: bool,
) -> str:
    chart = base64.b64encode(chart_png).decode("ascii")
    facts_html = "".join(f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in facts.items())
    body = [
        "<h1>labelaudit validation</h1>",
        '<nav><a href="#chart">Chart</a><a href="#tables">Tables</a>'
        '<a href="#confusion">Confusion matrices</a><a href="#errors">Error audit</a></nav>',
        f'<dl class="facts">{facts_html}</dl>',
        '<h2 id="chart">F1 per observation</h2>',
        f'<img class="chart" alt="F1 per observation" src="data:image/png;base64,{chart}">',
        '<h2 id="tables">Tables</h2>',
        *(to_html(t) for t in tables if t.name != "confusion"),
        '<h2 id="confusion">Confusion matrices (rows: gold, columns: predicted)</h2>',
        confusion_html(evaluation),
        '<h2 id="errors">Error audit</h2>',
        errors_html(errors, evaluation.observations, has_evidence),
    ]
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>labelaudit validation</title><style>{_CSS}</style></head>"
        f"<body>{''.join(body)}</body></html>\n"
    )
