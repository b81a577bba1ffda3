# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models, tools


class CxLifecycleStageStats(models.Model):
    """Per stage: the funnel count, stays, average and median time, forward conversion."""

    _name = "cx.lifecycle.stage.stats"
    _description = "Lifecycle stage statistics"
    _auto = False
    _order = "sequence"

    stage_id = fields.Many2one("cx.lifecycle.stage", readonly=True)
    sequence = fields.Integer(readonly=True)
    current_count = fields.Integer(
        string="Customers now", readonly=True, help="Customers in the stage now (funnel).")
    entries = fields.Integer(
        string="Entries", readonly=True, help="Stays begun in the stage, ever.")
    closed_stays = fields.Integer(string="Finished stays", readonly=True)
    avg_days = fields.Float(
        string="Average days", readonly=True, group_operator="avg",
        help="Average length of the finished stays.")
    median_days = fields.Float(
        string="Median days", readonly=True, group_operator="avg",
        help="Median length of the finished stays: half were shorter.")
    forward_count = fields.Integer(
        string="Moved forward", readonly=True,
        help="Finished stays followed by a later stage.")
    forward_rate = fields.Float(
        string="Conversion (%)", readonly=True, group_operator="avg",
        help="Share of the finished stays that went on to a later stage.")

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute("""
            CREATE VIEW cx_lifecycle_stage_stats AS
            WITH stays AS (
                SELECT h.stage_id, h.date_out,
                       EXTRACT(EPOCH FROM (h.date_out - h.date_in)) / 86400.0 AS days,
                       nxt.sequence > s.sequence AS forward
                  FROM cx_lifecycle_history h
                  JOIN cx_lifecycle_stage s ON s.id = h.stage_id
                  LEFT JOIN LATERAL (
                        SELECT ns.sequence FROM cx_lifecycle_history n
                          JOIN cx_lifecycle_stage ns ON ns.id = n.stage_id
                         WHERE n.partner_id = h.partner_id AND n.previous_stage_id = h.stage_id
                           AND n.date_in >= h.date_in AND h.date_out IS NOT NULL
                      ORDER BY n.date_in, n.id LIMIT 1) nxt ON TRUE
            ),
            per_stage AS (
                SELECT stage_id, COUNT(*) AS entries,
                       COUNT(date_out) AS closed_stays,
                       AVG(days) AS avg_days,
                       percentile_cont(0.5) WITHIN GROUP (ORDER BY days) AS median_days,
                       COUNT(*) FILTER (WHERE forward) AS forward_count
                  FROM stays GROUP BY stage_id
            ),
            now_in AS (
                SELECT cx_stage_id AS stage_id, COUNT(*) AS n FROM res_partner
                 WHERE cx_stage_id IS NOT NULL AND active GROUP BY cx_stage_id
            )
            SELECT s.id, s.id AS stage_id, s.sequence,
                   COALESCE(now_in.n, 0) AS current_count,
                   COALESCE(ps.entries, 0) AS entries,
                   COALESCE(ps.closed_stays, 0) AS closed_stays,
                   COALESCE(ps.avg_days, 0) AS avg_days,
                   COALESCE(ps.median_days, 0) AS median_days,
                   COALESCE(ps.forward_count, 0) AS forward_count,
                   CASE WHEN COALESCE(ps.closed_stays, 0) = 0 THEN 0
                        ELSE 100.0 * ps.forward_count / ps.closed_stays END AS forward_rate
              FROM cx_lifecycle_stage s
              LEFT JOIN per_stage ps ON ps.stage_id = s.id
              LEFT JOIN now_in ON now_in.stage_id = s.id
             WHERE s.active
        """)
