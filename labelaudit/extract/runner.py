"""Label chunks of reports in this process or in a pool of worker processes, in input order.

Measured by the team: spaCy's own ``nlp.pipe(n_process=2)`` was 3-4x slower than one process,
because it ships Docs between processes. A pool over chunks that builds one Labeler per
worker and returns plain values scales with the cores instead.
"""

from __future__ import annotations

import contextlib
import difflib
import multiprocessing
import signal
import sys
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from labelaudit.errors import OptionError, WorkerError
from labelaudit.extract.records import Report, RowResult
from labelaudit.observations import BLANK, OBSERVATIONS

if TYPE_CHECKING:
    from labelaudit.labeler import Labeler, ReportLabels

BLANK_ROW: tuple[float, ...] = (BLANK,) * len(OBSERVATIONS)


@dataclass(frozen=True)
class LabelerOptions:
    """Everything a worker needs to build the same Labeler as the main process."""

    rules: Path | None = None
    sections: str = "auto"
    aggregation: str = "chexpert"

    def build(self) -> Labeler:
        with _torch_hidden():
            from labelaudit.labeler import Labeler

        rules = str(self.rules) if self.rules is not None else None
        # Labeler raises OptionError itself for a malformed sections or aggregation value.
        labeler = Labeler(rules=rules, sections=self.sections, aggregation=self.aggregation)
        _check_section_names(labeler)
        return labeler


def _check_section_names(labeler: Labeler) -> None:
    """A section name the rules do not know would leave every report blank: refuse it."""
    if isinstance(labeler.policy, str):
        return  # auto, mimic or all
    known = sorted({*labeler.rules.section_titles.values(), "untitled"})
    for name in labeler.policy:
        if name not in known:
            near = difflib.get_close_matches(name, [*known, "auto", "mimic", "all"], n=1)
            hint = f"did you mean {near[0]!r}? " if near else ""
            raise OptionError(
                f"sections: unknown section {name!r}; {hint}use auto, mimic, all, or a comma "
                f"list of: {', '.join(known)}",
                "sections",
            )


@contextlib.contextmanager
def _torch_hidden() -> Iterator[None]:
    """Load spaCy without torch, which the labeler never uses.

    spaCy's thinc imports torch whenever it is installed (the [train] extra): measured here,
    that costs about 590 MB of memory and 2 s of start-up in every labeling process. torch is
    hidden only while spaCy is first imported, so a later ``import torch`` still works.
    """
    if "spacy" in sys.modules or "torch" in sys.modules:
        yield
        return
    sys.modules["torch"] = None  # type: ignore[assignment]  # makes "import torch" fail
    try:
        yield
    finally:
        if "torch" in sys.modules and sys.modules["torch"] is None:
            del sys.modules["torch"]


def label_chunk(labeler: Labeler, chunk: list[Report], evidence: bool) -> list[RowResult]:
    """Label one chunk; a report that crashes the labeler is kept, blank, with its error."""
    results: list[ReportLabels | Exception]
    try:
        results = list(labeler.label_many([(rid, text) for _, rid, text in chunk]))
    except Exception:
        # Find the culprit report by report; the others still get their labels.
        results = []
        for _, rid, text in chunk:
            try:
                results.append(labeler.label(text, report_id=rid))
            except Exception as exc:
                results.append(exc)
    return [_to_row(result, evidence) for result in results]


def _to_row(result, evidence: bool) -> RowResult:
    if isinstance(result, Exception):
        return RowResult(BLANK_ROW, "error", warning=f"{type(result).__name__}: {result}")
    values = tuple(float(result.values[o]) for o in OBSERVATIONS)
    mentions = tuple(m.to_dict() for m in result.mentions) if evidence else ()
    return RowResult(values, result.status, mentions, result.warning)


# -- worker processes -------------------------------------------------------------------------

_worker_labeler: Labeler | None = None


def _init_worker(options: LabelerOptions) -> None:
    global _worker_labeler
    # Ctrl-C is the main process's to handle: it stops the pool and removes partial files.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _worker_labeler = options.build()


def _work(chunk: list[Report], evidence: bool) -> list[RowResult]:
    if _worker_labeler is None:
        raise RuntimeError("worker used before its initializer ran")
    return label_chunk(_worker_labeler, chunk, evidence)


def label_chunks(
    chunks: Iterable[list[Report]],
    labeler: Labeler,
    options: LabelerOptions,
    *,
    workers: int = 1,
    evidence: bool = False,
) -> Iterator[tuple[list[Report], list[RowResult]]]:
    """Yield each chunk with its results, in input order.

    ``labeler`` (built from ``options``) labels in this process when ``workers`` is 1. With
    more, each worker builds its own from ``options``; at most two chunks per worker are in
    flight, so memory stays flat however fast the input is read.
    """
    if workers <= 1:
        for chunk in chunks:
            yield chunk, label_chunk(labeler, chunk, evidence)
        return
    # spawn, not fork: the main process may run rich's refresh thread, and fork with threads
    # can deadlock; spawn also behaves the same on every platform. A process pool executor,
    # not multiprocessing.Pool: a worker that dies fails the run instead of hanging it.
    context = multiprocessing.get_context("spawn")
    executor = ProcessPoolExecutor(
        workers, mp_context=context, initializer=_init_worker, initargs=(options,)
    )
    with executor:
        pending: deque[tuple[list[Report], Future]] = deque()
        try:
            for chunk in chunks:
                pending.append((chunk, executor.submit(_work, chunk, evidence)))
                if len(pending) >= 2 * workers:
                    done, future = pending.popleft()
                    yield done, future.result()
            while pending:
                done, future = pending.popleft()
                yield done, future.result()
        except BrokenProcessPool:
            raise WorkerError(
                "a worker process died (out of memory, or killed); try fewer workers", "workers"
            ) from None
        finally:
            for _, future in pending:
                future.cancel()
