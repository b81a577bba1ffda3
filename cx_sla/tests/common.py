# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime

from odoo.tests.common import SavepointCase


class SlaCase(SavepointCase):
    """A Mon-Fri 9-17 UTC calendar, a team with a leader, four stages and a policy:
    first response 2 h, reach 'In progress' 4 h, resolution 8 h, pause in 'Waiting',
    at risk at 80 %, three escalation levels."""

    @classmethod
    def setUpClass(cls):
        super(SlaCase, cls).setUpClass()
        env = cls.env
        cls.Ticket = env["helpdesk.ticket"]
        cls.Line = env["cx.sla.line"]
        cls.calendar = env["resource.calendar"].create({
            "name": "SLA test 9-17",
            "cx_tz": "UTC",
            "attendance_ids": [(0, 0, {"name": "d%d" % d, "dayofweek": str(d), "hour_from": 9.0,
                                       "hour_to": 17.0}) for d in range(5)],
        })
        users = env["res.users"].with_context(no_reset_password=True)
        helpdesk_own = env.ref("helpdesk_mgmt.group_helpdesk_user_own")
        cls.agent = users.create({"name": "SLA Agent", "login": "sla_agent", "email": "agent@example.com",
                                  "groups_id": [(6, 0, [helpdesk_own.id])]})
        cls.other_agent = users.create({"name": "SLA Other", "login": "sla_other",
                                        "email": "other@example.com",
                                        "groups_id": [(6, 0, [helpdesk_own.id])]})
        cls.leader = users.create({"name": "SLA Leader", "login": "sla_leader", "email": "leader@example.com",
                                   "groups_id": [(6, 0, [env.ref("helpdesk_mgmt.group_helpdesk_user").id])]})
        cls.manager = users.create({"name": "SLA Manager", "login": "sla_manager",
                                    "email": "manager@example.com",
                                    "groups_id": [(6, 0, [env.ref("helpdesk_mgmt.group_helpdesk_user").id])]})
        cls.team = env["helpdesk.ticket.team"].create({
            "name": "SLA team", "cx_calendar_id": cls.calendar.id, "cx_leader_id": cls.leader.id})
        cls.other_team = env["helpdesk.ticket.team"].create({"name": "Team without SLA"})
        Stage = env["helpdesk.ticket.stage"]
        cls.stage_new = Stage.create({"name": "SLA New", "sequence": 101})
        cls.stage_progress = Stage.create({"name": "SLA In progress", "sequence": 102})
        cls.stage_waiting = Stage.create({"name": "SLA Waiting", "sequence": 103})
        cls.stage_done = Stage.create({"name": "SLA Done", "sequence": 104, "closed": True})
        # Demo policies must not compete with the ones under test.
        env["cx.sla.policy"].search([]).write({"active": False})
        cls.customer = env["res.partner"].create({"name": "SLA Customer", "email": "customer@example.com"})
        cls.policy = env["cx.sla.policy"].create({
            "name": "Team SLA",
            "sequence": 50,
            "team_ids": [(6, 0, cls.team.ids)],
            "pause_stage_ids": [(6, 0, cls.stage_waiting.ids)],
            "target_ids": [
                (0, 0, {"kind": "first_response", "hours": 2.0}),
                (0, 0, {"kind": "stage", "stage_id": cls.stage_progress.id, "hours": 4.0}),
                (0, 0, {"kind": "resolution", "hours": 8.0}),
            ],
            "escalation_ids": [
                (0, 0, {"level": 1, "trigger": "at_risk", "notify": "assignee"}),
                (0, 0, {"level": 2, "trigger": "breached", "notify": "team_leader"}),
                (0, 0, {"level": 3, "trigger": "breached", "delay_hours": 4.0, "notify": "user",
                        "user_id": cls.manager.id, "raise_priority": True}),
            ],
        })

    def new_ticket(self, created, **vals):
        """A ticket of the SLA team created at ``created`` (naive UTC)."""
        values = {"name": "Printer on fire", "team_id": self.team.id, "partner_id": self.customer.id,
                  "stage_id": self.stage_new.id}
        values.update(vals)
        ticket = self.Ticket.with_context(cx_sla_now=created).create(values)
        # The ORM stamps the real time: move the ticket back to ``created`` and rebuild its lines.
        self.env.cr.execute("UPDATE helpdesk_ticket SET create_date = %s WHERE id = %s", (created, ticket.id))
        self.env.cr.execute("DELETE FROM cx_sla_line WHERE ticket_id = %s", (ticket.id,))
        self.Line._cx_sync(ticket.ids, now=created)
        ticket.invalidate_cache()
        return ticket

    def met_and_breached(self, partner=None):
        """Two tickets of Monday 24/11/2025 09:00 (of ``partner``, else the customer):
        A answered after 1 h (met); B breached at 11:00, the check run at 11:30, and
        answered at 12:00 (3 h)."""
        monday = self.dt(2025, 11, 24, 9)
        values = {"partner_id": partner.id} if partner else {}
        met = self.new_ticket(monday, **values)
        late = self.new_ticket(monday, **values)
        met.with_context(cx_sla_now=self.dt(2025, 11, 24, 10)).message_post(
            body="Hi", message_type="comment", subtype="mail.mt_comment")
        self.Line._cron_check(now=self.dt(2025, 11, 24, 11, 30))
        late.with_context(cx_sla_now=self.dt(2025, 11, 24, 12)).message_post(
            body="Sorry", message_type="comment", subtype="mail.mt_comment")
        return met | late

    def line(self, ticket, kind):
        return ticket.cx_sla_line_ids.filtered(lambda l: l.kind == kind)

    @staticmethod
    def dt(*args):
        return datetime(*args)

    @staticmethod
    def s(value):
        """Odoo 11 returns datetimes as strings."""
        return value.strftime("%Y-%m-%d %H:%M:%S") if value else False
