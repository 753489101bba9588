"""Synthetic chest radiographs with drawn findings, masks and reports: the offline demo data.

Needs only numpy and Pillow. ``generate(outdir, n=400, size=128, seed=0)`` writes the
dataset; :mod:`labelaudit.synth.dataset` documents the layout.
"""

from labelaudit.synth.dataset import SynthSummary, generate, sample_cohort

__all__ = ["SynthSummary", "generate", "sample_cohort"]
