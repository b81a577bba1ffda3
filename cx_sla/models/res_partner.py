# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from ..domain import display


class ResPartner(models.Model):
    _inherit = "res.partner"

    # The SLA health badge of the customer's 360 header (CX staff: they read every SLA
    # compliance row already, see security/cx_sla_security.xml).
    cx_sla_open_count = fields.Integer(
        string="Open tickets", compute="_compute_cx_sla_health", groups="cx_experience.group_cx_user",
        help="Open helpdesk tickets of the customer and its contacts.")
    cx_sla_at_risk_count = fields.Integer(
        string="Tickets at risk", compute="_compute_cx_sla_health", groups="cx_experience.group_cx_user",
        help="Open tickets whose running SLA target is past its at-risk moment.")
    cx_sla_breached_count = fields.Integer(
        string="Tickets breaching", compute="_compute_cx_sla_health",
        groups="cx_experience.group_cx_user",
        help="Open tickets whose running SLA target is past its deadline.")

    @api.multi
    def _compute_cx_sla_health(self):
        """Open tickets of each customer (its commercial entity and contacts) in the reader's
        companies, and their SLA alerts by the display rule (domain/display.py)."""
        partner_ids = [pid for pid in self.ids if isinstance(pid, int)]
        rows = []
        if partner_ids:
            self.env.cr.execute("""
                SELECT t.id, c.id
                  FROM res_partner c
                  JOIN res_partner p ON p.commercial_partner_id = c.commercial_partner_id
                  JOIN helpdesk_ticket t ON t.partner_id = p.id
                  LEFT JOIN helpdesk_ticket_stage s ON s.id = t.stage_id
                 WHERE c.id = ANY(%s) AND NOT COALESCE(s.closed, false)
                   AND (t.company_id IS NULL OR t.company_id = ANY(%s))""",
                                (partner_ids, self.env.user.company_ids.ids))
            rows = self.env.cr.fetchall()
        Line = self.env["cx.sla.line"]
        lines = Line._cx_display_lines({ticket_id for ticket_id, _partner in rows})
        now = Line._cx_now()
        counts = {}
        for ticket_id, partner_id in rows:
            alert = display.ticket_alert(lines.get(ticket_id, []), now)
            for key in ("open", alert):
                if key:
                    counts[(key, partner_id)] = counts.get((key, partner_id), 0) + 1
        for partner in self:
            partner.cx_sla_open_count = counts.get(("open", partner.id), 0)
            partner.cx_sla_at_risk_count = counts.get((display.ALERT_AT_RISK, partner.id), 0)
            partner.cx_sla_breached_count = counts.get((display.ALERT_BREACHED, partner.id), 0)

    @api.multi
    def write(self, vals):
        res = super(ResPartner, self).write(vals)
        if "cx_tier_id" in vals:
            # The customer's value tier is a policy criterion: re-match its open tickets.
            self.env.cr.execute("""
                SELECT t.id FROM helpdesk_ticket t
                  JOIN res_partner p ON p.id = t.partner_id
                  LEFT JOIN helpdesk_ticket_stage s ON s.id = t.stage_id
                 WHERE (p.id = ANY(%s) OR p.commercial_partner_id = ANY(%s))
                   AND NOT COALESCE(s.closed, false)""", (self.ids, self.ids))
            ticket_ids = [row[0] for row in self.env.cr.fetchall()]
            if ticket_ids:
                self.env["cx.sla.line"].sudo()._cx_sync(ticket_ids)
        return res
