# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import ValidationError

from .common import CxCase


class TestQuadrant(CxCase):
    @classmethod
    def setUpClass(cls):
        super(TestQuadrant, cls).setUpClass()
        cls.rich = cls.customer("Rich")
        cls.invoice(cls.rich, 25000.0)
        cls.poor = cls.customer("Poor")
        cls.invoice(cls.poor, 900.0)
        cls.Partner._cx_recompute_tiers()
        cls.Activity = cls.env["mail.activity"]

    def activities(self, partner):
        return self.Activity.search([("res_model", "=", "res.partner"),
                                     ("res_id", "=", partner.id)])

    def test_no_data_no_quadrant(self):
        self.assertFalse(self.rich.cx_has_satisfaction)
        self.assertFalse(self.rich.cx_quadrant)

    def test_four_quadrants(self):
        # Cut-offs 70 on satisfaction, 10000 on revenue (Rich 25000, Poor 900).
        self.rich._cx_set_satisfaction(85.0)
        self.poor._cx_set_satisfaction(85.0)
        self.assertEqual((self.rich.cx_quadrant, self.poor.cx_quadrant), ("model", "growth"))
        self.rich._cx_set_satisfaction(40.0)
        self.poor._cx_set_satisfaction(0.0)
        self.assertEqual((self.rich.cx_quadrant, self.poor.cx_quadrant),
                         ("at_risk", "precarious"))
        self.assertTrue(self.poor.cx_has_satisfaction)
        self.rich._cx_set_satisfaction(None)
        self.assertFalse(self.rich.cx_quadrant)
        self.assertFalse(self.rich.cx_has_satisfaction)

    def test_one_activity_per_entry_into_at_risk(self):
        self.rich._cx_set_satisfaction(40.0)
        self.assertEqual(len(self.activities(self.rich)), 1)
        self.rich._cx_set_satisfaction(30.0)       # still at risk: no new activity
        self.Partner._cx_recompute_tiers()         # nor from the nightly recompute
        self.assertEqual(len(self.activities(self.rich)), 1)
        self.rich._cx_set_satisfaction(90.0)       # model
        self.rich._cx_set_satisfaction(50.0)       # a second entry
        self.assertEqual(len(self.activities(self.rich)), 2)
        self.assertFalse(self.activities(self.poor))

    def test_revenue_change_moves_quadrant_in_bulk(self):
        self.poor._cx_set_satisfaction(40.0)
        self.assertEqual(self.poor.cx_quadrant, "precarious")
        self.invoice(self.poor, 9100.0)           # 900 + 9100 = 10000: at the cut-off
        self.Partner._cx_recompute_tiers()
        self.assertEqual(self.poor.cx_quadrant, "at_risk")
        self.assertEqual(len(self.activities(self.poor)), 1)

    def test_cutoff_change_and_bad_index(self):
        self.rich._cx_set_satisfaction(65.0)
        self.assertEqual(self.rich.cx_quadrant, "at_risk")
        self.set_params(satisfaction_cutoff=60.0)
        self.Partner._cx_recompute_tiers()
        self.assertEqual(self.rich.cx_quadrant, "model")
        with self.assertRaises(ValidationError):
            self.rich._cx_set_satisfaction(101.0)
        settings = self.env["res.config.settings"].create({"cx_satisfaction_cutoff": 120.0})
        with self.assertRaises(ValidationError):
            settings.execute()
