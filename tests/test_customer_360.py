"""The customer's 360-degree view in Chromium, in Spanish (issue 15, Part 360).

The partner form of a customer of every value tier and of every quadrant (and of none)
opens as the administrator (who has invoicing rights: Odoo's own invoiced total shows)
and as a CX user without invoicing rights, with no error dialog: the header shows the
tier, stage and quadrant badges (an empty badge says so, never a zero), the account
manager, the last contact and the next activity; the CX tab holds the timeline, newest
first, with invoices for the administrator only. The CX user's queue "Mis clientes en
riesgo sin acción" lists its at-risk customer without an activity. Screenshots land in
the artifacts folder (test-artifacts/screenshots by default).
"""
import os
import re
import uuid

import pytest

from conftest import backend_page, describe, goto_view, open_menu, wait_idle
from helpers import make_user

TIERS_ES = {"strategic": "Estratégico", "high": "Alto", "medium": "Medio", "low": "Bajo"}
QUADRANTS_ES = {"model": "Modelo", "growth": "En crecimiento", "at_risk": "En riesgo",
                "precarious": "Precario", False: "Sin datos de satisfacción"}
STAGES_ES = {"presale": "Preventa", "sale": "Venta", "service": "Servicio",
             "collection": "Cobranzas", "telemarketing": "Telemercadeo",
             "loyalty": "Fidelización", "retention": "Retención", "churned": "Deserción",
             False: "Sin etapa"}
# What the visible badges of the header read (lower case, spaces squeezed).
BADGES = ".o_cx_badges > span.o_cx_badge:not(.o_invisible_modifier)"


def _norm(text):
    return " ".join(text.split())


def _customer(admin, domain, create_vals, tag):
    """A commercial customer matching domain (one with invoices first), else one made
    for the test with create_vals written by the administrator (the superuser: it may
    set the engine's figures, as the README says)."""
    base = [("customer", "=", True), ("parent_id", "=", False)] + domain
    for extra in ([("invoice_ids", "!=", False)], []):
        found = admin.call("res.partner", "search", base + extra, limit=1, order="id")
        if found:
            return found[0]
    partner = admin.call("res.partner", "create", {
        "name": "360 %s %s" % (tag, uuid.uuid4().hex[:6]), "customer": True,
        "is_company": True})
    admin.call("res.partner", "write", [partner], create_vals)
    return partner


@pytest.fixture(scope="module")
def cases(server, admin):
    """One customer per tier and per quadrant (and one without a quadrant), the CX user
    and its own at-risk customer without an activity."""
    tier_ids = {t["code"]: t["id"] for t in admin.call(
        "cx.tier", "search_read", [], fields=["code"])}
    picked = {}
    for code in TIERS_ES:
        picked["tier_" + code] = _customer(
            admin, [("cx_tier_id.code", "=", code)], {"cx_tier_id": tier_ids[code]}, code)
    for code in QUADRANTS_ES:
        sat = {"model": 90.0, "growth": 90.0, "at_risk": 20.0, "precarious": 20.0}
        vals = ({"cx_has_satisfaction": True, "cx_satisfaction_index": sat[code],
                 "cx_quadrant": code} if code else {})
        picked["quadrant_%s" % (code or "none")] = _customer(
            admin, [("cx_quadrant", "=", code)], vals, code or "none")
    suffix = uuid.uuid4().hex[:6]
    cx_user = make_user(admin, server, "cx360_%s" % suffix,
                        ["cx_experience.group_cx_user"], lang="es_ES")
    own = admin.call("res.partner", "create", {
        "name": "360 propio %s" % suffix, "customer": True, "is_company": True,
        "user_id": cx_user.uid})
    admin.call("res.partner", "write", [own], {
        "cx_has_satisfaction": True, "cx_satisfaction_index": 20.0,
        "cx_quadrant": "at_risk", "cx_tier_id": tier_ids["strategic"]})
    touchpoint = admin.ref("cx_experience.touchpoint_loyalty_program")
    admin.call("cx.interaction", "create", {
        "name": "Llamada de seguimiento", "partner_id": own, "touchpoint_id": touchpoint,
        "score": 4})
    picked["own"] = own
    return {"partners": picked, "cx_user": cx_user}


def _read(admin, partner):
    return admin.call("res.partner", "read", [partner], [
        "name", "cx_tier_id", "cx_stage_id", "cx_quadrant", "user_id"],
        context={"lang": "es_ES"})[0]


def _stage_code(admin, partner):
    row = admin.call("res.partner", "read", [partner], ["cx_stage_id"])[0]
    if not row["cx_stage_id"]:
        return False
    return admin.call("cx.lifecycle.stage", "read", [row["cx_stage_id"][0]], ["code"])[0]["code"]


def _tier_code(admin, partner):
    row = admin.call("res.partner", "read", [partner], ["cx_tier_id"])[0]
    if not row["cx_tier_id"]:
        return False
    return admin.call("cx.tier", "read", [row["cx_tier_id"][0]], ["code"])[0]["code"]


def _open_form(page, server, partner):
    goto_view(page, "%s/web#id=%d&model=res.partner&view_type=form" % (server["url"], partner))
    page.wait_for_selector(".o_form_view .o_cx_header", timeout=60000)
    wait_idle(page)


def _check_header(page, admin, partner):
    record = _read(admin, partner)
    tier = _tier_code(admin, partner)
    badges = [_norm(t) for t in page.locator(BADGES).all_inner_texts()]
    expected = [TIERS_ES[tier] if tier else "Sin nivel",
                STAGES_ES[_stage_code(admin, partner)],
                QUADRANTS_ES[record["cx_quadrant"]]]
    # cx_nps_survey and cx_sla add their own badges after ours.
    assert badges[:3] == expected, (record["name"], badges)
    owner = record["user_id"][1] if record["user_id"] else "ninguno"
    assert _fact(page, "owner") == ["Responsable de la cuenta:", owner]
    contact = _fact(page, "contact")
    assert contact[0] == "Último contacto:" and len(contact) == 2, contact
    # A date and time in the Spanish format (dd/mm/yyyy), or "ninguno".
    assert contact[1] == "ninguno" or re.match(r"\d\d/\d\d/\d{4} \d\d:\d\d", contact[1])
    assert _fact(page, "activity")[0] == "Próxima actividad:"
    return record


def _fact(page, name):
    """The visible parts of a fact of the header: its label, then its values."""
    parts = page.locator(".o_cx_fact_%s > :not(.o_invisible_modifier)" % name)
    return [_norm(t) for t in parts.all_inner_texts() if _norm(t) not in ("", "·")]


def _open_cx_tab(page):
    page.click(".o_notebook a:has-text('Experiencia del cliente')")
    page.wait_for_selector(".o_notebook .tab-pane.active .o_cx_timeline_filters")
    wait_idle(page)


def _shoot(page, folder, name):
    """The header, then the timeline scrolled into view (the form scrolls inside the
    web client, so a full-page screenshot would not reach it)."""
    page.locator(".o_cx_header").scroll_into_view_if_needed()
    page.screenshot(path=os.path.join(folder, "customer_360_%s_header.png" % name))
    page.locator(".o_cx_timeline_filters").evaluate("e => e.scrollIntoView()")
    page.screenshot(path=os.path.join(folder, "customer_360_%s_timeline.png" % name))


def _timeline_texts(page):
    rows = page.locator(".tab-pane.active .o_field_one2many[name='cx_timeline_ids'] "
                        "tr.o_data_row")
    return [_norm(t) for t in rows.all_inner_texts()]


def test_admin_opens_every_tier_and_quadrant(browser, server, admin, cases, screenshot_dir):
    admin_partner = admin.call("res.users", "read", [admin.uid], ["partner_id"])[0]
    admin.call("res.partner", "write", [admin_partner["partner_id"][0]], {"lang": "es_ES"})
    page = backend_page(browser, server, "admin", "admin")
    try:
        seen_invoice = False
        for key, partner in sorted(cases["partners"].items()):
            _open_form(page, server, partner)
            _check_header(page, admin, partner)
            _open_cx_tab(page)
            texts = _timeline_texts(page)
            # The kind's column reads "Factura", then the entry's text.
            invoices = [t for t in texts if re.search(r"\bFactura Factura\b", t)]
            # Invoice amounts in the Spanish number format, with the currency.
            for text in invoices:
                assert re.search(r"Factura Factura( rectificativa)?( \S+)?: .*\d,\d\d", text), text
            seen_invoice = seen_invoice or bool(invoices)
            # The button for invoices is there for a user with invoicing rights.
            assert page.locator(".o_cx_timeline_filters button:has-text('Facturas'):visible").count() == 1
            _shoot(page, screenshot_dir, "admin_" + key)
        assert seen_invoice, "no invoice row on any demo customer's timeline"
        # The full timeline, filtered on invoices, from the form's button.
        goto_view(page, "%s/web#id=%d&model=res.partner&view_type=form"
                  % (server["url"], cases["partners"]["tier_high"]))
        _open_cx_tab(page)
        page.click(".o_cx_timeline_filters button:has-text('Facturas')")
        page.wait_for_selector(".o_list_view", timeout=60000)
        wait_idle(page)
        assert page.locator(".o_searchview .o_facet_values:has-text('Facturas')").count() == 1
        kinds = {_norm(t) for t in page.locator(
            ".o_list_view tr.o_data_row td:nth-child(3)").all_inner_texts()}
        assert kinds == {"Factura"}, kinds
        page.screenshot(path=os.path.join(screenshot_dir, "customer_360_timeline_invoices.png"))
    except Exception:
        print(describe(page))
        raise
    finally:
        page.context.close()
        admin.call("res.partner", "write", [admin_partner["partner_id"][0]], {"lang": "en_US"})


def test_cx_user_without_invoicing_rights(browser, server, admin, cases, screenshot_dir):
    user = cases["cx_user"]
    page = backend_page(browser, server, user.login, user.login)
    try:
        for key, partner in sorted(cases["partners"].items()):
            _open_form(page, server, partner)
            _check_header(page, admin, partner)
            _open_cx_tab(page)
            texts = _timeline_texts(page)
            assert not [t for t in texts if re.search(r"\bFactura Factura\b", t)], texts
            assert page.locator(".o_cx_timeline_filters button:has-text('Facturas'):visible").count() == 0
            if key == "own":
                # Its own customer: the interaction it may read, scored 4 (in red).
                assert any("Llamada de seguimiento" in t for t in texts), texts
                row = page.locator(".tab-pane.active tr.o_data_row:has-text('Llamada de seguimiento')")
                assert "text-danger" in (row.get_attribute("class") or "")
            else:
                # Another user's customer: none of its rows.
                assert texts == [] or all("Llamada de seguimiento" not in t for t in texts)
            _shoot(page, screenshot_dir, "cx_user_" + key)
        # The work queue: its at-risk customer that nobody acts on.
        open_menu(page, "cx_experience.menu_cx_root")
        open_menu(page, "cx_experience.menu_cx_my_at_risk")
        names = [_norm(t) for t in page.locator(
            ".o_list_view tr.o_data_row td:nth-child(2)").all_inner_texts()]
        own = _read(admin, cases["partners"]["own"])["name"]
        assert own in names, names
        assert page.locator(".o_control_panel .breadcrumb").inner_text().strip() == \
            "Mis clientes en riesgo sin acción"
        page.screenshot(path=os.path.join(screenshot_dir, "customer_360_queue_at_risk.png"))
        # An activity planned on it takes it off the queue.
        admin.call("mail.activity", "create", {
            "res_model_id": admin.call("ir.model", "search", [("model", "=", "res.partner")])[0],
            "res_id": cases["partners"]["own"], "user_id": user.uid, "summary": "Visitar"})
        open_menu(page, "cx_experience.menu_cx_my_at_risk")
        names = [_norm(t) for t in page.locator(
            ".o_list_view tr.o_data_row td:nth-child(2)").all_inner_texts()]
        assert own not in names, names
        _open_form(page, server, cases["partners"]["own"])
        activity = _fact(page, "activity")
        assert activity[2] == "Visitar (%s)" % user.login, activity
        assert re.match(r"\d\d/\d\d/\d{4}$", activity[1]), activity
    except Exception:
        print(describe(page))
        raise
    finally:
        page.context.close()
