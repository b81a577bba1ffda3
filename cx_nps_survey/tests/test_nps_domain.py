# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Plain unit tests of the NPS rules and statistics: no database."""
import doctest
import unittest

from ..domain import nps


class TestNpsStatistics(unittest.TestCase):

    def test_doctests(self):
        result = doctest.testmod(nps)
        self.assertEqual(result.failed, 0)
        self.assertGreater(result.attempted, 4)

    def test_no_answers(self):
        s = nps.summarize(0, 0, 0, invitations=0)
        self.assertEqual(s["n"], 0)
        self.assertIsNone(s["nps"])
        self.assertIsNone(s["margin"])
        self.assertIsNone(s["promoter_share"])
        self.assertIsNone(s["response_rate"])

    def test_all_promoters(self):
        # 10 promoters: NPS = 100. Adjusted-Wald: n' = 13, p' = 10.75/13 = 0.826923,
        # d' = 0.75/13 = 0.057692; p'+d' - (p'-d')^2 = 0.884615 - 0.591716 = 0.292899;
        # Var = 10000 * 0.292899 / 13 = 225.31; margin = 1.96 * 15.010 = 29.42.
        # Centre 100 * (10.75 - 0.75) / 13 = 76.92; high 76.92 + 29.42 > 100 -> 100.
        s = nps.summarize(10, 0, 0, invitations=20)
        self.assertEqual(s["nps"], 100.0)
        self.assertAlmostEqual(s["variance"], 225.31, places=2)
        self.assertAlmostEqual(s["margin"], 29.42, places=2)
        self.assertEqual(s["high"], 100.0)
        self.assertAlmostEqual(s["low"], 47.50, places=2)
        self.assertEqual(s["promoter_share"], 100.0)
        self.assertEqual(s["detractor_share"], 0.0)
        self.assertEqual(s["response_rate"], 50.0)

    def test_one_answer(self):
        # n = 1 promoter: NPS 100, but the plain formula would claim margin 0.
        # n' = 4, p' = 1.75/4 = 0.4375, d' = 0.75/4 = 0.1875;
        # 0.625 - 0.25^2 = 0.5625; Var = 10000 * 0.5625 / 4 = 1406.25; margin = 1.96 * 37.5
        s = nps.summarize(1, 0, 0)
        self.assertEqual(s["nps"], 100.0)
        self.assertAlmostEqual(s["margin"], 73.5, places=6)
        # one detractor is the mirror image
        s = nps.summarize(0, 0, 1)
        self.assertEqual(s["nps"], -100.0)
        self.assertAlmostEqual(s["margin"], 73.5, places=6)

    def test_adjusted_wald_example(self):
        # 5 promoters, 3 passives, 2 detractors: NPS = (5 - 2) / 10 = 30.
        # n' = 13, p' = 5.75/13 = 0.442308, d' = 2.75/13 = 0.211538;
        # 0.653846 - 0.230769^2 = 0.600592; Var = 10000 * 0.600592 / 13 = 461.99;
        # margin = 1.96 * 21.494 = 42.13
        s = nps.summarize(5, 3, 2)
        self.assertEqual(s["nps"], 30.0)
        self.assertAlmostEqual(s["variance"], 461.99, places=2)
        self.assertAlmostEqual(s["margin"], 42.13, places=2)
        self.assertAlmostEqual(s["promoter_share"], 50.0)
        self.assertAlmostEqual(s["passive_share"], 30.0)
        self.assertAlmostEqual(s["detractor_share"], 20.0)

    def test_significance(self):
        # A: 20/10/10 of 40 -> NPS 25, Var = 10000 * (0.732558 - 0.232558^2) / 43 = 157.78
        # B: 30/5/5 of 40 -> NPS 62.5, Var = 10000 * (0.848837 - 0.581395^2) / 43 = 118.79
        # z = 37.5 / sqrt(276.58) = 2.255 > 1.96: significant
        a, b = nps.summarize(20, 10, 10), nps.summarize(30, 5, 5)
        diff, z, significant = nps.change(a, b)
        self.assertEqual(diff, 37.5)
        self.assertAlmostEqual(z, 2.255, places=3)
        self.assertTrue(significant)
        # C: 22/8/10 of 40 -> NPS 30: z = 5 / sqrt(157.78 + 163.09) = 0.279: not significant
        diff, z, significant = nps.change(a, nps.summarize(22, 8, 10))
        self.assertEqual(diff, 5.0)
        self.assertAlmostEqual(z, 0.279, places=3)
        self.assertFalse(significant)
        # nothing to compare with
        self.assertEqual(nps.change(None, a), (None, None, False))
        self.assertEqual(nps.change(nps.summarize(0, 0, 0), a), (None, None, False))

    def test_margin_shrinks_with_n(self):
        # property: same shares, ten times the answers -> a smaller margin
        small, large = nps.summarize(5, 3, 2), nps.summarize(50, 30, 20)
        self.assertEqual(small["nps"], large["nps"])
        self.assertLess(large["margin"], small["margin"])
        for counts in [(0, 0, 7), (3, 0, 0), (1, 1, 1), (100, 0, 100)]:
            s = nps.summarize(*counts)
            self.assertTrue(-100 <= s["low"] <= s["high"] <= 100)

    def test_scores(self):
        self.assertEqual(nps.counts_of_scores([0, 6, 7, 8, 9, 10, 10]), (3, 2, 2))
        self.assertEqual(nps.parse_score("0"), 0)
        self.assertEqual(nps.parse_score(" 10 "), 10)
        for bad in ("11", "-1", "7.5", "", "x", 11, -1, True, None, 7.0):
            self.assertIsNone(nps.parse_score(bad), bad)
        with self.assertRaises(ValueError):
            nps.category(11)
        with self.assertRaises(ValueError):
            nps.satisfaction_index(-1)
        self.assertEqual(nps.satisfaction_index(0), 0.0)
        self.assertEqual(nps.satisfaction_index(8), 80.0)

    def test_response_rate(self):
        self.assertIsNone(nps.response_rate(3, 0))
        self.assertEqual(nps.response_rate(3, 12), 25.0)
        self.assertEqual(nps.response_rate(5, 4), 100.0)


class TestContactRules(unittest.TestCase):

    def test_sample_is_stable_and_close_to_percent(self):
        picked = [pid for pid in range(1, 10001) if nps.in_sample(pid, "c1", 30)]
        again = [pid for pid in range(1, 10001) if nps.in_sample(pid, "c1", 30)]
        self.assertEqual(picked, again)
        self.assertTrue(2800 < len(picked) < 3200, len(picked))
        other = [pid for pid in range(1, 10001) if nps.in_sample(pid, "c2", 30)]
        self.assertNotEqual(picked, other)
        self.assertTrue(nps.in_sample(5, "x", 100))
        self.assertFalse(nps.in_sample(5, "x", 0))

    def test_daily_quota(self):
        # 1000 left over 10 days -> 100 a day
        self.assertEqual(nps.daily_quota(1000, 10, 0, 0), 100)
        # a second run the same day after 100 were sent: (900 + 100) / 10 - 100 = 0
        self.assertEqual(nps.daily_quota(900, 10, 0, 100), 0)
        # cap 50 with 20 sent today -> 30
        self.assertEqual(nps.daily_quota(1000, 10, 50, 20), 30)
        # last day of the window: everyone left
        self.assertEqual(nps.daily_quota(37, 1, 0, 0), 37)
        self.assertEqual(nps.daily_quota(0, 5, 0, 0), 0)
        self.assertEqual(nps.daily_quota(10, 2, 5, 9), 0)
