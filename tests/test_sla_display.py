"""The SLA as agents see it, in Chromium: a ticket in every SLA state (met, breached,
running, paused, at risk, several targets), made with a policy of the test's own, read
by an administrator in English and by a CX user (a helpdesk agent too) in Spanish, in
the ticket list, the ticket form and the helpdesk team dashboard.

The policy counts calendar hours (2 h first response, 8 h resolution, at risk at 80 %,
pause in 'Awaiting'), so the figures do not depend on the time of day. Every expected
text is worked by hand from the moments the tickets are given (see SCENARIOS)."""
import os
import re
import uuid

import pytest

from conftest import _to_new_view, backend_page, describe, goto_view
from helpers import make_user, odoo_shell

# name: (created, hours ago; replied, hours ago or None; stage and when, hours ago)
# With 2 h to the first response and 8 h to resolve, counted from creation:
SCENARIOS = {
    # 10 min old: first response due in 1 h 50 -> counts down, plain.
    "running": (10 / 60.0, None, None),
    # 100 min old: first response due in 20 min, at risk since 96 min -> amber.
    "at_risk": (100 / 60.0, None, None),
    # 3 h old, no reply: first response 1 h overdue -> red, bold, negative.
    "late": (3.0, None, None),
    # Replied after 1 h (1 h 00 to spare), closed after 1 h 30 (6 h 30 to spare):
    # the ticket shows its tightest result.
    "met": (3.0, 2.0, ("done", 1.5)),
    # Replied after 3 h (1 h 00 late), closed after 4 h (met): its worst result.
    "breached": (5.0, 2.0, ("done", 1.0)),
    # Paused 15 min after creation: 1 h 45 of the first response left on resume.
    "paused": (0.5, None, ("awaiting", 0.25)),
    # Replied 1 h late, resolution running (due in 4 h 00): it counts down, plain, and
    # the row is not red for the breach of the other target.
    "several": (4.0, 1.0, None),
}

SETUP = r"""
import json
from datetime import datetime, timedelta
now = datetime.utcnow().replace(microsecond=0)
ref = env.ref
stages = {key: ref("helpdesk_mgmt.helpdesk_ticket_stage_" + key)
          for key in ("new", "awaiting", "done")}
team = env["helpdesk.ticket.team"].create({"name": "SLA display %(tag)s",
                                           "user_ids": [(6, 0, [1, %(agent)d])]})
policy = env["cx.sla.policy"].create({
    "name": "SLA display %(tag)s", "sequence": 0, "team_ids": [(6, 0, team.ids)],
    "use_working_hours": False, "at_risk_share": 80,
    "pause_stage_ids": [(6, 0, stages["awaiting"].ids)],
    "target_ids": [(0, 0, {"kind": "first_response", "hours": 2.0}),
                   (0, 0, {"kind": "resolution", "hours": 8.0})]})
customer = env["res.partner"].create({"name": "SLA display customer %(tag)s", "customer": True})
Line = env["cx.sla.line"]
ids = {}
for name, (created, replied, stage) in json.loads('%(scenarios)s').items():
    start = now - timedelta(hours=created)
    ticket = env["helpdesk.ticket"].with_context(cx_sla_now=start, tracking_disable=True).create({
        "name": "SLA display %(tag)s " + name, "team_id": team.id, "partner_id": customer.id,
        "stage_id": stages["new"].id, "user_id": %(agent)d})
    env.cr.execute("UPDATE helpdesk_ticket SET create_date = %%s WHERE id = %%s", (start, ticket.id))
    env.cr.execute("DELETE FROM cx_sla_line WHERE ticket_id = %%s", (ticket.id,))
    Line._cx_sync(ticket.ids, now=start)
    if replied is not None:
        ticket.with_context(cx_sla_now=now - timedelta(hours=replied)).message_post(
            body="On it", message_type="comment", subtype="mail.mt_comment")
    if stage:
        ticket.with_context(cx_sla_now=now - timedelta(hours=stage[1])).write(
            {"stage_id": stages[stage[0]].id})
    ids[name] = ticket.id
Line._cron_check(now=now)
print("RESULT " + json.dumps({"team": team.id, "tickets": ids, "customer": customer.id}))
"""

# What each ticket shows: a regular expression of its text per language, and its tone.
EXPECTED = {
    "running": ({"en": r"^1 h (49|50)$", "es": r"^1 h (49|50)$"}, "plain"),
    "at_risk": ({"en": r"^0 h (19|20)$", "es": r"^0 h (19|20)$"}, "warning"),
    "late": ({"en": r"^-1 h 0[01]$", "es": r"^-1 h 0[01]$"}, "danger"),
    "met": ({"en": r"^met with 1 h 00 to spare$", "es": r"^cumplido con 1 h 00 de margen$"},
            "success"),
    "breached": ({"en": r"^breached by 1 h 00$", "es": r"^incumplido por 1 h 00$"}, "failed"),
    "paused": ({"en": r"^paused, 1 h 45 left$", "es": r"^en pausa, quedan 1 h 45$"}, "muted"),
    "several": ({"en": r"^(3 h 59|4 h 00)$", "es": r"^(3 h 59|4 h 00)$"}, "plain"),
}
# Colours of sla.css (computed by the browser), and the row's decoration.
RED, AMBER, DARK_RED, GREEN = "rgb(201, 48, 44)", "rgb(183, 110, 0)", "rgb(169, 68, 66)", \
    "rgb(60, 118, 61)"
COLOURS = {"danger": RED, "warning": AMBER, "failed": DARK_RED, "success": GREEN}
ROW_CLASS = {"late": "text-danger", "at_risk": "text-warning"}


@pytest.fixture(scope="module")
def scenario(server, admin):
    import json
    tag = uuid.uuid4().hex[:6]
    agent = make_user(admin, server, "sla_display_%s" % tag, [
        "cx_experience.group_cx_user", "helpdesk_mgmt.group_helpdesk_user"], lang="es_ES")
    made = odoo_shell(server["db"], SETUP % {
        "tag": tag, "agent": agent.uid, "scenarios": json.dumps(SCENARIOS)})
    made["tag"], made["agent"] = tag, agent
    # The shell's registry load may signal a registry change: let the server reload it in
    # this request, before the browser's requests run into a half-loaded registry.
    admin.call("res.partner", "search_count", [("id", "=", made["customer"])])
    return made


def _check_list(page, server, admin, scenario, lang, shot_dir):
    action = admin.ref("helpdesk_mgmt.action_helpdesk_ticket_kanban_from_dashboard")
    goto_view(page, "%s/web#action=%d&active_id=%d&view_type=list"
              % (server["url"], action, scenario["team"]))
    page.wait_for_selector(".o_list_view .o_cx_sla_countdown", timeout=60000)
    page.screenshot(path=os.path.join(shot_dir, "sla_display_list_%s.png" % lang))
    rows = page.eval_on_selector_all(
        ".o_list_view tr.o_data_row",
        """rows => rows.map(r => {
            const c = r.querySelector('.o_cx_sla_countdown');
            const style = getComputedStyle(c);
            return {cells: Array.from(r.querySelectorAll('td')).map(td => td.textContent.trim()),
                    text: c.textContent.trim(), tone: c.getAttribute('data-cx-tone'),
                    colour: style.color, weight: style.fontWeight, row: r.className};
        })""")
    prefix = "SLA display %s " % scenario["tag"]
    by_name = {}
    for row in rows:
        names = [cell[len(prefix):] for cell in row["cells"] if cell.startswith(prefix)]
        if names:
            by_name[names[0]] = row
    assert sorted(by_name) == sorted(EXPECTED), describe(page)
    for name, (texts, tone) in EXPECTED.items():
        row = by_name[name]
        assert re.match(texts[lang], row["text"]), (name, row)
        assert row["tone"] == tone, (name, row)
        if tone in COLOURS:
            assert row["colour"] == COLOURS[tone], (name, row)
        assert (row["weight"] in ("700", "bold")) == (tone == "danger"), (name, row)
        # One status per row: the SLA column says it; no other cell repeats it.
        for word in ("Met", "Breached", "Cumplido", "Incumplido"):
            assert word not in row["cells"], (name, row)
        # The row is amber or red for its own running target only.
        for name_with_class, css in ROW_CLASS.items():
            assert (css in row["row"].split()) == (name == name_with_class), (name, row)
    # The hour figures read in the one format: "H h MM", nowhere a decimal or hh:mm.
    assert not [r["text"] for r in rows if re.search(r"\d[.,:]\d", r["text"])]


def _check_form(page, server, scenario, lang, shot_dir):
    ticket = scenario["tickets"]["several"]
    goto_view(page, "%s/web#id=%d&model=helpdesk.ticket&view_type=form" % (server["url"], ticket))
    page.wait_for_selector(".o_form_view .o_cx_sla_countdown", timeout=60000)
    page.click(".o_notebook a[href^='#'][data-toggle='tab']:has-text('%s')"
               % ("Nivel de servicio" if lang == "es" else "Service level"))
    page.wait_for_selector(".o_field_one2many[name=cx_sla_line_ids] tr.o_data_row", timeout=30000)
    page.screenshot(path=os.path.join(shot_dir, "sla_display_form_%s.png" % lang), full_page=True)
    header = page.locator(".o_form_view .o_group .o_cx_sla_countdown").first
    assert re.match(EXPECTED["several"][0][lang], header.inner_text().strip())
    lines = page.eval_on_selector_all(
        ".o_field_one2many[name=cx_sla_line_ids] tr.o_data_row",
        """rows => rows.map(r => ({
            cells: Array.from(r.querySelectorAll('td')).map(td => td.textContent.trim()),
            row: r.className,
            tone: r.querySelector('.o_cx_sla_countdown').getAttribute('data-cx-tone')}))""")
    assert len(lines) == 2
    texts = sorted((line["cells"], line["tone"], line["row"]) for line in lines)
    results = [cell for line in lines for cell in line["cells"]]
    # The first response shows its result, the resolution its clock; allowed hours "2 h 00".
    late = {"en": "breached by 1 h 00", "es": "incumplido por 1 h 00"}[lang]
    assert late in results, texts
    assert any(re.match(EXPECTED["several"][0][lang], cell) for cell in results), texts
    assert "2 h 00" in results and "8 h 00" in results, texts
    # No line row is red: the breached one is reached, the running one on time.
    assert not [line for line in lines if "text-danger" in line["row"].split()], texts
    # The customer's company name is filled (the helpdesk form's "Partner name").
    company = page.locator(".o_form_view .o_field_widget[name=partner_name]").inner_text()
    assert company.strip() == "SLA display customer %s" % scenario["tag"]


def _check_dashboard(page, server, admin, scenario, lang, shot_dir):
    action = admin.ref("helpdesk_mgmt.helpdesk_ticket_dashboard_action")
    goto_view(page, "%s/web#action=%d&view_type=kanban" % (server["url"], action))
    card = page.locator(".o_kanban_record:has-text('SLA display %s')" % scenario["tag"])
    card.wait_for(timeout=30000)
    card.scroll_into_view_if_needed()
    page.screenshot(path=os.path.join(shot_dir, "sla_display_dashboard_%s.png" % lang))
    figures = {key: card.locator(".o_cx_sla_dash_%s .o_cx_sla_dash_figure" % key).inner_text().strip()
               for key in ("breached", "at_risk", "paused")}
    # Breached now: late. At risk now: at_risk. Paused: paused. (Open with an SLA:
    # running, at risk, late, paused and several; met and breached are closed.)
    assert figures == {"breached": "1", "at_risk": "1", "paused": "1"}, figures
    colours = {key: card.locator(".o_cx_sla_dash_%s" % key).evaluate("e => getComputedStyle(e).color")
               for key in ("breached", "at_risk")}
    assert colours == {"breached": RED, "at_risk": AMBER}, colours
    _to_new_view(page, lambda: card.locator(".o_cx_sla_dash_breached").click(), 60000)
    shown = page.locator(".o_kanban_record:has-text('SLA display %s')" % scenario["tag"])
    assert shown.count() == 1 and "late" in shown.first.inner_text(), describe(page)


def _check_partner(page, server, scenario, lang, shot_dir):
    """The SLA health badges of the customer's 360 header, and its tickets on the timeline."""
    goto_view(page, "%s/web#id=%d&model=res.partner&view_type=form"
              % (server["url"], scenario["customer"]))
    page.wait_for_selector(".o_form_view div[name=cx_badges]", timeout=60000)
    page.screenshot(path=os.path.join(shot_dir, "sla_display_partner_%s.png" % lang))
    badges = {key: page.locator(".o_cx_badge_sla_%s" % key)
              for key in ("none", "open", "at_risk", "breached")}
    visible = {key: " ".join(b.inner_text().split()) for key, b in badges.items() if b.is_visible()}
    # Open: running, at risk, late, paused, several (met and breached are closed).
    expected = {"en": {"open": "5 open tickets", "at_risk": "1 SLA at risk",
                       "breached": "1 SLA breached"},
                "es": {"open": "5 tickets abiertos", "at_risk": "1 ANS en riesgo",
                       "breached": "1 ANS incumplido"}}
    assert visible == expected[lang], visible
    colour = badges["breached"].evaluate("e => getComputedStyle(e).backgroundColor")
    assert colour not in ("rgba(0, 0, 0, 0)", "transparent"), colour


@pytest.mark.parametrize("who", ["admin", "cx_user"])
def test_sla_shown_right(server, admin, browser, screenshot_dir, scenario, who):
    if who == "admin":
        login, lang = "admin", "en"
    else:
        login, lang = scenario["agent"].login, "es"
    page = backend_page(browser, server, login, login if who != "admin" else "admin")
    try:
        _check_list(page, server, admin, scenario, lang, screenshot_dir)
        _check_form(page, server, scenario, lang, screenshot_dir)
        _check_dashboard(page, server, admin, scenario, lang, screenshot_dir)
        _check_partner(page, server, scenario, lang, screenshot_dir)
        assert not page.cx_errors, page.cx_errors
    except Exception:
        print(describe(page))
        page.screenshot(path=os.path.join(screenshot_dir, "sla_display_failure_%s.png" % who))
        raise
    finally:
        page.context.close()


def test_partner_badges_for_a_cx_manager_without_invoicing_rights(
        server, admin, browser, screenshot_dir, scenario):
    manager = make_user(admin, server, "sla_display_mgr_%s" % scenario["tag"], [
        "cx_experience.group_cx_manager", "base.group_user"], lang="es_ES")
    page = backend_page(browser, server, manager.login, manager.login)
    try:
        _check_partner(page, server, scenario, "es", screenshot_dir)
        # The queue and the breaches per agent open without a dialog (no helpdesk rights:
        # the report only, which CX staff read).
        action = admin.ref("cx_sla.action_cx_sla_breaches_per_agent")
        goto_view(page, "%s/web#action=%d" % (server["url"], action))
        page.wait_for_selector(".o_pivot table", timeout=60000)
        page.screenshot(path=os.path.join(screenshot_dir, "sla_display_breaches_per_agent.png"))
        assert "sla_display_%s" % scenario["tag"] in page.locator(".o_pivot").inner_text()
        assert not page.cx_errors, page.cx_errors
    except Exception:
        print(describe(page))
        raise
    finally:
        page.context.close()
