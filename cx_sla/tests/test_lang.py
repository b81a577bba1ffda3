# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""cx_sla's generated texts read in their reader's language (issue 12): the timeline
entry of a closed ticket (rendered when read), the escalation mail (its recipient's
language, the company's when the recipient has none), a target's name with the hours
in the reader's number format. Expected Spanish written out from i18n/es.po."""
from odoo.addons.cx_experience import lang as cx_lang

from ..messages import TICKET_CLOSED
from .common import SlaCase

ES, EN = "es_ES", "en_US"


class TestSlaTexts(SlaCase):
    @classmethod
    def setUpClass(cls):
        super(TestSlaTexts, cls).setUpClass()
        assert cls.env["res.lang"].search([("code", "=", ES)]), "Spanish is not loaded"
        cls.agent.lang = ES
        cls.leader.lang = EN

    def test_closed_ticket_on_the_timeline(self):
        ticket = self.new_ticket(self.dt(2025, 11, 24, 9))
        # Closed by someone reading English: the entry is not frozen in English.
        ticket.with_context(lang=EN).write({"stage_id": self.stage_done.id})
        entry = self.env["cx.interaction"].search(
            [("res_model", "=", "helpdesk.ticket"), ("res_id", "=", ticket.id)])
        self.assertEqual(entry.with_context(lang=ES).summary,
                         "Ticket %s cerrado: Printer on fire" % ticket.number)
        self.assertEqual(entry.with_context(lang=EN).summary,
                         "Ticket %s closed: Printer on fire" % ticket.number)
        self.assertEqual(entry.summary_template, TICKET_CLOSED)
        self.assertNotIn("closed", entry.with_context(lang=ES).name_get()[0][1])
        Interaction = self.env["cx.interaction"]
        self.assertIn(entry, Interaction.with_context(lang=ES).search(
            [("summary", "ilike", "cerrado")]))
        self.assertIn(entry, Interaction.with_context(lang=EN).search(
            [("summary", "ilike", ticket.number)]))

    def test_target_name_in_the_readers_language_and_the_one_hours_format(self):
        # Hours read "H h MM" on every SLA screen (domain/display.py), in every language.
        target = self.policy.target_ids.filtered(lambda t: t.kind == "resolution")
        target.hours = 1.5
        self.assertEqual(target.with_context(lang=ES).name, "Resolución en 1 h 30")
        self.assertEqual(target.with_context(lang=EN).name, "Resolution in 1 h 30")
        target.hours = 1200
        self.assertEqual(target.with_context(lang=ES).name, "Resolución en 1200 h 00")
        target.hours = 2.0 / 3  # 40 minutes, stored as 0.666...
        self.assertEqual(target.with_context(lang=EN).name, "Resolution in 0 h 40")

    def test_escalation_mail_in_each_recipients_language(self):
        Mail = self.env["mail.mail"]
        ticket = self.new_ticket(self.dt(2025, 11, 24, 9), user_id=self.agent.id)

        def mail(user):
            return Mail.search([("recipient_ids", "in", user.partner_id.ids),
                                ("body_html", "ilike", ticket.number)])
        # The cron runs in English: level 1 (at risk) goes to the agent, in Spanish.
        self.Line.with_context(lang=EN)._cron_check(now=self.dt(2025, 11, 24, 10, 40))
        spanish = mail(self.agent)
        self.assertEqual(spanish.subject, "Escalado de ANS: 1 ticket(s) necesitan atención")
        self.assertIn("Estos tickets de soporte están en riesgo o han incumplido su nivel de "
                      "servicio:", spanish.body_html)
        self.assertIn("Primera respuesta: En riesgo", spanish.body_html)
        for english in ("SLA escalation", "These helpdesk tickets", "First response",
                        "At risk"):
            self.assertNotIn(english, spanish.body_html + spanish.subject)
        # Level 2 (breached) to the team leader, in English, though the cron runs in Spanish.
        self.Line.with_context(lang=ES)._cron_check(now=self.dt(2025, 11, 24, 11, 5))
        english = mail(self.leader)
        self.assertEqual(english.subject, "SLA escalation: 1 ticket(s) need attention")
        self.assertIn("First response: Breached", english.body_html)
        self.assertNotIn("Incumplido", english.body_html)

    def test_recipient_without_a_language_reads_the_companys(self):
        self.env.user.company_id.partner_id.lang = ES
        self.assertEqual(cx_lang.partner_lang(self.env, self.env["res.partner"]), ES)
        self.leader.partner_id.lang = False
        self.assertEqual(cx_lang.partner_lang(self.env, self.leader.partner_id), ES)

    def test_policy_tracking_label_in_the_readers_language(self):
        policy = self.policy.with_context(lang=EN, tracking_disable=False)
        policy.write({"name": "Team SLA v2"})
        message = policy.message_ids.filtered("tracking_value_ids")[:1]
        lines = message.with_context(lang=ES).message_format()[0]["tracking_value_ids"]
        self.assertEqual([(line["changed_field"], line["new_value"]) for line in lines],
                         [("Nombre", "Team SLA v2")])
