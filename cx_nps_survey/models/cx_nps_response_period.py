# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class CxNpsResponse(models.Model):
    """The answers searchable by period of answer (drill-downs of the dashboard)."""

    _name = "cx.nps.response"
    _inherit = ["cx.nps.response", "cx.period.mixin"]
    _cx_period_field = "date"
