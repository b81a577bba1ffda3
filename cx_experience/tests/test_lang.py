# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Every text cx_experience generates reads in its reader's language (issue 12): the
assignee of an at-risk to-do, the recipients of a digest, the user looking at a log or a
timeline, with that language's numbers and dates, whoever ran the code.

The expected Spanish is written out by hand (from i18n/es.po); the Spanish renderings are
also checked for every English message they could leak.
"""
from odoo.exceptions import AccessError

from .. import lang as cx_lang
from ..messages import COLUMN_TITLES, KPI_LABELS, NO_SCORE
from .common import CxCase

ES, EN = "es_ES", "en_US"


class LangCase(CxCase):
    @classmethod
    def setUpClass(cls):
        super(LangCase, cls).setUpClass()
        assert cls.env["res.lang"].search([("code", "=", ES)]), "Spanish is not loaded"
        users = cls.env["res.users"].with_context(no_reset_password=True)
        manager = cls.env.ref("cx_experience.group_cx_manager")

        def user(login, lang):
            return users.create({"name": login, "login": login, "lang": lang,
                                 "email": "%s@example.com" % login,
                                 "groups_id": [(6, 0, manager.ids)]})
        cls.ana = user("lang_ana", ES)      # reads Spanish
        cls.bob = user("lang_bob", EN)      # reads English
        cls.company = cls.env.user.company_id

    def assertNoEnglish(self, text, sources):
        """None of these English messages (those whose Spanish differs) is in ``text``."""
        for source in sources:
            if cx_lang.translate(self.env, source, ES) != source:
                self.assertNotIn(source, text)


class TestFormats(LangCase):
    def test_numbers_and_dates_in_each_language(self):
        env = self.env
        self.assertEqual(cx_lang.number(env, 1234.56, 1, ES), "1.234,6")
        self.assertEqual(cx_lang.number(env, 1234.56, 1, EN), "1,234.6")
        self.assertEqual(cx_lang.number(env, 6.5, 1, ES, sign=True), "+6,5")
        self.assertEqual(cx_lang.number(env, -64.2, 1, ES), "-64,2")
        self.assertEqual(cx_lang.date(env, "2026-11-30", ES), "30/11/2026")
        self.assertEqual(cx_lang.date(env, "2026-11-30", EN), "11/30/2026")

    def test_reader_without_a_language_reads_the_companys(self):
        self.company.partner_id.lang = ES
        self.assertEqual(cx_lang.reader_lang(self.env, False), ES)
        self.assertEqual(cx_lang.reader_lang(self.env, "xx_XX"), ES)   # not installed
        self.assertEqual(cx_lang.reader_lang(self.env, EN), EN)


class TestAtRiskActivity(LangCase):
    def test_each_assignee_reads_the_to_do_in_its_language(self):
        ana_customer = self.customer("Lang rich A", user_id=self.ana.id)
        bob_customer = self.customer("Lang rich B", user_id=self.bob.id)
        for partner in ana_customer | bob_customer:
            self.invoice(partner, 60000.0)
        self.Partner._cx_recompute_tiers()
        # The engine runs in Spanish for Bob's customer and in English for Ana's: the
        # language of whoever runs it does not count.
        bob_customer.with_context(lang=ES)._cx_set_satisfaction(30.0)
        ana_customer.with_context(lang=EN)._cx_set_satisfaction(30.0)

        def todo(partner):
            return self.env["mail.activity"].search([
                ("res_model", "=", "res.partner"), ("res_id", "=", partner.id)])
        ana_todo, bob_todo = todo(ana_customer), todo(bob_customer)
        self.assertEqual((ana_todo.user_id, bob_todo.user_id), (self.ana, self.bob))
        self.assertEqual(ana_todo.summary, "Cliente en riesgo: planifique una acción")
        self.assertEqual(ana_todo.note, "<p>Satisfacción baja pero ingresos altos. Llame al "
                                        "cliente, averigüe la causa y acuerde un plan de "
                                        "acción.</p>")
        self.assertEqual(bob_todo.summary, "Customer at risk: plan an action")
        self.assertIn("Low satisfaction but high revenue", bob_todo.note)

    def test_one_insert_covers_a_mixed_batch(self):
        partners = self.Partner
        for index, user in enumerate((self.ana, self.bob, self.ana, self.bob)):
            partners |= self.customer("Lang batch %d" % index, user_id=user.id)
        partners._cx_schedule_at_risk_activity()
        summaries = {p.id: self.env["mail.activity"].search([
            ("res_model", "=", "res.partner"), ("res_id", "=", p.id)]).summary
            for p in partners}
        self.assertEqual([summaries[p.id] for p in partners], [
            "Cliente en riesgo: planifique una acción", "Customer at risk: plan an action",
            "Cliente en riesgo: planifique una acción", "Customer at risk: plan an action"])


class TestLogReasons(LangCase):
    def test_a_reason_the_system_wrote_reads_in_the_readers_language(self):
        partner = self.customer("Lang mover")
        partner.sudo(self.bob).write({"cx_stage_id": self.stage["loyalty"].id})
        partner.sudo(self.ana).with_context(cx_reason="Pidió la baja").write(
            {"cx_stage_id": self.stage["churned"].id})
        stays = self.env["cx.lifecycle.history"].search(
            [("partner_id", "=", partner.id)], order="id")
        self.assertEqual(stays.mapped("reason"), ["Moved by hand", "Pidió la baja"])
        self.assertEqual(stays.with_context(lang=ES).mapped("reason_label"),
                         ["Movido a mano", "Pidió la baja"])
        self.assertEqual(stays.with_context(lang=EN).mapped("reason_label"),
                         ["Moved by hand", "Pidió la baja"])
        # The same through the screen's read, as the stage log list reads it.
        rows = stays.sudo(self.ana).with_context(lang=ES).read(["reason_label"])
        self.assertEqual(rows[0]["reason_label"], "Movido a mano")

    def test_tier_set_by_hand(self):
        partner = self.customer("Lang tiered")
        partner.sudo(self.bob).write({"cx_tier_id": self.tier["strategic"].id})
        change = self.env["cx.tier.change"].search([("partner_id", "=", partner.id)])
        self.assertEqual(change.reason, "Set by hand")
        self.assertEqual(change.with_context(lang=ES).reason_label, "Asignado a mano")
        self.assertEqual(change.with_context(lang=EN).reason_label, "Set by hand")
        # The partner's own lock reason is the manager's text, in the manager's language.
        other = self.customer("Lang tiered ES")
        other.sudo(self.ana).with_context(lang=ES).write(
            {"cx_tier_id": self.tier["strategic"].id})
        self.assertEqual(other.cx_tier_lock_reason, "Asignado a mano")


class TestInteractionSummary(LangCase):
    def test_touchpoint_name_reads_in_the_readers_language(self):
        tp = self.env.ref("cx_experience.touchpoint_store_visit")
        partner = self.customer("Lang visitor")
        visit = self.env["cx.interaction"].create({
            "name": "Store visit", "partner_id": partner.id, "touchpoint_id": tp.id})
        typed = self.env["cx.interaction"].create({
            "name": "Vino con su hija", "partner_id": partner.id, "touchpoint_id": tp.id})
        self.assertEqual(visit.with_context(lang=ES).summary, "Visita a la tienda")
        self.assertEqual(visit.with_context(lang=EN).summary, "Store visit")
        self.assertEqual(visit.with_context(lang=ES).name_get()[0][1], "Visita a la tienda")
        self.assertEqual(typed.with_context(lang=EN).summary, "Vino con su hija")
        self.assertEqual((visit.summary_generated, typed.summary_generated), (True, False))

    def test_message_with_numbers(self):
        partner = self.customer("Lang numbers")
        tp = self.env.ref("cx_experience.touchpoint_web_feedback")
        entry = self.env["cx.interaction"].sudo().create({
            "name": "Interactions", "partner_id": partner.id, "touchpoint_id": tp.id,
            "summary_template": "%(kind)s customer experience digest: %(start)s to %(end)s",
            "summary_args": cx_lang.dump_args({"kind": "X", "start": 1234.5, "end": 7})})
        self.assertEqual(entry.with_context(lang=ES).summary,
                         "X: resumen de experiencia del cliente del 1.234,5 al 7")
        self.assertEqual(entry.with_context(lang=EN).summary,
                         "X customer experience digest: 1,234.5 to 7")
        # The Spanish words find it for a Spanish reader, the stored text for everyone.
        Interaction = self.env["cx.interaction"].sudo(self.ana)
        self.assertIn(entry, Interaction.with_context(lang=ES).search(
            [("summary", "ilike", "resumen de experiencia")]))
        self.assertNotIn(entry, Interaction.with_context(lang=EN).search(
            [("summary", "ilike", "resumen de experiencia")]))
        self.assertIn(entry, Interaction.search([("summary", "ilike", "Interactions")]))

    def test_summary_message_is_the_systems(self):
        partner = self.customer("Lang forger")
        tp = self.env.ref("cx_experience.touchpoint_web_feedback")
        Interaction = self.env["cx.interaction"].sudo(self.ana)
        with self.assertRaises(AccessError):
            Interaction.create({"name": "x", "partner_id": partner.id, "touchpoint_id": tp.id,
                                "summary_template": "%(a)999999999s",
                                "summary_args": '{"a": 1}'})
        mine = Interaction.create({"name": "typed", "partner_id": partner.id,
                                   "touchpoint_id": tp.id})
        with self.assertRaises(AccessError):
            mine.write({"summary_args": '{"a": 1}'})
        # A summary the system wrote, rewritten by a person, reads as typed.
        generated = self.env["cx.interaction"].sudo().create({
            "name": "Change", "partner_id": partner.id, "touchpoint_id": tp.id,
            "summary_template": "Change", "summary_args": "{}"})
        self.assertEqual(generated.with_context(lang=ES).summary, "Variación")
        generated.sudo(self.ana).write({"name": "Cambio pactado"})
        self.assertEqual(generated.with_context(lang=EN).summary, "Cambio pactado")
        self.assertFalse(generated.summary_template)


class TestDigestLanguages(LangCase):
    @classmethod
    def setUpClass(cls):
        super(TestDigestLanguages, cls).setUpClass()
        cls.co = cls.env["res.company"].create({"name": "Lang Digest Co"})
        cls.co.partner_id.lang = ES
        partner = cls.customer("Lang digest customer")
        tp = cls.env.ref("cx_experience.touchpoint_web_feedback")
        # The day before: two interactions without a score; the day itself: 9 and 7.
        for day, score in (("2020-03-02", False), ("2020-03-02", False),
                           ("2020-03-03", 9), ("2020-03-03", 7), ("2020-03-03", False)):
            cls.env["cx.interaction"].create({
                "name": "Digest", "partner_id": partner.id, "touchpoint_id": tp.id,
                "company_id": cls.co.id, "date": day + " 12:00:00", "score": score})
        cls.digest = cls.env["cx.digest"].create({
            "kind": "daily", "period_start": "2020-03-03", "period_end": "2020-03-04",
            "company_id": cls.co.id})

    def test_rows_in_each_language(self):
        # 3 interactions against 2: +50 %; 2 scored against 0; average 8.0 against none.
        self.assertEqual(self.digest._kpi_rows(ES), [
            ("Interacciones", "3", "2", "+50,0 %"),
            ("Interacciones con puntuación de satisfacción", "2", "0", "-"),
            ("Puntuación media (0-10)", "8,0", "sin puntuación", "-"),
            ("Clientes que suben de nivel", "0", "0", "-"),
            ("Clientes que bajan de nivel", "0", "0", "-"),
            ("Cambios de etapa", "0", "0", "-"),
            ("Clientes en deserción", "0", "0", "-"),
        ])
        self.assertEqual(self.digest._kpi_rows(EN)[:3], [
            ("Interactions", "3", "2", "+50.0 %"),
            ("Interactions with a satisfaction score", "2", "0", "-"),
            ("Average score (0-10)", "8.0", "no score", "-"),
        ])

    def test_subject_body_and_name_in_each_language(self):
        self.assertEqual(self.digest._subject(ES),
                         "Diario: resumen de experiencia del cliente del 03/03/2020 al 03/03/2020")
        self.assertEqual(self.digest._subject(EN),
                         "Daily customer experience digest: 03/03/2020 to 03/03/2020")
        body = self.digest._render_body(ES)
        self.assertIn(">Este periodo</th>", body)
        self.assertIn(">Periodo anterior</th>", body)
        self.assertIn(">Variación</th>", body)
        self.assertIn(">Cuadrante del cliente</h3>", body)
        self.assertNoEnglish(body, list(KPI_LABELS.values()) + list(COLUMN_TITLES) + [
            NO_SCORE, "Daily", "customer experience digest", "Tier mix", "Lifecycle funnel",
            "Customer quadrant", "No tier yet", "No stage yet", "No satisfaction data",
            "At risk", "Precarious", "Growing"])
        self.assertIn(">This period</th>", self.digest._render_body(EN))
        # The record's name and its screen: the reader's language, not the sender's.
        self.assertEqual(self.digest.with_context(lang=ES).name_get()[0][1],
                         "Diario: resumen de experiencia del cliente del 03/03/2020 al "
                         "03/03/2020")
        self.assertIn("Interactions with a satisfaction score",
                      self.digest.with_context(lang=EN).body_display)

    def test_one_mail_per_recipient_language(self):
        group = self.env["res.groups"].create({
            "name": "Lang digest readers", "users": [(6, 0, (self.ana | self.bob).ids)]})
        (self.ana | self.bob).write({"company_ids": [(4, self.co.id)]})
        self.co.write({"cx_digest_daily_group_id": group.id,
                       "cx_digest_daily_emails": "board@example.com"})
        self.digest._queue_mail()
        mails = {mail.email_to: mail for mail in self.digest.mail_ids}
        # Ana and the typed address (the company speaks Spanish) get the Spanish one.
        self.assertEqual(sorted(mails), ["lang_ana@example.com, board@example.com",
                                         "lang_bob@example.com"])
        spanish = mails["lang_ana@example.com, board@example.com"]
        english = mails["lang_bob@example.com"]
        self.assertEqual(spanish.subject, "Diario: resumen de experiencia del cliente del "
                                          "03/03/2020 al 03/03/2020")
        self.assertIn("sin puntuación", spanish.body_html)
        self.assertNoEnglish(spanish.body_html, list(KPI_LABELS.values()) + [NO_SCORE])
        self.assertEqual(english.subject,
                         "Daily customer experience digest: 03/03/2020 to 03/03/2020")
        self.assertIn("no score", english.body_html)
        # The archive is the company's language; the figures stay as sent.
        self.assertIn("sin puntuación", self.digest.body_html)
        self.assertTrue(self.digest.figures)


class TestTrackingInReadersLanguage(LangCase):
    def test_chatter_shows_our_tracked_changes_in_the_readers_language(self):
        # Tracking on (the base case switches it off), the engine writing in English.
        env = self.env(context={"lang": EN})
        partner = env["res.partner"].create({"name": "Lang tracked", "customer": True,
                                             "is_company": True})
        partner._cx_engine_write({"cx_quadrant": "at_risk",
                                  "cx_stage_id": self.stage["loyalty"].id})
        message = partner.message_ids.filtered("tracking_value_ids")[:1]
        self.assertTrue(message)

        def lines(lang):
            formatted = message.sudo(self.ana).with_context(lang=lang).message_format()
            return {line["changed_field"]: line["new_value"]
                    for line in formatted[0]["tracking_value_ids"]}
        self.assertEqual(lines(ES), {"Cuadrante del cliente": "En riesgo",
                                     "Etapa del ciclo de vida": "Fidelización"})
        self.assertEqual(lines(EN), {"Customer quadrant": "At risk",
                                     "Lifecycle stage": "Loyalty"})

    def test_english_labels_read_in_spanish_where_english_is_not_installed(self):
        # A database created in Spanish (the demo of setup/run.sh): English is not an
        # installed language, yet the install and the superuser's jobs write in English.
        partner = self.env(context={"lang": EN})["res.partner"].create(
            {"name": "Lang tracked ES only", "customer": True, "is_company": True})
        partner._cx_engine_write({"cx_quadrant": "model"})
        self.env["res.users"].with_context(active_test=False).search(
            [("lang", "!=", ES)]).write({"lang": ES})
        self.env.ref("base.lang_en").write({"active": False})
        self.assertNotIn(EN, [code for code, _name in self.env["res.lang"].get_installed()])
        message = partner.message_ids.filtered("tracking_value_ids")[:1]
        formatted = message.sudo(self.ana).with_context(lang=ES).message_format()
        self.assertEqual({line["changed_field"]: line["new_value"]
                          for line in formatted[0]["tracking_value_ids"]},
                         {"Cuadrante del cliente": "Modelo"})
