# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests.common import SavepointCase


class TestInstall(SavepointCase):
    """What the addon adds is there on the real database."""

    def test_tiers_and_stages_shipped_as_data(self):
        codes = self.env["cx.tier"].search([]).mapped("code")
        self.assertEqual(sorted(codes), ["high", "low", "medium", "strategic"])
        stages = self.env["cx.lifecycle.stage"].search([])
        self.assertEqual(
            stages.mapped("code"),
            ["presale", "sale", "service", "collection", "telemarketing",
             "loyalty", "retention", "churned"])

    def test_manager_group_implies_user_group(self):
        manager = self.env.ref("cx_experience.group_cx_manager")
        user = self.env.ref("cx_experience.group_cx_user")
        self.assertIn(user, manager.implied_ids)
        menu = self.env.ref("cx_experience.menu_cx_root")
        self.assertEqual(menu.groups_id, user)
        self.assertTrue(menu.web_icon.startswith("cx_experience,"))
