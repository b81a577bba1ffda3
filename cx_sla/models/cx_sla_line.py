"""One line per SLA target of a ticket, and the set-based engine that keeps them.

The engine (:meth:`CxSlaLine._cx_sync`) reads the tickets, policies, lines and
calendars it needs in a handful of queries, does the arithmetic in plain Python
(``cx_sla.domain``) and writes back in bulk, so it serves one ticket saved in a form and
100,000 tickets in a benchmark alike. The cron (:meth:`CxSlaLine._cron_check`) only
touches lines whose at-risk moment or deadline has just passed.
"""
import csv
import io
import itertools
import json
import logging
import operator
from datetime import datetime

import pytz
from psycopg2.extras import execute_values

from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..domain import calendar as work_calendar
from ..domain import display
from ..domain import policy as rules
from ..domain import status as st
from .cx_sla_escalation import NOTIFY_ASSIGNEE, NOTIFY_LEADER, NOTIFY_USER
from .cx_sla_target import TARGET_KIND_SELECTION

_logger = logging.getLogger(__name__)

STATE_SELECTION = [(st.ONGOING, "Ongoing"), (st.AT_RISK, "At risk"), (st.PAUSED, "Paused"),
                   (st.MET, "Met"), (st.BREACHED, "Breached")]
ALERT_SELECTION = [(display.ALERT_AT_RISK, "At risk"), (display.ALERT_BREACHED, "Breached")]

# The lines the display rule reads (domain/display.py).
_DISPLAY_COLUMNS = ("id", "ticket_id", "state", "deadline", "at_risk_date", "reached_date",
                    "resumed_date", "consumed_seconds", "allowed_hours")

# The SQL twin of display.ticket_alert, for searching and counting: the target a ticket
# shows when one runs is its running line due first (display._nearest: no deadline last,
# then by id); it is breached once written so or past its deadline, at risk once written
# so or past its at-risk moment (display.running_tone). A parity test runs both.
_ALERT_SQL = """
    SELECT n.ticket_id,
           CASE WHEN n.state = %(breached)s OR n.deadline <= %(now)s THEN %(breached)s
                WHEN n.state = %(at_risk)s OR n.at_risk_date <= %(now)s THEN %(at_risk)s
           END AS alert
      FROM (SELECT DISTINCT ON (ticket_id) ticket_id, state, deadline, at_risk_date
              FROM cx_sla_line
             WHERE reached_date IS NULL AND resumed_date IS NOT NULL
               AND ticket_id IN (SELECT ticket_id FROM cx_sla_line
                                  WHERE reached_date IS NULL AND resumed_date IS NOT NULL
                                    AND (state IN %(alerts)s OR deadline <= %(now)s
                                         OR at_risk_date <= %(now)s))
             ORDER BY ticket_id, deadline ASC NULLS LAST, id) n
     WHERE n.state IN %(alerts)s OR n.deadline <= %(now)s OR n.at_risk_date <= %(now)s
"""


def display_json(shown):
    """What the countdown widget renders (sla_countdown.js): the display rule's result,
    moments as naive UTC text. Empty for no SLA."""
    if not shown:
        return False
    return json.dumps({key: (fields.Datetime.to_string(value) if isinstance(value, datetime) else value)
                       for key, value in shown.items()}, sort_keys=True)


# Columns written by the engine, in this order (see _prepare_batch). The table is kept lean
# (two foreign keys, no log columns: each foreign key check costs as much as the row
# itself) because it takes one row per ticket and target; the policy is the target's;
# reports join the ticket's team, agent, category and customer in cx.sla.report.
_COLUMNS = ("ticket_id", "target_id", "kind", "allowed_hours", "start_date",
            "resumed_date", "consumed_seconds", "deadline", "at_risk_date", "reached_date",
            "breached_date", "state", "work_hours", "met_share", "met_count", "breached_count")
_TYPES = {"ticket_id": "int", "target_id": "int", "kind": "varchar",
          "allowed_hours": "float8",
          "start_date": "timestamp", "resumed_date": "timestamp", "consumed_seconds": "float8",
          "deadline": "timestamp", "at_risk_date": "timestamp", "reached_date": "timestamp",
          "breached_date": "timestamp", "state": "varchar", "work_hours": "float8",
          "met_share": "float8", "met_count": "int", "breached_count": "int"}

# The ticket status from its lines, the SQL twin of domain.status.ticket_status, for the
# cron which does not load the lines.
_REFRESH_TICKETS_SQL = """
    UPDATE helpdesk_ticket t
       SET cx_sla_status = s.status, cx_sla_deadline = s.deadline, cx_sla_policy_id = s.policy_id
      FROM (SELECT v.id, v.policy_id,
                   CASE WHEN bool_or(l.state = 'breached') THEN 'breached'
                        WHEN bool_or(l.state = 'at_risk') THEN 'at_risk'
                        WHEN bool_or(l.state = 'ongoing') THEN 'ongoing'
                        WHEN bool_or(l.state = 'paused') THEN 'paused'
                        WHEN bool_or(l.state = 'met') THEN 'met' END AS status,
                   MIN(l.deadline) FILTER (WHERE l.reached_date IS NULL
                                             AND l.resumed_date IS NOT NULL) AS deadline
              FROM (%s) AS v(id, policy_id)
              LEFT JOIN cx_sla_line l ON l.ticket_id = v.id
             GROUP BY v.id, v.policy_id) s
     WHERE t.id = s.id
       AND (t.cx_sla_status IS DISTINCT FROM s.status OR t.cx_sla_deadline IS DISTINCT FROM s.deadline
            OR t.cx_sla_policy_id IS DISTINCT FROM s.policy_id)
"""
_PAIRS_CURRENT = "SELECT id, cx_sla_policy_id FROM helpdesk_ticket WHERE id = ANY(%s)"

# The engine knows each ticket's lines, so it writes policy, status and deadline directly,
# touching only the tickets where one of them changed. The four arrays come as array
# literals (see _pg_array): adapting 20,000 datetimes one by one costs more than the UPDATE.
_SET_TICKETS_SQL = """
    UPDATE helpdesk_ticket t
       SET cx_sla_policy_id = v.policy_id, cx_sla_status = v.status, cx_sla_deadline = v.deadline
      FROM unnest(%s::int[], %s::int[], %s::varchar[], %s::timestamp[]) AS v(id, policy_id, status, deadline)
     WHERE t.id = v.id
       AND (t.cx_sla_status IS DISTINCT FROM v.status OR t.cx_sla_deadline IS DISTINCT FROM v.deadline
            OR t.cx_sla_policy_id IS DISTINCT FROM v.policy_id)
"""

CHUNK = 20000


def _utcnow():
    return datetime.utcnow().replace(microsecond=0)


def _to_dt(value):
    """Odoo 11's cursor returns timestamps as strings: parse them (seconds precision)."""
    if value is None or isinstance(value, datetime):
        return value
    return datetime(int(value[0:4]), int(value[5:7]), int(value[8:10]),
                    int(value[11:13]), int(value[14:16]), int(value[17:19]))


_TIMESTAMPS = [c for c in _COLUMNS if _TYPES[c] == "timestamp"]

# The next moment the cron must look at a running line: its at-risk moment while it is
# ongoing, its deadline once at risk. One partial index on it serves the cron.
_DUE_SQL = ("(CASE WHEN state = 'ongoing' THEN LEAST(at_risk_date, deadline) ELSE deadline END)")
_DUE_WHERE = "reached_date IS NULL AND resumed_date IS NOT NULL AND state IN ('ongoing', 'at_risk')"
_DUE_INDEX = ("CREATE INDEX IF NOT EXISTS cx_sla_line_due_idx ON cx_sla_line (%s) WHERE %s"
              % (_DUE_SQL, _DUE_WHERE))


class _Texts(dict):
    """Text of values for COPY and array literals, each formatted once: many lines share the
    same moments, and formatting a datetime costs more than looking up its text. None is
    ``null``; ``quote`` puts datetimes between double quotes (array literals)."""

    def __init__(self, null, quote=False):
        super(_Texts, self).__init__()
        self.null, self.quote = null, quote

    def __missing__(self, value):
        if value is None:
            text = self.null
        elif isinstance(value, datetime):
            text = ('"%s"' if self.quote else "%s") % value.isoformat(" ")
        else:
            text = str(value)
        self[value] = text
        return text


def _csv_rows(lines, columns):
    """The rows of ``columns`` of the lines, column by column with C-level maps."""
    texts = _Texts(null="")
    values = []
    for column in columns:
        column_values = map(operator.itemgetter(column), lines)
        if _TYPES[column] == "timestamp":
            column_values = map(texts.__getitem__, column_values)
        values.append(column_values)
    return zip(*values)


def _pg_array(values, texts):
    """A PostgreSQL array literal of the values (see _Texts)."""
    return "{%s}" % ",".join(map(texts.__getitem__, values))


def _prepare_batch(inserts, updates, deletes, policy_of, lines_by_ticket):
    """The writes of a chunk, ready for the cursor: a COPY buffer of the new lines, the rows
    of the changed lines, and the status, earliest open deadline and policy of each ticket."""
    batch = {"deletes": deletes, "copy": None, "updates": None,
             "counts": (len(inserts), len(updates), len(deletes))}
    if inserts:
        # COPY: new tickets come by the thousand (imports, mail gateway, benchmarks). In CSV an
        # empty field is NULL; no value of a line contains a comma or a quote. Columns empty on
        # every new line (a new line has not been reached yet) are left out.
        columns = [c for c in _COLUMNS if any(line[c] is not None for line in inserts)]
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerows(_csv_rows(inserts, columns))
        size = buf.tell()
        buf.seek(0)
        batch["copy"] = ("COPY cx_sla_line (%s) FROM STDIN WITH (FORMAT csv)" % ", ".join(columns), buf, size)
    if updates:
        columns = [c for c in _COLUMNS if c != "ticket_id"]
        batch["updates"] = (
            "UPDATE cx_sla_line l SET %s FROM (VALUES %%s) AS v(id, %s) WHERE l.id = v.id"
            % (", ".join("%s = v.%s::%s" % (c, c, _TYPES[c]) for c in columns), ", ".join(columns)),
            [(line["id"],) + tuple(line.get(c) for c in columns) for line in updates],
            "(%s::int, " + ", ".join("%s::" + _TYPES[c] for c in columns) + ")")
    # Status and earliest open deadline per ticket, from the lines in memory.
    ticket_ids = list(policy_of)
    gone = set(deletes)
    states, deadlines = {}, {}
    for line in itertools.chain(inserts, (line for lines in lines_by_ticket.values() for line in lines)):
        if line["id"] in gone:
            continue
        tid = line["ticket_id"]
        states.setdefault(tid, []).append(line["state"])
        if line["reached_date"] is None and line["resumed_date"] is not None and line["deadline"]:
            if tid not in deadlines or line["deadline"] < deadlines[tid]:
                deadlines[tid] = line["deadline"]
    texts = _Texts(null="NULL", quote=True)
    batch["tickets"] = (_pg_array(ticket_ids, texts), _pg_array((policy_of[t] for t in ticket_ids), texts),
                        _pg_array((st.ticket_status(states.get(t, ())) for t in ticket_ids), texts),
                        _pg_array(map(deadlines.get, ticket_ids), texts))
    return batch


def _write_batch(cr, batch):
    """Write a prepared chunk (with the cursor only)."""
    if batch["deletes"]:
        cr.execute("DELETE FROM cx_sla_line WHERE id = ANY(%s)", (batch["deletes"],))
    if batch["copy"]:
        # One read of the whole buffer rather than one per 8 kB.
        query, buf, size = batch["copy"]
        cr.copy_expert(query, buf, size=max(size, 8192))
    if batch["updates"]:
        query, rows, template = batch["updates"]
        execute_values(cr, query, rows, template=template, page_size=5000)
    cr.execute(_SET_TICKETS_SQL, batch["tickets"])
    _logger.debug("SLA sync: %d lines inserted, %d updated, %d deleted", *batch["counts"])


class CxSlaLine(models.Model):
    _name = "cx.sla.line"
    _description = "SLA target of a ticket"
    _order = "ticket_id desc, deadline, id"
    _rec_name = "target_id"
    _log_access = False

    # No index of its own: the unique (ticket_id, target_id) index serves lookups by ticket.
    ticket_id = fields.Many2one("helpdesk.ticket", string="Ticket", required=True, ondelete="cascade",
                                readonly=True)
    policy_id = fields.Many2one(related="target_id.policy_id", string="Policy", readonly=True)
    target_id = fields.Many2one("cx.sla.target", string="Target", ondelete="set null", readonly=True)
    kind = fields.Selection(TARGET_KIND_SELECTION, string="Kind", readonly=True)
    allowed_hours = fields.Float(string="Allowed hours", readonly=True, group_operator="avg")
    start_date = fields.Datetime(string="Clock started", readonly=True)
    resumed_date = fields.Datetime(
        string="Clock running since", readonly=True,
        help="Empty while the clock is stopped (paused or target reached).")
    consumed_seconds = fields.Float(string="Consumed before pause (s)", readonly=True)
    deadline = fields.Datetime(string="Deadline", readonly=True)
    at_risk_date = fields.Datetime(string="At risk from", readonly=True)
    reached_date = fields.Datetime(string="Reached on", readonly=True)
    breached_date = fields.Datetime(string="Breached on", readonly=True)
    state = fields.Selection(STATE_SELECTION, string="Status", readonly=True)
    work_hours = fields.Float(
        string="Hours to reach", readonly=True, group_operator="avg",
        help="Time consumed to reach the target, in the hours the policy counts (working or calendar).")
    met_share = fields.Float(
        string="Met (%)", readonly=True, group_operator="avg",
        help="100 for a met target, 0 for a breached one: its average is the compliance rate.")
    met_count = fields.Integer(string="# Met", readonly=True)
    breached_count = fields.Integer(string="# Breached", readonly=True)
    consumed_hours = fields.Float(string="Consumed hours", compute="_compute_consumed_hours",
                                  help="Hours consumed so far (up to now for a running clock).")
    display = fields.Char(
        string="Service level", compute="_compute_display",
        help="Time left to the deadline while the clock runs (amber at risk, red breached), "
             "the time left when it resumes while paused, or the result once reached.")
    alert = fields.Selection(
        ALERT_SELECTION, string="Alert", compute="_compute_display",
        help="At risk or breached while the clock of the target runs; empty otherwise.")

    _sql_constraints = [
        ("ticket_target_unique", "unique(ticket_id, target_id)", "A ticket has one line per SLA target."),
    ]

    @api.model_cr
    def init(self):
        cr = self.env.cr
        # Earlier versions had two partial indexes, one on the deadline and one on the at-risk
        # moment; one index costs half as much on each of the many lines written at once.
        cr.execute("DROP INDEX IF EXISTS cx_sla_line_due_deadline_idx, cx_sla_line_due_risk_idx")
        cr.execute(_DUE_INDEX)
        cr.execute("""CREATE INDEX IF NOT EXISTS cx_sla_line_escalable_idx ON cx_sla_line (target_id)
                      WHERE reached_date IS NULL AND state IN ('at_risk', 'breached')""")

    # ------------------------------------------------------------------ engine-owned rows
    def _cx_check_engine(self):
        """Lines are the engine's (it writes them by SQL): only server code under sudo or the
        administrator (uid 1 == SUPERUSER_ID in Odoo 11) may change them through the ORM."""
        if self.env.uid != SUPERUSER_ID:
            raise AccessError(_("The SLA targets of a ticket are kept by the SLA engine: "
                                "they cannot be created, changed or deleted by hand."))

    @api.model
    def create(self, vals):
        self._cx_check_engine()
        return super(CxSlaLine, self).create(vals)

    @api.multi
    def write(self, vals):
        self._cx_check_engine()
        return super(CxSlaLine, self).write(vals)

    @api.multi
    def unlink(self):
        self._cx_check_engine()
        return super(CxSlaLine, self).unlink()

    @api.model
    def _cx_now(self):
        """The engine's "now": the real UTC time, or the test hook ``cx_sla_now``.

        The hook is read from the context only when it holds a real ``datetime.datetime``,
        which no client can send: JSON-RPC gives str, numbers, lists, dicts, booleans and
        None; Odoo 11's XML-RPC (odoo/service/wsgi_server.py) unmarshals with
        ``xmlrpc.client.loads(data)``, whose default (use_datetime=False) gives
        ``xmlrpc.client.DateTime`` objects, not datetime (nor a subclass of it). So only
        server code (tests, the demo generator, the escalation cron) can move the clock; a
        string or anything else is ignored, never parsed.
        """
        value = self.env.context.get("cx_sla_now")
        if isinstance(value, datetime):
            if value.tzinfo is not None:
                value = value.astimezone(pytz.UTC).replace(tzinfo=None)
            return value
        return _utcnow()

    @api.multi
    def _compute_consumed_hours(self):
        calendars = {}
        now = _utcnow()
        for line in self:
            seconds = line.consumed_seconds
            if line.resumed_date and line.policy_id:
                ticket = line.ticket_id
                cal = self._cx_calendar(line.policy_id, ticket.team_id, ticket.company_id, calendars)
                seconds += max(0.0, cal.seconds_between(fields.Datetime.from_string(line.resumed_date), now))
            line.consumed_hours = seconds / 3600.0

    @api.multi
    def _compute_display(self):
        now = self._cx_now()
        rows = {row["id"]: row for lines in self._cx_display_lines(
            [line.ticket_id.id for line in self if isinstance(line.id, int)]).values()
            for row in lines}
        for line in self:
            row = rows.get(line.id)
            line.display = display_json(display.line_display(row, now)) if row else False
            line.alert = (display.line_alert(row, now) if row else None) or False

    @api.model
    def _cx_display_lines(self, ticket_ids):
        """The lines of these tickets as the display rule reads them, by ticket (one
        query). Server code: callers pass tickets their user already reads."""
        if not ticket_ids:
            return {}
        self.env.cr.execute("SELECT %s FROM cx_sla_line WHERE ticket_id = ANY(%%s)"
                            % ", ".join(_DISPLAY_COLUMNS), (list(ticket_ids),))
        lines = {}
        for row in self.env.cr.dictfetchall():
            for key in ("deadline", "at_risk_date", "reached_date", "resumed_date"):
                row[key] = _to_dt(row[key])
            lines.setdefault(row["ticket_id"], []).append(row)
        return lines

    @api.model
    def _cx_alert_ticket_ids(self, now=None):
        """{ticket id: alert} of the tickets whose shown target raises one (_ALERT_SQL)."""
        self.env.cr.execute(_ALERT_SQL, {
            "now": now or self._cx_now(), "breached": display.ALERT_BREACHED,
            "at_risk": display.ALERT_AT_RISK,
            "alerts": (display.ALERT_BREACHED, display.ALERT_AT_RISK)})
        return dict(self.env.cr.fetchall())

    @api.model
    def _cx_alert_domain(self, operator, value):
        """A domain on helpdesk.ticket for ``cx_sla_alert <operator> <value>``."""
        if operator in ("=", "!="):
            values = {value or False}
        elif operator in ("in", "not in"):
            values = {v or False for v in (value or ())}
        else:
            raise UserError(_("The SLA alert can only be compared with =, !=, in or not in."))
        alerts = self._cx_alert_ticket_ids()
        wanted = {alert for alert in values if alert}
        ids = [tid for tid, alert in alerts.items() if alert in wanted]
        positive = operator in ("=", "in")
        if False in values:
            # No alert: every ticket but those with one (other than the ones wanted).
            others = [tid for tid, alert in alerts.items() if alert not in wanted]
            return [("id", "not in" if positive else "in", others)]
        return [("id", "in" if positive else "not in", ids)]

    # ------------------------------------------------------------------ calendars
    @api.model
    def _cx_calendar(self, policy, team, company, cache):
        """The WorkCalendar (or FullCalendar) a policy uses for a ticket of that team."""
        if not policy.use_working_hours:
            return work_calendar.FullCalendar()
        calendar = policy.calendar_id or team.cx_calendar_id or company.resource_calendar_id
        if not calendar:
            return work_calendar.FullCalendar()
        if calendar.id not in cache:
            try:
                cache[calendar.id] = calendar.sudo()._cx_work_calendar()
            except ValidationError:
                # A calendar emptied before its checks existed: the ticket is still saved,
                # without a deadline, rather than failing its agent's work.
                _logger.warning("SLA: calendar %s has no working hours; no deadline is placed.",
                                calendar.id)
                cache[calendar.id] = work_calendar.NoWorkCalendar()
        return cache[calendar.id]

    # ------------------------------------------------------------------ engine
    @api.model
    def _cx_sync(self, ticket_ids, now=None, replied_ids=(), chunk=None):
        """Match policies and bring the SLA lines of these tickets up to date.

        :param now: naive UTC moment of the change (:meth:`_cx_now` by default)
        :param replied_ids: tickets that just got their first public reply
        :param chunk: tickets per chunk (tests); an argument, not a context key, since the
            context comes from the client (a negative size would skip the engine)

        Tickets go by chunks. Each chunk is read and matched (ORM and SQL), worked out in
        plain Python, then written with a few statements.
        """
        ticket_ids = sorted(set(ticket_ids))
        now = now or self._cx_now()
        replied_ids = set(replied_ids)
        size = max(1, int(chunk or CHUNK))
        for start in range(0, len(ticket_ids), size):
            plan = self._cx_plan(ticket_ids[start:start + size], now, replied_ids)
            _write_batch(self.env.cr, self._cx_prepare(plan))
        self.env["helpdesk.ticket"].invalidate_cache(
            ["cx_sla_policy_id", "cx_sla_status", "cx_sla_deadline", "cx_sla_line_ids"], ticket_ids)
        self._cx_invalidate()
        return True

    def _cx_read_tickets(self, ticket_ids):
        cr = self.env.cr
        cr.execute("""
            SELECT t.id, t.team_id, t.category_id, t.channel_id, t.priority, t.company_id,
                   t.stage_id, COALESCE(s.closed, false) AS closed, t.create_date, t.assigned_date,
                   t.closed_date, t.user_id, t.partner_id, t.cx_sla_policy_id AS policy_id,
                   COALESCE(p.cx_tier_id, cp.cx_tier_id) AS tier_id
              FROM helpdesk_ticket t
              LEFT JOIN helpdesk_ticket_stage s ON s.id = t.stage_id
              LEFT JOIN res_partner p ON p.id = t.partner_id
              LEFT JOIN res_partner cp ON cp.id = p.commercial_partner_id
             WHERE t.id = ANY(%s)""", (ticket_ids,))
        tickets, parsed = {}, {None: None}
        for row in cr.dictfetchall():
            for key in ("create_date", "assigned_date", "closed_date"):
                value = row[key]
                moment = parsed.get(value)
                if moment is None and value is not None:
                    moment = parsed[value] = _to_dt(value)
                row[key] = moment
            row["tag_ids"] = []
            tickets[row["id"]] = row
        cr.execute("""SELECT helpdesk_ticket_id, helpdesk_ticket_tag_id
                        FROM helpdesk_ticket_helpdesk_ticket_tag_rel
                       WHERE helpdesk_ticket_id = ANY(%s)""", (ticket_ids,))
        for ticket_id, tag_id in cr.fetchall():
            tickets[ticket_id]["tag_ids"].append(tag_id)
        return tickets

    def _cx_read_policies(self, ticket_ids):
        Ticket = self.env["helpdesk.ticket"].sudo().with_context(active_test=False)
        policies = []
        for policy in self.env["cx.sla.policy"].sudo().search([]):
            domain = policy._cx_domain()
            policies.append({
                "id": policy.id,
                "record": policy,
                "company_ids": {policy.company_id.id, None},
                "team_ids": set(policy.team_ids.ids),
                "category_ids": set(policy.category_ids.ids),
                "tier_ids": set(policy.tier_ids.ids),
                "tag_ids": set(policy.tag_ids.ids),
                "channel_ids": set(policy.channel_ids.ids),
                "min_priority": policy.min_priority or None,
                "domain_ids": set(Ticket.search(domain + [("id", "in", ticket_ids)]).ids) if domain else None,
                "pause_stage_ids": set(policy.pause_stage_ids.ids),
                "share": policy.at_risk_share,
                "clock_start": policy.clock_start,
                "targets": {t.id: {"kind": t.kind, "stage_id": t.stage_id.id or None, "hours": t.hours}
                            for t in policy.target_ids},
            })
        return policies

    def _cx_read_lines(self, ticket_ids):
        cr = self.env.cr
        cr.execute("SELECT id, %s FROM cx_sla_line WHERE ticket_id = ANY(%%s)" % ", ".join(_COLUMNS),
                   (ticket_ids,))
        lines = {}
        for row in cr.dictfetchall():
            for key in _TIMESTAMPS:
                row[key] = _to_dt(row[key])
            lines.setdefault(row["ticket_id"], []).append(row)
        return lines

    def _cx_plan(self, ticket_ids, now, replied_ids):
        """Read a chunk of tickets with their lines, and match each open one to its policy
        and calendar (the part that needs the ORM)."""
        tickets = self._cx_read_tickets(ticket_ids)
        policies = self._cx_read_policies(ticket_ids)
        policy_by_id = {p["id"]: p for p in policies}
        lines_by_ticket = self._cx_read_lines(ticket_ids)
        self.env.cr.execute("SELECT id, sequence FROM helpdesk_ticket_stage")
        stage_rank = {sid: (seq or 0, sid) for sid, seq in self.env.cr.fetchall()}
        Team, Company = self.env["helpdesk.ticket.team"].sudo(), self.env["res.company"].sudo()
        calendars, cal_for = {}, {}
        work, policy_of = [], {}
        for tid, ticket in tickets.items():
            lines = lines_by_ticket.get(tid, [])
            running = [line for line in lines if line["reached_date"] is None]
            policy_of[tid] = ticket["policy_id"]
            if ticket["closed"] and not running:
                continue  # closed tickets are never recomputed
            if ticket["closed"]:
                policy = policy_by_id.get(ticket["policy_id"])
            else:
                policy = rules.match_policy(policies, ticket)
            policy_id = policy_of[tid] = policy and policy["id"]
            key = (policy_id, ticket["team_id"], ticket["company_id"])
            if key not in cal_for:
                cal_for[key] = (self._cx_calendar(policy["record"], Team.browse(ticket["team_id"]),
                                                  Company.browse(ticket["company_id"]), calendars)
                                if policy else work_calendar.FullCalendar())
            work.append((ticket, lines, running, policy, cal_for[key]))
        return {"work": work, "policy_of": policy_of, "lines_by_ticket": lines_by_ticket,
                "stage_rank": stage_rank, "now": now, "replied_ids": replied_ids}

    def _cx_prepare(self, plan):
        """Advance the lines of a planned chunk and prepare its writes (plain Python only)."""
        now, stage_rank, replied_ids = plan["now"], plan["stage_rank"], plan["replied_ids"]
        inserts, updates, deletes, moments = [], [], [], {}
        for ticket, lines, running, policy, cal in plan["work"]:
            ctx = {"ticket": ticket, "policy": policy, "cal": cal, "now": now, "stage_rank": stage_rank,
                   "replied": ticket["id"] in replied_ids, "moments": moments}
            for line in running:
                # A line of a policy or target that no longer applies goes, unless it was breached:
                # a breach stays a breach.
                obsolete = not policy or line["target_id"] not in policy["targets"]
                if obsolete and line["state"] != st.BREACHED:
                    deletes.append(line["id"])
                    continue
                before = dict(line)
                self._cx_advance(line, ctx)
                if line != before:
                    updates.append(line)
            if policy and not ticket["closed"]:
                start = (ticket["assigned_date"] if policy["clock_start"] == rules.CLOCK_ASSIGNED
                         else ticket["create_date"])
                if start:
                    known = {line["target_id"] for line in lines}
                    for target_id, target in policy["targets"].items():
                        if target_id in known:
                            continue
                        line = {"id": None, "ticket_id": ticket["id"], "target_id": target_id,
                                "kind": target["kind"], "allowed_hours": target["hours"],
                                "start_date": start, "resumed_date": start,
                                "consumed_seconds": 0.0, "deadline": None, "at_risk_date": None,
                                "reached_date": None, "breached_date": None, "state": st.ONGOING}
                        self._cx_advance(line, ctx)
                        inserts.append(line)
        return _prepare_batch(inserts, updates, deletes, plan["policy_of"], plan["lines_by_ticket"])

    def _cx_advance(self, line, ctx):
        """Move one line forward to ``now``: reach, pause, resume or recompute it (in place)."""
        ticket, policy, cal, now = ctx["ticket"], ctx["policy"], ctx["cal"], ctx["now"]
        target = policy and policy["targets"].get(line["target_id"])
        if target:
            line["allowed_hours"] = target["hours"]
        allowed = line["allowed_hours"] * 3600.0
        reached_at = None
        if ticket["closed"]:
            reached_at = min(ticket["closed_date"] or now, now)
        elif (line["kind"] == rules.TARGET_STAGE and target and target["stage_id"] and ticket["stage_id"]
              and ctx["stage_rank"].get(ticket["stage_id"]) >= ctx["stage_rank"].get(target["stage_id"])):
            reached_at = now
        elif line["kind"] == rules.TARGET_FIRST_RESPONSE and ctx["replied"]:
            reached_at = now
        if reached_at:
            if line["resumed_date"]:
                line["consumed_seconds"] += max(0.0, cal.seconds_between(line["resumed_date"], reached_at))
                line["resumed_date"] = None
            line["reached_date"] = reached_at
            if line["state"] != st.BREACHED:
                line["state"] = st.reached_state(
                    reached_at, line["deadline"], line["consumed_seconds"], allowed)
            line["work_hours"] = line["consumed_seconds"] / 3600.0
        elif policy and ticket["stage_id"] in policy["pause_stage_ids"]:
            if line["resumed_date"]:
                line["consumed_seconds"] += max(0.0, cal.seconds_between(line["resumed_date"], now))
                line["resumed_date"] = None
            line["deadline"] = line["at_risk_date"] = None
            if line["state"] != st.BREACHED:
                line["state"] = st.PAUSED
        else:
            if not line["resumed_date"]:
                line["resumed_date"] = now
            # Tickets created together (an import, a batch through the mail gateway) share their
            # start moment: the same calendar, start and allowance give the same moments.
            key = (id(cal), line["resumed_date"], line["consumed_seconds"], allowed,
                   policy["share"] if policy else 80.0)
            moments = ctx["moments"].get(key)
            if moments is None:
                moments = ctx["moments"][key] = self._cx_line_moments(cal, key, line)
            line["deadline"], line["at_risk_date"] = moments
            if line["state"] != st.BREACHED:
                line["state"] = st.running_state(now, line["deadline"], line["at_risk_date"])
        if line["state"] == st.BREACHED and not line["breached_date"]:
            line["breached_date"] = line["deadline"] or line["reached_date"] or now
        line["work_hours"] = line["consumed_seconds"] / 3600.0 if line["reached_date"] else None
        line["met_share"] = {st.MET: 100.0, st.BREACHED: 0.0}.get(line["state"])
        line["met_count"] = 1 if line["state"] == st.MET else 0
        line["breached_count"] = 1 if line["state"] == st.BREACHED else 0

    def _cx_line_moments(self, cal, key, line):
        """Deadline and at-risk moment, or none when the calendar cannot place them within its
        horizon (holidays or a target configured before the checks): the save goes on."""
        try:
            return rules.line_moments(cal, *key[1:])
        except (work_calendar.CalendarError, OverflowError):
            _logger.warning("SLA: no deadline within the horizon for ticket %s, target %s "
                            "(%.1f h allowed); the line runs without one.",
                            line["ticket_id"], line["target_id"], key[3] / 3600.0)
            return None, None

    def _cx_invalidate(self):
        """Forget the cached lines only (a bare invalidate_cache() empties every model's cache)."""
        self.invalidate_cache([name for name, field in self._fields.items() if field.store])

    # ------------------------------------------------------------------ cron
    @api.model
    def _cron_check(self, now=None):
        """Write the lines that just crossed their at-risk moment or deadline, then fire the
        escalation levels due. Safe to run twice or in two workers: due lines are locked
        with SKIP LOCKED and each (ticket, level) is logged once under a unique constraint."""
        now = now or self._cx_now()
        cr = self.env.cr
        cr.execute("""
            WITH due AS (
                SELECT id FROM cx_sla_line
                 WHERE %s AND %s <= %%(now)s
                   FOR UPDATE SKIP LOCKED)
            UPDATE cx_sla_line l
               SET state = CASE WHEN l.deadline <= %%(now)s THEN 'breached' ELSE 'at_risk' END,
                   breached_date = CASE WHEN l.deadline <= %%(now)s THEN l.deadline END,
                   met_share = CASE WHEN l.deadline <= %%(now)s THEN 0.0 END,
                   breached_count = CASE WHEN l.deadline <= %%(now)s THEN 1 ELSE 0 END
              FROM due WHERE l.id = due.id
         RETURNING l.ticket_id""" % (_DUE_WHERE, _DUE_SQL), {"now": now})
        ticket_ids = sorted({row[0] for row in cr.fetchall()})
        if ticket_ids:
            cr.execute(_REFRESH_TICKETS_SQL % _PAIRS_CURRENT, (ticket_ids,))
            self.env["helpdesk.ticket"].invalidate_cache(["cx_sla_status", "cx_sla_deadline"], ticket_ids)
            self._cx_invalidate()
        fired = self._cx_escalate(now)
        _logger.info("SLA check: %d tickets crossed a threshold, %d escalations fired",
                     len(ticket_ids), fired)
        return len(ticket_ids)

    def _cx_escalate(self, now):
        cr = self.env.cr
        cr.execute("""
            INSERT INTO cx_sla_escalation_log (line_id, escalation_id, ticket_id, date,
                                               create_uid, create_date, write_uid, write_date)
            SELECT DISTINCT ON (l.ticket_id, e.id)
                   l.id, e.id, l.ticket_id, %(now)s, %(uid)s, %(now)s, %(uid)s, %(now)s
              FROM cx_sla_line l
              JOIN cx_sla_target tg ON tg.id = l.target_id
              JOIN cx_sla_escalation e ON e.policy_id = tg.policy_id
             WHERE l.reached_date IS NULL AND l.state IN ('at_risk', 'breached')
               AND (e.trigger = 'at_risk'
                    OR (l.state = 'breached'
                        AND l.breached_date + e.delay_hours * interval '1 hour' <= %(now)s))
               AND NOT EXISTS (SELECT 1 FROM cx_sla_escalation_log g
                                WHERE g.ticket_id = l.ticket_id AND g.escalation_id = e.id)
             ORDER BY l.ticket_id, e.id, l.deadline
            ON CONFLICT (ticket_id, escalation_id) DO NOTHING
            RETURNING id""", {"now": now, "uid": self.env.uid})
        log_ids = [row[0] for row in cr.fetchall()]
        if not log_ids:
            return 0
        logs = self.env["cx.sla.escalation.log"].sudo().browse(log_ids)
        self._cx_apply_escalations(logs, now)
        return len(log_ids)

    def _cx_apply_escalations(self, logs, now):
        """Recipients, priority raises, reassignments and one digest mail per recipient."""
        cr = self.env.cr
        cr.execute("""
            SELECT g.id, g.ticket_id, e.notify, e.user_id, e.raise_priority, e.reassign_user_id,
                   t.user_id AS assignee, tm.cx_leader_id AS leader
              FROM cx_sla_escalation_log g
              JOIN cx_sla_escalation e ON e.id = g.escalation_id
              JOIN helpdesk_ticket t ON t.id = g.ticket_id
              LEFT JOIN helpdesk_ticket_team tm ON tm.id = t.team_id
             WHERE g.id = ANY(%s)""", (logs.ids,))
        rows = cr.dictfetchall()
        recipient = {NOTIFY_ASSIGNEE: "assignee", NOTIFY_LEADER: "leader", NOTIFY_USER: "user_id"}
        by_user, raise_ids, reassign = {}, set(), {}
        for row in rows:
            user_id = row[recipient[row["notify"]]]
            if user_id:
                by_user.setdefault(user_id, []).append(row["id"])
            if row["raise_priority"]:
                raise_ids.add(row["ticket_id"])
            if row["reassign_user_id"]:
                reassign.setdefault(row["reassign_user_id"], set()).add(row["ticket_id"])
        for user_id, user_log_ids in by_user.items():
            cr.execute("UPDATE cx_sla_escalation_log SET user_id = %s WHERE id = ANY(%s)",
                       (user_id, user_log_ids))
        logs.invalidate_cache(["user_id"])
        Ticket = self.env["helpdesk.ticket"].sudo()
        if raise_ids:
            cr.execute("""UPDATE helpdesk_ticket
                             SET priority = LEAST(COALESCE(priority, '0')::int + 1, 3)::text
                           WHERE id = ANY(%s) AND COALESCE(priority, '0') < '3'""", (sorted(raise_ids),))
            Ticket.invalidate_cache(["priority"], sorted(raise_ids))
        for user_id, ticket_ids in reassign.items():
            Ticket.browse(sorted(ticket_ids)).with_context(cx_sla_now=now).write({"user_id": user_id})
        if raise_ids or reassign:
            changed = set(raise_ids).union(*reassign.values())
            self._cx_sync(changed, now=now)
        for user_id, log_ids in by_user.items():
            self.env["cx.sla.escalation.log"].sudo().browse(log_ids)._cx_send_digest(
                self.env["res.users"].sudo().browse(user_id))
        return True
