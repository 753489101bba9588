"""What a training run shows on the terminal: a progress bar per epoch and summary tables."""

from __future__ import annotations

import contextlib
import math
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from labelaudit.observations import COMPETITION_TASKS
from labelaudit.tables import Column, Table, to_rich
from labelaudit.train.metrics import ValidationScores

if TYPE_CHECKING:
    import pandas as pd

    from labelaudit.train.sources import DataSource


class Reporter:
    """Tables to ``out``; notes and progress bars to ``err``. Silent unless enabled (rank 0)."""

    def __init__(
        self, out: Console | None = None, err: Console | None = None, enabled: bool = True
    ) -> None:
        self.out = out or Console()
        self.console = err or Console(stderr=True)
        self.enabled = enabled
        self._epoch_header_shown = False

    def note(self, text: str) -> None:
        if self.enabled:
            self.console.print(text, highlight=False, soft_wrap=True)

    def table(self, table: Table) -> None:
        if self.enabled:
            self.out.print(to_rich(table))

    def data_summary(self, source: DataSource, table: pd.DataFrame, folds: int) -> None:
        """The data a run trains on: the source's notes, the split, and the label counts."""
        if not self.enabled:
            return
        from labelaudit.distribution import distribution_table
        from labelaudit.train.split import split_summary, summary_table, training_distribution

        for note in source.notes:
            self.note(f"[yellow]note:[/] {note}")
        self.out.print(to_rich(summary_table(split_summary(table))))
        if folds:
            self.out.print(f"--folds {folds}: every image above is held out once, by patient")
        else:
            self.out.print(to_rich(distribution_table(training_distribution(table))))

    def epoch_done(self, row: dict) -> None:
        """Print the finished epoch as one line under a header printed once per run."""
        if not self.enabled:
            return
        if not self._epoch_header_shown:
            self.out.print(epoch_header(), highlight=False, soft_wrap=True)
            self._epoch_header_shown = True
        self.out.print(epoch_line(row), highlight=False, soft_wrap=True)

    @contextlib.contextmanager
    def epoch(self, label: str, total_images: int) -> Iterator[Callable[[int, float], None]]:
        """Yield ``advance(images, loss)``, which moves the bar and shows loss and images/s."""
        if not self.enabled:
            yield lambda images, loss: None
            return
        progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("loss {task.fields[loss]:.4f}"),
            TextColumn("{task.fields[rate]:.1f} img/s"),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=self.console,
            transient=True,
        )
        task = progress.add_task(label, total=total_images, loss=math.nan, rate=0.0)
        with progress:

            def advance(images: int, loss: float) -> None:
                progress.advance(task, images)
                elapsed = progress.tasks[task].elapsed or 0.0
                done = progress.tasks[task].completed
                progress.update(task, loss=loss, rate=done / elapsed if elapsed else 0.0)

            yield advance


EPOCH_COLUMNS = (  # (header, width): one aligned text line per epoch, a log that never redraws
    ("epoch", 5),
    ("train loss", 10),
    ("img/s", 8),
    ("AUROC competition", 17),
    ("AUROC all", 9),
    ("time s", 8),
    ("best", 4),
)


def epoch_header() -> str:
    return "  ".join(name.rjust(width) for name, width in EPOCH_COLUMNS)


def epoch_line(row: dict) -> str:
    """One finished epoch: loss, throughput, validation AUROC; * marks the best so far."""
    cells = (
        str(row["epoch"]),
        f"{row['train_loss']:.4f}",
        f"{row['images_per_s']:.1f}",
        _fmt(row["valid_auroc_competition"]),
        _fmt(row["valid_auroc_mean"]),
        f"{row['seconds']:.1f}",
        "*" if row["best"] else "",
    )
    return "  ".join(
        cell.rjust(width) for cell, (_, width) in zip(cells, EPOCH_COLUMNS, strict=True)
    )


def _fmt(value: float | None) -> str:
    return "-" if value is None or math.isnan(value) else f"{value:.3f}"


def scores_table(scores: ValidationScores, best_epoch: int) -> Table:
    """Per observation AUROC and AUPRC with their bootstrap CIs, then the two means."""
    headers = ("observation", "pos", "neg", "AUROC", "95% CI", "AUPRC", "95% CI")
    rows = [
        [
            s.observation,
            str(s.positives),
            str(s.negatives),
            f"{s.auroc:.3f}",
            _ci(s.auroc_ci),
            f"{s.auprc:.3f}",
            _ci(s.auprc_ci),
        ]
        for s in scores.scores
    ]
    scored = sum(1 for s in scores.scores if s.observation in COMPETITION_TASKS)
    footer = [
        [f"mean, {scored} of {len(COMPETITION_TASKS)} competition tasks",
         "", "", _fmt(scores.competition_auroc), "", "", ""],
        ["mean, all scored", "", "", _fmt(scores.mean_auroc), "", "", ""],
    ]  # fmt: skip
    return Table(
        title=f"Validation, best epoch {best_epoch}",
        columns=[Column(h, align="left" if h == "observation" else "right") for h in headers],
        rows=rows,
        footer=footer,
        name="validation_scores",
    )


def _ci(ci: tuple[float, float] | None) -> str:
    return f"{ci[0]:.3f}-{ci[1]:.3f}" if ci else "-"
