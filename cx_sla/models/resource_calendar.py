# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.base.res.res_partner import _tz_get

from ..domain import calendar as work_calendar

# (database, calendar id) -> (signature of its rows, (attendances, leaves, time zone)):
# immutable inputs, so sharing them between threads is safe.
_INPUTS = {}

# A calendar saved with its attendances (a one2many replace: delete all, then create) is
# checked once, after the whole write, not between the two steps. The marker is an object
# in the context: a client (JSON or XML-RPC) can send a key but never this very object.
DEFER_KEY = "cx_sla_calendar_defer"
_DEFER = object()


def deferred(env):
    """True inside a calendar's own create or write, where the calendar checks itself at the end."""
    return env.context.get(DEFER_KEY) is _DEFER


class ResourceCalendar(models.Model):
    _inherit = "resource.calendar"

    cx_tz = fields.Selection(
        _tz_get, string="Time zone", default=lambda self: self.env.user.tz or "UTC",
        help="Time zone of the attendances of this calendar, used by SLA deadlines "
             "(Odoo 11 calendars have none of their own).")

    @api.model
    def create(self, vals):
        calendar = super(ResourceCalendar, self.with_context(**{DEFER_KEY: _DEFER})).create(vals)
        return calendar.with_env(self.env)

    @api.multi
    def write(self, vals):
        res = super(ResourceCalendar, self.with_context(**{DEFER_KEY: _DEFER})).write(vals)
        if {"attendance_ids", "leave_ids", "cx_tz"} & set(vals):
            self._cx_sla_changed()
        return res

    @api.multi
    def _cx_sla_changed(self):
        """Attendances or leaves of these calendars changed: forget the cached rows and check
        that every SLA policy counting its hours in them can still place its targets."""
        self._cx_sla_forget()
        if self and not deferred(self.env):
            self._cx_check_sla_use()

    @api.multi
    def _cx_sla_forget(self):
        # The cache's signature (row count, latest write_date) cannot see two changes made in
        # one transaction (write_date is the transaction's time): forget the rows outright.
        for calendar_id in self.ids:
            _INPUTS.pop((self.env.cr.dbname, calendar_id), None)

    @api.multi
    def _cx_sla_policies(self):
        """The active SLA policies that may count their hours in this calendar (their own, a
        team's, or the company's: see cx.sla.policy._cx_calendars)."""
        self.ensure_one()
        policies = self.env["cx.sla.policy"].sudo().search([("use_working_hours", "=", True)])
        return policies.filtered(lambda policy: self in policy._cx_calendars())

    @api.multi
    def _cx_check_sla_use(self):
        for calendar in self.sudo():
            calendar._cx_sla_policies()._cx_check_calendars(calendar)

    @api.multi
    def _cx_checked_work_calendar(self, policy):
        """The WorkCalendar of the rows as they are now (not the cache), for the checks; a
        calendar without working time is refused in words that name ``policy``."""
        self.ensure_one()
        attendances, leaves, tz_name = self._cx_calendar_inputs()
        try:
            return work_calendar.WorkCalendar(attendances, leaves, tz_name)
        except work_calendar.CalendarError:
            raise ValidationError(
                _("The calendar %(calendar)s is used by the SLA policy %(policy)s: it needs at least "
                  "one working hour per week.") % {"calendar": self.name, "policy": policy.name})

    @api.multi
    def _cx_work_calendar(self):
        """The plain-Python WorkCalendar of this calendar: attendances and global leaves
        read once, in two queries, and kept in memory until one of them changes."""
        self.ensure_one()
        cr = self.env.cr
        cr.execute("""
            SELECT c.write_date, c.cx_tz,
                   (SELECT ARRAY[COUNT(*)::text, MAX(write_date)::text] FROM resource_calendar_attendance
                     WHERE calendar_id = c.id),
                   (SELECT ARRAY[COUNT(*)::text, MAX(write_date)::text] FROM resource_calendar_leaves
                     WHERE calendar_id = c.id)
              FROM resource_calendar c WHERE c.id = %s""", (self.id,))
        signature = tuple(str(value) for value in cr.fetchone())
        key = (cr.dbname, self.id)
        cached = _INPUTS.get(key)
        if not cached or cached[0] != signature:
            cached = _INPUTS[key] = (signature, self._cx_calendar_inputs())
        attendances, leaves, tz_name = cached[1]
        try:
            return work_calendar.WorkCalendar(attendances, leaves, tz_name)
        except work_calendar.CalendarError:
            raise ValidationError(
                _("The working calendar '%s' has no working hours: add attendances to it "
                  "or count the SLA in calendar hours.") % self.name)

    @api.multi
    def _cx_calendar_inputs(self):
        self.env.cr.execute(
            "SELECT dayofweek, hour_from, hour_to, date_from, date_to "
            "FROM resource_calendar_attendance WHERE calendar_id = %s", (self.id,))
        to_date = fields.Date.from_string
        attendances = [(int(dow), hf, ht, to_date(df), to_date(dt))
                       for dow, hf, ht, df, dt in self.env.cr.fetchall()]
        self.env.cr.execute(
            "SELECT date_from, date_to FROM resource_calendar_leaves "
            "WHERE calendar_id = %s AND resource_id IS NULL", (self.id,))
        to_datetime = fields.Datetime.from_string
        leaves = [(to_datetime(start), to_datetime(end)) for start, end in self.env.cr.fetchall()]
        return attendances, leaves, self.cx_tz or "UTC"
