# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""How the NPS analysis names and draws its periods, in plain Python (no odoo import).

Periods are named in the reader's language with the CLDR month names (Babel):

    >>> start = datetime.datetime(2026, 11, 1)
    >>> period_label('month', start, 'es_ES'), period_label('month', start, 'es_ES', True)
    ('noviembre 2026', 'nov 2026')
    >>> period_label('month', start, 'en_US', True)
    'Nov 2026'

The current period is partial: it has only the days already gone, so its NPS rests on
few answers and is drawn apart (a hollow point and a dashed segment), not as a spike.

    >>> is_partial('month', start, datetime.date(2026, 11, 3))
    True
    >>> is_partial('month', start, datetime.date(2026, 12, 1))
    False
"""
import datetime

from babel.dates import format_date

FALLBACK_LOCALE = "en_US"
#: the periods the analysis breaks down by, with their CLDR patterns (long, short)
PERIOD_PATTERNS = {
    "day": ("d MMMM yyyy", "d MMM"),
    "month": ("LLLL yyyy", "LLL yyyy"),
    "year": ("yyyy", "yyyy"),
}
#: a tick label of the trend takes this many pixels; fewer are left out (no overlap)
TICK_WIDTH = 64
#: the NPS scale, the trend's y-axis
NPS_MIN, NPS_MAX = -100, 100


def _locale(lang):
    return (lang or FALLBACK_LOCALE).replace("-", "_")


def period_end(period, start):
    """The first instant after the period that starts at ``start`` (a datetime).

    >>> period_end('month', datetime.datetime(2026, 12, 1))
    datetime.datetime(2027, 1, 1, 0, 0)
    >>> period_end('quarter', datetime.datetime(2026, 10, 1))
    datetime.datetime(2027, 1, 1, 0, 0)
    >>> period_end('week', datetime.datetime(2026, 11, 30))
    datetime.datetime(2026, 12, 7, 0, 0)
    """
    if period == "day":
        return start + datetime.timedelta(days=1)
    if period == "week":
        return start + datetime.timedelta(days=7)
    if period == "year":
        return start.replace(year=start.year + 1)
    months = 3 if period == "quarter" else 1
    month = start.month - 1 + months
    return start.replace(year=start.year + month // 12, month=month % 12 + 1)


def is_partial(period, start, today):
    """Whether the period that starts at ``start`` has not ended by ``today`` (a date)."""
    return start.date() <= today < period_end(period, start).date()


def period_label(period, start, lang, short=False):
    """The name of a period in ``lang`` ('noviembre 2026', 'T4 2026', 'sem. 48 2026').

    >>> d = datetime.datetime(2026, 11, 23)
    >>> period_label('quarter', d, 'es_ES'), period_label('quarter', d, 'en_US')
    ('T4 2026', 'Q4 2026')
    >>> period_label('week', d, 'es_ES'), period_label('week', d, 'en_US', True)
    ('sem. 48 2026', 'W48 2026')
    """
    locale = _locale(lang)
    spanish = locale.startswith("es")
    if period == "quarter":
        return "%s%d %d" % ("T" if spanish else "Q", (start.month - 1) // 3 + 1, start.year)
    if period == "week":
        year, week, _day = start.isocalendar()
        return ("sem. %d %d" if spanish else "W%d %d") % (week, year)
    long_pattern, short_pattern = PERIOD_PATTERNS.get(period, PERIOD_PATTERNS["month"])
    try:
        text = format_date(start, short_pattern if short else long_pattern, locale=locale)
    except (ValueError, LookupError):
        text = format_date(start, short_pattern if short else long_pattern,
                           locale=FALLBACK_LOCALE)
    # CLDR abbreviates Spanish months with a dot ("nov."); a label reads better without
    return text.replace(".", "")


def tick_step(count, width, tick_width=TICK_WIDTH):
    """Every how many periods the trend writes a label so that none overlap.

    >>> tick_step(12, 1000), tick_step(36, 1000), tick_step(0, 1000), tick_step(5, 0)
    (1, 3, 1, 5)
    """
    if count <= 0:
        return 1
    fits = max(int(width // tick_width), 1)
    return max(1, -(-count // fits))


def trend_points(rows, today):
    """The points of a trend from period rows (dicts with 'start', 'period', 'n', 'nps',
    'low', 'high'): periods without answers are left out (no point at 0), and the
    current period is marked partial.

    >>> rows = [{'start': datetime.datetime(2026, m, 1), 'period': 'month', 'n': n,
    ...          'nps': 10.0 * m if n else None, 'low': 0.0, 'high': 50.0}
    ...         for m, n in ((9, 4), (10, 0), (11, 2))]
    >>> [(p['nps'], p['partial']) for p in trend_points(rows, datetime.date(2026, 11, 3))]
    [(90.0, False), (110.0, True)]
    """
    points = []
    for row in rows:
        if not row["n"] or row["nps"] is None:
            continue
        point = dict(row)
        point["partial"] = is_partial(row["period"], row["start"], today)
        points.append(point)
    return points
