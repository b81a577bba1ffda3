# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The survey after a closed ticket: fired by the bridge, never by cx_sla itself.
Calendar Mon-Fri 9-17 UTC (cx_sla's SlaCase); 24 Nov 2025 is a Monday."""
from odoo.addons.cx_nps_survey.domain.triggers import TRIGGER_TICKET_CLOSED
from odoo.addons.cx_sla.tests.common import SlaCase


class TestTicketClosedTrigger(SlaCase):
    @classmethod
    def setUpClass(cls):
        super(TestTicketClosedTrigger, cls).setUpClass()
        cls.helpdesk = cls.env["res.users"].with_context(no_reset_password=True).create({
            "name": "Bridge agent", "login": "bridge_helpdesk", "email": "bh@example.com",
            "groups_id": [(6, 0, [cls.env.ref("base.group_user").id,
                                  cls.env.ref("helpdesk_mgmt.group_helpdesk_user").id])]})
        Campaign = cls.env["cx.nps.campaign"]
        Campaign.search([]).write({"state": "done"})  # the demo campaigns stay out
        cls.campaign = Campaign.create({
            "name": "After ticket (bridge)", "kind": "transactional",
            "trigger": TRIGGER_TICKET_CLOSED,
            "partner_domain": "[('id', '=', %d)]" % cls.customer.id})
        cls.campaign.action_schedule()

    def invitations(self):
        return self.env["survey.user_input"].search_count(
            [("partner_id", "=", self.customer.id),
             ("cx_nps_campaign_id", "=", self.campaign.id)])

    def test_closing_a_ticket_invites_the_customer_once(self):
        ticket = self.new_ticket(self.dt(2025, 11, 24, 9))
        self.assertEqual(self.invitations(), 0)
        ticket.sudo(self.helpdesk).write({"stage_id": self.stage_progress.id})
        self.assertEqual(self.invitations(), 0)  # not closed yet
        ticket.sudo(self.helpdesk).write({"stage_id": self.stage_done.id})
        self.assertEqual(self.invitations(), 1)
        # Written again in a closed stage: it was not open, so no second survey.
        ticket.sudo(self.helpdesk).write({"stage_id": self.stage_done.id})
        self.assertEqual(self.invitations(), 1)

    def test_no_nps_flag_from_a_client_still_sends_the_invitation(self):
        ticket = self.new_ticket(self.dt(2025, 11, 24, 9))
        ticket.sudo(self.helpdesk).with_context(cx_sla_no_nps=True).write(
            {"stage_id": self.stage_done.id})
        self.assertEqual(self.invitations(), 1)

    def test_demo_generator_leaves_the_survey_out_by_a_private_argument(self):
        ticket = self.new_ticket(self.dt(2025, 11, 24, 9))
        self.Ticket._cx_demo_move(ticket, self.stage_done, self.dt(2025, 11, 24, 12))
        self.assertEqual(self.invitations(), 0)
        # The rest of a closing happens: resolution met at 12:00 (3 working hours),
        # the timeline logged.
        resolution = self.line(ticket, "resolution")
        self.assertEqual((resolution.state, resolution.reached_date),
                         ("met", "2025-11-24 12:00:00"))
        self.assertAlmostEqual(resolution.work_hours, 3.0)
        self.assertEqual(self.env["cx.interaction"].search_count(
            [("res_model", "=", "helpdesk.ticket"), ("res_id", "=", ticket.id)]), 1)

    def test_cx_sla_fires_no_campaign_itself(self):
        # cx_sla's closing hook knows no survey: its source names neither the trigger
        # nor the NPS models (the bridge extends the hook).
        import inspect

        from odoo.addons.cx_sla.models import helpdesk_ticket
        source = inspect.getsource(helpdesk_ticket)
        self.assertNotIn("ticket_closed", source)
        self.assertNotIn("cx.nps", source)
