# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Plain unit tests of the stratified sampling plan (domain/sampling.py): no database.
Expected values worked by hand in the comments."""
import doctest
import unittest

from ..domain import sampling
from ..domain.sampling import Stratum


class TestSamplingPlan(unittest.TestCase):

    def test_doctests(self):
        result = doctest.testmod(sampling)
        self.assertEqual(result.failed, 0)
        self.assertGreater(result.attempted, 5)

    def test_neyman(self):
        # a: 50 promoters and 50 detractors of 100 -> p' = d' = 50.75/103, q = 0.985437,
        # S = 99.27; b: 100 promoters -> p' = 100.75/103, d' = 0.75/103,
        # q = 0.985437 - 0.970874^2 = 0.042841, S = 20.70. No invitation history: both
        # answer 25 %. Shares N x S = 99,270 : 20,698 -> 100 x 0.8275 = 82.75 -> 83, 17.
        strata = [Stratum("a", 1000, 1000, 50, 0, 50), Stratum("b", 1000, 1000, 100, 0, 0)]
        self.assertEqual(sampling.allocate(strata, 100, sampling.ALLOCATION_NEYMAN), [83, 17])
        self.assertAlmostEqual(strata[0].sd, 99.27, places=2)
        self.assertAlmostEqual(strata[1].sd, 20.70, places=2)

    def test_equal_answers_cost_more_invitations_where_fewer_answer(self):
        # equal answers; a answers 20 % (40 of 200 past invitations), b 40 %:
        # invitations 1/0.2 = 5 : 1/0.4 = 2.5 -> 60 x 2/3 = 40 and 20
        strata = [Stratum("a", 500, 500, past_invitations=200, past_answered=40),
                  Stratum("b", 50, 500, past_invitations=200, past_answered=80)]
        self.assertEqual(sampling.allocate(strata, 60, sampling.ALLOCATION_EQUAL), [40, 20])

    def test_a_full_stratum_passes_its_share_on(self):
        # proportional 300 : 100 of 40 would be 30 and 10, but a has 12 eligible only:
        # a 12, the 18 left go to b (the only one with room): b 28
        strata = [Stratum("a", 300, 12), Stratum("b", 100, 100)]
        self.assertEqual(sampling.allocate(strata, 40, sampling.ALLOCATION_PROPORTIONAL),
                         [12, 28])
        # never more than the eligible of all strata
        self.assertEqual(sampling.allocate(strata, 1000, sampling.ALLOCATION_PROPORTIONAL),
                         [12, 100])

    def test_rates_fall_back_to_all_strata_then_to_the_default(self):
        # a: 10 invitations (under 20): the rate of all strata, (5 + 30) / (10 + 100)
        strata = sampling.response_rates([
            Stratum("a", 10, 10, past_invitations=10, past_answered=5),
            Stratum("b", 10, 10, past_invitations=100, past_answered=30)])
        self.assertAlmostEqual(strata[0].rate, 35 / 110.0)
        self.assertAlmostEqual(strata[1].rate, 0.3)
        strata = sampling.response_rates([Stratum("a", 10, 10)])
        self.assertEqual(strata[0].rate, sampling.DEFAULT_RESPONSE_RATE)

    def test_margin_sizes(self):
        # worst case without history, a large stratum: K - 3 = 384.16 - 3 -> 382 for
        # +/- 10 (Lewis & Sauro quote about 384 before the adjusted-Wald 3)
        self.assertEqual(sampling.answers_for_margin(10.0, 1.0, 10 ** 9), 382)
        # a small stratum needs almost everybody: N = 20, +/- 5 points
        # K = 1536.64, n = (20 K - 57) / (K + 19) = 30675.8 / 1555.64 = 19.72 -> 20
        self.assertEqual(sampling.answers_for_margin(5.0, 1.0, 20), 20)
        self.assertEqual(sampling.answers_for_margin(10.0, 1.0, 0), 0)
        # the planned answers reach the margin they were planned for
        for population in (30, 200, 5000):
            for margin in (5.0, 10.0, 20.0):
                n = sampling.answers_for_margin(margin, 0.6, population)
                if n < population:
                    self.assertLessEqual(sampling.expected_margin(n, 0.6, population),
                                         margin + 1e-9)
                    self.assertGreater(sampling.expected_margin(n - 1, 0.6, population),
                                       margin - 1e-9)
        self.assertIsNone(sampling.expected_margin(0, 1.0, 100))
        self.assertEqual(sampling.expected_margin(100, 1.0, 100), 0.0)

    def test_margin_allocation_caps_at_the_eligible(self):
        # +/- 10, worst case, N = 1000: 276 answers / 25 % = 1104 > 1000 eligible
        strata = [Stratum("a", 1000, 1000)]
        self.assertEqual(sampling.allocate(strata, 0, sampling.ALLOCATION_MARGIN, 10.0),
                         [1000])
        with self.assertRaises(ValueError):
            sampling.allocate(strata, 10, "random")
