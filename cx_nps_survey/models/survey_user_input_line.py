# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import SUPERUSER_ID, _, api, models
from odoo.exceptions import AccessError


class SurveyUserInputLine(models.Model):
    """The answers of an NPS invitation are written by the engine only, like the
    invitation itself (survey_user_input.py); who reads them is in the record rules."""

    _inherit = "survey.user_input_line"

    @api.model
    def _cx_check_engine(self, user_inputs):
        if self.env.uid == SUPERUSER_ID:
            return
        user_inputs = user_inputs.sudo()
        if any(user_inputs.mapped("survey_id.cx_has_nps_question")) or \
                any(user_inputs.mapped("cx_nps_campaign_id")):
            raise AccessError(_("The answers to an NPS survey are recorded from the "
                                "customer's own link only."))

    @api.model
    def create(self, vals):
        self._cx_check_engine(self.env["survey.user_input"].browse(vals.get("user_input_id")))
        return super(SurveyUserInputLine, self).create(vals)

    @api.multi
    def write(self, vals):
        inputs = self.sudo().mapped("user_input_id")
        if vals.get("user_input_id"):
            inputs |= inputs.browse(vals["user_input_id"])
        self._cx_check_engine(inputs)
        return super(SurveyUserInputLine, self).write(vals)

    @api.multi
    def unlink(self):
        self._cx_check_engine(self.sudo().mapped("user_input_id"))
        return super(SurveyUserInputLine, self).unlink()
