"""The closed loop on detractors over the real server: a customer's changed score
closes or reopens the follow-up through the survey page's own confirmation, a strategic
customer who becomes a detractor escalates to the manager once, and a CX user records
the call in Chromium from *My detractors to contact* with a root cause until the queue
is empty. Screenshots land in the artifacts folder (test-artifacts/screenshots)."""
import datetime
import os
import re
import time
import uuid

import pytest
import requests

from conftest import backend_page, describe, goto_view, wait_idle
from helpers import make_user

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36"
LINK = re.compile(r'href="([^"]*/cx_nps/answer/([0-9a-f-]+)/(\d+))"')


def _apply(admin):
    admin.call("ir.cron", "method_direct_trigger",
               [admin.ref("cx_nps_survey.cron_cx_nps_answers")])


def _nonce(html):
    found = re.search(r'name="cx_nps_nonce" value="([^"]+)"', html)
    return found.group(1) if found else None


@pytest.fixture(scope="module")
def loop(server, admin):
    """A Spanish CX user (account manager of three new customers, one of them
    strategic), a Spanish CX manager responsible for a running campaign that invited
    them; the invitations' score links point at this server."""
    admin.call("ir.config_parameter", "set_param", "web.base.url", server["url"])
    tag = uuid.uuid4().hex[:6]
    owner = make_user(admin, server, "fu_owner_%s" % tag, ["cx_experience.group_cx_user"],
                      lang="es_ES")
    lead = make_user(admin, server, "fu_lead_%s" % tag, ["cx_experience.group_cx_manager"],
                     lang="es_ES")
    strategic = admin.ref("cx_experience.tier_strategic")
    partners = {}
    for key in ("strategic", "corrects", "overdue"):
        partners[key] = admin.call("res.partner", "create", {
            "name": "Loop %s %s" % (tag, key), "email": "loop-%s-%s@example.com" % (tag, key),
            "customer": True, "lang": "es_ES", "user_id": owner.uid})
    admin.call("res.partner", "write", [partners["strategic"]], {"cx_tier_id": strategic})
    campaign = admin.call("cx.nps.campaign", "create", {
        "name": "Loop %s" % tag, "window_days": 1, "sample_percent": 100,
        "user_id": lead.uid,
        "partner_domain": "[('id', 'in', %s)]" % (
            [partners["strategic"], partners["corrects"]],)})
    admin.call("cx.nps.campaign", "action_schedule", [campaign])
    admin.call("cx.nps.campaign", "action_send_now", [campaign])
    invitations = {}
    for key in ("strategic", "corrects"):
        found = admin.call("survey.user_input", "search_read", [
            ("cx_nps_campaign_id", "=", campaign), ("partner_id", "=", partners[key])],
            fields=["token", "survey_id"])
        assert len(found) == 1
        invitations[key] = found[0]
    survey = invitations["strategic"]["survey_id"][0]
    question = admin.call("survey.question", "search_read", [
        ("cx_nps", "=", True), ("page_id.survey_id", "=", survey)], fields=["id"])[0]
    labels = admin.call("survey.label", "search_read", [("question_id", "=", question["id"])],
                        fields=["cx_nps_score"])
    return {"tag": tag, "owner": owner, "lead": lead, "partners": partners,
            "campaign": campaign, "inv": invitations,
            "label": {lab["cx_nps_score"]: lab["id"] for lab in labels}}


class Visit:
    """A customer's browser on its score links: the page shows the score, then the
    page's own script confirms it (its nonce, the visit's cookie)."""

    def __init__(self, url, invitation):
        self.url, self.invitation = url, invitation
        self.session = requests.Session()
        self.session.headers["User-Agent"] = BROWSER
        self.nonce = None

    def open(self, score):
        page = self.session.get("%s/cx_nps/answer/%s/%d" % (
            self.url, self.invitation["token"], score), timeout=60)
        assert page.status_code == 200
        self.nonce = _nonce(page.text)
        assert self.nonce
        time.sleep(2)  # a person reads the page

    def confirm(self, label):
        reply = self.session.post("%s/cx_nps/confirm/%s?via=email_click" % (
            self.url, self.invitation["token"]),
            data={"cx_nps_nonce": self.nonce, "answer": str(label)}, timeout=60).json()
        assert reply["counted"], reply
        self.nonce = reply["nonce"]
        return reply


def _response(admin, invitation, fields):
    rows = admin.call("cx.nps.response", "search_read",
                      [("user_input_id", "=", invitation["id"])], fields=fields)
    assert len(rows) == 1
    return rows[0]


def _activities(admin, response, user=None):
    domain = [("res_model", "=", "cx.nps.response"), ("res_id", "=", response)]
    if user:
        domain.append(("user_id", "=", user))
    return admin.call("mail.activity", "search_read", domain,
                      fields=["user_id", "summary", "note"])


def test_a_changed_score_closes_and_reopens_the_follow_up(server, admin, loop):
    """9 first (no follow-up), corrected to 2 (one opens, for the account manager, in
    its language), then to 9 again (closed: nobody calls a promoter)."""
    invitation = loop["inv"]["corrects"]
    visit = Visit(server["url"], invitation)
    visit.open(9)
    visit.confirm(loop["label"][9])
    _apply(admin)
    response = _response(admin, invitation, ["id", "followup_state"])
    assert response["followup_state"] is False
    reply = visit.confirm(loop["label"][2])
    assert reply["reason"] == "correction"
    _apply(admin)
    row = _response(admin, invitation, ["followup_state", "followup_user_id", "score"])
    assert (row["score"], row["followup_state"], row["followup_user_id"][0]) == (
        2, "open", loop["owner"].uid)
    activities = _activities(admin, response["id"])
    assert [(a["user_id"][0], a["summary"]) for a in activities] == [
        (loop["owner"].uid, "Seguimiento NPS: volver a llamar a Loop %s corrects" % loop["tag"])]
    visit.confirm(loop["label"][9])
    _apply(admin)
    _apply(admin)  # twice: nothing more
    assert _response(admin, invitation, ["followup_state"])["followup_state"] == "cancelled"
    assert _activities(admin, response["id"]) == []
    # the corrected promoter is in nobody's queue
    queue = admin.call("ir.actions.act_window", "read",
                       [admin.ref("cx_nps_survey.action_cx_nps_my_detractors")], ["domain"])
    assert "followup_state" in queue[0]["domain"]
    mine = loop["owner"].call("cx.nps.response", "search", [
        ("followup_state", "=", "open"), ("category", "=", "detractor"),
        ("followup_user_id", "=", loop["owner"].uid)])
    assert response["id"] not in mine


def test_a_strategic_detractor_escalates_once(server, admin, loop):
    invitation = loop["inv"]["strategic"]
    visit = Visit(server["url"], invitation)
    visit.open(1)
    visit.confirm(loop["label"][1])
    _apply(admin)
    _apply(admin)
    response = _response(admin, invitation, ["id", "cx_escalated", "followup_state"])
    assert (response["cx_escalated"], response["followup_state"]) == (True, "open")
    lead = loop["lead"].uid
    escalations = _activities(admin, response["id"], lead)
    name = "Loop %s strategic" % loop["tag"]
    assert [a["summary"] for a in escalations] == [
        "El cliente estratégico %s es detractor NPS" % name]
    assert "fu_owner_%s tiene el seguimiento" % loop["tag"] in escalations[0]["note"]
    # neither the score nor the comment in an activity every employee reads
    assert "1" not in escalations[0]["summary"].replace(loop["tag"], "")
    owner_rows = _activities(admin, response["id"], loop["owner"].uid)
    assert len(owner_rows) == 1
    # the customer corrects to 9 and back to 0: the follow-up follows, the escalation
    # of this answer stays one
    visit.confirm(loop["label"][9])
    _apply(admin)
    visit.confirm(loop["label"][0])
    _apply(admin)
    _apply(admin)
    assert len(_activities(admin, response["id"], lead)) == 1
    assert _response(admin, invitation, ["followup_state"])["followup_state"] == "open"


def test_cx_user_records_the_call_and_the_queue_empties(server, admin, loop, browser,
                                                        screenshot_dir):
    owner = loop["owner"]
    # the follow-ups the loop tests left open are recorded first over RPC: the queue
    # then holds one overdue detractor, answered ten days ago
    for open_one in owner.call("cx.nps.response", "search", [
            ("followup_state", "=", "open"), ("followup_user_id", "=", owner.uid)]):
        owner.call("cx.nps.followup.wizard", "action_confirm", [owner.call(
            "cx.nps.followup.wizard", "create",
            {"response_id": open_one, "outcome": "resolved"})])
    answered = (datetime.datetime.utcnow() - datetime.timedelta(days=10)).strftime(
        "%Y-%m-%d %H:%M:%S")
    overdue = admin.call("cx.nps.response", "create", {
        "partner_id": loop["partners"]["overdue"], "score": 3, "date": answered,
        "comment": "El pedido llegó roto"})
    row = admin.call("cx.nps.response", "read", [overdue],
                     ["followup_state", "followup_deadline"])[0]
    assert row["followup_state"] == "open"
    assert row["followup_deadline"] < datetime.date.today().isoformat()
    action = admin.ref("cx_nps_survey.action_cx_nps_my_detractors")
    page = backend_page(browser, server, owner.login, owner.login)
    try:
        goto_view(page, "%s/web#action=%d" % (server["url"], action))
        rows = page.locator(".o_list_view .o_data_row")
        assert rows.count() == 1, describe(page)
        assert "Loop %s overdue" % loop["tag"] in rows.first.inner_text()
        # overdue: red
        assert "text-danger" in (rows.first.get_attribute("class") or ""), describe(page)
        page.screenshot(path=os.path.join(screenshot_dir, "nps_followup_queue.png"))
        # the row's own button ("Contactado") opens the wizard
        rows.first.locator("td.o_list_button button[title='Contactado']").click()
        page.wait_for_selector(".modal .o_cx_followup_record", timeout=60000)
        modal = page.locator(".modal")
        assert "Registrar la llamada" in modal.inner_text(), describe(page)
        reason = modal.locator("[name=reason_id] input").first
        reason.click()
        reason.fill("Precio")
        page.wait_for_selector(".ui-autocomplete li a:has-text('Precio')", timeout=30000)
        page.click(".ui-autocomplete li a:has-text('Precio')")
        modal.locator("textarea").first.fill("Le enviamos un pedido nuevo")
        page.screenshot(path=os.path.join(screenshot_dir, "nps_followup_wizard.png"))
        page.click(".modal .o_cx_followup_record")
        page.wait_for_selector(".modal .o_cx_followup_record", state="detached", timeout=60000)
        wait_idle(page)
        page.screenshot(path=os.path.join(screenshot_dir, "nps_followup_recorded.png"))
        row = admin.call("cx.nps.response", "read", [overdue], [
            "followup_state", "followup_reason_id", "followup_note", "message_ids"])[0]
        assert row["followup_state"] == "contacted"
        assert row["followup_reason_id"][0] == admin.ref("cx_nps_survey.followup_reason_price")
        assert row["followup_note"] == "Le enviamos un pedido nuevo"
        bodies = " ".join(m["body"] for m in admin.call("mail.message", "read",
                                                        row["message_ids"], ["body"]))
        assert "Contactado. Causa raíz: Precio. Lo que se habló: Le enviamos un pedido nuevo" \
            in bodies
        assert "Contacted" not in bodies
        # the queue reloaded when the wizard closed: empty, with its help text; and
        # still empty when opened afresh
        assert page.locator(".o_list_view .o_data_row").count() == 0, describe(page)
        assert "Ningún detractor espera su llamada" in page.inner_text(".o_content")
        page.reload()
        page.wait_for_selector("#oe_main_menu_navbar", timeout=90000)
        wait_idle(page)
        assert page.locator(".o_list_view .o_data_row").count() == 0, describe(page)
        page.screenshot(path=os.path.join(screenshot_dir, "nps_followup_queue_empty.png"))
        assert page.cx_errors == []
    finally:
        page.context.close()


@pytest.fixture(scope="module")
def answered(admin, loop):
    """A customer whose latest NPS answer is a 4 (a detractor), entered by hand."""
    partner = admin.call("res.partner", "create", {
        "name": "Answered %s" % loop["tag"], "customer": True, "is_company": True,
        "user_id": loop["owner"].uid})
    admin.call("cx.nps.response", "create", {"partner_id": partner, "score": 4,
                                             "comment": "Muy caro"})
    return partner


@pytest.mark.parametrize("who", [
    "admin", "billing_only", "cx_manager"])
def test_customer_form_shows_the_latest_nps(server, admin, loop, answered, browser,
                                            screenshot_dir, who):
    """The customer form opens without an error for the administrator, a user with
    invoicing rights and no CX group, and a CX manager without invoicing rights; the
    CX staff see the latest NPS badge in the 360 header and the NPS answers on the
    timeline."""
    partner = answered
    if who == "admin":
        login = password = "admin"
    else:
        groups = {"billing_only": ["base.group_user", "account.group_account_invoice"],
                  "cx_manager": ["cx_experience.group_cx_manager"]}[who]
        client = make_user(admin, server, "fu_%s_%s" % (who, loop["tag"]), groups,
                           lang="es_ES")
        login = password = client.login
    page = backend_page(browser, server, login, password)
    try:
        goto_view(page, "%s/web#id=%d&model=res.partner&view_type=form"
                  % (server["url"], partner))
        assert page.locator(".o_form_view").count() == 1, describe(page)
        badge = page.locator(".o_cx_badge_nps:visible")
        if who == "billing_only":
            assert badge.count() == 0, describe(page)
        else:
            assert badge.count() == 1, describe(page)
            text = " ".join(badge.inner_text().split())
            assert text == "NPS 4 · Detractor", text
            # and the answer with its comment on the timeline
            timeline = " ".join(page.locator("[name=cx_timeline_ids]").inner_text().split())
            assert "Respuesta NPS 4 (Detractor): Muy caro" in timeline or \
                "NPS answer 4 (Detractor): Muy caro" in timeline, timeline[:500]
            assert "o_cx_badge_danger" in badge.get_attribute("class")
        page.screenshot(path=os.path.join(screenshot_dir, "nps_partner_form_%s.png" % who))
        assert page.cx_errors == []
    finally:
        page.context.close()


def test_ticket_shows_the_customers_latest_nps(server, admin, loop, answered, browser,
                                               screenshot_dir):
    ticket = admin.call("helpdesk.ticket", "create", {
        "name": "NPS on the ticket %s" % loop["tag"], "description": "x",
        "partner_id": answered,
        "team_id": admin.ref("helpdesk_mgmt.helpdesk_team_1")})
    row = admin.call("helpdesk.ticket", "read", [ticket], [
        "cx_partner_nps", "cx_partner_nps_category", "cx_partner_nps_score"],
        context={"lang": "es_ES"})[0]
    assert (row["cx_partner_nps_category"], row["cx_partner_nps_score"]) == ("detractor", 4)
    assert row["cx_partner_nps"] == "4 · Detractor"
    english = admin.call("helpdesk.ticket", "read", [ticket], ["cx_partner_nps"],
                         context={"lang": "en_US"})[0]
    assert english["cx_partner_nps"] == "4 · Detractor"
    # a customer who never answered: empty, never 0
    other = admin.call("res.partner", "create", {"name": "Never answered %s" % loop["tag"]})
    silent = admin.call("helpdesk.ticket", "create", {
        "name": "No NPS %s" % loop["tag"], "description": "x", "partner_id": other,
        "team_id": admin.ref("helpdesk_mgmt.helpdesk_team_1")})
    assert admin.call("helpdesk.ticket", "read", [silent], ["cx_partner_nps"])[0][
        "cx_partner_nps"] is False
    page = backend_page(browser, server, "admin", "admin")
    try:
        goto_view(page, "%s/web#id=%d&model=helpdesk.ticket&view_type=form"
                  % (server["url"], ticket))
        field = page.locator(".o_form_view [name=cx_partner_nps]")
        assert field.count() == 1, describe(page)
        assert "4 · Detractor" in field.inner_text()
        page.screenshot(path=os.path.join(screenshot_dir, "nps_ticket_form.png"))
        assert page.cx_errors == []
    finally:
        page.context.close()
