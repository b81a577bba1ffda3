# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import ValidationError

from .common import CxCase


class TestInteraction(CxCase):
    @classmethod
    def setUpClass(cls):
        super(TestInteraction, cls).setUpClass()
        cls.partner = cls.customer("Talker")
        cls.touchpoint = cls.env.ref("cx_experience.touchpoint_service_chat")
        cls.Interaction = cls.env["cx.interaction"]

    def make(self, **vals):
        return self.Interaction.sudo().create(dict({
            "name": "Chat", "partner_id": self.partner.id,
            "touchpoint_id": self.touchpoint.id}, **vals))

    def test_score_zero_is_a_score_and_no_score_is_none(self):
        zero = self.make(score=0)
        self.assertTrue(zero.has_score)
        self.assertEqual(zero.score, 0.0)
        none = self.make()
        self.assertFalse(none.has_score)
        explicit = self.make(has_score=False, score=8)
        self.assertFalse(explicit.has_score)
        self.assertEqual(explicit.score, 0.0)
        none.write({"score": 9})
        self.assertTrue(none.has_score)
        # Channel and process come from the touchpoint.
        self.assertEqual((zero.channel, zero.stage_id.code), ("chat", "service"))

    def test_score_out_of_range_refused(self):
        with self.assertRaises(ValidationError):
            self.make(score=11)
        with self.assertRaises(ValidationError):
            self.make(score=-1)

    def test_loyalty_action_moves_forward(self):
        self.set_params(manual_hold_days=0)  # the move to Sale below is "by hand"
        self.partner._cx_move_to_stage("sale")
        self.make(touchpoint_id=self.env.ref("cx_experience.touchpoint_loyalty_program").id)
        self.Partner._cx_apply_lifecycle_rules()
        self.assertEqual(self.partner.cx_stage_id.code, "loyalty")
        self.assertEqual(self.partner.cx_history_ids[0].rule, "loyalty")
