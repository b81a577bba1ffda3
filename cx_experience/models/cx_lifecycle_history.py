from odoo import api, fields, models


class CxLifecycleHistory(models.Model):
    """One stay of a partner in a lifecycle stage: a row per entry."""

    _name = "cx.lifecycle.history"
    _description = "Customer lifecycle history"
    _order = "date_in desc, id desc"

    partner_id = fields.Many2one(
        "res.partner", required=True, index=True, ondelete="cascade")
    stage_id = fields.Many2one(
        "cx.lifecycle.stage", required=True, index=True, ondelete="restrict")
    date_in = fields.Datetime(required=True, index=True, default=fields.Datetime.now)
    date_out = fields.Datetime(index=True)
    duration_days = fields.Float(
        compute="_compute_duration_days", store=True, group_operator="avg",
        help="Days spent in the stage; empty while the partner is still in it.")
    user_id = fields.Many2one(
        "res.users", string="Moved by", default=lambda self: self.env.uid,
        help="The user who moved the partner; the automatic rules run as the superuser.")
    reason = fields.Char(help="The rule or the reason that moved the partner into the stage.")
    company_id = fields.Many2one(
        related="partner_id.company_id", store=True, readonly=True)

    @api.depends("date_in", "date_out")
    def _compute_duration_days(self):
        for row in self:
            if row.date_in and row.date_out:
                delta = (fields.Datetime.from_string(row.date_out)
                         - fields.Datetime.from_string(row.date_in))
                row.duration_days = delta.total_seconds() / 86400.0
            else:
                row.duration_days = 0.0
