"""The NPS analysis as its readers see it in Chromium at 1366 px: as the administrator
(with invoicing rights, English) and as a CX manager without them (Spanish). A report,
not a form: the search bar, no Edit/Create, no pager, one breadcrumb, the table within
the screen, the trend on the whole NPS scale with its margin band and labels that do
not overlap, tiers in tier order, and a row that opens the answers behind it."""
import os
import re
import uuid

from conftest import backend_page, describe, goto_view, wait_idle
from helpers import make_user

WIDTH = 1366
TABLE_ROWS = ".o_cx_nps_analysis .o_cx_nps_table tbody tr.o_cx_nps_row"


def _open_analysis(page, server, admin):
    action = admin.ref("cx_nps_survey.action_cx_nps_analysis")
    goto_view(page, "%s/web#action=%d" % (server["url"], action))
    page.wait_for_selector(TABLE_ROWS, timeout=60000)
    page.wait_for_selector(".o_cx_nps_trend_chart svg path.o_cx_nps_band", timeout=60000)
    wait_idle(page)


def _check_report_screen(page):
    """What makes it a report and keeps it readable, whatever the language."""
    panel = page.locator(".o_control_panel")
    for selector in (".o_list_button_add", ".o_form_button_edit", ".o_form_button_create",
                     ".o_button_import", ".o_pager_value"):
        assert panel.locator(selector).count() == 0, selector
    assert page.locator(".o_control_panel .breadcrumb li").count() == 1
    assert page.locator(".o_control_panel .o_searchview_facet").count() >= 1
    assert page.locator(".modal.in .modal-dialog").count() == 0, describe(page)
    # nothing cut off on the right: no horizontal scroll in the report
    overflow = page.evaluate("""() => {
        const box = document.querySelector('.o_cx_nps_analysis');
        const right = Math.max(...Array.from(box.querySelectorAll('table, .o_cx_nps_trend svg'))
            .map(e => e.getBoundingClientRect().right));
        return [box.scrollWidth - box.clientWidth, right - window.innerWidth];
    }""")
    assert overflow[0] <= 0 and overflow[1] <= 0, overflow
    # the y-axis is the NPS scale from -100 to +100
    ticks = [t.strip() for t in page.locator(".o_cx_nps_y .tick text").all_text_contents()]
    assert ticks[0] in ("-100", "\u2212100") and ticks[-1] == "100", ticks
    # the period labels of the x-axis do not overlap
    boxes = page.evaluate("""() => Array.from(
        document.querySelectorAll('.o_cx_nps_x .tick text')).map(t => {
            const r = t.getBoundingClientRect(); return [r.left, r.right]; })""")
    assert boxes, "the trend has period labels"
    for (_l1, right), (left, _r2) in zip(boxes, boxes[1:]):
        assert right <= left, boxes
    # what drives the score, under the table
    assert page.locator(".o_cx_nps_panel .o_cx_nps_panel_table tbody tr").count() >= 2
    # "no data" never reads as 0: an empty row has no "0 ± 0"
    assert "0 ± 0" not in page.locator(".o_cx_nps_analysis").inner_text()


def test_analysis_as_administrator(server, admin, browser, screenshot_dir):
    page = backend_page(browser, server, "admin", "admin", width=WIDTH, height=900)
    try:
        _open_analysis(page, server, admin)
        _check_report_screen(page)
        header = page.locator(".o_cx_nps_table thead").inner_text()
        assert "Month" in header and "Response rate" in header, header
        labels = page.locator(TABLE_ROWS + " td.o_cx_nps_group").all_inner_texts()
        assert all(re.match(r"^[A-Z][a-z]+ \d{4}( \(partial\))?$", label.strip())
                   for label in labels), labels
        page.screenshot(path=os.path.join(screenshot_dir, "nps_analysis.png"), full_page=True)

        # break down by value tier instead of month: tiers in tier order
        # Odoo 11 shows Filters / Group By / Favorites after a click on the magnifier
        if not page.locator(".o_search_options button:has-text('Group By')").is_visible():
            page.click(".o_searchview_more")
        page.click(".o_search_options button:has-text('Group By')")
        page.click(".o_group_by_menu a:has-text('Month')")
        wait_idle(page)
        page.click(".o_group_by_menu a:has-text('Value tier')")
        page.wait_for_selector(".o_cx_nps_table thead th:has-text('Value tier')",
                               timeout=60000)
        wait_idle(page)
        tiers = [t["name"] for t in admin.call(
            "cx.tier", "search_read", [], fields=["name"], order="sequence, id")]
        shown = [t.strip() for t in
                 page.locator(TABLE_ROWS + " td.o_cx_nps_group").all_inner_texts()]
        # answers of customers without a tier come last
        named = [t for t in shown if t != "Undefined"]
        assert shown[:len(named)] == named == [t for t in tiers if t in named], (shown, tiers)
        assert len(shown) >= 2, shown
        page.screenshot(path=os.path.join(screenshot_dir, "nps_analysis_tiers.png"),
                        full_page=True)

        # a row opens its answers, with its tier as a visible filter
        first = page.locator(TABLE_ROWS).first
        answers = first.locator("td.o_cx_nps_n").inner_text().strip()
        first.click()
        page.wait_for_selector(".o_list_view tbody tr.o_data_row", timeout=60000)
        wait_idle(page)
        assert page.locator(".o_control_panel .breadcrumb li").count() == 2
        facets = page.locator(".o_searchview_facet").all_inner_texts()
        assert any(shown[0] in f for f in facets), facets
        limit = page.locator(".o_pager_limit").inner_text().strip()
        assert limit == answers.replace(",", ""), (limit, answers)
        page.screenshot(path=os.path.join(screenshot_dir, "nps_analysis_drilldown.png"))
    finally:
        page.context.close()
    assert page.cx_errors == []


def test_analysis_as_cx_manager_in_spanish(server, admin, browser, screenshot_dir):
    login = "nps_report_%s" % uuid.uuid4().hex[:6]
    make_user(admin, server, login, ["cx_experience.group_cx_manager"], lang="es_ES",
              tz="Europe/Madrid")
    page = backend_page(browser, server, login, login, width=WIDTH, height=900)
    try:
        _open_analysis(page, server, admin)
        _check_report_screen(page)
        header = page.locator(".o_cx_nps_table thead").inner_text()
        assert "Mes" in header and "Tasa de respuesta" in header, header
        labels = [t.strip() for t in
                  page.locator(TABLE_ROWS + " td.o_cx_nps_group").all_inner_texts()]
        months = ("enero febrero marzo abril mayo junio julio agosto septiembre octubre "
                  "noviembre diciembre").split()
        assert all(label.split(" ")[0] in months for label in labels), labels
        ticks = page.locator(".o_cx_nps_x .tick text").all_text_contents()
        assert all(any(t.startswith(m[:3]) for m in months) for t in ticks), ticks
        text = page.locator(".o_cx_nps_analysis").inner_text()
        assert "Respuestas" in text and "Intervalo del 95 %" in text
        page.screenshot(path=os.path.join(screenshot_dir, "nps_analysis_cx_manager.png"),
                        full_page=True)
    finally:
        page.context.close()
    assert page.cx_errors == []
