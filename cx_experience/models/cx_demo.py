# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models

from ..demo.generator import DEMO_COUNT, DEMO_SEED, ExperienceDemo


class CxDemo(models.AbstractModel):
    """The door of the demo generator (demo/generator.py): what demo/cx_demo.xml, the other
    addons' tests and the benchmarks call. Private methods only: nothing here is callable
    over RPC."""
    _name = "cx.demo"
    _description = "Customer Experience demo data"

    @api.model
    def _generate(self, count=DEMO_COUNT, seed=DEMO_SEED):
        return ExperienceDemo(self.env)._generate(count, seed)

    @api.model
    def _cx_accounting(self, company=None):
        """A sale journal and its receivable and income accounts (created if missing)."""
        return ExperienceDemo(self.env)._cx_accounting(company)

    @api.model
    def _cx_demo_customers(self):
        """The demo customers, in the order of the story's plan (empty without demo)."""
        return ExperienceDemo(self.env)._cx_demo_customers()

    @api.model
    def _cx_demo_replay(self):
        """Replay the stage and tier logs of the demo customers (see the generator)."""
        return ExperienceDemo(self.env)._cx_demo_replay()
