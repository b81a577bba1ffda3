# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Answers weighted to the customer base, in plain Python with numpy (no odoo import).

Whoever answers a survey is not the customer base: strategic accounts answer less,
unhappy customers more or less depending on the channel. Each answer gets a weight so
that the answers of each segment (value tier x lifecycle stage, the *cells*) count as
much as that segment weighs in the base.

How the weights are made (the stated rule, checked in this order):

1. **Post-stratification** on tier x stage cells when every cell of the base holds at
   least ``MIN_CELL_ANSWERS`` answers: weight of an answer of cell c =
   (N_c / N) / (n_c / n), the share of the base over the share of the answers.
2. **Collapsed cells** otherwise: within each tier, the cells with fewer than
   ``MIN_CELL_ANSWERS`` answers are pooled into one cell "tier, other stages"; used
   when every pooled cell then holds enough answers.
3. **Raking** (iterative proportional fitting, Deming & Stephan 1940) on the tier and
   the stage margins otherwise: the weights of the answered cells are scaled in turn
   so that the weighted answers match the base per tier, then per stage, until both
   match. A tier or stage with no answer at all cannot be represented: its customers
   are left out, and ``coverage`` says which share of the base the answers stand for.

Answers of a segment the base no longer holds (no customer in that cell, or in that
tier or stage for raking) get no weight. Weights are then **trimmed** at
``TRIM_RATIO`` times the mean weight (the excess spread over the other answers, a few
rounds), so that one rare answer never carries the figure; trimming trades a little
bias for a lot of variance and is reported (``trimmed``).

Uncertainty: Kish's effective sample size n_eff = (sum w)^2 / sum w^2 (Kish 1965), the
design effect deff = n / n_eff, and the adjusted-Wald variance of domain/nps.py applied
to the weighted shares on n_eff answers: with equal weights every figure is the plain
one.

Base: 60 customers in tier a, 40 in tier b; answers: a 10 (all promoters), b 10
(all detractors); plain NPS 0, weighted NPS 100 x (0.6 - 0.4) = 20:

    >>> base = {("a", "x"): 60, ("b", "x"): 40}
    >>> s = weighted_summary([Cell("a", "x", 10, 0, 0), Cell("b", "x", 0, 0, 10)], base)
    >>> round(s["weighted_nps"], 6), s["weighting"], round(s["n_eff"], 4)
    (20.0, 'poststrat', 19.2308)
"""
import math

import numpy as np

from . import nps

#: a tier x stage cell needs this many answers to be weighted on its own
MIN_CELL_ANSWERS = 5
#: no answer weighs more than this many times the mean weight
TRIM_RATIO = 5.0
TRIM_ROUNDS = 20
#: raking stops when every margin is met within this relative error, or after so many
RAKE_TOLERANCE = 1e-9
RAKE_MAX_ROUNDS = 200

POSTSTRAT = "poststrat"
COLLAPSED = "collapsed"
RAKING = "raking"
METHODS = (POSTSTRAT, COLLAPSED, RAKING)

#: what weighted_summary returns when nothing can be weighted
EMPTY = {
    "weighted_nps": None, "weighted_variance": None, "weighted_margin": None,
    "weighted_low": None, "weighted_high": None, "n_eff": None, "design_effect": None,
    "weighting": None, "weight_max": None, "trimmed": 0, "coverage": None,
    "revenue_nps": None,
}


class Cell(object):
    """The answers of one tier x stage cell of one group: counts per category."""

    __slots__ = ("tier", "stage", "promoters", "passives", "detractors")

    def __init__(self, tier, stage, promoters, passives, detractors):
        self.tier, self.stage = tier, stage
        self.promoters, self.passives, self.detractors = promoters, passives, detractors

    @property
    def n(self):
        return self.promoters + self.passives + self.detractors


def kish_neff(weights, counts):
    """Kish's effective sample size (sum w)^2 / sum w^2 over answers.

    ``weights`` per cell, ``counts`` answers per cell (each answer of a cell carries the
    cell's weight). 0 without weight.
    """
    weights = np.asarray(weights, dtype=float)
    counts = np.asarray(counts, dtype=float)
    total = float((counts * weights).sum())
    squares = float((counts * weights ** 2).sum())
    return total ** 2 / squares if squares > 0 else 0.0


def poststrat_weights(answers, population):
    """Weights (N_c / N) / (n_c / n) per cell; 0 where a cell has no answer.

    >>> poststrat_weights([2, 2], [30, 10]).tolist()
    [1.5, 0.5]
    """
    answers = np.asarray(answers, dtype=float)
    population = np.asarray(population, dtype=float)
    n, big_n = answers.sum(), population.sum()
    weights = np.zeros(len(answers))
    if n <= 0 or big_n <= 0:
        return weights
    ok = answers > 0
    weights[ok] = (population[ok] / big_n) / (answers[ok] / n)
    return weights


def rake(seed, rows, cols, row_targets, col_targets, tolerance=RAKE_TOLERANCE,
         max_rounds=RAKE_MAX_ROUNDS):
    """Iterative proportional fitting of a sparse table to its row and column totals.

    ``seed``: the starting value of each cell (answers), ``rows``/``cols``: the row and
    column index of each cell, ``row_targets``/``col_targets``: the totals to reach.
    Returns the fitted value of each cell (numpy array). Rows or columns whose target
    is 0 or that hold no seed are fitted to 0. The fit keeps the seed's cross-product
    ratios (Bishop, Fienberg & Holland 1975, ch. 3), which the tests check.

    >>> [round(v, 4) for v in rake([7, 9, 12, 7], [0, 0, 1, 1], [0, 1, 0, 1],
    ...                            [5, 15], [10, 10])]
    [1.7757, 3.2243, 8.2243, 6.7757]
    """
    fitted = np.asarray(seed, dtype=float).copy()
    rows = np.asarray(rows, dtype=int)
    cols = np.asarray(cols, dtype=int)
    row_targets = np.asarray(row_targets, dtype=float)
    col_targets = np.asarray(col_targets, dtype=float)
    for _round in range(max_rounds):
        for index, targets in ((rows, row_targets), (cols, col_targets)):
            sums = np.bincount(index, weights=fitted, minlength=len(targets))
            factor = np.divide(targets, sums, out=np.zeros(len(targets)), where=sums > 0)
            fitted *= factor[index]
        row_sums = np.bincount(rows, weights=fitted, minlength=len(row_targets))
        col_sums = np.bincount(cols, weights=fitted, minlength=len(col_targets))
        error = max(_relative_error(row_sums, row_targets, row_sums > 0),
                    _relative_error(col_sums, col_targets, col_sums > 0))
        if error < tolerance:
            break
    return fitted


def _relative_error(sums, targets, mask):
    if not mask.any():
        return 0.0
    return float(np.max(np.abs(sums[mask] - targets[mask]) / np.maximum(targets[mask], 1e-12)))


def trim(weights, counts, ratio=TRIM_RATIO, rounds=TRIM_ROUNDS):
    """Cap the weights at ``ratio`` x their mean over answers, keeping their total.

    The excess of the capped weights is spread over the others in proportion, a few
    rounds (a spread can push another weight over the cap). Returns (weights, number
    of cells capped).

    >>> w, capped = trim([1.0, 1.0, 1.0, 1.0, 16.0], [1, 1, 1, 1, 1], ratio=2.0)
    >>> [round(x, 3) for x in w], capped
    ([3.0, 3.0, 3.0, 3.0, 8.0], 1)
    """
    weights = np.asarray(weights, dtype=float).copy()
    counts = np.asarray(counts, dtype=float)
    total, n = float((counts * weights).sum()), float(counts[weights > 0].sum())
    if total <= 0 or n <= 0:
        return weights, 0
    cap = ratio * total / n
    capped = np.zeros(len(weights), dtype=bool)
    for _round in range(rounds):
        over = weights > cap * (1 + 1e-12)
        if not over.any():
            break
        capped |= over
        weights[over] = cap
        free = (~capped) & (weights > 0)
        rest = float((counts[free] * weights[free]).sum())
        if rest <= 0:
            break
        weights[free] *= (total - float((counts[capped] * weights[capped]).sum())) / rest
    return weights, int(capped.sum())


def _weighting_cells(cells, population):
    """The cells to post-stratify on and the rule used, or (None, RAKING).

    Returns (groups, method): groups maps a weighting cell, (tier, stage) or
    (tier, None) for "other stages of the tier", to (indexes of its cells, customers
    of the base in it).
    """
    answers = {}
    for index, cell in enumerate(cells):
        answers.setdefault((cell.tier, cell.stage), []).append(index)
    keys = set(answers) | {key for key, size in population.items() if size > 0}

    def pooled(collapse):
        groups = {}
        for key in keys:
            size = sum(cells[i].n for i in answers.get(key, ()))
            target = (key[0], None) if collapse and size < MIN_CELL_ANSWERS else key
            indexes, customers = groups.get(target, ([], 0))
            groups[target] = (indexes + answers.get(key, []),
                              customers + population.get(key, 0))
        return groups

    def enough(groups):
        return all(sum(cells[i].n for i in indexes) >= MIN_CELL_ANSWERS
                   for indexes, customers in groups.values() if customers > 0)

    for collapse, method in ((False, POSTSTRAT), (True, COLLAPSED)):
        groups = pooled(collapse)
        if enough(groups):
            return groups, method
    return None, RAKING


def cell_weights(cells, population):
    """Weight of each cell's answers, the rule used and the base share covered.

    ``cells``: list of Cell (one group's answers); ``population``: dict (tier, stage)
    -> number of customers of the base. Returns (weights array, method, coverage %).
    Weights average 1 over the weighted answers.
    """
    n_cells = len(cells)
    counts = np.array([c.n for c in cells], dtype=float)
    big_n = float(sum(population.values()))
    if not n_cells or counts.sum() <= 0 or big_n <= 0:
        return np.zeros(n_cells), None, None
    groups, method = _weighting_cells(cells, population)
    weights = np.zeros(n_cells)
    covered = 0.0
    if groups is not None:
        values = list(groups.values())
        group_answers = [sum(cells[i].n for i in indexes) for indexes, _size in values]
        group_weights = poststrat_weights(group_answers, [size for _i, size in values])
        for (indexes, size), weight, answered in zip(values, group_weights, group_answers):
            weights[indexes] = weight
            covered += size if answered else 0
    else:
        weights, covered = _raking_weights(cells, counts, population)
    total = float((counts * weights).sum())
    if total <= 0:
        return np.zeros(n_cells), method, 0.0
    weights *= float(counts[weights > 0].sum()) / total
    return weights, method, float(100.0 * covered / big_n)


def _raking_weights(cells, counts, population):
    """Raking weights on the tier and stage margins, and the customers covered."""
    tiers = sorted({c.tier for c in cells} | {k[0] for k in population}, key=str)
    stages = sorted({c.stage for c in cells} | {k[1] for k in population}, key=str)
    tier_index = {t: i for i, t in enumerate(tiers)}
    stage_index = {s: i for i, s in enumerate(stages)}
    rows = np.array([tier_index[c.tier] for c in cells], dtype=int)
    cols = np.array([stage_index[c.stage] for c in cells], dtype=int)
    row_targets = np.zeros(len(tiers))
    col_targets = np.zeros(len(stages))
    for (tier, stage), size in population.items():
        row_targets[tier_index[tier]] += size
        col_targets[stage_index[stage]] += size
    # a tier or stage nobody of the group answered in cannot be reached: the base it
    # holds is left out, and both margins are brought to the same represented total
    answered_rows = np.bincount(rows, weights=counts, minlength=len(tiers)) > 0
    answered_cols = np.bincount(cols, weights=counts, minlength=len(stages)) > 0
    row_targets[~answered_rows] = 0.0
    col_targets[~answered_cols] = 0.0
    covered = sum(size for (tier, stage), size in population.items()
                  if answered_rows[tier_index[tier]] and answered_cols[stage_index[stage]])
    if row_targets.sum() <= 0 or col_targets.sum() <= 0:
        return np.zeros(len(cells)), 0.0
    col_targets *= row_targets.sum() / col_targets.sum()
    fitted = rake(counts, rows, cols, row_targets, col_targets)
    return np.divide(fitted, counts, out=np.zeros(len(cells)), where=counts > 0), covered


def weighted_summary(cells, population, revenue=None):
    """The weighted figures of one group of answers (dict of EMPTY's keys), see weigh."""
    return weigh(cells, population, revenue)[0]


def weigh(cells, population, revenue=None):
    """The weighted figures of one group of answers and the final weight of each cell.

    Returns (dict of EMPTY's keys, weights array after trimming):
    weighted_nps, its adjusted-Wald variance and margin on Kish's n_eff, low/high,
    n_eff, design_effect (n / n_eff), weighting (the rule), weight_max (largest
    weight, mean 1), trimmed (cells capped), coverage (% of the base the answers
    stand for) and revenue_nps: 100 x (promoters' - detractors' revenue) / revenue of
    all who answered, weighted like the answers (None without revenue).
    """
    result = dict(EMPTY)
    weights, method, coverage = cell_weights(cells, population)
    counts = np.array([c.n for c in cells], dtype=float)
    if method is None or not (weights > 0).any():
        result.update(weighting=method, coverage=coverage)
        return result, weights
    weights, trimmed = trim(weights, counts)
    promoters = np.array([c.promoters for c in cells], dtype=float)
    detractors = np.array([c.detractors for c in cells], dtype=float)
    total = float((weights * counts).sum())
    p_w = float((weights * promoters).sum()) / total
    d_w = float((weights * detractors).sum()) / total
    n_eff = kish_neff(weights, counts)
    n = float(counts[weights > 0].sum())
    variance = nps.adjusted_variance(p_w * n_eff, d_w * n_eff, n_eff)
    margin = nps.Z_95 * math.sqrt(variance)
    n_adj = n_eff + nps.ADJUST_N
    center = 100.0 * (p_w * n_eff - d_w * n_eff) / n_adj
    revenue_nps = None
    if revenue:
        mean = np.array([revenue.get((c.tier, c.stage), 0.0) / population[(c.tier, c.stage)]
                         if population.get((c.tier, c.stage)) else 0.0 for c in cells])
        revenue_total = float((weights * counts * mean).sum())
        if revenue_total > 0:
            revenue_nps = 100.0 * float(
                (weights * mean * (promoters - detractors)).sum()) / revenue_total
    result.update({
        "weighted_nps": 100.0 * (p_w - d_w), "weighted_variance": variance,
        "weighted_margin": margin,
        "weighted_low": max(-100.0, center - margin),
        "weighted_high": min(100.0, center + margin),
        "n_eff": n_eff, "design_effect": n / n_eff if n_eff else None,
        "weighting": method, "weight_max": float(weights.max()), "trimmed": trimmed,
        "coverage": coverage, "revenue_nps": revenue_nps,
    })
    return result, weights


def response_spread(strata):
    """Response rate per stratum and how even it is across strata.

    ``strata``: iterable of (invitations, answered) per stratum. Returns a dict:
    response_rate_cv, the coefficient of variation (%) of the strata's response rates
    weighted by their invitations, and representativeness, the R-indicator
    1 - 2 x S(rate) in % (Schouten, Cobben & Bethlehem 2009: 100 when every stratum
    answers alike). None without invitations.

    >>> r = response_spread([(100, 20), (100, 40)])
    >>> round(r['response_rate_cv'], 2), round(r['representativeness'], 2)
    (33.33, 80.0)
    """
    invited = np.array([s[0] for s in strata], dtype=float)
    answered = np.array([min(s[1], s[0]) for s in strata], dtype=float)
    if not len(invited) or invited.sum() <= 0:
        return {"response_rate_cv": None, "representativeness": None}
    ok = invited > 0
    rates = answered[ok] / invited[ok]
    mean = float(answered[ok].sum() / invited[ok].sum())
    sd = math.sqrt(float((invited[ok] * (rates - mean) ** 2).sum() / invited[ok].sum()))
    return {
        "response_rate_cv": 100.0 * sd / mean if mean > 0 else None,
        "representativeness": 100.0 * (1.0 - 2.0 * sd),
    }
