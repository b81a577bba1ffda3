# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The SLA outcomes of a customer's tickets in the satisfaction index of cx_experience
(models/res_partner_signals.py). Hand-worked values in the comments (half-life 180)."""
import datetime
import json

from odoo import fields
from odoo.tests.common import SavepointCase


class TestSatisfactionSignal(SavepointCase):
    def test_met_and_breached_tickets(self):
        now = fields.Datetime.from_string(fields.Datetime.now())
        customer = self.env["res.partner"].create({"name": "SLA index customer",
                                                   "customer": True, "is_company": True})
        contact = self.env["res.partner"].create({"name": "Its contact",
                                                  "parent_id": customer.id})
        Ticket = self.env["helpdesk.ticket"]
        outcomes = (("met", 0), ("breached", 180), ("ongoing", 0))
        for state, days in outcomes:
            ticket = Ticket.create({"name": "Ticket %s" % state, "description": "x",
                                    "partner_id": contact.id})
            # the engine's outcome, as the SLA lines leave it
            self.env.cr.execute(
                "UPDATE helpdesk_ticket SET cx_sla_status = %s, closed_date = %s WHERE id = %s",
                (state, fields.Datetime.to_string(now - datetime.timedelta(days=days)),
                 ticket.id))
        self.env["res.partner"]._cx_recompute_satisfaction(
            customer.ids, now=fields.Datetime.to_string(now))
        # met today 100 x 1, breached 180 days ago 0 x 0.5, the ongoing one not yet an
        # outcome: 100 / 1.5 = 66.67 -> 66.7, alone: estimated (no NPS answer)
        self.assertEqual(json.loads(customer.cx_satisfaction_components), {"sla": 66.7})
        self.assertEqual((customer.cx_satisfaction_index, customer.cx_satisfaction_estimated),
                         (66.7, True))
