from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.base.res.res_partner import _tz_get

from ..domain import calendar as work_calendar


class ResourceCalendar(models.Model):
    _inherit = "resource.calendar"

    cx_tz = fields.Selection(
        _tz_get, string="Time zone", default=lambda self: self.env.user.tz or "UTC",
        help="Time zone of the attendances of this calendar, used by SLA deadlines "
             "(Odoo 11 calendars have none of their own).")

    @api.multi
    def _cx_work_calendar(self):
        """The plain-Python WorkCalendar of this calendar: attendances and global leaves
        read once, in two queries."""
        self.ensure_one()
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
        try:
            return work_calendar.WorkCalendar(attendances, leaves, self.cx_tz or "UTC")
        except work_calendar.CalendarError:
            raise ValidationError(
                _("The working calendar '%s' has no working hours: add attendances to it "
                  "or count the SLA in calendar hours.") % self.name)
