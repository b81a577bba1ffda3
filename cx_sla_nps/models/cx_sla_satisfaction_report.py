# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models, tools

from odoo.addons.cx_experience.actions import open_action
from odoo.addons.cx_nps_survey.domain import nps
from odoo.addons.cx_sla.domain import policy as sla_rules

# Per customer (commercial entity): the service it received beside the satisfaction and
# the NPS measured. The NPS categories and the target kinds come from the domain modules.
_VIEW = """
CREATE VIEW cx_sla_satisfaction_report AS (
    WITH answers AS (
        SELECT COALESCE(rp.commercial_partner_id, rp.id) AS partner_id,
               COUNT(*) AS nps_count,
               100.0 * (COUNT(*) FILTER (WHERE r.category = %(promoter)s)
                        - COUNT(*) FILTER (WHERE r.category = %(detractor)s)) / COUNT(*) AS nps
          FROM cx_nps_response r
          JOIN res_partner rp ON rp.id = r.partner_id
         WHERE r.category IS NOT NULL
      GROUP BY 1
    )
    SELECT c.id AS id, c.id AS partner_id, c.cx_tier_id AS tier_id, c.company_id AS company_id,
           COUNT(DISTINCT l.ticket_id) AS ticket_count,
           SUM(l.met_count) AS met_count, SUM(l.breached_count) AS breached_count,
           AVG(l.met_share) AS met_share,
           AVG(l.work_hours) FILTER (WHERE l.kind = %(first_response)s
                                       AND l.reached_date IS NOT NULL) AS first_response_hours,
           AVG(l.work_hours) FILTER (WHERE l.kind = %(resolution)s
                                       AND l.reached_date IS NOT NULL) AS resolution_hours,
           COALESCE(c.cx_has_satisfaction, FALSE) AS satisfaction_measured,
           CASE WHEN c.cx_has_satisfaction THEN c.cx_satisfaction_index END AS satisfaction_index,
           a.nps AS nps, COALESCE(a.nps_count, 0) AS nps_count
      FROM cx_sla_line l
      JOIN helpdesk_ticket t ON t.id = l.ticket_id
      JOIN res_partner p ON p.id = t.partner_id
      JOIN res_partner c ON c.id = COALESCE(p.commercial_partner_id, p.id)
      LEFT JOIN answers a ON a.partner_id = c.id
  GROUP BY c.id, a.nps, a.nps_count
)"""


class CxSlaSatisfactionReport(models.Model):
    """Satisfaction against service, one row per customer: it needs both the SLA lines
    and the NPS answers, so it lives in the bridge (cx_sla alone has no NPS)."""

    _name = "cx.sla.satisfaction.report"
    _description = "Satisfaction against service"
    _auto = False
    _order = "breached_count desc, partner_id"

    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    tier_id = fields.Many2one("cx.tier", string="Customer value tier", readonly=True)
    company_id = fields.Many2one("res.company", string="Company", readonly=True)
    ticket_count = fields.Integer(string="# Tickets", readonly=True)
    met_count = fields.Integer(string="# Targets met", readonly=True)
    breached_count = fields.Integer(string="# Targets breached", readonly=True)
    met_share = fields.Float(string="SLA met (%)", readonly=True, group_operator="avg")
    first_response_hours = fields.Float(string="First response (h)", readonly=True, group_operator="avg",
                                        help="Average working hours to the first reply.")
    resolution_hours = fields.Float(string="Resolution (h)", readonly=True, group_operator="avg",
                                    help="Average working hours to resolution.")
    satisfaction_measured = fields.Boolean(string="Satisfaction measured", readonly=True)
    satisfaction_index = fields.Float(string="Satisfaction index", readonly=True, group_operator="avg",
                                      help="0-100, from Customer Experience; empty when never measured.")
    nps = fields.Float(string="Customer NPS", readonly=True, group_operator="avg",
                       help="NPS of the customer's answers (% promoters - % detractors); "
                            "empty when it never answered.")
    nps_count = fields.Integer(string="# NPS answers", readonly=True)

    @api.model_cr
    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(_VIEW, {
            "promoter": nps.PROMOTER, "detractor": nps.DETRACTOR,
            "first_response": sla_rules.TARGET_FIRST_RESPONSE,
            "resolution": sla_rules.TARGET_RESOLUTION})

    @api.multi
    def action_open_targets(self):
        """Drill down: the SLA targets of the customer's tickets behind the row, as a list
        (the compliance report's rows, read with the caller's rights)."""
        self.ensure_one()
        action = open_action(self, [("partner_id", "=", self.partner_id.id)],
                             xmlid="cx_sla.action_cx_sla_line_report",
                             name=self.partner_id.display_name)
        action["views"] = sorted(action["views"], key=lambda view: view[1] != "tree")
        action["context"] = {}
        return action
