# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models

from ..demo.generator import SlaDemo


class CxSlaDemo(models.AbstractModel):
    """What demo/cx_sla_demo.xml calls: the generator is demo/generator.py."""
    _name = "cx.sla.demo"
    _description = "SLA demo data"

    @api.model
    def _generate(self, seed=2026):
        return SlaDemo(self.env)._generate(seed)
