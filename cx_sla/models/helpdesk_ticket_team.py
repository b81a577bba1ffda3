# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from ..domain import display
from ..domain import status as st


class HelpdeskTicketTeam(models.Model):
    _inherit = "helpdesk.ticket.team"

    cx_calendar_id = fields.Many2one(
        "resource.calendar", string="Working hours",
        help="Calendar of the team: SLA deadlines in working hours count only these hours, "
             "minus its holidays, unless the SLA policy sets its own calendar.")
    cx_leader_id = fields.Many2one(
        "res.users", string="Team leader",
        help="Receives the SLA escalations addressed to the team leader.")
    # The SLA block of the helpdesk dashboard: open tickets the reader may see.
    cx_sla_open_count = fields.Integer(
        string="Open tickets with an SLA", compute="_compute_cx_sla_counts")
    cx_sla_breached_count = fields.Integer(
        string="SLA breached", compute="_compute_cx_sla_counts",
        help="Open tickets whose running SLA target is past its deadline.")
    cx_sla_at_risk_count = fields.Integer(
        string="SLA at risk", compute="_compute_cx_sla_counts",
        help="Open tickets whose running SLA target is past its at-risk moment.")
    cx_sla_paused_count = fields.Integer(
        string="SLA paused", compute="_compute_cx_sla_counts",
        help="Open tickets whose SLA clocks are all paused.")

    @api.constrains("cx_calendar_id")
    def _check_cx_calendar(self):
        for team in self.filtered("cx_calendar_id"):
            team.cx_calendar_id._cx_work_calendar()
            # The policies of the team now count in this calendar: their targets must fit.
            team.cx_calendar_id._cx_check_sla_use()

    @api.multi
    def _compute_cx_sla_counts(self):
        """Three read_groups under the reader's rights (an agent of personal tickets counts
        its own and the unassigned ones, as its ticket list shows them)."""
        Ticket = self.env["helpdesk.ticket"]
        team_ids = [tid for tid in self.ids if isinstance(tid, int)]
        counts = {}
        if team_ids and Ticket.check_access_rights("read", raise_exception=False):
            base = [("team_id", "in", team_ids), ("closed", "=", False)]
            for key, domain in (("open", [("cx_sla_status", "!=", False)]),
                                ("breached", [("cx_sla_alert", "=", display.ALERT_BREACHED)]),
                                ("at_risk", [("cx_sla_alert", "=", display.ALERT_AT_RISK)]),
                                ("paused", [("cx_sla_status", "=", st.PAUSED)])):
                for group in Ticket.read_group(base + domain, ["team_id"], ["team_id"]):
                    counts[(key, group["team_id"][0])] = group["team_id_count"]
        for team in self:
            team.cx_sla_open_count = counts.get(("open", team.id), 0)
            team.cx_sla_breached_count = counts.get(("breached", team.id), 0)
            team.cx_sla_at_risk_count = counts.get(("at_risk", team.id), 0)
            team.cx_sla_paused_count = counts.get(("paused", team.id), 0)
