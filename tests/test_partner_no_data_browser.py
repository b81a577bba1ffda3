# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A customer without data reads empty, never 0 (issue 14), in Spanish, for the
administrator and for a CX manager without invoicing rights: no satisfaction index and
no latest NPS score on the form or the list, and the customers kanban names its column
of customers without a tier or a stage ("Sin nivel", "Sin etapa"), not "Indefinido".
"""
import os
import uuid

import pytest

from conftest import backend_page, describe, goto_view, wait_idle
from helpers import make_user


@pytest.fixture(scope="module")
def newcomer(server, admin):
    """A customer just created: never surveyed, no interaction, no invoice."""
    tag = uuid.uuid4().hex[:6]
    partner_id = admin.call("res.partner", "create", {
        "name": "Sin datos %s" % tag, "customer": True, "is_company": True,
        "lang": "es_ES", "email": "nodata-%s@example.com" % tag})
    partner = admin.call("res.partner", "read", [partner_id], [
        "cx_has_satisfaction", "cx_nps_last_category", "cx_tier_id", "cx_stage_id"])[0]
    # the premise: nothing is known about this customer yet
    assert partner["cx_has_satisfaction"] is False
    assert partner["cx_nps_last_category"] is False
    assert partner["cx_tier_id"] is False
    manager = make_user(admin, server, "nodata_mgr_%s" % tag,
                        ["cx_experience.group_cx_manager"], lang="es_ES")
    return {"id": partner_id, "name": "Sin datos %s" % tag, "tag": tag,
            "stage": partner["cx_stage_id"], "manager": manager}


def _column_titles(page):
    return [" ".join(t.split()) for t in
            page.locator(".o_kanban_view .o_kanban_header .o_column_title").all_inner_texts()]


def _check_screens(page, server, admin, newcomer, screenshot_dir, who):
    action = admin.ref("cx_experience.action_cx_customers")
    # the kanban, grouped by lifecycle stage (its default)
    goto_view(page, "%s/web#action=%d&model=res.partner&view_type=kanban"
              % (server["url"], action))
    page.wait_for_selector(".o_kanban_view .o_kanban_group", timeout=60000)
    titles = _column_titles(page)
    assert "Indefinido" not in titles and "Undefined" not in titles, titles
    if not newcomer["stage"]:
        assert "Sin etapa" in titles, titles
    page.screenshot(path=os.path.join(screenshot_dir, "nodata_kanban_stage_%s.png" % who))
    # grouped by value tier: the newcomer has none
    if not page.locator(".o_search_options button:has(.fa-bars)").is_visible():
        page.click(".o_searchview_more")
    page.click(".o_search_options button:has(.fa-bars)")
    page.click(".o_group_by_menu a:has-text('Nivel de valor')")
    page.wait_for_function("""() => Array.from(document.querySelectorAll(
        '.o_kanban_view .o_column_title')).some(e => e.textContent.trim() == 'Sin nivel')""",
                           timeout=60000)
    wait_idle(page)
    titles = _column_titles(page)
    assert "Sin nivel" in titles and "Indefinido" not in titles, titles
    page.screenshot(path=os.path.join(screenshot_dir, "nodata_kanban_tier_%s.png" % who))
    # the list: the newcomer's satisfaction index and latest NPS score cells are empty
    while page.locator(".o_searchview_facet .o_facet_remove").count():
        page.locator(".o_searchview_facet .o_facet_remove").first.click()
        wait_idle(page)
    page.click(".o_cp_switch_list")
    page.wait_for_selector(".o_list_view tr.o_data_row", timeout=60000)
    wait_idle(page)
    page.type(".o_searchview_input", newcomer["name"])
    page.wait_for_selector(".o_searchview_autocomplete li", timeout=30000)
    page.keyboard.press("Enter")
    page.wait_for_function("""() => document.querySelectorAll(
        '.o_list_view tr.o_data_row').length == 1""", timeout=60000)
    wait_idle(page)
    rows = page.locator(".o_list_view tr.o_data_row")
    assert rows.count() == 1
    cells = [" ".join(t.split()) for t in rows.first.locator("td").all_inner_texts()]
    assert not any(cell in ("0", "0,00", "0,0") for cell in cells), cells
    page.screenshot(path=os.path.join(screenshot_dir, "nodata_list_%s.png" % who))
    # the form: no index, no latest score, the header says there is no data
    goto_view(page, "%s/web#id=%d&model=res.partner&view_type=form"
              % (server["url"], newcomer["id"]))
    header = " ".join(page.locator(".o_cx_header").inner_text().split())
    assert "Sin datos de satisfacción" in header, header
    assert "NPS 0" not in header, header
    page.click(".o_notebook a:has-text('Experiencia del cliente')")
    tab = page.locator(".o_notebook .tab-pane.active")
    assert not tab.locator(".o_field_widget[name=cx_satisfaction_index]").is_visible()
    page.screenshot(path=os.path.join(screenshot_dir, "nodata_form_cx_%s.png" % who))
    page.click(".o_notebook a[role=tab]:text-is('NPS')")
    tab = page.locator(".o_notebook .tab-pane.active")
    assert not tab.locator(".o_field_widget[name=cx_nps_last_score]").is_visible()
    page.screenshot(path=os.path.join(screenshot_dir, "nodata_form_nps_%s.png" % who))
    assert not page.cx_errors, page.cx_errors


def test_admin_sees_no_zero_for_a_customer_without_data(
        browser, server, admin, newcomer, screenshot_dir):
    admin_partner = admin.call("res.users", "read", [admin.uid], ["partner_id"])[0]
    admin.call("res.partner", "write", [admin_partner["partner_id"][0]], {"lang": "es_ES"})
    page = backend_page(browser, server, "admin", "admin")
    try:
        _check_screens(page, server, admin, newcomer, screenshot_dir, "admin")
    except Exception:
        print(describe(page))
        raise
    finally:
        page.context.close()
        admin.call("res.partner", "write", [admin_partner["partner_id"][0]], {"lang": "en_US"})


def test_cx_manager_sees_no_zero_for_a_customer_without_data(
        browser, server, admin, newcomer, screenshot_dir):
    manager = newcomer["manager"]
    page = backend_page(browser, server, manager.login, manager.login)
    try:
        _check_screens(page, server, admin, newcomer, screenshot_dir, "cx_manager")
    except Exception:
        print(describe(page))
        raise
    finally:
        page.context.close()
