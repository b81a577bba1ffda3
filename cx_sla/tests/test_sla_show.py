# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What tickets show through the real ORM: the display field and its alert, the SQL twin
of the alert (search, counts), the team dashboard's counts, the agent's queue, the
customer on the ticket.

The calendar is Mon-Fri 9:00-17:00 UTC; 24 Nov 2025 is a Monday. A ticket created at
Mon 09:00 has its first response (2 h) due at 11:00, at risk from 10:36 (80 %); the
stage target (4 h) due at 13:00, at risk from 12:12; the resolution (8 h) due at 17:00.
"""
import json

from odoo.tools.safe_eval import safe_eval

from ..domain import display as dp
from .common import SlaCase


class TestTicketShows(SlaCase):
    @classmethod
    def setUpClass(cls):
        super(TestTicketShows, cls).setUpClass()
        cls.monday = cls.dt(2025, 11, 24, 9)

    def shown(self, ticket, now):
        ticket = ticket.with_context(cx_sla_now=now)
        ticket.invalidate_cache(["cx_sla_display", "cx_sla_alert"])
        return json.loads(ticket.cx_sla_display), ticket.cx_sla_alert

    def reply(self, ticket, now):
        ticket.with_context(cx_sla_now=now).message_post(
            body="On it", message_type="comment", subtype="mail.mt_comment")

    def scenarios(self):
        """One ticket per display case, all created Monday 09:00; read at 11:40."""
        on_time = self.new_ticket(self.monday, name="on time")
        # On time at 11:40: the first response met at 10:00 (1 h 00 of margin), the
        # stage target (due 13:00, at risk 12:12) runs, plain.
        self.reply(on_time, self.dt(2025, 11, 24, 10))
        late_reply = self.new_ticket(self.monday, name="late reply")
        # First response reached at 11:30 (breached by 0 h 30); the stage target runs.
        self.reply(late_reply, self.dt(2025, 11, 24, 11, 30))
        silent = self.new_ticket(self.monday, name="silent")   # first response 40 min late
        waiting = self.new_ticket(self.monday, name="waiting")
        # Paused at 09:45: the first response had 2 h - 0 h 45 = 1 h 15 left.
        waiting.with_context(cx_sla_now=self.dt(2025, 11, 24, 9, 45)).write(
            {"stage_id": self.stage_waiting.id})
        done = self.new_ticket(self.monday, name="done")
        self.reply(done, self.dt(2025, 11, 24, 10))
        # Closed at 10:30: first response met with 1 h 00 of margin, stage with 2 h 30,
        # resolution with 6 h 30: the ticket shows its tightest result, 1 h 00.
        done.with_context(cx_sla_now=self.dt(2025, 11, 24, 10, 30)).write(
            {"stage_id": self.stage_done.id})
        return {"on_time": on_time, "late_reply": late_reply, "silent": silent,
                "waiting": waiting, "done": done}

    def test_each_case_shows_its_own_figure(self):
        tickets = self.scenarios()
        now = self.dt(2025, 11, 24, 11, 40)
        shown, alert = self.shown(tickets["on_time"], now)
        self.assertEqual((shown["show"], shown["tone"], alert), (dp.SHOW_RUNNING, "", False))
        self.assertEqual(shown["seconds"], 80 * 60.0)            # 13:00 - 11:40
        self.assertEqual(shown["deadline"], "2025-11-24 13:00:00")
        self.assertEqual(shown["at_risk_date"], "2025-11-24 12:12:00")
        # Its status is 'breached' (the first response was late), yet the ticket shows
        # the stage target's plain countdown, and raises no alert.
        shown, alert = self.shown(tickets["late_reply"], now)
        self.assertEqual(tickets["late_reply"].cx_sla_status, "breached")
        self.assertEqual((shown["show"], shown["tone"], alert), (dp.SHOW_RUNNING, "", False))
        self.assertEqual(shown["seconds"], 80 * 60.0)
        # Still unanswered 40 minutes past 11:00: red, negative, breached (before any cron).
        shown, alert = self.shown(tickets["silent"], now)
        self.assertEqual((shown["show"], shown["tone"], alert),
                         (dp.SHOW_RUNNING, dp.TONE_LATE, dp.ALERT_BREACHED))
        self.assertEqual(shown["seconds"], -40 * 60.0)
        shown, alert = self.shown(tickets["waiting"], now)
        self.assertEqual((shown["show"], shown["tone"], alert), (dp.SHOW_PAUSED, dp.TONE_MUTED, False))
        self.assertEqual(dp.format_hours(shown["seconds"]), "1 h 15")
        shown, alert = self.shown(tickets["done"], now)
        self.assertEqual((shown["show"], shown["tone"], alert), (dp.SHOW_MET, dp.TONE_MET, False))
        self.assertEqual(dp.format_hours(shown["seconds"]), "1 h 00")
        # The same at 10:40: the silent ticket is at risk (amber) from 10:36.
        shown, alert = self.shown(tickets["silent"], self.dt(2025, 11, 24, 10, 40))
        self.assertEqual((shown["tone"], alert), (dp.TONE_AT_RISK, dp.ALERT_AT_RISK))
        self.assertEqual(shown["seconds"], 20 * 60.0)

    def test_target_lines_show_their_result(self):
        ticket = self.scenarios()["late_reply"]
        lines = ticket.with_context(cx_sla_now=self.dt(2025, 11, 24, 11, 40)).cx_sla_line_ids
        by_kind = {line.kind: (json.loads(line.display), line.alert) for line in lines}
        first, alert = by_kind["first_response"]
        self.assertEqual((first["show"], first["tone"], alert), (dp.SHOW_BREACHED, dp.TONE_FAILED, False))
        self.assertEqual(dp.format_hours(first["seconds"]), "0 h 30")
        resolution, alert = by_kind["resolution"]
        self.assertEqual((resolution["show"], resolution["seconds"], alert),
                         (dp.SHOW_RUNNING, (17 * 60 - (11 * 60 + 40)) * 60.0, False))

    def test_alert_search_is_the_twin_of_the_computed_alert(self):
        tickets = self.scenarios()
        ours = [t.id for t in tickets.values()]
        for now in (self.dt(2025, 11, 24, 9, 30), self.dt(2025, 11, 24, 10, 40),
                    self.dt(2025, 11, 24, 11, 40), self.dt(2025, 11, 24, 12, 30),
                    self.dt(2025, 11, 25, 9, 0)):
            Ticket = self.Ticket.with_context(cx_sla_now=now)
            computed = {}
            for ticket in Ticket.browse(ours):
                computed[ticket.id] = ticket.cx_sla_alert
            for alert in (dp.ALERT_BREACHED, dp.ALERT_AT_RISK, False):
                found = set(Ticket.search([("id", "in", ours), ("cx_sla_alert", "=", alert)]).ids)
                self.assertEqual(found, {tid for tid, value in computed.items() if value == alert},
                                 (now, alert))
            found = set(Ticket.search([("id", "in", ours),
                                       ("cx_sla_alert", "in", [dp.ALERT_BREACHED, dp.ALERT_AT_RISK])]).ids)
            self.assertEqual(found, {tid for tid, value in computed.items() if value}, now)
            found = set(Ticket.search([("id", "in", ours), ("cx_sla_alert", "!=", dp.ALERT_BREACHED)]).ids)
            self.assertEqual(found, {tid for tid, value in computed.items() if value != dp.ALERT_BREACHED})
        # At 12:30 the two tickets whose stage target runs are at risk (past 12:12).
        Ticket = self.Ticket.with_context(cx_sla_now=self.dt(2025, 11, 24, 12, 30))
        self.assertEqual(set(Ticket.search([("id", "in", ours), ("cx_sla_alert", "=", "at_risk")]).ids),
                         {tickets["on_time"].id, tickets["late_reply"].id})

    def test_team_dashboard_counts_and_the_agents_queue(self):
        tickets = self.scenarios()
        for ticket in tickets.values():
            ticket.sudo().write({"user_id": self.agent.id})
        now = self.dt(2025, 11, 24, 11, 40)
        team = self.team.with_context(cx_sla_now=now)
        # Open with an SLA: on time, late reply, silent, waiting (done is closed).
        self.assertEqual((team.cx_sla_open_count, team.cx_sla_breached_count,
                          team.cx_sla_at_risk_count, team.cx_sla_paused_count), (4, 1, 0, 1))
        # A team without SLA tickets shows no SLA block (the kanban hides it at 0 open).
        self.assertEqual(self.other_team.cx_sla_open_count, 0)
        # The agent's queue: its open tickets whose shown target is at risk or breached,
        # the nearest deadline first. At 12:30: silent (breached, 11:00), then the two at
        # risk (13:00; the older id first).
        action = self.env.ref("cx_sla.action_cx_sla_my_breaching")
        view = self.env.ref("cx_sla.helpdesk_ticket_tree_sla_queue")
        order = view.read_combined(["arch"])["arch"].split('default_order="')[1].split('"')[0]
        queue = self.Ticket.sudo(self.agent).with_context(cx_sla_now=self.dt(2025, 11, 24, 12, 30))
        found = queue.search(safe_eval(action.domain, {"uid": self.agent.id}), order=order)
        self.assertEqual(found.ids, [tickets["silent"].id, tickets["on_time"].id,
                                     tickets["late_reply"].id])
        # Another agent's queue holds none of them.
        other = self.Ticket.sudo(self.other_agent).with_context(cx_sla_now=self.dt(2025, 11, 24, 12, 30))
        self.assertFalse(other.search(safe_eval(action.domain, {"uid": self.other_agent.id})))


class TestTicketCustomer(SlaCase):
    def test_company_name_email_tier_and_quadrant_on_the_ticket(self):
        tier = self.env["cx.tier"].search([("code", "=", "strategic")], limit=1)
        company = self.env["res.partner"].create({"name": "Acme Iberia", "is_company": True})
        company.sudo()._cx_engine_write({"cx_quadrant": "at_risk"})
        company.sudo().write({"cx_tier_id": tier.id})
        contact = self.env["res.partner"].create({"name": "Ana Ruiz", "parent_id": company.id,
                                                  "email": "ana@acme.example"})
        # Created without the form (mail gateway, RPC): the company name and email filled.
        ticket = self.Ticket.sudo(self.agent).create({"name": "Broken", "partner_id": contact.id})
        self.assertEqual(ticket.partner_name, "Acme Iberia")
        self.assertEqual(ticket.partner_email, "ana@acme.example")
        self.assertEqual(ticket.cx_partner_tier_id, tier)
        self.assertEqual(ticket.cx_partner_quadrant, "at_risk")
        # What the caller typed stays.
        typed = self.Ticket.create({"name": "Typed", "partner_id": contact.id,
                                    "partner_name": "Acme (Madrid)"})
        self.assertEqual(typed.partner_name, "Acme (Madrid)")
        # Another customer: its company's name.
        other = self.env["res.partner"].create({"name": "Beta SL", "is_company": True})
        ticket.write({"partner_id": other.id})
        self.assertEqual(ticket.partner_name, "Beta SL")
        self.assertFalse(ticket.partner_email)  # not the former customer's address
        self.assertFalse(ticket.cx_partner_tier_id)
        # The form's onchange fills the company, not the contact.
        draft = self.Ticket.new({"name": "Draft", "partner_id": contact.id})
        draft._onchange_partner_id()
        self.assertEqual(draft.partner_name, "Acme Iberia")
        # Searchable by tier (the search view's filter).
        self.assertIn(typed, self.Ticket.search([("cx_partner_tier_id.code", "=", "strategic")]))


class TestCustomer360(SlaCase):
    """The SLA health badge and the tickets of the customer's timeline."""

    def test_health_counts_open_at_risk_and_breaching_tickets_of_the_customer(self):
        company = self.env["res.partner"].create({"name": "Health Co", "is_company": True})
        contact = self.env["res.partner"].create({"name": "Health contact", "parent_id": company.id})
        monday = self.dt(2025, 11, 24, 9)
        self.new_ticket(monday, partner_id=company.id)                      # breached at 11:40
        self.new_ticket(self.dt(2025, 11, 24, 10), partner_id=contact.id)   # at risk from 11:36
        self.new_ticket(self.dt(2025, 11, 24, 11), partner_id=contact.id)   # on time
        closed = self.new_ticket(monday, partner_id=contact.id)
        closed.with_context(cx_sla_now=self.dt(2025, 11, 24, 9, 30)).write(
            {"stage_id": self.stage_done.id})
        for partner in (company, contact):
            shown = partner.with_context(cx_sla_now=self.dt(2025, 11, 24, 11, 40))
            self.assertEqual((shown.cx_sla_open_count, shown.cx_sla_at_risk_count,
                              shown.cx_sla_breached_count), (3, 1, 1), partner.name)
        other = self.env["res.partner"].create({"name": "No tickets"})
        self.assertEqual(other.cx_sla_open_count, 0)
        # Only CX staff read the figures (the header is theirs).
        field = self.env["res.partner"]._fields["cx_sla_open_count"]
        self.assertEqual(field.groups, "cx_experience.group_cx_user")

    def test_tickets_on_the_timeline_in_the_readers_language(self):
        cx_user = self.env["res.users"].with_context(no_reset_password=True).create({
            "name": "Timeline reader", "login": "sla_timeline_reader", "email": "tl@example.com",
            "groups_id": [(6, 0, [self.env.ref("cx_experience.group_cx_user").id])]})
        outsider = self.env["res.users"].with_context(no_reset_password=True).create({
            "name": "Timeline outsider", "login": "sla_timeline_outsider", "email": "to@example.com",
            "groups_id": [(6, 0, [self.env.ref("cx_experience.group_cx_user").id])]})
        customer = self.env["res.partner"].create({"name": "Timeline Co", "is_company": True,
                                                   "user_id": cx_user.id})
        ticket = self.new_ticket(self.dt(2025, 11, 24, 9), partner_id=customer.id, name="No light")
        self.Line._cron_check(now=self.dt(2025, 11, 24, 12))  # first response breached
        Timeline = self.env["cx.timeline"]
        domain = [("partner_id", "=", customer.id), ("kind", "=", "ticket")]
        row = Timeline.sudo(cx_user).search(domain)
        self.assertEqual(len(row), 1)
        self.assertEqual((row.res_model, row.res_id, row.level), ("helpdesk.ticket", ticket.id, "danger"))
        self.assertEqual(row.with_context(lang="en_US").summary,
                         "Ticket %s opened: No light (SLA New; SLA: Breached)" % ticket.number)
        self.assertEqual(row.with_context(lang="es_ES").summary,
                         "Ticket %s abierto: No light (SLA New; ANS: Incumplido)" % ticket.number)
        # Another CX user's customer: not on its timeline.
        self.assertFalse(Timeline.sudo(outsider).search(domain))
        # The interaction logged when the ticket closes is the same event as the ticket's
        # row: it is not shown a second time.
        self.env["cx.interaction"].sudo().create({
            "name": "closed", "partner_id": customer.id, "res_model": "helpdesk.ticket",
            "res_id": ticket.id,
            "touchpoint_id": self.env["cx.touchpoint"].search([], limit=1).id})
        self.assertEqual(Timeline.search([("partner_id", "=", customer.id)]).mapped("kind"),
                         ["ticket"])
