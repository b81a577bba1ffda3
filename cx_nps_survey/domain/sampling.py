# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Stratified samples for NPS campaigns, in plain Python (no odoo import).

A campaign may split its audience into strata (value tier, lifecycle stage, or both)
and share its invitations among them by one of four allocations. Every allocation
shares the *answers* the round should bring; the invitations of a stratum are its
answers over its past response rate, so a stratum that answers half as often gets
twice the invitations:

- proportional: answers in proportion to the stratum's customers N_h;
- equal: the same answers in every stratum;
- Neyman: answers in proportion to N_h x S_h, S_h the standard deviation of one
  answer's NPS value (+100/0/-100) in the stratum's past answers (Neyman 1934);
- margin: enough answers for +/- E points in every stratum: the adjusted-Wald margin
  of domain/nps.py, E = z x 100 x sqrt(q / (n + 3) x (N - n) / (N - 1)) with the
  finite-population correction (Cochran 1977, 2.6), solved for n: with
  K = z^2 x 100^2 x q / E^2, n = (N K - 3 (N - 1)) / (K + N - 1).

With too little history the worst case is assumed: fewer than ``MIN_PAST_ANSWERS``
past answers give S = 100 (as many promoters as detractors, q = 1); fewer than
``MIN_PAST_INVITATIONS`` past invitations give the rate of all strata together, else
``DEFAULT_RESPONSE_RATE``. A stratum never gets more invitations than it has eligible
customers; what it cannot take goes to the others (proportional, equal, Neyman).

    >>> answers_for_margin(10.0, 1.0, 1000)
    276
"""
import math

from . import nps

STRATA_NONE = "none"
STRATA_TIER = "tier"
STRATA_STAGE = "stage"
STRATA_TIER_STAGE = "tier_stage"
STRATA = (STRATA_NONE, STRATA_TIER, STRATA_STAGE, STRATA_TIER_STAGE)

ALLOCATION_PROPORTIONAL = "proportional"
ALLOCATION_EQUAL = "equal"
ALLOCATION_NEYMAN = "neyman"
ALLOCATION_MARGIN = "margin"
ALLOCATIONS = (ALLOCATION_PROPORTIONAL, ALLOCATION_EQUAL, ALLOCATION_NEYMAN,
               ALLOCATION_MARGIN)

#: the history a plan reads: answers and invitations of the past year, the invitations
#: of the last two weeks left out (their answers are still coming)
PAST_DAYS = 365
SETTLE_DAYS = 14
MIN_PAST_ANSWERS = 10
MIN_PAST_INVITATIONS = 20
DEFAULT_RESPONSE_RATE = 0.25
#: the standard deviation of one answer when nothing is known (q = 1)
WORST_SD = 100.0


def stratum_key(tier, stage, strata):
    """The stratum of a customer: (tier, stage) with the unused part None.

    >>> stratum_key(1, 5, 'tier'), stratum_key(1, 5, 'stage'), stratum_key(1, 5, 'tier_stage')
    ((1, None), (None, 5), (1, 5))
    """
    if strata == STRATA_TIER:
        return (tier or False, None)
    if strata == STRATA_STAGE:
        return (None, stage or False)
    if strata == STRATA_TIER_STAGE:
        return (tier or False, stage or False)
    return (None, None)


def answer_q(promoters, detractors, n):
    """q = p + d - (p - d)^2 of the adjusted-Wald shares (the variance of one answer
    over 100^2); 1 (the worst case) with fewer than MIN_PAST_ANSWERS answers.

    >>> answer_q(0, 0, 0), round(answer_q(5, 3, 10), 6)
    (1.0, 0.707101)
    """
    if n < MIN_PAST_ANSWERS:
        return 1.0
    return nps.adjusted_variance(promoters, detractors, n) * (n + nps.ADJUST_N) / 100.0 ** 2


def answers_for_margin(margin, q, population, z=nps.Z_95):
    """Answers needed for +/- ``margin`` NPS points in a stratum of ``population``:
    expected_margin solved for n, rounded up, between 1 and N (0 for an empty
    stratum, N for a margin of 0).

    Worst case (q = 1), +/- 10 points, N = 1000: K = 1.96^2 x 10000 / 100 = 384.16,
    n = (1000 x 384.16 - 3 x 999) / (384.16 + 999) = 381163 / 1383.16 = 275.6 -> 276.
    """
    if population <= 0:
        return 0
    if margin <= 0:
        return int(population)
    k = (z * 100.0) ** 2 * q / margin ** 2
    n = (population * k - nps.ADJUST_N * (population - 1)) / (k + population - 1)
    return int(min(max(math.ceil(n - 1e-9), 1), population))


def expected_margin(answers, q, population, z=nps.Z_95):
    """The +/- margin expected from ``answers`` answers of a stratum (adjusted-Wald,
    finite-population correction (N - n) / (N - 1)); None without answers.

    >>> round(expected_margin(276, 1.0, 1000), 2)
    9.99
    """
    if answers <= 0 or population <= 0:
        return None
    fpc = (population - answers) / (population - 1.0) if population > 1 else 0.0
    return z * 100.0 * math.sqrt(q / (answers + nps.ADJUST_N) * max(fpc, 0.0))


class Stratum(object):
    """One stratum of an audience: its customers now, those invitable this round, and
    its history (answers per category, invitations and how many were answered)."""

    def __init__(self, key, population, eligible, promoters=0, passives=0, detractors=0,
                 past_invitations=0, past_answered=0):
        self.key = key
        self.population = population
        self.eligible = eligible
        self.promoters, self.passives, self.detractors = promoters, passives, detractors
        self.past_invitations = past_invitations
        self.past_answered = past_answered
        self.q = answer_q(promoters, detractors, promoters + passives + detractors)
        self.rate = None
        self.planned = 0

    @property
    def sd(self):
        return 100.0 * math.sqrt(self.q)


def response_rates(strata):
    """Set each stratum's expected response rate (0-1): its own past rate, the rate of
    all strata together, or DEFAULT_RESPONSE_RATE (the rule of the module)."""
    invited = sum(s.past_invitations for s in strata)
    answered = sum(min(s.past_answered, s.past_invitations) for s in strata)
    overall = answered / float(invited) if invited >= MIN_PAST_INVITATIONS and answered \
        else DEFAULT_RESPONSE_RATE
    for stratum in strata:
        if stratum.past_invitations >= MIN_PAST_INVITATIONS and stratum.past_answered:
            stratum.rate = min(stratum.past_answered, stratum.past_invitations) / float(
                stratum.past_invitations)
        else:
            stratum.rate = overall
    return strata


def _shares(strata, allocation):
    if allocation == ALLOCATION_EQUAL:
        return [1.0 if s.population > 0 else 0.0 for s in strata]
    if allocation == ALLOCATION_NEYMAN:
        return [s.population * s.sd for s in strata]
    return [float(s.population) for s in strata]


def _round_to(total, amounts, caps):
    """Whole numbers summing to ``total`` (largest remainders), each within its cap."""
    floors = [min(int(math.floor(a)), c) for a, c in zip(amounts, caps)]
    left = total - sum(floors)
    order = sorted(range(len(amounts)), key=lambda i: (-(amounts[i] - floors[i]), i))
    for i in order:
        if left <= 0:
            break
        if floors[i] < caps[i]:
            floors[i] += 1
            left -= 1
    return floors


def allocate(strata, total, allocation, margin=None):
    """Planned invitations per stratum (sets ``planned`` on each and returns them).

    ``total``: invitations of the round (ignored by the margin allocation, which
    needs ``margin`` in NPS points). Invitations of a stratum = its share of the
    answers / its response rate, scaled to ``total``, never above its eligible
    customers; a stratum's shortfall goes to the others in the same proportions.

    Proportional, 2 strata of 300 and 100 customers, both answering 50 %, 40
    invitations: 30 and 10.

    >>> a = response_rates([Stratum('a', 300, 300, past_invitations=100, past_answered=50),
    ...                     Stratum('b', 100, 100, past_invitations=100, past_answered=50)])
    >>> allocate(a, 40, 'proportional')
    [30, 10]
    """
    if allocation not in ALLOCATIONS:
        raise ValueError("Unknown allocation: %r" % (allocation,))
    strata = response_rates(list(strata))
    caps = [max(int(s.eligible), 0) for s in strata]
    if allocation == ALLOCATION_MARGIN:
        for stratum, cap in zip(strata, caps):
            needed = answers_for_margin(margin or 0.0, stratum.q, stratum.population)
            stratum.planned = min(int(math.ceil(needed / stratum.rate - 1e-9)), cap) \
                if needed else 0
        return [s.planned for s in strata]
    total = min(max(int(total), 0), sum(caps))
    weights = [share / s.rate for share, s in zip(_shares(strata, allocation), strata)]
    planned = [0.0] * len(strata)
    free = [w > 0 and c > 0 for w, c in zip(weights, caps)]
    remaining = float(total)
    # fill, capping the strata that cannot take their share, until nothing is left
    while remaining > 1e-9 and any(free):
        weight_sum = sum(w for w, f in zip(weights, free) if f)
        if weight_sum <= 0:
            break
        spent = 0.0
        for i, (w, f) in enumerate(zip(weights, free)):
            if not f:
                continue
            take = min(remaining * w / weight_sum, caps[i] - planned[i])
            planned[i] += take
            spent += take
            if caps[i] - planned[i] <= 1e-9:
                free[i] = False
        remaining -= spent
        if spent <= 1e-9:
            break
    for stratum, count in zip(strata, _round_to(total, planned, caps)):
        stratum.planned = count
    return [s.planned for s in strata]


def plan(strata, total, allocation, margin=None):
    """The sampling plan: per stratum, its figures for the preview.

    Returns a list of dicts: key, population, eligible, planned (invitations),
    fraction (planned / eligible, 0-1, the share of the eligible drawn), rate (the
    expected response rate, 0-1), expected_answers, expected_margin (+/- points, None
    without answers), sd (of one answer, points).
    """
    allocate(strata, total, allocation, margin)
    result = []
    for s in strata:
        answers = s.planned * s.rate
        result.append({
            "key": s.key, "population": s.population, "eligible": s.eligible,
            "planned": s.planned, "fraction": s.planned / float(s.eligible) if s.eligible else 0.0,
            "rate": s.rate, "expected_answers": answers,
            "expected_margin": expected_margin(answers, s.q, s.population),
            "sd": s.sd,
        })
    return result
