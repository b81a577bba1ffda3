# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The SLA headline figures against independent counts over the demo data."""
import datetime

from odoo import fields
from odoo.tests.common import SavepointCase

from odoo.addons.cx_experience.domain import headline


class TestSlaHeadline(SavepointCase):
    @classmethod
    def setUpClass(cls):
        super(TestSlaHeadline, cls).setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tz="UTC"))
        cls.Headline = cls.env["cx.headline"]
        cls.today = fields.Date.from_string(fields.Date.context_today(cls.Headline))
        cls.period = headline.default_period(cls.today)

    def figures(self, period=None):
        return {f["code"]: f for f in self.Headline._cx_headline_figures(*(period or self.period))}

    def compliance_sql(self, date_from, date_to):
        self.env.cr.execute("""
            SELECT count(*) FILTER (WHERE state = 'met'), count(*) FILTER (WHERE state = 'breached')
              FROM cx_sla_line
             WHERE start_date >= %s AND start_date < %s""",
                            (date_from, date_to + datetime.timedelta(days=1)))
        met, breached = self.env.cr.fetchone()
        return met, breached

    def test_compliance_against_sql(self):
        met, breached = self.compliance_sql(*self.period)
        figure = self.figures()["sla_compliance"]
        self.assertTrue(met + breached, "the demo data has finished SLA targets this month")
        self.assertAlmostEqual(figure["value"], 100.0 * met / (met + breached))
        prev = headline.previous_period(*self.period)
        met, breached = self.compliance_sql(*prev)
        expected = 100.0 * met / (met + breached) if met + breached else None
        self.assertEqual(figure["previous"] is None, expected is None)
        if expected is not None:
            self.assertAlmostEqual(figure["previous"], expected)
        self.assertEqual(figure["unit"], "%")

    def test_compliance_without_finished_targets_is_empty(self):
        figure = self.figures((datetime.date(2001, 1, 1), datetime.date(2001, 1, 31)))
        self.assertIsNone(figure["sla_compliance"]["value"])
        self.assertIsNone(figure["sla_compliance"]["previous"])

    def test_breached_and_at_risk_now_each_ticket_once(self):
        # oracle: per ticket, the running target due first (open clock, not reached)
        now = fields.Datetime.now()  # Odoo's cursor reads timestamps as ISO text
        self.env.cr.execute("""
            SELECT ticket_id, id, state, deadline, at_risk_date FROM cx_sla_line
             WHERE reached_date IS NULL AND resumed_date IS NOT NULL""")
        nearest = {}
        for ticket_id, line_id, state, deadline, at_risk in self.env.cr.fetchall():
            key = (deadline is None, deadline or "9999", line_id)
            if ticket_id not in nearest or key < nearest[ticket_id][0]:
                nearest[ticket_id] = (key, state, deadline, at_risk)
        breached = at_risk = 0
        for _key, state, deadline, risk_date in nearest.values():
            if state == "breached" or (deadline and deadline <= now):
                breached += 1
            elif state == "at_risk" or (risk_date and risk_date <= now):
                at_risk += 1
        figures = self.figures()
        self.assertEqual(figures["sla_breached_now"]["value"], breached)
        self.assertEqual(figures["sla_at_risk_now"]["value"], at_risk)
        action = figures["sla_breached_now"]["action"]
        self.assertEqual(action["res_model"], "helpdesk.ticket")
        self.assertEqual(action["context"], {"search_default_sla_alert_breached": 1})

    def test_team_chart_adds_up_to_the_figure(self):
        chart = next(c for c in self.Headline._cx_dashboard_charts(*self.period)
                     if c["code"] == "sla_teams")
        met, breached = self.compliance_sql(*self.period)
        self.assertEqual(sum(p["n"] for p in chart["points"]), met + breached)
        for point in chart["points"]:
            # each bar opens its own tickets' targets with a visible filter: its team, or
            # "No team" for the tickets without one
            context = point["action"]["context"]
            if point["key"]:
                self.assertEqual(context.get("search_default_team_id"), point["key"])
            else:
                self.assertEqual(context.get("search_default_no_team"), 1)
            self.assertTrue(0.0 <= point["value"] <= 100.0)
