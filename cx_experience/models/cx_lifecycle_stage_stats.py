# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models, tools

from odoo.addons.cx_experience.actions import open_action

from ..domain import lifecycle


class CxLifecycleStageStats(models.Model):
    """The lifecycle funnel: per stage and company, the customers in it now, the stays
    begun and finished, their average and median length, and the conversion to the
    next stage.

    One row per stage and company: a stay counts for the company of its log line, and a
    stay of a customer shared by every company (no company) counts in each company, as
    the customer does. So a one-company database has one row per stage, and a
    multi-company user sees each company's funnel apart, never a sum of companies.

    Conversion (``domain.lifecycle.conversion_rates``): the stays that ended by entering
    the next stage (by sequence) over the stays that ended; never more than 100 %, empty
    while no stay of the stage has ended. Moving on to a later stage than the next one
    (for instance straight to churn) is an exit, not a conversion.
    """

    _name = "cx.lifecycle.stage.stats"
    _description = "Lifecycle stage statistics"
    _auto = False
    _order = "sequence, company_id"

    stage_id = fields.Many2one("cx.lifecycle.stage", readonly=True)
    sequence = fields.Integer(readonly=True)
    company_id = fields.Many2one("res.company", string="Company", readonly=True)
    next_stage_id = fields.Many2one(
        "cx.lifecycle.stage", string="Next stage", readonly=True,
        help="The stage after this one in the lifecycle: the one a conversion enters.")
    current_count = fields.Integer(
        string="Customers now", readonly=True, help="Customers in the stage now (funnel).")
    entries = fields.Integer(
        string="Entries", readonly=True, help="Stays begun in the stage, ever.")
    closed_stays = fields.Integer(
        string="Exits", readonly=True, help="Stays in the stage that have ended.")
    avg_days = fields.Float(
        string="Average days", readonly=True, group_operator="avg",
        help="Average length of the finished stays, in days.")
    median_days = fields.Float(
        string="Median days", readonly=True, group_operator="avg",
        help="Median length of the finished stays, in days: half were shorter.")
    forward_count = fields.Integer(
        string="Into the next stage", readonly=True,
        help="Finished stays that ended by entering the next stage.")
    forward_rate = fields.Float(
        string="Conversion (%)", compute="_compute_forward_rate",
        help="Stays that entered the next stage over the stays that ended, in percent; "
             "empty while none has ended.")

    @api.multi
    def _compute_forward_rate(self):
        rates = lifecycle.conversion_rates(
            {(row.id, row.next_stage_id.id): row.forward_count
             for row in self if row.next_stage_id},
            {row.id: row.closed_stays for row in self})
        for row in self:
            rate = rates.get((row.id, row.next_stage_id.id))
            row.forward_rate = rate if rate is not None else False

    @api.multi
    def action_open_stays(self):
        """Drill down: the stays behind the row, in the stage log (its company's and
        the shared customers'), read with the caller's rights."""
        self.ensure_one()
        domain = [("stage_id", "=", self.stage_id.id),
                  "|", ("company_id", "=", self.company_id.id), ("company_id", "=", False)]
        return open_action(self, domain, xmlid="cx_experience.action_cx_lifecycle_history",
                           name=self.stage_id.display_name)

    @api.model_cr
    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        # The id packs stage and company: stable for a browse, one per row.
        self.env.cr.execute("""
            CREATE VIEW cx_lifecycle_stage_stats AS
            WITH stages AS (
                SELECT s.id, s.sequence,
                       LEAD(s.id) OVER (ORDER BY s.sequence, s.id) AS next_id
                  FROM cx_lifecycle_stage s WHERE s.active
            ),
            stays AS (
                SELECT c.id AS company_id, h.stage_id, h.date_out,
                       EXTRACT(EPOCH FROM (h.date_out - h.date_in)) / 86400.0 AS days,
                       nxt.stage_id = st.next_id AS to_next
                  FROM cx_lifecycle_history h
                  JOIN stages st ON st.id = h.stage_id
                  JOIN res_company c ON c.id = h.company_id OR h.company_id IS NULL
                  LEFT JOIN LATERAL (
                        SELECT n.stage_id FROM cx_lifecycle_history n
                         WHERE n.partner_id = h.partner_id AND n.previous_stage_id = h.stage_id
                           AND n.date_in >= h.date_in AND h.date_out IS NOT NULL
                      ORDER BY n.date_in, n.id LIMIT 1) nxt ON TRUE
            ),
            per_stage AS (
                SELECT company_id, stage_id, COUNT(*) AS entries,
                       COUNT(date_out) AS closed_stays,
                       AVG(days) AS avg_days,
                       percentile_cont(0.5) WITHIN GROUP (ORDER BY days) AS median_days,
                       COUNT(*) FILTER (WHERE to_next) AS forward_count
                  FROM stays GROUP BY company_id, stage_id
            ),
            now_in AS (
                SELECT c.id AS company_id, p.cx_stage_id AS stage_id, COUNT(*) AS n
                  FROM res_partner p
                  JOIN res_company c ON c.id = p.company_id OR p.company_id IS NULL
                 WHERE p.cx_stage_id IS NOT NULL AND p.active
              GROUP BY c.id, p.cx_stage_id
            )
            SELECT st.id * 100000 + c.id AS id, st.id AS stage_id, st.sequence,
                   c.id AS company_id, st.next_id AS next_stage_id,
                   COALESCE(now_in.n, 0) AS current_count,
                   COALESCE(ps.entries, 0) AS entries,
                   COALESCE(ps.closed_stays, 0) AS closed_stays,
                   ps.avg_days, ps.median_days,
                   COALESCE(ps.forward_count, 0) AS forward_count
              FROM stages st
             CROSS JOIN res_company c
              LEFT JOIN per_stage ps ON ps.stage_id = st.id AND ps.company_id = c.id
              LEFT JOIN now_in ON now_in.stage_id = st.id AND now_in.company_id = c.id
        """)
