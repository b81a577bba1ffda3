# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The public NPS answer routes.

A score link of the email never records on its own (mail scanners open every link):
it shows the survey page with the score chosen and a single-use nonce bound to a
cookie of the visit; the page's own script, or the submit button, confirms the score
from the person's browser. What counts as a person and who may change an answer are
the rules of domain/answer_guard.py; every request on the links is written to the
audit log (cx.nps.answer.audit) in one INSERT. Recording an answer writes the survey
line and the response only; the job of every minute applies the rest.
"""
import hashlib
import hmac
import json
import re
import time
import uuid

from odoo import _, http
from odoo.http import request
from odoo.tools import mute_logger

from odoo.addons.cx_experience import locks
from odoo.addons.survey.controllers.main import WebsiteSurvey

from ..domain import answer_guard as guard
from ..domain import nps
from ..models.cx_nps_campaign import STATES_ANSWERING
from ..models.survey_user_input import (CHANNEL_EMAIL_CLICK, CHANNEL_WEB, REASON_INVALID,
                                        REASON_OTHER_SURVEY, _from_epoch)

LOCK_NAMESPACE = locks.NPS_ANSWER_TOKEN
#: the cookie of a visit: a random id, for this browser session only
VISIT_COOKIE = "cx_nps_visit"
_VISIT_RE = re.compile(r"^[0-9a-f]{32}$")
_CHANNELS = (CHANNEL_EMAIL_CLICK, CHANNEL_WEB)


# ---------------------------------------------------------------------- helpers
def _find_token(token):
    return request.env["survey.user_input"].sudo().search([("token", "=", token)], limit=1)


def _find_nps_token(token):
    """The invitation of an NPS survey with this token (a customer to answer for)."""
    user_input = _find_token(token)
    if not user_input or not user_input.partner_id or \
            not user_input.survey_id.cx_has_nps_question:
        return None
    return user_input


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


def _message_page(title, message, status=200):
    response = request.render("cx_nps_survey.nps_message_page",
                              {"title": title, "message": message})
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    return response


def _refused(message, status=400):
    """A page that says why, and nothing about any customer."""
    return _message_page(_("We could not record your answer"), message, status)


def _thanks():
    return _message_page(_("Thank you!"), _("We have your answer. Thank you for your time."))


def _guard_key():
    """The key of the nonces and visit hashes: derived from the database secret."""
    secret = request.env["ir.config_parameter"].sudo().get_param("database.secret") or ""
    return hmac.new(secret.encode("utf-8"), b"cx_nps_answer", hashlib.sha256).digest()


def _visit_cookie():
    value = request.httprequest.cookies.get(VISIT_COOKIE) or ""
    return value if _VISIT_RE.match(value) else None


def _user_agent():
    return request.httprequest.headers.get("User-Agent", "")


def _error_tag(survey, post):
    """The answer tag the survey page shows an error under: the page's first question."""
    try:
        page_id = int(post.get("page_id"))
    except (TypeError, ValueError):
        return ""
    question = request.env["survey.question"].sudo().search(
        [("page_id", "=", page_id)], limit=1)
    return "%s_%s_%s" % (survey.id, page_id, question.id) if question else ""


def _lock(token):
    """One answer of a token at a time (transaction-scoped)."""
    request.env.cr.execute("SELECT pg_advisory_xact_lock(%s, hashtext(%s))",
                           (LOCK_NAMESPACE, token))


def _problem_status(reason):
    return 403 if reason == guard.REASON_CLOSED else 400


class CxNpsSurvey(WebsiteSurvey):

    # ------------------------------------------------------------------ pages
    @http.route(["/cx_nps/answer/<string:token>/<int:score>"], type="http", auth="public",
                methods=["GET", "HEAD"], website=True, sitemap=False)
    def cx_nps_answer(self, token, score, **kwargs):
        """A score link of the email: the survey page with that score chosen. Records
        no answer (a link scanner opens it too); the page confirms it."""
        user_input = _find_nps_token(token)
        if not user_input:
            return _refused(_("This survey link is not valid."), status=404)
        user_input = _in_customer_language(user_input)
        value = nps.parse_score(score)
        if value is None:
            return _refused(_("A score goes from 0 to 10."))
        return self._cx_answer_page(user_input, value)

    @http.route(["/cx_nps/open/<string:token>"], type="http", auth="public",
                methods=["GET", "HEAD"], website=True, sitemap=False)
    def cx_nps_open(self, token, **kwargs):
        """The hidden link of the email: no person sees it, so whoever opens it is a
        link scanner; the visits of this token around it count nothing."""
        user_input = _find_nps_token(token)
        if not user_input:
            return _refused(_("This survey link is not valid."), status=404)
        user_input = _in_customer_language(user_input)
        request.env["cx.nps.answer.audit"].sudo()._cx_log(
            user_input, guard.KIND_HONEYPOT,
            guard.Verdict(guard.VERDICT_AUTOMATED, guard.REASON_HONEYPOT),
            user_agent=_user_agent())
        return _message_page(_("Satisfaction survey"), _(
            "To answer, please click one of the scores in our email."))

    def _cx_answer_page(self, user_input, score):
        method = request.httprequest.method
        visit_id = _visit_cookie()
        new_visit = not visit_id
        visit_id = visit_id or uuid.uuid4().hex
        key = _guard_key()
        visit = guard.visit_key(key, visit_id)
        now = time.time()
        Audit = request.env["cx.nps.answer.audit"].sudo()
        history = Audit._cx_history(user_input.id, _from_epoch(now))
        verdict = guard.view_verdict(method, _user_agent(), history, now, score)
        answer = user_input._cx_answer_state()
        problem = user_input._cx_open_reason()
        answered = answer is not None and not guard.may_show_page(answer, visit, now)
        if verdict.verdict == guard.VERDICT_SHOWN and (answered or problem):
            verdict = guard.Verdict(guard.VERDICT_REFUSED,
                                    guard.REASON_ANSWERED if answered else problem)
        Audit._cx_log(user_input, guard.KIND_HEAD if method == "HEAD" else guard.KIND_VIEW,
                      verdict, score=score, visit=visit, user_agent=_user_agent(),
                      now=_from_epoch(now))
        if method == "HEAD":
            response = request.make_response("", headers=[("Cache-Control", "no-store")])
            return response
        if answered:
            return _thanks()
        if problem:
            return _refused(user_input._cx_reason_message(problem), _problem_status(problem))
        survey = user_input.survey_id
        errpage = self._check_bad_cases(survey)
        if errpage:
            return errpage
        page = survey._cx_nps_question().page_id
        data = self._cx_page_values(user_input, key, visit_id, guard.next_seq(answer, visit),
                                    now, channel=CHANNEL_EMAIL_CLICK)
        pages = survey.page_ids
        data.update(survey=survey, page=page, page_nr=list(pages).index(page),
                    token=user_input.token, cx_nps_score=score)
        if page == pages[-1]:
            data["last"] = True
        response = request.render("survey.survey", data)
        return self._cx_visit_response(response, visit_id, new_visit)

    def _cx_page_values(self, user_input, key, visit_id, seq, now, channel):
        token = user_input.token
        return {
            "cx_nps_nonce": guard.make_nonce(key, user_input.id, visit_id, seq, now),
            "cx_nps_confirm_url": "/cx_nps/confirm/%s?via=%s" % (token, channel),
            "cx_nps_submit_url": "/cx_nps/submit/%s?via=%s" % (token, channel),
            "cx_nps_seconds": guard.AUTO_CONFIRM_SECONDS,
            "cx_nps_minimum": guard.MIN_DWELL_SECONDS,
        }

    def _cx_visit_response(self, response, visit_id, new_visit):
        # each page carries its own nonce: never served from a cache
        response.headers["Cache-Control"] = "no-store"
        if new_visit:
            response.set_cookie(VISIT_COOKIE, visit_id, httponly=True, samesite="Lax")
        return response

    # ------------------------------------------------------------------ confirmations
    @http.route(["/cx_nps/confirm/<string:token>"], type="http", auth="public",
                methods=["POST"], csrf=False, sitemap=False)
    def cx_nps_confirm(self, token, **post):
        """The page's own confirmation of its score (JSON). No CSRF token: the nonce
        of the page, bound to the visit's cookie, is the proof (and a replay without
        it is logged as such rather than refused before anyone sees it)."""
        user_input = _find_nps_token(token)
        if not user_input:
            return self._cx_json({"counted": False, "reason": REASON_INVALID}, 404)
        user_input = _in_customer_language(user_input)
        question = user_input.survey_id._cx_nps_question()
        label = question.labels_ids.filtered(
            lambda l: str(l.id) == str(post.get("answer") or "").strip())[:1]
        score = nps.parse_score(label.cx_nps_score) if label else None
        channel = _channel(post)
        _lock(user_input.token)
        verdict, nonce = self._cx_guard(user_input, guard.KIND_CONFIRM, score, post)
        if verdict.verdict == guard.VERDICT_COUNTED:
            with mute_logger("odoo.sql_db"):
                user_input._cx_record_light(score, channel)
        reply = {"counted": verdict.verdict == guard.VERDICT_COUNTED,
                 "reason": verdict.reason, "nonce": nonce}
        if not reply["counted"]:
            reply["message"] = user_input._cx_reason_message(verdict.reason)
        return self._cx_json(reply)

    def _cx_json(self, values, status=200):
        response = request.make_response(json.dumps(values), headers=[
            ("Content-Type", "application/json"), ("Cache-Control", "no-store")])
        response.status_code = status
        return response

    def _cx_guard(self, user_input, kind, score, post):
        """Run the guard on a confirmation of ``user_input`` and write its audit row.
        Returns (verdict, the next nonce of the visit or None). On a counted verdict
        the visit is recorded on the token; the caller records the answer."""
        visit_id = _visit_cookie()
        key = _guard_key()
        visit = guard.visit_key(key, visit_id) if visit_id else None
        status, seq, issued = guard.read_nonce(key, user_input.id, visit_id,
                                               post.get("cx_nps_nonce"))
        now = time.time()
        Audit = request.env["cx.nps.answer.audit"].sudo()
        history = Audit._cx_history(user_input.id, _from_epoch(issued)) \
            if issued is not None else []
        if score is None and kind == guard.KIND_CONFIRM:
            verdict = guard.Verdict(guard.VERDICT_REFUSED, guard.REASON_BAD_SCORE)
        else:
            verdict = guard.confirm_verdict(
                request.httprequest.method, _user_agent(), status, visit, seq, issued, now,
                history, user_input._cx_answer_state(), user_input._cx_open_reason())
        nonce = None
        if verdict.verdict == guard.VERDICT_COUNTED:
            nonce = guard.make_nonce(key, user_input.id, visit_id, seq + 1, issued)
            with mute_logger("odoo.sql_db"):
                user_input._cx_record_visit(visit, seq, now, final=False)
        Audit._cx_log(user_input, kind, verdict, score=score, visit=visit,
                      user_agent=_user_agent(), now=_from_epoch(now))
        return verdict, nonce

    @http.route(["/cx_nps/submit/<string:token>"], type="http", auth="public",
                methods=["POST"], csrf=False, website=True, sitemap=False)
    def cx_nps_submit(self, token, **post):
        """The submit button of an NPS page: survey's own script posts here (JSON
        reply, like /survey/submit); without script the browser does (a page)."""
        user_input = _find_nps_token(token)
        scripted = request.httprequest.headers.get("X-Requested-With") == "XMLHttpRequest"
        if not user_input:
            if scripted:
                return json.dumps({"errors": {"": _("This survey link is not valid.")}})
            return _refused(_("This survey link is not valid."), status=404)
        user_input = _in_customer_language(user_input)
        reply = self._cx_submit(user_input, user_input.survey_id, post, _channel(post))
        if scripted:
            return json.dumps(reply)
        if reply.get("errors"):
            return _refused(" ".join(reply["errors"].values()))
        return request.redirect(reply["redirect"], code=303)

    def _cx_submit(self, user_input, survey, post, channel):
        """The submit of the page of an NPS token: the page's questions validated as
        survey does, the guard, then survey's own saving of the lines and the
        response from them (the light path). Returns survey's JSON reply."""
        if user_input.survey_id != survey:
            return {"errors": {_error_tag(survey, post): user_input._cx_reason_message(
                REASON_OTHER_SURVEY)}}
        try:
            page_id = int(post.get("page_id"))
        except (TypeError, ValueError):
            page_id = None
        page = survey.sudo().page_ids.filtered(lambda p: p.id == page_id)
        if not page:
            return {"errors": {_error_tag(survey, post): _(
                "This form is incomplete. Please reload the page and answer again.")}}
        questions = request.env["survey.question"].search([("page_id", "=", page.id)])
        errors = {}
        for question in questions:
            tag = "%s_%s_%s" % (survey.id, page.id, question.id)
            errors.update(question.validate_question(post, tag))
        if errors:
            return {"errors": errors}
        nps_question = survey._cx_nps_question()
        score = None
        if nps_question in questions:
            tag = "%s_%s_%s" % (survey.id, page.id, nps_question.id)
            label = nps_question.labels_ids.filtered(
                lambda l: str(l.id) == (post.get(tag) or "").strip())[:1]
            score = nps.parse_score(label.cx_nps_score) if label else None
        _lock(user_input.token)
        verdict, _nonce = self._cx_guard(user_input, guard.KIND_SUBMIT, score, post)
        if verdict.verdict != guard.VERDICT_COUNTED:
            return {"errors": {_error_tag(survey, post): user_input._cx_reason_message(
                verdict.reason)}}
        Line = request.env["survey.user_input_line"].sudo()
        with mute_logger("odoo.sql_db"):
            for question in questions:
                Line.save_lines(user_input.id, question, post,
                                "%s_%s_%s" % (survey.id, page.id, question.id))
            user_input._cx_mark_page_done(page)
            if user_input.state == "done":
                # the person pressed the last submit: the answer is final now
                user_input._cx_record_visit(user_input.sudo().cx_nps_visit_key,
                                            user_input.sudo().cx_nps_visit_seq,
                                            time.time(), final=True)
            user_input._cx_nps_sync(channel=channel)
        return {"redirect": "/survey/fill/%s/%s" % (survey.id, user_input.token)}

    # ------------------------------------------------------------------ opt-out
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

    # ------------------------------------------------------------------ survey's routes
    @http.route()
    def start_survey(self, survey, token=None, **post):
        user_input = _find_token(token) if token else None
        if _closed_campaign(user_input):
            user_input = _in_customer_language(user_input)
            return _refused(user_input._cx_check_open(), status=403)
        return super(CxNpsSurvey, self).start_survey(survey, token=token, **post)

    @http.route()
    def fill_survey(self, survey, token, prev=None, **post):
        """Survey's page; for an NPS token it carries a nonce of the visit, so that its
        submit (and its score, once chosen) confirm like a score link's page."""
        user_input = _find_token(token)
        if _closed_campaign(user_input):
            user_input = _in_customer_language(user_input)
            return _refused(user_input._cx_check_open(), status=403)
        if user_input and user_input.partner_id and user_input.state != "done" and \
                user_input.survey_id == survey.sudo() and survey.sudo().cx_has_nps_question:
            user_input = _in_customer_language(user_input)
        response = super(CxNpsSurvey, self).fill_survey(survey, token, prev=prev, **post)
        if user_input and user_input.partner_id and user_input.state != "done" and \
                user_input.survey_id == survey.sudo() and \
                survey.sudo().cx_has_nps_question and \
                getattr(response, "template", None) == "survey.survey":
            visit_id = _visit_cookie()
            new_visit = not visit_id
            visit_id = visit_id or uuid.uuid4().hex
            key = _guard_key()
            answer = user_input._cx_answer_state()
            seq = guard.next_seq(answer, guard.visit_key(key, visit_id))
            response.qcontext.update(self._cx_page_values(
                user_input, key, visit_id, seq, time.time(), channel=CHANNEL_WEB))
            response = self._cx_visit_response(response, visit_id, new_visit)
        return response

    @http.route()
    def submit(self, survey, **post):
        """Survey's own submit: for an NPS token it is a confirmation like the page's
        (the nonce, the visit's cookie, the guard); other surveys as survey does."""
        user_input = _find_token(post.get("token") or "")
        if user_input:
            user_input = _in_customer_language(user_input)
        if user_input.cx_nps_campaign_id or user_input.survey_id.cx_has_nps_question:
            if not user_input.partner_id:
                return json.dumps({"errors": {_error_tag(survey, post): _(
                    "This survey link is not valid.")}})
            return json.dumps(self._cx_submit(user_input, survey.sudo(), post, CHANNEL_WEB))
        if survey.sudo()._cx_nps_question():
            return json.dumps({"errors": {_error_tag(survey, post): _(
                "This survey link is not valid.")}})
        return super(CxNpsSurvey, self).submit(survey, **post)


def _channel(post):
    via = request.httprequest.args.get("via") or post.get("via")
    return via if via in _CHANNELS else CHANNEL_WEB
