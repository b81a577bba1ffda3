# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The SLA line state machine: the in-memory representation of one SLA target of a ticket.

A line is a plain dict of the columns of ``cx_sla_line`` (see ``COLUMNS``); an
:class:`SlaLine` wraps one and moves it forward in place, the way OCA ``queue_job``'s
``Job`` handles a job. Its states are the ``status`` constants:

- ``ongoing`` → ``at_risk`` → ``breached`` while its clock runs (:meth:`SlaLine.run`),
- ``paused`` while the ticket sits in a pause stage (:meth:`SlaLine.pause`),
- ``met`` or ``breached`` once its target is reached (:meth:`SlaLine.reach`);
  a breach stays a breach whatever comes after.

:func:`advance_chunk` advances every line of a planned chunk of tickets and says which
lines to insert, update and delete: it is what the engine (``cx.sla.line._cx_sync``) and
the demo generator both run. Everything here takes and returns plain values.

>>> from datetime import datetime as d
>>> from .calendar import FullCalendar
>>> target = {"kind": "resolution", "stage_id": None, "hours": 4.0}
>>> policy = {"targets": {7: target}, "pause_stage_ids": {3}, "share": 50.0,
...           "clock_start": "create"}
>>> ticket = {"id": 1, "closed": False, "closed_date": None, "stage_id": 1,
...           "create_date": d(2026, 1, 5, 9), "assigned_date": None}
>>> step = Step(ticket, policy, FullCalendar(), d(2026, 1, 5, 11), {1: (1, 1), 3: (2, 3)})
>>> line = new_line(ticket, 7, target, ticket["create_date"])
>>> SlaLine(line).advance(step)["state"], line["deadline"], line["at_risk_date"]
('at_risk', datetime.datetime(2026, 1, 5, 13, 0), datetime.datetime(2026, 1, 5, 11, 0))
>>> ticket["stage_id"] = 3
>>> SlaLine(line).advance(step._replace(now=d(2026, 1, 5, 12)))["state"], line["consumed_seconds"]
('paused', 10800.0)
>>> ticket.update(closed=True, closed_date=d(2026, 1, 6, 9))
>>> SlaLine(line).advance(step._replace(now=d(2026, 1, 6, 10)))["state"], line["work_hours"]
('met', 3.0)
"""
import collections
import logging

from . import calendar as work_calendar
from . import policy as rules
from . import status as st

_logger = logging.getLogger(__name__)

# The columns of a line the engine writes, in this order.
COLUMNS = ("ticket_id", "target_id", "kind", "allowed_hours", "start_date",
           "resumed_date", "consumed_seconds", "deadline", "at_risk_date", "reached_date",
           "breached_date", "state", "work_hours", "met_share", "met_count", "breached_count")

# The at-risk share of a line whose policy went away (the policy default).
DEFAULT_SHARE = 80.0

#: What one advance of a ticket's lines needs to know: the ticket and its policy (plain
#: dicts as ``cx.sla.line._cx_plan`` reads them; the policy None once none applies), the
#: calendar, the moment, ``{stage id: sort key}``, whether the ticket just got its first
#: public reply, and a cache of placed moments shared by the lines of a chunk.
Step = collections.namedtuple(
    "Step", "ticket policy cal now stage_rank replied moments warn")
Step.__new__.__defaults__ = (False, None, None)


def _warn_unplaced(line, allowed):
    _logger.warning("SLA: no deadline within the horizon for ticket %s, target %s "
                    "(%.1f h allowed); the line runs without one.",
                    line["ticket_id"], line["target_id"], allowed / 3600.0)


def new_line(ticket, target_id, target, start):
    """A new running line of ``target`` for ``ticket``, its clock started at ``start``."""
    return {"id": None, "ticket_id": ticket["id"], "target_id": target_id,
            "kind": target["kind"], "allowed_hours": target["hours"],
            "start_date": start, "resumed_date": start,
            "consumed_seconds": 0.0, "deadline": None, "at_risk_date": None,
            "reached_date": None, "breached_date": None, "state": st.ONGOING}


def clock_start(ticket, policy):
    """When the clocks of a ticket's new lines start (None: not yet, e.g. unassigned)."""
    if policy["clock_start"] == rules.CLOCK_ASSIGNED:
        return ticket["assigned_date"]
    return ticket["create_date"]


# The met share of a reached line (its average over lines is the compliance rate).
_MET_SHARE = {st.MET: 100.0, st.BREACHED: 0.0}


class SlaLine(object):
    """One line (a dict, changed in place) and its transitions. ``allowed`` holds the
    seconds its target allows (the engine advances hundreds of thousands of lines at
    once: the transitions are written for speed, with few lookups)."""
    __slots__ = ("values", "allowed")

    def __init__(self, values):
        self.values = values
        self.allowed = values["allowed_hours"] * 3600.0

    def _stop_clock(self, cal, moment):
        line = self.values
        if line["resumed_date"]:
            line["consumed_seconds"] += max(0.0, cal.seconds_between(line["resumed_date"], moment))
            line["resumed_date"] = None

    def _set_state(self, state):
        if self.values["state"] != st.BREACHED:  # a breach stays a breach
            self.values["state"] = state

    def reached_at(self, step, target):
        """When the line's target is reached at this step, or None: the ticket closed, the
        ticket got to the target's stage, or it got its first public reply."""
        line, ticket, now = self.values, step.ticket, step.now
        if ticket["closed"]:
            return min(ticket["closed_date"] or now, now)
        if (line["kind"] == rules.TARGET_STAGE and target and target["stage_id"] and ticket["stage_id"]
                and step.stage_rank.get(ticket["stage_id"]) >= step.stage_rank.get(target["stage_id"])):
            return now
        if line["kind"] == rules.TARGET_FIRST_RESPONSE and step.replied:
            return now
        return None

    def reach(self, cal, moment):
        """The target is reached at ``moment``: the clock stops, met or breached."""
        line = self.values
        self._stop_clock(cal, moment)
        line["reached_date"] = moment
        self._set_state(st.reached_state(moment, line["deadline"], line["consumed_seconds"],
                                         self.allowed))
        line["work_hours"] = line["consumed_seconds"] / 3600.0

    def pause(self, cal, now):
        """The ticket sits in a pause stage: the clock stops, no deadline."""
        line = self.values
        self._stop_clock(cal, now)
        line["deadline"] = line["at_risk_date"] = None
        self._set_state(st.PAUSED)

    def run(self, step, share):
        """The clock runs (it resumes if stopped): place the deadline and at-risk moment."""
        line, now = self.values, step.now
        if not line["resumed_date"]:
            line["resumed_date"] = now
        # Tickets created together (an import, a batch through the mail gateway) share their
        # start moment: the same calendar, start and allowance give the same moments.
        cache = step.moments if step.moments is not None else {}
        key = (id(step.cal), line["resumed_date"], line["consumed_seconds"], self.allowed, share)
        moments = cache.get(key)
        if moments is None:
            moments = cache[key] = self.place(step.cal, key[1:], step.warn or _warn_unplaced)
        line["deadline"], line["at_risk_date"] = moments
        if line["state"] != st.BREACHED:
            line["state"] = st.running_state(now, moments[0], moments[1])

    def place(self, cal, args, warn):
        """Deadline and at-risk moment, or none when the calendar cannot place them within
        its horizon (holidays or a target configured before the checks): the save goes on."""
        try:
            return rules.line_moments(cal, *args)
        except (work_calendar.CalendarError, OverflowError):
            warn(self.values, self.allowed)
            return None, None

    def settle(self, now):
        """The figures that follow from the state (breach moment, hours, met share, counts)."""
        line = self.values
        state = line["state"]
        if state == st.BREACHED and not line["breached_date"]:
            line["breached_date"] = line["deadline"] or line["reached_date"] or now
        line["work_hours"] = line["consumed_seconds"] / 3600.0 if line["reached_date"] else None
        line["met_share"] = _MET_SHARE.get(state)
        line["met_count"] = 1 if state == st.MET else 0
        line["breached_count"] = 1 if state == st.BREACHED else 0

    def advance(self, step):
        """Move the line forward to ``step.now``: reach, pause, resume or recompute it."""
        line, policy = self.values, step.policy
        target = policy and policy["targets"].get(line["target_id"])
        if target:
            line["allowed_hours"] = target["hours"]
            self.allowed = target["hours"] * 3600.0
        reached_at = self.reached_at(step, target)
        if reached_at:
            self.reach(step.cal, reached_at)
        elif policy and step.ticket["stage_id"] in policy["pause_stage_ids"]:
            self.pause(step.cal, step.now)
        else:
            self.run(step, policy["share"] if policy else DEFAULT_SHARE)
        self.settle(step.now)
        return line


def advance_chunk(work, now, stage_rank, replied_ids, warn=None):
    """Advance the lines of a chunk of tickets and list the writes.

    :param work: ``(ticket, lines, running, policy, cal)`` per ticket, as planned by
        ``cx.sla.line._cx_plan`` (``running``: its lines not reached yet)
    :returns: ``(inserts, updates, deletes)``: new line dicts, changed line dicts, ids

    A line of a policy or target that no longer applies goes, unless it was breached:
    a breach stays a breach. An open ticket gets a new line per target it lacks.
    """
    inserts, updates, deletes, moments = [], [], [], {}
    for ticket, lines, running, policy, cal in work:
        step = Step(ticket, policy, cal, now, stage_rank, ticket["id"] in replied_ids, moments, warn)
        for line in running:
            obsolete = not policy or line["target_id"] not in policy["targets"]
            if obsolete and line["state"] != st.BREACHED:
                deletes.append(line["id"])
                continue
            before = dict(line)
            SlaLine(line).advance(step)
            if line != before:
                updates.append(line)
        if policy and not ticket["closed"]:
            start = clock_start(ticket, policy)
            if start:
                known = {line["target_id"] for line in lines}
                for target_id, target in policy["targets"].items():
                    if target_id not in known:
                        inserts.append(SlaLine(new_line(ticket, target_id, target, start)).advance(step))
    return inserts, updates, deletes
