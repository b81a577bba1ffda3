# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models, tools


class CxLifecycleStageTime(models.Model):
    """Cumulative time of each partner in each stage (a SQL view over the stage log)."""

    _name = "cx.lifecycle.stage.time"
    _description = "Time per lifecycle stage"
    _auto = False
    _order = "stage_sequence, stage_id"

    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    stage_id = fields.Many2one("cx.lifecycle.stage", readonly=True)
    stage_sequence = fields.Integer(readonly=True)
    visits = fields.Integer(string="Stays", readonly=True,
                            help="How many times the customer entered the stage.")
    total_days = fields.Float(
        string="Cumulative days", readonly=True,
        help="Days spent in the stage over all stays, the current one up to now.")
    last_date_in = fields.Datetime(string="Latest entry", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute("""
            CREATE VIEW cx_lifecycle_stage_time AS
            SELECT MIN(h.id) AS id, h.partner_id, h.stage_id, s.sequence AS stage_sequence,
                   COUNT(*) AS visits,
                   SUM(EXTRACT(EPOCH FROM (COALESCE(h.date_out, now() at time zone 'UTC')
                                           - h.date_in)) / 86400.0) AS total_days,
                   MAX(h.date_in) AS last_date_in, h.company_id
              FROM cx_lifecycle_history h
              JOIN cx_lifecycle_stage s ON s.id = h.stage_id
          GROUP BY h.partner_id, h.stage_id, s.sequence, h.company_id
        """)
