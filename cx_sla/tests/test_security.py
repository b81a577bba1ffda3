# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Security review of cx_sla (issue 10), with real users of each group calling as they would
over RPC (``.sudo(user)``: access rights and record rules apply; the context is whatever a
client may send). Calendar Mon-Fri 9-17 UTC (see common.SlaCase); 24 Nov 2025 is a Monday."""
import contextlib
import xmlrpc.client
from datetime import datetime, timedelta

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import mute_logger

from ..models.resource_calendar import DEFER_KEY
from .common import SlaCase


class SecurityCase(SlaCase):
    @classmethod
    def setUpClass(cls):
        super(SecurityCase, cls).setUpClass()
        env = cls.env
        users = env["res.users"].with_context(no_reset_password=True)

        def user(login, *groups):
            return users.create({"name": login, "login": login, "email": "%s@example.com" % login,
                                 "groups_id": [(6, 0, [env.ref(g).id for g in groups])]})

        cls.portal = user("sla_sec_portal", "base.group_portal")
        cls.employee = user("sla_sec_employee", "base.group_user")
        cls.helpdesk = user("sla_sec_helpdesk", "base.group_user", "helpdesk_mgmt.group_helpdesk_user")
        cls.cx_user = user("sla_sec_cx_user", "base.group_user", "cx_experience.group_cx_user")
        cls.cx_manager = user("sla_sec_cx_manager", "base.group_user", "cx_experience.group_cx_manager")
        cls.settings = user("sla_sec_settings", "base.group_user", "base.group_system")

    def refused(self, exception, call, *args, **kwargs):
        """``call`` raises ``exception`` and leaves the database as it was."""
        with self.assertRaises(exception) as caught, self.env.cr.savepoint():
            call(*args, **kwargs)
        self.env["cx.sla.line"].invalidate_cache()  # the whole cache: the savepoint rolled back
        return caught.exception

    def snapshot(self, ticket):
        ticket.invalidate_cache()
        return (ticket.cx_sla_status, ticket.cx_sla_deadline, ticket.cx_sla_policy_id.id,
                sorted((line.id, line.state, line.deadline, line.consumed_seconds, line.reached_date)
                       for line in ticket.cx_sla_line_ids))


class TestContextFlags(SecurityCase):
    """Finding 1: no context key a client sends switches a guard off or moves the clock."""

    def test_now_hook_only_takes_a_real_datetime(self):
        Line = self.Line.sudo(self.helpdesk)
        before = datetime.utcnow().replace(microsecond=0)
        for value in ("2001-01-01 00:00:00", xmlrpc.client.DateTime("20010101T00:00:00"), 0, 978307200,
                      ["2001-01-01"], {"year": 2001}, True, None):
            now = Line.with_context(cx_sla_now=value)._cx_now()
            self.assertIsInstance(now, datetime)
            self.assertGreaterEqual(now, before, value)
            self.assertLessEqual(now, datetime.utcnow() + timedelta(seconds=1), value)
        # Server code (the tests, the demo generator, the escalation cron) still sets the clock.
        self.assertEqual(Line.with_context(cx_sla_now=self.dt(2025, 11, 24, 9))._cx_now(),
                         self.dt(2025, 11, 24, 9))

    def test_string_now_from_a_client_is_ignored(self):
        ticket = self.Ticket.sudo(self.helpdesk).with_context(cx_sla_now="2001-01-01 00:00:00").create(
            {"name": "Clock", "team_id": self.team.id, "partner_id": self.customer.id,
             "stage_id": self.stage_new.id})
        self.assertEqual(len(ticket.cx_sla_line_ids), 3)
        before = datetime.utcnow().replace(microsecond=0)
        # A reply "in 2001" and one "as an XML-RPC date" are both stamped with the real now.
        for value in ("2001-01-01 00:00:00", xmlrpc.client.DateTime("20010101T00:00:00")):
            ticket.sudo(self.helpdesk).with_context(cx_sla_now=value).message_post(
                body="On it", message_type="comment", subtype="mail.mt_comment")
        first = self.line(ticket, "first_response")
        first.invalidate_cache()
        self.assertEqual(first.state, "met")
        reached = datetime.strptime(first.reached_date, "%Y-%m-%d %H:%M:%S")
        self.assertGreaterEqual(reached, before)
        self.assertLessEqual(reached, datetime.utcnow() + timedelta(seconds=1))

    def test_chunk_size_from_a_client_is_ignored(self):
        # A negative chunk made range() empty: the engine skipped the ticket altogether.
        for value in (-1, "2", 0):
            ticket = self.Ticket.sudo(self.helpdesk).with_context(cx_sla_chunk=value).create(
                {"name": "Chunk %s" % value, "team_id": self.team.id, "stage_id": self.stage_new.id})
            self.assertEqual(ticket.cx_sla_policy_id, self.policy)
            self.assertEqual(sorted(ticket.cx_sla_line_ids.mapped("kind")),
                             ["first_response", "resolution", "stage"])


class TestEngineOwnedFields(SecurityCase):
    """Finding 2: the engine's figures are not writable by clients."""

    def breached_ticket(self):
        ticket = self.new_ticket(self.dt(2025, 11, 24, 9), user_id=self.agent.id)
        self.Line._cron_check(now=self.dt(2025, 11, 24, 11, 30))  # first response due 11:00
        self.assertEqual(ticket.cx_sla_status, "breached")
        return ticket

    def test_ticket_sla_fields_refused_to_every_client(self):
        ticket = self.breached_ticket()
        before = self.snapshot(ticket)
        line = self.line(ticket, "first_response")
        for user in (self.agent, self.helpdesk, self.cx_manager):
            for vals in ({"cx_sla_status": "met"}, {"cx_sla_deadline": "2030-01-01 00:00:00"},
                         {"cx_sla_policy_id": False}, {"name": "Renamed", "cx_sla_status": False},
                         {"cx_sla_line_ids": [(1, line.id, {"state": "met"})]},
                         {"cx_sla_line_ids": [(2, line.id)]}, {"cx_sla_escalation_ids": [(5,)]}):
                error = self.refused(AccessError, ticket.sudo(user).write, vals)
                self.assertIn("SLA engine", error.name)
                self.assertEqual(self.snapshot(ticket), before)
        self.assertEqual(ticket.name, "Printer on fire")
        # Nor on create: a new ticket cannot come in as already met.
        self.refused(AccessError, self.Ticket.sudo(self.helpdesk).create,
                     {"name": "Fake", "team_id": self.team.id, "cx_sla_status": "met"})
        self.assertFalse(self.Ticket.search([("name", "=", "Fake")]))
        # An ordinary edit still goes through, and the engine still runs (under sudo).
        ticket.sudo(self.helpdesk).write({"priority": "2", "name": "Renamed"})
        self.assertEqual(self.snapshot(ticket), before)
        self.assertEqual(ticket.name, "Renamed")

    def test_sla_lines_refused_to_every_client(self):
        ticket = self.breached_ticket()
        before = self.snapshot(ticket)
        line = self.line(ticket, "first_response")
        for user in (self.agent, self.helpdesk, self.cx_user, self.cx_manager):
            Line = self.Line.sudo(user)
            self.refused(AccessError, Line.browse(line.id).write, {"state": "met", "breached_date": False})
            self.refused(AccessError, Line.browse(line.id).write, {"deadline": "2030-01-01 00:00:00",
                                                                   "consumed_seconds": 0.0})
            self.refused(AccessError, Line.browse(line.id).unlink)
            self.refused(AccessError, Line.create, {"ticket_id": ticket.id, "kind": "resolution",
                                                    "state": "met"})
            self.assertEqual(self.snapshot(ticket), before)

    def test_escalation_log_refused_to_every_client(self):
        ticket = self.breached_ticket()
        logs = ticket.cx_sla_escalation_ids
        self.assertTrue(logs)
        rows = sorted((g.id, g.escalation_id.id, g.date) for g in logs)
        for user in (self.agent, self.helpdesk, self.cx_user, self.cx_manager):
            Log = self.env["cx.sla.escalation.log"].sudo(user)
            self.refused(AccessError, Log.browse(logs.ids).unlink)
            self.refused(AccessError, Log.browse(logs.ids).write, {"date": "2030-01-01 00:00:00"})
            self.refused(AccessError, Log.create, {"ticket_id": ticket.id, "date": "2025-11-24 12:00:00",
                                                   "escalation_id": self.policy.escalation_ids[2].id})
        ticket.invalidate_cache()
        self.assertEqual(sorted((g.id, g.escalation_id.id, g.date) for g in ticket.cx_sla_escalation_ids),
                         rows)

    def test_digest_lists_only_tickets_the_recipient_may_read(self):
        # The third level warns a "given user": here a CX user outside the helpdesk.
        self.policy.escalation_ids.filtered(lambda e: e.level == 3).user_id = self.cx_user
        self.new_ticket(self.dt(2025, 11, 24, 9), user_id=self.agent.id)
        self.Line._cron_check(now=self.dt(2025, 11, 24, 15, 30))
        mails = self.env["mail.mail"].search([("recipient_ids", "in", self.cx_user.partner_id.ids)])
        self.assertFalse(mails.filtered(lambda m: "Printer on fire" in (m.body_html or "")))


class TestConfigurationChecks(SecurityCase):
    """Finding 3: the parts of a policy's configuration keep it valid, with a message naming it."""

    def assert_names_policy(self, error):
        self.assertIsInstance(error, ValidationError)
        self.assertIn("Team SLA", error.name)

    def test_last_attendances_of_a_policy_calendar_cannot_go(self):
        attendances = self.calendar.attendance_ids
        self.assertEqual(len(attendances), 5)
        error = self.refused(ValidationError, attendances.sudo(self.settings).unlink)
        self.assert_names_policy(error)
        self.assertIn(self.calendar.name, error.name)
        self.assertIn("working hour per week", error.name)
        error = self.refused(ValidationError, self.calendar.sudo(self.settings).write,
                             {"attendance_ids": [(5, 0, 0)]})
        self.assert_names_policy(error)
        error = self.refused(ValidationError, attendances.sudo(self.settings).write, {"hour_to": 9.0})
        self.assert_names_policy(error)
        self.assertEqual(self.calendar.attendance_ids, attendances)
        self.assertEqual(set(attendances.mapped("hour_to")), {17.0})
        # Replacing them in one save is fine (checked at the end of the save), and so is
        # removing some of them.
        self.calendar.sudo(self.settings).write({"attendance_ids": [(5, 0, 0)] + [
            (0, 0, {"name": "d%d" % d, "dayofweek": str(d), "hour_from": 8.0, "hour_to": 16.0})
            for d in range(5)]})
        self.assertEqual(set(self.calendar.attendance_ids.mapped("hour_from")), {8.0})
        self.calendar.attendance_ids[:4].sudo(self.settings).unlink()
        self.assertEqual(len(self.calendar.attendance_ids), 1)

    def test_the_check_cannot_be_deferred_by_a_client(self):
        error = self.refused(ValidationError, self.calendar.attendance_ids.sudo(self.settings).with_context(
            **{DEFER_KEY: True}).unlink)
        self.assert_names_policy(error)

    def test_a_calendar_not_used_by_a_policy_may_be_emptied(self):
        other = self.env["resource.calendar"].create({"name": "Unused by SLA", "attendance_ids": [
            (0, 0, {"name": "Mon", "dayofweek": "0", "hour_from": 9.0, "hour_to": 17.0})]})
        other.attendance_ids.sudo(self.settings).unlink()
        self.assertFalse(other.attendance_ids)

    def test_leaves_that_leave_no_room_for_a_target_are_refused(self):
        # Global leaves (the ones the engine counts) are the administrator's: resource's record
        # rules give employees their own leaves only.
        Leave = self.env["resource.calendar.leaves"]
        now = datetime.utcnow()
        five_years = {"name": "Sabbatical", "calendar_id": self.calendar.id,
                      "date_from": (now - timedelta(days=1)).strftime("%Y-%m-%d 00:00:00"),
                      "date_to": (now + timedelta(days=5 * 365)).strftime("%Y-%m-%d 00:00:00")}
        error = self.refused(ValidationError, Leave.create, five_years)
        self.assert_names_policy(error)
        self.assertIn("three years", error.name)
        self.assertFalse(self.env["resource.calendar.leaves"].search([("name", "=", "Sabbatical")]))
        # A holiday is accepted; stretching it to five years is not.
        holiday = Leave.create(dict(five_years, name="Holiday",
                                    date_to=(now + timedelta(days=2)).strftime("%Y-%m-%d 00:00:00")))
        error = self.refused(ValidationError, holiday.write, {"date_to": five_years["date_to"]})
        self.assert_names_policy(error)
        holiday.invalidate_cache()
        self.assertNotEqual(holiday.date_to, five_years["date_to"])
        # An employee's own leave (of their resource) does not stop the team: accepted.
        resource = self.env["resource.resource"].create({"name": "SLA employee resource",
                                                         "user_id": self.employee.id,
                                                         "calendar_id": self.calendar.id})
        Leave.sudo(self.employee).create(dict(five_years, name="Own leave", resource_id=resource.id))

    def test_impossible_targets_are_refused(self):
        Policy = self.policy.sudo(self.cx_manager)
        targets = self.policy.target_ids
        for hours in (100000.0, 1e8, float("nan"), float("inf"), 0.0, -1.0):
            error = self.refused(ValidationError, Policy.write,
                                 {"target_ids": [(0, 0, {"kind": "resolution", "hours": hours})]})
            self.assert_names_policy(error)
            error = self.refused(ValidationError, targets[0].sudo(self.cx_manager).write, {"hours": hours})
            self.assert_names_policy(error)
        # Within the bound, but more than three years of a 40-hour week hold (about 6,300 hours).
        error = self.refused(ValidationError, targets[0].sudo(self.cx_manager).write, {"hours": 20000.0})
        self.assert_names_policy(error)
        self.assertIn(self.calendar.name, error.name)
        self.policy.invalidate_cache()
        self.assertEqual(self.policy.target_ids, targets)
        self.assertEqual(targets.mapped("hours"), [2.0, 4.0, 8.0])
        # Two years of working hours fit (2 x 52 x 40 = 4,160 h).
        targets[2].sudo(self.cx_manager).write({"hours": 4000.0})
        # Calendar hours: 1e8 h (11,000 years) and 30,000 h (beyond three years) are refused.
        for hours in (1e8, 30000.0):
            error = self.refused(ValidationError, self.env["cx.sla.policy"].sudo(self.cx_manager).create, {
                "name": "Calendar hours", "use_working_hours": False,
                "target_ids": [(0, 0, {"kind": "resolution", "hours": hours})]})
            self.assertIn("Calendar hours", error.name)
        self.assertFalse(self.env["cx.sla.policy"].search([("name", "=", "Calendar hours")]))

    def test_impossible_escalation_delay_is_refused(self):
        level = self.policy.escalation_ids.filtered(lambda e: e.level == 3)
        for delay in (1e8, float("nan"), -1.0):
            error = self.refused(ValidationError, level.sudo(self.cx_manager).write, {"delay_hours": delay})
            self.assert_names_policy(error)
        self.assertEqual(level.delay_hours, 4.0)

    def test_team_calendar_change_is_checked_against_its_policies(self):
        busy = self.env["resource.calendar"].create({
            "name": "Mostly closed", "cx_tz": "UTC",
            "attendance_ids": [(0, 0, {"name": "Mon", "dayofweek": "0", "hour_from": 9.0, "hour_to": 10.0})]})
        # One hour a week: three years hold about 157 hours, the 8 h targets fit...
        self.team.write({"cx_calendar_id": busy.id})
        self.team.write({"cx_calendar_id": self.calendar.id})
        # ... but not a 200 h target.
        self.policy.target_ids[2].write({"hours": 200.0})
        error = self.refused(ValidationError, self.team.write, {"cx_calendar_id": busy.id})
        self.assert_names_policy(error)
        self.assertEqual(self.team.cx_calendar_id, self.calendar)

    def test_engine_places_no_deadline_rather_than_failing_the_save(self):
        # A calendar broken before the checks existed (rows removed by SQL): tickets of the
        # team are still created and edited, without a deadline, and the policy still edits.
        self.env.cr.execute("DELETE FROM resource_calendar_attendance WHERE calendar_id = %s",
                            (self.calendar.id,))
        with mute_logger("odoo.addons.cx_sla.models.cx_sla_line"):
            ticket = self.Ticket.sudo(self.helpdesk).create(
                {"name": "Broken calendar", "team_id": self.team.id, "stage_id": self.stage_new.id})
            ticket.sudo(self.helpdesk).write({"priority": "3"})
            self.policy.sudo(self.cx_manager).write({"sequence": 51, "name": "Team SLA renamed"})
        self.assertEqual(len(ticket.cx_sla_line_ids), 3)
        self.assertEqual(ticket.cx_sla_line_ids.mapped("deadline"), [False] * 3)
        self.assertEqual(ticket.cx_sla_status, "ongoing")

    def test_engine_survives_a_leave_longer_than_its_horizon(self):
        self.env.cr.execute("""INSERT INTO resource_calendar_leaves (name, calendar_id, date_from, date_to)
                               VALUES ('Five years', %s, '2025-01-01', '2030-12-31')""", (self.calendar.id,))
        self.calendar._cx_sla_forget()
        with mute_logger("odoo.addons.cx_sla.models.cx_sla_line"):
            ticket = self.new_ticket(self.dt(2025, 11, 24, 9))
        self.assertEqual(ticket.cx_sla_line_ids.mapped("deadline"), [False] * 3)
        self.assertEqual(ticket.cx_sla_status, "ongoing")


class TestPublicMethods(SecurityCase):
    """Finding 5: the other public entry points check their caller."""

    def test_portal_follower_cannot_answer_for_the_agent(self):
        ticket = self.new_ticket(self.dt(2025, 11, 24, 9), partner_id=self.portal.partner_id.id)
        ticket.message_subscribe(partner_ids=self.portal.partner_id.ids)
        first = self.line(ticket, "first_response")
        # mail.thread takes author_id as given: the portal user names the agent as author. Here
        # Odoo refuses the post itself (the notification needs write access to the ticket); when
        # it does not (a model or an addon that lets followers post), the override must not
        # count it either: a message of the agent's, judged for a portal poster, is no reply.
        with contextlib.suppress(AccessError), self.env.cr.savepoint():
            ticket.sudo(self.portal).with_context(cx_sla_now=self.dt(2025, 11, 24, 9, 30)).message_post(
                body="Solved, says the agent", message_type="comment", subtype="mail.mt_comment",
                author_id=self.agent.partner_id.id)
        first.invalidate_cache()
        self.assertFalse(first.reached_date)
        message = self.env["mail.message"].create({
            "model": ticket._name, "res_id": ticket.id, "body": "Solved", "message_type": "comment",
            "subtype_id": self.env.ref("mail.mt_comment").id, "author_id": self.agent.partner_id.id})
        self.assertFalse(ticket.sudo(self.portal)._cx_is_public_reply(message))
        self.assertTrue(ticket.sudo(self.helpdesk)._cx_is_public_reply(message))
        # The portal chatter posts under sudo with the portal partner as author: no reply either.
        ticket.sudo().with_context(cx_sla_now=self.dt(2025, 11, 24, 9, 40)).message_post(
            body="Any news?", message_type="comment", subtype="mail.mt_comment",
            author_id=self.portal.partner_id.id)
        first.invalidate_cache()
        self.assertFalse(first.reached_date)
        self.assertEqual(first.state, "ongoing")
        # The agent's own public reply does count.
        ticket.sudo(self.helpdesk).with_context(cx_sla_now=self.dt(2025, 11, 24, 10)).message_post(
            body="On it", message_type="comment", subtype="mail.mt_comment")
        first.invalidate_cache()
        self.assertEqual((first.state, first.reached_date), ("met", "2025-11-24 10:00:00"))

    def test_view_tickets_checks_the_caller(self):
        for user in (self.portal, self.employee):
            self.refused(AccessError, self.policy.sudo(user).action_view_tickets)
        action = self.policy.sudo(self.helpdesk).action_view_tickets()
        self.assertEqual(action["domain"], [("cx_sla_policy_id", "=", self.policy.id)])

    def test_xlsx_groupby_is_whitelisted_and_rights_apply(self):
        Xlsx = self.env["report.cx_sla.sla_compliance_xlsx"]
        for groupby in ("team_id; DROP TABLE cx_sla_line", "create_uid", "start_date:month, id"):
            self.refused(UserError, Xlsx.sudo(self.cx_user)._cx_rows, [], groupby)
        rows = self.env["cx.sla.report"].search([], limit=5)
        report = self.env.ref("cx_sla.report_cx_sla_compliance_xlsx")
        for user in (self.portal, self.employee):
            render = report.sudo(user).with_context(active_model="cx.sla.report").render_xlsx
            self.refused(AccessError, render, rows.ids, {})
        self.refused(AccessError, Xlsx.sudo(self.cx_user).generate_xlsx_report, "workbook", {}, rows)
        content, kind = report.sudo(self.cx_user).with_context(active_model="cx.sla.report").render_xlsx(
            rows.ids, {})
        self.assertEqual(kind, "xlsx")
