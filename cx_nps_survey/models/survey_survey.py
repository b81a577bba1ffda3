from odoo import api, models


class SurveySurvey(models.Model):
    _inherit = "survey.survey"

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
