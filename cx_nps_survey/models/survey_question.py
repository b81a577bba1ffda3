# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..domain import nps

# question types whose answer Odoo 11 reads as post[answer_tag] (one input each)
_TYPED_INPUTS = ("free_text", "textbox", "numerical_box", "date")


class SurveyQuestion(models.Model):
    _inherit = "survey.question"

    cx_nps = fields.Boolean(
        string="NPS question",
        help="Only questions marked as NPS count in the Net Promoter Score. The question "
             "must offer the eleven choices 0 to 10 (each choice carries its score).")
    cx_nps_comment = fields.Boolean(
        string="NPS comment",
        help="The free-text answer to this question is stored as the comment ('why?') "
             "of the NPS response.")

    @api.constrains("cx_nps", "type", "labels_ids")
    def _check_cx_nps(self):
        """An NPS question offers the eleven scores 0-10, each once (the choices carry
        their score in cx_nps_score). survey.label keeps it so when a choice changes
        alone (survey_label.py)."""
        for question in self.filtered("cx_nps"):
            if question.type != "simple_choice":
                raise ValidationError(_(
                    "An NPS question offers one choice among 0 to 10 "
                    "('Multiple choice: only one answer')."))
            missing, extra = nps.choice_problems(question.labels_ids.mapped("cx_nps_score"))
            if missing or extra:
                raise ValidationError(_(
                    "The NPS question '%(question)s' must offer the eleven scores 0 to "
                    "10, each once (the 'NPS score' of its choices). Missing: "
                    "%(missing)s. Repeated or not a score: %(extra)s.") % {
                        "question": question.question,
                        "missing": ", ".join(map(str, missing)) or "-",
                        "extra": ", ".join(map(str, extra)) or "-"})

    @api.multi
    def _cx_check_not_in_use(self):
        """Refuse to take away the NPS question of a survey a live campaign sends."""
        flagged = self.sudo().filtered("cx_nps")
        campaigns = flagged.mapped("page_id.survey_id")._cx_live_campaigns()
        if campaigns:
            raise ValidationError(_(
                "The NPS question is used by the campaigns %s, which send or will send "
                "this survey: set them to Done (or pause them and set them back to "
                "Draft) before you remove or un-flag it.") % ", ".join(
                    campaigns.mapped("name")))

    @api.multi
    def write(self, vals):
        if "cx_nps" in vals and not vals["cx_nps"]:
            self._cx_check_not_in_use()
        if "page_id" in vals:
            # moved within its survey, a question stays the campaigns' question
            page = self.env["survey.page"].sudo().browse(vals["page_id"])
            self.sudo().filtered(
                lambda q: q.page_id.survey_id != page.survey_id)._cx_check_not_in_use()
        return super(SurveyQuestion, self).write(vals)

    @api.multi
    def unlink(self):
        self._cx_check_not_in_use()
        return super(SurveyQuestion, self).unlink()

    @api.multi
    def validate_question(self, post, answer_tag):
        """A text, number or date field left out of the posted form is an error the
        respondent can read. Odoo 11 reads post[answer_tag] for those types and
        answers a server error (500) when a forged or truncated form lacks it."""
        if self.type in _TYPED_INPUTS and answer_tag not in post:
            return {answer_tag: _("This form is incomplete. Please reload the page "
                                  "and answer again.")}
        return super(SurveyQuestion, self).validate_question(post, answer_tag)

    @api.multi
    def validate_simple_choice(self, post, answer_tag):
        """An NPS answer must be one of this question's 0-10 choices.

        Odoo stores whatever label id it receives; a forged value would otherwise be
        kept. 0 is a valid answer even when the question is mandatory (it is a
        choice like the others).
        """
        errors = super(SurveyQuestion, self).validate_simple_choice(post, answer_tag)
        if self.cx_nps and answer_tag not in errors and post.get(answer_tag):
            value = post[answer_tag].strip()
            valid = {str(label.id) for label in self.labels_ids
                     if nps.parse_score(label.cx_nps_score) is not None}
            if value not in valid:
                errors[answer_tag] = _("Please choose a score from 0 to 10.")
        return errors

    @api.multi
    def validate_free_text(self, post, answer_tag):
        errors = super(SurveyQuestion, self).validate_free_text(post, answer_tag)
        return self._cx_check_comment_length(errors, post, answer_tag)

    @api.multi
    def validate_textbox(self, post, answer_tag):
        errors = super(SurveyQuestion, self).validate_textbox(post, answer_tag)
        return self._cx_check_comment_length(errors, post, answer_tag)

    def _cx_check_comment_length(self, errors, post, answer_tag):
        """The "why?" of an NPS survey (a free text or a text box) has a sensible
        maximum length."""
        if self.cx_nps_comment and answer_tag not in errors and \
                len(post.get(answer_tag) or "") > nps.MAX_COMMENT_LENGTH:
            errors[answer_tag] = _("Please keep your comment under %d characters.") \
                % nps.MAX_COMMENT_LENGTH
        return errors
