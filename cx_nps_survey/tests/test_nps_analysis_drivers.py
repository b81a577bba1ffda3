# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What drives the score, under the NPS analysis: the driver matrix gathered from the
answers, Johnson's weight and the NPS with and without a driver worked by hand, and
"muestra insuficiente" below the minimum sample."""
import datetime

from odoo import fields

from .common import NpsCase

THREE_DAYS_AGO = datetime.datetime.now() - datetime.timedelta(days=3)


class TestNpsAnalysisDrivers(NpsCase):

    @classmethod
    def setUpClass(cls):
        super(TestNpsAnalysisDrivers, cls).setUpClass()
        cls.built = cls.env["cx.nps.campaign"].create({
            "name": "Drivers campaign", "partner_domain": "[('id', '=', 0)]"})
        tiers = {tier.code: tier for tier in cls.env["cx.tier"].search([])}
        Partner = cls.env["res.partner"]
        Response = cls.env["cx.nps.response"]
        # 10 strategic customers who all answer 10; 20 low-tier ones: 10 answer 0 and
        # 10 answer 8. Nothing else varies (no ticket, bad touchpoint, overdue invoice,
        # and every customer is new).
        cls.answers = Response
        for index in range(30):
            partner = Partner.create({"name": "Driver customer %d" % index,
                                      "customer": True})
            tier, score = ("strategic", 10) if index < 10 else \
                ("low", 0 if index < 20 else 8)
            cls.answers |= Response.create({
                "partner_id": partner.id, "campaign_id": cls.built.id, "score": score,
                "tier_id": tiers[tier].id,
                "date": fields.Datetime.to_string(THREE_DAYS_AGO)})

    def analysis(self):
        return self.env["cx.nps.analysis"].with_context(lang="es_ES", tz="Europe/Madrid")

    def test_one_driver_worked_by_hand(self):
        domain = [("campaign_id", "=", self.built.id)]
        result = self.analysis()._cx_drivers(domain)
        self.assertEqual(result["n"], 30)
        # x = 1 for the 10 strategic customers; y: ten 10, ten 0, ten 8. E[y] = 6,
        # E[x] = 1/3, cov = 100/30 - 2 = 4/3, var x = 2/9, var y = 1640/30 - 36 = 56/3:
        # r^2 = (16/9) / (2/9 * 56/3) = 3/7. A single varying driver's relative
        # weight is its r^2, and so is the R^2 of the regression.
        self.assertAlmostEqual(result["r2"], 3.0 / 7.0, places=6)
        big = next(d for d in result["drivers"] if d["key"] == "big_account")
        self.assertAlmostEqual(big["weight"], 3.0 / 7.0, places=6)
        self.assertLessEqual(big["low"], big["weight"])
        self.assertGreaterEqual(big["high"], big["weight"])
        for driver in result["drivers"]:
            if driver["key"] != "big_account":
                self.assertEqual(driver["weight"], 0.0, driver["key"])
        # with it: ten promoters, NPS +100; without: ten detractors, ten passives, -50
        self.assertEqual((big["with"]["n"], big["with"]["nps"]), (10, 100.0))
        self.assertEqual((big["without"]["n"], big["without"]["nps"]), (20, -50.0))
        self.assertEqual(big["difference"], -150.0)
        self.assertTrue(big["significant"])
        # the same data give the same intervals (fixed seed)
        again = self.analysis()._cx_drivers(domain)
        self.assertEqual([(d["low"], d["high"]) for d in again["drivers"]],
                         [(d["low"], d["high"]) for d in result["drivers"]])
        # on screen, in Spanish: the driver first, its weight and both NPS with margins
        # (with: n' = 13, p' = 10.75/13, d' = 0.75/13, Var = 10000 * 0.292899 / 13,
        # margin 1.96 * 15.01 = 29.4)
        panel = self.analysis().cx_report(domain, ["campaign_id"])["panels"][-1]
        self.assertEqual(panel["title"], "Qué mueve la puntuación")
        first = panel["rows"][0]
        self.assertEqual(first[0], "Cliente estratégico o de valor alto")
        self.assertTrue(first[1].startswith("42,9 %"), first[1])
        self.assertEqual(first[2], "+100,0 ± 29,4 (10)")
        self.assertTrue(first[3].startswith("-50,0 ± "), first[3])
        self.assertEqual(first[4], "-150,0, significativa")

    def test_insufficient_sample(self):
        domain = [("campaign_id", "=", self.built.id), ("id", "!=", self.answers[0].id)]
        panel = self.analysis().cx_report(domain, ["campaign_id"])["panels"][-1]
        self.assertEqual(panel["rows"], [])
        self.assertTrue(panel["note"].startswith("Muestra insuficiente: 29 clientes"),
                        panel["note"])

    def test_a_cx_user_reads_its_own_customers_only(self):
        # none of the 30 customers is the account manager's: nothing to analyse
        result = self.env["cx.nps.analysis"].sudo(self.manager)._cx_drivers(
            [("campaign_id", "=", self.built.id)])
        self.assertEqual((result["n"], result["insufficient"]), (0, True))
