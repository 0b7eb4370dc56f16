"""Fictitious demo data: tips and operations shaped like Besançon's, entirely synthetic.

No record comes from a real tip. Twelve deal points sit in the priority
neighbourhoods and the city centre; every tip is drawn at random around them (or
scattered over the city as background noise), and two operations copy the figures
of operations reported in the local press in 2025. Generation is vectorised and
deterministic for a given ``(n_tips, seed)``.

The fixed tables are in :mod:`hotspots.demo.data`, what both generators draw with in
:mod:`hotspots.demo.sampling`, the generators in :mod:`hotspots.demo.tips` and
:mod:`hotspots.demo.operations`, and the files on disk in :mod:`hotspots.demo.files`.
"""

from __future__ import annotations

from hotspots.demo.data import (
    CITY_BOUNDS_DEG,
    DEAL_POINTS,
    DEMO_BOUNDS_DEG,
    DEMO_OPERATIONS_DEFAULT,
    DEMO_PERIOD_END,
    DEMO_PERIOD_START,
    DEMO_TIPS_DEFAULT,
    DealPoint,
)
from hotspots.demo.files import write_demo_files
from hotspots.demo.operations import demo_operations
from hotspots.demo.tips import demo_tips

__all__ = [
    "CITY_BOUNDS_DEG",
    "DEAL_POINTS",
    "DEMO_BOUNDS_DEG",
    "DEMO_OPERATIONS_DEFAULT",
    "DEMO_PERIOD_END",
    "DEMO_PERIOD_START",
    "DEMO_TIPS_DEFAULT",
    "DealPoint",
    "demo_operations",
    "demo_tips",
    "write_demo_files",
]
