# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError, ValidationError

from .common import CxCase


class TestTierRecompute(CxCase):
    @classmethod
    def setUpClass(cls):
        super(TestTierRecompute, cls).setUpClass()
        cls.big = cls.customer("Big")
        cls.invoice(cls.big, 40000.0)
        cls.invoice(cls.big, 15000.0, days_ago=200)
        cls.mid = cls.customer("Mid")
        cls.invoice(cls.mid, 12000.0)
        cls.invoice(cls.mid, 3000.0, refund=True)
        cls.old = cls.customer("Old")
        cls.invoice(cls.old, 90000.0, days_ago=400)
        cls.draft = cls.customer("Draft only")
        cls.invoice(cls.draft, 70000.0, post=False)
        cls.contact = cls.Partner.create({"name": "Contact of Mid", "parent_id": cls.mid.id})
        cls.invoice(cls.contact, 2000.0)
        cls.locked = cls.customer("Locked")
        cls.invoice(cls.locked, 80000.0)
        cls.locked.write({"cx_tier_id": cls.tier["low"].id,
                          "cx_tier_lock_reason": "Agreed with the board"})
        cls.result = cls.Partner._cx_recompute_tiers()

    def test_revenue_and_tier_per_commercial_partner(self):
        # Big: 40000 + 15000 (200 days ago, inside 12 months) = 55000 >= 50000: high.
        self.assertAlmostEqual(self.big.cx_revenue, 55000.0)
        self.assertEqual(self.big.cx_tier_id, self.tier["high"])
        # Mid: 12000 - 3000 refund + 2000 invoiced to its contact = 11000: medium.
        self.assertAlmostEqual(self.mid.cx_revenue, 11000.0)
        self.assertEqual(self.mid.cx_tier_id, self.tier["medium"])
        # Old: the invoice is 400 days old, outside the window: 0, low.
        self.assertAlmostEqual(self.old.cx_revenue, 0.0)
        self.assertEqual(self.old.cx_tier_id, self.tier["low"])
        # A draft invoice is no revenue.
        self.assertAlmostEqual(self.draft.cx_revenue, 0.0)
        # The locked partner keeps its tier whatever its revenue.
        self.assertAlmostEqual(self.locked.cx_revenue, 80000.0)
        self.assertEqual(self.locked.cx_tier_id, self.tier["low"])

    def test_each_change_logged_and_second_run_changes_nothing(self):
        change = self.big.cx_tier_change_ids
        self.assertEqual(len(change), 1)
        self.assertEqual(change.new_tier_id, self.tier["high"])
        self.assertEqual(change.direction, "initial")
        self.assertEqual(change.source, "rule")
        self.assertFalse(change.user_id)  # the rule changed it, not a person
        self.assertAlmostEqual(change.revenue, 55000.0)
        self.assertEqual(self.Partner._cx_recompute_tiers()["changed"], 0)
        self.assertEqual(len(self.big.cx_tier_change_ids), 1)

    def test_books_in_another_currency_are_converted(self):
        # A company keeping its books in another currency than the main company's: at
        # today's rates (main currency 1.0, the other 0.8), 1 unit of it is worth 1.25.
        main = self.env.ref("base.main_company").currency_id
        other = self.env["res.currency"].search(
            [("id", "!=", main.id), ("active", "in", (True, False))], limit=1)
        other.active = True
        today = str(self.today)
        for currency, rate in ((main, 1.0), (other, 0.8)):
            self.env["res.currency.rate"].search([
                ("currency_id", "=", currency.id), ("name", "=", today)]).unlink()
            self.env["res.currency.rate"].create({
                "currency_id": currency.id, "name": today, "rate": rate, "company_id": False})
        europe = self.env["res.company"].create({"name": "CX Other Books",
                                                 "currency_id": other.id})
        self.env.user.company_ids |= europe
        journal, receivable, income = self.env["cx.demo"]._cx_accounting(europe)
        buyer = self.customer("Two books", company_id=False)
        self.invoice(buyer, 1000.0)  # main company: 1000
        abroad = self.env["account.invoice"].with_context(force_company=europe.id).create({
            "partner_id": buyer.id, "type": "out_invoice", "company_id": europe.id,
            "journal_id": journal.id, "account_id": receivable.id, "currency_id": other.id,
            "date_invoice": today, "invoice_line_ids": [(0, 0, {
                "name": "Service", "account_id": income.id, "price_unit": 8000.0,
                "quantity": 1})]})
        abroad.action_invoice_open()
        self.assertEqual(abroad.amount_untaxed_signed, 8000.0)  # in its own books
        self.Partner._cx_recompute_tiers()
        # 1000 + 8000 x 1.25 = 11000: medium (10000 and more), where a plain sum of the
        # two books (9000) would leave it low.
        self.assertAlmostEqual(buyer.cx_revenue, 11000.0)
        self.assertEqual(buyer.cx_tier_id, self.tier["medium"])
        self.assertAlmostEqual(buyer.cx_tier_change_ids.revenue, 11000.0)

    def test_down_when_window_shrinks(self):
        # With a 3-month window Big keeps only the 40000 invoice: medium, a move down.
        self.set_params(window_months=3)
        self.Partner._cx_recompute_tiers()
        self.assertAlmostEqual(self.big.cx_revenue, 40000.0)
        self.assertEqual(self.big.cx_tier_id, self.tier["medium"])
        last = self.big.cx_tier_change_ids[0]
        self.assertEqual((last.old_tier_id, last.new_tier_id, last.direction),
                         (self.tier["high"], self.tier["medium"], "down"))

    def test_strategic_by_hand_is_kept_and_logged(self):
        self.mid.write({"cx_tier_id": self.tier["strategic"].id})
        self.assertTrue(self.mid.cx_tier_locked)
        self.Partner._cx_recompute_tiers()
        self.assertEqual(self.mid.cx_tier_id, self.tier["strategic"])
        last = self.mid.cx_tier_change_ids[0]
        self.assertEqual((last.source, last.direction, last.user_id),
                         ("manual", "up", self.env.user))

    def test_lock_needs_reason_and_manager(self):
        with self.assertRaises(ValidationError):
            self.old.write({"cx_tier_locked": True, "cx_tier_lock_reason": " "})
        user = self.env["res.users"].create({
            "name": "CX user", "login": "cx_user_tiers",
            "groups_id": [(6, 0, [self.env.ref("cx_experience.group_cx_user").id,
                                  self.env.ref("base.group_partner_manager").id])]})
        with self.assertRaises(AccessError):
            self.old.sudo(user).write({"cx_tier_id": self.tier["high"].id})

    def test_overlapping_or_negative_thresholds_refused(self):
        with self.assertRaises(ValidationError):
            self.tier["medium"].min_revenue = 50000.0  # same as high
        with self.assertRaises(ValidationError):
            self.tier["low"].min_revenue = -1.0
