# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What a ticket and each of its SLA targets show: the one display rule.

The countdown widget (static/src/js/sla_countdown.js) renders what :func:`line_display`
and :func:`ticket_display` return and, for a running target only, moves the clock on in
the browser with the same two thresholds (:func:`running_tone`).

- A target whose clock runs counts down to its deadline (clock time, the deadline's date
  in the tooltip): plain while on time, amber once at risk, red once its deadline has
  passed (its time left then shows negative).
- A target reached shows its result, never a clock: met with the margin it had, or
  breached by how much it overran, both in the hours the policy counts (working or
  calendar hours).
- A paused target shows the time it will have left when its clock resumes.
- A ticket shows its nearest running target; without one, its paused target with the
  least time left; once every target is reached, its worst result. The ticket is amber
  or red (its row, the queue of tickets about to breach) only for that running target:
  a breach of another, finished target shows in the target lines and the reports.

Hours read in one format everywhere: ``4 h 02`` (hours, then minutes on two digits).

>>> format_hours(4 * 3600 + 2 * 60 + 59)
'4 h 02'
>>> format_hours(-(6 * 3600 + 58 * 60))
'-6 h 58'
>>> format_hours(None) == ''
True
"""
from . import status as st

# What a target shows.
SHOW_RUNNING = "running"          # counting down to its deadline
SHOW_NO_DEADLINE = "no_deadline"  # running, but the calendar placed no deadline
SHOW_PAUSED = "paused"            # stopped before being reached: time left on resume
SHOW_MET = "met"                  # reached in time: its margin
SHOW_BREACHED = "breached"        # reached late (or breached before a pause): its overrun
SHOWS = (SHOW_RUNNING, SHOW_NO_DEADLINE, SHOW_PAUSED, SHOW_MET, SHOW_BREACHED)

# Its tone (a CSS class of the widget, see sla.css).
TONE_PLAIN = ""
TONE_AT_RISK = "warning"     # running, past its at-risk moment: amber
TONE_LATE = "danger"         # running, past its deadline: red, bold
TONE_MET = "success"         # result: met
TONE_FAILED = "failed"       # result: breached (red, not bold: there is no clock to beat)
TONE_MUTED = "muted"         # paused, or no deadline

# What a ticket or target raises (rows, queue): only a running target raises anything.
ALERT_AT_RISK = st.AT_RISK
ALERT_BREACHED = st.BREACHED


def format_hours(seconds):
    """``seconds`` as ``H h MM``; the minutes are cut, not rounded (a countdown that
    reads 0 h 00 has less than a minute left), with a millisecond of tolerance so that
    2 hours stored as 1.9999999 still read 2 h 00. Empty for no value."""
    if seconds is None or seconds is False:
        return ""
    sign = "-" if seconds < 0 else ""
    minutes = int((abs(seconds) + 0.001) // 60)
    return "%s%d h %02d" % (sign, minutes // 60, minutes % 60)


def is_running(line):
    """The target's clock runs: not reached and not paused."""
    return line.get("reached_date") is None and line.get("resumed_date") is not None


def is_paused(line):
    return line.get("reached_date") is None and line.get("resumed_date") is None


def running_tone(now, deadline, at_risk_date, state=None):
    """Tone of a running target at ``now``: late past the deadline (or once the engine
    wrote it breached: a breach stays a breach), at risk past the at-risk moment (or once
    written at risk), else plain. Moments are naive UTC datetimes (or None)."""
    if state == st.BREACHED or (deadline is not None and now >= deadline):
        return TONE_LATE
    if state == st.AT_RISK or (at_risk_date is not None and now >= at_risk_date):
        return TONE_AT_RISK
    return TONE_PLAIN


def _allowed_seconds(line):
    return (line.get("allowed_hours") or 0.0) * 3600.0


def _left_when_resumed(line):
    return _allowed_seconds(line) - (line.get("consumed_seconds") or 0.0)


def line_display(line, now):
    """What one target shows at ``now`` (naive UTC), as a dict:

    - ``show``: one of SHOWS; ``tone``: one of the TONE_* values;
    - ``seconds``: time left (running: until the deadline, negative once passed; paused:
      when the clock resumes), the margin (met) or the overrun (breached);
    - ``deadline``, ``at_risk_date``: the thresholds of a running target (else None).

    ``line`` is a dict with ``state``, ``deadline``, ``at_risk_date``, ``reached_date``,
    ``resumed_date`` (datetimes or None), ``consumed_seconds`` and ``allowed_hours``.

    >>> from datetime import datetime as d
    >>> line_display({"state": "met", "reached_date": d(2026, 1, 5, 10), "resumed_date": None,
    ...               "deadline": d(2026, 1, 5, 14), "consumed_seconds": 3600.0,
    ...               "allowed_hours": 2.0}, d(2026, 1, 6))["seconds"]
    3600.0
    """
    state = line.get("state")
    shown = {"show": None, "tone": TONE_PLAIN, "seconds": None, "deadline": None,
             "at_risk_date": None}
    if is_running(line):
        deadline = line.get("deadline")
        if deadline is None:
            shown.update(show=SHOW_NO_DEADLINE, tone=TONE_MUTED)
            if state == st.BREACHED:
                shown.update(show=SHOW_BREACHED, tone=TONE_LATE,
                             seconds=max(0.0, -_left_when_resumed(line)))
            return shown
        shown.update(show=SHOW_RUNNING, deadline=deadline, at_risk_date=line.get("at_risk_date"),
                     seconds=(deadline - now).total_seconds(),
                     tone=running_tone(now, deadline, line.get("at_risk_date"), state))
        return shown
    left = _left_when_resumed(line)
    if is_paused(line) and state != st.BREACHED:
        shown.update(show=SHOW_PAUSED, tone=TONE_MUTED, seconds=left)
    elif state == st.BREACHED:
        shown.update(show=SHOW_BREACHED, tone=TONE_FAILED, seconds=max(0.0, -left))
    else:
        shown.update(show=SHOW_MET, tone=TONE_MET, seconds=max(0.0, left))
    return shown


def line_alert(line, now):
    """ALERT_BREACHED or ALERT_AT_RISK for a running target past that threshold, else None."""
    if not is_running(line):
        return None
    tone = running_tone(now, line.get("deadline"), line.get("at_risk_date"), line.get("state"))
    return {TONE_LATE: ALERT_BREACHED, TONE_AT_RISK: ALERT_AT_RISK}.get(tone)


def _nearest(lines):
    """The running target due first (one without a deadline last)."""
    return min(lines, key=lambda line: (line.get("deadline") is None, line.get("deadline") or 0,
                                        line.get("id") or 0))


def ticket_line(lines):
    """The target a ticket shows (see the module's docstring), or None without targets."""
    lines = list(lines)
    running = [line for line in lines if is_running(line)]
    if running:
        return _nearest(running)
    paused = [line for line in lines if is_paused(line)]
    if paused:
        return min(paused, key=lambda line: (_left_when_resumed(line), line.get("id") or 0))
    breached = [line for line in lines if line.get("state") == st.BREACHED]
    if breached:
        return min(breached, key=lambda line: (_left_when_resumed(line), line.get("id") or 0))
    if lines:
        return min(lines, key=lambda line: (_left_when_resumed(line), line.get("id") or 0))
    return None


def ticket_display(lines, now):
    """What a ticket shows at ``now``: :func:`line_display` of :func:`ticket_line`, or
    None for a ticket without SLA targets."""
    line = ticket_line(lines)
    return line_display(line, now) if line is not None else None


def ticket_alert(lines, now):
    """The ticket's alert: the alert of the target it shows (None without one)."""
    line = ticket_line(lines)
    return line_alert(line, now) if line is not None else None
