# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class ResourceCalendarAttendance(models.Model):
    """A calendar's working hours are part of the SLA policies that count in it: changing them
    re-runs the policies' checks (see resource.calendar._cx_sla_changed)."""
    _inherit = "resource.calendar.attendance"

    @api.model
    def create(self, vals):
        attendance = super(ResourceCalendarAttendance, self).create(vals)
        attendance.calendar_id._cx_sla_changed()
        return attendance

    @api.multi
    def write(self, vals):
        # An attendance moved to another calendar leaves its old one: both are checked.
        calendars = self.mapped("calendar_id")
        res = super(ResourceCalendarAttendance, self).write(vals)
        (calendars | self.mapped("calendar_id"))._cx_sla_changed()
        return res

    @api.multi
    def unlink(self):
        calendars = self.mapped("calendar_id")
        res = super(ResourceCalendarAttendance, self).unlink()
        calendars.exists()._cx_sla_changed()
        return res
