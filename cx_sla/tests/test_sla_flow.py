# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""SLA lines through the real ORM: ticket creation, replies, stage changes, the cron.

The calendar is Mon-Fri 9:00-17:00 UTC. 21 Nov 2025 is a Friday, 24 Nov a Monday.
"""
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, ValidationError
from odoo.tools import mute_logger

from .common import SlaCase


class TestSlaFlow(SlaCase):
    def test_deadlines_on_creation_in_working_hours(self):
        # Fri 16:00. First response 2 h: 1 h Friday + 1 h Monday -> Mon 10:00.
        # Stage 4 h -> Mon 12:00. Resolution 8 h: 1 h Friday + 7 h Monday -> Mon 16:00... no:
        # Monday 9-16 is 7 h, so 8 h lands at Mon 16:00.
        # First response at risk at 80 % of 2 h = 96 min: 60 Friday + 36 Monday -> Mon 09:36.
        ticket = self.new_ticket(self.dt(2025, 11, 21, 16))
        self.assertEqual(ticket.cx_sla_policy_id, self.policy)
        self.assertEqual(self.line(ticket, "first_response").deadline, "2025-11-24 10:00:00")
        self.assertEqual(self.line(ticket, "first_response").at_risk_date, "2025-11-24 09:36:00")
        self.assertEqual(self.line(ticket, "stage").deadline, "2025-11-24 12:00:00")
        self.assertEqual(self.line(ticket, "resolution").deadline, "2025-11-24 16:00:00")
        self.assertEqual(ticket.cx_sla_deadline, "2025-11-24 10:00:00")
        self.assertEqual(ticket.cx_sla_status, "ongoing")

    def test_first_response_met_by_public_reply_only(self):
        ticket = self.new_ticket(self.dt(2025, 11, 21, 16))
        fr = self.line(ticket, "first_response")
        # An internal note does not answer the customer.
        ticket.with_context(cx_sla_now=self.dt(2025, 11, 24, 9, 20)).message_post(
            body="Looking into it", message_type="comment", subtype="mail.mt_note")
        # The customer writing again does not either.
        ticket.with_context(cx_sla_now=self.dt(2025, 11, 24, 9, 25)).message_post(
            body="Any news?", message_type="email", subtype="mail.mt_comment", author_id=self.customer.id)
        fr.invalidate_cache()
        self.assertFalse(fr.reached_date)
        self.assertEqual(fr.state, "ongoing")
        # The agent's reply at Mon 09:45: 1 h Friday + 45 min Monday = 1.75 working hours.
        ticket.with_context(cx_sla_now=self.dt(2025, 11, 24, 9, 45)).message_post(
            body="We are on it", message_type="comment", subtype="mail.mt_comment")
        fr.invalidate_cache()
        self.assertEqual(fr.state, "met")
        self.assertEqual(fr.reached_date, "2025-11-24 09:45:00")
        self.assertAlmostEqual(fr.work_hours, 1.75)
        # The ticket now shows the next open deadline (the stage target, Mon 12:00).
        self.assertEqual(ticket.cx_sla_deadline, "2025-11-24 12:00:00")

    def test_pause_stage_stops_and_resumes_the_clock(self):
        monday = self.dt(2025, 11, 24, 9)
        ticket = self.new_ticket(monday)
        ticket.with_context(cx_sla_now=self.dt(2025, 11, 24, 10)).message_post(
            body="Hello", message_type="comment", subtype="mail.mt_comment")
        # Waiting on the customer at Mon 11:00: 2 h of the 8 h resolution consumed;
        # 'Waiting' comes after 'In progress', so the stage target is reached too.
        ticket.with_context(cx_sla_now=self.dt(2025, 11, 24, 11)).write({"stage_id": self.stage_waiting.id})
        resolution = self.line(ticket, "resolution")
        self.assertEqual(resolution.state, "paused")
        self.assertFalse(resolution.deadline)
        self.assertAlmostEqual(resolution.consumed_seconds, 2 * 3600)
        self.assertEqual(self.line(ticket, "stage").state, "met")
        self.assertEqual(ticket.cx_sla_status, "paused")
        self.assertFalse(ticket.cx_sla_deadline)
        # Back in progress on Wed 15:00: 6 h left = Wed 15-17 + Thu 9-13 -> Thu 13:00.
        ticket.with_context(cx_sla_now=self.dt(2025, 11, 26, 15)).write({"stage_id": self.stage_progress.id})
        resolution.invalidate_cache()
        self.assertEqual(resolution.state, "ongoing")
        self.assertEqual(resolution.deadline, "2025-11-27 13:00:00")
        self.assertEqual(ticket.cx_sla_status, "ongoing")
        self.assertEqual(ticket.cx_sla_deadline, "2025-11-27 13:00:00")
        # Closed on Thu 12:00: 2 h + 2 h + 3 h = 7 working hours, within the 8 allowed.
        ticket.with_context(cx_sla_now=self.dt(2025, 11, 27, 12)).write({"stage_id": self.stage_done.id})
        resolution.invalidate_cache()
        self.assertEqual(resolution.state, "met")
        self.assertAlmostEqual(resolution.work_hours, 7.0)
        self.assertEqual(ticket.cx_sla_status, "met")

    def test_breach_stays_a_breach_and_closed_tickets_are_frozen(self):
        ticket = self.new_ticket(self.dt(2025, 11, 24, 9))
        # The cron at 11:30 sees the first response (due 11:00) breached.
        self.Line._cron_check(now=self.dt(2025, 11, 24, 11, 30))
        fr = self.line(ticket, "first_response")
        self.assertEqual(fr.state, "breached")
        self.assertEqual(fr.breached_date, "2025-11-24 11:00:00")
        self.assertEqual(ticket.cx_sla_status, "breached")
        # Replying late and closing in time for resolution keeps the breach.
        ticket.with_context(cx_sla_now=self.dt(2025, 11, 24, 12)).message_post(
            body="Sorry", message_type="comment", subtype="mail.mt_comment")
        ticket.with_context(cx_sla_now=self.dt(2025, 11, 24, 15)).write({"stage_id": self.stage_done.id})
        fr.invalidate_cache()
        self.assertEqual(fr.state, "breached")
        self.assertAlmostEqual(fr.work_hours, 3.0)
        self.assertEqual(self.line(ticket, "resolution").state, "met")
        self.assertEqual(ticket.cx_sla_status, "breached")
        # A closed ticket is never recomputed: moving it to another team changes nothing.

        def snapshot():
            return [(line.id, line.state, line.deadline, line.policy_id.id)
                    for line in ticket.cx_sla_line_ids]

        before = snapshot()
        ticket.with_context(cx_sla_now=self.dt(2025, 11, 28, 9)).write({"team_id": self.other_team.id})
        ticket.invalidate_cache()
        self.assertEqual(snapshot(), before)
        self.assertEqual(ticket.cx_sla_policy_id, self.policy)

    def test_cron_escalates_each_level_once(self):
        Mail = self.env["mail.mail"]
        ticket = self.new_ticket(self.dt(2025, 11, 24, 9), user_id=self.agent.id)

        def mails(user):
            return Mail.search_count([("recipient_ids", "in", user.partner_id.ids),
                                      ("body_html", "ilike", ticket.number)])

        # 10:40: first response past its at-risk moment (09:36 + 1 h = 10:36) -> level 1 to the agent.
        self.assertEqual(self.Line._cron_check(now=self.dt(2025, 11, 24, 10, 40)), 1)
        self.assertEqual(ticket.cx_sla_status, "at_risk")
        self.assertEqual(mails(self.agent), 1)
        # Twice at the same moment: nothing new.
        self.assertEqual(self.Line._cron_check(now=self.dt(2025, 11, 24, 10, 40)), 0)
        self.assertEqual(mails(self.agent), 1)
        # 11:05: breached (due 11:00) -> level 2 to the team leader, once.
        self.Line._cron_check(now=self.dt(2025, 11, 24, 11, 5))
        self.Line._cron_check(now=self.dt(2025, 11, 24, 11, 6))
        self.assertEqual(mails(self.leader), 1)
        self.assertEqual(mails(self.manager), 0)
        # Level 3 waits 4 calendar hours after the breach (15:00), then warns the manager
        # and raises the priority from Medium (1) to High (2).
        self.Line._cron_check(now=self.dt(2025, 11, 24, 14, 59))
        self.assertEqual(mails(self.manager), 0)
        self.Line._cron_check(now=self.dt(2025, 11, 24, 15, 1))
        self.Line._cron_check(now=self.dt(2025, 11, 24, 15, 2))
        self.assertEqual(mails(self.manager), 1)
        ticket.invalidate_cache()
        self.assertEqual(ticket.priority, "2")
        logs = ticket.cx_sla_escalation_ids
        self.assertEqual(sorted(logs.mapped("level")), [1, 2, 3])
        self.assertEqual(logs.filtered(lambda g: g.level == 2).user_id, self.leader)

    def test_one_log_per_ticket_and_level_in_the_database(self):
        ticket = self.new_ticket(self.dt(2025, 11, 24, 9), user_id=self.agent.id)
        # 12:30: first response and stage target both at risk or breached; level 1 fires once.
        self.Line._cron_check(now=self.dt(2025, 11, 24, 12, 30))
        log = ticket.cx_sla_escalation_ids.filtered(lambda g: g.level == 1)
        self.assertEqual(len(log), 1)
        self.assertEqual(log.line_id.kind, "first_response")  # the earliest deadline fired it
        # The database itself refuses a second row for the same ticket and level (two workers).
        other_line = self.line(ticket, "stage")
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), self.env.cr.savepoint():
            self.env.cr.execute(
                "INSERT INTO cx_sla_escalation_log (line_id, escalation_id, ticket_id, date) "
                "VALUES (%s, %s, %s, now())", (other_line.id, log.escalation_id.id, ticket.id))


class TestSlaPolicies(SlaCase):
    def test_first_matching_policy_wins_and_tier_change_rematches(self):
        strategic = self.env["cx.tier"].search([("code", "=", "strategic")], limit=1)
        vip = self.env["cx.sla.policy"].create({
            "name": "Strategic customers", "sequence": 1, "tier_ids": [(6, 0, strategic.ids)],
            "use_working_hours": False,
            "target_ids": [(0, 0, {"kind": "resolution", "hours": 4.0})],
        })
        ticket = self.new_ticket(self.dt(2025, 11, 21, 16))
        self.assertEqual(ticket.cx_sla_policy_id, self.policy)
        self.customer.with_context(cx_sla_now=self.dt(2025, 11, 21, 17)).write({"cx_tier_id": strategic.id})
        ticket.invalidate_cache()
        self.assertEqual(ticket.cx_sla_policy_id, vip)
        # Calendar hours, clock from creation: Fri 16:00 + 4 h = Fri 20:00; old lines are gone.
        self.assertEqual(ticket.cx_sla_line_ids.mapped("deadline"), ["2025-11-21 20:00:00"])

    def test_ticket_without_matching_policy_has_no_sla(self):
        ticket = self.new_ticket(self.dt(2025, 11, 21, 16), team_id=self.other_team.id)
        self.assertFalse(ticket.cx_sla_policy_id)
        self.assertFalse(ticket.cx_sla_line_ids)
        self.assertFalse(ticket.cx_sla_status)

    def test_priority_criterion(self):
        urgent = self.env["cx.sla.policy"].create({
            "name": "Urgent", "sequence": 2, "min_priority": "3",
            "target_ids": [(0, 0, {"kind": "resolution", "hours": 1.0})],
        })
        ticket = self.new_ticket(self.dt(2025, 11, 24, 9))
        self.assertEqual(ticket.cx_sla_policy_id, self.policy)
        ticket.with_context(cx_sla_now=self.dt(2025, 11, 24, 9, 30)).write({"priority": "3"})
        self.assertEqual(ticket.cx_sla_policy_id, urgent)

    def test_bad_input_is_refused(self):
        Policy = self.env["cx.sla.policy"]
        with self.assertRaises(ValidationError):
            Policy.create({"name": "Zero", "target_ids": [(0, 0, {"kind": "resolution", "hours": 0})]})
        with self.assertRaises(ValidationError):
            Policy.create({"name": "Negative", "target_ids": [(0, 0, {"kind": "resolution", "hours": -2})]})
        for share in (0, 100, 120):
            with self.assertRaises(ValidationError):
                Policy.create({"name": "Share", "at_risk_share": share})
        with self.assertRaises(ValidationError):
            Policy.create({"name": "Closed pause", "pause_stage_ids": [(6, 0, self.stage_done.ids)]})
        empty = self.env["resource.calendar"].create({"name": "Empty", "attendance_ids": [(5, 0, 0)]})
        with self.assertRaises(ValidationError):
            Policy.create({"name": "Empty calendar", "calendar_id": empty.id})
        with self.assertRaises(ValidationError):
            self.team.write({"cx_calendar_id": empty.id})

    def test_access_follows_ticket_visibility(self):
        mine = self.new_ticket(self.dt(2025, 11, 24, 9), user_id=self.agent.id)
        theirs = self.new_ticket(self.dt(2025, 11, 24, 9), user_id=self.other_agent.id)
        Line = self.Line.sudo(self.agent)
        self.assertEqual(set(Line.search([]).mapped("ticket_id").ids) & {mine.id, theirs.id}, {mine.id})
        with self.assertRaises(AccessError):
            self.policy.sudo(self.agent).write({"name": "Hacked"})

    def test_escalation_reassigns_the_ticket(self):
        self.policy.escalation_ids.filtered(lambda e: e.level == 2).write(
            {"reassign_user_id": self.other_agent.id})
        ticket = self.new_ticket(self.dt(2025, 11, 24, 9), user_id=self.agent.id)
        # 11:05: the first response (due 11:00) is breached: level 2 hands the ticket over.
        self.Line._cron_check(now=self.dt(2025, 11, 24, 11, 5))
        ticket.invalidate_cache()
        self.assertEqual(ticket.user_id, self.other_agent)
        self.assertEqual(ticket.cx_sla_status, "breached")

    def test_policy_of_another_company_does_not_apply(self):
        other = self.env["res.company"].create({"name": "SLA other company"})
        self.policy.company_id = other
        ticket = self.new_ticket(self.dt(2025, 11, 24, 9))
        self.assertFalse(ticket.cx_sla_policy_id)
        self.assertFalse(ticket.cx_sla_line_ids)

    def test_cx_manager_without_helpdesk_rights_designs_policies(self):
        manager = self.env["res.users"].with_context(no_reset_password=True).create({
            "name": "CX designer", "login": "sla_cx_designer", "email": "designer@example.com",
            "groups_id": [(6, 0, [self.env.ref("cx_experience.group_cx_manager").id,
                                  self.env.ref("base.group_user").id])]})
        policy = self.env["cx.sla.policy"].sudo(manager).create({
            "name": "Designed", "active": False, "domain": "[('priority', '=', '3')]",
            "target_ids": [(0, 0, {"kind": "resolution", "hours": 8.0})]})
        self.assertEqual(policy.ticket_count, 0)
        self.assertEqual(len(policy.target_ids), 1)


class TestTicketInteraction(SlaCase):
    """A closed ticket appears once on the customer's timeline, without a score."""

    def test_closing_logs_one_interaction_on_the_helpdesk_touchpoint(self):
        ticket = self.new_ticket(self.dt(2025, 11, 24, 9))
        Interaction = self.env["cx.interaction"]
        domain = [("res_model", "=", "helpdesk.ticket"), ("res_id", "=", ticket.id)]
        self.assertEqual(Interaction.search_count(domain), 0)
        ticket.write({"stage_id": self.stage_done.id})
        logged = Interaction.search(domain)
        self.assertEqual(len(logged), 1)
        self.assertEqual(logged.partner_id, self.customer)
        self.assertEqual(logged.touchpoint_id.code, "helpdesk_ticket")
        self.assertEqual(logged.channel, "helpdesk")
        self.assertFalse(logged.has_score)
        # Writing the closed ticket again logs nothing more.
        ticket.write({"stage_id": self.stage_done.id, "description": "again"})
        self.assertEqual(Interaction.search_count(domain), 1)


class TestBulkSync(SlaCase):
    """Many tickets at once, as an import or the benchmark does: several chunks, new lines
    written by COPY (with columns left out when empty on every new line)."""

    def lines_of(self, tickets):
        tickets.invalidate_cache()
        return {ticket.id: (ticket.cx_sla_status or False, ticket.cx_sla_deadline or False,
                            sorted((line.kind, line.state, line.deadline or False, line.at_risk_date or False,
                                    line.breached_date or False, line.consumed_seconds)
                                   for line in ticket.cx_sla_line_ids))
                for ticket in tickets}

    def test_chunks_give_the_same_lines_as_one_ticket_at_a_time(self):
        friday_16 = self.new_ticket(self.dt(2025, 11, 21, 16))
        waiting = self.new_ticket(self.dt(2025, 11, 24, 9), stage_id=self.stage_waiting.id)
        friday_9 = self.new_ticket(self.dt(2025, 11, 21, 9))
        no_sla = self.new_ticket(self.dt(2025, 11, 24, 9), team_id=self.other_team.id)
        monday = self.new_ticket(self.dt(2025, 11, 24, 9, 10))
        tickets = friday_16 | waiting | friday_9 | no_sla | monday
        now = self.dt(2025, 11, 24, 9, 30)

        def reset():
            self.env.cr.execute("DELETE FROM cx_sla_line WHERE ticket_id IN %s", (tuple(tickets.ids),))
            self.env.cr.execute("""UPDATE helpdesk_ticket SET cx_sla_status = NULL, cx_sla_deadline = NULL,
                                          cx_sla_policy_id = NULL WHERE id IN %s""", (tuple(tickets.ids),))

        reset()
        for ticket in tickets:
            self.Line._cx_sync(ticket.ids, now=now)
        one_by_one = self.lines_of(tickets)
        reset()
        self.Line._cx_sync(tickets.ids, now=now, chunk=2)
        self.assertEqual(self.lines_of(tickets), one_by_one)

        # Hand-worked at Mon 09:30 on the Mon-Fri 9-17 calendar.
        # Fri 16:00: first response 2 h -> Mon 10:00, at risk at 96 min -> Mon 09:36.
        self.assertEqual(friday_16.cx_sla_status, "ongoing")
        self.assertEqual(friday_16.cx_sla_deadline, "2025-11-24 10:00:00")
        self.assertEqual(self.line(friday_16, "first_response").at_risk_date, "2025-11-24 09:36:00")
        # Created in the pause stage: first response and resolution paused, the stage target
        # met at once ('Waiting' comes after 'In progress'), and no deadline at all (COPY leaves
        # out the deadline column when no new line of the chunk has one).
        self.assertEqual(waiting.cx_sla_status, "paused")
        self.assertFalse(waiting.cx_sla_deadline)
        self.assertEqual(sorted(waiting.cx_sla_line_ids.mapped("state")), ["met", "paused", "paused"])
        self.assertEqual(waiting.cx_sla_line_ids.mapped("deadline"), [False] * 3)
        # Fri 09:00: every target was due on Friday (11:00, 13:00, 17:00): breached then.
        self.assertEqual(friday_9.cx_sla_status, "breached")
        self.assertEqual(sorted(friday_9.cx_sla_line_ids.mapped("breached_date")),
                         ["2025-11-21 11:00:00", "2025-11-21 13:00:00", "2025-11-21 17:00:00"])
        # The earliest open deadline stays on the ticket: its countdown shows how late it is.
        self.assertEqual(friday_9.cx_sla_deadline, "2025-11-21 11:00:00")
        # The other team has no policy: no line, no status.
        self.assertFalse(no_sla.cx_sla_policy_id)
        self.assertFalse(no_sla.cx_sla_line_ids)
        self.assertFalse(no_sla.cx_sla_status)
        # Mon 09:10: first response due 11:10, at risk at 10:46; the same start as nobody else.
        self.assertEqual(monday.cx_sla_deadline, "2025-11-24 11:10:00")
        self.assertEqual(self.line(monday, "first_response").at_risk_date, "2025-11-24 10:46:00")
