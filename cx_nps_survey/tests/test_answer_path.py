# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The light answer path and the job that applies what an answer sets off, with real
records: the answer writes the survey line and the response only; the job applies
the interaction, the latest score, the satisfaction index and quadrant, the follow-up
and the promoter email, once, following the final answer."""
import datetime

from odoo import fields
from odoo.exceptions import AccessError

from odoo.addons.cx_experience import locks

from ..domain import answer_guard as guard
from .common import NpsCase


class TestAnswerPath(NpsCase):

    @classmethod
    def setUpClass(cls):
        super(TestAnswerPath, cls).setUpClass()
        cls.campaign.promoter_template_id = cls.env.ref(
            "cx_nps_survey.mail_template_nps_promoter")
        cls.invitations = cls.campaign._dispatch_round()
        cls.Response = cls.env["cx.nps.response"]
        cls.cx_manager = cls.env["res.users"].create({
            "name": "CX manager audit", "login": "nps_audit_mgr@example.com",
            "groups_id": [(6, 0, [cls.env.ref("cx_experience.group_cx_manager").id])]})

    def invitation(self, index):
        return self.invitations.filtered(lambda i: i.partner_id == self.partners[index])

    def counts(self, response):
        """What the side effects leave behind for one answer."""
        return {
            "activities": self.env["mail.activity"].search_count([
                ("res_model", "=", "cx.nps.response"), ("res_id", "=", response.id)]),
            "interactions": self.env["cx.interaction"].search_count([
                ("res_model", "=", "cx.nps.response"), ("res_id", "=", response.id)]),
            "promoter_mails": self.env["mail.mail"].search_count([
                ("model", "=", "cx.nps.response"), ("res_id", "=", response.id)]),
        }

    def visit(self, invitation, first, final):
        """The visit that answered: it may correct until ``final`` (a datetime)."""
        self.env.cr.execute("""
            UPDATE survey_user_input SET cx_nps_visit_key = 'v', cx_nps_visit_seq = 0,
                   cx_nps_answered_date = %s, cx_nps_final_date = %s WHERE id = %s""",
                            (first, final, invitation.id))
        invitation.invalidate_cache()

    def test_light_path_records_the_answer_only(self):
        invitation = self.invitation(0)
        partner = self.partners[0]
        response = invitation._cx_record_light(2)
        self.assertEqual((response.score, response.category, response.nps_value,
                          response.channel), (2, "detractor", -100, "email_click"))
        self.assertEqual((response.partner_id, response.campaign_id, response.company_id),
                         (partner, self.campaign, self.campaign.company_id))
        self.assertEqual(response.touchpoint_id.code, "nps_survey")
        self.assertTrue(response.cx_todo)
        lines = invitation.user_input_line_ids
        self.assertEqual(lines.mapped("value_suggested.cx_nps_score"), [2])
        self.assertEqual(invitation.state, "done")  # the survey has one page
        # nothing else yet
        self.assertEqual(self.counts(response), {"activities": 0, "interactions": 0,
                                                 "promoter_mails": 0})
        self.assertFalse(partner.cx_has_satisfaction)
        self.assertFalse(response.followup_state)
        # the same link again replaces the line and updates the same response
        again = invitation._cx_record_light(4)
        self.assertEqual(again, response)
        self.assertEqual(invitation.user_input_line_ids.mapped("value_suggested.cx_nps_score"),
                         [4])
        self.assertEqual(self.Response.search_count([("user_input_id", "=", invitation.id)]), 1)

    def test_job_applies_once(self):
        invitation = self.invitation(1)  # customer of self.manager
        response = invitation._cx_record_light(3)
        self.assertEqual(self.Response._cron_apply_answers(), 1)
        self.assertEqual(self.counts(response), {"activities": 1, "interactions": 1,
                                                 "promoter_mails": 0})
        partner = self.partners[1]
        self.assertEqual((partner.cx_nps_last_score, partner.cx_nps_last_category),
                         (3, "detractor"))
        self.assertEqual(partner.cx_satisfaction_index, 30.0)
        self.assertEqual(partner.cx_quadrant, "precarious")  # 30 < 70, no revenue
        self.assertTrue(response.is_latest)
        self.assertFalse(response.cx_todo)
        self.assertEqual(response.followup_ref.user_id, self.manager)
        # a second run finds nothing to do
        self.assertEqual(self.Response._cron_apply_answers(), 0)
        self.assertEqual(self.counts(response), {"activities": 1, "interactions": 1,
                                                 "promoter_mails": 0})

    def test_job_under_a_lock_held_elsewhere_does_nothing(self):
        response = self.invitation(2)._cx_record_light(5)
        with self.registry.cursor() as other:
            other.execute("SELECT pg_try_advisory_lock(%s, %s)", locks.NPS_ANSWER_JOB)
            self.assertTrue(other.fetchone()[0])
            try:
                self.assertEqual(self.Response._cron_apply_answers(), 0)
            finally:
                other.execute("SELECT pg_advisory_unlock(%s, %s)", locks.NPS_ANSWER_JOB)
        self.assertTrue(response.cx_todo)
        self.assertEqual(self.counts(response)["interactions"], 0)
        self.assertEqual(self.Response._cron_apply_answers(), 1)
        self.assertFalse(response.cx_todo)

    def test_loop_follows_the_final_answer(self):
        invitation = self.invitation(3)
        partner = self.partners[3]
        now = datetime.datetime.utcnow()
        self.visit(invitation, now, now + datetime.timedelta(minutes=30))
        response = invitation._cx_record_light(2)
        self.Response._cron_apply_answers()
        self.assertEqual(response.followup_state, "open")
        first_activity = response.followup_ref
        self.assertEqual(self.counts(response)["activities"], 1)
        # the same visit corrects 2 -> 9: the call-back is closed, index 90
        invitation._cx_record_light(9)
        self.Response._cron_apply_answers()
        self.assertEqual(response.followup_state, "cancelled")
        self.assertFalse(first_activity.exists())
        self.assertEqual(partner.cx_satisfaction_index, 90.0)
        interaction = self.env["cx.interaction"].search([
            ("res_model", "=", "cx.nps.response"), ("res_id", "=", response.id)])
        self.assertEqual((len(interaction), interaction.score), (1, 9.0))
        # a promoter, but the visit may still change it: no email yet
        self.assertTrue(response.cx_mail_pending)
        self.assertEqual(self.counts(response)["promoter_mails"], 0)
        # ... and it does, back to 3: the follow-up is opened again, the promoter
        # email is never sent for the 9 that was replaced
        invitation._cx_record_light(3)
        self.Response._cron_apply_answers()
        self.assertEqual(response.followup_state, "open")
        self.assertEqual(self.counts(response)["activities"], 1)
        self.assertNotEqual(response.followup_ref, first_activity)
        self.assertFalse(response.cx_mail_pending)
        self.assertEqual(partner.cx_satisfaction_index, 30.0)
        self.assertEqual(partner.cx_nps_last_score, 3)
        # time passes: the answer is final; still no promoter email (3 is final)
        self.visit(invitation, now, now - datetime.timedelta(seconds=1))
        self.Response._cron_apply_answers()
        self.assertEqual(self.counts(response)["promoter_mails"], 0)

    def test_promoter_email_once_the_answer_is_final(self):
        invitation = self.invitation(4)
        now = datetime.datetime.utcnow()
        self.visit(invitation, now, now + datetime.timedelta(minutes=30))
        response = invitation._cx_record_light(10)
        self.Response._cron_apply_answers()
        self.assertEqual(self.counts(response)["promoter_mails"], 0)
        self.assertTrue(response.cx_mail_pending)
        self.visit(invitation, now, now - datetime.timedelta(seconds=1))
        self.Response._cron_apply_answers()
        self.assertEqual(self.counts(response)["promoter_mails"], 1)
        self.assertTrue(response.promoter_mail_sent)
        self.assertFalse(response.cx_mail_pending)
        self.Response._cron_apply_answers()
        self.assertEqual(self.counts(response)["promoter_mails"], 1)

    def test_ticket_followup_gets_notes_not_closed(self):
        if "helpdesk.ticket" not in self.env:
            self.skipTest("helpdesk_mgmt is not installed")
        self.campaign.followup_mode = "ticket"
        invitation = self.invitation(0)
        response = invitation._cx_record_light(1)
        self.Response._cron_apply_answers()
        ticket = response.followup_ref
        self.assertEqual(ticket._name, "helpdesk.ticket")
        notes = len(ticket.message_ids)
        invitation._cx_record_light(8)
        self.Response._cron_apply_answers()
        self.assertEqual(response.followup_state, "cancelled")
        self.assertEqual(response.followup_ref, ticket)
        self.assertFalse(ticket.closed)
        self.assertEqual(len(ticket.message_ids), notes + 1)
        self.assertEqual(ticket.message_ids[0].subtype_id, self.env.ref("mail.mt_note"))
        invitation._cx_record_light(0)
        self.Response._cron_apply_answers()
        self.assertEqual((response.followup_state, response.followup_ref), ("open", ticket))
        self.assertEqual(self.env["helpdesk.ticket"].search_count(
            [("partner_id", "=", self.partners[0].id)]), 1)

    def test_audit_is_append_only_and_for_managers(self):
        invitation = self.invitation(0)
        Audit = self.env["cx.nps.answer.audit"]
        verdict = guard.Verdict(guard.VERDICT_AUTOMATED, guard.REASON_HEAD)
        for _i in range(2):
            Audit._cx_log(invitation, guard.KIND_HEAD, verdict, score=3, user_agent="x")
        Audit._cx_log(invitation, guard.KIND_CONFIRM,
                      guard.Verdict(guard.VERDICT_REFUSED, guard.REASON_ANSWERED))
        Audit._cx_log(self.invitation(1), guard.KIND_HONEYPOT,
                      guard.Verdict(guard.VERDICT_AUTOMATED, guard.REASON_HONEYPOT))
        Audit._cx_log(self.invitation(1), guard.KIND_VIEW,
                      guard.Verdict(guard.VERDICT_SHOWN, guard.REASON_PAGE))
        self.campaign.invalidate_cache()
        manager_view = self.campaign.sudo(self.cx_manager)
        # two invitations opened by a scanner; 3 automated + 1 refused not counted
        self.assertEqual((manager_view.scanner_link_count, manager_view.blocked_request_count),
                         (2, 4))
        rows = Audit.sudo(self.cx_manager).search([("user_input_id", "=", invitation.id)])
        self.assertEqual(sorted(rows.mapped("reason")), ["answered", "head", "head"])
        with self.assertRaises(AccessError):
            rows[0].write({"verdict": "counted"})
        with self.assertRaises(AccessError):
            rows[0].unlink()
        with self.assertRaises(AccessError):
            Audit.sudo(self.cx_manager).create({
                "kind": "view", "verdict": "counted", "reason": "first"})
        # a CX user reads the campaign, not the log, nor its figures
        user_view = self.campaign.sudo(self.manager)
        self.assertEqual((user_view.scanner_link_count, user_view.blocked_request_count),
                         (0, 0))
        with self.assertRaises(AccessError):
            Audit.sudo(self.manager).search([])
        with self.assertRaises(AccessError):
            self.campaign.sudo(self.manager).action_view_answer_audit()
        action = self.campaign.sudo(self.cx_manager).action_view_answer_audit()
        self.assertEqual(action["domain"], [("campaign_id", "=", self.campaign.id)])
        self.assertEqual(action["context"], {"search_default_not_counted": 1})

    def test_history_reads_the_openings_around_a_moment(self):
        invitation = self.invitation(2)
        Audit = self.env["cx.nps.answer.audit"]
        now = datetime.datetime.utcnow().replace(microsecond=0)
        shown = guard.Verdict(guard.VERDICT_SHOWN, guard.REASON_PAGE)
        for seconds, score in ((-25, 1), (-5, 2), (0, 3), (12, 4)):
            Audit._cx_log(invitation, guard.KIND_VIEW, shown, score=score,
                          now=now + datetime.timedelta(seconds=seconds))
        Audit._cx_log(invitation, guard.KIND_CONFIRM,
                      guard.Verdict(guard.VERDICT_COUNTED, guard.REASON_FIRST), score=3, now=now)
        history = Audit._cx_history(invitation.id, now)
        # within 10 s, openings only (the confirmation is not an opening)
        self.assertEqual(sorted(e.score for e in history), [2, 3])
        epoch = (now - datetime.datetime(1970, 1, 1)).total_seconds()
        self.assertEqual(sorted(e.at - epoch for e in history), [-5.0, 0.0])
        # two scores around the moment: no burst yet; one more within the window is one
        self.assertFalse(guard.in_burst(history, epoch))
        Audit._cx_log(invitation, guard.KIND_VIEW, shown, score=7,
                      now=now + datetime.timedelta(seconds=8))
        self.assertTrue(guard.in_burst(Audit._cx_history(invitation.id, now), epoch))
        self.assertEqual(fields.Datetime.to_string(now)[:4], str(now.year))

    def test_one_run_applies_a_mixed_batch_once(self):
        """One run of the set-based job over answers that need different things: new
        detractors (a call-back each, for the account manager), a promoter, a
        passive; then a run with a correction that closes one call-back and another
        that reopens one."""
        invitations = [self.invitation(i) for i in range(4)]
        scores = [2, 3, 9, 7]
        responses = [inv._cx_record_light(s) for inv, s in zip(invitations, scores)]
        self.assertEqual(self.Response._cx_apply_answers(), 4)
        counts = [self.counts(r) for r in responses]
        self.assertEqual([c["activities"] for c in counts], [1, 1, 0, 0])
        self.assertEqual([c["interactions"] for c in counts], [1, 1, 1, 1])
        self.assertEqual([r.followup_state for r in responses], ["open", "open", False, False])
        # customers 0 and 1 have self.manager as account manager; 2 and 3 none: the
        # campaign's responsible (none here), else the engine
        self.assertEqual([r.followup_ref.user_id for r in responses[:2]], [self.manager] * 2)
        self.assertEqual([r.followup_user_id for r in responses[:2]], [self.manager] * 2)
        self.assertEqual(responses[0].followup_ref.summary,
                         "NPS follow-up: call back %s" % self.partners[0].display_name)
        self.assertEqual(responses[0].followup_ref.res_name, self.partners[0].display_name)
        deadline = fields.Datetime.from_string(responses[0].date).date() + \
            datetime.timedelta(days=self.campaign.followup_days)
        self.assertEqual(responses[0].followup_deadline, fields.Date.to_string(deadline))
        # the assignee follows the answer, as the ORM's activity does
        self.assertIn(self.manager.partner_id, responses[0].message_partner_ids)
        self.assertEqual([p.cx_satisfaction_index for p in self.partners[:4]],
                         [20.0, 30.0, 90.0, 70.0])
        self.assertEqual([p.cx_nps_last_score for p in self.partners[:4]], scores)
        self.assertEqual([p.cx_nps_last_category for p in self.partners[:4]],
                         ["detractor", "detractor", "promoter", "passive"])
        self.assertEqual(self.partners[0].cx_satisfaction_date, responses[0].date)
        self.assertEqual([r.cx_mail_pending for r in responses], [False, False, True, False])
        # the interactions the job inserted are those the ORM would have made
        interaction = responses[0].interaction_id
        orm = self.env["cx.interaction"].create({
            "name": "NPS answer: 2", "summary_template": "NPS answer: %(score)s",
            "summary_args": '{"score": 2}', "partner_id": self.partners[0].id,
            "touchpoint_id": responses[0].touchpoint_id.id, "date": responses[0].date,
            "score": 2.0, "res_model": "cx.nps.response", "res_id": responses[0].id,
            "company_id": responses[0].company_id.id, "note": False, "has_score": True})
        compared = ["name", "summary_template", "summary_args", "summary", "partner_id",
                    "touchpoint_id", "channel", "info_kind", "stage_id", "date", "has_score",
                    "score", "res_model", "res_id", "user_id", "company_id", "note"]
        self.assertEqual(interaction.read(compared)[0], dict(orm.read(compared)[0],
                                                             id=interaction.id))
        orm.unlink()
        self.assertEqual(interaction.with_context(lang="es_ES").summary,
                         "Respuesta NPS: 2")
        # run 2: customer 0 corrects 2 -> 9 (its call-back closed), 3 corrects 7 -> 8
        first_call = responses[0].followup_ref
        invitations[0]._cx_record_light(9)
        invitations[3]._cx_record_light(8)
        self.assertEqual(self.Response._cx_apply_answers(), 2)
        self.assertEqual(responses[0].followup_state, "cancelled")
        self.assertFalse(first_call.exists())
        self.assertIn("Not needed any more", "".join(responses[0].message_ids.mapped("body")))
        self.assertEqual((responses[0].interaction_id, responses[0].interaction_id.score),
                         (interaction, 9.0))
        self.assertEqual(self.counts(responses[3])["interactions"], 1)
        # run 3: customer 0 back to 4 (reopened: a new call-back), 1 to 10 (closed)
        invitations[0]._cx_record_light(4)
        invitations[1]._cx_record_light(10)
        self.assertEqual(self.Response._cx_apply_answers(), 2)
        self.assertEqual([r.followup_state for r in responses[:2]], ["open", "cancelled"])
        self.assertEqual([self.counts(r)["activities"] for r in responses[:2]], [1, 0])
        self.assertNotEqual(responses[0].followup_ref, first_call)
        self.assertEqual([p.cx_satisfaction_index for p in self.partners[:4]],
                         [40.0, 100.0, 90.0, 80.0])
        self.assertEqual([self.counts(r)["interactions"] for r in responses], [1, 1, 1, 1])
        # and a run with nothing flagged does nothing
        self.assertEqual(self.Response._cx_apply_answers(), 0)
