# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The satisfaction index maths (domain/satisfaction.py), without a database. Every
expected value is worked by hand in the comments."""
import doctest
import unittest

from ..domain import satisfaction as sat

W = dict(sat.DEFAULT_WEIGHTS)  # nps 40, interaction 15, sla 15, followup 10, behaviour 20


class TestDecay(unittest.TestCase):
    def test_half_life(self):
        # one half-life: 1/2; two: 1/4; today and a future date: 1
        self.assertEqual(sat.decay_weight(180, 180), 0.5)
        self.assertEqual(sat.decay_weight(360, 180), 0.25)
        self.assertEqual(sat.decay_weight(0, 180), 1.0)
        self.assertEqual(sat.decay_weight(-5, 180), 1.0)

    def test_decayed_mean(self):
        # 80 today, 40 one half-life ago: (80 x 1 + 40 x 0.5) / 1.5 = 100 / 1.5 = 66.67
        self.assertAlmostEqual(sat.decayed_mean([(80.0, 0), (40.0, 180)], 180), 66.6667, 3)
        # the same with a half-life of 90: 40 weighs 0.25, (80 + 10) / 1.25 = 72
        self.assertAlmostEqual(sat.decayed_mean([(80.0, 0), (40.0, 180)], 90), 72.0)
        self.assertIsNone(sat.decayed_mean([], 180))


class TestBehaviour(unittest.TestCase):
    def test_regular_and_recent(self):
        # invoices 10, 40, 70, 100 days ago: gaps 30, 30, 30, median 30;
        # r = 10 / 30 < 1: recency 100; no spread: regularity 100; 0.75 x 100 + 0.25 x 100
        self.assertEqual(sat.behaviour_score([10, 40, 70, 100]), 100.0)

    def test_one_gap_recency_only(self):
        # 90 and 150 days ago: one gap of 60; r = 90 / 60 = 1.5;
        # recency (3 - 1.5) / (3 - 1) = 0.75: 75 (regularity needs two gaps)
        self.assertEqual(sat.behaviour_score([150, 90]), 75.0)

    def test_irregular(self):
        # 20, 30, 70, 100 days ago: gaps 10, 40, 30, median 30; r = 20 / 30: recency 100;
        # mean |gap - 30| = (20 + 10 + 0) / 3 = 10, over 30 = 1/3: regularity 66.67;
        # 0.75 x 100 + 0.25 x 66.67 = 91.67
        self.assertAlmostEqual(sat.behaviour_score([20, 30, 70, 100]), 91.6667, 3)

    def test_lost_customer(self):
        # last invoice 400 days ago, usual gap 30: r = 13.3 > 3: recency 0;
        # gaps 30, 30: regularity 100; 0.75 x 0 + 0.25 x 100 = 25
        self.assertEqual(sat.behaviour_score([400, 430, 460]), 25.0)
        # exactly three gaps: 0 recency; one gap only: 0
        self.assertEqual(sat.behaviour_score([90, 120]), 0.0)

    def test_no_rhythm_yet(self):
        self.assertIsNone(sat.behaviour_score([]))
        self.assertIsNone(sat.behaviour_score([12]))
        self.assertIsNone(sat.behaviour_score([12, 12]))  # two invoices the same day


class TestIndex(unittest.TestCase):
    def test_weighted_mean_of_present_components(self):
        # nps 70, sla 50, behaviour 100: (40 x 70 + 15 x 50 + 20 x 100) / (40 + 15 + 20)
        # = (2800 + 750 + 2000) / 75 = 5550 / 75 = 74.0
        self.assertEqual(sat.satisfaction_index({sat.NPS: 70.0, sat.SLA: 50.0,
                                                 sat.BEHAVIOUR: 100.0}, W), (74.0, False))

    def test_estimated_without_answers(self):
        # interaction 66.7, behaviour 100: (15 x 66.7 + 20 x 100) / 35 = 3000.5 / 35
        # = 85.73: estimated (no NPS answer)
        self.assertEqual(sat.satisfaction_index({sat.INTERACTION: 66.7,
                                                 sat.BEHAVIOUR: 100.0}, W), (85.7, True))

    def test_zero_weight_leaves_out(self):
        weights = dict(W, behaviour=0.0)
        self.assertEqual(sat.satisfaction_index({sat.NPS: 30.0, sat.BEHAVIOUR: 100.0},
                                                weights), (30.0, False))
        # only a component with weight 0: no index
        self.assertEqual(sat.satisfaction_index({sat.BEHAVIOUR: 100.0}, weights),
                         (None, True))

    def test_zero_is_a_value(self):
        # a lost follow-up is 0, not "no data": (40 x 90 + 10 x 0) / 50 = 72
        self.assertEqual(sat.satisfaction_index({sat.NPS: 90.0, sat.FOLLOWUP: 0.0}, W),
                         (72.0, False))

    def test_components_from_signals(self):
        signals = {sat.NPS: [(90.0, 0), (50.0, 180)], sat.BEHAVIOUR: [10, 40],
                   sat.SLA: []}
        # nps (90 + 25) / 1.5 = 76.67 -> 76.7; behaviour one gap 30, r = 1/3: 100; sla none
        self.assertEqual(sat.components(signals, 180), {sat.NPS: 76.7, sat.BEHAVIOUR: 100.0})

    def test_bounds_property(self):
        import random
        rng = random.Random(13)
        for _i in range(500):
            values = {code: rng.uniform(0, 100) for code in sat.COMPONENTS
                      if rng.random() < 0.6}
            weights = {code: rng.choice([0.0, rng.uniform(0, 50)]) for code in sat.COMPONENTS}
            index, estimated = sat.satisfaction_index(values, weights)
            self.assertEqual(estimated, sat.NPS not in values)
            if index is not None:
                self.assertGreaterEqual(index, round(min(values.values()), 1) - 0.05)
                self.assertLessEqual(index, round(max(values.values()), 1) + 0.05)

    def test_settings(self):
        sat.check_settings(W, 180)
        for weights, half_life, what in ((dict(W, sla=-1.0), 180, "weights"),
                                         ({code: 0.0 for code in W}, 180, "weights"),
                                         (W, 0, "half_life")):
            with self.assertRaises(sat.SettingsError) as caught:
                sat.check_settings(weights, half_life)
            self.assertEqual(str(caught.exception), what)


def load_tests(loader, tests, ignore):
    tests.addTests(doctest.DocTestSuite(sat))
    return tests


class TestDoctests(unittest.TestCase):
    def test_module_doctests(self):
        failures, _tried = doctest.testmod(sat)
        self.assertEqual(failures, 0)
