# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Lifecycle transitions and time-in-stage statistics.

Stages are ordered by ``sequence``. Automatic rules move forward only; a hand move
may go anywhere and is recorded the same way.

>>> target_stage({"presale": 10, "sale": 20, "churned": 80}, None, ["presale", "sale"])
'sale'
>>> target_stage({"presale": 10, "sale": 20, "churned": 80}, "churned", ["sale"]) is None
True

The funnel's conversion: of 40 presale stays that ended, 30 entered sale next:

>>> conversion_rates({("presale", "sale"): 30}, {"presale": 40})
{('presale', 'sale'): 75.0}
>>> conversion_rates({("loyalty", "retention"): 0}, {"loyalty": 0})
{('loyalty', 'retention'): None}

A move by hand is respected by the rules for a while (``hold_days``, a setting):

>>> from datetime import datetime
>>> moved = datetime(2026, 3, 1, 9, 0)
>>> held_by_hand("manual", moved, datetime(2026, 3, 31, 8, 59), 30)
True
>>> held_by_hand("manual", moved, datetime(2026, 3, 31, 9, 0), 30)
False
>>> held_by_hand("invoice", moved, datetime(2026, 3, 2), 30)
False
>>> held_by_hand("manual", moved, datetime(2026, 3, 1, 9, 1), 0)
False
"""
from datetime import timedelta

RULE_MANUAL = "manual"


def can_move(sequences, current, target, forward_only):
    """Whether a partner in ``current`` (a code or None) may move to ``target``."""
    if current == target:
        return False
    if not forward_only or current is None:
        return True
    return sequences[target] > sequences[current]


def target_stage(sequences, current, matched):
    """The stage an automatic run moves a partner to, or None to stay.

    ``matched`` are the stage codes of the rules the partner matches now: the latest
    of them wins (one move per run, not a chain of empty stays), and only if it is
    after the current stage.
    """
    if not matched:
        return None
    best = max(matched, key=lambda code: sequences[code])
    return best if can_move(sequences, current, best, True) else None


def conversion_rates(transitions, exits):
    """Conversion from each stage to another one, in percent (the lifecycle funnel).

    ``transitions`` maps ``(from, to)`` to the number of stays in ``from`` that ended
    by entering ``to``; ``exits`` maps a stage to how many of its stays ended. The rate
    is the first over the second: never above 100 %, and None (no data, not 0) for a
    stage none of whose stays has ended. A count above its exits is a contradiction in
    the figures and raises ValueError.
    """
    rates = {}
    for (source, target), count in transitions.items():
        base = exits.get(source, 0)
        if count > base:
            raise ValueError("%d moves out of %r but only %d exits" % (count, source, base))
        rates[(source, target)] = 100.0 * count / base if base else None
    return rates


def hold_until(date_in, hold_days):
    """Until when the rules leave alone a partner moved by hand at ``date_in``."""
    return date_in + timedelta(days=hold_days)


def held_by_hand(rule, date_in, now, hold_days):
    """Whether the automatic rules leave alone a partner whose current stay began at
    ``date_in`` by ``rule``: a stay begun by hand, less than ``hold_days`` ago (the
    SQL of the lifecycle run says the same: ``date_in > now - hold_days``)."""
    return rule == RULE_MANUAL and hold_days > 0 and now < hold_until(date_in, hold_days)
