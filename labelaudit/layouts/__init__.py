"""Public datasets' own label files: layouts, vocabulary maps, and counting units.

``read_units`` reads any supported layout as one row of CheXpert labels per study, image
or row; ``count_units`` streams it for the distribution table.
"""

from labelaudit.layouts.formats import LAYOUT_NAMES, UNITS
from labelaudit.layouts.load import LayoutOptions, UnitInfo, count_units, read_units
from labelaudit.layouts.units import Combine

__all__ = [
    "LAYOUT_NAMES",
    "UNITS",
    "Combine",
    "LayoutOptions",
    "UnitInfo",
    "count_units",
    "read_units",
]
