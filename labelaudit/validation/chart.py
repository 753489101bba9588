"""PNG chart: mention F1 and weighted F1 per observation, with bootstrap CI bars."""

from __future__ import annotations

import io

import numpy as np

from labelaudit.validation.evaluate import Evaluation

SERIES: tuple[tuple[str, str, str], ...] = (
    ("mention.f1", "Mention F1", "#4c72b0"),
    ("weighted.f1", "Weighted F1 (CheXbert)", "#dd8452"),
)


def f1_chart_png(evaluation: Evaluation, *, dpi: int = 110) -> bytes:
    """Horizontal bars, one group per observation; an undefined F1 gets no bar, only '—'."""
    # The object API with an Agg canvas leaves pyplot's global state and backend alone.
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    observations = evaluation.observations
    m = len(observations)
    figure = Figure(figsize=(7.5, 0.45 * m + 1.8), dpi=dpi)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    positions = np.arange(m)
    height = 0.38
    for s, (key, label, colour) in enumerate(SERIES):
        values = evaluation.per_observation[key]
        offsets = positions + (s - 0.5) * height
        defined = ~np.isnan(values)
        error = None
        if evaluation.intervals is not None:
            low = evaluation.intervals.low[key]
            high = evaluation.intervals.high[key]
            error = np.vstack(
                [np.nan_to_num(values - low, nan=0.0), np.nan_to_num(high - values, nan=0.0)]
            ).clip(min=0.0)[:, defined]
        axes.barh(
            offsets[defined],
            values[defined],
            height=height,
            color=colour,
            label=label,
            xerr=error,
            error_kw={"ecolor": "#333333", "capsize": 2, "elinewidth": 0.8},
        )
        for y in offsets[~defined]:
            axes.text(0.01, y, "—", va="center", fontsize=8, color="#666666")
    support = evaluation.per_observation["mention.support"]
    labels = [f"{o} (n={int(n)})" for o, n in zip(observations, support, strict=True)]
    axes.set_yticks(positions, labels=labels, fontsize=8)
    axes.invert_yaxis()
    axes.set_xlim(0.0, 1.05)
    axes.set_xlabel("F1")
    axes.grid(axis="x", color="#dddddd", linewidth=0.6)
    axes.set_axisbelow(True)
    title = "F1 per observation"
    if evaluation.intervals is not None:
        title += f" ({evaluation.intervals.confidence:.0%} bootstrap CI)"
    axes.set_title(title, fontsize=10)
    axes.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.06), ncol=len(SERIES))
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
