# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..domain import nps


class SurveyLabel(models.Model):
    _inherit = "survey.label"

    cx_nps_score = fields.Integer(
        string="NPS score", default=-1,
        help="For the choices of an NPS question: the score 0-10 this choice stands for "
             "(-1: none).")

    # The question checks the whole set (eleven scores, each once) when it is saved.
    # A choice changed on its own keeps the set valid: on an NPS question a choice
    # carries a score 0-10 not taken by another one, and no choice leaves. Both hold
    # while the choices are created one by one inside the question's own save.
    @api.constrains("cx_nps_score", "question_id")
    def _check_cx_nps_score(self):
        for label in self.filtered("question_id.cx_nps"):
            scores = label.question_id.labels_ids.mapped("cx_nps_score")
            if nps.parse_score(label.cx_nps_score) is None or \
                    scores.count(label.cx_nps_score) > 1:
                raise ValidationError(_(
                    "Each choice of the NPS question '%(question)s' carries one of the "
                    "scores 0 to 10, each once (found %(score)s).") % {
                        "question": label.question_id.question,
                        "score": label.cx_nps_score})

    @api.multi
    def _cx_check_kept(self):
        leaving = self.sudo().filtered("question_id.cx_nps")
        if leaving:
            raise ValidationError(_(
                "The choices of an NPS question are the eleven scores 0 to 10: a choice "
                "cannot be removed from the question '%s' (un-flag the question as NPS "
                "first).") % leaving[0].question_id.question)

    @api.multi
    def write(self, vals):
        if "question_id" in vals:
            self.filtered(lambda l: l.question_id.id != vals["question_id"])._cx_check_kept()
        return super(SurveyLabel, self).write(vals)

    @api.multi
    def unlink(self):
        self._cx_check_kept()
        return super(SurveyLabel, self).unlink()
