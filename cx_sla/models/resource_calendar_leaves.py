# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class ResourceCalendarLeaves(models.Model):
    """A holiday takes working time away from the SLA policies counting in its calendar: a new
    or longer one re-runs their checks (a target must still fit within three years). Only
    global leaves count (the engine ignores the leaves of one resource), and removing a leave
    only gives time back, so these two only forget the cached rows."""
    _inherit = "resource.calendar.leaves"

    @api.multi
    def _cx_sla_changed(self, calendars):
        calendars._cx_sla_forget()
        self.filtered(lambda leave: not leave.resource_id).mapped("calendar_id")._cx_sla_changed()

    @api.model
    def create(self, vals):
        leave = super(ResourceCalendarLeaves, self).create(vals)
        leave._cx_sla_changed(leave.calendar_id)
        return leave

    @api.multi
    def write(self, vals):
        calendars = self.mapped("calendar_id")
        res = super(ResourceCalendarLeaves, self).write(vals)
        self._cx_sla_changed(calendars | self.mapped("calendar_id"))
        return res

    @api.multi
    def unlink(self):
        calendars = self.mapped("calendar_id")
        res = super(ResourceCalendarLeaves, self).unlink()
        calendars._cx_sla_forget()
        return res
