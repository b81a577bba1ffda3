# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

# Per customer (commercial entity): service received beside the satisfaction measured.
_VIEW = """
CREATE OR REPLACE VIEW cx_sla_satisfaction_report AS (
    SELECT c.id AS id, c.id AS partner_id, c.cx_tier_id AS tier_id, c.company_id AS company_id,
           COUNT(DISTINCT l.ticket_id) AS ticket_count,
           SUM(l.met_count) AS met_count, SUM(l.breached_count) AS breached_count,
           AVG(l.met_share) AS met_share,
           AVG(l.work_hours) FILTER (WHERE l.kind = 'first_response' AND l.reached_date IS NOT NULL)
               AS first_response_hours,
           AVG(l.work_hours) FILTER (WHERE l.kind = 'resolution' AND l.reached_date IS NOT NULL)
               AS resolution_hours,
           CASE WHEN c.cx_has_satisfaction THEN c.cx_satisfaction_index END AS satisfaction_index,
           %(nps_columns)s
      FROM cx_sla_line l
      JOIN helpdesk_ticket t ON t.id = l.ticket_id
      JOIN res_partner p ON p.id = t.partner_id
      JOIN res_partner c ON c.id = COALESCE(p.commercial_partner_id, p.id)
      %(nps_join)s
     GROUP BY c.id %(nps_group)s
)"""

# NPS of the customer, only when cx_nps_survey's table exists (no manifest dependency).
_NPS_JOIN = """
      LEFT JOIN (SELECT COALESCE(rp.commercial_partner_id, rp.id) AS partner_id,
                        COUNT(*) AS nps_count,
                        100.0 * (COUNT(*) FILTER (WHERE r.score >= 9) - COUNT(*) FILTER (WHERE r.score <= 6))
                              / COUNT(*) AS nps
                   FROM cx_nps_response r
                   JOIN res_partner rp ON rp.id = r.partner_id
                  WHERE r.score IS NOT NULL
                  GROUP BY 1) n ON n.partner_id = c.id"""

# The two texts of the view, composed once from the constants above.
_VIEW_WITH_NPS = _VIEW % {
    "nps_columns": "n.nps AS nps, n.nps_count AS nps_count",
    "nps_join": _NPS_JOIN,
    "nps_group": ", n.nps, n.nps_count",
}
_VIEW_WITHOUT_NPS = _VIEW % {
    "nps_columns": "NULL::float8 AS nps, 0 AS nps_count",
    "nps_join": "",
    "nps_group": "",
}


class CxSlaSatisfactionReport(models.Model):
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
    satisfaction_index = fields.Float(string="Satisfaction index", readonly=True, group_operator="avg",
                                      help="0-100, from Customer Experience; empty when never measured.")
    nps = fields.Float(string="Customer NPS", readonly=True, group_operator="avg",
                       help="NPS of the customer's answers (% promoters - % detractors), "
                            "when the NPS surveys addon is installed.")
    nps_count = fields.Integer(string="# NPS answers", readonly=True)

    @api.model_cr
    def init(self):
        self._cx_create_view()

    def _register_hook(self):
        """The NPS columns depend on cx_nps_survey, which has no link to this addon: when it was
        installed since (or uninstalled, which drops this view with its table), the view is
        rebuilt as the registry loads (server start, module install), never at a user's
        request. It reads the catalog first, so DDL only runs when the view is out of date."""
        cr = self.env.cr
        cr.execute("""SELECT to_regclass('cx_nps_response') IS NOT NULL,
                             to_regclass('cx_sla_satisfaction_report') IS NOT NULL""")
        has_nps, has_view = cr.fetchone()
        if has_view:
            cr.execute("SELECT position('cx_nps_response' IN "
                       "pg_get_viewdef('cx_sla_satisfaction_report'::regclass)) > 0")
            if cr.fetchone()[0] == has_nps:
                return super(CxSlaSatisfactionReport, self)._register_hook()
        self._cx_create_view()
        return super(CxSlaSatisfactionReport, self)._register_hook()

    @api.model
    def _cx_create_view(self):
        cr = self.env.cr
        cr.execute("SELECT to_regclass('cx_nps_response') IS NOT NULL")
        has_nps = cr.fetchone()[0]
        cr.execute("DROP VIEW IF EXISTS cx_sla_satisfaction_report")
        cr.execute(_VIEW_WITH_NPS if has_nps else _VIEW_WITHOUT_NPS)
        return has_nps
