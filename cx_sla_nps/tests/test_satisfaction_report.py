# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Satisfaction against service (the bridge's report), checked against hand-worked values.

Calendar Mon-Fri 9-17 UTC (cx_sla's SlaCase); 24 Nov 2025 is a Monday. Ticket A is
answered after 1 h (met), ticket B breached at 11:00 and answered at 12:00 (3 h): first
response met 1 of 2 (50 %), 2 h on average. The customer's NPS answers: 10, 9, 7, 3 ->
2 promoters, 1 passive, 1 detractor of 4 -> NPS = (2 - 1) / 4 * 100 = 25.
"""
from odoo.exceptions import AccessError

from odoo.addons.cx_sla.tests.common import SlaCase


class TestSatisfactionReport(SlaCase):
    @classmethod
    def setUpClass(cls):
        super(TestSatisfactionReport, cls).setUpClass()
        users = cls.env["res.users"].with_context(no_reset_password=True)
        cls.cx_user = users.create({
            "name": "Bridge CX", "login": "bridge_cx", "email": "bcx@example.com",
            "groups_id": [(6, 0, [cls.env.ref("cx_experience.group_cx_user").id])]})
        cls.employee = users.create({
            "name": "Bridge employee", "login": "bridge_emp", "email": "be@example.com",
            "groups_id": [(6, 0, [cls.env.ref("base.group_user").id])]})
        # a CX user reads the rows of its own customers (the report's record rule)
        cls.customer.user_id = cls.cx_user
        cls.other_cx_user = users.create({
            "name": "Bridge other CX", "login": "bridge_cx2", "email": "bcx2@example.com",
            "groups_id": [(6, 0, [cls.env.ref("cx_experience.group_cx_user").id])]})
        cls.silent = cls.env["res.partner"].create({"name": "Never answered"})
        cls.contact = cls.env["res.partner"].create(
            {"name": "Contact of the customer", "parent_id": cls.customer.id})

    def _answers(self, partner, scores):
        for score in scores:
            self.env["cx.nps.response"].create({"partner_id": partner.id, "score": score})

    def row(self, partner):
        return self.env["cx.sla.satisfaction.report"].search([("partner_id", "=", partner.id)])

    def test_service_satisfaction_and_nps_of_a_customer(self):
        self.met_and_breached()
        # One answer of the customer itself, three of its contact: all count for the
        # commercial entity.
        self._answers(self.customer, [10])
        self._answers(self.contact, [9, 7, 3])
        # The answers and the SLA move the index; an index as the engine stores it.
        self.customer._cx_engine_write({"cx_has_satisfaction": True,
                                        "cx_satisfaction_index": 72.0})
        row = self.row(self.customer)
        self.assertEqual(row.ticket_count, 2)
        self.assertEqual((row.met_count, row.breached_count), (1, 1))
        self.assertAlmostEqual(row.first_response_hours, 2.0)
        self.assertAlmostEqual(row.satisfaction_index, 72.0)
        self.assertTrue(row.satisfaction_measured)
        self.assertEqual(row.nps_count, 4)
        self.assertAlmostEqual(row.nps, 25.0)

    def test_no_answers_is_empty_not_zero(self):
        self.met_and_breached(self.silent)
        row = self.row(self.silent)
        self.assertEqual((row.ticket_count, row.nps_count), (2, 0))
        self.assertFalse(row.satisfaction_measured)
        self.env.cr.execute("SELECT nps, satisfaction_index FROM cx_sla_satisfaction_report"
                            " WHERE partner_id = %s", (self.silent.id,))
        self.assertEqual(self.env.cr.fetchone(), (None, None))

    def test_all_detractors(self):
        self.met_and_breached()
        self._answers(self.customer, [0, 6])
        self.assertAlmostEqual(self.row(self.customer).nps, -100.0)

    def test_drill_down_lists_the_customer_targets(self):
        tickets = self.met_and_breached()
        row = self.row(self.customer).sudo(self.cx_user)
        action = row.action_open_targets()
        self.assertEqual(action["res_model"], "cx.sla.report")
        self.assertEqual(action["views"][0][1], "tree")
        lines = self.env["cx.sla.report"].sudo(self.cx_user).search(action["domain"])
        # three targets per ticket (first response, stage, resolution)
        self.assertEqual(sorted(set(lines.mapped("ticket_id").ids)), sorted(tickets.ids))
        self.assertEqual(len(lines), 6)

    def test_readers(self):
        self.met_and_breached()
        View = self.env["cx.sla.satisfaction.report"]
        self.assertTrue(View.sudo(self.cx_user).search([("partner_id", "=", self.customer.id)]))
        # another CX user does not see somebody else's customer
        self.assertFalse(View.sudo(self.other_cx_user).search(
            [("partner_id", "=", self.customer.id)]))
        with self.assertRaises(AccessError):
            View.sudo(self.employee).search([])
        with self.assertRaises(AccessError):
            self.row(self.customer).sudo(self.employee).action_open_targets()

    def test_the_menu_opens_a_window_action(self):
        # No view rebuilt at a user's request: the menu opens a plain window action.
        menu = self.env.ref("cx_sla_nps.menu_cx_sla_satisfaction")
        self.assertEqual(menu.action, self.env.ref("cx_sla_nps.action_cx_sla_satisfaction_report"))
