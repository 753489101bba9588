"""``index.html`` of a saliency run: one place to read every contact sheet with its colour
scale, its localisation figures and the method's sanity verdict.

The page links the contact sheets beside it (relative paths) instead of embedding them, so
it stays small and opens from the folder as written.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from pathlib import Path

import pandas as pd
from matplotlib import colormaps

from labelaudit.atomic import atomic_write_text
from labelaudit.observations import slug
from labelaudit.saliency.export import CLIP_PERCENTILE, COLOURMAP
from labelaudit.saliency.randomization import SanityResult
from labelaudit.wording import plural

PAGE = "index.html"
STYLE = """
body{font-family:system-ui,sans-serif;margin:2em;color:#222;max-width:1400px}
table{border-collapse:collapse}td,th{padding:.15em .8em .15em 0;text-align:left}
.num{text-align:right}.bar{height:14px;width:360px;border:1px solid #999}
.scale{display:flex;justify-content:space-between;width:362px;font-size:.8em;color:#555}
figure{margin:1em 0}figure img{max-width:100%;border:1px solid #ccc}
.stamp{display:inline-block;border:3px solid #b42318;color:#b42318;font-weight:bold;
padding:.1em .5em;transform:rotate(-3deg);letter-spacing:.05em}
.passed{color:#1a7f37}.undetermined,.notrun{color:#777}
"""


def write_index(
    output: Path,
    rows: Sequence[dict],
    sanity: Sequence[SanityResult],
    validity: pd.DataFrame | None,
    *,
    run: Path,
    sheets: str | None,
) -> Path:
    """Write ``output/index.html`` and return its path; ``sheets`` is the contact sheets'
    folder, None when none were written (``--top 0``)."""
    table = pd.DataFrame(rows)
    verdicts = {s.method: s.verdict for s in sanity}
    methods = list(dict.fromkeys(table["method"]))
    sections = [
        _observation(observation, group, methods, verdicts, validity, sheets)
        for observation, group in table.groupby("observation", sort=False)
    ]
    images = table["image"].nunique()
    page = (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>Saliency maps: {_e(run)}</title><style>{STYLE}</style></head><body>"
        f"<h1>Saliency maps of {_e(run)}</h1>"
        f"<p>{plural(images, 'image')} × {plural(table['observation'].nunique(), 'observation')}"
        f" × {plural(len(methods), 'method')}; every map is listed in "
        "<a href='index.csv'>index.csv</a>.</p>"
        f"{_colour_bar(has_masks=validity is not None)}{_sanity_table(sanity)}"
        f"{''.join(sections)}</body></html>\n"
    )
    path = output / PAGE
    atomic_write_text(path, page)
    return path


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _colour_bar(has_masks: bool) -> str:
    stops = ", ".join(
        "rgb({},{},{}) {}%".format(
            *(round(255 * c) for c in colormaps[COLOURMAP](k / 10)[:3]), k * 10
        )
        for k in range(11)
    )
    outline = (
        "<p>The white line on a map is the outline of the finding as drawn (its mask).</p>"
        if has_masks
        else ""
    )
    return (
        "<h2>Colour scale</h2><p>Each map is scaled on its own: 0 is no attribution, the top "
        f"of the scale is the map's {CLIP_PERCENTILE}th percentile (brighter pixels are "
        "clipped). The colour is laid over the film with an opacity that grows with the value, so "
        "low values barely tint it. Colours compare places within one map, not maps with each "
        "other.</p>"
        f"<div class='bar' style='background:linear-gradient(to right, {stops})'></div>"
        f"<div class='scale'><span>0</span><span>half</span>"
        f"<span>{CLIP_PERCENTILE}th percentile and above</span></div>{outline}"
    )


def _sanity_table(sanity: Sequence[SanityResult]) -> str:
    if not sanity:
        return "<p>The model-randomisation check was not run (--sanity-images 0).</p>"
    rows = "".join(
        f"<tr><td>{_e(s.method)}</td><td class=num>{s.pairs}</td>"
        f"<td class=num>{s.mean_rho:.3f}</td><td>{_verdict(s.verdict)}</td></tr>"
        for s in sanity
    )
    return (
        "<h2>Model-randomisation check</h2><p>Spearman ρ between the maps of the trained "
        f"model and of the same model with random weights (Adebayo et al. 2018). A method "
        f"with mean ρ ≥ {sanity[0].threshold} fails: its maps follow the image, not what the "
        "model learned.</p><table><tr><th>method</th><th>pairs</th><th>mean ρ</th>"
        f"<th>verdict</th></tr>{rows}</table>"
    )


def _verdict(verdict: str) -> str:
    if verdict == "FAILED":
        return "<span class='stamp'>FAILED</span>"
    return f"<span class='{verdict.replace(' ', '')}'>{_e(verdict)}</span>"


def _observation(observation, group, methods, verdicts, validity, sheets) -> str:
    figures = []
    for method in methods:
        maps = int((group["method"] == method).sum())
        if not maps:
            continue
        verdict = verdicts.get(method, "not run")
        picture = "<p>No contact sheet (--top 0).</p>"
        if sheets is not None:
            sheet = _e(f"{sheets}/{method}__{slug(observation)}.png")
            picture = (
                f"<a href='{sheet}'><img src='{sheet}' alt='contact sheet' loading='lazy'></a>"
            )
        figures.append(
            f"<figure><figcaption><b>{_e(method)}</b>: {maps} maps · sanity check "
            f"{_verdict(verdict)}{_localisation(validity, method, observation)}</figcaption>"
            f"{picture}</figure>"
        )
    return f"<h2>{_e(observation)}</h2>{''.join(figures)}"


def _localisation(validity: pd.DataFrame | None, method: str, observation: str) -> str:
    if validity is None or validity.empty:
        return ""
    found = validity[(validity["method"] == method) & (validity["observation"] == observation)]
    if found.empty:
        return " · no drawn masks for this finding"
    row = found.iloc[0]
    return (
        f" · pointing game {row['hit_rate']:.3f}, energy in mask {row['energy_inside']:.3f} "
        f"(chance {row['chance']:.3f}, {int(row['maps'])} masked maps)"
    )
