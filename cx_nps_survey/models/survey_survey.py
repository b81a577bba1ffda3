# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from .cx_nps_campaign import STATES_LIVE


class SurveySurvey(models.Model):
    _inherit = "survey.survey"

    # Stored so that record rules can tell NPS surveys apart in SQL: their invitations
    # and answers are the NPS engine's and their readers the CX staff
    # (security/cx_nps_security.xml).
    cx_has_nps_question = fields.Boolean(
        string="NPS survey", compute="_compute_cx_has_nps_question", store=True,
        index=True, help="The survey holds a question marked as NPS.")

    @api.depends("page_ids.question_ids.cx_nps")
    def _compute_cx_has_nps_question(self):
        for survey in self:
            survey.cx_has_nps_question = any(
                survey.page_ids.mapped("question_ids").mapped("cx_nps"))

    @api.multi
    def _cx_nps_question(self):
        """The first question of this survey explicitly marked as NPS."""
        self.ensure_one()
        return self.env["survey.question"].sudo().search(
            [("page_id.survey_id", "=", self.id), ("cx_nps", "=", True)], limit=1)

    @api.multi
    def _cx_nps_comment_question(self):
        self.ensure_one()
        return self.env["survey.question"].sudo().search(
            [("page_id.survey_id", "=", self.id), ("cx_nps_comment", "=", True)], limit=1)

    @api.multi
    def _cx_live_campaigns(self):
        """Campaigns that send, or will send, links to these surveys (checked as the
        engine: a campaign the editor cannot read still depends on the survey)."""
        if not self:
            return self.env["cx.nps.campaign"]
        return self.env["cx.nps.campaign"].sudo().search(
            [("survey_id", "in", self.ids), ("state", "in", STATES_LIVE)])
