"""Roles and what each may do (the role table of the design notes).

The checks live here, below the user interface: the dashboard hides what a role may not
use, and the functions that produce the data call :func:`require` so that a page or a
command that forgets to hide something still gets nothing.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = ["CAPABILITIES", "Forbidden", "Role", "allowed", "parse_role", "require"]


class Role(StrEnum):
    COMMANDER = "commandement"
    ANALYST = "analyste"
    PRESS = "presse"


#: Capability → roles allowed.
CAPABILITIES: dict[str, frozenset[Role]] = {
    # The hexagon map, district outlines and figures, indicators.
    "map": frozenset({Role.COMMANDER, Role.ANALYST}),
    # Operations and their outcomes per district, per cell.
    "operations": frozenset({Role.COMMANDER, Role.ANALYST}),
    # Filters beyond period and district: hours, weekdays, categories, triage.
    "fine_filters": frozenset({Role.ANALYST}),
    # Time-of-day, trends, Gi*, emerging hot spots, change per district.
    "analysis": frozenset({Role.ANALYST}),
    # Statistics of one hexagon, with its linked operations.
    "drilldown": frozenset({Role.ANALYST}),
    # Hexagon-level and free-filter exports for GIS tools.
    "analyst_export": frozenset({Role.ANALYST}),
    # Upload of tips and operations files.
    "ingest": frozenset({Role.ANALYST}),
    # The list of past exports.
    "audit": frozenset({Role.ANALYST}),
    # District × month/quarter/year tables after disclosure control.
    "press_export": frozenset({Role.COMMANDER, Role.ANALYST, Role.PRESS}),
}

_ALIASES = {
    "commander": Role.COMMANDER,
    "commandement": Role.COMMANDER,
    "analyst": Role.ANALYST,
    "analyste": Role.ANALYST,
    "press": Role.PRESS,
    "presse": Role.PRESS,
}


class Forbidden(PermissionError):
    """A role asked for something it may not see."""

    def __init__(self, role: Role | str | None, capability: str):
        self.role = role
        self.capability = capability
        super().__init__(
            f"the role {role or '(none)'!s} may not use {capability!r}; "
            f"allowed: {', '.join(sorted(CAPABILITIES[capability]))}"
        )


def parse_role(value: str | Role | None) -> Role | None:
    """A role from its French or English name (any case), ``None`` if unknown."""
    if isinstance(value, Role):
        return value
    if not value:
        return None
    return _ALIASES.get(str(value).strip().lower())


def allowed(role: Role | str | None, capability: str) -> bool:
    if capability not in CAPABILITIES:
        raise KeyError(f"unknown capability {capability!r}")
    parsed = parse_role(role)
    return parsed is not None and parsed in CAPABILITIES[capability]


def require(role: Role | str | None, capability: str) -> Role:
    """The role, if it may use ``capability``; :class:`Forbidden` otherwise."""
    if not allowed(role, capability):
        raise Forbidden(role, capability)
    return parse_role(role)  # type: ignore[return-value]
