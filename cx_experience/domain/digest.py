"""Digest periods: which closed period each rhythm reports on.

A digest run on day ``today`` reports the last complete period: yesterday for the
daily digest, last ISO week (Monday to Sunday) for the weekly one, last calendar
month for the monthly one. A period is identified by its first day, so sending it
twice can be refused by a unique key.

>>> import datetime
>>> last_period("weekly", datetime.date(2026, 11, 23))
(datetime.date(2026, 11, 16), datetime.date(2026, 11, 23))
>>> last_period("monthly", datetime.date(2026, 1, 1))
(datetime.date(2025, 12, 1), datetime.date(2026, 1, 1))
"""
import datetime

from . import codes


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


def variation(current, previous):
    """Change in percent from ``previous`` to ``current``; None when undefined."""
    if current is None or previous in (None, 0):
        return None
    return 100.0 * (current - previous) / abs(previous)


def split_emails(text):
    """The addresses of a comma, semicolon or newline separated list, deduplicated."""
    seen = []
    for chunk in (text or "").replace(";", ",").replace("\n", ",").split(","):
        address = chunk.strip()
        if address and "@" in address and address.lower() not in [s.lower() for s in seen]:
            seen.append(address)
    return seen
