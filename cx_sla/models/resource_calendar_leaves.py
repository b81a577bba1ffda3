from odoo import api, models


class ResourceCalendarLeaves(models.Model):
    """A holiday takes working time away from the SLA policies counting in its calendar: a new
    or longer one re-runs their checks (a target must still fit within three years). Removing
    one only gives time back, so unlink only forgets the cached rows."""
    _inherit = "resource.calendar.leaves"

    @api.model
    def create(self, vals):
        leave = super(ResourceCalendarLeaves, self).create(vals)
        leave.calendar_id._cx_sla_changed()
        return leave

    @api.multi
    def write(self, vals):
        calendars = self.mapped("calendar_id")
        res = super(ResourceCalendarLeaves, self).write(vals)
        (calendars | self.mapped("calendar_id"))._cx_sla_changed()
        return res

    @api.multi
    def unlink(self):
        calendars = self.mapped("calendar_id")
        res = super(ResourceCalendarLeaves, self).unlink()
        calendars._cx_sla_forget()
        return res
