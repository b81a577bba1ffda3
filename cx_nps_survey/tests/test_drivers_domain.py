# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The key-driver maths (domain/drivers.py), without a database; expected values worked
by hand in the comments, or from an independent oracle (ordinary least squares)."""
import doctest
import unittest

import numpy as np

from ..domain import drivers


class TestRelativeWeights(unittest.TestCase):
    def test_two_correlated_drivers_by_hand(self):
        # r12 = 0.6, r_y = (0.5, 0.3). Eigenvalues 1.6 and 0.4 (vectors (1, 1) and
        # (1, -1) over sqrt 2): Lambda = [[a, b], [b, a]], a = (sqrt 1.6 + sqrt 0.4) / 2
        # = 0.948683, b = (sqrt 1.6 - sqrt 0.4) / 2 = 0.316228; det = a^2 - b^2 = 0.8.
        # beta = Lambda^-1 r_y: (0.948683 x 0.5 - 0.316228 x 0.3) / 0.8 = 0.474342 and
        # (-0.316228 x 0.5 + 0.948683 x 0.3) / 0.8 = 0.158114; beta^2 = 0.225, 0.025.
        # w1 = a^2 0.225 + b^2 0.025 = 0.9 x 0.225 + 0.1 x 0.025 = 0.205
        # w2 = b^2 0.225 + a^2 0.025 = 0.0225 + 0.0225 = 0.045
        # R^2 = r' R^-1 r = (0.25 + 0.09 - 2 x 0.6 x 0.15) / 0.64 = 0.16 / 0.64 = 0.25
        weights, r2 = drivers.relative_weights_from_correlations(
            [[1.0, 0.6], [0.6, 1.0]], [0.5, 0.3])
        self.assertAlmostEqual(weights[0], 0.205, 6)
        self.assertAlmostEqual(weights[1], 0.045, 6)
        self.assertAlmostEqual(r2, 0.25, 6)

    def test_weights_add_up_to_the_regression_r2(self):
        rng = np.random.RandomState(3)
        n = 500
        x = rng.normal(size=(n, 4))
        x[:, 1] += 0.7 * x[:, 0]                       # correlated drivers
        y = 2.0 * x[:, 0] - 1.0 * x[:, 2] + rng.normal(size=n)
        weights, r2 = drivers.relative_weights(x, y)
        # oracle: R^2 of ordinary least squares with an intercept
        design = np.column_stack([np.ones(n), x])
        coef = np.linalg.lstsq(design, y, rcond=None)[0]
        residual = y - design.dot(coef)
        ols_r2 = 1.0 - residual.dot(residual) / ((y - y.mean()) ** 2).sum()
        self.assertAlmostEqual(r2, ols_r2, 8)
        self.assertAlmostEqual(weights.sum(), ols_r2, 8)
        self.assertTrue((weights >= 0).all())
        # driver 3 plays no part: the smallest weight
        self.assertEqual(int(np.argmin(weights)), 3)

    def test_constant_driver_weighs_zero_and_small_samples_refused(self):
        rng = np.random.RandomState(1)
        x = np.column_stack([rng.normal(size=100), np.ones(100)])
        y = x[:, 0] + rng.normal(size=100)
        weights, _r2 = drivers.relative_weights(x, y)
        self.assertEqual(weights[1], 0.0)
        with self.assertRaises(drivers.InsufficientSample):
            drivers.relative_weights(x[:29], y[:29])
        with self.assertRaises(drivers.InsufficientSample):
            drivers.relative_weights(x, np.full(100, 9.0))   # every answer the same

    def test_bootstrap_fixed_seed(self):
        rng = np.random.RandomState(7)
        x = rng.normal(size=(300, 3))
        y = x[:, 0] + 0.3 * x[:, 1] + rng.normal(size=300)
        weights, _r2 = drivers.relative_weights(x, y)
        low, high = drivers.bootstrap_intervals(x, y, resamples=100, seed=11)
        again = drivers.bootstrap_intervals(x, y, resamples=100, seed=11)
        self.assertTrue((low == again[0]).all() and (high == again[1]).all())
        # the two drivers with an effect: their weight inside its interval (a driver
        # without one has a weight near 0, below most of its resamples' weights)
        self.assertTrue(((low <= weights) & (weights <= high))[:2].all())
        self.assertTrue((low < high).all())


class TestWithWithout(unittest.TestCase):
    def test_by_hand(self):
        # with the driver: 15 answers 0 and 15 answers 10: NPS 0; without: 30 answers 9:
        # NPS 100. Adjusted-Wald: with n 33, p = d = 15.75 / 33 = 0.477273,
        # Var = 10000 (0.954545 - 0) / 33 = 289.26; without p = 30.75 / 33 = 0.931818,
        # d = 0.75 / 33 = 0.022727, Var = 10000 (0.954545 - 0.909091^2) / 33
        # = 10000 x 0.128099 / 33 = 38.82; z = 100 / sqrt(328.07) = 5.52 > 1.96: significant
        scores = [0] * 15 + [10] * 15 + [9] * 30
        flags = [True] * 30 + [False] * 30
        with_summary, without_summary, (diff, z, significant) = drivers.with_without(
            scores, flags)
        self.assertEqual((with_summary["nps"], without_summary["nps"], diff),
                         (0.0, 100.0, 100.0))
        self.assertAlmostEqual(with_summary["variance"], 289.26, 2)
        self.assertAlmostEqual(without_summary["variance"], 38.82, 2)
        self.assertAlmostEqual(z, 5.52, 2)
        self.assertTrue(significant)
        with self.assertRaises(drivers.InsufficientSample):
            drivers.with_without(scores[:10], flags[:10])


class TestDoctests(unittest.TestCase):
    def test_module_doctests(self):
        failures, _tried = doctest.testmod(drivers)
        self.assertEqual(failures, 0)
