from odoo import api, fields, models


class HelpdeskTicketTeam(models.Model):
    _inherit = "helpdesk.ticket.team"

    cx_calendar_id = fields.Many2one(
        "resource.calendar", string="Working hours",
        help="Calendar of the team: SLA deadlines in working hours count only these hours, "
             "minus its holidays, unless the SLA policy sets its own calendar.")
    cx_leader_id = fields.Many2one(
        "res.users", string="Team leader",
        help="Receives the SLA escalations addressed to the team leader.")

    @api.constrains("cx_calendar_id")
    def _check_cx_calendar(self):
        for team in self.filtered("cx_calendar_id"):
            team.cx_calendar_id._cx_work_calendar()
            # The policies of the team now count in this calendar: their targets must fit.
            team.cx_calendar_id._cx_check_sla_use()
