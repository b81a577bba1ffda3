# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The plain-Python rules, without a database."""
import datetime
import doctest
import random
import unittest

from ..domain import codes, digest, lifecycle, ownership, quadrant, tiers


class TestTiers(unittest.TestCase):
    RULES = [("low", 0.0), ("high", 50000.0), ("medium", 10000.0)]

    def test_bands_cover_every_revenue_once(self):
        bands = tiers.revenue_bands(self.RULES)
        # Sorted by threshold, highest first; the lowest band has no floor.
        self.assertEqual([(b.key, b.low, b.high) for b in bands], [
            ("high", 50000.0, None), ("medium", 10000.0, 50000.0), ("low", None, 10000.0)])
        rng = random.Random(7)
        for revenue in [-500.0, 0.0, 9999.99, 10000.0, 49999.99, 50000.0, 1e9] + [
                rng.uniform(-1e4, 1e5) for _i in range(500)]:
            holders = [b.key for b in bands if (b.low is None or revenue >= b.low)
                       and (b.high is None or revenue < b.high)]
            self.assertEqual(len(holders), 1, revenue)
            self.assertEqual(tiers.tier_for_revenue(bands, revenue), holders[0])

    def test_threshold_is_inclusive(self):
        bands = tiers.revenue_bands(self.RULES)
        self.assertEqual(tiers.tier_for_revenue(bands, 10000.0), "medium")
        self.assertEqual(tiers.tier_for_revenue(bands, 9999.99), "low")
        self.assertEqual(tiers.tier_for_revenue(bands, 50000.0), "high")
        # Refunds larger than invoices: still exactly one tier, the lowest.
        self.assertEqual(tiers.tier_for_revenue(bands, -3000.0), "low")

    def test_bad_rules_refused(self):
        with self.assertRaises(tiers.TierRuleError):
            tiers.check_rules([("a", 100.0), ("b", 100.0)])
        with self.assertRaises(tiers.TierRuleError):
            tiers.check_rules([("a", -1.0)])
        with self.assertRaises(tiers.TierRuleError):
            tiers.check_rules([])

    def test_direction(self):
        # Rank 2 (high) to rank 3 (medium) is down; 3 to 2 is up; none to any: initial.
        self.assertEqual(tiers.direction(2, 3), codes.DIRECTION_DOWN)
        self.assertEqual(tiers.direction(3, 2), codes.DIRECTION_UP)
        self.assertEqual(tiers.direction(None, 4), codes.DIRECTION_INITIAL)


class TestQuadrant(unittest.TestCase):
    def test_four_quadrants_and_cutoffs_inclusive(self):
        q = quadrant.quadrant
        self.assertEqual(q(70.0, 10000.0, 70.0, 10000.0), codes.QUADRANT_MODEL)
        self.assertEqual(q(70.0, 9999.0, 70.0, 10000.0), codes.QUADRANT_GROWTH)
        self.assertEqual(q(69.9, 10000.0, 70.0, 10000.0), codes.QUADRANT_AT_RISK)
        self.assertEqual(q(69.9, 9999.0, 70.0, 10000.0), codes.QUADRANT_PRECARIOUS)
        # Satisfaction 0 is data (precarious), no satisfaction is no quadrant.
        self.assertEqual(q(0.0, 0.0, 70.0, 10000.0), codes.QUADRANT_PRECARIOUS)
        self.assertIsNone(q(None, 1e6, 70.0, 10000.0))
        # No revenue counts as zero revenue.
        self.assertEqual(q(90.0, None, 70.0, 10000.0), codes.QUADRANT_GROWTH)

    def test_cutoffs_checked(self):
        quadrant.check_cutoffs(0.0, 0.0)
        quadrant.check_cutoffs(100.0, 1e6)
        for sat, rev in [(-0.1, 0.0), (100.1, 0.0), (None, 0.0), (50.0, -1.0)]:
            with self.assertRaises(quadrant.CutoffError):
                quadrant.check_cutoffs(sat, rev)

    def test_entry_into_at_risk(self):
        self.assertTrue(quadrant.entered_at_risk(None, codes.QUADRANT_AT_RISK))
        self.assertTrue(quadrant.entered_at_risk(codes.QUADRANT_MODEL, codes.QUADRANT_AT_RISK))
        self.assertFalse(quadrant.entered_at_risk(codes.QUADRANT_AT_RISK,
                                                  codes.QUADRANT_AT_RISK))
        self.assertFalse(quadrant.entered_at_risk(codes.QUADRANT_AT_RISK,
                                                  codes.QUADRANT_MODEL))


class TestLifecycle(unittest.TestCase):
    SEQ = {"presale": 10, "sale": 20, "service": 30, "collection": 40, "churned": 80}

    def test_forward_only_and_by_hand(self):
        self.assertTrue(lifecycle.can_move(self.SEQ, None, "sale", True))
        self.assertTrue(lifecycle.can_move(self.SEQ, "sale", "service", True))
        self.assertFalse(lifecycle.can_move(self.SEQ, "service", "sale", True))
        self.assertFalse(lifecycle.can_move(self.SEQ, "sale", "sale", False))
        # By hand, backwards is allowed.
        self.assertTrue(lifecycle.can_move(self.SEQ, "churned", "presale", False))

    def test_latest_matching_rule_wins_once(self):
        self.assertEqual(
            lifecycle.target_stage(self.SEQ, None, ["sale", "collection", "presale"]),
            "collection")
        self.assertEqual(lifecycle.target_stage(self.SEQ, "sale", ["sale", "service"]),
                         "service")
        self.assertIsNone(lifecycle.target_stage(self.SEQ, "collection", ["sale"]))
        self.assertIsNone(lifecycle.target_stage(self.SEQ, "sale", []))

    def test_conversion(self):
        # 30 of 40 presale stays that ended went on to sale: 75 %; 40 of 40: 100 %.
        rates = lifecycle.conversion_rates(
            {("presale", "sale"): 30, ("sale", "service"): 40, ("service", "collection"): 0},
            {"presale": 40, "sale": 40, "service": 0})
        self.assertEqual(rates[("presale", "sale")], 75.0)
        self.assertEqual(rates[("sale", "service")], 100.0)
        # No stay ended: no data, not 0 %.
        self.assertIsNone(rates[("service", "collection")])
        # More conversions than exits cannot be: refused, never shown above 100 %.
        with self.assertRaises(ValueError):
            lifecycle.conversion_rates({("presale", "sale"): 3}, {"presale": 2})


class TestDigest(unittest.TestCase):
    def test_periods(self):
        monday = datetime.date(2026, 11, 23)  # a Monday
        self.assertEqual(digest.last_period(codes.DIGEST_DAILY, monday),
                         (datetime.date(2026, 11, 22), monday))
        # Any day of a week reports the previous Monday-Sunday week.
        for offset in range(7):
            self.assertEqual(
                digest.last_period(codes.DIGEST_WEEKLY, monday + datetime.timedelta(offset)),
                (datetime.date(2026, 11, 16), monday))
        self.assertEqual(digest.last_period(codes.DIGEST_MONTHLY, datetime.date(2026, 3, 31)),
                         (datetime.date(2026, 2, 1), datetime.date(2026, 3, 1)))
        with self.assertRaises(ValueError):
            digest.last_period("yearly", monday)

    def test_emails_and_variation(self):
        self.assertEqual(digest.split_emails("a@x.com; b@y.com,\nA@x.com, nonsense, "),
                         ["a@x.com", "b@y.com"])
        self.assertEqual(digest.split_emails(False), [])
        # From 80 to 100 is +25 %; from 0 it is undefined.
        self.assertEqual(digest.variation(100.0, 80.0), 25.0)
        self.assertIsNone(digest.variation(5.0, 0))


class TestOwnership(unittest.TestCase):
    def test_engine_fields_are_nobodys_but_the_engines(self):
        every = ownership.GUARDED_FIELDS | {"name", "phone"}
        for manager in (False, True):
            engine_fields, manager_fields = ownership.refused(every, False, manager)
            self.assertEqual(set(engine_fields), ownership.ENGINE_FIELDS)
            self.assertEqual(set(manager_fields),
                             set() if manager else ownership.MANAGER_FIELDS)
        self.assertEqual(ownership.refused(every, True, False), ([], []))
        self.assertEqual(ownership.refused({"name", "phone"}, False, False), ([], []))
        # The lock reason is the tier's: a manager's, like the stage.
        self.assertIn("cx_tier_lock_reason", ownership.MANAGER_FIELDS)
        self.assertFalse(ownership.ENGINE_FIELDS & ownership.MANAGER_FIELDS)

    def test_empty_values_set_nothing_on_create(self):
        self.assertEqual(ownership.set_on_create({
            "cx_stage_id": False, "cx_revenue": 0.0, "cx_quadrant": None,
            "cx_has_satisfaction": False, "cx_tier_id": 3, "name": "x"}), {"cx_tier_id"})


class TestDoctests(unittest.TestCase):
    def test_module_doctests(self):
        for module in (tiers, quadrant, lifecycle, digest, ownership):
            failures, _tests = doctest.testmod(module)
            self.assertEqual(failures, 0, module.__name__)
