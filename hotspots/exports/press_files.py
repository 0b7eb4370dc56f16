"""A press table's files: CSV, XLSX, GeoJSON and the one-page PDF sheet in French."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime

import numpy as np

from hotspots.csv_safety import formula_safe
from hotspots.exports.periods import ExportError, bucket_first_day, bucket_last_day
from hotspots.exports.press import MEASURES, PressTable
from hotspots.exports.press_rows import header
from hotspots.geo import Districts
from hotspots.i18n import long_date, translate

__all__ = [
    "MONTHS_SHORT_FR",
    "PRESS_FORMATS",
    "city_name",
    "decimal_text",
    "key_sentence",
    "press_csv",
    "press_geojson",
    "press_pdf",
    "press_xlsx",
    "rules_text",
    "write_press",
]


PRESS_FORMATS = ("csv", "xlsx", "geojson", "pdf")


# --- writing press files ----------------------------------------------------------
def decimal_text(value: object) -> object:
    """A float with a decimal comma (``1,5``; ``950`` when whole); anything else as is."""
    if isinstance(value, float):
        text = f"{value:.1f}".replace(".", ",")
        return text[:-2] if text.endswith(",0") else text
    return value


def press_csv(press: PressTable) -> bytes:
    """UTF-8 with BOM, ``;``, decimal comma; no cell can start a formula."""
    frame = press.frame()
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([formula_safe(c) for c in frame.columns])
    for row in frame.itertuples(index=False):
        writer.writerow([formula_safe(decimal_text(v)) for v in row])
    return buffer.getvalue().encode("utf-8-sig")


def rules_text(press: PressTable) -> list[str]:
    k = press.k
    if press.lang == "en":
        return [
            "Disclosure control",
            f"Counts from 1 to {k - 1} are not published: they read « < {k} ».",
            f"Further cells are hidden so that no hidden cell can be worked out from the "
            f"totals: a hidden zero reads « < {k} », a hidden count of {k} or more « n.d. ».",
            f"Seized amounts coming from fewer than {k} operations are hidden (« n.d. »).",
            "Only whole calendar periods that have ended are published, or the year so far "
            "up to the day stated.",
            "Checked by linear programming against every table published before for the "
            "same year: no hidden cell can be worked out, and a hidden count from 1 to "
            f"{k - 1} can still take at least {k - 1} values.",
        ]
    return [
        "Règles de secret statistique",
        f"Les effectifs de 1 à {k - 1} ne sont pas publiés : ils sont notés « < {k} ».",
        "D'autres cases sont masquées pour qu'aucune case masquée ne puisse être "
        f"recalculée à partir des totaux : un zéro masqué est noté « < {k} », un effectif "
        f"de {k} ou plus masqué est noté « n.d. » (non diffusé).",
        f"Les quantités saisies provenant de moins de {k} opérations sont masquées (« n.d. »).",
        "Seules des périodes calendaires entières et révolues sont publiées, ou l'année "
        "en cours jusqu'au jour indiqué.",
        "Vérifié par programmation linéaire avec tous les tableaux déjà publiés pour la "
        "même année : aucune case masquée ne peut être recalculée, et un effectif masqué "
        f"de 1 à {k - 1} peut encore prendre au moins {k - 1} valeurs.",
    ]


def press_xlsx(press: PressTable) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "Données" if press.lang == "fr" else "Data"
    frame = press.frame()
    sheet.append(list(frame.columns))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for values in frame.itertuples(index=False):
        sheet.append([None] * len(values))
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=sheet.max_row, column=column)
            cell.value = value
            if isinstance(value, str):
                # A text cell stays text, whatever it starts with (never a formula).
                cell.data_type = "s"
    sheet.freeze_panes = "A2"
    rules = book.create_sheet("Règles" if press.lang == "fr" else "Rules")
    for line in rules_text(press):
        rules.append([line])
        rules.cell(row=rules.max_row, column=1).data_type = "s"
    rules["A1"].font = Font(bold=True)
    rules.column_dimensions["A"].width = 120
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def press_geojson(press: PressTable, districts: Districts) -> bytes:
    """One feature per row and period (the geometry of its quartier or commune, from
    ``districts``; the rows of the rest have none and are left out), each measure a number
    or null with its published text in ``<measure>_libelle`` (``_label`` in English);
    property names as the CSV's columns, in the table's language."""
    import geopandas as gpd

    polygons = dict(zip(districts.codes, districts.polygons, strict=True))

    def name(column: str) -> str:
        return header(column, press.lang)

    records, shapes = [], []
    periods = press.column_labels
    for r, code in enumerate(press.row_codes):
        if code not in polygons:
            continue
        for c, period in enumerate(periods):
            record: dict[str, object] = {
                name(press.kind): press.row_names[r],
                name("code"): code,
                name("period"): period,
            }
            for measure in MEASURES:
                text = press.text(measure, r, c)
                record[name(measure)] = None if isinstance(text, str) else float(text)
                label = translate("press_col_label", press.lang, column=name(measure))
                record[label] = text if isinstance(text, str) else ""
            records.append(record)
            shapes.append(polygons[code])
    frame = gpd.GeoDataFrame(records, geometry=shapes, crs="EPSG:4326")
    buffer = io.BytesIO()
    frame.to_file(buffer, driver="GeoJSON", engine="pyogrio")
    return buffer.getvalue()


def _day_fr(d: date) -> str:
    return long_date(d, "fr")


def _share_words(share: float) -> str:
    for value, words in (
        (1 / 4, "un quart"),
        (1 / 3, "un tiers"),
        (1 / 2, "la moitié"),
        (2 / 3, "deux tiers"),
        (3 / 4, "trois quarts"),
    ):
        if abs(share - value) <= 0.02:
            return words
    return f"{round(share * 100)} %"


def key_sentence(press: PressTable) -> str:
    """The headline sentence of the press sheet, from published figures only, over the
    days the data really cover: « Depuis le 1er janvier 2025, … » for the year so far,
    « En 2025, … » for a whole ended year, « Du 1er janvier au 21 novembre 2025, … » for
    an ended year whose data stop before its end. The monthly rate divides by the months
    covered (days / 30.44), not by twelve."""
    start, end = press.covered()
    total = press.total("tips")
    if press.through is not None:
        opening = f"Depuis le {_day_fr(start)}"
    elif end == date(start.year, 12, 31):
        opening = f"En {start.year}"
    else:
        opening = f"Du {_day_fr(start).removesuffix(f' {start.year}')} au {_day_fr(end)}"
    if total == f"< {press.k}":
        return f"{opening}, moins de {press.k} signalements ont été reçus."
    if isinstance(total, str):
        return f"{opening}, le nombre de signalements reçus n'est pas diffusé."
    months = ((end - start).days + 1) / (365.25 / 12)
    sentence = f"{opening}, {total} signalements ont été reçus"
    if months >= 1:
        sentence += f", soit environ {round(total / months)} par mois"
    exploitable = press.total("exploitable")
    triaged = total - press.pending
    if isinstance(exploitable, int) and triaged > 0:
        sentence += f" ; {_share_words(exploitable / triaged)} ont été jugés exploitables"
    return sentence + "."


def press_pdf(press: PressTable, districts: Districts, city: str) -> bytes:
    """A one-page A4 press sheet in French, drawn offline with matplotlib: ``districts``
    the quartiers, or the communes of a table by commune, each numbered on the map."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.backends.backend_pdf import PdfPages
    from matplotlib.patches import Polygon as PatchPolygon
    from matplotlib.ticker import MaxNLocator

    # Names from boundary files are text, never TeX: no mathtext parsing of "$…$".
    plt.rcParams.update(
        {"pdf.fonttype": 42, "font.family": "DejaVu Sans", "text.parse_math": False}
    )
    fig = plt.figure(figsize=(8.27, 11.69))
    start = bucket_first_day(press.first, press.by)
    end = press.covered()[1]  # the last day the data cover, not the calendar's
    fig.text(0.07, 0.955, f"Signalements de trafic de stupéfiants — {city}", size=15, weight="bold")
    fig.text(
        0.07, 0.93, f"Période : du {_day_fr(start)} au {_day_fr(end)}", size=10, color="#444444"
    )
    if press.dataset_demo:
        fig.text(0.07, 0.905, "DONNÉES FICTIVES — démonstration", size=10, color="#b00020")
    fig.text(0.07, 0.87, _wrap(key_sentence(press), 95), size=11, va="top")

    chart = fig.add_axes((0.09, 0.56, 0.84, 0.22))
    labels = press.period_labels
    values, notes = [], []
    for c in range(len(labels)):
        text = press.text("tips", -1, c)
        values.append(0 if isinstance(text, str) else text)
        notes.append(text if isinstance(text, str) else "")
    positions = np.arange(len(labels))
    chart.bar(positions, values, color="#1f3a5f")
    for x, note in zip(positions, notes, strict=True):
        if note:
            chart.text(float(x), 0.2, note, ha="center", va="bottom", size=7, rotation=90)
    short = [_short_label(lbl, press.by) for lbl in labels]
    end = press.covered()[1]
    if press.by != "year" and short and end < bucket_last_day(press.last, press.by):
        # the last period is not whole: say where its data stop
        short[-1] += f"\n(au {end.day} {MONTHS_SHORT_FR[end.month - 1]})"
    chart.set_xticks(positions, short, size=7, rotation=0 if len(labels) <= 12 else 90)
    chart.set_title("Signalements reçus par période", size=10, loc="left")
    chart.spines[["top", "right"]].set_visible(False)
    chart.yaxis.set_major_locator(MaxNLocator(integer=True))

    area = fig.add_axes((0.05, 0.19, 0.5, 0.32))
    per = "par quartier" if press.kind == "district" else "par commune"
    area.set_title(f"Signalements {per}", size=10, loc="left")
    index = {code: r for r, code in enumerate(press.row_codes)}
    published = [
        float(value)
        for c in districts.codes
        if c in index and not isinstance(value := press.text("tips", index[c], -1), str)
    ]
    top = max(published, default=1) or 1
    cmap = plt.get_cmap("Oranges")
    legend: list[str] = []
    zeros = 0
    for code, name, polygon in zip(
        districts.codes, districts.names, districts.polygons, strict=True
    ):
        value = press.text("tips", index[code], -1) if code in index else 0
        hidden = isinstance(value, str)
        colour = "#dddddd" if isinstance(value, str) else cmap(0.15 + 0.85 * value / top)
        for part in getattr(polygon, "geoms", [polygon]):
            xy = np.asarray(part.exterior.coords)
            area.add_patch(
                PatchPolygon(
                    xy,
                    closed=True,
                    facecolor=colour,
                    edgecolor="white",
                    hatch="///" if hidden else None,
                    linewidth=0.6,
                )
            )
        # a number on the map, the name and figure in the list beside it: names written
        # on small central quartiers overlapped and could not be read
        if press.kind == "commune" and value == 0:
            zeros += 1  # a commune without tips: grey, counted in one line of the list
            continue
        centre = polygon.representative_point()
        number = len(legend) + 1
        area.text(
            centre.x, centre.y, str(number), size=7, ha="center", va="center",
            bbox={"boxstyle": "circle,pad=0.2", "facecolor": "white", "edgecolor": "#555555",
                  "linewidth": 0.5},
        )  # fmt: skip
        legend.append(f"{number}. {name} : {decimal_text(value)}")
    if zeros:
        legend.append(f"{zeros} autres communes nommées : 0")
    for r, code in enumerate(press.row_codes):
        if code not in districts.codes:  # the rows of the rest: in the list, not on the map
            legend.append(f"{press.row_names[r]} : {decimal_text(press.text('tips', r, -1))}")
    minx, miny, maxx, maxy = np.array([p.bounds for p in districts.polygons]).T
    area.set_xlim(minx.min(), maxx.max())
    area.set_ylim(miny.min(), maxy.max())
    area.set_aspect(1 / np.cos(np.radians((miny.min() + maxy.max()) / 2)))
    area.axis("off")

    results = [
        "Résultats des opérations",
        f"Opérations : {press.total('operations')}",
        f"Interpellations : {press.total('arrests')}",
        f"Saisies (grammes) : {decimal_text(press.total('seizures_g'))}",
    ]
    fig.text(0.6, 0.5, results[0], size=10, weight="bold", va="top")
    fig.text(0.6, 0.475, "\n".join(results[1:]), size=9, va="top", linespacing=1.6)
    fig.text(0.6, 0.405, f"Signalements {per}", size=9, weight="bold", va="top")
    fig.text(0.6, 0.385, "\n".join(legend), size=7.5, va="top", linespacing=1.45)
    note = " ".join(rules_text(press)[1:])
    fig.text(0.07, 0.16, _wrap(note, 110), size=7.5, va="top", color="#333333")
    made = _day_fr(datetime.now(UTC).date())
    fig.text(0.07, 0.03, f"Document établi le {made}. Hotspots.", size=7, color="#666666")
    buffer = io.BytesIO()
    with PdfPages(
        buffer, metadata={"Title": f"Signalements — {city}", "Creator": "Hotspots"}
    ) as pdf:
        pdf.savefig(fig)
    plt.close(fig)
    return buffer.getvalue()


MONTHS_SHORT_FR = (
    "janv.", "févr.", "mars", "avr.", "mai", "juin",
    "juil.", "août", "sept.", "oct.", "nov.", "déc.",
)  # fmt: skip


def _short_label(label: str, by: str) -> str:
    if by == "month":
        return MONTHS_SHORT_FR[int(label[5:7]) - 1]
    return label


def city_name(settings) -> str:
    """The name of the commune the quartiers are of (another city, another folder)."""
    from hotspots.areas import load_area

    area = load_area(settings)
    detailed = area.communes_with_districts()
    return str(area.commune_name(detailed[0]) or "") if len(detailed) == 1 else ""


def _wrap(text: str, width: int) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, width))


def write_press(press: PressTable, fmt: str, districts: Districts, city: str) -> bytes:
    if fmt == "csv":
        return press_csv(press)
    if fmt == "xlsx":
        return press_xlsx(press)
    if fmt == "geojson":
        return press_geojson(press, districts)
    if fmt == "pdf":
        return press_pdf(press, districts, city)
    raise ExportError(f"unknown press format {fmt!r}: use one of {', '.join(PRESS_FORMATS)}")
