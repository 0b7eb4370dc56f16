"""Sign-in and roles in the dashboard: who is here, and which pages they get."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from hotspots import auth
from hotspots.roles import Role, allowed, parse_role
from hotspots.ui.context import get_settings, get_store, t

__all__ = ["Session", "account_sidebar", "current_session", "pages_for", "sign_in_page"]

SESSION_KEY = "hs_session"
ROLE_PICKER_KEY = "hs_role_picker"
#: Failed passwords per user name before a pause, and the pause (seconds).
MAX_FAILURES = 5
LOCK_SECONDS = 300


@dataclass(frozen=True)
class Session:
    user: str
    role: Role
    mode: str  # demo, none, password, oidc


def _mode() -> auth.Mode:
    settings = get_settings()
    store = get_store(settings.effective_database_url)
    try:
        return auth.mode_for(settings, store.is_demo())
    except auth.AuthError as exc:
        st.title("Hotspots")
        st.error(t("auth_refused", reason=str(exc)))
        st.stop()


def _role_picker() -> Role:
    """Without sign-in (demo, or HOTSPOTS_AUTH=none) anyone may look through any role's
    eyes; ``?role=presse`` opens a role directly."""
    choices = [Role.ANALYST, Role.COMMANDER, Role.PRESS]
    if ROLE_PICKER_KEY not in st.session_state:
        wanted = parse_role(st.query_params.get("role"))
        st.session_state[ROLE_PICKER_KEY] = wanted or Role.ANALYST
    role = st.sidebar.selectbox(
        t("role_pick"),
        choices,
        format_func=lambda r: t(f"role_{r.value}"),
        key=ROLE_PICKER_KEY,
    )
    return Role(role)


def current_session() -> Session | None:
    """The signed-in session, or ``None`` when the visitor must sign in first."""
    mode = _mode()
    session: Session | None
    if mode.kind in ("demo", "none"):
        if mode.kind == "none":
            st.warning(t("auth_none_banner"), icon="🔓")
        session = Session(t("anonymous_user"), _role_picker(), mode.kind)
    elif mode.kind == "password":
        session = st.session_state.get(SESSION_KEY)
    else:
        session = _oidc_session()
    st.session_state[SESSION_KEY] = session
    return session


def _oidc_session() -> Session | None:
    if not st.user.get("is_logged_in"):
        return None
    claims = st.user.to_dict()
    settings = get_settings()
    try:
        role = auth.role_from_claims(claims, settings.role_claim, settings.roles_file)
    except auth.AuthError as exc:
        st.error(str(exc))
        st.stop()
    name = str(claims.get("email") or claims.get("sub") or "?")
    if role is None:
        st.error(t("auth_no_role", user=name, claim=settings.role_claim))
        st.button(t("sign_out"), on_click=st.logout)
        st.stop()
    return Session(name, role, "oidc")


log = logging.getLogger("hotspots.sign_in")


def _store():
    return get_store(get_settings().effective_database_url)


def _locked(name: str) -> bool:
    """Five failures for this name in the last five minutes, counted in the store, so
    that every server process of a deployment shares the count."""
    since = int(time.time()) - LOCK_SECONDS
    return _store().failed_sign_ins(name, since) >= MAX_FAILURES


def _log_attempt(name: str, outcome: str) -> None:
    """The attempt in the store and in the server's log: name, time, outcome."""
    _store().record_sign_in(name, outcome, int(time.time()))
    log.warning("sign-in %s for user %r", outcome, name)


def sign_in_page() -> None:
    """The only page an unauthenticated visitor sees."""
    st.title(t("sign_in_title"))
    mode = _mode()
    if mode.kind == "oidc":
        st.write(t("sign_in_oidc_text"))
        st.button(t("sign_in_oidc"), on_click=st.login, type="primary")
        return
    path = auth.users_file(get_settings())
    with st.form("sign_in"):
        name = st.text_input(t("sign_in_user"), key="sign_in_user")
        password = st.text_input(t("sign_in_password"), type="password", key="sign_in_password")
        submitted = st.form_submit_button(t("sign_in_button"), type="primary")
    if not submitted:
        return
    if _locked(name):
        _log_attempt(name, "locked")
        st.error(t("sign_in_locked", minutes=LOCK_SECONDS // 60))
        return
    try:
        role = auth.verify_password(Path(path), name, password)
    except auth.AuthError as exc:
        st.error(str(exc))
        return
    if role is None:
        _log_attempt(name, "failure")
        st.error(t("sign_in_failed"))
        return
    _log_attempt(name, "success")
    st.session_state[SESSION_KEY] = Session(name, role, "password")
    st.rerun()


def _sign_out() -> None:
    st.session_state.pop(SESSION_KEY, None)


def account_sidebar(session: Session) -> None:
    """Who is signed in, with which role, and the way out."""
    if session.mode not in ("password", "oidc"):
        return
    st.sidebar.caption(t("signed_in_as", user=session.user, role=t(f"role_{session.role.value}")))
    if session.mode == "oidc":
        st.sidebar.button(t("sign_out"), on_click=st.logout)
    else:
        st.sidebar.button(t("sign_out"), on_click=_sign_out)


#: Page file, title key, URL path, capability needed.
PAGES = (
    ("overview.py", "page_overview", "carte", "map"),
    ("analysis.py", "page_analysis", "analyse", "analysis"),
    ("triage.py", "page_triage", "a-trier", "analysis"),
    ("operations.py", "page_operations", "operations", "operations"),
    ("data.py", "page_data", "donnees", "ingest"),
    ("exports.py", "page_exports", "exports", "analyst_export"),
    ("press.py", "page_press", "publication", "press_export"),
)


def pages_for(role: Role, folder: Path) -> list:
    """Every page's address, for a signed-in role: the pages it may open (visible; the
    first one also at ``/``), the others as hidden pages that say in French why this
    role cannot open them. So a link a colleague sends (``/carte``,
    ``/publication?role=presse``) opens that page, or says why."""
    chosen = [p for p in PAGES if allowed(role, p[3])]
    home = st.Page(folder / chosen[0][0], title=t(chosen[0][1]), default=True)
    pages = [home]
    for file, title, path, capability in PAGES:
        if not allowed(role, capability):
            page = st.Page(
                _refusal(title, capability, role, home),
                title=t(title),
                url_path=path,
                visibility="hidden",
            )
        else:
            # the first page is the one at "/" (Streamlit gives the default page no
            # address of its own): its address is registered again, hidden
            page = st.Page(
                folder / file,
                title=t(title),
                url_path=path,
                visibility="hidden" if path == chosen[0][2] else "visible",
            )
        pages.append(page)
    return pages


def sign_in_pages() -> list:
    """The sign-in page at every page's address: a shared link asks for the sign-in
    first, then opens its page."""
    main = st.Page(sign_in_page, title=t("page_sign_in"), url_path="connexion", default=True)
    hidden = [
        st.Page(sign_in_page, title=t("page_sign_in"), url_path=path, visibility="hidden")
        for _file, _title, path, _capability in PAGES
    ]
    return [main, *hidden]


def _refusal(title: str, capability: str, role: Role, first):
    """A page body saying, in the user's language, that this role cannot open it."""

    def show() -> None:
        st.title(t(title))
        allowed_roles = ", ".join(t(f"role_{r.value}") for r in Role if allowed(r, capability))
        st.warning(
            t("page_refused", page=t(title), role=t(f"role_{role.value}"), roles=allowed_roles)
        )
        st.page_link(first, label=t("page_refused_back"))

    return show
