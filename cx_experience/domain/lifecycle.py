# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Lifecycle transitions and time-in-stage statistics.

Stages are ordered by ``sequence``. Automatic rules move forward only; a hand move
may go anywhere and is recorded the same way.

>>> target_stage({"presale": 10, "sale": 20, "churned": 80}, None, ["presale", "sale"])
'sale'
>>> target_stage({"presale": 10, "sale": 20, "churned": 80}, "churned", ["sale"]) is None
True
>>> median([4.0, 1.0, 3.0, 2.0])
2.5

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


def median(values):
    """The median of a non-empty list of numbers (mean of the two middle ones)."""
    ordered = sorted(values)
    if not ordered:
        raise ValueError("median of nothing")
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return float(ordered[middle])
    return (ordered[middle - 1] + ordered[middle]) / 2.0


def conversion_rates(transitions, entries):
    """Conversion from each stage to the next ones, in percent.

    ``transitions`` maps ``(from_code, to_code)`` to the number of moves;
    ``entries`` maps a stage code to how many stays began in it. The rate is moves
    out of ``from`` into ``to`` over the stays begun in ``from``.
    """
    rates = {}
    for (source, target), count in transitions.items():
        base = entries.get(source, 0)
        rates[(source, target)] = 100.0 * count / base if base else 0.0
    return rates


def hold_until(date_in, hold_days):
    """Until when the rules leave alone a partner moved by hand at ``date_in``."""
    return date_in + timedelta(days=hold_days)


def held_by_hand(rule, date_in, now, hold_days):
    """Whether the automatic rules leave alone a partner whose current stay began at
    ``date_in`` by ``rule``: a stay begun by hand, less than ``hold_days`` ago (the
    SQL of the lifecycle run says the same: ``date_in > now - hold_days``)."""
    return rule == RULE_MANUAL and hold_days > 0 and now < hold_until(date_in, hold_days)
