"""Validation of report labels against manual ones (``labelaudit validate``).

``join`` aligns gold and predictions, ``metrics`` and ``bootstrap`` score them, ``tables``
and ``render`` present the scores, ``error_audit`` lists every disagreement with the
labeler's evidence, ``chart`` and ``html_report`` draw them, and ``run`` ties it together.
"""
