# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What drives the score: a key-driver analysis of likelihood to recommend.

Johnson's relative weights (Johnson 2000, "A heuristic method for estimating the
relative weight of predictor variables in multiple regression", Multivariate
Behavioral Research 35(1)): the predictors X are replaced by their closest orthogonal
counterparts Z (from the eigen-decomposition R_xx = P diag(l) P', Lambda = P diag(sqrt l)
P' holds the correlations of X with Z); y is regressed on Z (beta = Lambda^-1 r_xy), and
driver j gets ``sum_k Lambda_jk^2 beta_k^2``. The weights add up to the R^2 of the
ordinary regression, and for uncorrelated drivers each is the driver's squared
correlation with y. Bootstrap 95 % intervals resample the customers with a fixed seed.

For a yes/no driver (for example "a breached ticket in the 90 days before the answer")
``with_without`` gives the NPS of the customers with and without it, each with its
adjusted-Wald margin, and whether they differ at 95 % (domain/nps.py).

Below ``MIN_ANSWERS`` answers the analysis says "muestra insuficiente" instead
(InsufficientSample).

Plain Python with numpy, no Odoo: the driver matrix is gathered by the caller in one SQL
pass. Not wired to a screen yet.
"""
import numpy as np

from . import nps

#: fewer answers than this: no analysis ("muestra insuficiente")
MIN_ANSWERS = 30
BOOTSTRAP_RESAMPLES = 200
LEVEL = 0.95


class InsufficientSample(ValueError):
    """Too few answers (or no variation in the answers) for a driver analysis."""


def relative_weights_from_correlations(r_xx, r_xy):
    """Johnson's relative weights from the drivers' correlation matrix ``r_xx`` (p x p)
    and their correlations with the score ``r_xy`` (p): ``(weights, r2)``.

    >>> w, r2 = relative_weights_from_correlations([[1, 0], [0, 1]], [0.5, 0.3])
    >>> [round(v, 4) for v in w], round(r2, 4)
    ([0.25, 0.09], 0.34)
    """
    r_xx = np.asarray(r_xx, dtype=float)
    r_xy = np.asarray(r_xy, dtype=float)
    eigenvalues, eigenvectors = np.linalg.eigh(r_xx)
    eigenvalues = np.clip(eigenvalues, 0.0, None)
    lam = eigenvectors.dot(np.diag(np.sqrt(eigenvalues))).dot(eigenvectors.T)
    # a singular R (a driver that is a sum of others) has no inverse: least squares
    beta = np.linalg.pinv(lam).dot(r_xy)
    weights = (lam ** 2).dot(beta ** 2)
    return weights, float(weights.sum())


def _correlations(data, counts=None):
    """``(r_xx, r_xy, kept)`` from ``data`` (drivers, then the score, one row per
    customer), each row counted ``counts`` times (a bootstrap resample) or once; the
    drivers that do not vary are left out (they weigh 0)."""
    total = float(len(data) if counts is None else counts.sum())
    weighted = data if counts is None else data * counts[:, None]
    means = weighted.sum(axis=0) / total
    cov = weighted.T.dot(data) / total - np.outer(means, means)
    spread = np.sqrt(np.clip(np.diag(cov), 0.0, None))
    kept = np.flatnonzero(spread[:-1] > 1e-12)
    if spread[-1] <= 1e-12 or not len(kept):
        raise InsufficientSample("no variation")
    columns = np.append(kept, len(spread) - 1)
    corr = cov[np.ix_(columns, columns)] / np.outer(spread[columns], spread[columns])
    return corr[:-1, :-1], corr[:-1, -1], kept


def _weights(data, counts=None):
    r_xx, r_xy, kept = _correlations(data, counts)
    kept_weights, r2 = relative_weights_from_correlations(r_xx, r_xy)
    weights = np.zeros(data.shape[1] - 1)
    weights[kept] = kept_weights
    return weights, r2


def _data(x, y):
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    if len(y) < MIN_ANSWERS:
        raise InsufficientSample("%d answers" % len(y))
    # centred once: the covariances of a resample lose no precision
    data = np.column_stack([x, y])
    return data - data.mean(axis=0)


def relative_weights(x, y):
    """Relative weights of the drivers (columns of ``x``, one row per customer) on the
    score ``y``: ``(weights, r2)``, a driver that never varies weighs 0."""
    return _weights(_data(x, y))


def bootstrap_intervals(x, y, resamples=BOOTSTRAP_RESAMPLES, seed=0, level=LEVEL):
    """Percentile intervals of each driver's relative weight over ``resamples``
    resamples of the customers (with replacement, a fixed seed: the same data give the
    same intervals). Returns ``(low, high)`` arrays. A resample is drawn as how many
    times each customer is taken (no copy of the data); one without variation in a
    driver gives that driver 0."""
    data = _data(x, y)
    n = len(data)
    rng = np.random.RandomState(seed)
    draws = np.zeros((resamples, data.shape[1] - 1))
    for index in range(resamples):
        counts = np.bincount(rng.randint(0, n, n), minlength=n).astype(float)
        try:
            draws[index], _r2 = _weights(data, counts)
        except InsufficientSample:
            draws[index] = 0.0  # every answer of the resample the same: no driver
    tail = (1.0 - level) / 2.0 * 100.0
    return (np.percentile(draws, tail, axis=0), np.percentile(draws, 100.0 - tail, axis=0))


def with_without(scores, flags):
    """The NPS of the answers with the driver and of those without it (``flags`` true
    or false per answer), each as ``nps.summarize``, and ``(difference, z,
    significant)`` of without minus with (nps.change)."""
    with_scores = [score for score, flag in zip(scores, flags) if flag]
    without_scores = [score for score, flag in zip(scores, flags) if not flag]
    if len(with_scores) + len(without_scores) < MIN_ANSWERS:
        raise InsufficientSample("%d answers" % (len(with_scores) + len(without_scores)))
    with_summary = nps.summarize(*nps.counts_of_scores(with_scores))
    without_summary = nps.summarize(*nps.counts_of_scores(without_scores))
    return with_summary, without_summary, nps.change(with_summary, without_summary)
