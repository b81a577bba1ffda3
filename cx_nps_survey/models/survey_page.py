# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class SurveyPage(models.Model):
    _inherit = "survey.page"

    @api.multi
    def unlink(self):
        # the questions of a page go with it in SQL (ON DELETE CASCADE), without
        # survey.question's own unlink: check them here
        self.sudo().mapped("question_ids")._cx_check_not_in_use()
        return super(SurveyPage, self).unlink()
