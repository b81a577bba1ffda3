# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests.common import SavepointCase


class TestInstall(SavepointCase):
    def test_ticket_has_sla_status_with_public_codes(self):
        field = self.env["helpdesk.ticket"]._fields["cx_sla_status"]
        keys = [key for key, _label in field.selection]
        self.assertEqual(keys, ["ongoing", "at_risk", "paused", "met", "breached"])
