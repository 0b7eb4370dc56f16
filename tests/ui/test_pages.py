"""Page logic through Streamlit's AppTest: indicators, filters and their URL state,
every page, the store's failures."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from hotspots.store import Store
from tests.helpers import fill_small_store
from tests.ui.conftest import APP_TIMEOUT_S, DASHBOARD

PAGES = "hotspots/ui/pages/"
NB = "\u202f"


def app() -> AppTest:
    return AppTest.from_file(DASHBOARD, default_timeout=APP_TIMEOUT_S)


def metrics(at):
    return {m.label: m.value for m in at.metric}


def test_indicators_match_hand_computed_values(tmp_path, app_env):
    fill_small_store(tmp_path, app_env)
    at = app().run()
    assert not at.exception
    assert at.title[0].value.startswith("Hotspots")
    # worked out in tests/helpers.py:fill_small_store (period 01/01 - 15/03/2025)
    assert metrics(at) == {
        "Signalements": "7",
        "Exploitables": f"60,0{NB}%",  # 3 of the 5 triaged
        "À trier": "2",
        "Délai médian avant opération": "26 j",  # (49.42 + 1.88) / 2 days
        "Opérations": "2",
        "Interpellations": "2",
        "Saisies": f"1,51{NB}kg",  # 1.5 kg resin + 12 g cocaine
        "Numéraire saisi": f"500{NB}€",
    }
    tips = next(m for m in at.metric if m.label == "Signalements")
    # the data start on 20/12/2024 (T8): the 74 days before 1 January are not covered
    assert tips.delta == "période précédente non couverte"
    assert any(
        "Pas de comparaison possible" in c.value and "20/12/2024" in c.value for c in at.caption
    )
    assert not any("significatif" in c.value or "hasard" in c.value for c in at.caption)
    line = at.caption[0].value
    assert "Depuis le 1er janvier" in line and "01/01/2025" in line and "15/03/2025" in line
    assert not [w for w in at.warning if "fictives" in w.value]  # not the demo database


def declare_data_since(url: str, day: str) -> None:
    from hotspots.periods import DATA_SINCE_KEY

    store = Store.open(url)
    with store.transaction() as conn:
        store.set_meta(conn, DATA_SINCE_KEY, day)
        store.bump_data_version(conn)
    store.close()


def test_change_is_tested_when_the_previous_period_is_covered(tmp_path, app_env):
    fill_small_store(tmp_path, app_env)
    declare_data_since(app_env, "2024-10-01")
    at = app().run()
    assert not at.exception
    tips = next(m for m in at.metric if m.label == "Signalements")
    assert tips.delta == "+6 vs 1 du 19/10/2024 au 31/12/2024"
    # 7 against 1: p = 18/256 = 0.070 by the exact conditional binomial test
    assert any(
        "compatible avec le hasard" in c.value and "p = 0,070" in c.value for c in at.caption
    )


def test_filters_come_from_the_url(tmp_path, app_env):
    fill_small_store(tmp_path, app_env)
    at = app()
    at.query_params["triage"] = "pending"
    at.query_params["hours"] = "19-21"
    at.run()
    assert not at.exception
    assert metrics(at)["Signalements"] == "1"  # T4 (20 h); T7 was received at 10 h
    assert at.sidebar.multiselect(key="flt_triage").value == ["pending"]
    assert at.sidebar.slider(key="flt_hours").value == (19, 21)
    assert "À trier" in at.caption[0].value and "19 h – 21 h" in at.caption[0].value


def test_a_filter_change_is_written_to_the_url_and_reset_clears_it(tmp_path, app_env):
    fill_small_store(tmp_path, app_env)
    at = app().run()
    at.sidebar.multiselect(key="flt_categories").set_value(["deal_point"]).run()
    assert metrics(at)["Signalements"] == "4"
    assert at.query_params["categories"] == "deal_point"
    at.sidebar.selectbox(key="flt_preset").set_value("7d").run()
    assert at.query_params["period"] == "7d"
    assert metrics(at)["Signalements"] == "2"  # 09/03 - 15/03: T6 and T4
    reset = next(b for b in at.sidebar.button if b.label == "Réinitialiser les filtres")
    reset.click().run()
    assert metrics(at)["Signalements"] == "7"
    assert "categories" not in at.query_params and "period" not in at.query_params


def test_the_zone_filter_selects_communes_and_travels_in_the_url(tmp_path, app_env):
    fill_small_store(tmp_path, app_env)  # every tip and operation is in Besançon
    at = app().run()
    assert at.sidebar.selectbox(key="flt_area").value == "doubs"
    assert metrics(at)["Signalements"] == "7"
    at.sidebar.selectbox(key="flt_area").set_value("pays-de-montbeliard").run()
    assert not at.exception
    assert metrics(at)["Signalements"] == "0" and metrics(at)["Opérations"] == "0"
    assert at.query_params["communes"].split(",")[:2] == ["25011", "25020"]
    assert "Pays de Montbéliard" in at.caption[0].value
    # no quartiers there: the quartier filter is not offered
    assert not [m for m in at.sidebar.multiselect if m.key == "flt_districts"]
    at.sidebar.selectbox(key="flt_area").set_value("custom").run()
    at.sidebar.multiselect(key="flt_communes").set_value(["25056", "25388"]).run()
    assert metrics(at)["Signalements"] == "7"
    assert at.query_params["communes"] == "25056,25388"
    # a link with the communes opens on them
    link = app()
    link.query_params["communes"] = "25056"
    link.run()
    assert link.sidebar.selectbox(key="flt_area").value == "besancon"
    assert metrics(link)["Signalements"] == "7"


def test_a_link_with_unknown_values_says_so(tmp_path, app_env):
    fill_small_store(tmp_path, app_env)
    at = app()
    at.query_params["districts"] = "ATLANTIS"
    at.run()
    assert metrics(at)["Signalements"] == "7"
    assert "districts=ATLANTIS" in at.sidebar.warning[0].value


def test_english_on_request(tmp_path, app_env):
    fill_small_store(tmp_path, app_env)
    at = app()
    at.query_params["lang"] = "en"
    at.run()
    assert metrics(at)["Exploitable"] == "60.0%"
    assert metrics(at)["Cash seized"] == "€500"
    assert metrics(at)["Seizures"] == f"1.51{NB}kg"


def test_every_page_runs(tmp_path, app_env):
    fill_small_store(tmp_path, app_env)
    at = app().run()
    for page in ("analysis", "operations", "data", "exports"):
        at.switch_page(f"{PAGES}{page}.py").run()
        assert not at.exception, page
    at.switch_page(f"{PAGES}operations.py").run()
    tables = [df.value for df in at.dataframe]
    per_district = tables[0]
    assert per_district["Opérations"].sum() == 2
    assert per_district["Signalements"].sum() == 7  # T7 (district only) counts too; T8 is 2024
    listing = tables[1]
    assert list(listing["Date"]) == ["14/03/2025", "01/03/2025"]
    assert "résine de cannabis 1,5" in listing["Saisies"].iloc[1]
    # what followed: O2 on 14/03 has one day of data after it (the last tip is 15/03),
    # O1 on 01/03 has T3 and T4 after it and nothing in the 14 days before: too few
    outcomes = at.table[0].value
    assert list(outcomes.index) == ["14/03/2025", "01/03/2025"]
    assert list(outcomes["Dans l'hexagone"]) == ["données insuffisantes", "trop peu pour conclure"]
    assert list(outcomes["Hexagone avant → après"]) == ["0 → 0", "0 → 2"]
    assert "aucune n'a assez de signalements" in " ".join(m.value for m in at.markdown)
    assert any("retour à la normale" in c.value for c in at.caption)


def test_analysis_page_states_the_aoristic_split(tmp_path, app_env):
    fill_small_store(tmp_path, app_env)
    at = app().run()
    at.switch_page(f"{PAGES}analysis.py").run()
    notes = " ".join(c.value for c in at.caption)
    assert "2 signalements répartis" in notes and "5 placés" in notes


def test_exports_are_formula_safe_csv(tmp_path, app_env):
    fill_small_store(tmp_path, app_env)
    at = app().run()
    at.switch_page(f"{PAGES}exports.py").run()
    table = at.dataframe[0].value
    assert table["signalements"].sum() == 7
    assert list(table.columns) == [
        "code_quartier",
        "quartier",
        "mois",
        "signalements",
        "exploitables",
        "a_trier",
    ]
    log = at.dataframe[-1].value if len(at.dataframe) > 1 else None
    assert log is None or "user_name" not in log.columns  # the log speaks French


def test_empty_store_says_how_to_load(app_env):
    at = app().run()
    assert not at.exception
    assert "ingest" in at.info[0].value
    assert not at.metric


def test_unusable_database_shows_the_reason(app_env):
    from sqlalchemy import update

    from hotspots.store import schema_info

    store = Store.open(app_env)
    with store.transaction() as conn:
        conn.execute(update(schema_info).values(version=99))
    store.close()
    at = app().run()
    assert not at.exception
    assert "schema version 99" in at.error[0].value


def test_hot_spots_are_explained_or_refused_with_the_reason(tmp_path, app_env):
    fill_small_store(tmp_path, app_env)
    at = app().run()
    at.switch_page(f"{PAGES}analysis.py").run()
    assert not at.exception
    text = " ".join(m.value for m in at.markdown)
    assert "Test exact" in text and "binomiale" in text and "Gi*" in text
    # 6 located tips in the period: refused, in French, with what to do
    assert "seulement 6 signalements localisés" in at.info[0].value
    assert "Élargissez la période" in at.info[0].value
    assert "seulement 6 signalements localisés" in at.info[1].value  # emerging too


def test_hot_spots_on_the_demo_data(app_env):
    from hotspots.cli import main

    assert main(["setup-demo", "--db", app_env]) == 0
    at = app()
    at.query_params["communes"] = "25056"  # the analyst looks at Besançon
    at.run()
    at.switch_page(f"{PAGES}analysis.py").run()
    assert not at.exception
    summary = next(m.value for m in at.markdown if "points chauds à 99" in m.value)
    assert not summary.startswith("0 points chauds à 99")
    changes = at.dataframe[0].value
    assert changes["Signalements"].sum() >= 120  # the 131 tips placed in a quartier
    # the demo starts in January 2025: 2024 has no data, which is not zero
    assert set(changes["Écart"]) == {"non comparable"}
    assert set(changes["Période précédente"]) == {"–"} and set(changes["p"]) == {"–"}
    page_text = " ".join(
        [
            *(m.value for m in at.markdown),
            *(c.value for c in at.caption),
            *(i.value for i in at.info),
        ]
    )
    for claim in ("hausse significative", "baisse significative", "écart significatif"):
        assert claim not in page_text
    assert "0,19 signalement" in page_text and "au moins 1 pour" in page_text
    table = next(df.value for df in at.dataframe if "Niveau" in df.value.columns)
    assert set(table["Niveau"]) <= {
        "point chaud 99 %",
        "point chaud 95 %",
        "point chaud 90 %",
        "point froid 90 %",
        "point froid 95 %",
        "point froid 99 %",
    }
    hot = table[table["Niveau"].str.startswith("point chaud")]
    assert (hot["Voisinage"] > 0).all()
    assert all(p.startswith("p ") and "." not in p for p in hot["p corrigée (FDR)"])
    params = " ".join(c.value for c in at.caption)
    assert "résolution H3 9" in params and "Benjamini-Hochberg" in params
    # emerging hot spots: the located tips of Besançon over 11 months: at resolution 9 a
    # neighbourhood expects 0.2 a month, too few to class a trend: refused with the
    # reason, not a map of noise; with larger hexagons, monthly steps
    assert "Points chauds émergents" in [h.value for h in at.subheader]
    assert any("n'attend au plus que" in i.value for i in at.info)
    at.segmented_control(key="flt_res").set_value(8).run()
    assert not at.exception
    params = " ".join(c.value for c in at.caption)
    assert "11 × mois" in params
    assert any("Mann-Kendall" in m.value for m in at.markdown)


def test_map_page_ranks_hot_places_and_never_compares_with_no_data(app_env):
    from hotspots.cli import main

    assert main(["setup-demo", "--db", app_env]) == 0
    at = app().run()
    assert not at.exception
    tips = next(m for m in at.metric if m.label == "Signalements")
    assert tips.delta == "période précédente non couverte"
    assert "Lieux chauds, par ordre" in [h.value for h in at.subheader]
    places = next(df.value for df in at.dataframe if "Lieu" in df.value.columns)
    assert list(places["Rang"]) == list(range(1, len(places) + 1)) and len(places) >= 2
    assert places["Signalements"].iloc[0] >= 10  # the centre's deal point
    assert places["Lieu"].str.contains(",").any()  # « landmark, district »
    assert set(places["Évolution"]) == {"non comparable"}
    assert (
        places["Dernière opération"].str.fullmatch(r"\d\d/\d\d/2025 \(il y a \d+ j\)|aucune").all()
    )
    # the attention list: every hot place with no operation, or none for 90 days
    assert "À surveiller" in [h.value for h in at.subheader]
    attention = at.table[0].value.reset_index()
    stale = places[places["Dernière opération"].str.extract(r"(\d+) j")[0].astype(float) >= 90]
    never = places[places["Dernière opération"] == "aucune"]
    assert set(attention["Rang"]) >= set(stale["Rang"]) | set(never["Rang"])
    assert len(attention) >= 1
    first = attention[attention["Rang"] == places["Rang"].iloc[0]]
    if places["Dernière opération"].iloc[0] != "aucune":  # the centre: none since July
        assert first["Pourquoi"].iloc[0].startswith("Aucune opération depuis le")
    at.number_input(key="at_days").set_value(730).run()
    assert not at.exception
    longer = at.table[0].value.reset_index()
    assert set(longer["Rang"]) >= set(never["Rang"])
    # nothing is 730 days old: an operated place stays only if tips came back since
    operated = longer[~longer["Rang"].isin(never["Rang"])]
    assert operated["Pourquoi"].str.contains("signalements depuis l'opération du").all()


def test_drilldown_words_for_covered_and_uncovered_periods(tmp_path, app_env):
    import h3

    fill_small_store(tmp_path, app_env)
    cell = h3.str_to_int(h3.latlng_to_cell(47.2370, 6.0260, 9))
    at = app()
    at.session_state["drill_cell"] = (cell, 9)
    at.run()
    assert not at.exception
    words = " ".join(c.value for c in at.caption)
    assert "non comparable (pas de données avant le 20/12/2024)" in words
    # O1 (01/03/2025) in this hexagon: T3 and T4 after it, none in the 14 days before
    assert "Ce qui a suivi chaque opération" in [m.value.strip("*") for m in at.markdown]
    assert "01/03/2025 · 2 sem. avant → après : 0 → 2 signalements dans l'hexagone" in words
    assert "Trop peu de signalements pour conclure" in words
    declare_data_since(app_env, "2024-10-01")
    at = app()
    at.session_state["drill_cell"] = (cell, 9)
    at.run()
    words = " ".join(c.value for c in at.caption)
    assert "Période précédente : 1 (compatible avec le hasard, p = 0,375)" in words


def test_triage_queue_for_analysts_on_the_demo_and_refused_to_the_press(app_env):
    import pytest

    from hotspots.cli import main
    from hotspots.roles import Role
    from hotspots.ui.access import Session
    from tests.ui.conftest import ROOT

    assert main(["setup-demo", "--db", app_env]) == 0
    at = app().run()
    at.switch_page(f"{PAGES}triage.py").run()
    assert not at.exception
    assert at.title[0].value == "À trier"
    captions = [c.value for c in at.caption]
    assert "Ordre de lecture, pas un verdict : la CROSS décide." in captions
    queue = at.table[0].value.reset_index()
    assert list(queue.columns) == [
        "Rang", "Reçu le", "Quartier", "Commune", "Concordants", "Éléments",
    ]  # fmt: skip
    assert list(queue["Rang"]) == list(range(1, len(queue) + 1)) and len(queue) >= 2
    assert queue["Éléments"].str.len().gt(0).all()
    for verdict in ("fiable", "faux", "vrai"):
        assert not queue["Éléments"].str.contains(verdict).any()
    # nuisance-only tips come last
    nuisance = queue["Éléments"].str.contains("nuisances seulement").to_numpy()
    assert not (nuisance[:-1] & ~nuisance[1:]).any()
    press = app()
    press.query_params["role"] = "presse"
    press.run()
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        press.switch_page(f"{PAGES}triage.py")
    alone = AppTest.from_file(f"{ROOT}/{PAGES}triage.py", default_timeout=APP_TIMEOUT_S)
    alone.session_state["hs_session"] = Session("visiteur", Role.PRESS, "none")
    alone.run()
    assert not alone.exception
    assert [e.value for e in alone.error] == ["Cette page n'est pas ouverte à votre rôle."]
    assert not alone.table
