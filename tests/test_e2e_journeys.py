"""Journeys through a real browser (Debian's Chromium driven by Playwright).

Customers open the links of the invitation email exactly as Odoo queued it (the
mail.mail record's body); a CX manager works in the backend. After each journey the
database says what the customer did: the NPS response, its category, the partner's
satisfaction index and quadrant, the closed-loop follow-up.
"""
import os
import re
import uuid

import psycopg2
import pytest

from conftest import backend_page, describe, goto_view, open_menu, wait_idle
from helpers import OdooClient

ANSWER_LINK = re.compile(r'href="([^"]*/cx_nps/answer/([0-9a-f-]+)/(\d+))"')


def _db(server, sql, params=()):
    with psycopg2.connect(dbname=server["db"]) as conn, conn.cursor() as cr:
        cr.execute(sql, params)
        return cr.fetchall()


def _queued_links(server, invitation_id):
    """{score: url} of the queued invitation email of that survey token."""
    rows = _db(server, """
        SELECT mm.body_html, mm.state FROM mail_mail mm
          JOIN mail_message msg ON msg.id = mm.mail_message_id
         WHERE msg.model = 'survey.user_input' AND msg.res_id = %s""", (invitation_id,))
    assert len(rows) == 1, "one invitation email per token, got %d" % len(rows)
    body, state = rows[0]
    assert state == "outgoing"
    links = {int(score): url for url, _token, score in ANSWER_LINK.findall(body)}
    assert sorted(links) == list(range(11)), "the email offers the eleven scores 0-10"
    return links


@pytest.fixture(scope="module")
def campaign(server, admin):
    """A running campaign that invited two new customers; their emails are queued."""
    tag = uuid.uuid4().hex[:8]
    # the links of the emails point at this server (what the admin's login does in prod)
    admin.call("ir.config_parameter", "set_param", "web.base.url", server["url"])
    partners = {who: admin.call("res.partner", "create", {
        "name": "Journey %s %s" % (who.title(), tag), "lang": "en_US",
        "email": "%s-%s@example.com" % (who, tag), "customer": True})
        for who in ("dora", "pablo")}
    campaign_id = admin.call("cx.nps.campaign", "create", {
        "name": "Journey %s" % tag, "window_days": 1, "sample_percent": 100,
        "partner_domain": "[('id', 'in', %s)]" % sorted(partners.values())})
    admin.call("cx.nps.campaign", "action_schedule", [campaign_id])
    admin.call("cx.nps.campaign", "action_send_now", [campaign_id])
    invitations = admin.call("survey.user_input", "search_read",
                             [("cx_nps_campaign_id", "=", campaign_id)],
                             fields=["token", "survey_id", "partner_id", "state"])
    by_partner = {inv["partner_id"][0]: inv for inv in invitations}
    assert sorted(by_partner) == sorted(partners.values())
    settings = admin.call("res.config.settings", "default_get",
                          ["cx_revenue_cutoff", "cx_satisfaction_cutoff"])
    params = {key[len("cx_"):]: value for key, value in settings.items()}
    return {"tag": tag, "partners": partners, "campaign": campaign_id,
            "invitations": {who: by_partner[pid] for who, pid in partners.items()},
            "params": params}


def _on_survey_page(page, invitation):
    """Whether the browser shows the survey of that token: the page of a score link
    (/cx_nps/answer/<token>/<score>) or survey's own (/survey/fill/<slug>/<token>)."""
    survey, token = invitation["survey_id"][0], invitation["token"]
    pattern = r"(/survey/fill/([\w-]*-)?%d/%s|/cx_nps/answer/%s/\d+)$" % (survey, token, token)
    return re.search(pattern, page.url)


def _apply_answers(admin):
    """The job that applies what answers set off (every minute on a real server; the
    suite's server runs no cron thread): run it now."""
    admin.call("ir.cron", "method_direct_trigger", [admin.ref("cx_nps_survey.cron_cx_nps_answers")])


def _partner(admin, partner_id):
    return admin.call("res.partner", "read", [partner_id], [
        "cx_satisfaction_index", "cx_has_satisfaction", "cx_quadrant",
        "cx_nps_last_score", "cx_nps_last_category"])[0]


def _responses(admin, invitation_id):
    return admin.call("cx.nps.response", "search_read", [("user_input_id", "=", invitation_id)],
                      fields=["score", "category", "comment", "channel", "followup_state"])


def _followups(admin, response_id):
    return admin.call("mail.activity", "search_count",
                      [("res_model", "=", "cx.nps.response"), ("res_id", "=", response_id)])


def test_customer_answers_zero_and_a_comment_on_the_survey_page(
        server, admin, browser, campaign, screenshot_dir):
    invitation = campaign["invitations"]["dora"]
    links = _queued_links(server, invitation["id"])
    # The links of the email are absolute, personal, and point at this server.
    assert links[0] == "%s/cx_nps/answer/%s/0" % (server["url"], invitation["token"])

    context = browser.new_context(locale="en-US", viewport={"width": 1100, "height": 900})
    page = context.new_page()
    # The customer clicks "8" in the email, then changes her mind on the survey page.
    page.goto(links[8])
    assert _on_survey_page(page, invitation)
    page.wait_for_selector(".o_cx_nps_scale")
    radios = page.locator(".o_cx_nps_scale input[type=radio]")
    assert radios.count() == 11  # 0 is a choice like 1..10
    # the survey shows the score of the click as chosen (filled in after the page loads)
    chosen = page.wait_for_selector(".o_cx_nps_scale input:checked", timeout=30000)
    assert chosen.evaluate("e => e.parentElement.textContent.trim()") == "8"
    zero = page.locator(".o_cx_nps_scale label", has_text=re.compile(r"^\s*0\s*$")).first
    zero.click()
    assert zero.locator("input").is_checked()
    comment = "Nadie contestó mi reclamo en dos semanas"
    page.locator("textarea, input[type=text]").first.fill(comment)
    page.screenshot(path=os.path.join(screenshot_dir, "survey_page.png"))
    # a person reads the page a moment before pressing the button (faster is a robot's
    # pace: the guard refuses it)
    page.wait_for_timeout(2000)
    page.click("button[value=finish]")
    # the thank-you page (in the website's language: English or Spanish)
    page.wait_for_selector(".jumbotron h1", timeout=60000)
    assert page.inner_text(".jumbotron h1").strip() in ("Thank you!", "¡Gracias!")
    context.close()

    _apply_answers(admin)
    rows = _responses(admin, invitation["id"])
    assert len(rows) == 1, "the one-click answer and the page answer are one response"
    row = rows[0]
    assert (row["score"], row["category"]) == (0, "detractor")
    assert row["comment"] == comment
    assert row["followup_state"] == "open"
    assert _followups(admin, row["id"]) == 1
    state = admin.call("survey.user_input", "read", [invitation["id"]], ["state"])[0]["state"]
    assert state == "done"
    partner = _partner(admin, campaign["partners"]["dora"])
    # index = 10 x latest score = 0; a new customer has no revenue, so both are below
    # their cut-offs (satisfaction 0 < 70, revenue 0 < cut-off): precarious.
    assert campaign["params"]["revenue_cutoff"] > 0
    assert partner["cx_has_satisfaction"] is True
    assert partner["cx_satisfaction_index"] == 0.0
    assert partner["cx_quadrant"] == "precarious"
    assert (partner["cx_nps_last_score"], partner["cx_nps_last_category"]) == (0, "detractor")


def test_customer_answers_with_one_click_in_the_email(server, admin, browser, campaign):
    invitation = campaign["invitations"]["pablo"]
    links = _queued_links(server, invitation["id"])
    context = browser.new_context(locale="en-US")
    page = context.new_page()
    page.goto(links[9])
    # the survey opens with 9 chosen; the page confirms it once it has been seen
    assert _on_survey_page(page, invitation)
    page.wait_for_selector(".o_cx_nps_scale")
    page.wait_for_selector(".o_cx_nps_status.text-success", timeout=30000)
    _apply_answers(admin)
    rows = _responses(admin, invitation["id"])
    assert [(r["score"], r["category"], r["channel"]) for r in rows] == [
        (9, "promoter", "email_click")]
    # a second click on the same link (mail scanners, impatient customers) adds nothing
    page.goto(links[9])
    page.wait_for_selector(".o_cx_nps_scale")
    context.close()
    rows = _responses(admin, invitation["id"])
    assert len(rows) == 1
    assert rows[0]["followup_state"] is False  # promoters get no call-back
    assert _followups(admin, rows[0]["id"]) == 0
    partner = _partner(admin, campaign["partners"]["pablo"])
    # index 10 x 9 = 90 >= cut-off 70, revenue 0 < cut-off: growing customer
    assert campaign["params"]["satisfaction_cutoff"] <= 90
    assert partner["cx_satisfaction_index"] == 90.0
    assert partner["cx_quadrant"] == "growth"


@pytest.fixture(scope="module")
def cem_manager(admin):
    tag = uuid.uuid4().hex[:6]
    groups = [admin.ref("cx_experience.group_cx_manager"),
              admin.ref("helpdesk_mgmt.group_helpdesk_user")]
    login = "cem_%s" % tag
    user_id = admin.call("res.users", "create", {
        "name": "CEM Manager %s" % tag, "login": login, "password": login,
        "email": "%s@example.com" % login, "lang": "en_US",
        "groups_id": [(6, 0, groups)]})
    client = OdooClient(admin.url, admin.db, login, login)
    return {"id": user_id, "login": login, "password": login, "client": client}


def _open_action(page, server, admin, xmlid, view_type=None, record_id=None):
    url = "%s/web#action=%d" % (server["url"], admin.ref(xmlid))
    if view_type:
        url += "&view_type=%s" % view_type
    if record_id:
        url += "&id=%d" % record_id
    goto_view(page, url)


def test_cem_manager_dashboard_policy_and_ticket_countdown(
        server, admin, browser, cem_manager, campaign, screenshot_dir):
    page = backend_page(browser, server, cem_manager["login"], cem_manager["password"])
    try:
        _journey_dashboard(page, cem_manager["client"], screenshot_dir)
        policy_id = _journey_policy_form(page, server, admin)
        _journey_ticket(page, server, admin, policy_id, screenshot_dir)
        _journey_partner_tab(page, server, admin, campaign, screenshot_dir)
    except Exception:
        page.screenshot(path=os.path.join(screenshot_dir, "cem_manager_failure.png"))
        print(describe(page))
        raise
    finally:
        page.context.close()


def _journey_dashboard(page, manager, screenshot_dir):
    # through the menus: the app opens on the CEM dashboard, then Reporting >
    # Dashboard figures (Reporting is a section title of the side menu; its entries
    # are the links)
    open_menu(page, "cx_experience.menu_cx_root")
    page.wait_for_selector(".o_cx_dashboard .o_cx_tile[data-code='nps']", timeout=60000)
    page.screenshot(path=os.path.join(screenshot_dir, "dashboard.png"))
    open_menu(page, "cx_experience.menu_cx_dashboard")
    page.wait_for_selector(".o_pivot table", timeout=60000)
    wait_idle(page)
    # the pivot's grand total of customers is the sum the server computes for him,
    # each customer once (tiers in rows, stages in columns)
    total = manager.call("cx.dashboard.figure", "read_group",
                         [("dimension", "=", "customer")], ["partner_count"], [])
    cell = page.locator(".o_pivot table tbody tr").first.locator("td").last.inner_text()
    assert int(re.sub(r"[^0-9]", "", cell)) == total[0]["partner_count"] > 0
    page.screenshot(path=os.path.join(screenshot_dir, "dashboard_pivot.png"))
    page.click(".o_cp_switch_graph")
    page.wait_for_selector(".o_graph svg", timeout=30000)
    wait_idle(page)
    page.screenshot(path=os.path.join(screenshot_dir, "dashboard_graph.png"))


def _journey_policy_form(page, server, admin):
    name = "E2E urgent %s" % uuid.uuid4().hex[:6]
    _open_action(page, server, admin, "cx_sla.action_cx_sla_policy", view_type="form")
    page.wait_for_selector(".o_form_view.o_form_editable")
    page.fill(".o_form_view input[name=name]", name)
    # one resolution target; first an impossible one (0 hours), which the form refuses
    page.click(".o_notebook a:has-text('Targets')")
    page.click(".o_field_x2many_list_row_add a")
    hours = page.locator(".o_field_x2many_list input[name=hours]").first
    hours.fill("0")
    page.click(".o_form_button_save")
    dialog = page.wait_for_selector(".modal-dialog", timeout=30000)
    assert "more than zero hours" in dialog.inner_text()
    assert admin.call("cx.sla.policy", "search_count", [("name", "=", name)]) == 0
    page.click(".modal-dialog .modal-footer button")
    hours = page.locator(".o_field_x2many_list input[name=hours]").first
    if not hours.count():
        page.locator(".o_field_x2many_list td.o_data_cell").last.click()
        hours = page.locator(".o_field_x2many_list input[name=hours]").first
    hours.fill("4")
    page.click(".o_form_button_save")
    page.wait_for_selector(".o_form_view.o_form_readonly", timeout=30000)
    policies = admin.call("cx.sla.policy", "search_read", [("name", "=", name)],
                          fields=["target_ids"])
    assert len(policies) == 1
    targets = admin.call("cx.sla.target", "read", policies[0]["target_ids"], ["hours", "kind"])
    assert [(t["hours"], t["kind"]) for t in targets] == [(4.0, "resolution")]
    return policies[0]["id"]


def _journey_ticket(page, server, admin, policy_id, screenshot_dir):
    tag = uuid.uuid4().hex[:6]
    # the journey's policy first, calendar hours, for tickets named like this one
    admin.call("cx.sla.policy", "write", [policy_id], {
        "sequence": 0, "use_working_hours": False,
        "domain": "[('name', 'ilike', 'E2E countdown %s')]" % tag})
    ticket_id = admin.call("helpdesk.ticket", "create", {
        "name": "E2E countdown %s" % tag, "description": "Printer on fire"})
    ticket = admin.call("helpdesk.ticket", "read", [ticket_id], [
        "cx_sla_policy_id", "cx_sla_status", "cx_sla_deadline"])[0]
    assert ticket["cx_sla_policy_id"][0] == policy_id
    assert ticket["cx_sla_status"] == "ongoing"
    _open_action(page, server, admin, "helpdesk_mgmt.helpdesk_ticket_action",
                 view_type="form", record_id=ticket_id)
    countdown = page.wait_for_selector(".o_form_view .o_cx_sla_countdown", timeout=30000)
    text = countdown.inner_text().strip()
    # 4 calendar hours from now, read a few seconds later: 3 h 59 or 4 h 00
    assert re.match(r"^(3 h 5\d|4 h 00)$", text), text
    page.screenshot(path=os.path.join(screenshot_dir, "ticket_sla.png"))


def _journey_partner_tab(page, server, admin, campaign, screenshot_dir):
    partner_id = campaign["partners"]["dora"]
    goto_view(page, "%s/web#model=res.partner&id=%d&view_type=form" % (server["url"], partner_id))
    page.wait_for_selector(".o_form_view .o_notebook", timeout=60000)
    page.click(".o_notebook a:has-text('Customer Experience')")
    tab = page.locator(".o_notebook .tab-pane.active")
    text = tab.inner_text()
    assert "Precarious" in text
    page.screenshot(path=os.path.join(screenshot_dir, "partner_cx_tab_new_customer.png"))
    # a demo customer with a full history: the 360-degree tab the README shows
    rich = admin.call("res.partner", "search_read", [
        ("customer", "=", True), ("is_company", "=", True), ("cx_tier_id", "!=", False),
        ("cx_stage_id", "!=", False), ("cx_quadrant", "!=", False), ("cx_revenue", ">", 0),
        ("cx_interaction_ids", "!=", False),
        ("company_id", "in", [admin.ref("base.main_company"), False])],
        fields=["cx_quadrant"], limit=1, order="cx_revenue desc")
    if rich:
        goto_view(page, "%s/web#model=res.partner&id=%d&view_type=form"
                  % (server["url"], rich[0]["id"]))
        page.wait_for_selector(".o_form_view .o_notebook", timeout=60000)
        page.click(".o_notebook a:has-text('Customer Experience')")
        labels = {"model": "Model", "growth": "Growing", "at_risk": "At risk",
                  "precarious": "Precarious"}
        page.wait_for_selector(".o_notebook .tab-pane.active:has-text('%s')"
                               % labels[rich[0]["cx_quadrant"]], timeout=30000)
        page.wait_for_selector(".o_loading", state="hidden", timeout=30000)
        page.screenshot(path=os.path.join(screenshot_dir, "partner_cx_tab.png"))
