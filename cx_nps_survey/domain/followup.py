# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The follow-up of a detractor once somebody called, and who hears of a strategic
detractor (plain Python, no odoo).

    >>> outcome_allowed(FOLLOWUP_OPEN, FOLLOWUP_CONTACTED)
    True
    >>> outcome_allowed(FOLLOWUP_CONTACTED, FOLLOWUP_CONTACTED)   # once is enough
    False
    >>> outcome_allowed(FOLLOWUP_RESOLVED, FOLLOWUP_LOST)         # closed for good
    False
    >>> escalation_due("strategic", "detractor", False)
    True
    >>> escalation_due("strategic", "detractor", True)            # once per answer
    False
    >>> escalation_target(7, team_leader_id=7, campaign_user_id=9, manager_ids=[3])
    9
"""
from . import nps
from .answer_loop import (FOLLOWUP_CANCELLED, FOLLOWUP_CONTACTED, FOLLOWUP_LOST,
                          FOLLOWUP_OPEN, FOLLOWUP_RESOLVED)

#: the value tier whose detractors are escalated (cx_experience's tier code)
STRATEGIC_TIER = "strategic"
#: what staff record after a call, in the order the wizard offers them
OUTCOMES = (FOLLOWUP_CONTACTED, FOLLOWUP_RESOLVED, FOLLOWUP_LOST)
#: follow-up state -> the outcomes that may still be recorded on it
NEXT_OUTCOMES = {
    FOLLOWUP_OPEN: OUTCOMES,
    FOLLOWUP_CONTACTED: (FOLLOWUP_RESOLVED, FOLLOWUP_LOST),
}
#: states in which a follow-up is still to be worked (the queues)
WORKING_STATES = (FOLLOWUP_OPEN,)
#: engine states: the customer's score made the call needless
CLOSED_BY_ENGINE = (FOLLOWUP_CANCELLED,)


def outcome_allowed(state, outcome):
    """Whether ``outcome`` may be recorded on a follow-up in ``state``."""
    return outcome in NEXT_OUTCOMES.get(state or None, ())


def is_overdue(state, deadline, today):
    """A follow-up still to be worked whose deadline (a date) is before ``today``.

    >>> from datetime import date as d
    >>> is_overdue("open", d(2026, 11, 30), d(2026, 12, 1))
    True
    >>> is_overdue("open", d(2026, 12, 1), d(2026, 12, 1))    # due today: not late yet
    False
    >>> is_overdue("resolved", d(2026, 1, 1), d(2026, 12, 1)), is_overdue("open", None, d(2026, 12, 1))
    (False, False)
    """
    return state in WORKING_STATES and deadline is not None and deadline < today


def escalation_due(tier_code, category, already_escalated):
    """A strategic customer's detractor answer is escalated, once per answer (a
    correction back and forth does not escalate it again)."""
    return (tier_code == STRATEGIC_TIER and category == nps.DETRACTOR
            and not already_escalated)


def escalation_target(owner_id, team_leader_id=None, campaign_user_id=None,
                      manager_ids=()):
    """Who hears of a strategic detractor besides the follow-up's owner: the sales
    team's leader, else the campaign's responsible, else the first CX manager; never
    the owner itself (it has the follow-up already). None when nobody else is there.

    >>> escalation_target(7, None, None, [7, 4])
    4
    >>> escalation_target(7, None, 7, [7]) is None
    True
    """
    for candidate in (team_leader_id, campaign_user_id) + tuple(manager_ids or ()):
        if candidate and candidate != owner_id:
            return candidate
    return None
