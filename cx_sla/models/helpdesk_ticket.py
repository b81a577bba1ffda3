from odoo import fields, models

from ..domain import status


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    cx_sla_deadline = fields.Datetime(
        string="SLA deadline", index=True, copy=False, readonly=True,
        help="The earliest open SLA deadline of the ticket.")
    cx_sla_status = fields.Selection(
        [(status.ONGOING, "Ongoing"), (status.AT_RISK, "At risk"), (status.PAUSED, "Paused"),
         (status.MET, "Met"), (status.BREACHED, "Breached")],
        string="SLA status", index=True, copy=False, readonly=True,
        help="Empty when no SLA policy applies to the ticket.")
