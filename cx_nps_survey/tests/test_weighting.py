# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Plain unit tests of the answers weighted to the customer base: no database.

Expected values are worked by hand in the comments, or taken from published examples.
"""
import doctest
import unittest

import numpy as np

from ..domain import nps, stats_engine, weighting
from ..domain.weighting import Cell


class TestWeightingDoctests(unittest.TestCase):

    def test_doctests(self):
        for module in (weighting, stats_engine):
            result = doctest.testmod(module)
            self.assertEqual(result.failed, 0, module.__name__)
            self.assertGreater(result.attempted, 4, module.__name__)


class TestKishAndTrimming(unittest.TestCase):

    def test_kish_effective_size(self):
        # Kish (1965): n_eff = (sum w)^2 / sum w^2. Weights 1, 1, 4: 6^2 / 18 = 2.
        self.assertAlmostEqual(weighting.kish_neff([1, 1, 4], [1, 1, 1]), 2.0)
        # a cell weight counts once per answer: 2 answers of 1 and 1 of 4 is the same
        self.assertAlmostEqual(weighting.kish_neff([1, 4], [2, 1]), 2.0)
        # equal weights: n_eff = n
        self.assertAlmostEqual(weighting.kish_neff([0.7] * 4, [3, 3, 3, 3]), 12.0)
        self.assertEqual(weighting.kish_neff([0, 0], [3, 3]), 0.0)

    def test_trimming_keeps_the_total(self):
        # mean weight 20 / 5 = 4, cap 2 x 4 = 8; the excess 8 goes to the four others
        # in proportion: 4 + 8 = 12 over 4 -> 3 each. Total stays 20.
        weights, capped = weighting.trim([1, 1, 1, 1, 16], [1, 1, 1, 1, 1], ratio=2.0)
        self.assertEqual([round(w, 9) for w in weights], [3.0, 3.0, 3.0, 3.0, 8.0])
        self.assertEqual(capped, 1)
        weights, capped = weighting.trim([1, 2], [5, 5], ratio=5.0)
        self.assertEqual((list(weights), capped), ([1.0, 2.0], 0))


class TestPostStratification(unittest.TestCase):

    def test_hand_worked_two_cells(self):
        # Base: 60 customers in tier a, 40 in tier b. Answers: a 10 (8 promoters,
        # 2 detractors), b 10 (2 promoters, 8 detractors): plain NPS 0.
        # Weights: a (60/100) / (10/20) = 1.2, b 0.4 / 0.5 = 0.8.
        # p_w = (1.2*8 + 0.8*2) / 20 = 0.56, d_w = (1.2*2 + 0.8*8) / 20 = 0.44 -> NPS 12.
        # n_eff = 20^2 / (10*1.44 + 10*0.64) = 400 / 20.8 = 19.2308; deff = 1.04.
        # Adjusted-Wald on n_eff: n' = 22.2308, p' = (10.7692 + 0.75) / n' = 0.518166,
        # d' = (8.4615 + 0.75) / n' = 0.414360; p' + d' - (p' - d')^2 = 0.921750;
        # Var = 10000 * 0.921750 / 22.2308 = 414.63; margin = 1.96 * 20.362 = 39.91.
        base = {("a", "x"): 60, ("b", "x"): 40}
        cells = [Cell("a", "x", 8, 0, 2), Cell("b", "x", 2, 0, 8)]
        s = weighting.weighted_summary(cells, base)
        self.assertEqual(s["weighting"], weighting.POSTSTRAT)
        self.assertAlmostEqual(s["weighted_nps"], 12.0)
        self.assertAlmostEqual(s["n_eff"], 19.2308, places=4)
        self.assertAlmostEqual(s["design_effect"], 1.04, places=4)
        self.assertAlmostEqual(s["weighted_variance"], 414.63, places=2)
        self.assertAlmostEqual(s["weighted_margin"], 39.91, places=2)
        self.assertAlmostEqual(s["coverage"], 100.0)
        self.assertAlmostEqual(s["weight_max"], 1.2)
        self.assertEqual(s["trimmed"], 0)

    def test_equal_weights_give_the_plain_figures(self):
        # the answers already mirror the base (20:10 of 200:100): every weight 1, so
        # the weighted NPS, margin and interval are exactly nps.summarize's
        base = {("a", "x"): 200, ("b", "y"): 100}
        cells = [Cell("a", "x", 9, 6, 5), Cell("b", "y", 2, 3, 5)]
        plain = nps.summarize(11, 9, 10)
        s = weighting.weighted_summary(cells, base)
        self.assertAlmostEqual(s["weighted_nps"], plain["nps"])
        self.assertAlmostEqual(s["weighted_margin"], plain["margin"])
        self.assertAlmostEqual(s["weighted_low"], plain["low"])
        self.assertAlmostEqual(s["weighted_high"], plain["high"])
        self.assertAlmostEqual(s["n_eff"], 30.0)
        self.assertAlmostEqual(s["design_effect"], 1.0)

    def test_revenue_weighted_nps(self):
        # base: tier a 10 customers holding 9,000 of revenue, tier b 10 holding 1,000;
        # answers a 5 promoters, b 5 detractors: weights 1 and 1, weighted NPS 0. Of
        # the base's revenue, promoters hold the cells' shares: (9000 x (1 - 0) +
        # 1000 x (0 - 1)) / 10000 = +80.
        base = {("a", "x"): 10, ("b", "x"): 10}
        revenue = {("a", "x"): 9000.0, ("b", "x"): 1000.0}
        cells = [Cell("a", "x", 5, 0, 0), Cell("b", "x", 0, 0, 5)]
        s = weighting.weighted_summary(cells, base, revenue)
        self.assertAlmostEqual(s["weighted_nps"], 0.0)
        self.assertAlmostEqual(s["revenue_nps"], 80.0)
        self.assertIsNone(weighting.weighted_summary(cells, base)["revenue_nps"])
        self.assertIsNone(weighting.weighted_summary(
            cells, base, {("a", "x"): 0.0, ("b", "x"): 0.0})["revenue_nps"])

    def test_sparse_cells_are_pooled_within_their_tier(self):
        # tier a: x 10 answers, y 2, z 3 (y and z under 5: pooled as "a, other
        # stages" with 5 answers and 20 + 10 customers); tier b: x 6 answers.
        # n = 21, N = 100: a-x (50/100)/(10/21) = 1.05, pooled (30/100)/(5/21) = 1.26,
        # b-x (20/100)/(6/21) = 0.70.
        base = {("a", "x"): 50, ("a", "y"): 20, ("a", "z"): 10, ("b", "x"): 20}
        cells = [Cell("a", "x", 10, 0, 0), Cell("a", "y", 2, 0, 0),
                 Cell("a", "z", 0, 0, 3), Cell("b", "x", 0, 6, 0)]
        weights, method, coverage = weighting.cell_weights(cells, base)
        self.assertEqual(method, weighting.COLLAPSED)
        self.assertEqual([round(w, 6) for w in weights], [1.05, 1.26, 1.26, 0.7])
        self.assertAlmostEqual(coverage, 100.0)
        # NPS: (1.05*10 + 1.26*2 - 1.26*3) / 21 = (10.5 + 2.52 - 3.78) / 21 = 44.0
        s = weighting.weighted_summary(cells, base)
        self.assertAlmostEqual(s["weighted_nps"], 44.0)

    def test_answers_outside_the_base_weigh_nothing(self):
        # the customers of cell b-x left the base: its answers get no weight, the
        # figure stands for tier a only (coverage 100 %: the base is all in a-x)
        cells = [Cell("a", "x", 5, 0, 0), Cell("b", "x", 0, 0, 5)]
        weights, method, coverage = weighting.cell_weights(cells, {("a", "x"): 10})
        self.assertEqual(list(weights), [1.0, 0.0])
        s = weighting.weighted_summary(cells, {("a", "x"): 10})
        self.assertAlmostEqual(s["weighted_nps"], 100.0)

    def test_no_data(self):
        for cells, base in (([], {("a", "x"): 10}), ([Cell("a", "x", 1, 0, 0)], {})):
            s = weighting.weighted_summary(cells, base)
            self.assertIsNone(s["weighted_nps"])
            self.assertIsNone(s["weighted_margin"])
            self.assertIsNone(s["n_eff"])


class TestRaking(unittest.TestCase):

    def test_two_by_two_published_table(self):
        # Klemens, "Modeling with Data" (Princeton, 2008), ch. on raking: survey table
        # 7 9 / 12 7 raked to the census margins rows 5, 15 and columns 10, 10.
        # Raking keeps the seed's odds ratio (Bishop, Fienberg & Holland 1975, 3.5):
        # with x11 = a the fit is a, 5 - a / 10 - a, 5 + a and
        # a (5 + a) / ((5 - a)(10 - a)) = 7*7 / (9*12) = 49/108
        # -> 59 a^2 + 1275 a - 2450 = 0 -> a = (-1275 + sqrt(2203825)) / 118 = 1.775666.
        fitted = weighting.rake([7, 9, 12, 7], [0, 0, 1, 1], [0, 1, 0, 1], [5, 15], [10, 10])
        a = 1.7756656
        for got, expected in zip(fitted, (a, 5 - a, 10 - a, 5 + a)):
            self.assertAlmostEqual(got, expected, places=6)

    def test_three_by_three_textbook_table(self):
        # The raking-ratio example of Ardilly & Tillé ("Sampling Methods: Exercises and
        # Solutions", Springer 2006) as given in the manual of R's TeachingSampling::IPFP:
        # rows a1..a3 = 80 170 150 / 90 80 210 / 10 80 130, known margins rows
        # 430, 360, 210 and columns 150, 300, 550. The fit meets both margins and keeps
        # every cross-product ratio of the seed (x_ij x_kl / x_il x_kj).
        seed = np.array([[80, 170, 150], [90, 80, 210], [10, 80, 130]], dtype=float)
        rows, cols = np.indices(seed.shape)
        fitted = weighting.rake(seed.ravel(), rows.ravel(), cols.ravel(),
                                [430, 360, 210], [150, 300, 550]).reshape(seed.shape)
        np.testing.assert_allclose(fitted.sum(axis=1), [430, 360, 210], rtol=1e-8)
        np.testing.assert_allclose(fitted.sum(axis=0), [150, 300, 550], rtol=1e-8)
        for i, k in ((0, 1), (0, 2), (1, 2)):
            for j, m in ((0, 1), (0, 2), (1, 2)):
                self.assertAlmostEqual(
                    fitted[i, j] * fitted[k, m] / (fitted[i, m] * fitted[k, j]),
                    seed[i, j] * seed[k, m] / (seed[i, m] * seed[k, j]), places=8)

    def test_thin_cells_fall_back_to_raking_on_the_margins(self):
        # pooled "a, other stages" would still hold 2 answers (< 5): raking. The
        # weighted answers then match the base on both margins: tiers a 50 %, b 50 %;
        # stages x 70 %, y 30 % (weights stay under the trimming cap here).
        base = {("a", "x"): 40, ("a", "y"): 10, ("b", "x"): 30, ("b", "y"): 20}
        cells = [Cell("a", "x", 10, 0, 0), Cell("a", "y", 2, 0, 0),
                 Cell("b", "x", 10, 0, 0), Cell("b", "y", 3, 0, 0)]
        weights, method, coverage = weighting.cell_weights(cells, base)
        self.assertEqual(method, weighting.RAKING)
        counts = np.array([10, 2, 10, 3])
        weighted = weights * counts
        total = weighted.sum()
        self.assertAlmostEqual(total, 25.0)
        self.assertAlmostEqual((weighted[0] + weighted[1]) / total, 0.5)
        self.assertAlmostEqual((weighted[0] + weighted[2]) / total, 0.7)
        self.assertAlmostEqual(coverage, 100.0)

    def test_a_tier_nobody_answered_is_left_out(self):
        # nobody of tier c (20 of 100 customers) answered: raking reaches tiers a
        # and b only, and the coverage says so: 80 %
        base = {("a", "x"): 40, ("a", "y"): 10, ("b", "x"): 20, ("b", "y"): 10,
                ("c", "x"): 20}
        cells = [Cell("a", "x", 10, 0, 0), Cell("a", "y", 2, 0, 0),
                 Cell("b", "x", 10, 0, 0), Cell("b", "y", 3, 0, 0)]
        _weights, method, coverage = weighting.cell_weights(cells, base)
        self.assertEqual(method, weighting.RAKING)
        self.assertAlmostEqual(coverage, 80.0)


class TestResponseSpread(unittest.TestCase):

    def test_uneven_rates(self):
        # rates 20 % and 40 % on 100 invitations each: mean 30 %, S = 10 points,
        # CV = 10 / 30 = 33.3 %, R-indicator 1 - 2 x 0.10 = 0.80
        r = weighting.response_spread([(100, 20), (100, 40)])
        self.assertAlmostEqual(r["response_rate_cv"], 100.0 / 3)
        self.assertAlmostEqual(r["representativeness"], 80.0)

    def test_even_rates_and_no_invitations(self):
        r = weighting.response_spread([(50, 10), (200, 40)])
        self.assertAlmostEqual(r["response_rate_cv"], 0.0)
        self.assertAlmostEqual(r["representativeness"], 100.0)
        self.assertEqual(weighting.response_spread([]),
                         {"response_rate_cv": None, "representativeness": None})


class TestEngineGroups(unittest.TestCase):

    def test_tier_groups_are_weighted_to_their_tier(self):
        # group by tier: tier 1's answers are weighted to tier 1's customers only
        # (stage 10: 30, stage 20: 10); answers 5 + 5 -> weights 1.5 and 0.5;
        # NPS (1.5 x 5 - 0.5 x 5) / 10 = 50. Tier 2 (one cell) stays plain: -100.
        answers = [(1, 1, 10, 5, 0, 0), (1, 1, 20, 0, 0, 5), (2, 2, 10, 0, 0, 5)]
        base = {(1, 10): 30, (1, 20): 10, (2, 10): 100}
        rows = {r["key"]: r for r in stats_engine.group_rows(
            answers, 1, None, base, ["tier_id"])}
        self.assertAlmostEqual(rows[1]["weighted_nps"], 50.0)
        self.assertEqual(rows[1]["nps"], 0.0)
        self.assertAlmostEqual(rows[2]["weighted_nps"], -100.0)
        strata = {(s["tier_id"], s["stage_id"]): s for s in rows[1]["strata"]}
        self.assertEqual(strata[(1, 10)]["population"], 30)
        self.assertAlmostEqual(strata[(1, 10)]["weight"], 1.5)
        self.assertIsNone(strata[(1, 10)]["response_rate"])

    def test_invitations_without_answers_and_rates_per_stratum(self):
        # campaign 7: 10 invitations in stratum (1, 10), 4 answers; campaign 8: 5
        # invitations, no answer -> listed with n = 0 and its response rate 0
        answers = [(7, 1, 10, 2, 1, 1)]
        invitations = [(7, 1, 10, 10), (8, 1, 10, 5)]
        rows = {r["key"]: r for r in stats_engine.group_rows(
            answers, 1, invitations, {(1, 10): 50}, ["campaign_id"])}
        self.assertEqual(rows[7]["invitations"], 10)
        self.assertEqual(rows[7]["response_rate"], 40.0)
        self.assertEqual(rows[7]["strata"][0]["response_rate"], 40.0)
        self.assertEqual(rows[8]["n"], 0)
        self.assertIsNone(rows[8]["weighted_nps"])
        self.assertEqual(rows[8]["response_rate"], 0.0)

    def test_plain_python_values(self):
        # the rows go out over XML-RPC, which cannot carry numpy's scalars
        answers = [(7, 1, 10, 2, 1, 1), (7, 2, 10, 1, 0, 0)]
        rows = stats_engine.group_rows(answers, 1, [(7, 1, 10, 10), (7, 2, 10, 3)],
                                       {(1, 10): 50, (2, 10): 5}, ["campaign_id"],
                                       {(1, 10): 500.0, (2, 10): 90.0})

        def check(value):
            if isinstance(value, dict):
                for item in value.values():
                    check(item)
            elif isinstance(value, list):
                for item in value:
                    check(item)
            else:
                self.assertIn(type(value), (int, float, str, bool, type(None)), value)
        check(rows[0])
        self.assertIsNotNone(rows[0]["response_rate_cv"])
        self.assertIsNotNone(rows[0]["coverage"])
        self.assertIsNotNone(rows[0]["revenue_nps"])

    def test_total_without_answers(self):
        rows = stats_engine.group_rows([], 0, None, {(1, 10): 5}, [])
        self.assertEqual(len(rows), 1)
        self.assertEqual(rows[0]["n"], 0)
        self.assertIsNone(rows[0]["nps"])
        self.assertIsNone(rows[0]["weighted_nps"])


class TestSimulation(unittest.TestCase):
    """The point of weighting, on a synthetic base (fixed seed): strategic customers
    are happier and answer half as often, so the plain NPS is biased low; the
    weighted NPS recovers the NPS of the whole base within its margin."""

    def test_weighted_recovers_the_truth(self):
        random = np.random.RandomState(13)
        tiers = {"strategic": (2000, 0.60, 0.10, 0.10), "low": (8000, 0.20, 0.40, 0.20)}
        base, cells = {}, []
        promoters_all = detractors_all = customers = 0
        for tier, (size, p, d, rate) in tiers.items():
            scores = random.choice(3, size=size, p=[p, 1 - p - d, d])
            promoters_all += int((scores == 0).sum())
            detractors_all += int((scores == 2).sum())
            customers += size
            answered = scores[random.random_sample(size) < rate]
            base[(tier, "service")] = size
            cells.append(Cell(tier, "service", int((answered == 0).sum()),
                              int((answered == 1).sum()), int((answered == 2).sum())))
        truth = 100.0 * (promoters_all - detractors_all) / customers
        plain = nps.summarize(sum(c.promoters for c in cells), sum(c.passives for c in cells),
                              sum(c.detractors for c in cells))
        weighted = weighting.weighted_summary(cells, base)
        # the plain NPS misses the truth by more than its margin; the weighted one not
        self.assertGreater(abs(plain["nps"] - truth), plain["margin"])
        self.assertLess(abs(weighted["weighted_nps"] - truth), weighted["weighted_margin"])
