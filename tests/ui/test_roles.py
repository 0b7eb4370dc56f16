"""Roles in the dashboard: what an unauthenticated visitor, a press officer, a
commander and an analyst can reach."""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from hotspots import auth
from hotspots.cli import main
from hotspots.roles import Role
from hotspots.ui.access import Session
from tests.helpers import add_fictitious_tips, fill_small_store, write_late_tips
from tests.ui.conftest import APP_TIMEOUT_S, DASHBOARD, ROOT

PAGES = "hotspots/ui/pages/"
PASSWORDS = {"alice": "analyst password", "pierre": "press password!", "chef": "commander pwd!"}


def app() -> AppTest:
    return AppTest.from_file(DASHBOARD, default_timeout=APP_TIMEOUT_S)


@pytest.fixture
def signed_store(tmp_path, app_env, monkeypatch):
    """A real (non-demo) store with password sign-in and three users."""
    fill_small_store(tmp_path, app_env)
    users = tmp_path / "users.toml"
    auth.add_user(users, "alice", "analyste", PASSWORDS["alice"])
    auth.add_user(users, "pierre", "presse", PASSWORDS["pierre"])
    auth.add_user(users, "chef", "commandement", PASSWORDS["chef"])
    monkeypatch.setenv("HOTSPOTS_AUTH", "password")
    monkeypatch.setenv("HOTSPOTS_USERS_FILE", str(users))
    return app_env


def sign_in(at: AppTest, name: str, password: str) -> AppTest:
    at.text_input(key="sign_in_user").input(name)
    at.text_input(key="sign_in_password").input(password)
    at.button[0].click()
    return at.run()


def everything_shown(at: AppTest) -> str:
    kinds = ("title", "header", "subheader", "markdown", "caption", "info", "error", "warning")
    parts = [e.value for kind in kinds for e in getattr(at, kind)]
    return "\n".join(str(p) for p in parts)


def test_an_unauthenticated_visitor_sees_only_the_sign_in(signed_store):
    at = app().run()
    assert not at.exception
    assert [t.value for t in at.title] == ["Connexion"]
    assert not at.metric and not at.dataframe and not at.selectbox and not at.multiselect
    assert not at.sidebar.selectbox and not at.sidebar.button
    assert len(at.text_input) == 2
    # no other page is registered, and a page script run on its own shows nothing
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page(f"{PAGES}overview.py")
    alone = AppTest.from_file(f"{ROOT}/{PAGES}overview.py", default_timeout=APP_TIMEOUT_S).run()
    assert not alone.exception and not alone.title and not alone.metric


@pytest.mark.parametrize("role", ["analyste", "commandement", "presse", "admin"])
def test_a_role_in_the_address_does_not_skip_the_sign_in(signed_store, role):
    at = app()
    at.query_params["role"] = role
    at.run()
    assert not at.exception
    assert [t.value for t in at.title] == ["Connexion"]
    assert not at.metric and not at.dataframe and not at.sidebar.selectbox


def test_a_wrong_password_is_refused(signed_store):
    at = sign_in(app().run(), "alice", "not the password")
    assert any("incorrect" in e.value for e in at.error)
    assert [t.value for t in at.title] == ["Connexion"]


def test_five_failures_lock_a_name_for_every_server_process(signed_store, caplog):
    """The count lives in the store: a second server process (here: every cache of this
    one cleared) sees the lock; every attempt is logged, never the password."""
    import logging

    import streamlit as st
    from sqlalchemy import text

    from hotspots.store import Store

    with caplog.at_level(logging.WARNING, logger="hotspots.sign_in"):
        for _ in range(5):
            at = sign_in(app().run(), "alice", "not the password")
            assert any("incorrect" in e.value for e in at.error)
        st.cache_data.clear()
        st.cache_resource.clear()
        at = sign_in(app().run(), "alice", PASSWORDS["alice"])
    assert [t.value for t in at.title] == ["Connexion"]
    assert any("5 min" in e.value or "minutes" in e.value for e in at.error)
    other = sign_in(app().run(), "pierre", PASSWORDS["pierre"])  # others are not locked
    assert "Connexion" not in [t.value for t in other.title]
    store = Store.open(signed_store)
    with store.engine.connect() as conn:
        rows = conn.execute(text("SELECT user_name, outcome FROM sign_ins ORDER BY at_ts")).all()
    store.close()
    assert [tuple(r) for r in rows] == [
        *[("alice", "failure")] * 5,
        ("alice", "locked"),
        ("pierre", "success"),
    ]
    assert caplog.text.count("sign-in failure for user 'alice'") == 5
    assert "not the password" not in caplog.text and PASSWORDS["alice"] not in caplog.text


def test_an_analyst_signs_in_and_reaches_every_page(signed_store):
    at = sign_in(app().run(), "alice", PASSWORDS["alice"])
    assert not at.exception
    assert at.title[0].value.startswith("Hotspots") and at.metric
    assert any("alice" in c.value for c in at.sidebar.caption)
    for page in ("analysis", "operations", "data", "exports", "press"):
        at.switch_page(f"{PAGES}{page}.py").run()
        assert not at.exception, page
        assert not at.error, (page, [e.value for e in at.error])


def test_a_press_officer_gets_only_published_figures(signed_store):
    at = sign_in(app().run(), "pierre", PASSWORDS["pierre"])
    assert not at.exception
    assert at.title[0].value == "Chiffres publiables"
    shown = everything_shown(at)
    assert "H3" not in shown and not at.metric
    # Pages that are not theirs are not registered, and the page scripts themselves
    # refuse the role (the map with its hexagons and drill-down, analyst exports, …).
    for page in ("overview", "analysis", "operations", "data", "exports"):
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            at.switch_page(f"{PAGES}{page}.py")
        alone = AppTest.from_file(f"{ROOT}/{PAGES}{page}.py", default_timeout=APP_TIMEOUT_S)
        alone.session_state["hs_session"] = Session("pierre", Role.PRESS, "password")
        alone.run()
        assert not alone.exception, page
        assert [e.value for e in alone.error] == ["Cette page n'est pas ouverte à votre rôle."]
        assert not alone.metric and not alone.dataframe and not alone.get("download_button")
    # No cell of the displayed table counts 1 to 4.
    frame = at.dataframe[0].value
    numbers = frame.iloc[:, 3:].to_numpy().ravel()
    assert not [v for v in numbers if v.isdigit() and 1 <= int(v) <= 4]
    assert "< 5" in set(numbers)


def test_a_commander_sees_the_map_without_analyst_tools(signed_store):
    at = sign_in(app().run(), "chef", PASSWORDS["chef"])
    assert not at.exception and at.metric
    assert not at.slider, "no hour filter for a commander"
    assert [m.label for m in at.sidebar.multiselect] == ["Quartiers"]
    assert "Cliquez" not in everything_shown(at)  # no drill-down panel
    for page in ("analysis", "data", "exports"):
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            at.switch_page(f"{PAGES}{page}.py")
    at.switch_page(f"{PAGES}press.py").run()
    assert not at.exception and at.title[0].value == "Chiffres publiables"


def test_a_real_store_without_sign_in_is_refused(tmp_path, app_env, monkeypatch):
    fill_small_store(tmp_path, app_env)
    monkeypatch.delenv("HOTSPOTS_AUTH")
    at = app().run()
    assert not at.exception
    assert any("HOTSPOTS_AUTH=password" in e.value for e in at.error)
    assert not at.metric and not at.sidebar.selectbox


def test_sign_in_switched_off_is_bannered(tmp_path, app_env):
    fill_small_store(tmp_path, app_env)
    at = app().run()
    assert any("HOTSPOTS_AUTH=none" in w.value for w in at.warning)


def demo_as_press(app_env, monkeypatch) -> AppTest:
    """The demo database, opened without sign-in through ``?role=presse``."""
    monkeypatch.delenv("HOTSPOTS_AUTH")
    assert main(["setup-demo", "--db", app_env]) == 0
    at = app()
    at.query_params["role"] = "presse"
    return at.run()


def test_the_demo_opens_without_sign_in_with_a_role_picker(app_env, monkeypatch):
    at = demo_as_press(app_env, monkeypatch)
    assert not at.exception
    assert any("fictives" in w.value for w in at.warning)
    assert at.title[0].value == "Chiffres publiables"
    assert "186 signalements" in everything_shown(at)
    at.sidebar.selectbox(key="hs_role_picker").select(Role.ANALYST).run()
    at.switch_page(f"{PAGES}overview.py").run()
    assert at.title[0].value.startswith("Hotspots") and at.metric


def test_oidc_mode_offers_the_organisation_sign_in_only(tmp_path, app_env, monkeypatch):
    fill_small_store(tmp_path, app_env)
    monkeypatch.setenv("HOTSPOTS_AUTH", "oidc")
    at = app().run()
    assert not at.exception
    assert [t.value for t in at.title] == ["Connexion"]
    assert [b.label for b in at.button] == ["Se connecter"]
    assert not at.text_input and not at.metric and not at.sidebar.selectbox


def test_a_release_stays_on_the_page_until_a_revision_is_asked(app_env, tmp_path, monkeypatch):
    at = demo_as_press(app_env, monkeypatch)
    assert not at.exception
    assert any("Pas encore publié" in i.value for i in at.info)
    # the quarter table first; what each way of cutting the year would hide
    shown = " ".join(c.value for c in at.caption)
    hidden = re.search(r"Cases masquées : (\d+) ", shown)
    cuts = re.search(r"par mois (\d+), par trimestre (\d+), par année (\d+)", shown)
    assert hidden and cuts
    month, quarter, year_cells = (int(v) for v in cuts.groups())
    assert int(hidden.group(1)) == quarter  # the quarter table is shown
    assert month > quarter > year_cells > 0
    year = ["export", "--role", "presse", "--by", "district,quarter", "--format", "csv",
            "--db", app_env, "--user", "pierre", "--out", str(tmp_path / "year.csv")]  # fmt: skip
    assert main(year) == 0  # the release, as a download would issue it
    late = write_late_tips(tmp_path / "late.csv", "Battant")
    add_fictitious_tips(app_env, late)
    at.run()
    assert not at.exception
    assert any("Publié le" in s.value and "pierre" in s.value for s in at.success)
    assert "186 signalements" in everything_shown(at)  # the release, not 189
    assert any("changeraient" in w.value for w in at.warning)
    at.button(key="press_revise").click().run()
    assert not at.exception
    assert any("révision 1" in s.value for s in at.success)
    assert not any("changeraient" in w.value for w in at.warning)
    # the revision: 189 tips, unless protecting it against the release hid the total
    revised = everything_shown(at)
    assert "189 signalements" in revised or "n'est pas diffusé" in revised
    assert "186 signalements" not in revised


def test_a_press_officer_can_publish_by_commune(app_env, monkeypatch):
    """« Lignes : Communes »: the table's first column is the commune, Besançon first
    with its 131 tips, « Autres communes » for the rest of the Doubs; no cell counts 1
    to 4."""
    at = demo_as_press(app_env, monkeypatch)
    at.segmented_control(key="press_by").set_value("year").run()
    at.segmented_control(key="press_rows").set_value("commune").run()
    assert not at.exception
    frame = at.dataframe[0].value
    assert frame.columns[0] == "Commune"
    assert list(frame.iloc[:2, 0]) == ["Besançon", "Allenjoie"]
    assert frame.iloc[0]["Signalements"] == "131"
    assert "Autres communes" in set(frame.iloc[:, 0])
    numbers = frame.iloc[:, 3:].to_numpy().ravel()
    assert not [v for v in numbers if v.isdigit() and 1 <= int(v) <= 4]
