"""Publication: district × month/quarter/year figures after disclosure control, and the
press files (CSV, XLSX, GeoJSON, one-page PDF). Whole ended periods only: no free
dates, no hexagons, no single tip."""

from __future__ import annotations

import functools
from datetime import date

import altair as alt
import pandas as pd
import streamlit as st

from hotspots import exports, services
from hotspots.i18n import format_date
from hotspots.periods import LOCAL_TIMEZONE
from hotspots.ui.components import download
from hotspots.ui.context import get_store, open_page, require_data, t

page = open_page("press_title", "press_export", with_filters=False)
require_data(page)
session = st.session_state["hs_session"]

by = (
    st.segmented_control(
        t("press_by"),
        exports.BUCKETS,
        default="quarter",  # publishes more than the month table (which hides more)
        format_func=lambda b: t(f"press_by_{b}"),
        key="press_by",
    )
    or "quarter"
)
rows_kind = (
    st.segmented_control(
        t("press_rows"),
        exports.KINDS,
        default="district",
        format_func=lambda k: t(f"press_rows_{k}"),
        key="press_rows",
    )
    or "district"
)
today = date.today()
span = exports.data_year_span(page.tips, page.ops)
reaches_now = span is not None and span[1] == today.year
try:
    first_year, last_year = exports.bucket_range(page.tips, page.ops, "year", today)
    years = list(range(first_year, last_year + 1))
except exports.ExportError:
    years = []
if by == "ytd":
    years = [today.year] if reaches_now else []
elif by != "year" and reaches_now:
    years.append(today.year)  # the year so far, by month or quarter
if not years:
    st.info(t("press_none_current" if by == "ytd" else "press_none"))
    st.stop()
if by == "year":
    columns = st.columns(2)
    low = columns[0].selectbox(t("press_from"), years, key="press_from")
    later = [y for y in years if y >= low]
    high = columns[1].selectbox(t("press_to"), later, index=len(later) - 1, key="press_to")
else:
    low = high = st.selectbox(t("press_year"), years, index=len(years) - 1, key="press_year")
st.caption(t("press_fixed_periods"))
request = services.PressRequest(by, str(low), str(high), rows=rows_kind)
store = get_store(page.url)
# every release read together: a new one changes what the next may publish
register_key = tuple(r["release_id"] for r in store.releases(limit=1))


@st.cache_data(show_spinner=False, max_entries=32)
def _press(key: tuple, register: tuple, request: services.PressRequest, lang: str):
    try:
        return services.press_table(
            store, page.tips, page.ops, page.districts, page.settings, page.role, request, today,
            lang,
        )  # fmt: skip
    except exports.UnprotectableRelease as refused:
        return refused


def _refusal(refused: exports.UnprotectableRelease) -> str:
    instead = (
        t("press_refused_coarser", cut=t(f"press_by_{refused.coarser}"))
        if refused.coarser
        else t("press_refused_later")
    )
    return t(
        {"leak": "press_refused"}.get(refused.reason, f"press_refused_{refused.reason}"),
        instead=instead,
    )


fresh = _press(page.key, register_key, request, page.lang)
# what each way of cutting the same year would hide (each table cached per data version)
year = str(high)
if int(year) < today.year:
    hidden = {}
    for b in ("month", "quarter", "year"):
        made = _press(
            page.key, register_key, services.PressRequest(b, year, year, rows=rows_kind), page.lang
        )
        hidden[b] = (
            t("press_refused_short")
            if isinstance(made, Exception)
            else sum(made.hidden_counts().values())
        )
    st.caption(
        t(
            "press_hidden_by",
            year=year,
            month=hidden["month"],
            quarter=hidden["quarter"],
            year_cells=hidden["year"],
        )
    )
if isinstance(fresh, exports.UnprotectableRelease):
    st.warning(_refusal(fresh))
    st.stop()
issued_table: exports.PressTable = fresh
view = services.press_view(store, issued_table)  # the register: read at every run, never cached
press = view.press
names = dict(zip(press.row_codes, press.row_names, strict=True))
row_head = t(f"press_head_{press.kind}")
if view.release is None:
    st.info(t("press_not_released"))
else:
    issued = pd.Timestamp(view.release["issued_ts"], unit="s", tz="UTC").tz_convert(LOCAL_TIMEZONE)
    st.success(
        t(
            "press_released",
            date=format_date(issued.date(), page.lang),
            user=view.release["user_name"],
            revision=view.release["revision"],
        )
    )
    if view.changes:
        st.warning(t("press_changes", n=len(view.changes)))
        with st.expander(t("press_changes_show")):
            st.dataframe(
                pd.DataFrame(
                    [
                        {
                            t("press_change_measure"): t(f"press_col_{measure}"),
                            row_head: names.get(code, t("press_col_total_row")),
                            t("press_change_period"): column,
                            t("press_change_published"): str(exports.decimal_text(before)),
                            t("press_change_now"): str(exports.decimal_text(after)),
                        }
                        for measure, code, column, before, after in view.changes
                    ]
                ),
                hide_index=True,
                width="stretch",
            )
        if st.button(t("press_revise"), key="press_revise"):
            services.press_revision(store, view, session.user, page.role)
            st.rerun()
st.markdown(f"**{exports.key_sentence(press)}**")
st.subheader(t("press_table"))
st.caption(t("press_hidden", hidden=sum(press.hidden_counts().values()), k=press.k))
shown = press.frame().map(lambda v: str(exports.decimal_text(v)))
# on screen, the columns in words (the files keep their machine-friendly names)
shown.columns = [row_head, *[t(f"press_head_{c}") for c in exports.COLUMNS[1:]]]
st.dataframe(shown, hide_index=True, width="stretch")

st.subheader(t("press_chart"))
texts = [press.text("tips", -1, c) for c in range(len(press.period_labels))]
bars = pd.DataFrame(
    {
        "period": press.period_labels,
        "tips": [None if isinstance(v, str) else v for v in texts],
        # a hidden figure keeps its period on the axis and says so (hidden is not zero)
        "label": [v if isinstance(v, str) else "" for v in texts],
    }
)
axis = alt.X("period:N", title=None, sort=list(press.period_labels))
chart = alt.Chart(bars)
st.altair_chart(
    chart.mark_bar(color="#1f3a5f").encode(x=axis, y=alt.Y("tips:Q", title=t("press_chart")))
    + chart.mark_text(dy=-8, color="#444444").encode(x=axis, y=alt.datum(0), text="label:N"),
    width="stretch",
)


user, role = session.user, page.role


def _release(fmt: str) -> bytes:
    """The file, made and audited when the user clicks (outside the page's run): the
    table as released, or, never released, today's table, then recorded as released."""
    return services.press_release(
        store, issued_table, page.districts, page.settings, user, role, fmt
    ).data


mimes = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "geojson": "application/geo+json",
    "pdf": "application/pdf",
}
label = f"{by}-{low}" if low == high else f"{by}-{low}-{high}"
if press.kind == "commune":
    label = f"communes-{label}"
buttons = st.columns(len(mimes))
for column, (fmt, mime) in zip(buttons, mimes.items(), strict=True):
    with column:
        download.show(
            t("press_download", fmt=fmt.upper()),
            functools.partial(_release, fmt),
            file_name=f"hotspots-publication-{label}.{fmt}",
            mime=mime,
            key=f"press_{fmt}",
        )
for line in exports.rules_text(press)[1:]:
    st.caption(line)


def _scope_words(scope: str) -> str:
    """``district|quarter|8100|8103|k5`` → « Trimestre : T1 2025 – T4 2025 (k = 5) »
    (« Communes, trimestre : … » for a table by commune)."""
    try:
        rows, by, first, last, k, *through = scope.split("|")
        span = [exports.bucket_label(int(b), by, page.lang) for b in (first, last)]
    except ValueError:
        return scope
    period = span[0] if span[0] == span[1] else f"{span[0]} – {span[1]}"
    if through:
        period += f" ({format_date(date.fromisoformat(through[0]), page.lang)})"
    kind = "" if rows == "district" else f"{t(f'press_rows_{rows}')}, "
    return f"{kind}{t(f'press_by_{by}')} : {period} ({k[0]} = {k[1:]})"


with st.expander(t("press_register")):
    register = services.list_releases(store, page.role, limit=200)
    if register.empty:
        st.caption(t("press_register_empty"))
    else:
        st.dataframe(
            pd.DataFrame(
                {
                    t("press_register_when"): register["issued_at"]
                    .dt.tz_convert(LOCAL_TIMEZONE)
                    .dt.strftime("%d/%m/%Y %H:%M"),
                    t("press_register_user"): register["user_name"],
                    t("press_register_table"): [_scope_words(v) for v in register["scope"]],
                    t("press_register_revision"): register["revision"],
                }
            ),
            hide_index=True,
            width="stretch",
        )
