# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from ..domain import codes
from .cx_digest import KIND_SELECTION


class CxDigestTest(models.TransientModel):
    """"Send me a test digest" for CX managers who do not administer the settings
    (Odoo 11's settings screen is the administrators'): the same as the settings'
    button, from the KPI digests menu."""

    _name = "cx.digest.test"
    _description = "Send me a test digest"

    kind = fields.Selection(KIND_SELECTION, string="Test digest", required=True,
                            default=codes.DIGEST_WEEKLY)

    @api.multi
    def action_send(self):
        """Queue the chosen digest to the current user alone and show it (CX managers:
        the group is checked before the wizard is even read)."""
        self.env["cx.digest"]._cx_check_test_sender()
        record = self.env["cx.digest"]._cx_send_test(self[:1].kind or codes.DIGEST_WEEKLY)
        return record._cx_form_action()
