from odoo import _, api, fields, models, tools

from ..domain import codes
from .res_partner import QUADRANT_SELECTION

DIMENSIONS = [
    (codes.DIM_TIER, "Tier mix"),
    (codes.DIM_STAGE, "Lifecycle funnel"),
    (codes.DIM_QUADRANT, "Customer quadrant"),
    (codes.DIM_TOUCHPOINT, "Satisfaction per touchpoint"),
    (codes.DIM_CHANNEL, "Satisfaction per channel"),
]
PARTNER_DIMENSIONS = (codes.DIM_TIER, codes.DIM_STAGE, codes.DIM_QUADRANT)


class CxDashboardFigure(models.Model):
    """The CEM dashboard: one row per figure (a tier, a stage, a quadrant, a
    touchpoint, a channel) and company, computed by PostgreSQL when read.

    The kanban, pivot, graph and the XLSX export all read these rows, so the numbers
    in the file are the numbers on screen.
    """

    _name = "cx.dashboard.figure"
    _description = "CEM dashboard figure"
    _auto = False
    _order = "dimension_sequence, sequence, id"

    dimension = fields.Selection(DIMENSIONS, readonly=True)
    dimension_sequence = fields.Integer(readonly=True)
    sequence = fields.Integer(readonly=True)
    name = fields.Char(string="Figure", compute="_compute_name")
    tier_id = fields.Many2one("cx.tier", string="Value tier", readonly=True)
    stage_id = fields.Many2one("cx.lifecycle.stage", string="Lifecycle stage", readonly=True)
    quadrant = fields.Selection(QUADRANT_SELECTION, string="Customer quadrant", readonly=True)
    touchpoint_id = fields.Many2one("cx.touchpoint", readonly=True)
    channel = fields.Selection(list(codes.CHANNELS), readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    partner_count = fields.Integer(string="Customers", readonly=True)
    revenue = fields.Float(string="Revenue (window)", readonly=True)
    satisfied_count = fields.Integer(
        string="Customers with satisfaction data", readonly=True)
    satisfaction_avg = fields.Float(
        string="Average satisfaction index", readonly=True, group_operator="avg",
        help="Average 0-100 index of the customers with satisfaction data.")
    interaction_count = fields.Integer(string="Interactions", readonly=True)
    scored_count = fields.Integer(string="Scored interactions", readonly=True)
    score_avg = fields.Float(
        string="Average score", readonly=True, group_operator="avg",
        help="Average 0-10 score of the interactions that measured satisfaction.")

    @api.multi
    def _compute_name(self):
        quadrants = dict(self.env["res.partner"].fields_get(
            ["cx_quadrant"])["cx_quadrant"]["selection"])
        channels = dict(self.fields_get(["channel"])["channel"]["selection"])
        for fig in self:
            if fig.dimension == codes.DIM_TIER:
                fig.name = fig.tier_id.name or _("No tier yet")
            elif fig.dimension == codes.DIM_STAGE:
                fig.name = fig.stage_id.name or _("No stage yet")
            elif fig.dimension == codes.DIM_QUADRANT:
                fig.name = quadrants.get(fig.quadrant) or _("No satisfaction data")
            elif fig.dimension == codes.DIM_TOUCHPOINT:
                fig.name = fig.touchpoint_id.name
            else:
                fig.name = channels.get(fig.channel, fig.channel)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        quadrant_order = " ".join(
            "WHEN '%s' THEN %d" % (code, index) for index, code in enumerate(
                codes.QUADRANT_CODES))
        channel_order = " ".join(
            "WHEN '%s' THEN %d" % (code, index) for index, (code, _label) in enumerate(
                codes.CHANNELS))
        self.env.cr.execute("""
            CREATE VIEW cx_dashboard_figure AS
            WITH base AS (
                SELECT p.cx_tier_id, p.cx_stage_id, p.cx_quadrant, p.cx_revenue,
                       p.cx_has_satisfaction, p.cx_satisfaction_index, p.company_id
                  FROM res_partner p
                 WHERE p.active AND p.customer AND (p.is_company OR p.parent_id IS NULL)
            ),
            parts AS (
                SELECT 'tier'::varchar AS dimension, 1 AS dimension_sequence,
                       COALESCE(t.sequence, 999) AS sequence,
                       b.cx_tier_id AS tier_id, NULL::integer AS stage_id,
                       NULL::varchar AS quadrant, NULL::integer AS touchpoint_id,
                       NULL::varchar AS channel, b.company_id,
                       COUNT(*) AS partner_count, SUM(b.cx_revenue) AS revenue,
                       COUNT(*) FILTER (WHERE b.cx_has_satisfaction) AS satisfied_count,
                       AVG(b.cx_satisfaction_index) FILTER (WHERE b.cx_has_satisfaction)
                           AS satisfaction_avg,
                       0 AS interaction_count, 0 AS scored_count, NULL::float8 AS score_avg
                  FROM base b LEFT JOIN cx_tier t ON t.id = b.cx_tier_id
              GROUP BY b.cx_tier_id, t.sequence, b.company_id
             UNION ALL
                SELECT 'stage', 2, COALESCE(s.sequence, 999), NULL, b.cx_stage_id, NULL,
                       NULL, NULL, b.company_id, COUNT(*), SUM(b.cx_revenue),
                       COUNT(*) FILTER (WHERE b.cx_has_satisfaction),
                       AVG(b.cx_satisfaction_index) FILTER (WHERE b.cx_has_satisfaction),
                       0, 0, NULL
                  FROM base b LEFT JOIN cx_lifecycle_stage s ON s.id = b.cx_stage_id
              GROUP BY b.cx_stage_id, s.sequence, b.company_id
             UNION ALL
                SELECT 'quadrant', 3,
                       CASE b.cx_quadrant %s ELSE 999 END, NULL, NULL, b.cx_quadrant,
                       NULL, NULL, b.company_id, COUNT(*), SUM(b.cx_revenue),
                       COUNT(*) FILTER (WHERE b.cx_has_satisfaction),
                       AVG(b.cx_satisfaction_index) FILTER (WHERE b.cx_has_satisfaction),
                       0, 0, NULL
                  FROM base b GROUP BY b.cx_quadrant, b.company_id
             UNION ALL
                SELECT 'touchpoint', 4, tp.sequence, NULL, NULL, NULL, x.touchpoint_id,
                       NULL, x.company_id, COUNT(DISTINCT x.partner_id), NULL, 0, NULL,
                       COUNT(*), COUNT(*) FILTER (WHERE x.has_score),
                       AVG(x.score) FILTER (WHERE x.has_score)
                  FROM cx_interaction x JOIN cx_touchpoint tp ON tp.id = x.touchpoint_id
              GROUP BY x.touchpoint_id, tp.sequence, x.company_id
             UNION ALL
                SELECT 'channel', 5, CASE x.channel %s ELSE 999 END, NULL, NULL, NULL,
                       NULL, x.channel, x.company_id, COUNT(DISTINCT x.partner_id), NULL, 0,
                       NULL, COUNT(*), COUNT(*) FILTER (WHERE x.has_score),
                       AVG(x.score) FILTER (WHERE x.has_score)
                  FROM cx_interaction x GROUP BY x.channel, x.company_id
            )
            -- A stable id made of the figure's keys (a window function here would stop
            -- PostgreSQL from pushing a filter on the dimension into the branches).
            SELECT (parts.dimension_sequence::bigint * 1000000000
                    + COALESCE(parts.tier_id, parts.stage_id, parts.touchpoint_id,
                               parts.sequence, 0)::bigint * 1000
                    + COALESCE(parts.company_id, 0)) AS id, parts.*
              FROM parts
        """ % (quadrant_order, channel_order))

    @api.multi
    def action_open(self):
        """Drill down: the customers or the interactions behind the figure."""
        self.ensure_one()
        company = [("company_id", "=", self.company_id.id or False)]
        if self.dimension in PARTNER_DIMENSIONS:
            field = {codes.DIM_TIER: "cx_tier_id", codes.DIM_STAGE: "cx_stage_id",
                     codes.DIM_QUADRANT: "cx_quadrant"}[self.dimension]
            value = {codes.DIM_TIER: self.tier_id.id, codes.DIM_STAGE: self.stage_id.id,
                     codes.DIM_QUADRANT: self.quadrant}[self.dimension] or False
            action = self.env.ref("cx_experience.action_cx_customers").read()[0]
            action["domain"] = [("customer", "=", True), "|", ("is_company", "=", True),
                                ("parent_id", "=", False), (field, "=", value)] + company
        else:
            action = self.env.ref("cx_experience.action_cx_interaction").read()[0]
            if self.dimension == codes.DIM_TOUCHPOINT:
                action["domain"] = [("touchpoint_id", "=", self.touchpoint_id.id)] + company
            else:
                action["domain"] = [("channel", "=", self.channel)] + company
        action["display_name"] = action["name"] = self.name
        action["context"] = {}
        return action

    @api.model
    def action_export_xlsx(self):
        """The dashboard as an XLSX file (every figure the user can read)."""
        figures = self.search([])
        return self.env.ref("cx_experience.report_cx_dashboard_xlsx").report_action(figures)
