# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Working-time arithmetic for SLA deadlines, in plain Python (nothing here imports odoo).

A :class:`WorkCalendar` is built once per ``resource.calendar`` from its attendances
(weekday, local hours), its global leaves (holidays, stored in UTC) and its time zone.
All datetimes going in and out are naive UTC, as Odoo stores them. Attendances are
read in the calendar's local time and converted day by day with pytz, so a deadline
that crosses a daylight-saving change keeps the local office hours (09:00 stays 09:00
local, which is 08:00 or 07:00 UTC depending on the season).

    >>> from datetime import datetime
    >>> cal = WorkCalendar([(d, 9.0, 17.0) for d in range(5)])
    >>> cal.add_seconds(datetime(2026, 11, 20, 16, 0), 4 * 3600)  # Friday 16:00 + 4 h
    datetime.datetime(2026, 11, 23, 12, 0)
"""
import math
from bisect import bisect_left, bisect_right
from datetime import datetime, time, timedelta

import pytz

# How far ahead a deadline may be searched before the calendar is deemed empty.
MAX_DAYS_AHEAD = 3 * 366

# The index of working time grows forward by this many days at a time.
INDEX_STEP_DAYS = 30

_EPOCH = datetime(1970, 1, 1)


class CalendarError(ValueError):
    """The calendar cannot place working time (no attendance at all, or only leaves)."""


def _merge(intervals):
    """Sorts and merges overlapping (start, end) intervals."""
    merged = []
    for start, end in sorted(intervals):
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def _subtract(intervals, holes):
    """Removes the sorted, merged ``holes`` from the sorted, merged ``intervals``."""
    result = []
    for start, end in intervals:
        cursor = start
        for hole_start, hole_end in holes:
            if hole_end <= cursor or hole_start >= end:
                continue
            if hole_start > cursor:
                result.append((cursor, hole_start))
            cursor = max(cursor, hole_end)
            if cursor >= end:
                break
        if cursor < end:
            result.append((cursor, end))
    return result


def _finite_hours(value):
    """An attendance hour as a float within the day, or None when it cannot be one."""
    try:
        value = float(value)
    except (TypeError, ValueError):
        return None
    return min(24.0, max(0.0, value)) if math.isfinite(value) else None


class FullCalendar(object):
    """Calendar hours: every second counts (24/7, no holidays)."""

    def add_seconds(self, start, seconds):
        # The same horizon as a working calendar: beyond it the date arithmetic itself
        # would overflow (a 1e8 h target is 11,000 years).
        if seconds > MAX_DAYS_AHEAD * 86400.0 or not math.isfinite(seconds):
            raise CalendarError("No deadline within %d days." % MAX_DAYS_AHEAD)
        return start + timedelta(seconds=max(0.0, seconds))

    def seconds_between(self, start, end):
        return (end - start).total_seconds()

    def add_many(self, start, seconds_list):
        return [self.add_seconds(start, seconds) for seconds in seconds_list]


class NoWorkCalendar(object):
    """A calendar that cannot place working time (it lost its attendances): no deadline is
    ever placed and no working time elapses. The SLA engine falls back to it rather than
    failing the ticket's save."""

    def add_seconds(self, start, seconds):
        return self.add_many(start, (seconds,))[0]

    def add_many(self, start, seconds_list):
        if any(seconds > 0 for seconds in seconds_list):
            raise CalendarError("The calendar has no working hours.")
        return [start for _seconds in seconds_list]

    def seconds_between(self, start, end):
        return 0.0


def can_place(calendar, hours, start):
    """True when ``hours`` of working time fit in ``calendar`` from ``start`` within the
    search horizon (about three years).

    >>> can_place(FullCalendar(), 24.0, datetime(2026, 1, 1))
    True
    >>> can_place(FullCalendar(), 1e8, datetime(2026, 1, 1))
    False
    """
    try:
        calendar.add_seconds(start, hours * 3600.0)
    except (CalendarError, OverflowError):
        return False
    return True


class WorkCalendar(object):
    """Working time of one calendar.

    :param attendances: iterable of ``(weekday, hour_from, hour_to)`` or
        ``(weekday, hour_from, hour_to, date_from, date_to)``; weekday 0 is Monday,
        hours are local floats (17.5 is 17:30), dates limit the attendance (or None).
    :param leaves: iterable of ``(start, end)`` naive UTC datetimes when nobody works.
    :param tz_name: the calendar's time zone (an Olson name, ``UTC`` by default).
    """

    def __init__(self, attendances, leaves=(), tz_name="UTC"):
        self.tz = pytz.timezone(tz_name or "UTC")
        self.attendances = {}
        for att in attendances:
            # Hours outside the day (or not numbers) would overflow the date arithmetic:
            # they are clamped to the day, or the attendance is ignored.
            weekday, hour_from, hour_to = att[0], _finite_hours(att[1]), _finite_hours(att[2])
            if hour_from is None or hour_to is None:
                continue
            date_from = att[3] if len(att) > 3 else None
            date_to = att[4] if len(att) > 4 else None
            if hour_to > hour_from:
                self.attendances.setdefault(int(weekday), []).append(
                    (hour_from, hour_to, date_from, date_to))
        if not self.attendances:
            raise CalendarError("The calendar has no working hours.")
        self.leaves = _merge(leaves)
        self._leave_ends = [end for _start, end in self.leaves]
        self._days = {}
        self._span = None
        self._lo = self._hi = 0.0
        self._starts, self._ends, self._cum, self._cum_end = [], [], [], []

    def _to_utc(self, local):
        # is_dst=False picks the standard-time reading of an ambiguous or missing hour.
        return self.tz.localize(local, is_dst=False).astimezone(pytz.UTC).replace(tzinfo=None)

    def _local_date(self, utc):
        return pytz.UTC.localize(utc).astimezone(self.tz).date()

    def day_intervals(self, day):
        """Working intervals (naive UTC) of the local date ``day``, leaves removed."""
        cached = self._days.get(day)
        if cached is not None:
            return cached
        midnight = datetime.combine(day, time())
        intervals = []
        for hour_from, hour_to, date_from, date_to in self.attendances.get(day.weekday(), ()):
            if (date_from and day < date_from) or (date_to and day > date_to):
                continue
            intervals.append((self._to_utc(midnight + timedelta(hours=hour_from)),
                              self._to_utc(midnight + timedelta(hours=hour_to))))
        intervals = _merge(intervals)
        if intervals and self.leaves:
            first = bisect_right(self._leave_ends, intervals[0][0])
            holes = []
            for hole in self.leaves[first:]:
                if hole[0] >= intervals[-1][1]:
                    break
                holes.append(hole)
            intervals = _subtract(intervals, holes)
        self._days[day] = intervals
        return intervals

    # Working time is indexed as a sorted list of intervals in epoch seconds with the
    # cumulative working seconds at each start, so that adding or measuring working time
    # is two binary searches instead of a walk over the days.
    def _cover(self, first_day, last_day):
        """Extends the index so that it covers the local days first_day..last_day."""
        if self._span and first_day >= self._span[0]:
            if last_day <= self._span[1]:
                return
            day, first_day = self._span[1] + timedelta(days=1), self._span[0]
            last_day = max(last_day, self._span[1] + timedelta(days=INDEX_STEP_DAYS))
        else:
            self._starts, self._ends, self._cum, self._cum_end = [], [], [], []
            last_day = max(last_day, self._span[1]) if self._span else last_day + timedelta(days=7)
            day = first_day
        total = self._cum_end[-1] if self._cum_end else 0.0
        while day <= last_day:
            for begin, end in self.day_intervals(day):
                b, e = (begin - _EPOCH).total_seconds(), (end - _EPOCH).total_seconds()
                if self._ends and b < self._ends[-1]:
                    b = self._ends[-1]  # a late shift of the day before may overlap
                    if e <= b:
                        continue
                self._starts.append(b)
                self._ends.append(e)
                self._cum.append(total)
                total += e - b
                self._cum_end.append(total)
            day += timedelta(days=1)
        self._span = (first_day, last_day)
        # Moments whose local day (any offset up to +-14 h) and the day before are covered.
        self._lo = (datetime.combine(first_day + timedelta(days=2), time()) - _EPOCH).total_seconds()
        self._hi = (datetime.combine(last_day - timedelta(days=1), time()) - _EPOCH).total_seconds()

    def _worked(self, moment):
        """Working seconds from the start of the index up to ``moment`` (epoch seconds)."""
        i = bisect_right(self._starts, moment) - 1
        if i < 0:
            return 0.0
        return self._cum[i] + min(moment, self._ends[i]) - self._starts[i]

    def _moment(self, dt):
        """Epoch seconds of a naive UTC datetime, with the index covering it."""
        moment = (dt - _EPOCH).total_seconds()
        if not self._span or moment < self._lo or moment > self._hi:
            day = dt.date()
            self._cover(day - timedelta(days=2), day + timedelta(days=2))
        return moment

    def add_seconds(self, start, seconds):
        """The moment when ``seconds`` of working time have elapsed from ``start``.

        With ``seconds`` <= 0 the answer is ``start`` itself.
        """
        return self.add_many(start, (seconds,))[0]

    def add_many(self, start, seconds_list):
        """``add_seconds`` for several amounts from one start (a deadline and its at-risk moment)."""
        worked = None
        result = []
        for seconds in seconds_list:
            if seconds <= 0:
                result.append(start)
                continue
            if worked is None:
                worked = self._worked(self._moment(start))
            result.append(self._add_from(start, worked + seconds))
        return result

    def _add_from(self, start, target):
        """The moment when the index's cumulative working time reaches ``target``."""
        while not self._cum_end or self._cum_end[-1] < target:
            if (self._span[1] - start.date()).days > MAX_DAYS_AHEAD:
                raise CalendarError("No working time found within %d days." % MAX_DAYS_AHEAD)
            self._cover(self._span[0], self._span[1] + timedelta(days=INDEX_STEP_DAYS))
        j = bisect_left(self._cum_end, target)
        # timedelta rounds the seconds to the microsecond.
        return _EPOCH + timedelta(seconds=self._starts[j] + target - self._cum[j])

    def seconds_between(self, start, end):
        """Working seconds between two naive UTC datetimes (negative if end < start)."""
        if end < start:
            return -self.seconds_between(end, start)
        self._cover(start.date() - timedelta(days=2), end.date() + timedelta(days=2))
        return (self._worked((end - _EPOCH).total_seconds())
                - self._worked((start - _EPOCH).total_seconds()))
