"""Saliency maps for a trained image model: where in the X-ray it looked for each finding.

Methods (:mod:`.gradient`, :mod:`.gradcam`, :mod:`.smoothgrad`) need torch; the exports
(:mod:`.export`) and the localisation metrics (:mod:`.validity`) do not, so this package's
``__init__`` imports nothing heavy.
"""
