# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Matching tickets to SLA policies: ordered policies, the first match wins.

A policy is a plain dict (or object) with sets of accepted ids; an empty set accepts
anything. ``min_priority`` is a string '0'..'3' or None; ``domain_ids`` is None when the
policy has no extra domain, else the set of ticket ids its domain accepts.
"""

import math

from .calendar import MAX_DAYS_AHEAD

TARGET_FIRST_RESPONSE = "first_response"
TARGET_RESOLUTION = "resolution"
TARGET_STAGE = "stage"
TARGET_KINDS = (TARGET_FIRST_RESPONSE, TARGET_RESOLUTION, TARGET_STAGE)

CLOCK_CREATE = "create"
CLOCK_ASSIGNED = "assigned"
CLOCK_STARTS = (CLOCK_CREATE, CLOCK_ASSIGNED)


def policy_accepts(policy, ticket):
    """True when every criterion set on ``policy`` accepts ``ticket`` (both dicts)."""
    for key, value_key in (("team_ids", "team_id"), ("category_ids", "category_id"),
                           ("tier_ids", "tier_id"), ("channel_ids", "channel_id"),
                           ("company_ids", "company_id")):
        accepted = policy.get(key)
        if accepted and ticket.get(value_key) not in accepted:
            return False
    tags = policy.get("tag_ids")
    if tags and not tags & set(ticket.get("tag_ids") or ()):
        return False
    min_priority = policy.get("min_priority")
    if min_priority and (ticket.get("priority") or "0") < min_priority:
        return False
    domain_ids = policy.get("domain_ids")
    if domain_ids is not None and ticket["id"] not in domain_ids:
        return False
    return True


def match_policy(policies, ticket):
    """The first policy of the ordered ``policies`` that accepts ``ticket``, or None."""
    for policy in policies:
        if policy_accepts(policy, ticket):
            return policy
    return None


# A target or an escalation delay longer than the horizon the deadline search covers (three
# years of calendar hours) can never be placed: refused when the policy is saved.
MAX_HOURS = MAX_DAYS_AHEAD * 24


def validate_hours(hours, allow_zero=False):
    """Target hours (or an escalation delay with ``allow_zero``): a finite number of hours
    above zero (or zero) and at most MAX_HOURS. NaN, which JSON and XML-RPC both carry,
    is refused.

    >>> [validate_hours(h) for h in (8.0, 0.0, -1.0, MAX_HOURS, MAX_HOURS + 1, float("nan"))]
    [True, False, False, True, False, False]
    >>> validate_hours(0.0, allow_zero=True)
    True
    """
    if not isinstance(hours, (int, float)) or not math.isfinite(hours):
        return False
    return (0 <= hours if allow_zero else 0 < hours) and hours <= MAX_HOURS


def validate_share(share):
    """At-risk share in percent must lie strictly between 0 and 100 (NaN is refused)."""
    return 0 < share < 100


def line_moments(calendar, resumed, consumed, allowed, share):
    """Deadline and at-risk moment of a running line.

    :param calendar: WorkCalendar or FullCalendar
    :param resumed: naive UTC moment when the clock last started running
    :param consumed: working seconds already consumed before ``resumed``
    :param allowed: working seconds allowed by the target
    :param share: at-risk share in percent
    """
    deadline, at_risk = calendar.add_many(resumed, (allowed - consumed, allowed * share / 100.0 - consumed))
    return deadline, at_risk
