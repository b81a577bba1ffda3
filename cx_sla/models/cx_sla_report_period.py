# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class CxSlaReport(models.Model):
    """The SLA compliance rows searchable by the period their clock started in
    (drill-downs of the dashboard)."""

    _name = "cx.sla.report"
    _inherit = ["cx.sla.report", "cx.period.mixin"]
    _cx_period_field = "start_date"
