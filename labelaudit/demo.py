"""The closing summary of ``make demo``: what was labeled, where the labeler disagreed with
people and why, what the image model doubted and how right it was.

``python -m labelaudit.demo OUT`` reads the folder the demo wrote (``labels.csv``,
``validation/``, ``synth/``, ``runs/folds/oof_predictions.csv``, ``audit/``) and prints plain
text. The synthetic set knows the truth (``synth/truth.csv``: what was drawn on each film
and which report carries a planted error), so each flag of the audit can be checked.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from labelaudit.audit.suspects import TRUSTED_AUROC
from labelaudit.errors import InputError, LabelauditError
from labelaudit.labelfile import format_value, read_label_file
from labelaudit.observations import POSITIVE, UNCERTAIN
from labelaudit.synth.findings import DRAWN
from labelaudit.wording import plural

EXAMPLES_PER_KIND = 2
STARTED = ".started"  # the Makefile writes the start time (epoch seconds) here


@dataclass(frozen=True)
class FindingAudit:
    """One drawn finding: how well the out-of-fold model separates it, and how right its
    flags were against what was actually drawn."""

    observation: str
    auroc_labels: float
    auroc_truth: float
    flagged: int
    flagged_wrong: int  # flags where the report label really disagrees with the drawing
    planted: int
    planted_found: int

    @property
    def precision(self) -> float:
        return _ratio(self.flagged_wrong, self.flagged)


def summary(out: Path) -> str:
    """The whole summary as text."""
    sections = [_labeled(out), _disagreements(out), _audit(out), _pages(out)]
    started = out / STARTED
    if started.is_file():
        elapsed = time.time() - float(started.read_text().strip())
        sections.append(f"The demo took {elapsed / 60:.1f} minutes ({elapsed:.0f} s).")
    return "\n\n".join(sections) + "\n"


def _labeled(out: Path) -> str:
    meta = _json(out / "labels.csv.meta.json")
    labels = read_label_file(out / "labels.csv")
    values = labels.values
    mentioned = int(values.notna().any(axis=1).sum())
    unlabeled = len(meta.get("unlabeled", []))
    rules = meta.get("rules", {})
    return (
        "== 1. What was labeled\n"
        f"{plural(len(values), 'report')} of examples/demo/reports.csv, written for the demo in "
        "five institutional styles (templated normals, MIMIC-like with ___, Open-i-like with "
        "XXXX, terse ICU notes, hedged narrative), none of them used to write the rules.\n"
        f"{mentioned} got at least one label; {plural(unlabeled, 'report')} left unlabeled. "
        f"Rules {rules.get('name', '?')} {rules.get('version', '?')}."
    )


def _disagreements(out: Path) -> str:
    folder = out / "validation"
    summary_json = _json(folder / "summary.json")
    errors = pd.read_csv(folder / "errors.csv", dtype=str, keep_default_na=False)
    reports = summary_json["meta"]["reports"]
    cells = reports * len(summary_json["scored"])
    lines = [
        "== 2. Where the labeler disagreed with the people (examples/demo/manual.csv)",
        f"{plural(len(errors), 'cell')} of {cells:,} (reports × observations) differ, in "
        f"{plural(errors['report_id'].nunique(), 'report')} of {reports}. By kind, with examples "
        "(people → labeler):",
    ]
    by_kind = errors.groupby("kind", sort=False)
    for kind, group in sorted(by_kind, key=lambda item: -len(item[1])):
        lines.append(f"  {len(group):3d}  {kind}")
        # varied examples: one per observation and trigger before any repeat
        varied = group.drop_duplicates(["observation", "trigger"])
        for row in varied.head(EXAMPLES_PER_KIND).itertuples():
            rule = f" [{row.trigger} · {row.trigger_rule}]" if row.trigger else ""
            quoted = (
                f'"{_short(row.sentence)}"' if row.sentence else f"report: {_short(row.report)}"
            )
            lines.append(
                f"         {row.report_id} {row.observation}: {_value(row.gold)} → "
                f"{_value(row.predicted)}  {quoted}{rule}"
            )
    if errors.empty:
        lines.append("  none")
    return "\n".join(lines)


def _audit(out: Path) -> str:
    findings, planted_total, reports = audit_against_truth(out)
    lines = [
        "== 3. What the image model doubted, and how right it was",
        f"Synthetic set: {plural(reports, 'report')}; {plural(planted_total, 'report')} carry a "
        "planted error (a drawn finding omitted or negated, or one invented). Out-of-fold "
        "probabilities from 'labelaudit train --folds'; flags from 'labelaudit audit'.",
        "",
        f"  {'finding':<17}{'AUROC':>7}{'AUROC':>7}{'flags':>7}{'right':>7}{'precision':>11}"
        f"{'planted':>9}{'found':>7}",
        f"  {'':<17}{'labels':>7}{'drawn':>7}",
    ]
    for f in findings:
        weak = (
            "  <- AUROC too low: flags are mostly noise" if f.auroc_labels < TRUSTED_AUROC else ""
        )
        lines.append(
            f"  {f.observation:<17}{_num(f.auroc_labels):>7}{_num(f.auroc_truth):>7}"
            f"{f.flagged:>7}{f.flagged_wrong:>7}{_num(f.precision):>11}{f.planted:>9}"
            f"{f.planted_found:>7}{weak}"
        )
    flagged = sum(f.flagged for f in findings)
    right = sum(f.flagged_wrong for f in findings)
    planted = sum(f.planted for f in findings)
    found = sum(f.planted_found for f in findings)
    lines += [
        f"  {'all drawn':<17}{'':>14}{flagged:>7}{right:>7}{_num(_ratio(right, flagged)):>11}"
        f"{planted:>9}{found:>7}",
        "",
        "AUROC labels: out-of-fold, against the report labels it audits; AUROC drawn: against "
        "what was drawn. right: flags whose report label really disagrees with the drawing "
        "(planted errors, labeler mistakes, findings drawn too faint to mention). The audit "
        f"is only as good as the model: read the flags of findings with an AUROC of "
        f"{TRUSTED_AUROC:.2f} or more.",
    ]
    return "\n".join(lines)


def audit_against_truth(out: Path) -> tuple[list[FindingAudit], int, int]:
    """Per drawn finding: AUROC against labels and truth, flags, right flags, planted errors."""
    synth = out / "synth"
    truth_images = pd.read_csv(synth / "truth.csv", dtype={"report_id": str})
    truth_images["report_error"] = truth_images["report_error"].fillna("")
    truth = truth_images.groupby("report_id")[list(DRAWN)].max()
    planted = _planted(truth_images)
    labels = read_label_file(synth / "labels.csv").values
    labels.index = labels.index.astype(str)
    probabilities = _oof_per_report(out / "runs" / "folds" / "oof_predictions.csv", synth)
    suspects = pd.read_csv(out / "audit" / "suspects.csv", dtype={"report_id": str})
    flagged = set(zip(suspects["report_id"], suspects["observation"], strict=True))

    findings = []
    for observation in DRAWN:
        ids = probabilities.index.intersection(labels.index).intersection(truth.index)
        given = labels.loc[ids, observation].to_numpy(dtype=np.float64)
        audited = given != UNCERTAIN  # the audit's defaults: -1 set apart, blank audited as 0
        target = np.where(given == POSITIVE, 1, 0)
        drawn = truth.loc[ids, observation].to_numpy()
        probs = probabilities.loc[ids, observation].to_numpy(dtype=np.float64)
        ours = suspects[suspects["observation"] == observation]
        wrong = sum(
            1
            for report_id, audited_as in zip(ours["report_id"], ours["audited_as"], strict=True)
            if report_id in truth.index and int(audited_as) != int(truth.at[report_id, observation])
        )
        mine = [key for key in planted if key[1] == observation]
        findings.append(
            FindingAudit(
                observation=observation,
                auroc_labels=_auroc(target[audited], probs[audited]),
                auroc_truth=_auroc(drawn, probs),
                flagged=len(ours),
                flagged_wrong=wrong,
                planted=len(mine),
                planted_found=sum(1 for key in mine if key in flagged),
            )
        )
    return findings, len({report_id for report_id, _ in planted}), len(truth)


def _planted(truth_images: pd.DataFrame) -> set[tuple[str, str]]:
    """(report id, observation) of every planted error, e.g. 'Pneumothorax omitted'."""
    planted = set()
    for report_id, error in zip(
        truth_images["report_id"], truth_images["report_error"], strict=True
    ):
        if error:
            observation = error.rsplit(" ", 1)[0]
            planted.add((report_id, observation))
    return planted


def _oof_per_report(path: Path, synth: Path) -> pd.DataFrame:
    """Out-of-fold probabilities averaged over each report's images (as the audit does)."""
    oof = pd.read_csv(path)
    manifest = pd.read_csv(synth / "manifest.csv", dtype={"report_id": str})
    by_path = {
        str((synth / p).resolve()): r
        for p, r in zip(manifest["path"], manifest["report_id"], strict=True)
    }
    oof["report_id"] = [by_path.get(str(Path(p).resolve())) for p in oof["path"]]
    return oof.dropna(subset=["report_id"]).groupby("report_id")[list(DRAWN)].mean()


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else float("nan")


def _auroc(target: np.ndarray, probs: np.ndarray) -> float:
    from sklearn.metrics import roc_auc_score

    known = ~np.isnan(probs)
    if len(np.unique(target[known])) < 2:
        return float("nan")
    return float(roc_auc_score(target[known], probs[known]))


def _pages(out: Path) -> str:
    return (
        "== 4. Read more\n"
        f"  {out / 'validation' / 'report.html'}  every disagreement with its sentence and rule\n"
        f"  {out / 'audit' / 'report.html'}  every flag with its report, X-ray and saliency map\n"
        f"  {out / 'saliency' / 'index.html'}  saliency maps, their colour scale and sanity check"
    )


def _json(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"{path}: cannot be read ({type(exc).__name__})") from None


def _value(raw: str) -> str:
    return format_value(float(raw)) if raw not in ("", None) else "blank"


def _num(value: float) -> str:
    return "—" if np.isnan(value) else f"{value:.2f}"


def _short(text: str, limit: int = 70) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 1:
        print("usage: python -m labelaudit.demo OUT_FOLDER", file=sys.stderr)
        return 2
    try:
        print(summary(Path(args[0])), end="")
    except (LabelauditError, OSError, KeyError) as exc:
        print(f"error: cannot summarise {args[0]}: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
