# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The helpdesk's drivers of the NPS key-driver analysis: a first response slower than
8 SLA hours and more than 2 tickets in the 90 days before the answer, on tickets and SLA
lines built for 30 customers, and the NPS with and without each worked out by hand."""
import datetime

from odoo import fields
from odoo.tests.common import SavepointCase

from ..domain import drivers as cuts

NOW = datetime.datetime.now().replace(microsecond=0)


def ago(days):
    return fields.Datetime.to_string(NOW - datetime.timedelta(days=days))


class TestSlaDrivers(SavepointCase):

    @classmethod
    def setUpClass(cls):
        super(TestSlaDrivers, cls).setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.campaign = cls.env["cx.nps.campaign"].create({
            "name": "SLA drivers campaign", "partner_domain": "[('id', '=', 0)]"})
        Partner = cls.env["res.partner"]
        cls.customers = Partner.browse()
        # groups of 5 customers: (score, tickets as (created days ago, first response
        # reached days ago or None, its SLA hours)); every answer is 3 days old
        slow = [(20, 19, 10.0)]
        groups = [
            (0, slow), (0, slow),                                 # slow first response
            (10, [(20, 19, 2.0)]),                                # a fast one
            (5, [(10, None, 0), (30, None, 0), (60, None, 0)]),   # 3 tickets: many
            (10, [(10, None, 0), (60, None, 0), (100, None, 0)]),  # 2 in the window
            (9, [(121, 120, 10.0), (1, 1, 12.0), (2, 1, 8.0)]),   # slow: too old, after
        ]                                                         # the answer; 8 h: not
        cls.flags = {}
        for group, (score, tickets) in enumerate(groups):
            for index in range(5):
                customer = Partner.create({"name": "SLA driver customer %d-%d" % (
                    group, index), "customer": True, "is_company": True})
                contact = Partner.create({"name": "Its contact %d-%d" % (group, index),
                                          "parent_id": customer.id})
                cls.customers |= customer
                for created, reached, hours in tickets:
                    cls._ticket(contact, created, reached, hours)
                cls.env["cx.nps.response"].create({
                    "partner_id": customer.id, "campaign_id": cls.campaign.id,
                    "score": score, "date": ago(3)})
        cls.domain = [("campaign_id", "=", cls.campaign.id)]

    @classmethod
    def _ticket(cls, partner, created, reached, hours):
        """A ticket created ``created`` days ago, its only SLA line a first response
        reached ``reached`` days ago in ``hours`` SLA hours (None: no SLA line)."""
        ticket = cls.env["helpdesk.ticket"].create({
            "name": "Driver ticket", "description": "x", "partner_id": partner.id})
        cr = cls.env.cr
        cr.execute("DELETE FROM cx_sla_line WHERE ticket_id = %s", (ticket.id,))
        cr.execute("UPDATE helpdesk_ticket SET create_date = %s, cx_sla_status = NULL "
                   "WHERE id = %s", (ago(created), ticket.id))
        if reached is not None:
            cr.execute("""
                INSERT INTO cx_sla_line (ticket_id, kind, state, start_date, reached_date,
                                         work_hours)
                VALUES (%s, 'first_response', 'met', %s, %s, %s)""",
                       (ticket.id, ago(created), ago(reached), hours))

    def analysis(self):
        return self.env["cx.nps.analysis"].with_context(lang="es_ES", tz="Europe/Madrid")

    def driver(self, result, key):
        return next(d for d in result["drivers"] if d["key"] == key)

    def test_the_cuts(self):
        self.assertEqual((cuts.SLOW_FIRST_RESPONSE_HOURS, cuts.MANY_TICKETS), (8, 2))

    def test_flags_per_customer(self):
        keys, _labels, scores, flags = self.analysis()._cx_driver_matrix(self.domain)
        slow = [row[keys.index("slow_first_response")] for row in flags]
        many = [row[keys.index("many_tickets")] for row in flags]
        by_score = sorted(zip(scores, slow, many))
        # the 10 zeros have a slow first response; the 5 fives have 3 tickets in the
        # window; the 10 tens (a fast response; 2 tickets in the window) and the 5
        # nines (a slow response 120 days ago, one after the answer, one of 8 h) none
        self.assertEqual(by_score, [(0, True, False)] * 10 + [(5, False, True)] * 5 +
                         [(9, False, False)] * 5 + [(10, False, False)] * 10)

    def test_nps_with_and_without_worked_by_hand(self):
        result = self.analysis()._cx_drivers(self.domain)
        self.assertEqual(result["n"], 30)
        slow = self.driver(result, "slow_first_response")
        # with: 10 detractors, -100; without: 20 = 15 promoters (tens, nines) and 5
        # detractors (fives): (15 - 5) / 20 = +50; without minus with +150
        self.assertEqual((slow["with"]["n"], slow["with"]["nps"]), (10, -100.0))
        self.assertEqual((slow["without"]["n"], slow["without"]["nps"]), (20, 50.0))
        self.assertEqual(slow["difference"], 150.0)
        self.assertTrue(slow["significant"])
        many = self.driver(result, "many_tickets")
        # with: 5 detractors, -100; without: 25 = 15 promoters, 10 detractors: +20
        self.assertEqual((many["with"]["n"], many["with"]["nps"]), (5, -100.0))
        self.assertEqual((many["without"]["n"], many["without"]["nps"]), (25, 20.0))
        self.assertEqual(many["difference"], 120.0)
        # on screen, in Spanish
        panel = self.analysis().cx_report(self.domain, ["campaign_id"])["panels"][-1]
        labels = [row[0] for row in panel["rows"]]
        self.assertIn("Una primera respuesta de más de 8 horas de ANS en los 90 días "
                      "anteriores", labels)
        self.assertIn("Más de 2 tickets de soporte en los 90 días anteriores", labels)
