# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models

from ..demo.generator import NpsDemo


class CxNpsDemo(models.AbstractModel):
    """What demo/cx_nps_demo.xml calls: the generator is demo/generator.py."""
    _name = "cx.nps.demo"
    _description = "NPS demo data"

    @api.model
    def _generate(self, campaign_xmlids, seed=42):
        return NpsDemo(self.env)._generate(campaign_xmlids, seed)
