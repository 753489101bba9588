"""Audit report labels with an image model: confident learning on out-of-fold probabilities.

Torch-free: the audit reads a predictions CSV, so it runs with pandas and cleanlab alone.
"""
