# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The follow-up that records the call (wizard, root cause, outcome), its texts in the
reader's language, the strategic-detractor escalation, the detractor queue and the NPS
answers on the customer timeline, over the ORM with real users."""
import datetime

from odoo.exceptions import AccessError, UserError
from odoo.tools.safe_eval import safe_eval

from .common import NpsCase


class TestFollowup(NpsCase):

    @classmethod
    def setUpClass(cls):
        super(TestFollowup, cls).setUpClass()
        Users = cls.env["res.users"].with_context(no_reset_password=True)
        cx_user = cls.env.ref("cx_experience.group_cx_user")

        def user(login, lang, group=cx_user):
            return Users.create({"name": login, "login": login, "lang": lang,
                                 "email": "%s@example.com" % login,
                                 "groups_id": [(6, 0, [group.id])]})
        cls.es_owner = user("fu_es_owner", "es_ES")
        cls.en_owner = user("fu_en_owner", "en_US")
        cls.other = user("fu_other", "en_US")
        cls.lead = user("fu_lead_es", "es_ES", cls.env.ref("cx_experience.group_cx_manager"))
        cls.employee = user("fu_employee", "en_US", cls.env.ref("base.group_user"))
        cls.campaign.user_id = cls.lead
        cls.strategic = cls.env.ref("cx_experience.tier_strategic")
        Partner = cls.env["res.partner"]
        cls.es_customer = Partner.create({"name": "Cliente Uno", "customer": True,
                                          "user_id": cls.es_owner.id})
        cls.en_customer = Partner.create({"name": "Customer Two", "customer": True,
                                          "user_id": cls.en_owner.id})
        cls.price = cls.env.ref("cx_nps_survey.followup_reason_price")

    def answer(self, partner, score, **vals):
        return self.env["cx.nps.response"].create(dict(
            vals, partner_id=partner.id, score=score, campaign_id=self.campaign.id))

    def messages(self, record):
        return record.message_ids.mapped("body")

    # ------------------------------------------------------------ the wizard
    def test_the_call_is_recorded_in_the_owners_language(self):
        response = self.answer(self.es_customer, 3)
        activity = response.followup_ref
        self.assertEqual(response.followup_user_id, self.es_owner)
        self.assertEqual(activity.user_id, self.es_owner)
        self.assertEqual(activity.summary, "Seguimiento NPS: volver a llamar a Cliente Uno")
        self.assertIn("Abra la respuesta NPS", activity.note)
        # the English clicker does not matter: the owner reads Spanish
        self.record_call(response, "contacted", user=self.es_owner, reason=self.price,
                         note="Quiere un descuento")
        self.assertEqual(response.followup_state, "contacted")
        self.assertEqual(response.followup_reason_id, self.price)
        self.assertEqual(response.followup_note, "Quiere un descuento")
        self.assertTrue(response.followup_date)
        self.assertFalse(activity.exists())
        bodies = " ".join(self.messages(response))
        self.assertIn("Contactado. Causa raíz: Precio. Lo que se habló: Quiere un descuento",
                      bodies)
        self.assertNotIn("Contacted", bodies)
        self.assertNotIn("Root cause", bodies)
        # a second outcome, with no activity left: a note on the answer, same language
        self.record_call(response, "resolved", user=self.es_owner)
        self.assertEqual(response.followup_state, "resolved")
        self.assertFalse(response.followup_reason_id)
        self.assertIn("Resuelto. Causa raíz: no indicada.", " ".join(self.messages(response)))

    def test_an_english_owner_reads_english(self):
        response = self.answer(self.en_customer, 1)
        self.assertEqual(response.followup_ref.summary,
                         "NPS follow-up: call back Customer Two")
        self.record_call(response, "lost", user=self.en_owner, reason=self.price)
        self.assertEqual(response.followup_state, "lost")
        bodies = " ".join(self.messages(response))
        self.assertIn("Lost. Root cause: Price.", bodies)
        self.assertNotIn("Perdido", bodies)
        self.assertNotIn("Precio", bodies)

    def test_only_who_may_write_the_answer_records_the_call(self):
        response = self.answer(self.es_customer, 2)
        for user in (self.other, self.employee):
            with self.assertRaises(AccessError):
                response.sudo(user).action_followup_contacted()
        with self.assertRaises(AccessError):
            self.env["cx.nps.followup.wizard"].sudo(self.employee).create(
                {"response_id": response.id, "outcome": "resolved"})
        # a wizard of another CX user's, pointing at an answer it may not write
        wizard = self.env["cx.nps.followup.wizard"].sudo(self.other).create(
            {"response_id": response.id, "outcome": "resolved", "note": "forged"})
        with self.assertRaises(AccessError):
            wizard.action_confirm()
        # nor somebody else's wizard
        mine = self.env["cx.nps.followup.wizard"].sudo(self.es_owner).create(
            {"response_id": response.id, "outcome": "resolved"})
        with self.assertRaises(AccessError):
            mine.sudo(self.other).action_confirm()
        self.assertEqual(response.followup_state, "open")
        self.assertFalse(response.followup_note)

    def test_a_closed_follow_up_takes_no_other_outcome(self):
        response = self.answer(self.es_customer, 2)
        self.record_call(response, "resolved", user=self.es_owner)
        with self.assertRaises(UserError):
            response.sudo(self.es_owner).action_followup_lost()
        wizard = self.env["cx.nps.followup.wizard"].sudo(self.es_owner).create(
            {"response_id": response.id, "outcome": "contacted"})
        with self.assertRaises(UserError):
            wizard.action_confirm()
        self.assertEqual(response.followup_state, "resolved")

    def test_reasons_are_reportable(self):
        first = self.answer(self.es_customer, 2)
        second = self.answer(self.en_customer, 4)
        self.record_call(first, "resolved", user=self.es_owner, reason=self.price)
        self.record_call(second, "lost", user=self.en_owner, reason=self.price)
        groups = self.env["cx.nps.response"].read_group(
            [("id", "in", (first | second).ids)], ["followup_reason_id", "followup_state"],
            ["followup_reason_id", "followup_state"], lazy=False)
        counts = {(g["followup_reason_id"][0], g["followup_state"]): g["__count"]
                  for g in groups}
        self.assertEqual(counts, {(self.price.id, "resolved"): 1, (self.price.id, "lost"): 1})

    # ------------------------------------------------------------ a changed score
    def test_a_corrected_score_closes_and_reopens_in_the_owners_language(self):
        response = self.answer(self.es_customer, 2)
        first = response.followup_ref
        response.write({"score": 9})
        self.assertEqual(response.followup_state, "cancelled")
        self.assertFalse(first.exists())
        bodies = " ".join(self.messages(response))
        self.assertIn("Ya no es necesario", bodies)
        response.write({"score": 2})
        self.assertEqual(response.followup_state, "open")
        self.assertEqual(response.followup_ref.summary,
                         "Seguimiento NPS: volver a llamar a Cliente Uno")

    # ------------------------------------------------------------ escalation
    def test_a_strategic_detractor_escalates_once_in_the_managers_language(self):
        self.es_customer.write({"cx_tier_id": self.strategic.id})
        Activity = self.env["mail.activity"]
        response = self.answer(self.es_customer, 1)
        self.assertTrue(response.cx_escalated)
        escalation = response.cx_escalation_id
        self.assertEqual(escalation.user_id, self.lead)
        self.assertEqual(escalation.summary,
                         "El cliente estratégico Cliente Uno es detractor NPS")
        self.assertIn("fu_es_owner tiene el seguimiento", escalation.note)
        self.assertNotIn("1", escalation.summary)
        # the owner's follow-up is there too
        self.assertEqual(response.followup_ref.user_id, self.es_owner)
        # corrected to a promoter and back: still one escalation for this answer
        response.write({"score": 9})
        response.write({"score": 0})
        self.assertEqual(Activity.search_count([
            ("res_model", "=", "cx.nps.response"), ("res_id", "=", response.id),
            ("user_id", "=", self.lead.id)]), 1)

    def test_no_escalation_for_other_tiers_or_scores(self):
        self.es_customer.write({"cx_tier_id": self.strategic.id})
        promoter = self.answer(self.es_customer, 10)
        self.assertFalse(promoter.cx_escalated)
        plain = self.answer(self.en_customer, 1)
        self.assertFalse(plain.cx_escalated)
        self.assertFalse(self.env["mail.activity"].search([
            ("res_model", "=", "cx.nps.response"), ("res_id", "in", (promoter | plain).ids),
            ("user_id", "=", self.lead.id)]))

    # ------------------------------------------------------------ queue
    def test_my_detractors_queue(self):
        open_one = self.answer(self.es_customer, 2, date=self.days_ago(10))
        corrected = self.answer(self.es_customer, 3)
        corrected.write({"score": 9})
        done = self.answer(self.es_customer, 1)
        self.record_call(done, "resolved", user=self.es_owner)
        theirs = self.answer(self.en_customer, 0)
        action = self.env.ref("cx_nps_survey.action_cx_nps_my_detractors")
        domain = safe_eval(action.domain, {"uid": self.es_owner.id})
        found = self.env["cx.nps.response"].sudo(self.es_owner).search(domain)
        self.assertEqual(found, open_one)
        self.assertNotIn(theirs, found)
        overdue = self.env.ref("cx_nps_survey.action_cx_nps_followup_overdue")
        today = datetime.date.today()
        domain = safe_eval(overdue.domain, {"context_today": lambda: today})
        late = self.env["cx.nps.response"].search(domain + [
            ("partner_id", "in", (self.es_customer | self.en_customer).ids)])
        self.assertEqual(late, open_one)

    # ------------------------------------------------------------ texts and timeline
    def test_interaction_and_timeline_read_in_the_readers_language(self):
        response = self.answer(self.es_customer, 4, comment="Llegó tarde")
        interaction = response.interaction_id
        self.assertEqual(interaction.summary_template, "NPS answer: %(score)s")
        self.assertEqual(interaction.with_context(lang="es_ES").summary, "Respuesta NPS: 4")
        self.assertEqual(interaction.with_context(lang="en_US").summary, "NPS answer: 4")
        Timeline = self.env["cx.timeline"]
        row = Timeline.search([("kind", "=", "nps"), ("res_id", "=", response.id)])
        self.assertEqual(len(row), 1)
        self.assertEqual(row.partner_id, self.es_customer)
        self.assertEqual(row.level, "danger")
        self.assertEqual(row.with_context(lang="es_ES").summary,
                         "Respuesta NPS 4 (Detractor): Llegó tarde")
        self.assertEqual(row.with_context(lang="en_US").summary,
                         "NPS answer 4 (Detractor): Llegó tarde")
        # visibility: the answers' rule
        mine = Timeline.sudo(self.es_owner).search([("kind", "=", "nps"),
                                                    ("res_id", "=", response.id)])
        self.assertEqual(len(mine), 1)
        self.assertFalse(Timeline.sudo(self.other).search([("kind", "=", "nps"),
                                                           ("res_id", "=", response.id)]))
        self.assertEqual(len(Timeline.sudo(self.lead).search(
            [("kind", "=", "nps"), ("res_id", "=", response.id)])), 1)

    def test_answer_log_names_read_as_labels(self):
        Audit = self.env["cx.nps.answer.audit"]
        self.env.cr.execute("""
            INSERT INTO cx_nps_answer_audit (date, kind, verdict, reason)
            VALUES (now() at time zone 'UTC', 'view', 'shown', 'page') RETURNING id""")
        audit = Audit.browse(self.env.cr.fetchone()[0])
        name = audit.with_context(lang="es_ES").name_get()[0][1]
        self.assertNotIn("page", name)
        self.assertEqual(audit.with_context(lang="en_US").name_get()[0][1],
                         "Page shown: Survey page shown with the score chosen")
