"""One self-contained HTML page: each suspect label with its report evidence, the X-ray and
the saliency map side by side. Images are embedded (base64), so the page can be mailed."""

from __future__ import annotations

import base64
import html
import io
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from PIL import Image, UnidentifiedImageError

from labelaudit.audit.suspects import TRUSTED_AUROC
from labelaudit.errors import InputError
from labelaudit.observations import VALUE_NAMES, is_blank
from labelaudit.saliency.export import overlay_image
from labelaudit.validation.html_report import highlight

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
table.facts td,table.index td,table.trust td,table.trust th{padding:.1em .8em .1em 0}
.none{color:#999;font-style:italic}.num{text-align:right}tr.low td{color:#b42318}
.warn{background:#fff4e5;border-left:4px solid #e8590c;padding:.6em .8em}
.flag h4{margin:.6em 0 .2em}mark.trigger{background:#cde8ff}

"""


@dataclass(frozen=True)
class SaliencyMap:
    """One saliency export: the raw map (drawn here without the other model's caption) and,
    for folders written before maps were indexed, the captioned overlay."""

    method: str
    npy: Path | None
    overlay: Path


@dataclass(frozen=True)
class ModelQuality:
    """What the page needs to say how far to trust the flags, per observation."""

    audited: Mapping[str, int]
    auroc: Mapping[str, float]
    suspects: pd.DataFrame


def saliency_lookup(folder: Path) -> dict[tuple[str, str], SaliencyMap]:
    """(absolute image path, observation) -> its map, from ``labelaudit saliency``'s index."""
    index_path = folder / "index.csv"
    if not index_path.is_file():
        raise InputError(f"{folder}: no index.csv; give the output folder of labelaudit saliency")
    try:
        index = pd.read_csv(index_path, dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise InputError(f"{index_path}: cannot be read ({type(exc).__name__})") from None
    needed = {"image", "observation", "method", "overlay_png"}
    if not needed <= set(index.columns):
        raise InputError(f"{index_path}: missing columns {', '.join(sorted(needed - set(index)))}")
    rank = {m: i for i, m in enumerate(METHOD_PREFERENCE)}
    index = index.assign(_rank=index["method"].map(rank).fillna(len(rank)))
    lookup: dict[tuple[str, str], SaliencyMap] = {}
    for row in index.sort_values("_rank", kind="stable").to_dict("records"):
        key = (str(Path(row["image"]).resolve()), row["observation"])
        npy = folder / row["map_npy"] if row.get("map_npy") else None
        lookup.setdefault(key, SaliencyMap(row["method"], npy, folder / row["overlay_png"]))
    return lookup


def render_report(
    suspects: pd.DataFrame,
    *,
    title: str,
    summary: list[str],
    model: ModelQuality | None = None,
    overlays: Mapping[tuple[str, str], SaliencyMap] | None = None,
) -> str:
    """The page: how far to trust the model, then one card per report (all its flags)."""
    groups = _by_report(suspects)
    cards = [_card(rank, rows, overlays or {}) for rank, rows in enumerate(groups, 1)]
    if not cards:
        cards = [
            "<p class='none'>No suspect labels: the model agrees with every audited label.</p>"
        ]
    items = "".join(f"<li>{html.escape(line)}</li>" for line in summary)
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{html.escape(title)}</title><style>{STYLE}</style></head><body>"
        f"<h1>{html.escape(title)}</h1>{_trust(model)}<ul>{items}</ul>{_contents(groups)}"
        f"{''.join(cards)}</body></html>\n"
    )


def _by_report(suspects: pd.DataFrame) -> list[list[dict]]:
    """Suspects grouped by report, in order of each report's most doubtful label."""
    groups: dict[str, list[dict]] = {}
    for row in suspects.to_dict("records"):
        groups.setdefault(str(row["report_id"]), []).append(row)
    return list(groups.values())


def _trust(model: ModelQuality | None) -> str:
    """Per observation: the out-of-fold AUROC, the flags, and a warning where it is too low."""
    if model is None or not model.auroc:
        return ""
    flagged = model.suspects["observation"].value_counts() if len(model.suspects) else {}
    rows, weak = [], []
    for observation, auroc in model.auroc.items():
        low = auroc < TRUSTED_AUROC
        if low:
            weak.append(observation)
        rows.append(
            f"<tr{' class=low' if low else ''}><td>{html.escape(observation)}</td>"
            f"<td class=num>{auroc:.3f}</td><td class=num>{model.audited.get(observation, 0)}</td>"
            f"<td class=num>{int(flagged.get(observation, 0))}</td>"
            f"<td>{'too low: treat its flags as noise' if low else 'usable'}</td></tr>"
        )
    warning = ""
    if weak:
        warning = (
            f"<p class=warn>Warning: the out-of-fold model separates {len(weak)} of "
            f"{len(model.auroc)} observations with an AUROC under {TRUSTED_AUROC:.2f} "
            f"({html.escape(', '.join(weak))}). Confident learning can only be as right as the "
            "model: there, most flags are the model's mistakes, not the labels'. Train the "
            "folds longer or larger before acting on them.</p>"
        )
    head = "".join(
        f"<th>{h}</th>"
        for h in ("observation", "out-of-fold AUROC", "labels audited", "flagged", "trust")
    )
    return (
        "<h2>How far to trust these flags</h2>"
        "<p>Every probability on this page is out-of-fold: it comes from the fold model that "
        "did not train on that report's image. AUROC is against the audited report labels."
        f"</p>{warning}<table class=trust><tr>{head}</tr>{''.join(rows)}</table>"
    )


def _contents(groups: list[list[dict]]) -> str:
    """A compact table of all suspects, each linked to its report's card."""
    if not groups:
        return ""
    head = "".join(f"<th>{h}</th>" for h in ("#", "report", "observation", "given", "p", "quality"))
    rows = "".join(
        f"<tr><td><a href='#s{rank}'>{rank}</a></td><td>{html.escape(str(row['report_id']))}</td>"
        f"<td>{html.escape(str(row['observation']))}</td>"
        f"<td>{html.escape(_label_name(row.get('given_label')))}</td>"
        f"<td>{float(row['probability']):.3f}</td><td>{float(row['label_quality']):.3f}</td></tr>"
        for rank, rows_ in enumerate(groups, 1)
        for row in rows_
    )
    total = sum(len(g) for g in groups)
    return (
        f"<details><summary>All {total} suspects in {len(groups)} reports</summary>"
        f"<table class='index'><tr>{head}</tr>{rows}</table></details>"
    )


def _card(rank: int, rows: list[dict], overlays: Mapping[tuple[str, str], SaliencyMap]) -> str:
    report_id = str(rows[0]["report_id"])
    observations = ", ".join(str(r["observation"]) for r in rows)
    flags, figures = [], []
    images = [p for p in str(rows[0].get("images") or "").split(";") if p.strip()]
    for image in images[:2]:
        figures.append(_figure(Path(image), "X-ray"))
    for row in rows:
        flags.append(_flag(row))
        for image in images[:2]:
            found = overlays.get((str(Path(image).resolve()), str(row["observation"])))
            if found is not None:
                figures.append(_saliency_figure(Path(image), found, str(row["observation"])))
    return (
        f"<section class='suspect' id='s{rank}'><div class='text'>"
        f"<h3>#{rank} · report {html.escape(report_id)} · {html.escape(observations)}</h3>"
        f"{''.join(flags)}</div><div class='figures'>{''.join(figures)}</div></section>"
    )


def _flag(row: dict) -> str:
    given, audited = _label_name(row.get("given_label")), _label_name(row.get("audited_as"))
    facts = [("given label", given if given == audited else f"{given}, audited as {audited}")]
    facts += [
        ("out-of-fold probability", f"{float(row['probability']):.3f}"),
        ("label quality", f"{float(row['label_quality']):.3f}"),
    ]
    cells = "".join(f"<tr><td>{k}</td><td><b>{html.escape(v)}</b></td></tr>" for k, v in facts)
    return (
        f"<div class='flag'><h4>{html.escape(str(row['observation']))}</h4>"
        f"<table class='facts'>{cells}</table>{_evidence(row)}</div>"
    )


def _evidence(row: dict) -> str:
    sentence = row.get("sentence")
    if not isinstance(sentence, str) or not sentence:
        reason = row.get("evidence_note") or "no evidence"
        return f"<p class='none'>{html.escape(str(reason))}</p>"
    mention, trigger = (
        text if isinstance(text := row.get(k), str) else "" for k in ("mention", "trigger")
    )
    rules = [
        f"{name}: {row[key]}"
        for name, key in (("mention rule", "mention_rule"), ("trigger rule", "trigger_rule"))
        if isinstance(row.get(key), str) and row[key]
    ]
    rule_text = "<br>".join(html.escape(r) for r in rules)
    quoted = highlight(sentence, mention, trigger)
    return f"<blockquote>{quoted}</blockquote><div class='rule'>{rule_text}</div>"


def _label_name(value: float | str | None) -> str:
    if value is None or is_blank(value):
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


def _saliency_figure(image: Path, found: SaliencyMap, observation: str) -> str:
    """The map drawn over the X-ray without the saliency run's caption: that caption quotes the
    probability of the model the maps came from, which is not the out-of-fold model above."""
    caption = f"{found.method} map of {observation}, from the saliency run's model"
    picture = _clean_overlay(image, found.npy) if found.npy is not None else None
    if picture is None:
        return _figure(found.overlay, caption)
    return (
        f"<figure><img alt='saliency' src='data:image/png;base64,{_encode(picture)}'>"
        f"<figcaption>{html.escape(caption)}</figcaption></figure>"
    )


def _clean_overlay(image: Path, npy: Path) -> Image.Image | None:
    try:
        saliency = np.load(npy)
        with Image.open(image) as opened:
            gray = opened.convert("L").resize(
                (saliency.shape[1], saliency.shape[0]), Image.Resampling.BILINEAR
            )
    except (OSError, ValueError, UnidentifiedImageError):
        return None
    return overlay_image(np.asarray(gray, dtype=np.float64) / 255.0, saliency, caption=())


def _encode(picture: Image.Image) -> str:
    picture = picture.convert("RGB")
    picture.thumbnail((THUMBNAIL, THUMBNAIL))
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    return base64.b64encode(buffer.getvalue()).decode("ascii")


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
    return _encode(picture)
