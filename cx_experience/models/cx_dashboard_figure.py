# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models, tools

from ..actions import open_action
from ..domain import codes
from .res_partner import QUADRANT_SELECTION

DIMENSIONS = [
    (codes.DIM_CUSTOMER, "Customers"),
    (codes.DIM_INTERACTION, "Interactions"),
]

# The quadrants and channels sort in the order of our own codes (CASE branches of them).
_QUADRANT_ORDER = " ".join(
    "WHEN '%s' THEN %d" % (code, index) for index, code in enumerate(codes.QUADRANT_CODES))
_CHANNEL_ORDER = " ".join(
    "WHEN '%s' THEN %d" % (code, index) for index, (code, _label) in enumerate(codes.CHANNELS))

# A cube, so that every sum adds up whatever a pivot puts in rows and columns: one row per
# value tier x lifecycle stage x quadrant (x company) of customers, each customer in
# exactly one row, and one row per touchpoint x channel (x company) of interactions.
# A customer or an interaction of no company belongs to the company when there is only
# one (a one-company database shows no second "no company" row); in a multi-company
# database it stays apart. The sums of the averages are kept, so that read_group gives
# averages weighted by what was measured (see read_group below).
_VIEW = """
    CREATE VIEW cx_dashboard_figure AS
    WITH single AS (
        SELECT CASE WHEN count(*) = 1 THEN min(id) END AS company_id FROM res_company
    ),
    customers AS (
        SELECT 'customer'::varchar AS dimension, 1 AS dimension_sequence,
               (COALESCE(t.sequence, 999) * 1000 + COALESCE(s.sequence, 99) * 10
                + CASE p.cx_quadrant %s ELSE 9 END)::integer AS sequence,
               p.cx_tier_id AS tier_id, p.cx_stage_id AS stage_id,
               p.cx_quadrant::varchar AS quadrant, NULL::integer AS touchpoint_id,
               NULL::varchar AS channel, COALESCE(p.company_id, single.company_id) AS company_id,
               COUNT(*) AS partner_count, COALESCE(SUM(p.cx_revenue), 0) AS revenue,
               COUNT(*) FILTER (WHERE p.cx_has_satisfaction) AS satisfied_count,
               SUM(p.cx_satisfaction_index) FILTER (WHERE p.cx_has_satisfaction)
                   AS satisfaction_sum,
               AVG(p.cx_satisfaction_index) FILTER (WHERE p.cx_has_satisfaction)
                   AS satisfaction_avg,
               0::bigint AS interaction_count, 0::bigint AS scored_count,
               NULL::float8 AS score_sum, NULL::float8 AS score_avg
          FROM res_partner p
         CROSS JOIN single
          LEFT JOIN cx_tier t ON t.id = p.cx_tier_id
          LEFT JOIN cx_lifecycle_stage s ON s.id = p.cx_stage_id
         WHERE p.active AND p.customer AND (p.is_company OR p.parent_id IS NULL)
      GROUP BY p.cx_tier_id, p.cx_stage_id, p.cx_quadrant,
               COALESCE(p.company_id, single.company_id), t.sequence, s.sequence
    ),
    interactions AS (
        SELECT 'interaction'::varchar, 2,
               (COALESCE(tp.sequence, 999) * 100 + CASE x.channel %s ELSE 99 END)::integer,
               NULL::integer, NULL::integer, NULL::varchar, x.touchpoint_id, x.channel::varchar,
               COALESCE(x.company_id, single.company_id),
               0::bigint, 0::float8, 0::bigint, NULL::float8, NULL::float8,
               COUNT(*), COUNT(*) FILTER (WHERE x.has_score),
               SUM(x.score) FILTER (WHERE x.has_score), AVG(x.score) FILTER (WHERE x.has_score)
          FROM cx_interaction x
         CROSS JOIN single
          LEFT JOIN cx_touchpoint tp ON tp.id = x.touchpoint_id
      GROUP BY x.touchpoint_id, x.channel, COALESCE(x.company_id, single.company_id),
               tp.sequence
    ),
    parts AS (
        SELECT * FROM customers UNION ALL SELECT * FROM interactions
    )
    -- A stable id made of the row's keys (31 bits, for XML-RPC clients); format()
    -- writes an empty key as an empty field, so "no tier, stage 5" and "tier 5, no
    -- stage" differ.
    SELECT (hashtext(format('%%s|%%s|%%s|%%s|%%s|%%s|%%s', parts.dimension, parts.tier_id,
                            parts.stage_id, parts.quadrant, parts.touchpoint_id,
                            parts.channel, parts.company_id)) & 2147483647)::integer AS id,
           parts.*
      FROM parts
""" % (_QUADRANT_ORDER, _CHANNEL_ORDER)
# Averages read_group weighs by what was measured: field -> (sum field, count field).
_WEIGHTED = {"satisfaction_avg": ("satisfaction_sum", "satisfied_count"),
             "score_avg": ("score_sum", "scored_count")}


class CxDashboardFigure(models.Model):
    """The CEM dashboard figures: a cube computed by PostgreSQL when read, one row per
    value tier x lifecycle stage x quadrant of customers and per touchpoint x channel of
    interactions (and company), so that a pivot or a list sums to each customer and
    each interaction once, whatever it groups by.

    The pivot, graph, list and the XLSX export all read these rows, so the numbers in
    the file are the numbers on screen.
    """

    _name = "cx.dashboard.figure"
    _description = "CEM dashboard figure"
    _auto = False
    _order = "dimension_sequence, sequence, id"

    dimension = fields.Selection(DIMENSIONS, readonly=True, string="Figures of")
    dimension_sequence = fields.Integer(readonly=True)
    sequence = fields.Integer(readonly=True)
    name = fields.Char(string="Figure", compute="_compute_name")
    tier_id = fields.Many2one("cx.tier", string="Value tier", readonly=True)
    stage_id = fields.Many2one("cx.lifecycle.stage", string="Lifecycle stage", readonly=True)
    quadrant = fields.Selection(QUADRANT_SELECTION, string="Customer quadrant", readonly=True)
    touchpoint_id = fields.Many2one("cx.touchpoint", readonly=True)
    channel = fields.Selection(list(codes.CHANNELS), readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one(
        "res.currency", string="Currency", compute="_compute_currency_id",
        help="The currency of the revenue: the main company's (see the customer's "
             "revenue).")
    partner_count = fields.Integer(string="Customers", readonly=True)
    revenue = fields.Float(string="Revenue (window)", readonly=True)
    satisfied_count = fields.Integer(
        string="Customers with satisfaction data", readonly=True)
    satisfaction_sum = fields.Float(readonly=True)
    satisfaction_avg = fields.Float(
        string="Average satisfaction index (0-100)", readonly=True, group_operator="avg",
        help="Average 0-100 index of the customers with satisfaction data; empty when "
             "none has any.")
    interaction_count = fields.Integer(string="Interactions", readonly=True)
    scored_count = fields.Integer(string="Scored interactions", readonly=True)
    score_sum = fields.Float(readonly=True)
    score_avg = fields.Float(
        string="Average score (0-10)", readonly=True, group_operator="avg",
        help="Average 0-10 score of the interactions that measured satisfaction; "
             "empty when none did.")

    @api.multi
    def _compute_currency_id(self):
        currency = self.env.user.company_id.currency_id
        for fig in self:
            fig.currency_id = currency

    @api.multi
    def _compute_name(self):
        labels = self._cx_labels()
        for fig in self:
            if fig.dimension == codes.DIM_CUSTOMER:
                parts = [labels(codes.DIM_TIER, fig.tier_id.id),
                         labels(codes.DIM_STAGE, fig.stage_id.id),
                         labels(codes.DIM_QUADRANT, fig.quadrant)]
            else:
                parts = [fig.touchpoint_id.name or _("No touchpoint"),
                         labels(codes.DIM_CHANNEL, fig.channel) or _("No channel")]
            fig.name = " · ".join(parts)

    @api.model
    def _cx_labels(self):
        """``label(dimension, key)``: the name of a tier, stage, quadrant, touchpoint or
        channel in the environment's language (the screen's, or a digest recipient's)."""
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

    @api.model
    def _cx_mix(self, domain=None):
        """Customers per tier, per stage and per quadrant: ``[[dimension, key, count]]``
        (dimension 'tier', 'stage' or 'quadrant'; key an id, a code or None), each
        customer once per dimension."""
        base = [("dimension", "=", codes.DIM_CUSTOMER)] + list(domain or [])
        mix = []
        for dimension, field in ((codes.DIM_TIER, "tier_id"), (codes.DIM_STAGE, "stage_id"),
                                 (codes.DIM_QUADRANT, "quadrant")):
            groups = self.read_group(base, [field, "partner_count"], [field], orderby=field)
            for group in groups:
                key = group[field]
                key = key[0] if isinstance(key, (list, tuple)) else key
                mix.append([dimension, key or None, group["partner_count"] or 0])
        return mix

    @api.model
    def _cx_mix_titles(self):
        """The titles of the dimensions of ``_cx_mix``, in the environment's language."""
        return {codes.DIM_TIER: _("Tier mix"), codes.DIM_STAGE: _("Lifecycle funnel"),
                codes.DIM_QUADRANT: _("Customer quadrant")}

    @api.model
    def read_group(self, domain, fields, groupby, offset=0, limit=None, orderby=False,
                   lazy=True):
        """Averages weighted by what was measured (the sum over the count), not the
        average of the rows' averages; empty where nothing was measured."""
        wanted = [name for name in _WEIGHTED
                  if any(f.split(":")[0] == name for f in fields)]
        extra = [part for name in wanted for part in _WEIGHTED[name] if part not in fields]
        groups = super(CxDashboardFigure, self).read_group(
            domain, list(fields) + extra, groupby, offset=offset, limit=limit,
            orderby=orderby, lazy=lazy)
        for group in groups:
            for name in wanted:
                total, count = (group.get(part) for part in _WEIGHTED[name])
                group[name] = (total / count) if count else False
        return groups

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(_VIEW)

    @api.multi
    def action_open(self):
        """Drill down: the customers or the interactions behind the figure."""
        self.ensure_one()
        company = [("company_id", "=", self.company_id.id or False)] \
            if self.env.user.has_group("base.group_multi_company") else []
        if self.dimension == codes.DIM_CUSTOMER:
            domain = [("customer", "=", True), "|", ("is_company", "=", True),
                      ("parent_id", "=", False),
                      ("cx_tier_id", "=", self.tier_id.id or False),
                      ("cx_stage_id", "=", self.stage_id.id or False),
                      ("cx_quadrant", "=", self.quadrant or False)] + company
            return open_action(self, domain, xmlid="cx_experience.action_cx_customers",
                               name=self.name)
        domain = [("touchpoint_id", "=", self.touchpoint_id.id or False),
                  ("channel", "=", self.channel or False)] + company
        return open_action(self, domain, xmlid="cx_experience.action_cx_interaction",
                           name=self.name)

    @api.model
    def action_export_xlsx(self):
        """The dashboard as an XLSX file (every figure the user can read)."""
        figures = self.search([])
        return self.env.ref("cx_experience.report_cx_dashboard_xlsx").report_action(figures)
