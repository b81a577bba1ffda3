# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models, tools

from ..domain import policy as rules
from .cx_sla_line import STATE_SELECTION
from .cx_sla_policy import PRIORITY_SELECTION
from .cx_sla_target import TARGET_KIND_SELECTION


class CxSlaReport(models.Model):
    """SLA compliance: one row per SLA target of a ticket, with the ticket's team, agent,
    category and customer value tier joined in, for the pivot, the graph and the XLSX export."""
    _name = "cx.sla.report"
    _description = "SLA compliance"
    _auto = False
    _order = "start_date desc"
    _rec_name = "ticket_id"

    ticket_id = fields.Many2one("helpdesk.ticket", string="Ticket", readonly=True)
    policy_id = fields.Many2one("cx.sla.policy", string="Policy", readonly=True)
    target_id = fields.Many2one("cx.sla.target", string="Target", readonly=True)
    kind = fields.Selection(TARGET_KIND_SELECTION, string="Target kind", readonly=True)
    state = fields.Selection(STATE_SELECTION, string="Status", readonly=True)
    company_id = fields.Many2one("res.company", string="Company", readonly=True)
    team_id = fields.Many2one("helpdesk.ticket.team", string="Team", readonly=True)
    user_id = fields.Many2one("res.users", string="Agent", readonly=True)
    category_id = fields.Many2one("helpdesk.ticket.category", string="Category", readonly=True)
    channel_id = fields.Many2one("helpdesk.ticket.channel", string="Channel", readonly=True)
    priority = fields.Selection(PRIORITY_SELECTION, string="Priority", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    tier_id = fields.Many2one("cx.tier", string="Customer value tier", readonly=True)
    start_date = fields.Datetime(string="Clock started", readonly=True)
    deadline = fields.Datetime(string="Deadline", readonly=True)
    reached_date = fields.Datetime(string="Reached on", readonly=True)
    allowed_hours = fields.Float(string="Allowed hours", readonly=True, group_operator="avg")
    work_hours = fields.Float(string="Hours to reach", readonly=True, group_operator="avg",
                              help="Average time to reach the target, in the hours the policy counts.")
    first_response_hours = fields.Float(
        string="First response (h)", readonly=True, group_operator="avg",
        help="Average time to the first response, in the hours the policy counts: first "
             "response targets reached only, never averaged with resolution times.")
    resolution_hours = fields.Float(
        string="Resolution (h)", readonly=True, group_operator="avg",
        help="Average time to resolution, in the hours the policy counts: resolution "
             "targets reached only.")
    met_share = fields.Float(string="Met (%)", readonly=True, group_operator="avg",
                             help="Share of the finished targets that were met.")
    met_count = fields.Integer(string="# Met", readonly=True)
    breached_count = fields.Integer(string="# Breached", readonly=True)

    @api.model_cr
    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        # The two times stay apart: each column holds its own kind's reached targets only
        # (NULL elsewhere, so an average over any group never mixes them).
        self.env.cr.execute("""
            CREATE OR REPLACE VIEW cx_sla_report AS (
                SELECT l.id, l.ticket_id, tg.policy_id, l.target_id, l.kind, l.state,
                       t.company_id, t.team_id, t.user_id, t.category_id, t.channel_id, t.priority,
                       c.id AS partner_id, COALESCE(p.cx_tier_id, c.cx_tier_id) AS tier_id,
                       l.start_date, l.deadline, l.reached_date, l.allowed_hours, l.work_hours,
                       CASE WHEN l.kind = %(first_response)s AND l.reached_date IS NOT NULL
                            THEN l.work_hours END AS first_response_hours,
                       CASE WHEN l.kind = %(resolution)s AND l.reached_date IS NOT NULL
                            THEN l.work_hours END AS resolution_hours,
                       l.met_share, l.met_count, l.breached_count
                  FROM cx_sla_line l
                  JOIN helpdesk_ticket t ON t.id = l.ticket_id
                  LEFT JOIN cx_sla_target tg ON tg.id = l.target_id
                  LEFT JOIN res_partner p ON p.id = t.partner_id
                  LEFT JOIN res_partner c ON c.id = COALESCE(p.commercial_partner_id, p.id)
            )""", {"first_response": rules.TARGET_FIRST_RESPONSE,
                   "resolution": rules.TARGET_RESOLUTION})
