# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Headline figures: periods, targets and the red/amber/green rule (plain Python).

Used by the dashboard and by the digests alike, so that a tile and a digest line agree.

    >>> import datetime
    >>> d = datetime.date
    >>> previous_period(d(2026, 11, 1), d(2026, 11, 30))   # 30 days, the 30 before
    (datetime.date(2026, 10, 2), datetime.date(2026, 10, 31))
    >>> status(31.0, 30.0, True, UNIT_POINTS)
    'good'
    >>> status(27.0, 30.0, True, UNIT_POINTS)      # within 5 points below: amber
    'warn'
    >>> status(20.0, 30.0, True, UNIT_POINTS)
    'bad'
    >>> status(1, 0, False, UNIT_COUNT), status(3, 0, False, UNIT_COUNT)
    ('warn', 'bad')
    >>> status(None, 30.0, True, UNIT_POINTS) is None    # no data: no colour
    True
    >>> share(3, 4), share(0, 0) is None
    (75.0, True)
"""
import datetime

GOOD = "good"
WARN = "warn"
BAD = "bad"
STATUSES = (GOOD, WARN, BAD)

UNIT_POINTS = "pts"
UNIT_PERCENT = "%"
UNIT_COUNT = "count"
UNIT_CURRENCY = "currency"
UNITS = (UNIT_POINTS, UNIT_PERCENT, UNIT_COUNT, UNIT_CURRENCY)

# How far on the wrong side of its target a figure is still amber rather than red: a
# fixed band on scales of points and percent, a share of the target on counts and money
# (at least one on counts: with a target of 0 overdue follow-ups, one is amber, two red).
BAND_FIXED = {UNIT_POINTS: 5.0, UNIT_PERCENT: 5.0}
BAND_SHARE = 0.2
BAND_MIN_COUNT = 1.0

# The figures whose target can be set in Settings: code -> (unit, higher is better).
# The codes are the stable codes of the headline interface.
TARGETS = (
    ("nps", UNIT_POINTS, True),
    ("nps_response_rate", UNIT_PERCENT, True),
    ("followup_overdue", UNIT_COUNT, False),
    ("sla_compliance", UNIT_PERCENT, True),
    ("sla_breached_now", UNIT_COUNT, False),
    ("at_risk_without_action", UNIT_COUNT, False),
)
TARGET_CODES = tuple(code for code, _unit, _better in TARGETS)

# The longest period a caller may ask for (ten years): beyond it a typo, not a question.
MAX_PERIOD_DAYS = 3660


class PeriodError(ValueError):
    """A period that cannot be read (reason in args[0]: 'format', 'order', 'length')."""


def band(unit, target):
    """The amber band of a figure with ``target``."""
    if unit in BAND_FIXED:
        return BAND_FIXED[unit]
    width = abs(target or 0.0) * BAND_SHARE
    if unit == UNIT_COUNT:
        width = max(width, BAND_MIN_COUNT)
    return width


def status(value, target, higher_is_better, unit):
    """'good' when the figure meets its target, 'warn' within the amber band of it,
    'bad' beyond; None without a value or without a target."""
    if value is None or target is None:
        return None
    gap = (value - target) if higher_is_better else (target - value)
    if gap >= 0:
        return GOOD
    if -gap <= band(unit, target) + 1e-9:
        return WARN
    return BAD


def trend(value, previous):
    """'up', 'down' or 'flat' against the previous period; None when one is missing."""
    if value is None or previous is None:
        return None
    if abs(value - previous) < 1e-9:
        return "flat"
    return "up" if value > previous else "down"


def share(part, whole):
    """``part`` of ``whole`` in %, None when ``whole`` is 0 (no data, not 0 %)."""
    if not whole:
        return None
    return 100.0 * part / whole


def to_date(value):
    """A date from a ``date``, a ``datetime`` or 'YYYY-MM-DD'; PeriodError otherwise."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if not isinstance(value, str):
        raise PeriodError("format")
    try:
        return datetime.datetime.strptime(value[:10], "%Y-%m-%d").date()
    except ValueError:
        raise PeriodError("format")


def check_period(date_from, date_to):
    """The period as two dates, checked: from before to, at most MAX_PERIOD_DAYS."""
    date_from, date_to = to_date(date_from), to_date(date_to)
    if date_to < date_from:
        raise PeriodError("order")
    if (date_to - date_from).days + 1 > MAX_PERIOD_DAYS:
        raise PeriodError("length")
    return date_from, date_to


def previous_period(date_from, date_to):
    """The period of the same length just before ``date_from``..``date_to``."""
    days = (date_to - date_from).days + 1
    end = date_from - datetime.timedelta(days=1)
    return end - datetime.timedelta(days=days - 1), end


def default_period(today, days=30):
    """The last ``days`` days up to ``today`` included (the dashboard's default)."""
    return today - datetime.timedelta(days=days - 1), today


def parse_target(text):
    """A target as stored in a parameter: a number, or None when unset or unreadable."""
    if text in (None, False, ""):
        return None
    try:
        return float(text)
    except (TypeError, ValueError):
        return None
