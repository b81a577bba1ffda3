# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Plain unit tests of cx_sla.domain.display (no database): the countdown rules.

Every expected value is worked by hand from the line's figures: a 2 h target started at
08:00 has its deadline at 10:00 (calendar hours) and its at-risk moment at 80 %, 09:36.
"""
import doctest
import unittest
from datetime import datetime, timedelta

from ..domain import display as dp
from ..domain import status as st

H = 3600.0
START = datetime(2026, 11, 23, 8, 0)
DEADLINE = START + timedelta(hours=2)
AT_RISK = START + timedelta(minutes=96)


def line(**values):
    """A running 2 h target started at START (see the module docstring)."""
    data = {"id": 1, "state": st.ONGOING, "deadline": DEADLINE, "at_risk_date": AT_RISK,
            "reached_date": None, "resumed_date": START, "consumed_seconds": 0.0,
            "allowed_hours": 2.0}
    data.update(values)
    return data


def met(consumed, **values):
    return line(state=st.MET, reached_date=START + timedelta(seconds=consumed),
                resumed_date=None, consumed_seconds=consumed, **values)


class TestFormat(unittest.TestCase):
    def test_one_format(self):
        self.assertEqual(dp.format_hours(4 * H + 2 * 60), "4 h 02")
        self.assertEqual(dp.format_hours(0), "0 h 00")
        self.assertEqual(dp.format_hours(59), "0 h 00")          # less than a minute
        self.assertEqual(dp.format_hours(52 * H + 10 * 60), "52 h 10")  # no days
        self.assertEqual(dp.format_hours(-(20 * H + 11 * 60 + 30)), "-20 h 11")
        self.assertEqual(dp.format_hours(None), "")
        self.assertEqual(dp.format_hours(False), "")

    def test_float_hours_read_whole(self):
        # 2 h stored as a float a hair short of it (7199.99964 s) still reads 2 h 00.
        self.assertEqual(dp.format_hours(1.9999999 * H), "2 h 00")

    def test_minutes_are_cut_not_rounded(self):
        # 3 h 59 min 59 s left reads 3 h 59, never 4 h 00 (it is not yet 4 h).
        self.assertEqual(dp.format_hours(4 * H - 1), "3 h 59")
        self.assertEqual(dp.format_hours(-(4 * H - 1)), "-3 h 59")


class TestLineDisplay(unittest.TestCase):
    def test_running_on_time_counts_down_plain(self):
        shown = dp.line_display(line(), START + timedelta(minutes=30))
        self.assertEqual(shown["show"], dp.SHOW_RUNNING)
        self.assertEqual(shown["tone"], dp.TONE_PLAIN)
        self.assertEqual(shown["seconds"], 90 * 60.0)  # 10:00 - 08:30
        self.assertEqual(shown["deadline"], DEADLINE)
        self.assertEqual(shown["at_risk_date"], AT_RISK)
        self.assertIsNone(dp.line_alert(line(), START + timedelta(minutes=30)))

    def test_running_at_risk_is_amber_from_its_at_risk_moment(self):
        before = dp.line_display(line(), AT_RISK - timedelta(seconds=1))
        at = dp.line_display(line(), AT_RISK)
        self.assertEqual(before["tone"], dp.TONE_PLAIN)
        self.assertEqual(at["tone"], dp.TONE_AT_RISK)
        self.assertEqual(at["seconds"], 24 * 60.0)
        self.assertEqual(dp.line_alert(line(), AT_RISK), dp.ALERT_AT_RISK)
        # Written at risk by the cron: amber even if the at-risk moment moved later.
        written = line(state=st.AT_RISK, at_risk_date=DEADLINE - timedelta(minutes=1))
        self.assertEqual(dp.line_display(written, START)["tone"], dp.TONE_AT_RISK)

    def test_running_past_its_deadline_is_red_and_negative(self):
        # Before the cron wrote it: red from the deadline on, by the clock alone.
        shown = dp.line_display(line(), DEADLINE + timedelta(hours=6, minutes=58))
        self.assertEqual(shown["show"], dp.SHOW_RUNNING)
        self.assertEqual(shown["tone"], dp.TONE_LATE)
        self.assertEqual(shown["seconds"], -(6 * H + 58 * 60))
        self.assertEqual(dp.format_hours(shown["seconds"]), "-6 h 58")
        self.assertEqual(dp.line_alert(line(), DEADLINE), dp.ALERT_BREACHED)
        # A breach stays a breach, even if the deadline moved (target hours raised).
        moved = line(state=st.BREACHED, deadline=DEADLINE + timedelta(hours=5))
        self.assertEqual(dp.line_display(moved, START)["tone"], dp.TONE_LATE)

    def test_met_shows_its_margin_not_a_clock(self):
        # Reached after 1 h 58 of 2 h: met with 0 h 02 to spare, whenever it is read.
        done = met(118 * 60.0)
        for now in (START + timedelta(hours=2), START + timedelta(days=30)):
            shown = dp.line_display(done, now)
            self.assertEqual(shown["show"], dp.SHOW_MET)
            self.assertEqual(shown["tone"], dp.TONE_MET)
            self.assertEqual(shown["seconds"], 2 * 60.0)
            self.assertIsNone(shown["deadline"])
            self.assertIsNone(dp.line_alert(done, now))

    def test_met_in_working_hours_counts_the_policy_hours(self):
        # 8 working hours allowed, 3 h 58 consumed (over a night): 4 h 02 to spare,
        # whatever the clock time between the reach and the deadline.
        done = met(3 * H + 58 * 60, allowed_hours=8.0, deadline=START + timedelta(days=2))
        self.assertEqual(dp.format_hours(dp.line_display(done, START)["seconds"]), "4 h 02")

    def test_breached_shows_its_overrun(self):
        # 2 h allowed, reached after 8 h 58 of consumed time: breached by 6 h 58.
        late = line(state=st.BREACHED, reached_date=START + timedelta(hours=9),
                    resumed_date=None, consumed_seconds=8 * H + 58 * 60)
        shown = dp.line_display(late, START + timedelta(days=1))
        self.assertEqual(shown["show"], dp.SHOW_BREACHED)
        self.assertEqual(shown["tone"], dp.TONE_FAILED)
        self.assertEqual(dp.format_hours(shown["seconds"]), "6 h 58")
        self.assertIsNone(dp.line_alert(late, START + timedelta(days=1)))

    def test_breached_with_hours_raised_after_shows_no_negative_overrun(self):
        late = line(state=st.BREACHED, reached_date=START + timedelta(hours=3), resumed_date=None,
                    consumed_seconds=3 * H, allowed_hours=5.0)
        self.assertEqual(dp.line_display(late, START)["seconds"], 0.0)

    def test_paused_shows_time_left_on_resume(self):
        # 2 h allowed, 45 min consumed before the pause: 1 h 15 left, no clock, no alert.
        paused = line(state=st.PAUSED, resumed_date=None, deadline=None, at_risk_date=None,
                      consumed_seconds=45 * 60.0)
        shown = dp.line_display(paused, START + timedelta(days=3))
        self.assertEqual((shown["show"], shown["tone"]), (dp.SHOW_PAUSED, dp.TONE_MUTED))
        self.assertEqual(dp.format_hours(shown["seconds"]), "1 h 15")
        self.assertIsNone(dp.line_alert(paused, START + timedelta(days=3)))

    def test_paused_after_a_breach_shows_the_breach(self):
        paused = line(state=st.BREACHED, resumed_date=None, deadline=None, at_risk_date=None,
                      consumed_seconds=2 * H + 30 * 60)
        shown = dp.line_display(paused, START)
        self.assertEqual((shown["show"], shown["tone"]), (dp.SHOW_BREACHED, dp.TONE_FAILED))
        self.assertEqual(shown["seconds"], 30 * 60.0)

    def test_running_without_deadline(self):
        shown = dp.line_display(line(deadline=None, at_risk_date=None), START)
        self.assertEqual((shown["show"], shown["tone"]), (dp.SHOW_NO_DEADLINE, dp.TONE_MUTED))
        self.assertIsNone(dp.line_alert(line(deadline=None, at_risk_date=None), START))


class TestTicketDisplay(unittest.TestCase):
    def test_no_targets(self):
        self.assertIsNone(dp.ticket_display([], START))
        self.assertIsNone(dp.ticket_alert([], START))

    def test_another_targets_breach_does_not_make_the_ticket_red(self):
        # First response breached (reached late), resolution (8 h) running with 5 h left:
        # the ticket counts down the resolution, plain, and raises nothing.
        first = line(id=1, state=st.BREACHED, reached_date=START + timedelta(hours=3),
                     resumed_date=None, consumed_seconds=3 * H)
        resolution = line(id=2, allowed_hours=8.0, deadline=START + timedelta(hours=8),
                          at_risk_date=START + timedelta(hours=6.4))
        now = START + timedelta(hours=3)
        shown = dp.ticket_display([first, resolution], now)
        self.assertEqual((shown["show"], shown["tone"]), (dp.SHOW_RUNNING, dp.TONE_PLAIN))
        self.assertEqual(shown["seconds"], 5 * H)
        self.assertIsNone(dp.ticket_alert([first, resolution], now))

    def test_the_nearest_running_target_is_shown(self):
        # Two running targets: the 2 h one (at risk at 09:36) is due first.
        first = line(id=1)
        resolution = line(id=2, allowed_hours=8.0, deadline=START + timedelta(hours=8),
                          at_risk_date=START + timedelta(hours=6.4))
        now = START + timedelta(hours=1, minutes=40)
        shown = dp.ticket_display([resolution, first], now)
        self.assertEqual(shown["deadline"], DEADLINE)
        self.assertEqual(shown["tone"], dp.TONE_AT_RISK)
        self.assertEqual(shown["seconds"], 20 * 60.0)
        self.assertEqual(dp.ticket_alert([resolution, first], now), dp.ALERT_AT_RISK)
        # Once the first response is met, the resolution is the one shown.
        replied = met(100 * 60.0, id=1)
        self.assertEqual(dp.ticket_display([replied, resolution], now)["seconds"],
                         (8 * H) - (100 * 60.0))
        self.assertIsNone(dp.ticket_alert([replied, resolution], now))

    def test_running_breached_target_makes_the_ticket_red(self):
        first = line(id=1, state=st.BREACHED)
        resolution = line(id=2, allowed_hours=8.0, deadline=START + timedelta(hours=8),
                          at_risk_date=START + timedelta(hours=6.4))
        now = START + timedelta(hours=2, minutes=30)
        shown = dp.ticket_display([first, resolution], now)
        self.assertEqual(shown["tone"], dp.TONE_LATE)
        self.assertEqual(dp.format_hours(shown["seconds"]), "-0 h 30")
        self.assertEqual(dp.ticket_alert([first, resolution], now), dp.ALERT_BREACHED)

    def test_paused_ticket_shows_the_target_with_least_time_left(self):
        a = line(id=1, state=st.PAUSED, resumed_date=None, deadline=None, consumed_seconds=H)
        b = line(id=2, state=st.PAUSED, resumed_date=None, deadline=None, consumed_seconds=H,
                 allowed_hours=8.0)
        shown = dp.ticket_display([b, a], START)
        self.assertEqual((shown["show"], shown["seconds"]), (dp.SHOW_PAUSED, H))
        # A running target wins over a paused one (stage targets do not pause).
        c = line(id=3, allowed_hours=4.0, deadline=START + timedelta(hours=4))
        self.assertEqual(dp.ticket_display([a, c], START)["show"], dp.SHOW_RUNNING)

    def test_closed_ticket_shows_its_worst_result(self):
        quick = met(30 * 60.0, id=1)                                 # 1 h 30 to spare
        tight = met(115 * 60.0, id=2)                                # 0 h 05 to spare
        self.assertEqual(dp.ticket_display([quick, tight], START)["seconds"], 5 * 60.0)
        late = line(id=3, state=st.BREACHED, reached_date=START, resumed_date=None,
                    consumed_seconds=2 * H + 10 * 60)                # 0 h 10 over
        later = line(id=4, state=st.BREACHED, reached_date=START, resumed_date=None,
                     consumed_seconds=4 * H)                         # 2 h 00 over
        shown = dp.ticket_display([quick, late, later, tight], START)
        self.assertEqual((shown["show"], shown["seconds"]), (dp.SHOW_BREACHED, 2 * H))
        self.assertIsNone(dp.ticket_alert([quick, late, later], START))

    def test_the_ticket_shows_one_of_its_own_lines_whatever_the_order(self):
        lines = [met(30 * 60.0, id=1), line(id=2), line(id=3, state=st.PAUSED, resumed_date=None),
                 line(id=4, deadline=DEADLINE - timedelta(minutes=5))]
        for shift in range(len(lines)):
            order = lines[shift:] + lines[:shift]
            self.assertEqual(dp.ticket_line(order)["id"], 4)


class TestDocExamples(unittest.TestCase):
    def test_docstring_examples(self):
        failed, _attempted = doctest.testmod(dp)
        self.assertEqual(failed, 0)
