# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""One line per SLA target of a ticket, and the set-based engine that keeps them.

The engine (:meth:`CxSlaLine._cx_sync`) reads the tickets, policies, lines and
calendars it needs in a handful of queries, does the arithmetic in plain Python
(``cx_sla.domain``) and writes back in bulk, so it serves one ticket saved in a form and
100,000 tickets in a benchmark alike. The cron (:meth:`CxSlaLine._cron_check`) only
touches lines whose at-risk moment or deadline has just passed.
"""
import json
import logging
from datetime import datetime

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.cx_experience import clock

from .. import line_writer
from ..domain import calendar as work_calendar
from ..domain import display
from ..domain import line as sla_line
from ..domain import policy as rules
from ..domain import status as st
from .cx_sla_escalation import NOTIFY_ASSIGNEE, NOTIFY_LEADER, NOTIFY_USER, TRIGGER_AT_RISK
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


# The ticket status from its lines, the SQL twin of domain.status.ticket_status (written
# from its constants), for the cron which does not load the lines.
_REFRESH_TICKETS_SQL = """
    UPDATE helpdesk_ticket t
       SET cx_sla_status = s.status, cx_sla_deadline = s.deadline, cx_sla_policy_id = s.policy_id
      FROM (SELECT v.id, v.policy_id,
                   %s AS status,
                   MIN(l.deadline) FILTER (WHERE l.reached_date IS NULL
                                             AND l.resumed_date IS NOT NULL) AS deadline
              FROM (%%s) AS v(id, policy_id)
              LEFT JOIN cx_sla_line l ON l.ticket_id = v.id
             GROUP BY v.id, v.policy_id) s
     WHERE t.id = s.id
       AND (t.cx_sla_status IS DISTINCT FROM s.status OR t.cx_sla_deadline IS DISTINCT FROM s.deadline
            OR t.cx_sla_policy_id IS DISTINCT FROM s.policy_id)
""" % st.sql_ticket_status("l.state")
_PAIRS_CURRENT = "SELECT id, cx_sla_policy_id FROM helpdesk_ticket WHERE id = ANY(%s)"

CHUNK = 20000


def _to_dt(value):
    """Odoo 11's cursor returns timestamps as strings: parse them (seconds precision)."""
    if value is None or isinstance(value, datetime):
        return value
    return datetime(int(value[0:4]), int(value[5:7]), int(value[8:10]),
                    int(value[11:13]), int(value[14:16]), int(value[17:19]))


# The next moment the cron must look at a running line: its at-risk moment while it is
# ongoing, its deadline once at risk. One partial index on it serves the cron.
_DUE_SQL = ("(CASE WHEN state = %s THEN LEAST(at_risk_date, deadline) ELSE deadline END)"
            % st.sql_literal(st.ONGOING))
_DUE_WHERE = ("reached_date IS NULL AND resumed_date IS NOT NULL AND state IN %s"
              % st.sql_in(st.RUNNING))
_DUE_INDEX = ("CREATE INDEX IF NOT EXISTS cx_sla_line_due_idx ON cx_sla_line (%s) WHERE %s"
              % (_DUE_SQL, _DUE_WHERE))
_BREACHED_SQL, _AT_RISK_SQL = st.sql_literal(st.BREACHED), st.sql_literal(st.AT_RISK)
# The lines an escalation level may fire on: not reached, at risk or breached.
_ESCALABLE = (st.AT_RISK, st.BREACHED)
_ESCALABLE_INDEX = ("CREATE INDEX IF NOT EXISTS cx_sla_line_escalable_idx ON cx_sla_line (target_id) "
                    "WHERE reached_date IS NULL AND state IN %s" % st.sql_in(_ESCALABLE))


def _warn_unplaced(line, allowed):
    _logger.warning("SLA: no deadline within the horizon for ticket %s, target %s "
                    "(%.1f h allowed); the line runs without one.",
                    line["ticket_id"], line["target_id"], allowed / 3600.0)


class CxSlaLine(models.Model):
    _name = "cx.sla.line"
    _inherit = "cx.engine.owned"
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
        cr.execute(_ESCALABLE_INDEX)

    # ------------------------------------------------------------------ engine-owned rows
    def _cx_engine_refusal(self):
        return _("The SLA targets of a ticket are kept by the SLA engine: "
                 "they cannot be created, changed or deleted by hand.")

    @api.model
    def _cx_now(self):
        """The engine's "now": cx_experience's one clock (``clock.now``), with its
        documented test hook (a real ``datetime`` under ``cx_now`` or ``cx_sla_now`` in the
        context, which no client can send)."""
        return clock.now(self.env)

    @api.multi
    def _compute_consumed_hours(self):
        calendars = {}
        now = clock.utcnow()
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
            line_writer.write_batch(self.env.cr, self._cx_prepare(plan))
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
        cr.execute("SELECT id, %s FROM cx_sla_line WHERE ticket_id = ANY(%%s)" % ", ".join(sla_line.COLUMNS),
                   (ticket_ids,))
        lines = {}
        for row in cr.dictfetchall():
            for key in line_writer.TIMESTAMPS:
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
        """Advance the lines of a planned chunk (``domain/line.py``) and prepare its writes
        (plain Python only)."""
        inserts, updates, deletes = sla_line.advance_chunk(
            plan["work"], plan["now"], plan["stage_rank"], plan["replied_ids"], warn=_warn_unplaced)
        return line_writer.prepare_batch(inserts, updates, deletes, plan["policy_of"],
                                         plan["lines_by_ticket"])

    def _cx_advance(self, line, ctx):
        """Move one line forward to ``ctx["now"]`` in place (``domain.line.SlaLine``):
        ``ctx`` holds the ticket, policy, calendar, stage ranks, whether the ticket was
        just replied to and the cache of placed moments."""
        step = sla_line.Step(ctx["ticket"], ctx["policy"], ctx["cal"], ctx["now"], ctx["stage_rank"],
                             ctx["replied"], ctx.get("moments"), _warn_unplaced)
        return sla_line.SlaLine(line).advance(step)

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
               SET state = CASE WHEN l.deadline <= %%(now)s THEN %s ELSE %s END,
                   breached_date = CASE WHEN l.deadline <= %%(now)s THEN l.deadline END,
                   met_share = CASE WHEN l.deadline <= %%(now)s THEN 0.0 END,
                   breached_count = CASE WHEN l.deadline <= %%(now)s THEN 1 ELSE 0 END
              FROM due WHERE l.id = due.id
         RETURNING l.ticket_id""" % (_DUE_WHERE, _DUE_SQL, _BREACHED_SQL, _AT_RISK_SQL), {"now": now})
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
             WHERE l.reached_date IS NULL AND l.state IN %(escalable)s
               AND (e.trigger = %(on_risk)s
                    OR (l.state = %(breached)s
                        AND l.breached_date + e.delay_hours * interval '1 hour' <= %(now)s))
               AND NOT EXISTS (SELECT 1 FROM cx_sla_escalation_log g
                                WHERE g.ticket_id = l.ticket_id AND g.escalation_id = e.id)
             ORDER BY l.ticket_id, e.id, l.deadline
            ON CONFLICT (ticket_id, escalation_id) DO NOTHING
            RETURNING id""", {"now": now, "uid": self.env.uid, "escalable": _ESCALABLE,
                              "on_risk": TRIGGER_AT_RISK, "breached": st.BREACHED})
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
