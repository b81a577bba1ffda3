# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64

import xlrd

from odoo.exceptions import AccessError, UserError

from .common import NpsCase


class TestNpsResponse(NpsCase):

    @classmethod
    def setUpClass(cls):
        super(TestNpsResponse, cls).setUpClass()
        cls.invitations = cls.campaign._dispatch_round()
        cls.question = cls.survey._cx_nps_question()

    def invitation(self, index):
        return self.invitations.filtered(lambda i: i.partner_id == self.partners[index])

    def answer_on_page(self, invitation, score, comment):
        """What the survey page stores, then the sync the controller runs."""
        Line = self.env["survey.user_input_line"]
        label = self.question.labels_ids.filtered(lambda l: l.cx_nps_score == score)
        answer_tag = "%s_%s_%s" % (self.survey.id, self.question.page_id.id, self.question.id)
        Line.save_lines(invitation.id, self.question, {answer_tag: str(label.id)}, answer_tag)
        why = self.survey._cx_nps_comment_question()
        why_tag = "%s_%s_%s" % (self.survey.id, why.page_id.id, why.id)
        Line.save_lines(invitation.id, why, {why_tag: comment}, why_tag)
        invitation.write({"state": "done"})
        return invitation._cx_nps_sync()

    def test_zero_is_a_valid_mandatory_answer(self):
        self.assertTrue(self.question.constr_mandatory)
        label = self.question.labels_ids.filtered(lambda l: l.cx_nps_score == 0)
        tag = "x"
        self.assertEqual(self.question.validate_question({tag: str(label.id)}, tag), {})
        # a forged label id (not one of the 0-10 choices) is refused
        errors = self.question.validate_question({tag: "999999"}, tag)
        self.assertIn(tag, errors)
        self.assertEqual(len(self.question.labels_ids), 11)

    def test_one_click_then_comment_updates_the_same_response(self):
        invitation = self.invitation(0)
        response = invitation._cx_record_score(0)
        self.assertEqual((response.score, response.category, response.channel),
                         (0, "detractor", "email_click"))
        self.assertEqual(response.partner_id, self.partners[0])
        self.assertEqual(response.campaign_id, self.campaign)
        self.assertEqual(response.nps_value, -100)
        # follow-up for the account manager, with a deadline 2 days after the answer
        self.assertEqual(response.followup_state, "open")
        activity = response.followup_ref
        self.assertEqual(activity._name, "mail.activity")
        self.assertEqual(activity.user_id, self.manager)
        self.assertTrue(activity.date_deadline)
        # the customer changes its mind on the survey page and adds a comment; the page
        # records the answer only, the job of every minute applies the rest
        again = self.answer_on_page(invitation, 9, "Buen servicio")
        self.assertEqual(again, response)
        self.assertEqual(self.env["cx.nps.response"].search_count(
            [("user_input_id", "=", invitation.id)]), 1)
        self.assertEqual((response.score, response.category, response.comment),
                         (9, "promoter", "Buen servicio"))
        self.assertTrue(response.cx_todo)
        self.assertEqual(self.partners[0].cx_nps_last_score, 0)
        self.assertEqual(self.env["cx.nps.response"]._cron_apply_answers(), 1)
        # no longer a detractor: the call-back is closed, not created twice
        self.assertEqual(self.env["mail.activity"].search_count([
            ("res_model", "=", "cx.nps.response"), ("res_id", "=", response.id)]), 0)
        self.assertEqual(response.followup_state, "cancelled")
        # partner: latest score and satisfaction index (10 x score)
        partner = self.partners[0]
        self.assertEqual(partner.cx_nps_last_score, 9)
        self.assertEqual(partner.cx_nps_last_category, "promoter")
        self.assertTrue(partner.cx_has_satisfaction)
        self.assertEqual(partner.cx_satisfaction_index, 90.0)
        # one interaction logged on the NPS touchpoint, updated not duplicated
        interactions = self.env["cx.interaction"].search([
            ("res_model", "=", "cx.nps.response"), ("res_id", "=", response.id)])
        self.assertEqual(len(interactions), 1)
        self.assertEqual(interactions.score, 9.0)
        self.assertEqual(interactions.touchpoint_id.code, "nps_survey")

    def test_bad_input_touches_nothing(self):
        invitation = self.invitation(1)
        for bad in (11, -1, "x"):
            with self.assertRaises(UserError):
                invitation._cx_record_score(bad)
        invitation.write({"date_create": self.days_ago(40), "deadline": self.days_ago(1)})
        self.assertEqual(invitation.with_context(lang="en_US")._cx_check_open(),
                         "This survey link has expired.")
        with self.assertRaises(UserError):
            invitation._cx_record_score(5)
        other = self.env["survey.survey"].create({"title": "Other survey"})
        self.assertEqual(self.invitation(2).with_context(lang="en_US")._cx_check_open(other),
                         "This survey link belongs to another survey.")
        self.assertFalse(self.env["cx.nps.response"].search(
            [("user_input_id", "in", self.invitations.ids)]))
        self.assertFalse(invitation.user_input_line_ids)

    def test_latest_answer_and_history(self):
        Response = self.env["cx.nps.response"]
        partner = self.partners[2]
        old = Response.create({"partner_id": partner.id, "score": 3,
                               "date": self.days_ago(200)})
        self.assertTrue(old.is_latest)
        new = self.invitation(2)._cx_record_score(10)
        old.invalidate_cache()
        self.assertFalse(old.is_latest)
        self.assertTrue(new.is_latest)
        self.assertEqual(partner.cx_nps_response_count, 2)
        # the index weighs both answers, the old one less (half-life 180 days): the 3
        # of 200 days ago weighs 0.5 ** (200 / 180) = 0.4629, the 10 of today 1, so
        # (100 + 30 x 0.4629) / 1.4629 = 77.85, rounded to one decimal 77.8
        self.assertEqual(partner.cx_satisfaction_index, 77.8)
        # an older answer entered afterwards does not become the latest
        Response.create({"partner_id": partner.id, "score": 0, "date": self.days_ago(300)})
        self.assertEqual(partner.cx_nps_last_score, 10)

    def test_outcome_recorded(self):
        response = self.invitation(1)._cx_record_score(4)
        activity = response.followup_ref
        self.record_call(response, "contacted")
        self.assertEqual(response.followup_state, "contacted")
        self.assertFalse(activity.exists())
        self.assertLess(response.followup_days, 0.1)
        self.record_call(response, "resolved")
        self.assertEqual(response.followup_state, "resolved")

    def test_promoter_email_once(self):
        self.campaign.promoter_template_id = self.env.ref(
            "cx_nps_survey.mail_template_nps_promoter")
        response = self.invitation(3)._cx_record_score(10)
        mails = self.env["mail.mail"].search([("model", "=", "cx.nps.response"),
                                              ("res_id", "=", response.id)])
        self.assertEqual(len(mails), 1)
        self.assertEqual(mails.state, "outgoing")
        response.write({"score": 9})
        self.assertEqual(self.env["mail.mail"].search_count([
            ("model", "=", "cx.nps.response"), ("res_id", "=", response.id)]), 1)
        self.assertFalse(response.followup_state)

    def test_statistics_and_export(self):
        # scores 10, 9, 7, 3 on 4 of 5 invitations:
        # 2 promoters, 1 passive, 1 detractor -> NPS = (2 - 1) / 4 = 25;
        # adjusted-Wald: n' = 7, p' = 2.75/7 = 0.392857, d' = 1.75/7 = 0.25,
        # 0.642857 - 0.142857^2 = 0.622449, Var = 10000 * 0.622449 / 7 = 889.21,
        # margin = 1.96 * 29.820 = 58.45; response rate 4 / 5 = 80 %.
        for index, score in enumerate((10, 9, 7, 3)):
            self.invitation(index)._cx_record_score(score)
        stats = self.env["cx.nps.response"].cx_nps_stats(
            [("campaign_id", "=", self.campaign.id)], "campaign")
        self.assertEqual(len(stats), 1)
        row = stats[0]
        self.assertEqual((row["n"], row["promoters"], row["passives"], row["detractors"]),
                         (4, 2, 1, 1))
        self.assertEqual(row["nps"], 25.0)
        self.assertAlmostEqual(row["margin"], 58.45, places=2)
        self.assertEqual(row["invitations"], 5)
        self.assertEqual(row["response_rate"], 80.0)
        self.assertEqual(self.campaign.nps, 25.0)
        self.assertEqual(self.campaign.response_rate, 80.0)
        analysis = self.env["cx.nps.analysis"]
        domain = [("campaign_id", "in", self.campaign.ids)]
        report = analysis.cx_report(domain, ["campaign_id"])
        total = report["total"]
        self.assertEqual((total["nps"], total["n"], total["invitations"]), (25.0, 4, 5))
        self.assertAlmostEqual(total["margin"], 58.45, places=2)
        self.assertEqual(report["loop"]["count"], 1)
        self.assertEqual([row["nps"] for row in report["rows"]], [25.0])
        # the file shows the same figures
        action = analysis.cx_export_xlsx(domain, ["campaign_id"])
        attachment = self.env["ir.attachment"].browse(int(action["url"].split("/")[3].split("?")[0]))
        book = xlrd.open_workbook(file_contents=base64.b64decode(attachment.datas))
        summary = book.sheet_by_index(0)
        self.assertEqual(summary.cell_value(1, 1), 4)
        self.assertEqual(summary.cell_value(1, 8), 25.0)
        self.assertEqual(summary.cell_value(1, 9), round(total["margin"], 1))
        self.assertEqual(summary.cell_value(1, 10), 5)
        responses = book.sheet_by_index(1)
        self.assertEqual(responses.nrows, 5)
        self.assertEqual(sorted(responses.col_values(3)[1:]), [3, 7, 9, 10])

    def test_record_rules(self):
        mine = self.invitation(0)._cx_record_score(8)
        theirs = self.invitation(3)._cx_record_score(8)
        as_user = self.env["cx.nps.response"].sudo(self.manager)
        visible = as_user.search([("id", "in", (mine | theirs).ids)])
        self.assertEqual(visible, mine)
        with self.assertRaises(AccessError):
            as_user.browse(theirs.id).read(["score"])

    def test_detractor_ticket_when_helpdesk_is_there(self):
        if "helpdesk.ticket" not in self.env:
            self.skipTest("helpdesk_mgmt is not installed")
        self.campaign.followup_mode = "ticket"
        response = self.invitation(4)._cx_record_score(1)
        ticket = response.followup_ref
        self.assertEqual(ticket._name, "helpdesk.ticket")
        self.assertEqual(ticket.partner_id, self.partners[4])
        self.assertEqual(response.followup_state, "open")
        self.assertEqual(self.env["helpdesk.ticket"].search_count(
            [("partner_id", "=", self.partners[4].id)]), 1)

    def test_finished_answer_is_not_replayed(self):
        invitation = self.invitation(1)
        self.answer_on_page(invitation, 3, "first")
        self.assertEqual(invitation.with_context(lang="en_US")._cx_check_open(),
                         "This survey has already been answered. Thank you!")
        with self.assertRaises(UserError):
            invitation._cx_record_score(10)
        response = self.env["cx.nps.response"].search([("user_input_id", "=", invitation.id)])
        self.assertEqual((response.score, response.comment), (3, "first"))

    def test_comment_length_is_bounded(self):
        why = self.survey._cx_nps_comment_question()
        tag = "t"
        self.assertEqual(why.validate_question({tag: "x" * 2000}, tag), {})
        self.assertIn(tag, why.validate_question({tag: "x" * 2001}, tag))

    def test_field_left_out_of_the_form_is_an_error(self):
        why = self.survey._cx_nps_comment_question()
        self.assertEqual(why.with_context(lang="en_US").validate_question({}, "t"), {
            "t": "This form is incomplete. Please reload the page and answer again."})
        # an empty comment is still a valid answer: the "why?" is optional
        self.assertEqual(why.validate_question({"t": ""}, "t"), {})

    def test_invitations_locked_for_other_users(self):
        portal = self.env["res.users"].create({
            "name": "Portal NPS", "login": "nps_portal@example.com",
            "groups_id": [(6, 0, [self.env.ref("base.group_portal").id])]})
        invitation = self.invitation(0).sudo(portal)
        with self.assertRaises(AccessError):
            invitation.write({"state": "done"})
        with self.assertRaises(AccessError):
            self.env["survey.user_input"].sudo(portal).create({
                "survey_id": self.survey.id, "cx_nps_campaign_id": self.campaign.id})
        self.assertEqual(self.invitation(0).state, "new")

    def test_comment_stays_on_the_answer_not_in_the_followup(self):
        invitation = self.invitation(2)
        invitation._cx_record_score(1)
        hostile = '<script>alert(1)</script>Pésimo <img src=x onerror="alert(2)">y lento'
        self.answer_on_page(invitation, 2, hostile)
        response = self.env["cx.nps.response"].search([("user_input_id", "=", invitation.id)])
        # every employee reads every activity: the follow-up links to the answer (whose
        # rules decide who reads the comment) and copies neither the comment nor its
        # markup, even when the comment comes after the one-click score
        note = response.followup_ref.note
        for copied in ("Pésimo", "y lento", "<script", "onerror", "<img", "src=x"):
            self.assertNotIn(copied, note)
        self.assertNotIn("NPS 1", response.followup_ref.summary)
        self.assertEqual(response.comment, hostile)
