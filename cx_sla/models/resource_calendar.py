from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.base.res.res_partner import _tz_get

from ..domain import calendar as work_calendar

# (database, calendar id) -> (signature of its rows, (attendances, leaves, time zone)):
# immutable inputs, so sharing them between threads is safe.
_INPUTS = {}


class ResourceCalendar(models.Model):
    _inherit = "resource.calendar"

    cx_tz = fields.Selection(
        _tz_get, string="Time zone", default=lambda self: self.env.user.tz or "UTC",
        help="Time zone of the attendances of this calendar, used by SLA deadlines "
             "(Odoo 11 calendars have none of their own).")

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
