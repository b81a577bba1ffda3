"""cx_experience through a real server: the CEM dashboard as its readers see it in
Chromium (the app opens on it, as an administrator with invoicing rights and as a CX
manager without them; tiles with units, "no data" where there is none; a tile opens the
records behind it with its filter as a visible facet), the XLSX the web client
downloads holds the dashboard numbers, and the Spanish labels are served."""
import io
import os
import re
import time
import uuid
import xml.etree.ElementTree as ET
import zipfile

import pytest

from conftest import backend_page, describe, wait_idle
from helpers import make_user, web_login

NS = {"x": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}


def read_sheet(content):
    """Rows of the first sheet as {column letter: value} dicts (strings resolved)."""
    book = zipfile.ZipFile(io.BytesIO(content))
    strings = []
    if "xl/sharedStrings.xml" in book.namelist():
        root = ET.fromstring(book.read("xl/sharedStrings.xml"))
        strings = ["".join(t.text or "" for t in si.iter("{%s}t" % NS["x"]))
                   for si in root.findall("x:si", NS)]
    root = ET.fromstring(book.read("xl/worksheets/sheet1.xml"))
    rows = []
    for row in root.iter("{%s}row" % NS["x"]):
        cells = {}
        for cell in row.findall("x:c", NS):
            column = re.match(r"[A-Z]+", cell.get("r")).group(0)
            value = cell.find("x:v", NS)
            if value is None:
                continue
            cells[column] = strings[int(value.text)] if cell.get("t") == "s" \
                else float(value.text)
        rows.append(cells)
    return rows


def test_xlsx_download_matches_the_dashboard(server, admin):
    # The file lists the figures in the dashboard's order, in the session's language:
    # compare row by row on the numbers.
    figures = admin.call("cx.dashboard.figure", "search_read", [],
                         fields=["dimension", "partner_count", "interaction_count"],
                         order="dimension_sequence, sequence, id")
    assert any(f["dimension"] == "customer" and f["partner_count"] for f in figures)
    session, _page = web_login(server["url"], server["db"], "admin", "admin")
    ids = ",".join(str(f["id"]) for f in figures)
    reply = session.get("%s/report/xlsx/cx_experience.dashboard_xlsx/%s"
                        % (server["url"], ids), timeout=120)
    assert reply.status_code == 200
    rows = [r for r in read_sheet(reply.content) if isinstance(r.get("C"), float)]
    assert len(rows) == len(figures)
    for row, fig in zip(rows, figures):
        assert (row["C"], row["G"]) == (fig["partner_count"], fig["interaction_count"])


def test_spanish_labels_and_dashboard_views(admin):
    tiers = admin.call("cx.tier", "search_read", [], fields=["code", "name"],
                       context={"lang": "es_ES"})
    assert {t["code"]: t["name"] for t in tiers} == {
        "strategic": "Estratégico", "high": "Alto", "medium": "Medio", "low": "Bajo"}
    stages = admin.call("cx.lifecycle.stage", "search_read", [("code", "=", "churned")],
                        fields=["name"], context={"lang": "es_ES"})
    assert stages[0]["name"] == "Deserción"
    # the dashboard's texts of the weighted NPS tile, as the web client loads them
    terms = admin.call("ir.translation", "search_read", [
        ("lang", "=", "es_ES"), ("module", "=", "cx_experience"),
        ("src", "in", ["Representativeness: no data", "Representativeness %s / 100"])],
        fields=["src", "value"])
    assert {t["src"]: t["value"] for t in terms} == {
        "Representativeness: no data": "Representatividad: sin datos",
        "Representativeness %s / 100": "Representatividad %s / 100"}
    for view in ("kanban", "pivot", "graph"):
        arch = admin.call("cx.dashboard.figure", "fields_view_get", view_type=view,
                          context={"lang": "es_ES"})["arch"]
        assert "<%s" % view in arch


ROLES = {
    "admin": None,
    "cx_manager": ["cx_experience.group_cx_manager"],
}


def _open_app(page, server):
    """Open the Customer Experience app from the main menu, as a user does; the time
    from the click to the tiles drawn (printed, not asserted)."""
    page.goto("%s/web" % server["url"])
    page.wait_for_selector("#oe_main_menu_navbar", timeout=90000)
    wait_idle(page)
    start = time.monotonic()
    page.click("a[data-menu-xmlid='cx_experience.menu_cx_root']")
    page.wait_for_selector(".o_cx_dashboard .o_cx_chart svg, .o_cx_dashboard .o_cx_chart_empty",
                           timeout=60000)
    seconds = time.monotonic() - start
    wait_idle(page)
    return seconds


@pytest.fixture(scope="module")
def logins(admin, server):
    tag = uuid.uuid4().hex[:6]
    result = {"admin": ("admin", "admin")}
    login = "dash_mgr_%s" % tag
    make_user(admin, server, login, ROLES["cx_manager"])
    result["cx_manager"] = (login, login)
    return result


@pytest.mark.parametrize("role", sorted(ROLES))
def test_dashboard_is_the_landing_screen_and_drills_down(
        browser, server, admin, logins, role, screenshot_dir):
    login, password = logins[role]
    # tall enough for the tiles and the four charts in one screenshot
    page = backend_page(browser, server, login, password, height=1500)
    try:
        seconds = _open_app(page, server)
        print("dashboard drawn for %s in %.2f s after the click (load: %s)" % (
            role, seconds, os.getloadavg()))
        page.screenshot(path=os.path.join(screenshot_dir, "cem_dashboard_%s.png" % role),
                        full_page=True)
        assert page.cx_errors == [], describe(page)
        # the tiles of the server's figures, in its order, each once
        expected = admin.call("cx.headline", "cx_dashboard_data") if role == "admin" else None
        codes = page.eval_on_selector_all(
            ".o_cx_tile", "els => els.map(e => e.getAttribute('data-code'))")
        assert len(codes) == len(set(codes)), codes
        for code in ("nps", "revenue_at_risk", "churned", "customers_strategic",
                     "followup_overdue"):
            assert code in codes, codes
        # the SLA figures are the helpdesk's: only for a reader of tickets
        assert ("sla_compliance" in codes) == (role == "admin"), codes
        if expected:
            assert codes == [f["code"] for f in expected["figures"]]
        texts = dict(zip(codes, page.eval_on_selector_all(
            ".o_cx_tile .o_cx_value", "els => els.map(e => e.textContent.trim())")))
        assert texts["nps"].endswith("pts") or texts["nps"] == "no data", texts
        # the NPS weighted to the customer base: its margin and its representativeness
        # (what the server computed, as the reader reads it; "no data" without it)
        assert "nps_weighted" in codes, codes
        tile = ".o_cx_tile[data-code='nps_weighted'] "
        note = page.inner_text(tile + ".o_cx_representativeness").strip()
        assert re.match(r"^Representativeness (\d+ / 100( · response rates vary \d+ %)?"
                        r"|: no data)$", note), note
        assert texts["nps_weighted"].endswith("pts") or texts["nps_weighted"] == "no data"
        if expected:
            weighted = [f for f in expected["figures"] if f["code"] == "nps_weighted"][0]
            if weighted["value"] is False:
                assert texts["nps_weighted"] == "no data", texts
            else:
                assert texts["nps_weighted"] == "%.1f pts" % weighted["value"], texts
                assert page.inner_text(tile + ".o_cx_margin").strip() == \
                    "± %.1f" % weighted["margin"]
            if weighted["representativeness"] is False:
                assert note == "Representativeness: no data", note
            else:
                assert note.startswith("Representativeness %.0f / 100" %
                                       weighted["representativeness"]), note
        if role == "admin":
            assert texts["sla_compliance"].endswith("%") or texts["sla_compliance"] == "no data"
        assert "€" in texts["revenue_at_risk"] or "$" in texts["revenue_at_risk"], texts
        # every chart drawn or saying "no data", never blank
        for chart in page.query_selector_all(".o_cx_chart"):
            assert chart.query_selector("svg .nv-bar, svg .nv-line, .o_cx_chart_empty"), \
                chart.inner_text()
        # the tiers tile opens the customers of that tier, with the filter shown
        page.click(".o_cx_tile[data-code='customers_strategic']")
        page.wait_for_selector(".o_searchview_facet", timeout=60000)
        wait_idle(page)
        facets = " | ".join(page.locator(".o_searchview_facet").all_inner_texts())
        page.screenshot(path=os.path.join(screenshot_dir, "cem_dashboard_drill_%s.png" % role))
        assert "Strategic" in facets, facets
        assert page.cx_errors == [], describe(page)
        # back to the dashboard through the breadcrumb
        page.click(".o_control_panel .breadcrumb li a")
        page.wait_for_selector(".o_cx_dashboard .o_cx_tile", timeout=60000)
        wait_idle(page)
        # the NPS tile: the answers of the period, the period as a facet
        page.click(".o_cx_tile[data-code='nps']")
        page.wait_for_selector(".o_searchview_facet", timeout=60000)
        wait_idle(page)
        facets = " | ".join(page.locator(".o_searchview_facet").all_inner_texts())
        assert "Answered in" in facets, facets
        assert page.cx_errors == [], describe(page)
    finally:
        page.context.close()
