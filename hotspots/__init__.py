"""Hotspots: anonymous drug-dealing tips turned into H3 hot-spot maps and statistics."""

__version__ = "0.1.0"
