# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models, tools

from ..actions import open_action
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

# The quadrants and channels sort in the order of our own codes (CASE branches of them).
_QUADRANT_ORDER = " ".join(
    "WHEN '%s' THEN %d" % (code, index) for index, code in enumerate(codes.QUADRANT_CODES))
_CHANNEL_ORDER = " ".join(
    "WHEN '%s' THEN %d" % (code, index) for index, (code, _label) in enumerate(codes.CHANNELS))

# One scan of the customers and one of the interactions, each aggregated over grouping
# sets; GROUPING() tells which set (dimension) a row belongs to. The text is composed once,
# from the constants above.
_VIEW = """
    CREATE VIEW cx_dashboard_figure AS
    WITH per_partner AS (
        SELECT GROUPING(p.cx_tier_id, p.cx_stage_id, p.cx_quadrant) AS g,
               p.cx_tier_id, p.cx_stage_id, p.cx_quadrant, p.company_id,
               COUNT(*) AS partner_count, SUM(p.cx_revenue) AS revenue,
               COUNT(*) FILTER (WHERE p.cx_has_satisfaction) AS satisfied_count,
               AVG(p.cx_satisfaction_index) FILTER (WHERE p.cx_has_satisfaction)
                   AS satisfaction_avg
          FROM res_partner p
         WHERE p.active AND p.customer AND (p.is_company OR p.parent_id IS NULL)
      GROUP BY GROUPING SETS ((p.cx_tier_id, p.company_id),
                              (p.cx_stage_id, p.company_id),
                              (p.cx_quadrant, p.company_id))
    ),
    per_interaction AS (
        SELECT GROUPING(x.touchpoint_id, x.channel) AS g, x.touchpoint_id, x.channel,
               x.company_id, COUNT(*) AS interaction_count,
               COUNT(*) FILTER (WHERE x.has_score) AS scored_count,
               AVG(x.score) FILTER (WHERE x.has_score) AS score_avg
          FROM cx_interaction x
      GROUP BY GROUPING SETS ((x.touchpoint_id, x.company_id),
                              (x.channel, x.company_id))
    ),
    parts AS (
        SELECT CASE pp.g WHEN 3 THEN 'tier' WHEN 5 THEN 'stage'
                         ELSE 'quadrant' END::varchar AS dimension,
               CASE pp.g WHEN 3 THEN 1 WHEN 5 THEN 2 ELSE 3 END AS dimension_sequence,
               CASE pp.g WHEN 3 THEN COALESCE(t.sequence, 999)
                         WHEN 5 THEN COALESCE(s.sequence, 999)
                         ELSE CASE pp.cx_quadrant %s ELSE 999 END END AS sequence,
               pp.cx_tier_id AS tier_id, pp.cx_stage_id AS stage_id,
               pp.cx_quadrant::varchar AS quadrant, NULL::integer AS touchpoint_id,
               NULL::varchar AS channel, pp.company_id, pp.partner_count, pp.revenue,
               pp.satisfied_count, pp.satisfaction_avg, 0::bigint AS interaction_count,
               0::bigint AS scored_count, NULL::float8 AS score_avg
          FROM per_partner pp
          LEFT JOIN cx_tier t ON t.id = pp.cx_tier_id
          LEFT JOIN cx_lifecycle_stage s ON s.id = pp.cx_stage_id
     UNION ALL
        SELECT CASE pi.g WHEN 1 THEN 'touchpoint' ELSE 'channel' END,
               CASE pi.g WHEN 1 THEN 4 ELSE 5 END,
               CASE pi.g WHEN 1 THEN tp.sequence
                         ELSE CASE pi.channel %s ELSE 999 END END,
               NULL, NULL, NULL, pi.touchpoint_id, pi.channel, pi.company_id,
               0, NULL, 0, NULL, pi.interaction_count, pi.scored_count, pi.score_avg
          FROM per_interaction pi
          LEFT JOIN cx_touchpoint tp ON tp.id = pi.touchpoint_id
    )
    -- A stable id made of the figure's keys, within 32 bits (XML-RPC clients).
    SELECT (parts.dimension_sequence * 100000000
            + COALESCE(parts.tier_id, parts.stage_id, parts.touchpoint_id,
                       parts.sequence, 0) * 1000
            + COALESCE(parts.company_id, 0))::integer AS id, parts.*
      FROM parts
""" % (_QUADRANT_ORDER, _CHANNEL_ORDER)


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
        labels = self._cx_labels()
        for fig in self:
            fig.name = labels(fig.dimension, fig._cx_key())

    @api.multi
    def _cx_key(self):
        """What the figure counts: a tier or stage id, a quadrant, touchpoint id or
        channel code (None for "no tier yet", "no stage yet", "no satisfaction data")."""
        self.ensure_one()
        return {codes.DIM_TIER: self.tier_id.id, codes.DIM_STAGE: self.stage_id.id,
                codes.DIM_QUADRANT: self.quadrant, codes.DIM_TOUCHPOINT: self.touchpoint_id.id,
                codes.DIM_CHANNEL: self.channel}.get(self.dimension) or None

    @api.model
    def _cx_labels(self):
        """``label(dimension, key)``: the name of a figure in the environment's language
        (the screen's, or a digest recipient's)."""
        quadrants = dict(self.env["res.partner"]._fields["cx_quadrant"]._description_selection(
            self.env))
        channels = dict(self._fields["channel"]._description_selection(self.env))
        empty = {codes.DIM_TIER: _("No tier yet"), codes.DIM_STAGE: _("No stage yet"),
                 codes.DIM_QUADRANT: _("No satisfaction data")}
        models_ = {codes.DIM_TIER: "cx.tier", codes.DIM_STAGE: "cx.lifecycle.stage",
                   codes.DIM_TOUCHPOINT: "cx.touchpoint"}

        def label(dimension, key):
            if not key:
                return empty.get(dimension, "")
            if dimension in models_:
                return self.env[models_[dimension]].browse(key).name or ""
            if dimension == codes.DIM_QUADRANT:
                return quadrants.get(key, key)
            return channels.get(key, key)
        return label

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(_VIEW)

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
            return open_action(
                self, [("customer", "=", True), "|", ("is_company", "=", True),
                       ("parent_id", "=", False), (field, "=", value)] + company,
                xmlid="cx_experience.action_cx_customers", name=self.name)
        if self.dimension == codes.DIM_TOUCHPOINT:
            domain = [("touchpoint_id", "=", self.touchpoint_id.id)] + company
        else:
            domain = [("channel", "=", self.channel)] + company
        return open_action(self, domain, xmlid="cx_experience.action_cx_interaction",
                           name=self.name)

    @api.model
    def action_export_xlsx(self):
        """The dashboard as an XLSX file (every figure the user can read)."""
        figures = self.search([])
        return self.env.ref("cx_experience.report_cx_dashboard_xlsx").report_action(figures)
