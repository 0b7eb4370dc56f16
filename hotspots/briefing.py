"""The commanders' briefing sheet: one A4 page (PDF, French or English, drawn offline
with matplotlib) of the selection as the Carte page shows it: the headline figures
against the previous period, the map of the hexagons with the hot places numbered,
the ranked list of hot places with their last operation, and the operations of the
period with what followed them (:mod:`hotspots.briefing_figures`).

It holds counts per hexagon and per place, under no disclosure control: it says so on
its face, and :func:`hotspots.services.briefing` records every copy in the audit."""

from __future__ import annotations

import io
import textwrap
from datetime import datetime

import h3.api.basic_int as h3i
import numpy as np
import pandas as pd

from hotspots.briefing_figures import (
    MAX_OPERATIONS,
    MAX_PLACES,
    Briefing,
    figure_lines,
    operation_rows,
    place_rows,
    selection_words,
)
from hotspots.i18n import format_date, format_int, has_text, long_date, translate
from hotspots.roles import Role

__all__ = ["MAX_MAP_SPAN_KM", "briefing_pdf"]

#: A selection whose hexagons spread wider than this (km) is mapped on its main commune.
MAX_MAP_SPAN_KM = 25.0

# --- drawing ------------------------------------------------------------------------
PAGE_W, PAGE_H = 8.27, 11.69  # A4, inches
LEFT, RIGHT = 0.05, 0.95


def _wrap(text: str, chars: int, cut: bool = True) -> list[str]:
    """``text`` in lines of at most ``chars`` characters (a longer word is cut, unless
    ``cut`` is false: a column title stays whole)."""
    return textwrap.wrap(text, max(chars, 4), break_long_words=cut) or [""]


def _chars(width: float, size: float, em: float = 0.52) -> int:
    """How many characters of DejaVu Sans at ``size`` points fit ``width`` (figure
    fraction): an average glyph is about half an em wide (``em``; more in bold)."""
    return int(width * PAGE_W * 72 / (em * size))


def _table(fig, top: float, bottom: float, columns, rows, size: float = 7.0):
    """Rows under a header row, each cell wrapped to its column, as long as they fit
    above ``bottom``. ``columns``: ``(title, x, width)`` in figure fractions. Returns
    the rows drawn and the height left at the bottom of the last one."""
    from matplotlib.lines import Line2D

    line = size * 1.3 / 72 / PAGE_H
    y = top
    header = [_wrap(t, _chars(w, size, 0.64), cut=False) for t, _x, w in columns]
    for (_t, x, _w), lines in zip(columns, header, strict=True):
        fig.text(x, y, "\n".join(lines), size=size, weight="bold", va="top", color="#333333")
    y -= line * max(len(h) for h in header) + line * 0.3
    fig.add_artist(Line2D([LEFT, RIGHT], [y, y], color="#888888", linewidth=0.6))
    y -= line * 0.3
    drawn = 0
    for row in rows:
        cells = [_wrap(v, _chars(w, size)) for v, (_t, _x, w) in zip(row, columns, strict=True)]
        height = line * max(len(c) for c in cells)
        if y - height < bottom:
            break
        for (_t, x, _w), lines in zip(columns, cells, strict=True):
            fig.text(x, y, "\n".join(lines), size=size, va="top", linespacing=1.15)
        y -= height + line * 0.35
        fig.add_artist(Line2D([LEFT, RIGHT], [y + line * 0.15] * 2, color="#dddddd", lw=0.4))
        drawn += 1
    return drawn, y


def _map(fig, b: Briefing, box) -> str | None:
    """The hexagons shaded by count, quartier and commune outlines, hot cells outlined
    and hot places numbered, operations marked. Returns a note when the frame leaves
    located tips out."""
    from matplotlib.collections import PolyCollection
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    from hotspots.map_classes import PALETTE, classify, legend_rows, spread

    ax = fig.add_axes(box)
    ax.axis("off")
    hexes = b.hexes
    communes = b.area.communes
    note = None
    if len(hexes):
        centres = np.array([h3i.cell_to_latlng(int(c, 16)) for c in hexes["cell"]])
        lat, lon = centres[:, 0], centres[:, 1]
        span_km = max(np.ptp(lat) * 111.0, np.ptp(lon) * 111.0 * np.cos(np.radians(lat.mean())))
        inside = np.ones(len(hexes), dtype=bool)
        if span_km > MAX_MAP_SPAN_KM:  # two towns far apart: the one with most tips
            of = communes.district_of_points(lat, lon)
            counts = pd.Series(hexes["count"].to_numpy()).groupby(pd.Series(of)).sum()
            main = str(counts.idxmax())
            inside = of == main
            note = translate(
                "br_map_outside",
                b.lang,
                name=communes.name_of(main),
                n=format_int(int(hexes["count"][~inside].sum()), b.lang),
            )
        pad = 0.004
        x0, x1 = lon[inside].min() - pad, lon[inside].max() + pad
        y0, y1 = lat[inside].min() - pad, lat[inside].max() + pad
    else:
        y0, x0, y1, x1 = communes.bounds()
    frame = (x0, y0, x1, y1)
    for polygons, colour, width in (
        (b.area.communes.polygons, "#777777", 0.8),
        (b.area.districts.polygons, "#bbbbbb", 0.5),
    ):
        for polygon in polygons:
            if not _meets(polygon.bounds, frame):
                continue
            for part in getattr(polygon, "geoms", [polygon]):
                xy = np.asarray(part.exterior.coords)
                ax.plot(xy[:, 0], xy[:, 1], color=colour, linewidth=width, zorder=1)
    handles: list = []
    if len(hexes):
        counts = hexes["count"].to_numpy()
        classes, _ = classify(counts, "quantiles")
        k = int(classes.max()) + 1
        rings = [_ring(c) for c in hexes["cell"]]
        colours = [PALETTE[spread(int(c), k)] for c in classes]
        ax.add_collection(
            PolyCollection(
                rings, facecolors=colours, edgecolors="#666666", linewidths=0.2, zorder=2
            )
        )
        handles += [
            Patch(facecolor=c, edgecolor="#666666", label=lbl)
            for c, lbl in legend_rows(counts, classes)
        ]
    if b.hot is not None:
        hot_cells = b.hot[b.hot["bin"] >= 2]["h3"]
        if len(hot_cells):
            ax.add_collection(
                PolyCollection(
                    [_ring(c) for c in hot_cells], facecolors="none", edgecolors="#8b0000",
                    linewidths=1.0, zorder=3,
                )
            )  # fmt: skip
            handles.append(
                Patch(facecolor="none", edgecolor="#8b0000", label=translate("br_map_hot", b.lang))
            )
    with_cell = b.outcomes[b.outcomes["h3"] != ""] if len(b.outcomes) else b.outcomes
    if len(with_cell):
        points = np.array([h3i.cell_to_latlng(int(c, 16)) for c in with_cell["h3"]])
        ax.scatter(points[:, 1], points[:, 0], marker="^", s=22, color="#1f3a5f", zorder=4,
                   edgecolors="white", linewidths=0.5)  # fmt: skip
        handles.append(
            Line2D([], [], marker="^", linestyle="", color="#1f3a5f",
                   label=translate("br_map_operation", b.lang))
        )  # fmt: skip
    for row in b.places.head(MAX_PLACES).itertuples(index=False):
        if _meets((row.lon, row.lat, row.lon, row.lat), frame):
            ax.text(row.lon, row.lat, str(row.rank), size=7, ha="center", va="center",
                    weight="bold", zorder=5,
                    bbox={"boxstyle": "circle,pad=0.25", "facecolor": "white",
                          "edgecolor": "#8b0000", "linewidth": 0.8})  # fmt: skip
    # widen the short side so that the frame fills the box at the true scale
    squeeze = np.cos(np.radians((y0 + y1) / 2))
    ratio = (box[2] * PAGE_W) / (box[3] * PAGE_H)
    if (x1 - x0) * squeeze / (y1 - y0) < ratio:
        grow = ((y1 - y0) * ratio / squeeze - (x1 - x0)) / 2
        x0, x1 = x0 - grow, x1 + grow
    else:
        grow = ((x1 - x0) * squeeze / ratio - (y1 - y0)) / 2
        y0, y1 = y0 - grow, y1 + grow
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect(1 / squeeze, adjustable="box")
    if handles:
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(0, 0), ncol=4,
                  fontsize=6, frameon=False, handlelength=1.2, columnspacing=0.8,
                  title=translate("legend_title", b.lang), title_fontsize=6.5,
                  alignment="left")  # fmt: skip
    return note


def _ring(cell: str) -> np.ndarray:
    return np.array([(lng, lat) for lat, lng in h3i.cell_to_boundary(int(cell, 16))])


def _meets(bounds, frame) -> bool:
    return not (
        bounds[2] < frame[0] or bounds[0] > frame[2] or bounds[3] < frame[1] or bounds[1] > frame[3]
    )


def briefing_pdf(b: Briefing, user: str, role: Role | str, made_at: datetime) -> bytes:
    """The one-page sheet of ``b``, made by ``user`` (``role``) at ``made_at`` (local
    time)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.backends.backend_pdf import PdfPages
    from matplotlib.patches import Rectangle

    lang = b.lang

    def tr(key: str, **values: object) -> str:
        return translate(key, lang, **values)

    plt.rcParams.update(
        {"pdf.fonttype": 42, "font.family": "DejaVu Sans", "text.parse_math": False}
    )
    fig = plt.figure(figsize=(PAGE_W, PAGE_H))
    fig.text(LEFT, 0.967, tr("br_title"), size=15, weight="bold")
    fig.add_artist(
        Rectangle((LEFT, 0.936), RIGHT - LEFT, 0.021, facecolor="#fde8e8", edgecolor="#b00020",
                  linewidth=1.0, transform=fig.transFigure)
    )  # fmt: skip
    fig.text(0.5, 0.9465, tr("br_internal"), size=9.5, weight="bold", color="#b00020",
             ha="center", va="center")  # fmt: skip
    words = selection_words(b.filters, b.latest, b.area, lang)
    role_key = f"role_{role}"
    made = tr(
        "br_made",
        date=long_date(made_at.date(), lang),
        time=made_at.strftime("%H:%M"),
        user=user,
        role=tr(role_key) if has_text(role_key) else str(role),
        data=format_date(b.latest, lang),
    )
    res_key = f"res_{b.resolution}"
    size_words = tr(res_key) if has_text(res_key) else f"H3 {b.resolution}"
    lines = [*words, made]
    fig.text(LEFT, 0.927, "\n".join(lines), size=8, va="top", linespacing=1.45, color="#222222")
    if b.demo:
        fig.text(RIGHT, 0.967, tr("br_demo"), size=8.5, color="#b00020", ha="right", weight="bold")

    # the map, left; the figures, right
    top = 0.872
    fig.text(LEFT, top, tr("br_map", size=size_words), size=9.5, weight="bold", va="top")
    note = _map(fig, b, (LEFT, 0.555, 0.53, top - 0.575))
    located = int(b.hexes["count"].sum()) if len(b.hexes) else 0
    caption = tr("map_caption", hexes=len(b.hexes), located=located,
                 unplaced=b.figures["tips"] - located)  # fmt: skip
    if note:
        caption = f"{note} {caption}"
    fig.text(LEFT, 0.505, "\n".join(_wrap(caption, _chars(0.53, 6.5))), size=6.5, va="top",
             color="#444444")  # fmt: skip
    x = 0.615
    fig.text(x, top, tr("br_figures"), size=9.5, weight="bold", va="top")
    y = top - 0.026
    width = RIGHT - x
    for label, value, extra in figure_lines(b.figures, lang):
        fig.text(x, y, label, size=8, va="top")
        fig.text(RIGHT, y, value, size=9, weight="bold", va="top", ha="right")
        y -= 0.0165
        if extra:
            wrapped = _wrap(extra, _chars(width - 0.015, 6.8))
            fig.text(x + 0.01, y + 0.002, "\n".join(wrapped), size=6.8, va="top", color="#444444")
            y -= 0.0112 * len(wrapped) + 0.003
    y -= 0.006
    fig.text(x, y, tr("kpi_operations"), size=8.5, weight="bold", va="top")
    wrapped = _wrap(b.outcome_summary, _chars(width, 7))
    fig.text(x, y - 0.016, "\n".join(wrapped), size=7, va="top", color="#222222")

    # the ranked list
    y = 0.468
    fig.text(LEFT, y, tr("pl_title"), size=9.5, weight="bold", va="top")
    y -= 0.02
    if b.refusal:
        text = tr("hs_refused", reason=b.refusal)
        fig.text(LEFT, y, "\n".join(_wrap(text, _chars(0.9, 7.5))), size=7.5, va="top")
        y -= 0.035
    elif b.places.empty:
        fig.text(LEFT, y, "\n".join(_wrap(tr("pl_none"), _chars(0.9, 7.5))), size=7.5, va="top")
        y -= 0.035
    else:
        columns = [
            (tr("pl_rank"), LEFT, 0.045), (tr("pl_place"), 0.1, 0.235),
            (tr("hs_level"), 0.345, 0.11), (tr("tips"), 0.46, 0.095),
            (tr("pl_change"), 0.565, 0.215), (tr("pl_last_operation"), 0.79, 0.16),
        ]  # fmt: skip
        rows = place_rows(b.places.head(MAX_PLACES), lang)
        drawn, y = _table(fig, y, 0.30, columns, rows, 7.2)
        if drawn < len(b.places):
            fig.text(LEFT, y, tr("br_more", n=len(b.places) - drawn), size=7, va="top",
                     style="italic")  # fmt: skip
            y -= 0.016

    # the operations and what followed them
    y -= 0.012
    fig.text(LEFT, y, tr("br_operations"), size=9.5, weight="bold", va="top")
    y -= 0.02
    if b.outcomes.empty:
        fig.text(LEFT, y, tr("op_none"), size=7.5, va="top")
    else:
        from hotspots.outcomes import DEFAULT_WEEKS

        columns = [
            (tr("op_date"), LEFT, 0.075), (tr("br_op_place"), 0.13, 0.22),
            (tr("op_kind"), 0.355, 0.1), (tr("br_op_cell"), 0.46, 0.1),
            (tr("br_op_ring"), 0.565, 0.1), (tr("br_op_result"), 0.67, 0.28),
        ]  # fmt: skip
        rows = operation_rows(b)[:MAX_OPERATIONS]
        notes = " ".join([tr("br_op_windows", weeks=DEFAULT_WEEKS), tr("oc_caveat")])
        # room for the notes, and for the line saying how many are listed
        n_lines = len(_wrap(notes + " " + tr("op_listed", shown=99, total=99), _chars(0.9, 6.5)))
        bottom = 0.04 + n_lines * 6.5 * 1.3 / 72 / PAGE_H
        drawn, y = _table(fig, y, bottom, columns, rows, 7.0)
        if drawn < len(b.outcomes):
            notes = f"{tr('op_listed', shown=drawn, total=len(b.outcomes))} {notes}"
        wrapped = _wrap(notes, _chars(0.9, 6.5))
        fig.text(LEFT, y - 0.004, "\n".join(wrapped), size=6.5, va="top", color="#444444")
    fig.text(LEFT, 0.02, tr("br_footer"), size=6.5, color="#666666")
    fig.text(RIGHT, 0.02, "1/1", size=6.5, color="#666666", ha="right")
    buffer = io.BytesIO()
    with PdfPages(
        buffer, metadata={"Title": tr("br_title"), "Creator": "Hotspots", "Author": user}
    ) as pdf:
        pdf.savefig(fig)
    plt.close(fig)
    return buffer.getvalue()
