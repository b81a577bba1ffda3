# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The NPS answers and the detractor follow-ups in the satisfaction index of
cx_experience (models/res_partner_signals.py). Hand-worked values in the comments
(default weights nps 40, followup 10, behaviour 20; half-life 180 days)."""
import datetime
import json

from odoo import fields

from .common import NpsCase


class TestSatisfactionSignals(NpsCase):
    @classmethod
    def setUpClass(cls):
        super(TestSatisfactionSignals, cls).setUpClass()
        cls.now = fields.Datetime.from_string(fields.Datetime.now())
        cls.partner = cls.partners[3]

    def at(self, days):
        return fields.Datetime.to_string(self.now - datetime.timedelta(days=days))

    def recompute(self):
        self.env["res.partner"]._cx_recompute_satisfaction(
            self.partner.ids, now=fields.Datetime.to_string(self.now))

    def test_answers_decay_followups_count_and_interactions_not_twice(self):
        Response = self.env["cx.nps.response"]
        old = Response.create({"partner_id": self.partner.id, "score": 5,
                               "date": self.at(180)})
        Response.create({"partner_id": self.partner.id, "score": 9, "date": self.at(0)})
        self.recompute()
        # nps (90 x 1 + 50 x 0.5) / 1.5 = 115 / 1.5 = 76.67 -> 76.7; the answers logged
        # as interactions are not counted a second time; no invoice: no behaviour
        self.assertEqual(json.loads(self.partner.cx_satisfaction_components), {"nps": 76.7})
        self.assertEqual((self.partner.cx_satisfaction_index,
                          self.partner.cx_satisfaction_estimated), (76.7, False))
        # the detractor's follow-up was lost 180 days ago: followup 0;
        # (40 x 76.7 + 10 x 0) / 50 = 3068 / 50 = 61.36 -> 61.4
        self.env.cr.execute("UPDATE cx_nps_response SET followup_state = 'lost', "
                            "followup_date = %s WHERE id = %s", (self.at(180), old.id))
        self.recompute()
        self.assertEqual(self.partner.cx_satisfaction_index, 61.4)

    def test_answer_job_recomputes_the_full_index(self):
        # the answer path calls _cx_set_satisfaction(10 x score): the index is the full
        # one. One answer of 3 today and nothing else: 30.0
        invitation = self.campaign._dispatch_round().filtered(
            lambda i: i.partner_id == self.partner)
        invitation._cx_record_score(3)
        self.env["cx.nps.response"]._cron_apply_answers()
        self.assertEqual((self.partner.cx_satisfaction_index,
                          self.partner.cx_satisfaction_estimated), (30.0, False))
