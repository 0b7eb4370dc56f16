"""What a user sees in a real browser: the map, its tooltip and drill-down, every page,
an upload, and hostile text shown as text."""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import (
    HOSTILE,
    HOSTILE_SCRIPT,
    SCREENSHOTS,
    click_until_drilldown,
    download_on,
)

pytestmark = pytest.mark.browser

MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
PAGES = {"carte": "", "analyse": "analyse", "operations": "operations", "donnees": "donnees"}
PAGES["exports"] = "exports"
TIMEOUT_MS = 30_000
#: The city's view (the default zone is the whole Doubs).
BESANCON = "?communes=25056"


def open_page(tab, server, path: str = "", query: str = ""):
    tab.goto(f"{server.url}/{path}{query}")
    ready = re.compile("Filtres actifs|Active filters|Charger des données")
    tab.get_by_text(ready).first.wait_for(timeout=TIMEOUT_MS)


def frame_with(tab, selector: str):
    """The first frame of the page that holds ``selector`` (waits up to 30 s)."""
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    while time.monotonic() < deadline:
        for frame in tab.frames:
            try:
                if frame.query_selector(selector):
                    return frame
            except Exception:  # noqa: S112 - a frame detached while looking
                continue
        tab.wait_for_timeout(250)
    raise AssertionError(f"no frame shows {selector}")


def test_map_shows_hexagons_districts_tooltip_and_drilldown(page, demo_server):
    open_page(page, demo_server, "", BESANCON)
    expect(page.get_by_text("Données fictives").first).to_be_visible()
    frame = page.frame_locator(MAP_FRAME)
    hexagons = frame.locator("path.hs-hex")
    expect(hexagons.first).to_be_attached(timeout=TIMEOUT_MS)
    assert hexagons.count() > 20
    assert frame.locator("path.hs-district").count() == 14
    labels = frame.locator(".district-label").all_text_contents()
    assert "Planoise-Châteaufarine" in labels and "Battant" in labels
    # names that would overlap are left out at this zoom: the ones shown never touch
    boxes = frame.locator(".district-label:not(.hs-label-hidden)").evaluate_all(
        "els => els.map(e => { const r = e.getBoundingClientRect();"
        " return [r.left, r.top, r.right, r.bottom]; })"
    )
    assert len(boxes) >= 8
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (a, b)
    assert frame.locator("path.hs-operation").count() >= 5  # one marker per cell
    expect(frame.locator(".hotspots-legend")).to_contain_text("Signalements par hexagone")

    # hover: a tooltip with the count, the district, the category and the peak hour
    hexagons.first.hover(force=True)
    tooltip = frame.locator(".leaflet-tooltip.hex-tooltip")
    expect(tooltip).to_be_visible(timeout=TIMEOUT_MS)
    expect(tooltip).to_contain_text(re.compile(r"\d+ signalements?"))
    expect(tooltip).to_contain_text("Pic")

    # click: the drill-down opens beside the map
    click_until_drilldown(page, hexagons, tries=8)
    expect(page.get_by_text("Hexagone sélectionné")).to_be_visible()
    expect(page.get_by_text(re.compile(r"\d+ signalements? dans la période"))).to_be_visible()
    expect(page.get_by_text("Par heure (pondération aoristique)")).to_be_visible()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "carte-detail.png"), full_page=True)
    assert page.external_requests == []


def test_every_page_renders_offline_and_is_photographed(page, demo_server):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    for name, path in PAGES.items():
        open_page(page, demo_server, path)
        page.wait_for_timeout(2_500)  # charts finish drawing
        assert page.locator('[data-testid="stException"]').count() == 0, name
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    open_page(page, demo_server, "", "?lang=en")
    expect(page.get_by_text("Active filters").first).to_be_visible()
    page.screenshot(path=str(SCREENSHOTS / "carte-en.png"), full_page=True)
    assert errors == []
    assert page.external_requests == []


def test_the_doubs_view_and_a_zone_of_other_communes(page, demo_server):
    """The default zone is the whole Doubs: its outline and the communes with tips; a
    link to two communes of the Pays de Montbéliard shows their outlines and names and
    their tips; the Besançon preset chosen in the sidebar shows its quartiers."""
    open_page(page, demo_server)
    frame = page.frame_locator(MAP_FRAME)
    expect(frame.locator("path.hs-hex").first).to_be_attached(timeout=TIMEOUT_MS)
    # the département's outline and the communes with tips (not all 576)
    assert 8 <= frame.locator("path.hs-commune").count() <= 20
    assert frame.locator("path.hs-district").count() == 14
    names = frame.locator(".commune-label").all_text_contents()
    assert {"Montbéliard", "Pontarlier"} <= set(names) and "Besançon" not in names
    expect(page.get_by_text("Filtres actifs").first).to_contain_text("Doubs")
    page.screenshot(path=str(SCREENSHOTS / "carte-doubs.png"), full_page=True)

    open_page(page, demo_server, "", "?communes=25031,25388")
    line = page.get_by_text("Filtres actifs").first
    expect(line).to_contain_text("Audincourt")
    expect(line).to_contain_text("Montbéliard")
    frame = page.frame_locator(MAP_FRAME)
    expect(frame.locator("path.hs-commune")).to_have_count(2, timeout=TIMEOUT_MS)
    expect(frame.locator("path.hs-hex").first).to_be_attached(timeout=TIMEOUT_MS)
    expect(frame.locator(".commune-label")).to_have_count(2)  # both named
    expect(page.get_by_test_id("stMetricValue").first).to_have_text("19")  # 11 + 8
    page.screenshot(path=str(SCREENSHOTS / "carte-montbeliard.png"), full_page=True)

    # the Besançon preset from the Zone selector: its quartiers, its tips only
    page.get_by_role("combobox", name="Zone").click()
    page.get_by_role("option", name="Besançon", exact=True).click()
    expect(page.get_by_text("Filtres actifs").first).to_contain_text("Besançon")
    frame = page.frame_locator(MAP_FRAME)
    expect(frame.locator("path.hs-district")).to_have_count(14, timeout=TIMEOUT_MS)
    expect(frame.locator("path.hs-hex").first).to_be_attached(timeout=TIMEOUT_MS)
    expect(page.get_by_test_id("stMetricValue").first).to_have_text("131")
    assert page.external_requests == []


def test_street_and_landmark_names_appear_offline_when_zoomed_in(page, demo_server):
    open_page(page, demo_server, "", BESANCON)
    frame = page.frame_locator(MAP_FRAME)
    expect(frame.locator("path.hs-hex").first).to_be_attached(timeout=TIMEOUT_MS)
    shown = ".street-label:not(.hs-label-hidden)"
    assert frame.locator(".street-label").count() > 800  # the city's located streets
    expect(frame.locator("path.hs-tram")).to_have_count(2)  # lines T1 and T2
    page.screenshot(path=str(SCREENSHOTS / "carte-ville.png"), full_page=True)
    assert frame.locator(shown).count() == 0  # the city view: quartier names only
    zoom_in = frame.locator("a.leaflet-control-zoom-in")
    for _ in range(4):
        zoom_in.click()
        page.wait_for_timeout(600)  # the zoom animation
    expect(frame.locator(shown).first).to_be_visible(timeout=TIMEOUT_MS)
    names = frame.locator(shown).all_text_contents()
    assert len(names) >= 5 and any(n.startswith(("Rue ", "Place ", "Avenue ")) for n in names)
    boxes = frame.locator(shown).evaluate_all(
        "els => els.map(e => { const r = e.getBoundingClientRect();"
        " return [r.left, r.top, r.right, r.bottom]; })"
    )
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (a, b)
    page.screenshot(path=str(SCREENSHOTS / "carte-rues.png"), full_page=True)
    assert page.external_requests == []


def test_a_link_reopens_the_same_view(page, demo_server):
    open_page(page, demo_server, "", "?districts=PC&period=12m&hours=18-24")
    line = page.get_by_text("Filtres actifs").first
    expect(line).to_contain_text("Planoise-Châteaufarine")
    expect(line).to_contain_text("18 h – 24 h")
    expect(line).to_contain_text("12 derniers mois")


def test_the_demo_database_asks_for_a_real_store_instead_of_an_upload(page, demo_server):
    """Its pseudonym key is public: no file is taken, the page says how to make a real
    store (imports into one: tests/browser/test_imports.py)."""
    open_page(page, demo_server, "donnees")
    expect(page.get_by_text("Cette base est la base de démonstration")).to_be_visible(
        timeout=TIMEOUT_MS
    )
    assert page.locator('input[type="file"]').count() == 0


def test_hostile_names_are_shown_as_text(page, hostile_server):
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    query = "?districts=" + "%2C".join(["BAT"])  # an unknown value is reported, as text
    for _name, path in PAGES.items():
        open_page(page, hostile_server, path, query)
        page.wait_for_timeout(2_000)
    open_page(page, hostile_server)
    frame = page.frame_locator(MAP_FRAME)
    expect(frame.locator("path.hs-hex").first).to_be_attached(timeout=TIMEOUT_MS)
    labels = frame.locator(".district-label").all_text_contents()
    assert HOSTILE in labels and HOSTILE_SCRIPT in labels  # the markup, as plain text
    # the hexagons' tooltips name the hostile district as text too
    page.get_by_role("combobox", name="Quartiers").click()  # the filter lists the names
    expect(page.get_by_text(HOSTILE).first).to_be_visible()
    page.keyboard.press("Escape")
    hexagons = frame.locator("path.hs-hex")
    for i in range(min(hexagons.count(), 30)):
        hexagons.nth(i).hover(force=True)
    page.wait_for_timeout(500)
    for target in [page.main_frame, *page.frames]:
        assert target.evaluate("() => window.__pwned === undefined"), target.url
        assert target.evaluate("() => document.querySelectorAll('img[src=\"x\"]').length") == 0
    assert dialogs == []


def test_hot_spot_layer_on_the_map(page, demo_server):
    open_page(page, demo_server, "", BESANCON)
    page.get_by_text("Points chauds", exact=True).click()
    # the map with the new layer is a new component frame beside the old one for a while
    frame = frame_with(page, "path.hs-hotspot")
    assert frame.locator("path.hs-hotspot").count() > 0
    assert "point chaud 99 %" in " ".join(frame.locator(".hotspots-legend").all_inner_texts())
    frame.locator("path.hs-hotspot").first.hover(force=True)
    tooltip = frame.locator(".leaflet-tooltip")
    expect(tooltip.first).to_contain_text("voisinage / attendu par hasard", timeout=TIMEOUT_MS)
    expect(tooltip.first).to_contain_text(re.compile(r"\d+ / \d+,\d"))  # French decimals
    page.wait_for_timeout(1_000)
    page.screenshot(path=str(SCREENSHOTS / "carte-points-chauds.png"), full_page=True)


def test_places_needing_attention_and_the_briefing_sheet(page, demo_server, tmp_path):
    """A commander sees the hot places with no recent operation ringed on the map and
    listed with the reason, and takes the one-page briefing sheet away."""
    import subprocess

    open_page(page, demo_server, "", BESANCON + "&role=commandement")
    frame = frame_with(page, "path.hs-attention")
    assert frame.locator("path.hs-attention").count() >= 1
    ring = frame.locator("path.hs-attention").first
    box = ring.bounding_box()
    # the ring is drawn, not filled (a click inside still reaches the hexagon): its edge
    ring.hover(position={"x": box["width"] / 2, "y": 1.5}, force=True)
    expect(frame.locator(".leaflet-tooltip").first).to_contain_text(
        re.compile("Aucune opération depuis|sans aucune opération|signalements depuis"),
        timeout=TIMEOUT_MS,
    )
    heading = page.get_by_text("À surveiller", exact=True)
    heading.scroll_into_view_if_needed(timeout=TIMEOUT_MS)
    expect(page.get_by_text(re.compile("sans opération depuis 90 jours"))).to_be_visible()
    page.wait_for_timeout(500)
    page.screenshot(path=str(SCREENSHOTS / "carte-a-surveiller.png"), full_page=True)
    download = download_on(page, page.get_by_role("button", name="Note de situation (PDF)"))
    pdf = tmp_path / "note.pdf"
    pdf.write_bytes(download.path().read_bytes())
    assert pdf.read_bytes().startswith(b"%PDF")
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "usage interne" in text and "Lieux chauds, par ordre" in text
    assert "non soumis au contrôle de divulgation" in text
    assert page.external_requests == []


def open_press(tab, server, query: str = "?role=presse"):
    tab.goto(f"{server.url}/publication{query}")
    tab.get_by_text("Chiffres publiables").first.wait_for(timeout=TIMEOUT_MS)
    tab.get_by_role("button", name="Télécharger (PDF)").wait_for(timeout=TIMEOUT_MS)


def test_press_role_gets_published_figures_and_files_only(page, demo_server, tmp_path):
    import csv
    import io
    import subprocess

    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    open_press(page, demo_server)
    # a single page: no navigation at all, no link to another page
    assert page.locator('[data-testid="stSidebarNav"]').count() == 0
    for other in ("Carte", "Analyse", "Opérations", "Données", "Exports"):
        assert page.get_by_role("link", name=other, exact=True).count() == 0
    assert page.locator(MAP_FRAME).count() == 0
    # the hexagon map's address leads back to the press page
    page.goto(f"{demo_server.url}/?role=presse")
    page.get_by_text("Chiffres publiables").first.wait_for(timeout=TIMEOUT_MS)
    page.wait_for_timeout(1_500)
    assert page.locator(MAP_FRAME).count() == 0
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "publication.png"), full_page=True)

    download = download_on(page, page.get_by_role("button", name="Télécharger (CSV)"))
    data = download.path().read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    counts = [r[c] for r in rows for c in ("signalements", "opérations", "interpellations")]
    assert not [v for v in counts if v.isdigit() and 1 <= int(v) <= 4]
    total = rows[-1]["signalements"]

    download = download_on(page, page.get_by_role("button", name="Télécharger (PDF)"))
    pdf = tmp_path / "sheet.pdf"
    download.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    words = " ".join(
        subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout.split()
    )
    assert f"{total} signalements ont été reçus" in words
    assert errors == []
    assert page.external_requests == []


def test_hostile_names_on_the_press_page(page, hostile_server):
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    open_press(page, hostile_server)
    page.wait_for_timeout(1_500)
    assert dialogs == []
    assert page.evaluate("window.__pwned === undefined")
    assert page.locator("img[onerror]").count() == 0


MAP_CENTRE_JS = """() => {
    const name = Object.keys(window).find(k => k.startsWith('map_') && window[k].getCenter);
    const c = window[name].getCenter();
    return [c.lat, c.lng, window[name].getZoom()];
}"""


def test_ranked_hot_places_centre_the_map(page, demo_server):
    open_page(page, demo_server, "", BESANCON)
    heading = page.get_by_text("Lieux chauds, par ordre")
    heading.scroll_into_view_if_needed(timeout=TIMEOUT_MS)
    expect(page.get_by_text("Cliquez une ligne pour centrer la carte")).to_be_visible()
    grid = page.locator('[data-testid="stDataFrame"]').first  # the attention list follows
    expect(grid).to_be_visible(timeout=TIMEOUT_MS)
    frame = frame_with(page, ".leaflet-container")
    frame.wait_for_function("() => Object.keys(window).some(k => k.startsWith('map_'))")
    before = frame.evaluate(MAP_CENTRE_JS)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    grid.scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / "carte-lieux-chauds.png"), full_page=True)
    box = grid.bounding_box()
    # the selection column is on the left; the first row sits under the header row
    page.mouse.click(box["x"] + 12, box["y"] + 35 + 17)
    frame = frame_with(page, ".leaflet-container")
    frame.wait_for_function(
        "z => { const n = Object.keys(window).find(k => k.startsWith('map_'));"
        " return n && window[n].getZoom() === z; }",
        arg=15,
        timeout=TIMEOUT_MS,
    )
    after = frame.evaluate(MAP_CENTRE_JS)
    assert after[2] == 15 and (after[0], after[1]) != (before[0], before[1])
    page.screenshot(path=str(SCREENSHOTS / "carte-lieu-centre.png"), full_page=True)
    assert page.external_requests == []


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("carte", "Filtres actifs"),
        ("analyse", "Heure × jour de la semaine"),
        ("publication?role=presse", "Chiffres publiables"),
        ("exports?role=commandement", "n'est pas ouverte au rôle Commandement"),
        ("analyse?role=presse", "réservée aux rôles Analyste"),
    ],
)
def test_a_shared_link_opens_its_page_or_says_why(page, demo_server, path, expected):
    page.goto(f"{demo_server.url}/{path}")
    page.get_by_text(expected).first.wait_for(timeout=TIMEOUT_MS)
    assert page.get_by_text(re.compile("page not found", re.I)).count() == 0
    assert page.url.split("?")[0].endswith("/" + path.split("?")[0])


@pytest.fixture
def release_server(tmp_path):
    """A store of its own: releases and late tips must not reach the other tests."""
    from tests.browser.conftest import Server, _setup_demo

    _setup_demo(tmp_path, {})
    server = Server(tmp_path, {})
    server.data_dir = tmp_path
    yield server
    server.stop()


def test_a_release_stays_frozen_until_a_revision(page, release_server, tmp_path):
    from tests.helpers import add_fictitious_tips, write_late_tips

    open_press(page, release_server)
    expect(page.get_by_text("Pas encore publié").first).to_be_visible()
    download = download_on(page, page.get_by_role("button", name="Télécharger (CSV)"))
    assert download.path().read_bytes().startswith(b"\xef\xbb\xbf")
    open_press(page, release_server)
    expect(page.get_by_text(re.compile("Publié le .*révision 0")).first).to_be_visible()

    late = write_late_tips(tmp_path / "late.csv", "Battant")
    add_fictitious_tips(
        f"sqlite:///{release_server.data_dir / 'hotspots.sqlite'}", late, release_server.data_dir
    )
    open_press(page, release_server)
    expect(page.get_by_text(re.compile("changeraient \\d+ case")).first).to_be_visible()
    expect(page.get_by_text("186 signalements ont été reçus").first).to_be_visible()
    page.screenshot(path=str(SCREENSHOTS / "publication-revision-proposee.png"), full_page=True)

    page.get_by_role("button", name="Émettre une révision").click()
    expect(page.get_by_text(re.compile("révision 1")).first).to_be_visible(timeout=TIMEOUT_MS)
    # 189 tips, unless protecting the revision against the release hid the year's total
    revised = re.compile("189 signalements ont été reçus|nombre de signalements reçus n'est pas")
    expect(page.get_by_text(revised).first).to_be_visible()
    # the rerun replaces the page's elements one by one: wait for the old ones to go
    expect(page.get_by_text("186 signalements ont été reçus")).to_have_count(0)
    expect(page.get_by_text(re.compile("changeraient"))).to_have_count(0)
    page.get_by_text("Registre des publications").click()
    page.screenshot(path=str(SCREENSHOTS / "publication-revision.png"), full_page=True)
    assert page.external_requests == []


@pytest.fixture
def tiles_server(tmp_path):
    """The demo behind a local MBTiles file of Besançon's centre."""
    import shutil

    from tests.browser.conftest import ROOT, Server, _setup_demo
    from tests.test_local_tiles import city_tiles, make_mbtiles

    source = make_mbtiles(tmp_path / "besancon.mbtiles", city_tiles())
    env = {"HOTSPOTS_TILES": str(source)}
    _setup_demo(tmp_path, env)
    server = Server(tmp_path, env)
    yield server
    server.stop()
    from hotspots.local_tiles import _key

    shutil.rmtree(ROOT / "static" / "tiles" / _key(source), ignore_errors=True)


def test_local_tiles_are_served_by_the_app_itself(page, tiles_server):
    served = []
    page.on(
        "response",
        lambda r: served.append((r.url, r.status)) if "/app/static/tiles/" in r.url else None,
    )
    open_page(page, tiles_server, "", BESANCON)
    frame = page.frame_locator(MAP_FRAME)
    expect(frame.locator("img.leaflet-tile-loaded").first).to_be_attached(timeout=TIMEOUT_MS)
    from tests.test_local_tiles import city_tiles

    held = set(city_tiles())
    for url, status in served:
        assert url.startswith(tiles_server.url)
        z, x, y = (int(v) for v in url.rsplit(".", 1)[0].split("/")[-3:])
        # the file's tiles are served; a tile the file does not hold is not found
        assert status == (200 if (z, x, y) in held else 404), (url, status)
    assert sum(status == 200 for _url, status in served) >= 4
    # the file's attribution is shown as text
    expect(frame.locator(".leaflet-control-attribution")).to_contain_text("© Test <b>maps</b>")
    page.screenshot(path=str(SCREENSHOTS / "carte-tuiles-locales.png"), full_page=True)
    assert page.external_requests == []
