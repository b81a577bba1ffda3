# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Net Promoter Score rules and statistics, in plain Python (nothing here imports odoo).

Categories: 0-6 detractor, 7-8 passive, 9-10 promoter; NPS = % promoters - % detractors.

Uncertainty (Rocks 2016, The American Statistician; MeasuringU): with shares p of
promoters and d of detractors among n answers,

    Var(NPS) = 100^2 * (p + d - (p - d)^2) / n,   margin (95%) = 1.96 * sqrt(Var).

The adjusted-Wald version adds 3 to n and 3/4 to both the promoter and the detractor
counts before computing p, d and the variance: it behaves at small n (n = 1, all
promoters) where the plain formula claims a margin of 0.

    >>> s = summarize(5, 3, 2)
    >>> s['nps'], round(s['margin'], 2)
    (30.0, 42.13)
"""
import hashlib
import math

PROMOTER = "promoter"
PASSIVE = "passive"
DETRACTOR = "detractor"
CATEGORIES = (PROMOTER, PASSIVE, DETRACTOR)

MIN_SCORE = 0
MAX_SCORE = 10
SCORES = tuple(range(MIN_SCORE, MAX_SCORE + 1))

#: colour of a score's button in the invitation and reminder e-mails, by its category
CATEGORY_COLOURS = {DETRACTOR: "#c0392b", PASSIVE: "#e6a700", PROMOTER: "#27ae60"}

#: value of one answer in an average that equals the NPS (+100 / 0 / -100)
CATEGORY_VALUE = {PROMOTER: 100, PASSIVE: 0, DETRACTOR: -100}

#: longest "why?" comment kept (characters); longer ones are refused on the survey page
MAX_COMMENT_LENGTH = 2000

Z_95 = 1.96
ADJUST_N = 3.0
ADJUST_COUNT = 0.75


def category(score):
    """Category of an NPS answer: 0-6 detractor, 7-8 passive, 9-10 promoter.

    >>> [category(s) for s in (0, 6, 7, 8, 9, 10)]
    ['detractor', 'detractor', 'passive', 'passive', 'promoter', 'promoter']
    """
    if isinstance(score, bool) or not isinstance(score, int):
        raise ValueError("An NPS score is a whole number from 0 to 10, not %r" % (score,))
    if not MIN_SCORE <= score <= MAX_SCORE:
        raise ValueError("An NPS score goes from 0 to 10, not %d" % score)
    if score >= 9:
        return PROMOTER
    if score >= 7:
        return PASSIVE
    return DETRACTOR


def score_colour(score):
    """The colour of a score's button in the e-mails: its category's.

    >>> [score_colour(s) for s in (6, 7, 9)]
    ['#c0392b', '#e6a700', '#27ae60']
    """
    return CATEGORY_COLOURS[category(score)]


def parse_score(value):
    """A score from user input ('7', 7) or None when it is not a whole number 0-10."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        value = value.strip()
        if not value.isdigit():
            return None
        value = int(value)
    if not isinstance(value, int) or not MIN_SCORE <= value <= MAX_SCORE:
        return None
    return value


def satisfaction_index(score):
    """Satisfaction index (0-100) fed to cx_experience: 10 x the latest NPS score.

    >>> satisfaction_index(0), satisfaction_index(7), satisfaction_index(10)
    (0.0, 70.0, 100.0)
    """
    if parse_score(score) is None:
        raise ValueError("An NPS score goes from 0 to 10, not %r" % (score,))
    return 10.0 * score


def adjusted_variance(promoters, detractors, n):
    """Adjusted-Wald variance of the NPS (points^2): n + 3, counts + 3/4."""
    n_adj = n + ADJUST_N
    p = (promoters + ADJUST_COUNT) / n_adj
    d = (detractors + ADJUST_COUNT) / n_adj
    return 100.0 ** 2 * (p + d - (p - d) ** 2) / n_adj


def summarize(promoters, passives, detractors, invitations=None):
    """All the figures shown beside an NPS, from the three counts.

    Returns a dict: n, the counts, shares in % (None when n = 0), nps (None when
    n = 0), variance and margin (adjusted-Wald, 95%), low/high (the adjusted-Wald
    interval, clipped to -100..100), invitations and response_rate (% or None).
    """
    for count in (promoters, passives, detractors):
        if count < 0:
            raise ValueError("Counts cannot be negative")
    n = promoters + passives + detractors
    result = {
        "n": n, "promoters": promoters, "passives": passives, "detractors": detractors,
        "promoter_share": None, "passive_share": None, "detractor_share": None,
        "nps": None, "variance": None, "margin": None, "low": None, "high": None,
        "invitations": invitations, "response_rate": response_rate(n, invitations),
    }
    if not n:
        return result
    result.update({
        "promoter_share": 100.0 * promoters / n,
        "passive_share": 100.0 * passives / n,
        "detractor_share": 100.0 * detractors / n,
        "nps": 100.0 * (promoters - detractors) / n,
    })
    variance = adjusted_variance(promoters, detractors, n)
    margin = Z_95 * math.sqrt(variance)
    n_adj = n + ADJUST_N
    center = 100.0 * ((promoters + ADJUST_COUNT) - (detractors + ADJUST_COUNT)) / n_adj
    result.update({
        "variance": variance, "margin": margin,
        "low": max(-100.0, center - margin), "high": min(100.0, center + margin),
    })
    return result


def response_rate(responses, invitations):
    """Responses per invitation in %, None without invitations; capped at 100."""
    if not invitations:
        return None
    return min(100.0, 100.0 * responses / invitations)


def change(before, after):
    """Change of NPS between two summaries and whether it is significant at 95%.

    Significant when |NPS2 - NPS1| / sqrt(Var1 + Var2) > 1.96 (variances
    adjusted-Wald). Returns (difference or None, z or None, significant).
    """
    if not before or not after or not before["n"] or not after["n"]:
        return None, None, False
    diff = after["nps"] - before["nps"]
    z = abs(diff) / math.sqrt(before["variance"] + after["variance"])
    return diff, z, z > Z_95


def counts_of_scores(scores):
    """(promoters, passives, detractors) of an iterable of scores."""
    counts = {PROMOTER: 0, PASSIVE: 0, DETRACTOR: 0}
    for score in scores:
        counts[category(score)] += 1
    return counts[PROMOTER], counts[PASSIVE], counts[DETRACTOR]


def in_sample(partner_id, salt, percent):
    """Whether a partner falls in a sample of percent % (stable for a given salt).

    The same partner and salt (campaign and iteration) always give the same answer,
    so a paused and resumed campaign draws the same sample.
    """
    if percent >= 100:
        return True
    if percent <= 0:
        return False
    digest = hashlib.sha1(("%s:%s" % (salt, partner_id)).encode("ascii")).hexdigest()
    return int(digest[:8], 16) % 10000 < percent * 100


def daily_quota(remaining, days_left, cap, sent_today):
    """How many invitations to send now (safe to call several times a day).

    Spread the people still to invite (``remaining``, plus those already invited
    today) evenly over the ``days_left`` days of the sending window (at least one),
    minus what was sent today, never above the daily ``cap`` (0 = no cap).

    >>> daily_quota(1000, 10, 0, 0), daily_quota(1000, 10, 50, 20), daily_quota(5, 0, 0, 0)
    (100, 30, 5)
    >>> daily_quota(900, 10, 0, 100)
    0
    """
    if remaining <= 0:
        return 0
    target = int(math.ceil((remaining + sent_today) / float(max(days_left, 1))))
    quota = target - sent_today
    if cap:
        quota = min(quota, cap - sent_today)
    return max(min(quota, remaining), 0)


def choice_problems(scores):
    """What keeps the choices of an NPS question from being the eleven scores 0-10.

    Returns (missing, extra): the scores 0-10 no choice carries, and the scores of the
    choices that repeat one already seen or are not a score 0-10 (-1: no score).

    >>> choice_problems(range(11))
    ((), ())
    >>> choice_problems([0, 10, 10, -1])
    ((1, 2, 3, 4, 5, 6, 7, 8, 9), (10, -1))
    """
    seen, extra = set(), []
    for score in scores:
        if parse_score(score) is None or score in seen:
            extra.append(score)
        else:
            seen.add(score)
    return tuple(s for s in SCORES if s not in seen), tuple(extra)
