"""cx_sla seen from outside: a ticket's service level over XML-RPC, the XLSX export over
HTTP and the countdown widget in the browser, on the real server and demo data."""
import io
import json
import os
import re
import uuid
import zipfile
from datetime import datetime, timedelta

from conftest import backend_page, goto_view
from helpers import web_login

FMT = "%Y-%m-%d %H:%M:%S"


def _rpc_ticket_policy(admin):
    """A team with a calendar-hours policy (2 h first response, 8 h resolution), so that the
    figures do not depend on the time of day the test runs."""
    tag = uuid.uuid4().hex[:8]
    team = admin.call("helpdesk.ticket.team", "create", {"name": "RPC team %s" % tag})
    policy = admin.call("cx.sla.policy", "create", {
        "name": "RPC policy %s" % tag, "sequence": 0, "team_ids": [(6, 0, [team])],
        "use_working_hours": False,
        "target_ids": [(0, 0, {"kind": "first_response", "hours": 2.0}),
                       (0, 0, {"kind": "resolution", "hours": 8.0})],
    })
    return team, policy


def test_ticket_service_level_over_xmlrpc(server, admin):
    team, policy = _rpc_ticket_policy(admin)
    before = datetime.utcnow()
    ticket = admin.call("helpdesk.ticket", "create", {"name": "Over RPC", "team_id": team})
    data = admin.call("helpdesk.ticket", "read", [ticket],
                      ["cx_sla_policy_id", "cx_sla_status", "cx_sla_deadline"])[0]
    assert data["cx_sla_policy_id"][0] == policy
    assert data["cx_sla_status"] == "ongoing"
    # The earliest open deadline is the first response: creation + 2 calendar hours.
    deadline = datetime.strptime(data["cx_sla_deadline"], FMT)
    assert before + timedelta(hours=2) - timedelta(seconds=5) <= deadline
    assert deadline <= datetime.utcnow() + timedelta(hours=2, seconds=5)

    # An internal note leaves the first response open; a reply to the customer meets it.
    admin.call("helpdesk.ticket", "message_post", [ticket], body="note", message_type="comment",
               subtype="mail.mt_note")
    lines = admin.call("cx.sla.line", "search_read", [("ticket_id", "=", ticket)], ["kind", "state"])
    assert {line["kind"]: line["state"] for line in lines}["first_response"] == "ongoing"
    admin.call("helpdesk.ticket", "message_post", [ticket], body="reply", message_type="comment",
               subtype="mail.mt_comment")
    lines = admin.call("cx.sla.line", "search_read", [("ticket_id", "=", ticket)], ["kind", "state"])
    assert {line["kind"]: line["state"] for line in lines} == {"first_response": "met",
                                                               "resolution": "ongoing"}
    # Closing meets the resolution target; the ticket then shows 'met' and no deadline.
    admin.call("helpdesk.ticket", "write", [ticket],
               {"stage_id": admin.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")})
    data = admin.call("helpdesk.ticket", "read", [ticket], ["cx_sla_status", "cx_sla_deadline"])[0]
    assert data["cx_sla_status"] == "met"
    assert data["cx_sla_deadline"] is False


def test_bad_policy_refused_with_a_message(server, admin):
    import xmlrpc.client
    try:
        admin.call("cx.sla.policy", "create", {"name": "Bad share", "at_risk_share": 100},
                   context={"lang": "en_US"})
    except xmlrpc.client.Fault as fault:
        assert "between 0 and 100" in fault.faultString
    else:
        raise AssertionError("an at-risk share of 100 % was accepted")


def test_compliance_xlsx_download(server, admin):
    rows = admin.call("cx.sla.report", "search", [("state", "in", ("met", "breached"))])
    assert rows, "the demo data should hold finished SLA targets"
    session, _page = web_login(server["url"], server["db"], "admin", "admin")
    response = session.get("%s/report/xlsx/cx_sla.sla_compliance_xlsx/%s" % (
        server["url"], ",".join(map(str, rows))),
        params={"context": json.dumps({"active_model": "cx.sla.report"})}, timeout=120)
    assert response.status_code == 200
    book = zipfile.ZipFile(io.BytesIO(response.content))
    sheets = [name for name in book.namelist() if name.startswith("xl/worksheets/sheet")]
    assert len(sheets) == 6
    # The first sheet (by team) counts as many met targets, column B, as the database.
    met = sum(g["met_count"] for g in admin.call(
        "cx.sla.report", "read_group", [("id", "in", rows)], ["team_id", "met_count"], ["team_id"]))
    sheet = book.read("xl/worksheets/sheet1.xml").decode()
    cells = re.findall(r'<c r="B(\d+)"[^>]*><v>([^<]*)</v>', sheet)
    assert met > 0
    assert sum(float(value) for row, value in cells if int(row) > 1) == met


def test_countdown_in_the_ticket_list(server, admin, browser, screenshot_dir):
    page = backend_page(browser, server, "admin", "admin")
    action = admin.ref("helpdesk_mgmt.helpdesk_ticket_action")
    goto_view(page, "%s/web#action=%d&view_type=list" % (server["url"], action))
    page.wait_for_selector(".o_list_view .o_cx_sla_countdown", timeout=60000)
    page.screenshot(path=os.path.join(screenshot_dir, "sla_ticket_list.png"))
    texts = page.eval_on_selector_all(".o_list_view .o_cx_sla_countdown",
                                      "els => els.map(e => e.textContent)")
    late = page.eval_on_selector_all(".o_list_view .o_cx_sla_countdown.text-danger",
                                     "els => els.map(e => e.textContent)")
    assert any(text.strip() for text in texts)
    # Demo data holds tickets past their deadline: their time left is negative, and every
    # negative time left is shown in red.
    negative = [text for text in texts if text.startswith("-")]
    assert negative
    assert len([text for text in late if text.startswith("-")]) == len(negative)
    page.context.close()


def test_closed_ticket_fires_the_nps_campaign(server, admin):
    if not admin.call("ir.model", "search_count", [("model", "=", "cx.nps.campaign")]):
        import pytest
        pytest.skip("cx_nps_survey is not installed")
    tag = uuid.uuid4().hex[:8]
    partner = admin.call("res.partner", "create",
                         {"name": "NPS %s" % tag, "email": "nps-%s@example.com" % tag})
    campaign = admin.call("cx.nps.campaign", "create", {
        "name": "After ticket %s" % tag, "kind": "transactional", "trigger": "ticket_closed",
        "partner_domain": "[('id', '=', %d)]" % partner})
    admin.call("cx.nps.campaign", "action_schedule", [campaign])
    team, _policy = _rpc_ticket_policy(admin)
    ticket = admin.call("helpdesk.ticket", "create",
                        {"name": "NPS", "team_id": team, "partner_id": partner})
    invitations = [("partner_id", "=", partner), ("cx_nps_campaign_id", "=", campaign)]
    assert admin.call("survey.user_input", "search_count", invitations) == 0
    admin.call("helpdesk.ticket", "write", [ticket],
               {"stage_id": admin.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")})
    assert admin.call("survey.user_input", "search_count", invitations) == 1


def test_ticket_and_policy_forms_render(server, admin, browser, screenshot_dir):
    ticket = admin.call("cx.sla.line", "search_read", [("state", "=", "breached")], ["ticket_id"],
                        limit=1)[0]["ticket_id"][0]
    policy = admin.ref("cx_sla.demo_policy_standard")
    page = backend_page(browser, server, "admin", "admin")
    goto_view(page, "%s/web#id=%d&model=helpdesk.ticket&view_type=form" % (server["url"], ticket))
    page.wait_for_selector(".o_form_view .o_cx_sla_countdown", timeout=60000)
    rows = page.eval_on_selector_all(".o_field_one2many[name=cx_sla_line_ids] tr.o_data_row",
                                     "els => els.length")
    lines = admin.call("cx.sla.line", "search_count", [("ticket_id", "=", ticket)])
    assert rows == lines
    page.screenshot(path=os.path.join(screenshot_dir, "sla_ticket_form.png"))
    goto_view(page, "%s/web#id=%d&model=cx.sla.policy&view_type=form" % (server["url"], policy))
    page.wait_for_selector(".o_field_one2many[name=target_ids] tr.o_data_row", timeout=60000)
    targets = page.eval_on_selector_all(".o_field_one2many[name=target_ids] tr.o_data_row",
                                        "els => els.length")
    assert targets == 3  # first response, reach 'In progress', resolution (demo)
    page.screenshot(path=os.path.join(screenshot_dir, "sla_policy_form.png"))
    page.context.close()
