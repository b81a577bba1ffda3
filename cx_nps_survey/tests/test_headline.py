# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The NPS headline figures against hand-worked cases and independent SQL counts."""
import datetime

from odoo import fields
from odoo.tests.common import SavepointCase

from ..domain import nps

D = datetime.date


class TestNpsHeadline(SavepointCase):
    @classmethod
    def setUpClass(cls):
        super(TestNpsHeadline, cls).setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True, tz="UTC"))
        cls.Headline = cls.env["cx.headline"]
        Response = cls.env["cx.nps.response"]
        partners = cls.env["res.partner"].browse()
        for index in range(9):
            partners |= cls.env["res.partner"].create({
                "name": "Headline NPS %d" % index, "customer": True, "is_company": True})
        # March 2019: 9, 10, 9 (promoters), 8 (passive), 3 (detractor)
        for partner, score, day in zip(partners, (9, 10, 9, 8, 3),
                                       ("03-01", "03-10", "03-15", "03-20", "03-31")):
            Response.create({"partner_id": partner.id, "score": score,
                             "date": "2019-%s 12:00:00" % day})
        # the 31 days before (29 Jan - 28 Feb 2019): 10 (promoter), 0, 4, 6 (detractors)
        for partner, score, day in zip(partners[5:], (10, 0, 4, 6),
                                       ("01-29", "02-01", "02-14", "02-28")):
            Response.create({"partner_id": partner.id, "score": score,
                             "date": "2019-%s 12:00:00" % day})
        # 28 Jan: outside both periods
        Response.create({"partner_id": partners[0].id, "score": 0,
                         "date": "2019-01-28 12:00:00"})

    def figures(self, date_from=D(2019, 3, 1), date_to=D(2019, 3, 31)):
        return {f["code"]: f for f in self.Headline._cx_headline_figures(date_from, date_to)}

    def test_nps_margin_and_significance_worked_by_hand(self):
        nps = self.figures()["nps"]
        # (3 - 1) / 5 = 40 points.
        self.assertAlmostEqual(nps["value"], 40.0)
        # Adjusted Wald: n = 5 + 3, p = 3.75 / 8, d = 1.75 / 8,
        # var = 100^2 (0.6875 - 0.0625) / 8 = 781.25, margin = 1.96 * 27.9508 = 54.78
        self.assertAlmostEqual(nps["margin"], 54.78, places=2)
        # before: (1 - 3) / 4 = -50; var = 100^2 (0.785714 - 0.081633) / 7 = 1005.83;
        # z = 90 / sqrt(781.25 + 1005.83) = 2.13 > 1.96: significant
        self.assertAlmostEqual(nps["previous"], -50.0)
        self.assertIs(nps["significant"], True)
        self.assertEqual(nps["unit"], "pts")
        self.assertEqual(nps["trend"], "up")

    def test_no_answers_is_empty_not_zero(self):
        self.env["ir.config_parameter"].sudo().set_param("cx_experience.target_nps", "30")
        figures = self.figures(D(2018, 3, 1), D(2018, 3, 31))
        for code in ("nps", "nps_response_rate"):
            figure = figures[code]
            self.assertIsNone(figure["value"], code)
            self.assertIsNone(figure["margin"], code)
            self.assertIsNone(figure["status"], code)
        self.assertIsNone(figures["nps"]["significant"])
        self.assertEqual(figures["nps"]["target"], 30.0)

    def test_response_rate_without_invitations_is_empty(self):
        # the answers above were typed in: no invitation was sent in March 2019
        self.assertIsNone(self.figures()["nps_response_rate"]["value"])

    def test_drill_down_lists_the_answers_of_the_period(self):
        action = self.figures()["nps"]["action"]
        period = action["context"]["search_default_cx_period"]
        listed = self.env["cx.nps.response"].search(action["domain"] + [
            ("cx_period", "=", period)])
        self.assertEqual(sorted(listed.mapped("score")), [3, 8, 9, 9, 10])

    def test_followups_against_sql(self):
        today = fields.Date.context_today(self.Headline)
        self.env.cr.execute("""
            SELECT count(*), count(*) FILTER (WHERE followup_deadline < %s)
              FROM cx_nps_response WHERE followup_state = 'open'""", (today,))
        backlog, overdue = self.env.cr.fetchone()
        figures = self.figures()
        self.assertEqual(figures["followup_backlog"]["value"], backlog)
        self.assertEqual(figures["followup_overdue"]["value"], overdue)
        self.assertEqual(figures["followup_overdue"]["action"]["context"],
                         {"search_default_followup_overdue": 1})

    def test_trend_chart_has_twelve_months_and_a_band(self):
        charts = self.Headline._cx_dashboard_charts(D(2019, 3, 1), D(2019, 3, 31))
        chart = next(c for c in charts if c["code"] == "nps_trend")
        self.assertEqual(len(chart["points"]), 12)
        march = chart["points"][-1]
        self.assertEqual(march["key"], "2019-03-01")
        self.assertAlmostEqual(march["value"], 40.0)
        self.assertLess(march["low"], 40.0)
        self.assertGreater(march["high"], 40.0)
        # April 2018: no answer at all: no point, not 0
        self.assertIsNone(chart["points"][0]["value"])


class TestWeightedNpsHeadline(SavepointCase):
    """The NPS weighted to the customer base, on a base this test sets: 40 customers,
    30 strategic and 10 low, all in service. March 2017: 20 strategic invited, 6
    answered (4 promoters, 1 passive, 1 detractor); 10 low invited, 5 answered (1
    promoter, 1 passive, 3 detractors). Nothing in February 2017."""

    @classmethod
    def setUpClass(cls):
        super(TestWeightedNpsHeadline, cls).setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True, tz="UTC"))
        cr = cls.env.cr
        cls.env["cx.nps.campaign"].search([]).write({"state": "done"})
        # the base of this test only: no other customer, no other answer or invitation
        cr.execute("DELETE FROM cx_nps_response")
        cr.execute("DELETE FROM survey_user_input WHERE cx_nps_campaign_id IS NOT NULL")
        cr.execute("UPDATE res_partner SET customer = false WHERE customer")
        Tier, Stage = cls.env["cx.tier"], cls.env["cx.lifecycle.stage"]
        strategic = Tier.search([("code", "=", "strategic")])
        low = Tier.search([("code", "=", "low")])
        service = Stage.search([("code", "=", "service")])
        Partner = cls.env["res.partner"]
        partners = Partner.browse()
        for index in range(40):
            partner = Partner.create({
                "name": "Weighted customer %d" % index, "customer": True,
                "is_company": True, "email": "weighted%d@example.com" % index})
            cr.execute("UPDATE res_partner SET cx_tier_id = %s, cx_stage_id = %s "
                       "WHERE id = %s", ((strategic if index < 30 else low).id,
                                         service.id, partner.id))
            partners |= partner
        Partner.invalidate_cache()
        campaign = cls.env["cx.nps.campaign"].create({
            "name": "Weighted headline", "partner_domain": "[('id', 'in', %s)]" % partners.ids})
        sent = datetime.datetime(2017, 3, 5, 9, 0)
        invited = list(partners[:20]) + list(partners[30:40])
        invitations = campaign._create_invitations([p.id for p in invited], now=sent)
        scores = [(invitations[i], s) for i, s in enumerate((10, 9, 9, 10, 7, 2))]
        scores += [(invitations[20 + i], s) for i, s in enumerate((9, 8, 0, 5, 6))]
        for invitation, score in scores:
            cr.execute("""
                INSERT INTO cx_nps_response (partner_id, campaign_id, user_input_id, score,
                    category, nps_value, date, channel, company_id, tier_id, stage_id)
                VALUES (%s, %s, %s, %s, %s, %s, '2017-03-10 12:00:00', 'manual', %s, %s, %s)
            """, (invitation.partner_id.id, campaign.id, invitation.id, score,
                  nps.category(score), nps.CATEGORY_VALUE[nps.category(score)],
                  cls.env.user.company_id.id, invitation.partner_id.cx_tier_id.id,
                  service.id))
        cls.env["cx.nps.response"].invalidate_cache()

    def figures(self, date_from=D(2017, 3, 1), date_to=D(2017, 3, 31)):
        return {f["code"]: f for f in
                self.env["cx.headline"]._cx_headline_figures(date_from, date_to)}

    def test_post_stratified_nps_worked_by_hand(self):
        figures = self.figures()
        # plain: (5 - 4) / 11 = 9.09 points
        self.assertAlmostEqual(figures["nps"]["value"], 100.0 / 11)
        weighted = figures["nps_weighted"]
        # strategic NPS (4 - 1) / 6 = 50, low (1 - 3) / 5 = -40; the base is 3/4
        # strategic: 0.75 x 50 + 0.25 x (-40) = 27.5 points
        self.assertAlmostEqual(weighted["value"], 27.5)
        self.assertEqual((weighted["unit"], weighted["sequence"]), ("pts", 15))
        # weights (30/40)/(6/11) = 1.375 and (10/40)/(5/11) = 0.55; Kish n_eff =
        # 11^2 / (6 x 1.375^2 + 5 x 0.55^2) = 160/17; P = 0.55 n_eff, D = 0.275 n_eff;
        # adjusted Wald on n_eff + 3: p = (P + 0.75)/n', d = (D + 0.75)/n',
        # var = 100^2 (p + d - (p - d)^2) / n' = 566.37, margin 1.96 x 23.80 = 46.64
        n_eff = 160.0 / 17
        n_adj = n_eff + 3
        p, d = (0.55 * n_eff + 0.75) / n_adj, (0.275 * n_eff + 0.75) / n_adj
        self.assertAlmostEqual(1.96 * (1e4 * (p + d - (p - d) ** 2) / n_adj) ** 0.5, 46.645,
                               places=3)
        self.assertAlmostEqual(weighted["margin"], 46.645, places=3)
        # response rates 6/20 = 30 % and 5/10 = 50 %, mean 11/30; S = sqrt((20 x
        # (0.3 - 11/30)^2 + 10 x (0.5 - 11/30)^2) / 30) = 0.09428: R = 100 (1 - 2 S)
        # = 81.14, CV = S / (11/30) = 25.71 %
        self.assertAlmostEqual(weighted["representativeness"], 81.144, places=3)
        self.assertAlmostEqual(weighted["response_rate_cv"], 25.713, places=3)
        # nothing in February: no previous figure, no significance, no trend
        self.assertIsNone(weighted["previous"])
        self.assertIsNone(weighted["significant"])
        self.assertEqual(figures["nps_response_rate"]["value"], 100.0 * 11 / 30)

    def test_no_answers_no_weighted_nps_nor_representativeness(self):
        weighted = self.figures(D(2017, 2, 1), D(2017, 2, 28))["nps_weighted"]
        for key in ("value", "margin", "representativeness", "response_rate_cv", "status"):
            self.assertIsNone(weighted[key], key)

    def test_dashboard_carries_the_weighted_figure_over_rpc(self):
        data = self.env["cx.headline"].cx_dashboard_data("2017-02-01", "2017-02-28")
        weighted = [f for f in data["figures"] if f["code"] == "nps_weighted"][0]
        self.assertIs(weighted["value"], False)
        self.assertIs(weighted["representativeness"], False)
