import datetime

from odoo import fields

from .common import CxCase


class TestLifecycle(CxCase):
    @classmethod
    def setUpClass(cls):
        super(TestLifecycle, cls).setUpClass()
        cls.buyer = cls.customer("Buyer")
        cls.invoice(cls.buyer, 1000.0, days_ago=0)     # due today: not overdue
        cls.late = cls.customer("Late payer")
        cls.invoice(cls.late, 1000.0, days_ago=60)   # due the same day: overdue now
        cls.quiet = cls.customer("Quiet")
        cls.invoice(cls.quiet, 1000.0, days_ago=400)
        cls.env.cr.execute(
            "UPDATE res_partner SET create_date = %s WHERE id = %s",
            (fields.Datetime.to_string(datetime.datetime.now() - datetime.timedelta(days=500)),
             cls.quiet.id))
        cls.loyal = cls.customer("Loyal")
        cls.loyal._cx_move_to_stage("loyalty")

    def stays(self, partner):
        return self.env["cx.lifecycle.history"].search(
            [("partner_id", "=", partner.id)], order="date_in, id")

    def test_rules_move_forward_to_the_latest_matching_stage(self):
        moved = self.Partner._cx_apply_lifecycle_rules()
        self.assertGreaterEqual(moved, 3)
        self.assertEqual(self.buyer.cx_stage_id, self.stage["sale"])
        # Posted (sale) and overdue (collection): the later stage wins, in one move.
        self.assertEqual(self.late.cx_stage_id, self.stage["collection"])
        self.assertEqual(len(self.stays(self.late)), 1)
        self.assertEqual(self.stays(self.late).rule, "overdue")
        # Sale first, then 400 days of silence: churned (latest of sale and churned).
        self.assertEqual(self.quiet.cx_stage_id, self.stage["churned"])
        # Loyal has an invoice-free loyalty stay: nothing moves it backwards.
        self.invoice(self.loyal, 500.0)
        self.Partner._cx_apply_lifecycle_rules()
        self.assertEqual(self.loyal.cx_stage_id, self.stage["loyalty"])
        # Idempotent: a second run moves nobody and logs nothing.
        before = self.env["cx.lifecycle.history"].search_count([])
        self.assertEqual(self.Partner._cx_apply_lifecycle_rules(), 0)
        self.assertEqual(self.env["cx.lifecycle.history"].search_count([]), before)

    def test_rule_switched_off(self):
        self.set_params(rule_overdue="0")
        self.Partner._cx_apply_lifecycle_rules()
        self.assertEqual(self.late.cx_stage_id, self.stage["sale"])

    def test_stay_closed_with_time_and_hand_move_backwards(self):
        self.Partner._cx_apply_lifecycle_rules()
        stay = self.stays(self.buyer)
        self.assertFalse(stay.date_out)
        # Two days in Sale, then moved back to Presale by hand.
        two_days_ago = datetime.datetime.now() - datetime.timedelta(days=2)
        stay.write({"date_in": fields.Datetime.to_string(two_days_ago)})
        self.buyer.with_context(cx_reason="Lost the deal").write(
            {"cx_stage_id": self.stage["presale"].id})
        first, second = self.stays(self.buyer)
        self.assertTrue(first.date_out)
        self.assertAlmostEqual(first.duration_days, 2.0, places=2)
        self.assertEqual((second.stage_id, second.previous_stage_id, second.rule,
                          second.reason, second.date_out),
                         (self.stage["presale"], self.stage["sale"], "manual",
                          "Lost the deal", False))
        self.assertEqual(self.buyer.cx_stage_id, self.stage["presale"])
        # Re-entering Sale by the rule is a new row.
        self.assertEqual(self.Partner._cx_apply_lifecycle_rules(), 1)
        self.assertEqual([stay.stage_id.code for stay in self.stays(self.buyer)],
                         ["sale", "presale", "sale"])
        times = {t.stage_id.code: t for t in self.buyer.cx_stage_time_ids}
        self.assertEqual(times["sale"].visits, 2)
        self.assertAlmostEqual(times["sale"].total_days, 2.0, places=2)

    def test_forward_only_api(self):
        self.assertFalse(self.loyal._cx_move_to_stage("sale", forward_only=True))
        self.assertEqual(self.loyal._cx_move_to_stage("churned", forward_only=True),
                         self.loyal)
        self.assertFalse(self.loyal._cx_move_to_stage("churned"))   # already there

    def test_opportunity_and_ticket_rules_when_apps_installed(self):
        prospect = self.customer("Prospect")
        if "crm.lead" in self.env:
            self.env["crm.lead"].create({"name": "Deal", "type": "opportunity",
                                         "partner_id": prospect.id})
            self.Partner._cx_apply_lifecycle_rules()
            self.assertEqual(prospect.cx_stage_id, self.stage["presale"])
        if "helpdesk.ticket" in self.env:
            self.env["helpdesk.ticket"].create({
                "name": "Broken", "description": "x", "partner_id": prospect.id})
            self.Partner._cx_apply_lifecycle_rules()
            self.assertEqual(prospect.cx_stage_id, self.stage["service"])

    def test_stage_statistics_view(self):
        partner = self.customer("Stats")
        now = datetime.datetime.now()
        History = self.env["cx.lifecycle.history"]
        # Three finished telemarketing stays of 1, 2 and 6 days: average 3, median 2.
        for start, days in ((30, 1), (20, 2), (10, 6)):
            History.create({
                "partner_id": partner.id, "stage_id": self.stage["telemarketing"].id,
                "date_in": fields.Datetime.to_string(now - datetime.timedelta(days=start)),
                "date_out": fields.Datetime.to_string(
                    now - datetime.timedelta(days=start - days))})
        self.env.cr.execute("DELETE FROM cx_lifecycle_history WHERE stage_id = %s "
                            "AND partner_id != %s",
                            (self.stage["telemarketing"].id, partner.id))
        stats = self.env["cx.lifecycle.stage.stats"].search(
            [("stage_id", "=", self.stage["telemarketing"].id)])
        self.assertEqual(stats.closed_stays, 3)
        self.assertAlmostEqual(stats.avg_days, 3.0, places=3)
        self.assertAlmostEqual(stats.median_days, 2.0, places=3)
