"""The package's shape: no import cycle (imports inside functions count too), and no
module below ``hotspots/ui`` imports Streamlit."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "hotspots"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def graph() -> dict[str, set[str]]:
    modules = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    return {
        name: {m for m in imports_of(path) if m in modules and m != name}
        for name, path in modules.items()
    }


def test_no_import_cycle():
    edges = graph()
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(edges[node]):
            if state.get(nxt) == 1:
                cycles.append([*trail[trail.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt, [*trail, nxt])
        state[node] = 2

    for start in sorted(edges):
        if start not in state:
            visit(start, [start])
    assert cycles == []


def test_only_the_ui_imports_streamlit():
    outside = [
        module_name(p)
        for p in PACKAGE.rglob("*.py")
        if "ui" not in p.relative_to(PACKAGE).parts
        and any(m == "streamlit" or m.startswith("streamlit.") for m in imports_of(p))
    ]
    assert outside == []


def test_the_role_is_part_of_every_cached_page_figure():
    from datetime import date

    from hotspots.filters import Filters
    from hotspots.roles import Role
    from hotspots.ui.context import Page

    def page(role: Role) -> Page:
        return Page(
            None, "sqlite://", 1, "fr", None, None, Filters(), date(2025, 1, 1), None, role, None
        )

    assert page(Role.ANALYST).key != page(Role.COMMANDER).key


def test_the_server_skips_streamlit_s_full_collection_after_every_run():
    """Streamlit's ``runner.postScriptGC`` walks every live object after each run: with
    the tables loaded it was most of a filter change's cost (see README, Speed)."""
    import tomllib

    config = tomllib.loads((PACKAGE.parent / ".streamlit" / "config.toml").read_text())
    assert config["runner"]["postScriptGC"] is False


def test_tables_offer_no_unaudited_download():
    """Files leave through the audited, formula-safe exports only."""
    import tomllib

    config = tomllib.loads((PACKAGE.parent / ".streamlit" / "config.toml").read_text())
    assert config["client"]["disableDataExport"] is True


def test_no_module_over_500_lines_without_its_reason():
    """A long module says in its docstring why it is one module of this size."""
    long = []
    for path in PACKAGE.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        if source.count("\n") > 500:
            doc = ast.get_docstring(ast.parse(source)) or ""
            if "Why one module of this size" not in doc:
                long.append(f"{module_name(path)} ({source.count(chr(10))} lines)")
    assert long == []
