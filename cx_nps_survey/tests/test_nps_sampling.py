# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Stratified samples of NPS campaigns, on the database: the plan of the preview, the
draw of the dispatch, and the weighted figures of the statistics.

80 customers: 60 strategic, 20 low, all in service. History (30 days ago, in another
campaign): 40 strategic customers invited, 10 answered, all 10 (promoters); 40 low
invited... of the 20 low customers, each twice, 20 answered 0 (detractors). So the
past response rates are 25 % and 50 % and every expected value below is worked by hand.
"""
import datetime

from odoo.exceptions import AccessError
from odoo.tests.common import SavepointCase

from ..domain import nps


class TestNpsSampling(SavepointCase):

    @classmethod
    def setUpClass(cls):
        super(TestNpsSampling, cls).setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cr = cls.env.cr
        cls.env["cx.nps.campaign"].search([]).write({"state": "done"})
        # no other history: the plan reads this test's invitations and answers only
        cr.execute("DELETE FROM cx_nps_response")
        cr.execute("DELETE FROM survey_user_input WHERE cx_nps_campaign_id IS NOT NULL")
        Tier, Stage = cls.env["cx.tier"], cls.env["cx.lifecycle.stage"]
        cls.strategic = Tier.search([("code", "=", "strategic")])
        cls.low = Tier.search([("code", "=", "low")])
        cls.service = Stage.search([("code", "=", "service")])
        Partner = cls.env["res.partner"]
        cls.strategic_customers = Partner.browse()
        cls.low_customers = Partner.browse()
        for index in range(80):
            partner = Partner.create({
                "name": "Stratum customer %d" % index, "customer": True,
                "email": "stratum%d@example.com" % index})
            tier = cls.strategic if index < 60 else cls.low
            cr.execute("UPDATE res_partner SET cx_tier_id = %s, cx_stage_id = %s "
                       "WHERE id = %s", (tier.id, cls.service.id, partner.id))
            if index < 60:
                cls.strategic_customers |= partner
            else:
                cls.low_customers |= partner
        Partner.invalidate_cache()
        cls.ids = (cls.strategic_customers | cls.low_customers).ids
        cls.old = cls.env["cx.nps.campaign"].create({
            "name": "Last year", "partner_domain": "[('id', 'in', %s)]" % cls.ids})
        month_ago = datetime.datetime.now() - datetime.timedelta(days=30)
        history = list(cls.strategic_customers[:40]) + list(cls.low_customers) * 2
        invitations = cls.old._create_invitations([p.id for p in history], now=month_ago)
        answered = list(invitations[:10]) + list(invitations[40:60])
        for invitation in answered:
            score = 10 if invitation.partner_id in cls.strategic_customers else 0
            cr.execute("""
                INSERT INTO cx_nps_response (partner_id, campaign_id, user_input_id, score,
                    category, nps_value, date, channel, company_id, tier_id, stage_id)
                VALUES (%s, %s, %s, %s, %s, %s, %s, 'manual', %s, %s, %s)
            """, (invitation.partner_id.id, cls.old.id, invitation.id, score,
                  nps.category(score), nps.CATEGORY_VALUE[nps.category(score)],
                  month_ago, cls.env.user.company_id.id,
                  invitation.partner_id.cx_tier_id.id, cls.service.id))
        # the history's invitations do not hold anybody back (global gap)
        cr.execute("UPDATE res_partner SET cx_nps_last_invited = NULL WHERE id = ANY(%s)",
                   (cls.ids,))
        Partner.invalidate_cache()
        cls.campaign = cls.env["cx.nps.campaign"].create({
            "name": "Stratified", "partner_domain": "[('id', 'in', %s)]" % cls.ids,
            "window_days": 1, "sample_percent": 50, "sample_strata": "tier",
            "sample_allocation": "proportional"})

    def plan(self):
        return {line.tier_id: line for line in self.campaign.stratum_ids}

    def test_proportional_plan(self):
        # 80 eligible, 50 % -> 40 invitations. Answers in proportion to the customers
        # (60 : 20), invitations = answers / past rate: 60 / 0.25 = 240 and
        # 20 / 0.5 = 40 -> 40 x 240/280 = 34.29 and 5.71 -> 34 and 6 (largest
        # remainder). Expected answers 34 x 0.25 = 8.5 and 6 x 0.5 = 3.
        self.campaign.action_preview_audience()
        plan = self.plan()
        self.assertEqual(len(plan), 2)
        strategic, low = plan[self.strategic], plan[self.low]
        self.assertEqual((strategic.population, strategic.eligible, strategic.planned),
                         (60, 60, 34))
        self.assertEqual((low.population, low.eligible, low.planned), (20, 20, 6))
        self.assertAlmostEqual(strategic.response_rate, 25.0)
        self.assertAlmostEqual(low.response_rate, 50.0)
        self.assertAlmostEqual(strategic.expected_answers, 8.5)
        self.assertAlmostEqual(low.expected_answers, 3.0)
        self.assertAlmostEqual(strategic.fraction, 100.0 * 34 / 60)
        self.assertEqual(strategic.name, self.strategic.name)
        self.assertTrue(strategic.expected_margin_text.startswith("±"))

    def test_margin_plan(self):
        # +/- 20 points. Strategic: 10 promoters of 10 -> adjusted-Wald p' = 10.75/13,
        # d' = 0.75/13, q = 0.884615 - 0.769231^2 = 0.292899; K = 1.96^2 x 10^4 x q /
        # 20^2 = 28.130; n = (60 K - 3 x 59) / (K + 59) = 17.34 -> 18 answers, / 0.25 =
        # 72 invitations, only 60 eligible -> 60. Low: 20 detractors of 20 ->
        # q = 0.178639, K = 17.156, n = (20 K - 57) / (K + 19) = 7.91 -> 8, / 0.5 = 16.
        self.campaign.write({"sample_allocation": "margin", "sample_margin": 20.0})
        self.campaign.action_preview_audience()
        plan = self.plan()
        self.assertEqual(plan[self.strategic].planned, 60)
        self.assertEqual(plan[self.low].planned, 16)
        # the low stratum expects 8 answers: margin 1.96 x 100 x sqrt(q / 11 x 12 / 19)
        # = 196 x sqrt(0.178639 / 11 x 0.631579) = 196 x 0.101276 = 19.85
        self.assertAlmostEqual(plan[self.low].expected_margin, 19.85, places=2)

    def test_draw_is_stable_and_follows_the_plan(self):
        self.campaign.action_schedule()
        drawn = self.campaign._eligible_partner_ids()
        self.assertEqual(drawn, self.campaign._eligible_partner_ids())
        # each customer is drawn by the hash of the campaign and the stratum's share
        plan = self.plan()
        salt = "%s:%s" % (self.campaign.id, "")
        expected = [p.id for p in self.strategic_customers | self.low_customers
                    if nps.in_sample(p.id, salt, plan[p.cx_tier_id].fraction)]
        self.assertEqual(sorted(drawn), sorted(expected))
        self.assertTrue(0 < len(drawn) < 80)

    def test_dispatch_keeps_the_daily_cap_and_the_opt_outs(self):
        self.campaign.write({"daily_cap": 5})
        self.campaign.action_schedule()
        self.strategic_customers[:30].write({"cx_nps_opt_out": True})
        invitations = self.campaign._dispatch_round()
        self.assertEqual(len(invitations), 5)
        self.assertFalse(invitations.mapped("partner_id") & self.strategic_customers[:30])
        self.assertEqual(len(self.campaign._dispatch_round()), 0)
        # the round's plan was made when it opened, with the opt-outs left out
        self.assertEqual(self.plan()[self.strategic].eligible, 30)

    def test_changing_the_strata_drops_the_plan(self):
        self.campaign.action_preview_audience()
        self.assertTrue(self.campaign.stratum_ids)
        self.campaign.sample_strata = "tier_stage"
        self.assertFalse(self.campaign.stratum_ids)

    def test_only_managers_preview(self):
        user = self.env["res.users"].create({
            "name": "CX user sampling", "login": "cx_user_sampling@example.com",
            "groups_id": [(6, 0, [self.env.ref("cx_experience.group_cx_user").id])]})
        with self.assertRaises(AccessError):
            self.campaign.sudo(user).action_preview_audience()
        with self.assertRaises(AccessError):
            self.env["cx.nps.campaign.stratum"].sudo(user).create(
                {"campaign_id": self.campaign.id, "fraction": 100.0})

    def test_weighted_statistics_of_the_history(self):
        # the history as statistics of the old campaign: 10 promoters (strategic) and
        # 20 detractors (low): plain NPS (10 - 20) / 30 = -33.3. The base holds these
        # 80 customers and the demo's, in cells nobody of this campaign answered in:
        # too thin for cells, so raked. One stage answered: the tiers' totals decide,
        # the weighted NPS is 100 x (S - L) / (S + L), S and L the strategic and low
        # customers of the base (counted here with the ORM), untrimmed.
        row = self.env["cx.nps.response"]._cx_nps_stats(
            [("campaign_id", "=", self.old.id)], "campaign")[0]
        self.assertAlmostEqual(row["nps"], -100.0 / 3)
        Partner = self.env["res.partner"]
        base = [("customer", "=", True), ("parent_id", "=", False)]
        strategic = Partner.search_count(base + [("cx_tier_id", "=", self.strategic.id)])
        low = Partner.search_count(base + [("cx_tier_id", "=", self.low.id)])
        self.assertAlmostEqual(row["weighted_nps"], 100.0 * (strategic - low) / (strategic + low))
        self.assertEqual(row["weighting"], "raking")
        self.assertEqual(row["trimmed"], 0)
        self.assertEqual(row["invitations"], 80)
        # response rates 10/40 and 20/40 over the current strata of the invitations
        rates = {(s["tier_id"], s["stage_id"]): s["response_rate"] for s in row["strata"]}
        self.assertEqual(rates[(self.strategic.id, self.service.id)], 25.0)
        self.assertEqual(rates[(self.low.id, self.service.id)], 50.0)
        # rates 25 % and 50 % on 40 invitations each: mean 37.5, S = 12.5 points,
        # CV 33.3 %, R-indicator 1 - 2 x 0.125 = 75 %
        self.assertAlmostEqual(row["response_rate_cv"], 100.0 / 3)
        self.assertAlmostEqual(row["representativeness"], 75.0)
        # the campaign form reads the same figures, in the reader's formats
        old = self.old.with_context(lang="en_US")
        self.assertTrue(old.weighted_nps_text.startswith("%.1f ± " % row["weighted_nps"]),
                        old.weighted_nps_text)
        self.assertEqual(old.representativeness_text, "75 / 100 (response rates vary 33 %)")
        spanish = self.old.with_context(lang="es_ES")
        self.assertTrue(spanish.weighted_nps_text.startswith(
            ("%.1f ± " % row["weighted_nps"]).replace(".", ",")), spanish.weighted_nps_text)
        self.assertIn("efecto de diseño", spanish.weighted_nps_text)
        campaign = self.campaign.with_context(lang="es_ES")
        self.assertEqual(campaign.weighted_nps_text, "sin datos")
        self.assertEqual(campaign.representativeness_text, "sin datos")
