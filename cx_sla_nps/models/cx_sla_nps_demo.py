# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models

from ..demo.generator import SlaNpsDemo


class CxSlaNpsDemo(models.AbstractModel):
    """What demo/cx_sla_nps_demo.xml calls: the generator is demo/generator.py."""
    _name = "cx.sla.nps.demo"
    _description = "SLA and NPS demo data"

    @api.model
    def _generate(self, campaign_xmlid, seed=7):
        return SlaNpsDemo(self.env)._generate(campaign_xmlid, seed)
