"""The report labeler: rules from data files, spaCy + negspacy underneath."""

from labelaudit.labeler.evidence import Mention
from labelaudit.labeler.labeler import Labeler, ReportLabels
from labelaudit.labeler.rules import RuleSet, load_rules

__all__ = ["Labeler", "Mention", "ReportLabels", "RuleSet", "load_rules"]
