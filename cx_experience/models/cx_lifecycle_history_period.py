# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class CxLifecycleHistory(models.Model):
    """The stage log searchable by period of entry (drill-downs of the dashboard)."""

    _name = "cx.lifecycle.history"
    _inherit = ["cx.lifecycle.history", "cx.period.mixin"]
    _cx_period_field = "date_in"
