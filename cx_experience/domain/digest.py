# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Digest periods: which closed period each rhythm reports on.

A digest run on day ``today`` reports the last complete period: yesterday for the
daily digest, last ISO week (Monday to Sunday) for the weekly one, last calendar
month for the monthly one. A period is identified by its first day, so sending it
twice can be refused by a unique key. Each figure is shown beside the same figure
for the period before, and how it moved.

>>> import datetime
>>> last_period("weekly", datetime.date(2026, 11, 23))
(datetime.date(2026, 11, 16), datetime.date(2026, 11, 23))
>>> last_period("monthly", datetime.date(2026, 1, 1))
(datetime.date(2025, 12, 1), datetime.date(2026, 1, 1))
"""
import datetime
import re

from . import codes

# Units of a headline figure (see cx.headline) and the digits a digest shows them with.
UNIT_POINTS = "pts"
UNIT_PERCENT = "%"
UNIT_COUNT = "count"
UNIT_CURRENCY = "currency"
DIGITS = {UNIT_POINTS: 1, UNIT_PERCENT: 1, UNIT_COUNT: 0, UNIT_CURRENCY: 0}

# How a figure moved against the previous period, and whether that is good news.
UP, DOWN, FLAT = "up", "down", "flat"
GOOD, BAD, NEUTRAL = "good", "bad", "neutral"

# What a figure's code looks like in a digest's link (/cx_experience/digest/<id>/<code>).
FIGURE_CODE = re.compile(r"^[a-z0-9_]{1,64}$")

# How many periods the digest's chart draws (the period itself and the ones before).
CHART_PERIODS = 6


def last_period(kind, today):
    """``(start, end)`` of the last complete period, end excluded."""
    if kind == codes.DIGEST_DAILY:
        return today - datetime.timedelta(days=1), today
    if kind == codes.DIGEST_WEEKLY:
        this_monday = today - datetime.timedelta(days=today.weekday())
        return this_monday - datetime.timedelta(days=7), this_monday
    if kind == codes.DIGEST_MONTHLY:
        first = today.replace(day=1)
        previous = (first - datetime.timedelta(days=1)).replace(day=1)
        return previous, first
    raise ValueError("unknown digest kind %r" % (kind,))


def previous_period(kind, start):
    """``(start, end)`` of the period just before the one that begins on ``start``.

    >>> previous_period("monthly", datetime.date(2026, 3, 1))
    (datetime.date(2026, 2, 1), datetime.date(2026, 3, 1))
    >>> previous_period("weekly", datetime.date(2026, 11, 16))
    (datetime.date(2026, 11, 9), datetime.date(2026, 11, 16))
    """
    return last_period(kind, start)


def chart_periods(kind, start, count=CHART_PERIODS):
    """``[(start, end), ...]``: the ``count`` periods of the rhythm ending with the one
    that begins on ``start``, oldest first.

    >>> chart_periods("monthly", datetime.date(2026, 3, 1), 3)[0]
    (datetime.date(2026, 1, 1), datetime.date(2026, 2, 1))
    >>> chart_periods("daily", datetime.date(2026, 3, 1), 2)[-1]
    (datetime.date(2026, 3, 1), datetime.date(2026, 3, 2))
    """
    periods = [(start, _next_start(kind, start))]
    while len(periods) < count:
        periods.insert(0, previous_period(kind, periods[0][0]))
    return periods


def _next_start(kind, start):
    if kind == codes.DIGEST_DAILY:
        return start + datetime.timedelta(days=1)
    if kind == codes.DIGEST_WEEKLY:
        return start + datetime.timedelta(days=7)
    if kind == codes.DIGEST_MONTHLY:
        return (start.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    raise ValueError("unknown digest kind %r" % (kind,))


def movement(value, previous, unit, higher_is_better=True, significant=None):
    """``(direction, tone, delta)`` of a headline figure against the previous period.

    The difference is taken between the values as the digest prints them (``DIGITS``
    of the unit): an NPS going from 31.44 to 31.36 did not move. ``direction`` is
    ``UP``, ``DOWN``, ``FLAT``, or None when either value is missing (no data is not
    0). ``tone`` says whether the move is good news: up is ``GOOD`` when higher is
    better, ``BAD`` when lower is; a move the statistics call not significant
    (``significant`` False: within the noise of the sample) is ``NEUTRAL``, like no
    move at all.

    >>> movement(31.4, 28.0, "pts", significant=True)
    ('up', 'good', 3.4)
    >>> movement(31.4, 28.0, "pts", significant=False)
    ('up', 'neutral', 3.4)
    >>> movement(9, 5, "count", higher_is_better=False)
    ('up', 'bad', 4)
    >>> movement(80.04, 79.96, "%")
    ('flat', 'neutral', 0.0)
    >>> movement(None, 28.0, "pts"), movement(12, None, "count")
    ((None, 'neutral', None), (None, 'neutral', None))
    """
    if value is None or previous is None:
        return None, NEUTRAL, None
    digits = DIGITS.get(unit, 1)
    delta = round(round(value, digits) - round(previous, digits), digits)
    if unit == UNIT_COUNT:
        delta = int(delta)
    if not delta:
        return FLAT, NEUTRAL, delta
    direction = UP if delta > 0 else DOWN
    if significant is False:
        return direction, NEUTRAL, delta
    return direction, GOOD if (delta > 0) == bool(higher_is_better) else BAD, delta


def variation(current, previous):
    """Change in percent from ``previous`` to ``current``; None when undefined."""
    if current is None or previous in (None, 0):
        return None
    return 100.0 * (current - previous) / abs(previous)


def _plain(value, digits):
    return "%.*f" % (digits, value)


def change_label(current, previous, points=False, fmt=_plain):
    """How a figure moved since the previous period, as the digest prints it: a
    percentage for counts, a difference in points for averages (a score going from
    7.0 to 7.7 moved 0.7 points, not 10 %), between the averages as printed (one
    decimal). ``None`` when there is nothing to compare. ``fmt(value, digits)`` writes
    a number (default: with a decimal point; the digest passes the reader's format).

    >>> change_label(120, 96), change_label(3, 4), change_label(5, 5)
    ('+25.0 %', '-25.0 %', '0.0 %')
    >>> change_label(7.7, 7.0, points=True), change_label(6.84, 7.03, points=True)
    ('+0.7', '-0.2')
    >>> change_label(5, 0), change_label(None, 7.0, points=True)
    (None, None)
    >>> change_label(1000, 2791, fmt=lambda v, d: ("%.*f" % (d, v)).replace(".", ","))
    '-64,2 %'
    """
    if points:
        if current is None or previous is None:
            return None
        delta = round(current, 1) - round(previous, 1)
        return _signed(delta, fmt) if round(delta, 1) else fmt(0.0, 1)
    percent = variation(current, previous)
    if percent is None:
        return None
    return "%s %%" % (_signed(percent, fmt) if round(percent, 1) else fmt(0.0, 1))


def _signed(value, fmt):
    """``value`` with one decimal and its sign, + included."""
    return ("+" if value > 0 else "-") + fmt(abs(value), 1)


def split_emails(text):
    """The addresses of a comma, semicolon or newline separated list, deduplicated."""
    seen = []
    for chunk in (text or "").replace(";", ",").replace("\n", ",").split(","):
        address = chunk.strip()
        if address and "@" in address and address.lower() not in [s.lower() for s in seen]:
            seen.append(address)
    return seen
