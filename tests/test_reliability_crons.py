"""Every cron of the suite run twice in a row, then twice at the same moment.

The crons are triggered through XML-RPC (ir.cron.method_direct_trigger, the "Run
manually" button): each call is one database transaction on the real server, and two
calls from two threads are two concurrent transactions. Each round prepares fresh work
for every cron (customers without tier or stage, a relationship campaign to dispatch,
invitations due for a reminder, a ticket past its SLA deadline, digests not sent yet),
then checks that the work was done exactly once: nothing sent or created twice,
nothing lost.
"""
import uuid

import pytest

from helpers import OdooClient, at_the_same_moment
from helpers import query as _q

CRONS = ("cx_experience.cron_cx_daily", "cx_experience.cron_cx_digest",
         "cx_nps_survey.cron_cx_nps_campaigns", "cx_sla.ir_cron_cx_sla_check")
# tables whose rows a cron creates: a second run must add none
GLOBAL_TABLES = ("mail_mail", "mail_activity", "survey_user_input", "cx_tier_change",
                 "cx_lifecycle_history", "cx_sla_escalation_log", "cx_digest",
                 "cx_nps_response", "mail_message")


def _global_counts(db):
    return {t: _q(db, "SELECT count(*) FROM %s" % t)[0][0] for t in GLOBAL_TABLES}


def _run_crons(admin, cron_ids):
    for cron_id in cron_ids:
        admin.call("ir.cron", "method_direct_trigger", [cron_id])


def _run_crons_concurrently(server, admin, cron_ids):
    """Each cron in two transactions started at the same moment (two XML-RPC threads)."""
    clients = [admin, OdooClient(server["url"], server["db"], "admin", "admin")]
    for cron_id in cron_ids:
        errors = at_the_same_moment(
            clients, lambda client: client.call("ir.cron", "method_direct_trigger", [cron_id]),
            timeout=600)
        assert not errors, (cron_id, errors)


@pytest.fixture(scope="module")
def cron_ids(admin):
    return [admin.ref(xmlid) for xmlid in CRONS]


@pytest.fixture(scope="module")
def sla_policy(admin):
    """A policy for the tickets of these tests only: 1 calendar hour, escalate on breach."""
    tag = uuid.uuid4().hex[:6]
    policy = admin.call("cx.sla.policy", "create", {
        "name": "Reliability %s" % tag, "sequence": 0, "use_working_hours": False,
        "domain": "[('name', 'ilike', 'Reliability %s')]" % tag,
        "target_ids": [(0, 0, {"kind": "resolution", "hours": 1})],
        "escalation_ids": [(0, 0, {"level": 1, "trigger": "breached", "delay_hours": 0,
                                   "notify": "user", "user_id": admin.uid})]})
    return {"id": policy, "tag": tag}


def _prepare(server, admin, sla_policy):
    """Fresh work for every cron; returns what to check afterwards."""
    db, tag = server["db"], uuid.uuid4().hex[:6]
    new = [admin.call("res.partner", "create", {
        "name": "Cron %s %d" % (tag, i), "customer": True, "is_company": True,
        "email": "cron-%s-%d@example.com" % (tag, i)}) for i in range(3)]
    # a relationship campaign the cron dispatches (window of one day: everybody today)
    dispatch = admin.call("cx.nps.campaign", "create", {
        "name": "Cron dispatch %s" % tag, "window_days": 1, "sample_percent": 100,
        "partner_domain": "[('id', 'in', %s)]" % new})
    admin.call("cx.nps.campaign", "action_schedule", [dispatch])
    # a campaign whose invitations went out 10 days ago: one reminder each is due
    late = [admin.call("res.partner", "create", {
        "name": "Cron late %s %d" % (tag, i), "customer": True,
        "email": "late-%s-%d@example.com" % (tag, i)}) for i in range(2)]
    remind = admin.call("cx.nps.campaign", "create", {
        "name": "Cron remind %s" % tag, "window_days": 1, "reminder_days": 3,
        "reminder_max": 1, "recurrence_months": 12,
        "partner_domain": "[('id', 'in', %s)]" % late})
    admin.call("cx.nps.campaign", "action_schedule", [remind])
    admin.call("cx.nps.campaign", "action_send_now", [remind])
    _q(db, """UPDATE survey_user_input SET cx_nps_sent_date = cx_nps_sent_date - interval '10 days',
                     date_create = date_create - interval '10 days'
               WHERE cx_nps_campaign_id = %s""", (remind,))
    _q(db, """UPDATE cx_nps_campaign SET iteration_start = iteration_start - interval '10 days'
               WHERE id = %s""", (remind,))
    # a ticket of the first new customer (lifecycle: service) past its SLA deadline
    ticket = admin.call("helpdesk.ticket", "create", {
        "name": "Reliability %s %s" % (sla_policy["tag"], tag), "description": "late",
        "partner_id": new[0]})
    lines = _q(db, "SELECT id FROM cx_sla_line WHERE ticket_id = %s", (ticket,))
    assert len(lines) == 1, "the test policy applies to the ticket"
    _q(db, """UPDATE cx_sla_line SET start_date = now() at time zone 'UTC' - interval '3 hours',
                     resumed_date = now() at time zone 'UTC' - interval '3 hours',
                     at_risk_date = now() at time zone 'UTC' - interval '2 hours',
                     deadline = now() at time zone 'UTC' - interval '2 hours'
               WHERE ticket_id = %s""", (ticket,))
    # digests: the last complete periods are not sent yet (forget earlier runs)
    _q(db, "UPDATE cx_digest SET mail_id = NULL")
    _q(db, "DELETE FROM cx_digest")
    companies = _q(db, "SELECT count(*) FROM res_company")[0][0]
    return {"new": new, "late": late, "dispatch": dispatch, "remind": remind,
            "ticket": ticket, "companies": companies, "before": _global_counts(db)}


def _check_done_once(server, admin, work):
    db = server["db"]
    # tiers: each new customer got its first tier, logged once
    rows = _q(db, """SELECT p.id, p.cx_tier_id, count(c.id) FROM res_partner p
                       LEFT JOIN cx_tier_change c ON c.partner_id = p.id
                      WHERE p.id = ANY(%s) GROUP BY p.id, p.cx_tier_id""", (work["new"],))
    assert len(rows) == 3 and all(tier and changes == 1 for _p, tier, changes in rows), rows
    # lifecycle: the customer with an open ticket moved to Service once
    rows = _q(db, """SELECT s.code, h.date_out FROM cx_lifecycle_history h
                       JOIN cx_lifecycle_stage s ON s.id = h.stage_id
                      WHERE h.partner_id = %s""", (work["new"][0],))
    assert rows == [("service", None)]
    # campaigns: one invitation and one queued email per customer of the audience
    rows = _q(db, """SELECT ui.partner_id, count(DISTINCT ui.id), count(mm.id)
                       FROM survey_user_input ui
                       LEFT JOIN mail_message msg ON msg.model = 'survey.user_input'
                                                 AND msg.res_id = ui.id
                       LEFT JOIN mail_mail mm ON mm.mail_message_id = msg.id
                      WHERE ui.cx_nps_campaign_id = %s GROUP BY ui.partner_id""",
              (work["dispatch"],))
    assert sorted(rows) == sorted((p, 1, 1) for p in work["new"])
    # reminders: exactly one per late invitation (invitation + reminder = 2 emails)
    rows = _q(db, """SELECT ui.cx_nps_reminder_count, count(mm.id) FROM survey_user_input ui
                       JOIN mail_message msg ON msg.model = 'survey.user_input'
                                            AND msg.res_id = ui.id
                       JOIN mail_mail mm ON mm.mail_message_id = msg.id
                      WHERE ui.cx_nps_campaign_id = %s GROUP BY ui.id""", (work["remind"],))
    assert rows == [(1, 2), (1, 2)]
    # SLA: breached once, escalated once
    status = admin.call("helpdesk.ticket", "read", [work["ticket"]], ["cx_sla_status"])[0]
    assert status["cx_sla_status"] == "breached"
    rows = _q(db, """SELECT state, breached_count FROM cx_sla_line WHERE ticket_id = %s""",
              (work["ticket"],))
    assert rows == [("breached", 1)]
    assert _q(db, "SELECT count(*) FROM cx_sla_escalation_log WHERE ticket_id = %s",
              (work["ticket"],))[0][0] == 1
    # digests: one per kind (daily, weekly, monthly) and company, each mail queued once
    rows = _q(db, """SELECT count(*), count(DISTINCT mail_id), count(mail_id),
                            count(DISTINCT (kind, period_start, company_id)) FROM cx_digest""")
    total, distinct_mails, with_mail, distinct_periods = rows[0]
    assert total == distinct_periods == 3 * work["companies"]
    assert distinct_mails == with_mail and with_mail >= 1


def test_every_cron_twice_in_a_row(server, admin, cron_ids, sla_policy):
    work = _prepare(server, admin, sla_policy)
    _run_crons(admin, cron_ids)
    _check_done_once(server, admin, work)
    after_first = _global_counts(server["db"])
    assert after_first["survey_user_input"] > work["before"]["survey_user_input"]
    _run_crons(admin, cron_ids)
    _check_done_once(server, admin, work)
    assert _global_counts(server["db"]) == after_first


def test_every_cron_in_two_concurrent_transactions(server, admin, cron_ids, sla_policy):
    """Two runs at once: each piece of work done once, nothing twice, nothing left over.

    The daily cron is one job under one try-lock: a run that finds it taken does
    nothing. (It once took separate locks for the tiers and the lifecycle rules, and a
    customer re-tiered by one run could be skipped by the other's lifecycle step.)
    """
    work = _prepare(server, admin, sla_policy)
    _run_crons_concurrently(server, admin, cron_ids)
    _check_done_once(server, admin, work)
    after = _global_counts(server["db"])
    # a plain run afterwards finds nothing left to do
    _run_crons(admin, cron_ids)
    _check_done_once(server, admin, work)
    assert _global_counts(server["db"]) == after
