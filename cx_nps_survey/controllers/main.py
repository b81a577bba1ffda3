import json
import logging

import psycopg2

from odoo import _, http
from odoo.exceptions import UserError
from odoo.http import request
from odoo.tools import mute_logger

from odoo.addons.survey.controllers.main import WebsiteSurvey

from ..models.cx_nps_campaign import STATES_ANSWERING


_logger = logging.getLogger(__name__)
CONCURRENT_ERRORS = (psycopg2.IntegrityError, psycopg2.extensions.TransactionRollbackError)
LOCK_NAMESPACE = 7165


def _record_once(token, record):
    """Run ``record()`` unless another answer on the same link is being recorded now.

    Two clicks on one link at the same moment: the first one is kept (one response
    per invitation, a unique constraint) and the other one is a no-op rather than an
    error page; the customer lands on the survey with the recorded score.
    """
    cr = request.env.cr
    cr.execute("SELECT pg_try_advisory_xact_lock(%s, hashtext(%s))", (LOCK_NAMESPACE, token))
    if not cr.fetchone()[0]:
        _logger.info("NPS link answered twice at once; the first answer is kept")
        return False
    try:
        with cr.savepoint(), mute_logger("odoo.sql_db"):
            record()
    except CONCURRENT_ERRORS:
        _logger.info("NPS link answered twice at once; the first answer is kept")
        return False
    return True


def _error_tag(survey, post):
    """The answer tag the survey page shows an error under: the page's first question."""
    try:
        page_id = int(post.get("page_id"))
    except (TypeError, ValueError):
        return ""
    question = request.env["survey.question"].sudo().search(
        [("page_id", "=", page_id)], limit=1)
    return "%s_%s_%s" % (survey.id, page_id, question.id) if question else ""


def _find_token(token):
    return request.env["survey.user_input"].sudo().search([("token", "=", token)], limit=1)


def _in_customer_language(user_input):
    """Answer in the language of the customer the link was sent to (when installed):
    the messages and the page of this request, and the token's record."""
    lang = user_input.partner_id.lang
    if lang and lang != request.context.get("lang") and \
            lang in dict(request.env["res.lang"].sudo().get_installed()):
        request.context = dict(request.context, lang=lang)
        return user_input.with_context(lang=lang)
    return user_input


def _closed_campaign(user_input):
    """The invitation belongs to a campaign that records no answers now (paused or
    done): the customer gets a polite page rather than a survey that keeps nothing."""
    return user_input and user_input.state != "done" and user_input.cx_nps_campaign_id and \
        user_input.cx_nps_campaign_id.state not in STATES_ANSWERING


def _refused(message, status=400):
    """A page that says why, and nothing about any customer."""
    response = request.render("cx_nps_survey.nps_message_page", {
        "title": _("We could not record your answer"), "message": message})
    response.status_code = status
    return response


class CxNpsSurvey(WebsiteSurvey):

    @http.route(["/cx_nps/answer/<string:token>/<int:score>"], type="http", auth="public",
                website=True, sitemap=False)
    def cx_nps_answer(self, token, score, **kwargs):
        """One click in the email: record the score, then open the survey for a comment."""
        user_input = _find_token(token)
        if not user_input:
            return _refused(_("This survey link is not valid."), status=404)
        user_input = _in_customer_language(user_input)
        try:
            _record_once(token, lambda: user_input._cx_record_score(score))
        except UserError as error:
            return _refused(error.name or str(error))
        return request.redirect("/survey/fill/%d/%s" % (user_input.survey_id.id, token))

    @http.route(["/cx_nps/optout/<string:token>"], type="http", auth="public",
                methods=["GET", "POST"], website=True, sitemap=False)
    def cx_nps_optout(self, token, **post):
        """Opt out of NPS surveys: a confirmation form, then the flag on the contact."""
        user_input = _find_token(token)
        # the opt-out of NPS surveys answers the links of NPS surveys only
        if not user_input or not user_input.partner_id or \
                not user_input.survey_id.cx_has_nps_question:
            return _refused(_("This survey link is not valid."), status=404)
        user_input = _in_customer_language(user_input)
        if request.httprequest.method == "POST":
            user_input.partner_id.sudo().write({"cx_nps_opt_out": True})
            return request.render("cx_nps_survey.nps_message_page", {
                "title": _("Done"),
                "message": _("You will not receive any more satisfaction surveys from us.")})
        return request.render("cx_nps_survey.nps_optout_page", {"token": token})

    @http.route()
    def start_survey(self, survey, token=None, **post):
        user_input = _find_token(token) if token else None
        if _closed_campaign(user_input):
            user_input = _in_customer_language(user_input)
            return _refused(user_input._cx_check_open(), status=403)
        return super(CxNpsSurvey, self).start_survey(survey, token=token, **post)

    @http.route()
    def fill_survey(self, survey, token, prev=None, **post):
        user_input = _find_token(token)
        if _closed_campaign(user_input):
            user_input = _in_customer_language(user_input)
            return _refused(user_input._cx_check_open(), status=403)
        return super(CxNpsSurvey, self).fill_survey(survey, token, prev=prev, **post)

    @http.route()
    def submit(self, survey, **post):
        """Refuse tokens of another survey, expired ones or those of a campaign that is
        paused or done; then keep the NPS response."""
        user_input = _find_token(post.get("token") or "")
        if user_input:
            user_input = _in_customer_language(user_input)
        if user_input.cx_nps_campaign_id or survey.sudo()._cx_nps_question():
            problem = user_input._cx_check_open(survey.sudo()) if user_input else _(
                "This survey link is not valid.")
            if problem:
                return json.dumps({"errors": {_error_tag(survey, post): problem}})
        result = super(CxNpsSurvey, self).submit(survey, **post)
        if user_input:
            body = result if isinstance(result, str) else result.get_data(as_text=True)
            try:
                stored = "errors" not in json.loads(body)
            except ValueError:
                stored = False
            if stored:
                _record_once(user_input.token, user_input._cx_nps_sync)
        return result
