"""One self-contained HTML page: each suspect label with its report evidence, the X-ray and
the saliency map side by side. Images are embedded (base64), so the page can be mailed."""

from __future__ import annotations

import base64
import html
import io
import math
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd
from PIL import Image, UnidentifiedImageError

from labelaudit.errors import InputError
from labelaudit.observations import VALUE_NAMES

THUMBNAIL = 256  # px, longest side
METHOD_PREFERENCE = ("gradcam", "gradient", "smoothgrad")

STYLE = """
body{font-family:system-ui,sans-serif;margin:2em;color:#222;max-width:1200px}
.suspect{border:1px solid #ccc;border-radius:6px;padding:1em;margin:1em 0;display:flex;gap:1.5em}
.text{flex:1;min-width:300px}.figures{display:flex;gap:.8em}
figure{margin:0;text-align:center;font-size:.8em;color:#555}
img{max-width:256px;border-radius:3px}
blockquote{background:#f6f6f6;margin:.5em 0;padding:.6em .8em;border-left:4px solid #999}
mark{background:#ffe27a}.rule{font-family:monospace;font-size:.85em;color:#555}
table.facts td,table.index td{padding:.1em .8em .1em 0}.none{color:#999;font-style:italic}
"""


def saliency_lookup(folder: Path) -> dict[tuple[str, str], Path]:
    """(absolute image path, observation) -> overlay PNG, from ``labelaudit saliency``'s index."""
    index_path = folder / "index.csv"
    if not index_path.is_file():
        raise InputError(f"{folder}: no index.csv; pass the --output folder of labelaudit saliency")
    try:
        index = pd.read_csv(index_path, dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise InputError(f"{index_path}: cannot be read ({type(exc).__name__})") from None
    needed = {"image", "observation", "method", "overlay_png"}
    if not needed <= set(index.columns):
        raise InputError(f"{index_path}: missing columns {', '.join(sorted(needed - set(index)))}")
    rank = {m: i for i, m in enumerate(METHOD_PREFERENCE)}
    index = index.assign(_rank=index["method"].map(rank).fillna(len(rank)))
    lookup: dict[tuple[str, str], Path] = {}
    for row in index.sort_values("_rank", kind="stable").itertuples():
        key = (str(Path(row.image).resolve()), row.observation)
        lookup.setdefault(key, folder / row.overlay_png)
    return lookup


def render_report(
    suspects: pd.DataFrame,
    *,
    title: str,
    summary: list[str],
    overlays: Mapping[tuple[str, str], Path] | None = None,
) -> str:
    """The page; ``suspects`` carries the evidence columns and an ``images`` column."""
    cards = [
        _card(rank, row, overlays or {}) for rank, row in enumerate(suspects.to_dict("records"), 1)
    ]
    if not cards:
        cards = [
            "<p class='none'>No suspect labels: the model agrees with every audited label.</p>"
        ]
    items = "".join(f"<li>{html.escape(line)}</li>" for line in summary)
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{html.escape(title)}</title><style>{STYLE}</style></head><body>"
        f"<h1>{html.escape(title)}</h1><ul>{items}</ul>{_contents(suspects)}"
        f"{''.join(cards)}</body></html>\n"
    )


def _contents(suspects: pd.DataFrame) -> str:
    """A compact table of all suspects, each linked to its card."""
    if suspects.empty:
        return ""
    head = "".join(f"<th>{h}</th>" for h in ("#", "report", "observation", "given", "p", "quality"))
    rows = "".join(
        f"<tr><td><a href='#s{rank}'>{rank}</a></td><td>{html.escape(str(row['report_id']))}</td>"
        f"<td>{html.escape(str(row['observation']))}</td>"
        f"<td>{html.escape(_label_name(row.get('given_label')))}</td>"
        f"<td>{float(row['probability']):.3f}</td><td>{float(row['label_quality']):.3f}</td></tr>"
        for rank, row in enumerate(suspects.to_dict("records"), 1)
    )
    return (
        f"<details><summary>All {len(suspects)} suspects</summary>"
        f"<table class='index'><tr>{head}</tr>{rows}</table></details>"
    )


def _card(rank: int, row: dict, overlays: Mapping[tuple[str, str], Path]) -> str:
    report_id, observation = str(row["report_id"]), str(row["observation"])
    given, audited = _label_name(row.get("given_label")), _label_name(row.get("audited_as"))
    facts = [("given label", given if given == audited else f"{given}, audited as {audited}")]
    facts += [
        ("model probability", f"{float(row['probability']):.3f}"),
        ("label quality", f"{float(row['label_quality']):.3f}"),
    ]
    rows = "".join(f"<tr><td>{k}</td><td><b>{html.escape(v)}</b></td></tr>" for k, v in facts)
    figures = []
    images = [p for p in str(row.get("images") or "").split(";") if p.strip()]
    for image in images[:2]:
        figures.append(_figure(Path(image), "X-ray"))
        overlay = overlays.get((str(Path(image).resolve()), observation))
        if overlay is not None:
            figures.append(_figure(overlay, "saliency"))
    return (
        f"<section class='suspect' id='s{rank}'><div class='text'>"
        f"<h3>#{rank} · report {html.escape(report_id)} · {html.escape(observation)}</h3>"
        f"<table class='facts'>{rows}</table>{_evidence(row)}</div>"
        f"<div class='figures'>{''.join(figures)}</div></section>"
    )


def _evidence(row: dict) -> str:
    sentence = row.get("sentence")
    if not isinstance(sentence, str) or not sentence:
        reason = row.get("evidence_note") or "no evidence"
        return f"<p class='none'>{html.escape(str(reason))}</p>"
    trigger = row.get("trigger") if isinstance(row.get("trigger"), str) else ""
    quoted = html.escape(sentence)
    if trigger:
        found = sentence.lower().find(trigger.lower())
        if found >= 0:
            end = found + len(trigger)
            quoted = (
                html.escape(sentence[:found])
                + f"<mark>{html.escape(sentence[found:end])}</mark>"
                + html.escape(sentence[end:])
            )
    rules = [
        f"{name}: {row[key]}"
        for name, key in (("mention rule", "mention_rule"), ("trigger rule", "trigger_rule"))
        if isinstance(row.get(key), str) and row[key]
    ]
    rule_text = "<br>".join(html.escape(r) for r in rules)
    return f"<blockquote>{quoted}</blockquote><div class='rule'>{rule_text}</div>"


def _label_name(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "blank (not mentioned)"
    return VALUE_NAMES.get(float(value), str(value))


def _figure(path: Path, caption: str) -> str:
    encoded = _thumbnail_base64(path)
    if encoded is None:
        return f"<figure><p class='none'>{html.escape(path.name)}: unreadable</p></figure>"
    return (
        f"<figure><img alt='{html.escape(caption)}' src='data:image/png;base64,{encoded}'>"
        f"<figcaption>{html.escape(caption)}: {html.escape(path.name)}</figcaption></figure>"
    )


def _thumbnail_base64(path: Path) -> str | None:
    try:
        with Image.open(path) as image:
            image.load()
            if image.mode.startswith("I"):  # 16-bit: scale, don't clip
                array = np.asarray(image, dtype=np.float64)
                image = Image.fromarray((array / max(array.max(), 1) * 255).astype(np.uint8))
            picture = image.convert("RGB")
    except (OSError, ValueError, UnidentifiedImageError):
        return None
    picture.thumbnail((THUMBNAIL, THUMBNAIL))
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    return base64.b64encode(buffer.getvalue()).decode("ascii")
