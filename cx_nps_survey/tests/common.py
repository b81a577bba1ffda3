# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import datetime

from odoo import fields
from odoo.tests.common import SavepointCase


class NpsCase(SavepointCase):
    """Five customers with emails, a running relationship campaign."""

    @classmethod
    def setUpClass(cls):
        super(NpsCase, cls).setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        Partner = cls.env["res.partner"]
        # the demo campaigns would invite the test customers too
        cls.env["cx.nps.campaign"].search([]).write({"state": "done"})
        # answers of the database still waiting for the job: applied first, so that the
        # tests count the job's work on their own answers
        cls.env["cx.nps.response"]._cx_apply_answers()
        cls.manager = cls.env["res.users"].create({
            "name": "Account manager NPS", "login": "nps_am@example.com",
            "email": "nps_am@example.com",
            "groups_id": [(6, 0, [cls.env.ref("cx_experience.group_cx_user").id])],
        })
        cls.partners = Partner.browse()
        for index in range(5):
            cls.partners |= Partner.create({
                "name": "NPS customer %d" % index, "email": "nps%d@example.com" % index,
                "customer": True,
                "user_id": cls.manager.id if index < 2 else False,
            })
        cls.campaign = cls.env["cx.nps.campaign"].create({
            "name": "Test relationship",
            "partner_domain": "[('id', 'in', %s)]" % cls.partners.ids,
            "window_days": 1, "min_gap_days": 30, "sample_percent": 100,
            "reminder_days": 5, "reminder_max": 1, "expiry_days": 30,
        })
        cls.campaign.action_schedule()
        cls.survey = cls.campaign.survey_id

    def record_call(self, response, outcome, user=None, reason=None, note=None):
        """Click the follow-up button ``outcome`` (contacted, resolved, lost) as
        ``user`` and confirm its wizard, as the web client does."""
        response = response.sudo(user) if user else response
        action = getattr(response, "action_followup_%s" % outcome)()
        self.assertEqual(action["res_model"], "cx.nps.followup.wizard")
        self.assertEqual(action["target"], "new")
        Wizard = self.env["cx.nps.followup.wizard"].sudo(user) if user else \
            self.env["cx.nps.followup.wizard"]
        defaults = {key[len("default_"):]: value for key, value in action["context"].items()
                    if key.startswith("default_")}
        wizard = Wizard.create(dict(defaults, reason_id=reason.id if reason else False,
                                    note=note))
        return wizard.action_confirm()

    def mails_for(self, invitations):
        return self.env["mail.mail"].search([
            ("model", "=", "survey.user_input"), ("res_id", "in", invitations.ids)])

    def days_ago(self, days):
        return fields.Datetime.to_string(datetime.datetime.now() - datetime.timedelta(days=days))
