# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The NPS headline figures against hand-worked cases and independent SQL counts."""
import datetime

from odoo import fields
from odoo.tests.common import SavepointCase

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
