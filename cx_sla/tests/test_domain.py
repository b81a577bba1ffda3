# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Plain unit tests of cx_sla.domain: no database. Expected values worked by hand."""
import doctest
import random
import unittest
from datetime import date, datetime, timedelta

from ..domain import calendar as cal
from ..domain import policy, status

MON_FRI_9_17 = [(d, 9.0, 17.0) for d in range(5)]
H = 3600


class TestWorkCalendar(unittest.TestCase):
    def test_friday_afternoon_plus_four_hours_is_monday_noon(self):
        # Fri 20 Nov 2026 16:00: 1 h left on Friday (16-17), 3 h on Monday (9-12).
        work = cal.WorkCalendar(MON_FRI_9_17)
        self.assertEqual(work.add_seconds(datetime(2026, 11, 20, 16), 4 * H),
                         datetime(2026, 11, 23, 12))

    def test_holiday_on_monday_moves_deadline_to_tuesday(self):
        # Monday 23 is a holiday: 1 h on Friday, 3 h on Tuesday -> Tue 12:00.
        holiday = (datetime(2026, 11, 23), datetime(2026, 11, 24))
        work = cal.WorkCalendar(MON_FRI_9_17, leaves=[holiday])
        self.assertEqual(work.add_seconds(datetime(2026, 11, 20, 16), 4 * H),
                         datetime(2026, 11, 24, 12))

    def test_half_day_leave_is_removed(self):
        # Leave Monday 10:00-11:00: Mon 9-10 (1 h) + 11-13 (2 h) -> 13:00 for 3 h.
        leave = (datetime(2026, 11, 23, 10), datetime(2026, 11, 23, 11))
        work = cal.WorkCalendar(MON_FRI_9_17, leaves=[leave])
        self.assertEqual(work.add_seconds(datetime(2026, 11, 23, 9), 3 * H), datetime(2026, 11, 23, 13))

    def test_deadline_spanning_weeks(self):
        # 50 h from Mon 23 09:00: Mon-Fri = 40 h, Mon 30 = 8 h (48 h), 2 h on Tue 1 Dec -> 11:00.
        work = cal.WorkCalendar(MON_FRI_9_17)
        self.assertEqual(work.add_seconds(datetime(2026, 11, 23, 9), 50 * H), datetime(2026, 12, 1, 11))

    def test_start_on_saturday_counts_from_monday_opening(self):
        work = cal.WorkCalendar(MON_FRI_9_17)
        self.assertEqual(work.add_seconds(datetime(2026, 11, 21, 10), 1 * H), datetime(2026, 11, 23, 10))

    def test_lunch_break_is_not_working_time(self):
        # 9-13 and 14-18: Mon 12:00 + 2 h = 1 h before lunch + 1 h after -> 15:00.
        work = cal.WorkCalendar([(0, 9.0, 13.0), (0, 14.0, 18.0)])
        self.assertEqual(work.add_seconds(datetime(2026, 11, 23, 12), 2 * H), datetime(2026, 11, 23, 15))

    def test_time_zone_other_than_utc(self):
        # Madrid is UTC+1 in November. Fri 15:00 UTC = 16:00 local; + 4 h = Mon 12:00 local = 11:00 UTC.
        work = cal.WorkCalendar(MON_FRI_9_17, tz_name="Europe/Madrid")
        self.assertEqual(work.add_seconds(datetime(2026, 11, 20, 15), 4 * H), datetime(2026, 11, 23, 11))

    def test_time_zone_west_of_utc_crossing_utc_midnight(self):
        # Bogota UTC-5, 9-17 local = 14:00-22:00 UTC. Fri 21:00 UTC (16:00 local) + 4 h:
        # 1 h Friday, 3 h Monday -> 12:00 local = 17:00 UTC.
        work = cal.WorkCalendar(MON_FRI_9_17, tz_name="America/Bogota")
        self.assertEqual(work.add_seconds(datetime(2026, 11, 20, 21), 4 * H), datetime(2026, 11, 23, 17))

    def test_daylight_saving_ends_over_the_weekend(self):
        # Madrid leaves summer time on Sun 25 Oct 2026. Fri 23 Oct 14:00 UTC = 16:00 CEST;
        # + 4 h -> Mon 26 Oct 12:00 local, now CET (UTC+1) = 11:00 UTC (not 10:00).
        work = cal.WorkCalendar(MON_FRI_9_17, tz_name="Europe/Madrid")
        self.assertEqual(work.add_seconds(datetime(2026, 10, 23, 14), 4 * H), datetime(2026, 10, 26, 11))

    def test_daylight_saving_starts_over_the_weekend(self):
        # Summer time starts Sun 29 Mar 2026. Fri 27 Mar 15:00 UTC = 16:00 CET;
        # + 4 h -> Mon 30 Mar 12:00 CEST (UTC+2) = 10:00 UTC.
        work = cal.WorkCalendar(MON_FRI_9_17, tz_name="Europe/Madrid")
        self.assertEqual(work.add_seconds(datetime(2026, 3, 27, 15), 4 * H), datetime(2026, 3, 30, 10))

    def test_seconds_between_skips_nights_weekends_and_is_signed(self):
        work = cal.WorkCalendar(MON_FRI_9_17)
        fri, mon = datetime(2026, 11, 20, 16), datetime(2026, 11, 23, 12)
        self.assertEqual(work.seconds_between(fri, mon), 4 * H)
        self.assertEqual(work.seconds_between(mon, fri), -4 * H)

    def test_add_and_between_are_inverse(self):
        rnd = random.Random(42)
        work = cal.WorkCalendar(MON_FRI_9_17 + [(5, 10.0, 12.5)], tz_name="Europe/Madrid",
                                leaves=[(datetime(2026, 12, 24, 23), datetime(2026, 12, 26, 23))])
        for _i in range(200):
            start = datetime(2026, 10, 1) + timedelta(minutes=rnd.randrange(0, 120 * 24 * 60))
            seconds = rnd.randrange(60, 80 * H)
            self.assertEqual(work.seconds_between(start, work.add_seconds(start, seconds)), seconds)

    def test_attendance_limited_by_dates(self):
        # Monday attendance valid only until 22 Nov: Monday 23 does not work -> Tue 10:00.
        work = cal.WorkCalendar([(0, 9.0, 17.0, None, date(2026, 11, 22)), (1, 9.0, 17.0)])
        self.assertEqual(work.add_seconds(datetime(2026, 11, 23, 8), 1 * H), datetime(2026, 11, 24, 10))

    def test_empty_calendar_is_refused(self):
        with self.assertRaises(cal.CalendarError):
            cal.WorkCalendar([])

    def test_calendar_made_of_leaves_only_is_refused(self):
        work = cal.WorkCalendar(MON_FRI_9_17, leaves=[(datetime(2000, 1, 1), datetime(2100, 1, 1))])
        with self.assertRaises(cal.CalendarError):
            work.add_seconds(datetime(2026, 11, 23, 9), H)

    def test_full_calendar_counts_every_hour(self):
        full = cal.FullCalendar()
        self.assertEqual(full.add_seconds(datetime(2026, 11, 20, 16), 4 * H), datetime(2026, 11, 20, 20))

    def test_full_calendar_refuses_beyond_its_horizon(self):
        # 1e8 h is 11,000 years: beyond what datetime holds, refused as "no deadline".
        full = cal.FullCalendar()
        for hours in (1e8, cal.MAX_DAYS_AHEAD * 24 + 1, float("inf"), float("nan")):
            with self.assertRaises(cal.CalendarError):
                full.add_seconds(datetime(2026, 11, 20), hours * H)
        self.assertEqual(full.add_seconds(datetime(2026, 1, 1), cal.MAX_DAYS_AHEAD * 24 * H),
                         datetime(2026, 1, 1) + timedelta(days=cal.MAX_DAYS_AHEAD))

    def test_hours_outside_the_day_are_clamped_or_ignored(self):
        # 9 to 30 reads 9 to 24; NaN and text are ignored: Monday 9-24 only -> Mon 09:00 + 15 h.
        work = cal.WorkCalendar([(0, 9.0, 30.0), (1, float("nan"), 17.0), (2, "x", 17.0)])
        self.assertEqual(work.add_seconds(datetime(2026, 11, 23, 9), 15 * H), datetime(2026, 11, 24, 0))
        self.assertEqual(work.add_seconds(datetime(2026, 11, 23, 9), 16 * H), datetime(2026, 11, 30, 10))
        with self.assertRaises(cal.CalendarError):
            cal.WorkCalendar([(0, float("inf"), 17.0), (1, 17.0, 9.0)])

    def test_no_work_calendar_places_nothing(self):
        empty = cal.NoWorkCalendar()
        with self.assertRaises(cal.CalendarError):
            empty.add_many(datetime(2026, 11, 23, 9), (H, 0.8 * H))
        self.assertEqual(empty.add_seconds(datetime(2026, 11, 23, 9), 0), datetime(2026, 11, 23, 9))
        self.assertEqual(empty.seconds_between(datetime(2026, 11, 23), datetime(2026, 11, 30)), 0.0)

    def test_can_place_within_three_years(self):
        # A 40 h week. The search stops once its index reaches past 3 x 366 = 1,098 days (it grows
        # 30 days at a time): 150 weeks (6,000 h, 1,050 days) fit, 170 weeks (6,800 h, 1,190 days)
        # do not.
        work = cal.WorkCalendar(MON_FRI_9_17)
        start = datetime(2026, 11, 23, 9)
        self.assertTrue(cal.can_place(work, 6000.0, start))
        self.assertFalse(cal.can_place(work, 6800.0, start))
        self.assertFalse(cal.can_place(cal.NoWorkCalendar(), 1.0, start))
        self.assertTrue(cal.can_place(cal.FullCalendar(), policy.MAX_HOURS, start))
        self.assertFalse(cal.can_place(cal.FullCalendar(), policy.MAX_HOURS + 1, start))


class TestLineMoments(unittest.TestCase):
    def test_pause_carries_consumed_time(self):
        # 8 h target from Mon 09:00, paused at 11:00 (2 h consumed), resumed Wed 15:00:
        # 6 h left = Wed 15-17 (2 h) + Thu 9-13 (4 h) -> Thu 13:00.
        # At risk at 80 % = 6.4 h -> 4.4 h after resuming: Wed 2 h + Thu 2.4 h -> Thu 11:24.
        work = cal.WorkCalendar(MON_FRI_9_17)
        deadline, at_risk = policy.line_moments(work, datetime(2026, 11, 25, 15), 2 * H, 8 * H, 80)
        self.assertEqual(deadline, datetime(2026, 11, 26, 13))
        self.assertEqual(at_risk, datetime(2026, 11, 26, 11, 24))

    def test_at_risk_already_passed_before_pause(self):
        # 7 h of 8 consumed: the at-risk moment (6.4 h) lies before resuming -> at once.
        work = cal.WorkCalendar(MON_FRI_9_17)
        resumed = datetime(2026, 11, 25, 15)
        deadline, at_risk = policy.line_moments(work, resumed, 7 * H, 8 * H, 80)
        self.assertEqual(at_risk, resumed)
        self.assertEqual(deadline, datetime(2026, 11, 25, 16))


class TestStatus(unittest.TestCase):
    def test_breach_wins_over_everything(self):
        self.assertEqual(status.ticket_status([status.MET, status.BREACHED, status.ONGOING]), status.BREACHED)

    def test_paused_only_when_no_clock_runs(self):
        self.assertEqual(status.ticket_status([status.PAUSED, status.MET]), status.PAUSED)
        self.assertEqual(status.ticket_status([status.PAUSED, status.ONGOING]), status.ONGOING)

    def test_no_line_no_status(self):
        self.assertIsNone(status.ticket_status([]))

    def test_running_and_reached_states(self):
        now = datetime(2026, 11, 23, 12)
        self.assertEqual(status.running_state(now, now + timedelta(hours=1), now), status.AT_RISK)
        self.assertEqual(status.running_state(now, now, now), status.BREACHED)
        self.assertEqual(status.running_state(now, now + timedelta(hours=1), now + timedelta(minutes=1)),
                         status.ONGOING)
        self.assertEqual(status.reached_state(now, now, 0, 1), status.MET)
        self.assertEqual(status.reached_state(now, now - timedelta(seconds=1), 0, 1), status.BREACHED)
        self.assertEqual(status.reached_state(now, None, 3601, 3600), status.BREACHED)


class TestPolicyMatch(unittest.TestCase):
    POLICIES = [
        {"name": "strategic urgent", "tier_ids": {1}, "min_priority": "2"},
        {"name": "support team", "team_ids": {7}, "tag_ids": {3, 4}},
        {"name": "domain", "domain_ids": {99}},
        {"name": "catch-all"},
    ]

    def _match(self, **ticket):
        ticket.setdefault("id", 1)
        found = policy.match_policy(self.POLICIES, ticket)
        return found and found["name"]

    def test_first_match_wins(self):
        self.assertEqual(self._match(tier_id=1, priority="3", team_id=7, tag_ids=[3]), "strategic urgent")

    def test_priority_below_minimum_falls_through(self):
        self.assertEqual(self._match(tier_id=1, priority="1", team_id=7, tag_ids=[4]), "support team")

    def test_tags_need_one_common_tag(self):
        self.assertEqual(self._match(team_id=7, tag_ids=[5]), "catch-all")

    def test_domain_restricts_to_its_ids(self):
        self.assertEqual(self._match(id=99), "domain")

    def test_no_policy_means_no_sla(self):
        self.assertIsNone(policy.match_policy(self.POLICIES[:1], {"id": 1, "tier_id": 2}))

    def test_hours_bounds(self):
        self.assertEqual(policy.MAX_HOURS, 3 * 366 * 24)
        for hours in (0.0, -1.0, policy.MAX_HOURS + 0.5, 1e8, float("nan"), float("inf"), "8", None):
            self.assertFalse(policy.validate_hours(hours), hours)
        for hours in (0.01, 8, policy.MAX_HOURS):
            self.assertTrue(policy.validate_hours(hours), hours)
        self.assertTrue(policy.validate_hours(0.0, allow_zero=True))
        self.assertFalse(policy.validate_hours(-0.5, allow_zero=True))

    def test_share_bounds(self):
        self.assertFalse(policy.validate_share(float("nan")))
        self.assertFalse(policy.validate_share(0))
        self.assertFalse(policy.validate_share(100))
        self.assertTrue(policy.validate_share(80))


class TestDocExamples(unittest.TestCase):
    def test_docstring_examples(self):
        for module in (cal, policy, status):
            failed, _attempted = doctest.testmod(module)
            self.assertEqual(failed, 0, module.__name__)
