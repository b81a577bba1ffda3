# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import ValidationError

from .common import NpsCase


class TestNpsCampaign(NpsCase):

    def test_dispatch_creates_tokens_and_queues_mail(self):
        self.assertEqual(self.campaign.state, "running")
        self.assertEqual(self.campaign.audience_count, 5)
        invitations = self.campaign._dispatch_round()
        self.assertEqual(len(invitations), 5)
        self.assertEqual(set(invitations.mapped("partner_id").ids), set(self.partners.ids))
        self.assertEqual(len(set(invitations.mapped("token"))), 5)
        self.assertTrue(all(invitations.mapped("deadline")))
        mails = self.mails_for(invitations)
        self.assertEqual(len(mails), 5)
        self.assertEqual(set(mails.mapped("state")), {"outgoing"})
        one = invitations[0]
        mail = mails.filtered(lambda m: m.res_id == one.id)
        self.assertIn(one.partner_id.email, mail.email_to)
        for score in (0, 10):
            self.assertIn("/cx_nps/answer/%s/%d" % (one.token, score), mail.body_html)
        self.assertIn("/cx_nps/optout/%s" % one.token, mail.body_html)
        self.assertTrue(self.partners[0].cx_nps_last_invited)

    def test_mail_buttons_take_the_colour_of_their_category(self):
        invitation = self.campaign._dispatch_round()[0]
        body = self.mails_for(invitation).body_html
        expected = {0: "#c0392b", 6: "#c0392b", 7: "#e6a700", 8: "#e6a700",
                    9: "#27ae60", 10: "#27ae60"}  # red detractors, amber passives, green
        for score, colour in expected.items():
            link = 'href="%s"' % invitation.cx_nps_answer_url(score)
            button = body[body.index(link):body.index("</a>", body.index(link))]
            self.assertIn("background-color: %s" % colour, button, score)

    def test_no_second_send_after_pause_and_resume(self):
        first = self.campaign._dispatch_round()
        self.assertEqual(len(first), 5)
        self.campaign.action_pause()
        self.assertEqual(self.campaign.state, "paused")
        self.campaign.action_resume()
        self.assertEqual(self.campaign.state, "running")
        self.assertEqual(len(self.campaign._dispatch_round()), 0)
        self.campaign._cron_run()
        self.assertEqual(self.env["survey.user_input"].search_count(
            [("cx_nps_campaign_id", "=", self.campaign.id)]), 5)

    def test_frequency_rules(self):
        self.partners[0].cx_nps_opt_out = True
        # surveyed 10 days ago by another campaign: the global 90-day rule keeps it out
        self.partners[1].write({"cx_nps_last_invited": self.days_ago(10)})
        # surveyed 100 days ago: free again
        self.partners[2].write({"cx_nps_last_invited": self.days_ago(100)})
        self.campaign.daily_cap = 2
        self.campaign.action_preview_audience()
        self.assertEqual(self.campaign.preview_eligible, 3)
        invitations = self.campaign._dispatch_round()
        self.assertEqual(len(invitations), 2)
        self.assertNotIn(self.partners[0], invitations.mapped("partner_id"))
        self.assertNotIn(self.partners[1], invitations.mapped("partner_id"))
        # the cap is reached for today
        self.assertEqual(len(self.campaign._dispatch_round()), 0)

    def test_global_gap_is_configurable(self):
        self.partners.write({"cx_nps_last_invited": self.days_ago(10)})
        self.assertEqual(len(self.campaign._eligible_partner_ids()), 0)
        self.env["ir.config_parameter"].sudo().set_param("cx_nps_survey.global_gap_days", "7")
        self.assertEqual(len(self.campaign._eligible_partner_ids()), 5)

    def test_sampling(self):
        # 200 customers: a 40 % sample draws 80 on average, with a standard deviation of
        # sqrt(200 * 0.4 * 0.6) = 6.9; 4.5 deviations either side (49 to 111) fail a
        # correct sampler once in 100,000 runs, and an empty or a full sample always.
        crowd = self.env["res.partner"]
        for index in range(200):
            crowd |= crowd.create({"name": "NPS crowd %d" % index,
                                   "email": "crowd%d@example.com" % index, "customer": True})
        self.campaign.write({"partner_domain": "[('id', 'in', %s)]" % crowd.ids,
                             "sample_percent": 40})
        picked = self.campaign._eligible_partner_ids()
        self.assertTrue(49 <= len(picked) <= 111, len(picked))
        self.assertLessEqual(set(picked), set(crowd.ids))
        # the same sample when drawn again (a paused and resumed campaign)
        self.assertEqual(picked, self.campaign._eligible_partner_ids())
        # at 100 % everyone
        self.campaign.sample_percent = 100
        self.assertEqual(set(self.campaign._eligible_partner_ids()), set(crowd.ids))

    def test_reminders_once(self):
        invitations = self.campaign._dispatch_round()
        invitations.write({"cx_nps_sent_date": self.days_ago(6)})
        answered = invitations[0]
        answered._cx_record_score(9)
        sent = self.env["survey.user_input"]._cx_send_reminders()
        self.assertEqual(sent, 4)
        self.assertEqual(answered.cx_nps_reminder_count, 0)
        self.assertEqual(invitations[1].cx_nps_reminder_count, 1)
        self.assertEqual(len(self.mails_for(invitations[1])), 2)
        # reminder_max = 1: never a second one
        invitations.write({"cx_nps_last_reminder": self.days_ago(6)})
        self.assertEqual(self.env["survey.user_input"]._cx_send_reminders(), 0)

    def test_transactional_trigger(self):
        campaign = self.env["cx.nps.campaign"].create({
            "name": "After ticket", "kind": "transactional", "trigger": "ticket_closed",
            "partner_domain": "[('id', 'in', %s)]" % self.partners.ids, "min_gap_days": 30,
        })
        Campaign = self.env["cx.nps.campaign"]
        self.assertFalse(Campaign._cx_trigger("ticket_closed", self.partners[3]))
        campaign.action_schedule()
        created = Campaign._cx_trigger("ticket_closed", self.partners[3], self.partners[4])
        self.assertEqual(created.mapped("partner_id"), self.partners[3])
        self.assertEqual(created.cx_nps_campaign_id, campaign)
        self.assertEqual(created.cx_nps_source_model, "res.partner")
        self.assertEqual(len(self.mails_for(created)), 1)
        # within the gap: not again; other trigger: nothing
        self.assertFalse(Campaign._cx_trigger("ticket_closed", self.partners[3]))
        self.assertFalse(Campaign._cx_trigger("invoice_posted", self.partners[2]))

    def test_bad_configuration_refused(self):
        with self.assertRaises(ValidationError):
            self.env["cx.nps.campaign"].create({
                "name": "No trigger", "kind": "transactional"})
        with self.assertRaises(ValidationError):
            self.env["cx.nps.campaign"].create({
                "name": "Bad domain", "partner_domain": "[('nope', '=', 1)]"})

    def test_email_in_the_partners_language(self):
        if not self.env["res.lang"].search([("code", "=", "es_ES"), ("active", "=", True)]):
            self.skipTest("Spanish is not loaded in this database")
        self.partners[0].lang = "es_ES"
        self.partners[1].lang = False
        self.partners[2].lang = "en_US"
        # a customer without a language reads the company's (Spanish here), not English
        self.env.user.company_id.partner_id.lang = "es_ES"
        invitations = self.campaign._dispatch_round()
        for index in (0, 1):
            mail = self.mails_for(invitations.filtered(
                lambda i: i.partner_id == self.partners[index]))
            self.assertIn("¿nos recomendaría?", mail.subject)
            self.assertIn("Haga clic en un número", mail.body_html)
        english = self.mails_for(invitations.filtered(
            lambda i: i.partner_id == self.partners[2]))
        self.assertIn("would you recommend us?", english.subject)
        self.assertNotIn("Haga clic en un número", english.body_html)

    def test_posted_customer_invoice_fires_the_campaign(self):
        campaign = self.env["cx.nps.campaign"].create({
            "name": "After invoice", "kind": "transactional", "trigger": "invoice_posted",
            "partner_domain": "[('id', 'in', %s)]" % self.partners.ids})
        campaign.action_schedule()
        Account = self.env["account.account"]
        receivable = Account.create({
            "code": "NPS411", "name": "NPS receivable", "reconcile": True,
            "user_type_id": self.env.ref("account.data_account_type_receivable").id})
        income = Account.create({
            "code": "NPS701", "name": "NPS income",
            "user_type_id": self.env.ref("account.data_account_type_revenue").id})
        journal = self.env["account.journal"].create({
            "name": "NPS sales", "code": "NPSJ", "type": "sale",
            "default_debit_account_id": income.id, "default_credit_account_id": income.id})
        invoice = self.env["account.invoice"].create({
            "partner_id": self.partners[2].id, "account_id": receivable.id,
            "journal_id": journal.id, "type": "out_invoice", "payment_term_id": False,
            "fiscal_position_id": False, "partner_bank_id": False,
            "currency_id": self.env.user.company_id.currency_id.id,
            "invoice_line_ids": [(0, 0, {"name": "Service", "quantity": 1,
                                         "price_unit": 100.0, "account_id": income.id})]})
        invoice.action_invoice_open()
        self.assertEqual(invoice.state, "open")
        invitations = self.env["survey.user_input"].search(
            [("cx_nps_campaign_id", "=", campaign.id)])
        self.assertEqual(invitations.mapped("partner_id"), self.partners[2])
        self.assertEqual((invitations.cx_nps_source_model, invitations.cx_nps_source_id),
                         ("account.invoice", invoice.id))
