# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests.common import SavepointCase


class TestInstall(SavepointCase):
    def test_response_category_is_stored(self):
        partner = self.env["res.partner"].create({"name": "NPS probe"})
        Response = self.env["cx.nps.response"]
        found = [Response.create({"partner_id": partner.id, "score": s}).category
                 for s in (0, 6, 7, 8, 9, 10)]
        self.assertEqual(found, ["detractor", "detractor", "passive", "passive",
                                 "promoter", "promoter"])
