# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models, tools

from .cx_lifecycle_history import RULE_SELECTION


class CxLifecycleTransition(models.Model):
    """Every move between two stages: pivot from-stage x to-stage gives conversions."""

    _name = "cx.lifecycle.transition"
    _description = "Lifecycle stage transition"
    _auto = False
    _order = "date desc"

    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    from_stage_id = fields.Many2one("cx.lifecycle.stage", string="From stage", readonly=True)
    to_stage_id = fields.Many2one("cx.lifecycle.stage", string="To stage", readonly=True)
    date = fields.Datetime(readonly=True)
    direction = fields.Selection(
        [("forward", "Forward"), ("backward", "Backward")], readonly=True)
    rule = fields.Selection(RULE_SELECTION, readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute("""
            CREATE VIEW cx_lifecycle_transition AS
            SELECT h.id, h.partner_id, h.previous_stage_id AS from_stage_id,
                   h.stage_id AS to_stage_id, h.date_in AS date,
                   CASE WHEN t.sequence > f.sequence THEN 'forward' ELSE 'backward' END
                       AS direction,
                   h.rule, h.company_id
              FROM cx_lifecycle_history h
              JOIN cx_lifecycle_stage f ON f.id = h.previous_stage_id
              JOIN cx_lifecycle_stage t ON t.id = h.stage_id
        """)
