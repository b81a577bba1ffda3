from odoo import models


class CxLifecycleHistory(models.Model):
    """The stage log searchable by period of entry (drill-downs of the dashboard)."""

    _name = "cx.lifecycle.history"
    _inherit = ["cx.lifecycle.history", "cx.period.mixin"]
    _cx_period_field = "date_in"
