# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The headline figures of cx_experience, against hand-worked cases and independent
SQL counts over the demo data."""
import datetime
import doctest

from odoo.exceptions import AccessError, UserError

from ..domain import headline
from .common import CxCase

D = datetime.date
# SQL of "a customer", written here on its own (the oracle, not the code under test).
CUSTOMERS_SQL = """
    SELECT id FROM res_partner
     WHERE active AND customer AND (is_company OR parent_id IS NULL)
"""


class TestHeadlineDomain(CxCase):
    def test_doctests(self):
        failures, _tests = doctest.testmod(headline)
        self.assertEqual(failures, 0)

    def test_status_bands(self):
        # 5 points of amber below an NPS target of 30: 25 amber, 24.9 red.
        self.assertEqual(headline.status(25.0, 30.0, True, headline.UNIT_POINTS), "warn")
        self.assertEqual(headline.status(24.9, 30.0, True, headline.UNIT_POINTS), "bad")
        # lower is better, a count: 10 allowed, amber up to 12 (20 %), red at 13
        self.assertEqual(headline.status(10, 10, False, headline.UNIT_COUNT), "good")
        self.assertEqual(headline.status(12, 10, False, headline.UNIT_COUNT), "warn")
        self.assertEqual(headline.status(13, 10, False, headline.UNIT_COUNT), "bad")
        self.assertIsNone(headline.status(12, None, False, headline.UNIT_COUNT))

    def test_periods(self):
        self.assertEqual(headline.previous_period(D(2026, 3, 1), D(2026, 3, 31)),
                         (D(2026, 1, 29), D(2026, 2, 28)))
        self.assertEqual(headline.previous_period(D(2026, 12, 1), D(2026, 12, 1)),
                         (D(2026, 11, 30), D(2026, 11, 30)))
        for bad in (("2026-12-01", "2026-11-01"), ("x", "2026-11-01"),
                    ("1990-01-01", "2026-01-01")):
            with self.assertRaises(headline.PeriodError):
                headline.check_period(*bad)


class TestHeadlineFigures(CxCase):
    @classmethod
    def setUpClass(cls):
        super(TestHeadlineFigures, cls).setUpClass()
        cls.Headline = cls.env["cx.headline"]
        cls.at_risk_a = cls.customer("Headline at risk A")
        cls.invoice(cls.at_risk_a, 60000.0)
        cls.at_risk_b = cls.customer("Headline at risk B")
        cls.invoice(cls.at_risk_b, 25000.0)
        cls.contact = cls.Partner.create({"name": "Contact of A", "customer": True,
                                          "parent_id": cls.at_risk_a.id})
        cls.Partner._cx_recompute_tiers()
        (cls.at_risk_a | cls.at_risk_b)._cx_set_satisfaction(30.0)
        cls.Headline.invalidate_cache()

    def figures(self, date_from=D(2019, 3, 1), date_to=D(2019, 3, 31)):
        return {f["code"]: f for f in self.Headline._cx_headline_figures(date_from, date_to)}

    def sql(self, query, params=()):
        self.env.cr.execute(query, params)
        return self.env.cr.fetchall()

    def test_interface_shape(self):
        keys = {"code", "sequence", "label", "value", "unit", "currency_id", "margin",
                "previous", "significant", "target", "higher_is_better", "status",
                "action"}
        figures = self.Headline._cx_headline_figures(D(2019, 3, 1), D(2019, 3, 31))
        self.assertEqual([f["sequence"] for f in figures],
                         sorted(f["sequence"] for f in figures))
        for figure in figures:
            self.assertLessEqual(keys, set(figure), figure["code"])
            self.assertIn(figure["unit"], headline.UNITS)
            if figure["action"]:
                self.assertEqual(figure["action"]["type"], "ir.actions.act_window")
                facets = [k for k in figure["action"]["context"]
                          if k.startswith("search_default_")]
                self.assertTrue(facets, "%s drills down without a facet" % figure["code"])

    def test_customers_per_tier_count_each_customer_once(self):
        figures = self.figures()
        counts = dict(self.sql("""
            SELECT t.code, count(p.id) FROM cx_tier t
              LEFT JOIN res_partner p ON p.cx_tier_id = t.id AND p.id IN (%s)
          GROUP BY t.code""" % CUSTOMERS_SQL))
        for code, count in counts.items():
            self.assertEqual(figures["customers_%s" % code]["value"], count, code)
        total = len(self.sql(CUSTOMERS_SQL))
        shown = sum(f["value"] for code, f in figures.items() if code.startswith("customers_"))
        # every customer in exactly one tile; the contact of A is not a customer of its own
        self.assertEqual(shown, total)
        self.assertNotIn(self.contact.id, [r[0] for r in self.sql(CUSTOMERS_SQL)])

    def test_revenue_at_risk(self):
        figures = self.figures()
        (count, revenue), = self.sql("""
            SELECT count(*), COALESCE(sum(cx_revenue), 0) FROM res_partner
             WHERE cx_quadrant = 'at_risk' AND id IN (%s)""" % CUSTOMERS_SQL)
        self.assertEqual(figures["at_risk_customers"]["value"], count)
        self.assertAlmostEqual(figures["revenue_at_risk"]["value"], revenue, places=2)
        self.assertEqual(figures["revenue_at_risk"]["unit"], "currency")
        self.assertEqual(figures["revenue_at_risk"]["currency_id"],
                         self.env.user.company_id.currency_id.id)
        # mine are in it: 60,000 + 25,000 at a satisfaction of 30
        self.assertEqual({self.at_risk_a.cx_quadrant, self.at_risk_b.cx_quadrant}, {"at_risk"})
        self.assertGreaterEqual(figures["revenue_at_risk"]["value"], 85000.0 - 0.01)
        action = figures["revenue_at_risk"]["action"]
        listed = self.Partner.search(action["domain"] + [
            ("cx_quadrant", "=", "at_risk"), ("customer", "=", True), "|",
            ("is_company", "=", True), ("parent_id", "=", False)])
        self.assertEqual(len(listed), count)

    def test_no_satisfaction_data_is_empty_not_zero(self):
        self.env.cr.execute("UPDATE res_partner SET cx_quadrant = NULL, "
                            "cx_has_satisfaction = FALSE")
        self.Partner.invalidate_cache()
        figures = self.figures()
        for code in ("revenue_at_risk", "at_risk_customers", "at_risk_without_action"):
            self.assertIsNone(figures[code]["value"], code)
            self.assertIsNone(figures[code]["status"], code)

    def test_churn_counts_customers_once_in_the_period(self):
        churned = self.stage["churned"]
        History = self.env["cx.lifecycle.history"]
        for partner, day in ((self.at_risk_a, "2019-03-05 12:00:00"),
                             (self.at_risk_a, "2019-03-20 12:00:00"),
                             (self.at_risk_b, "2019-03-31 12:00:00"),
                             (self.at_risk_b, "2019-02-10 12:00:00")):
            History.create({"partner_id": partner.id, "stage_id": churned.id,
                            "date_in": day})
        figure = self.figures()["churned"]
        # A twice in March, B once in March: two customers; the previous period
        # (29 Jan - 28 Feb) holds B's February entry only.
        self.assertEqual(figure["value"], 2)
        self.assertEqual(figure["previous"], 1)
        self.assertEqual(figure["trend"], "up")
        listed = History.search(figure["action"]["domain"] + [
            ("cx_period", "=", figure["action"]["context"]["search_default_cx_period"]),
            ("stage_id", "=", figure["action"]["context"]["search_default_stage_id"])])
        self.assertEqual(set(listed.mapped("partner_id").ids), {self.at_risk_a.id, self.at_risk_b.id})
        self.assertEqual(len(listed), 3)

    def test_targets_colour_the_figures(self):
        self.set_params(target_at_risk_without_action="0.0")
        figure = self.figures()["at_risk_without_action"]
        self.assertEqual(figure["target"], 0.0)
        expected = {0: "good", 1: "warn"}.get(figure["value"], "bad")
        self.assertEqual(figure["status"], expected)
        self.set_params(target_at_risk_without_action="")
        self.assertIsNone(self.figures()["at_risk_without_action"]["target"])

    def test_settings_store_targets(self):
        settings = self.env["res.config.settings"].create({
            "cx_target_nps_on": True, "cx_target_nps": 30.0,
            "cx_target_sla_compliance_on": False, "cx_target_sla_compliance": 95.0})
        settings.execute()
        targets = self.Headline._cx_targets()
        self.assertEqual(targets.get("nps"), 30.0)
        self.assertNotIn("sla_compliance", targets)
        values = self.env["res.config.settings"].default_get(
            ["cx_target_nps_on", "cx_target_nps", "cx_target_sla_compliance_on"])
        self.assertEqual((values["cx_target_nps_on"], values["cx_target_nps"],
                          values["cx_target_sla_compliance_on"]), (True, 30.0, False))
        bad = self.env["res.config.settings"].create({"cx_target_nps_on": True,
                                                      "cx_target_nps": 130.0})
        with self.assertRaises(Exception):
            bad.execute()

    def test_public_method_checks_rights_and_input(self):
        employee = self.env["res.users"].create({
            "name": "Plain employee", "login": "headline_employee",
            "groups_id": [(6, 0, [self.env.ref("base.group_user").id])]})
        with self.assertRaises(AccessError):
            self.Headline.sudo(employee).cx_dashboard_data()
        for bad in (("2026-12-01", "2026-01-01"), ("nonsense", False),
                    ("1900-01-01", "2026-01-01")):
            with self.assertRaises(UserError):
                self.Headline.cx_dashboard_data(*bad)
        data = self.Headline.cx_dashboard_data("2019-03-01", "2019-03-31")
        self.assertEqual(data["period"]["date_from"], "2019-03-01")

        def no_none(value):
            if isinstance(value, dict):
                return all(no_none(v) for v in value.values())
            if isinstance(value, list):
                return all(no_none(v) for v in value)
            return value is not None
        self.assertTrue(no_none(data))

    def test_cx_manager_without_invoicing_reads_the_figures(self):
        manager = self.env["res.users"].create({
            "name": "CX manager only", "login": "headline_cx_manager",
            "groups_id": [(6, 0, [self.env.ref("cx_experience.group_cx_manager").id])]})
        mine = self.figures()
        theirs = {f["code"]: f for f in self.Headline.sudo(manager)._cx_headline_figures(
            D(2019, 3, 1), D(2019, 3, 31))}
        for code in ("customers_strategic", "at_risk_customers", "revenue_at_risk"):
            self.assertEqual(theirs[code]["value"], mine[code]["value"], code)
