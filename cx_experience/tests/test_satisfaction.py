# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The satisfaction index on built customers: the real SQL passes, the maths, the bulk
write, the history and the quadrant. Hand-worked values in the comments (defaults:
weights nps 40, interaction 15, sla 15, followup 10, behaviour 20; half-life 180 days)."""
import datetime
import json

from odoo import fields
from odoo.exceptions import ValidationError

from .common import CxCase


class TestSatisfactionIndex(CxCase):
    @classmethod
    def setUpClass(cls):
        super(TestSatisfactionIndex, cls).setUpClass()
        cls.now = fields.Datetime.from_string(fields.Datetime.now())
        cls.today = cls.now.date()
        # A: four invoices 30 days apart, the last 10 days ago (3000 each: 12000 revenue)
        cls.a = cls.customer("Index A")
        for days in (10, 40, 70, 100):
            cls.invoice(cls.a, 3000.0, days_ago=days)
        cls.interaction(cls.a, 8.0, 0)
        cls.interaction(cls.a, 4.0, 180)
        # B: two invoices 60 days apart, the last 90 days ago (100 each)
        cls.b = cls.customer("Index B")
        cls.invoice(cls.b, 100.0, days_ago=90)
        cls.invoice(cls.b, 100.0, days_ago=150)
        # C: one invoice, no rhythm yet, nothing else: no index
        cls.c = cls.customer("Index C")
        cls.invoice(cls.c, 100.0, days_ago=5)
        # D: no signal at all
        cls.d = cls.customer("Index D")
        cls.ids = (cls.a | cls.b | cls.c | cls.d).ids

    @classmethod
    def interaction(cls, partner, score, days_ago):
        cls.env["cx.interaction"].create({
            "name": "Call", "partner_id": partner.id, "has_score": True, "score": score,
            "touchpoint_id": cls.env["cx.touchpoint"].search([], limit=1).id,
            "date": fields.Datetime.to_string(cls.now - datetime.timedelta(days=days_ago))})

    def recompute(self, ids=None, now=None):
        return self.Partner._cx_recompute_satisfaction(
            self.ids if ids is None else ids, now=fields.Datetime.to_string(now or self.now))

    def history(self, partner):
        return self.env["cx.satisfaction.history"].search([("partner_id", "=", partner.id)])

    def test_index_components_and_estimated(self):
        self.recompute()
        # A: interactions (80 x 1 + 40 x 0.5) / 1.5 = 66.67 -> 66.7; behaviour gaps 30,
        # 30, 30, r = 10 / 30: 100; index (15 x 66.7 + 20 x 100) / 35 = 3000.5 / 35 = 85.7
        self.assertEqual(json.loads(self.a.cx_satisfaction_components),
                         {"interaction": 66.7, "behaviour": 100.0})
        self.assertEqual((self.a.cx_has_satisfaction, self.a.cx_satisfaction_index,
                          self.a.cx_satisfaction_estimated), (True, 85.7, True))
        # B: one gap of 60, r = 90 / 60 = 1.5: recency (3 - 1.5) / 2 = 75, alone
        self.assertEqual((self.b.cx_satisfaction_index, self.b.cx_satisfaction_estimated),
                         (75.0, True))
        # C and D: no data, no quadrant ("no data" stays empty, never 0)
        for partner in (self.c, self.d):
            self.assertFalse(partner.cx_has_satisfaction)
            self.assertFalse(partner.cx_quadrant)
        # A 12000 >= 10000 and 85.7 >= 70: model; B 200 revenue: growth
        self.Partner._cx_recompute_tiers()
        self.assertEqual((self.a.cx_quadrant, self.b.cx_quadrant), ("model", "growth"))
        breakdown = self.a.with_context(lang="en_US").cx_satisfaction_breakdown
        self.assertIn("66.7 / 100", breakdown)
        self.assertIn("no data", breakdown)  # NPS, SLA and follow-ups

    def test_rerun_is_idempotent_and_history_one_row_per_month(self):
        self.assertEqual(self.recompute(), 2)
        self.assertEqual(self.recompute(), 0)       # nothing changed: nothing written
        row = self.history(self.a)
        self.assertEqual((len(row), row.index, row.estimated, row.month),
                         (1, 85.7, True, fields.Date.to_string(self.today.replace(day=1))))
        # a new half-life the same month: the row is updated, not doubled.
        # A's interactions: 40 weighs 0.25, (80 + 10) / 1.25 = 72; (15 x 72 + 20 x 100)
        # / 35 = 3080 / 35 = 88.0
        self.set_params(sat_half_life_days=90)
        self.assertEqual(self.recompute(), 1)
        self.assertEqual((len(self.history(self.a)), self.history(self.a).index), (1, 88.0))
        # next month: a second row; the first stays
        self.recompute(now=self.now + datetime.timedelta(days=32))
        self.assertEqual(len(self.history(self.a)), 2)
        # the full nightly run writes the same (no partner of ours changes)
        self.set_params(sat_half_life_days=180)
        self.Partner._cx_recompute_satisfaction(now=fields.Datetime.to_string(self.now))
        self.assertEqual(self.a.cx_satisfaction_index, 85.7)

    def test_signals_gone_clear_the_index(self):
        self.recompute()
        self.env["cx.interaction"].search([("partner_id", "=", self.a.id)]).unlink()
        self.recompute()
        self.assertEqual((self.a.cx_satisfaction_index,
                          json.loads(self.a.cx_satisfaction_components)),
                         (100.0, {"behaviour": 100.0}))
        self.env["account.invoice"].search([("partner_id", "=", self.b.id)]).write(
            {"state": "cancel"})
        self.recompute()
        self.assertFalse(self.b.cx_has_satisfaction)
        self.assertFalse(self.history(self.b))

    def test_weights_from_settings(self):
        # behaviour weight 0: A from its interactions alone, 66.7; B has none left
        self.set_params(sat_weight_behaviour=0.0)
        self.recompute()
        self.assertEqual(self.a.cx_satisfaction_index, 66.7)
        self.assertFalse(self.b.cx_has_satisfaction)

    def test_fed_measure_without_signals(self):
        # D has no signal: a measure fed from outside stays, the nightly job keeps it
        self.d._cx_set_satisfaction(55.0, "2026-01-02 10:00:00")
        self.assertEqual((self.d.cx_satisfaction_index, self.d.cx_satisfaction_date,
                          self.d.cx_satisfaction_estimated), (55.0, "2026-01-02 10:00:00", False))
        self.Partner._cx_cron_daily()
        self.assertEqual(self.d.cx_satisfaction_index, 55.0)
        self.d._cx_set_satisfaction(None)
        self.assertFalse(self.d.cx_has_satisfaction)
        # A has signals: the measure given is not taken, the index is recomputed
        self.a._cx_set_satisfaction(10.0)
        self.assertEqual(self.a.cx_satisfaction_index, 85.7)
        with self.assertRaises(ValidationError):
            self.a._cx_set_satisfaction(101.0)

    def test_settings_validation(self):
        Settings = self.env["res.config.settings"]
        for vals in ({"cx_sat_weight_nps": -1.0},
                     {"cx_sat_weight_nps": 0.0, "cx_sat_weight_interaction": 0.0,
                      "cx_sat_weight_sla": 0.0, "cx_sat_weight_followup": 0.0,
                      "cx_sat_weight_behaviour": 0.0},
                     {"cx_sat_half_life_days": 0}):
            with self.assertRaises(ValidationError):
                Settings.create(vals).execute()
        Settings.create({"cx_sat_weight_sla": 5.0, "cx_sat_half_life_days": 30}).execute()
        params = Settings._cx_satisfaction_params()
        self.assertEqual((params["weights"]["sla"], params["half_life_days"]), (5.0, 30))
        self.assertEqual(Settings.create({}).cx_sat_weight_sla, 5.0)

    def test_history_rights(self):
        from odoo.exceptions import AccessError
        self.recompute()
        users = self.env["res.users"].with_context(no_reset_password=True)
        employee = users.create({"name": "Plain employee", "login": "sat_employee",
                                 "groups_id": [(6, 0, [self.env.ref("base.group_user").id])]})
        manager = users.create({"name": "CX manager", "login": "sat_manager", "groups_id": [
            (6, 0, [self.env.ref("cx_experience.group_cx_manager").id])]})
        History = self.env["cx.satisfaction.history"]
        self.assertEqual(History.sudo(manager).search([("partner_id", "=", self.a.id)]).index,
                         85.7)
        with self.assertRaises(AccessError):
            History.sudo(employee).search([("partner_id", "=", self.a.id)]).read(["index"])
        with self.assertRaises(AccessError):
            History.sudo(manager).create({"partner_id": self.b.id, "month": "2026-01-01",
                                          "index": 99.0})
        with self.assertRaises(AccessError):
            History.sudo(manager).search([("partner_id", "=", self.a.id)]).write(
                {"index": 1.0})
