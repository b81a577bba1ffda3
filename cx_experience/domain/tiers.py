# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Tier rules: ordered revenue bands that never overlap.

A tier rule is ``(key, min_revenue)``. Rules are sorted by threshold, highest first;
a customer lands in the first band whose threshold its revenue reaches. The lowest
band catches everything below it too (a customer with refunds larger than its
invoices still lands in exactly one tier).

>>> bands = revenue_bands([("high", 50000.0), ("medium", 10000.0), ("low", 0.0)])
>>> [(b.key, b.low, b.high) for b in bands]
[('high', 50000.0, None), ('medium', 10000.0, 50000.0), ('low', None, 10000.0)]
>>> tier_for_revenue(bands, 10000.0)
'medium'
>>> tier_for_revenue(bands, -20.0)
'low'
"""
from collections import namedtuple

from . import codes
from .quadrant import sql_literal

Band = namedtuple("Band", "key low high")


class TierRuleError(ValueError):
    """The tier rules cannot put every customer in exactly one tier."""


def check_rules(rules):
    """Raise TierRuleError unless the rules are usable; return them sorted.

    ``rules`` is an iterable of ``(key, min_revenue)``. Refused: no rule, a negative
    threshold, two rules with the same threshold (they would overlap).
    """
    rules = list(rules)
    if not rules:
        raise TierRuleError("no automatic tier")
    for key, threshold in rules:
        if threshold is None or threshold < 0:
            raise TierRuleError("negative threshold")
    thresholds = [threshold for _key, threshold in rules]
    if len(set(thresholds)) != len(thresholds):
        raise TierRuleError("overlapping thresholds")
    return sorted(rules, key=lambda rule: rule[1], reverse=True)


def revenue_bands(rules):
    """The half-open revenue intervals ``[low, high)`` of the rules, highest first.

    ``None`` means unbounded: the highest band has no upper bound and the lowest
    band no lower bound, so the bands cover every revenue exactly once.
    """
    ordered = check_rules(rules)
    bands = []
    upper = None
    for index, (key, threshold) in enumerate(ordered):
        low = None if index == len(ordered) - 1 else float(threshold)
        bands.append(Band(key, low, upper))
        upper = float(threshold)
    return bands


def tier_for_revenue(bands, revenue):
    """The key of the single band holding this revenue."""
    for band in bands:
        if (band.low is None or revenue >= band.low) and (
                band.high is None or revenue < band.high):
            return band.key
    raise TierRuleError("revenue outside every band")  # unreachable with revenue_bands


def direction(old_rank, new_rank):
    """Up, down or initial, from the tiers' ranks (a smaller rank is a higher tier)."""
    if old_rank is None:
        return codes.DIRECTION_INITIAL
    return codes.DIRECTION_UP if new_rank < old_rank else codes.DIRECTION_DOWN


def direction_sql(old_rank, new_rank):
    """``direction`` as an SQL CASE over two SQL expressions (the old rank is NULL
    when there was no tier). A parity test runs both on the same cases."""
    return ("CASE WHEN {old} IS NULL THEN {initial} WHEN {new} < {old} THEN {up}"
            " ELSE {down} END").format(
                old=old_rank, new=new_rank, initial=sql_literal(codes.DIRECTION_INITIAL),
                up=sql_literal(codes.DIRECTION_UP), down=sql_literal(codes.DIRECTION_DOWN))


def keeps_tier(customer, locked, manual_only, band_tier):
    """Whether the revenue rule leaves a partner's tier alone: not a customer, its tier
    locked by a manager, its tier one that is set by hand only, or no band for it.

    >>> keeps_tier(True, False, False, 3), keeps_tier(True, True, False, 3)
    (False, True)
    """
    return bool(not customer or locked or manual_only or band_tier is None)


def keeps_tier_sql(customer, locked, manual_only, band_tier):
    """``keeps_tier`` as an SQL condition over four SQL expressions (NULL flags count
    as false). A parity test runs both on the same cases."""
    return ("(NOT COALESCE({customer}, FALSE) OR COALESCE({locked}, FALSE)"
            " OR COALESCE({manual}, FALSE) OR {band} IS NULL)").format(
                customer=customer, locked=locked, manual=manual_only, band=band_tier)
