# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import datetime
from collections import defaultdict

from psycopg2.extras import execute_values

from odoo import SUPERUSER_ID, _, api, fields, models, tools
from odoo.exceptions import AccessError, UserError

from odoo.addons.cx_experience import lang as cx_lang

from ..domain import answer_guard as guard
from ..domain import nps
from .cx_nps_campaign import STATES_ANSWERING

CHANNEL_EMAIL_CLICK = "email_click"
CHANNEL_WEB = "web"
CHANNEL_MANUAL = "manual"

#: reasons of a refusal that only the survey routes have (not the guard's)
REASON_INVALID = "invalid"
REASON_OTHER_SURVEY = "other_survey"
REASON_NO_QUESTION = "no_question"

_EPOCH = datetime.datetime(1970, 1, 1)


def _epoch(value):
    """Seconds since 1970 of a UTC datetime of Odoo (a string or a naive datetime)."""
    if not value:
        return None
    if isinstance(value, str):
        value = fields.Datetime.from_string(value)
    return (value - _EPOCH).total_seconds()


def _from_epoch(seconds):
    return _EPOCH + datetime.timedelta(seconds=seconds)


class SurveyUserInput(models.Model):
    """A survey token doubles as the personal NPS invitation of a campaign."""

    _inherit = "survey.user_input"

    cx_nps_campaign_id = fields.Many2one(
        "cx.nps.campaign", string="NPS campaign", index=True, readonly=True,
        ondelete="cascade")
    cx_nps_sent_date = fields.Datetime(string="Invited on", index=True, readonly=True)
    cx_nps_reminder_count = fields.Integer(string="Reminders sent", readonly=True)
    cx_nps_last_reminder = fields.Datetime(string="Last reminder", readonly=True)
    cx_nps_source_model = fields.Char(string="Sent after (model)", readonly=True)
    cx_nps_source_id = fields.Integer(string="Sent after (record)", readonly=True)
    cx_nps_response_id = fields.One2many(
        "cx.nps.response", "user_input_id", string="NPS response", readonly=True)
    # The visit that answered (answer_guard): a keyed hash of its cookie, the last
    # nonce sequence it used, when it first answered, until when it may correct.
    cx_nps_visit_key = fields.Char(string="Answering visit", readonly=True, copy=False,
                                   groups="base.group_system")
    cx_nps_visit_seq = fields.Integer(string="Last nonce of the visit", readonly=True,
                                      copy=False, groups="base.group_system")
    cx_nps_answered_date = fields.Datetime(string="Answered on", readonly=True, copy=False)
    cx_nps_final_date = fields.Datetime(
        string="Answer final on", readonly=True, copy=False,
        help="Until then the visit that answered may still correct its score; after it "
             "the answer is final (the promoter email waits for it).")

    def init(self):
        """Invitations per campaign and sending day: the daily cap, response rates.

        (init is called by the module loader only: Odoo refuses it over RPC like the
        private methods, see odoo.models.check_method_name.)
        """
        self.env.cr.execute("""
            CREATE INDEX IF NOT EXISTS survey_user_input_cx_nps_campaign_sent_idx
                ON survey_user_input (cx_nps_campaign_id, cx_nps_sent_date)
             WHERE cx_nps_campaign_id IS NOT NULL""")
        # every public answer route finds its invitation by token (survey 11.0 has no
        # index on it: a sequential scan per request)
        self.env.cr.execute("""
            CREATE INDEX IF NOT EXISTS survey_user_input_token_idx
                ON survey_user_input (token)""")

    # ----------------------------------------------------------------- engine only
    # Survey 11.0 lets every user, portal included, create and write survey.user_input
    # (its ACL has no group). An invitation to an NPS survey is a customer's voice in
    # the statistics, the quadrant and the follow-ups: only the engine (server code
    # under sudo: campaigns, crons, the public routes) creates, changes or deletes one.
    @api.model
    def _cx_check_engine(self, surveys, vals=None):
        if self.env.uid == SUPERUSER_ID:
            return
        if (vals and vals.get("cx_nps_campaign_id")) or \
                any(surveys.sudo().mapped("cx_has_nps_question")) or \
                any(self.sudo().mapped("cx_nps_campaign_id")):
            raise AccessError(_("Invitations to an NPS survey are created and changed by "
                                "the NPS campaigns only."))

    @api.model
    def create(self, vals):
        self._cx_check_engine(self.env["survey.survey"].browse(vals.get("survey_id")), vals)
        return super(SurveyUserInput, self).create(vals)

    @api.multi
    def write(self, vals):
        surveys = self.sudo().mapped("survey_id")
        if vals.get("survey_id"):
            surveys |= surveys.browse(vals["survey_id"])
        self._cx_check_engine(surveys, vals)
        return super(SurveyUserInput, self).write(vals)

    @api.multi
    def unlink(self):
        self._cx_check_engine(self.sudo().mapped("survey_id"))
        return super(SurveyUserInput, self).unlink()

    # ----------------------------------------------------------------- links
    # Called from the invitation and reminder templates (rendered by the engine under
    # sudo; mail templates cannot call private methods): public, but they give the
    # link only to a caller who may read the invitation, and they change nothing.
    @api.multi
    def _cx_link_base(self):
        self.ensure_one()
        self.check_access_rights("read")
        self.check_access_rule("read")
        return self.env["ir.config_parameter"].sudo().get_param("web.base.url", "")

    @api.multi
    def cx_nps_answer_url(self, score):
        """Score link: opens the survey with ``score`` chosen; the page confirms it."""
        base = self._cx_link_base()
        return "%s/cx_nps/answer/%s/%d" % (base, self.token, int(score))

    @api.multi
    def cx_nps_answer_base(self):
        """The score link without its score: add /<score> (one call per email)."""
        base = self._cx_link_base()
        return "%s/cx_nps/answer/%s" % (base, self.token)

    @api.multi
    def cx_nps_score_colour(self, score):
        """The colour of the button of ``score`` in the e-mail (domain/nps.py)."""
        self._cx_link_base()
        return nps.score_colour(int(score))

    @api.multi
    def cx_nps_honeypot_url(self):
        """The hidden link of the email: no person sees it, a link scanner opens it."""
        base = self._cx_link_base()
        return "%s/cx_nps/open/%s" % (base, self.token)

    @api.multi
    def cx_nps_optout_url(self):
        base = self._cx_link_base()
        return "%s/cx_nps/optout/%s" % (base, self.token)

    @api.multi
    def cx_nps_survey_url(self):
        base = self._cx_link_base()
        return "%s/survey/start/%s/%s" % (base, self.survey_id.id, self.token)

    # ----------------------------------------------------------------- answers
    @api.multi
    def _cx_open_reason(self, survey=None):
        """The guard's reason code why this token takes no NPS answer now (closed,
        expired, another survey, no NPS question), or None when it takes one. An
        answered token is open: who may still change its answer is the guard's rule."""
        self.ensure_one()
        if survey is not None and self.survey_id != survey:
            return REASON_OTHER_SURVEY
        campaign = self.sudo().cx_nps_campaign_id
        if campaign and campaign.state not in STATES_ANSWERING:
            return guard.REASON_CLOSED
        if self.deadline and fields.Datetime.from_string(self.deadline) < \
                datetime.datetime.utcnow():
            return guard.REASON_EXPIRED
        if not self.survey_id._cx_nps_question():
            return REASON_NO_QUESTION
        return None

    @api.model
    def _cx_reason_message(self, reason):
        """What the customer reads when a request is not counted, in its language."""
        messages = {
            REASON_INVALID: _("This survey link is not valid."),
            REASON_OTHER_SURVEY: _("This survey link belongs to another survey."),
            REASON_NO_QUESTION: _("This survey has no NPS question."),
            guard.REASON_CLOSED: _("This survey is closed and no longer records answers. "
                                   "Thank you for your time."),
            guard.REASON_EXPIRED: _("This survey link has expired."),
            guard.REASON_ANSWERED: _("This survey has already been answered. Thank you!"),
            guard.REASON_FINAL: _("This survey has already been answered. Thank you!"),
            guard.REASON_BAD_SCORE: _("Please choose a score from 0 to 10."),
            guard.REASON_STALE: _("This page was open for a long time. Please open the "
                                  "link of our email again."),
            guard.REASON_TOO_FAST: _("Please take a moment to check your answer, then press "
                                     "the button again."),
        }
        return messages.get(reason) or _(
            "We could not record your answer from this page. Please open the link of our "
            "email again.")

    @api.multi
    def _cx_check_open(self, survey=None):
        """Why this token cannot take a first NPS answer now (a message), or None."""
        if not self:
            return self._cx_reason_message(REASON_INVALID)
        self.ensure_one()
        if self.state == "done" and (survey is None or self.survey_id == survey):
            return self._cx_reason_message(guard.REASON_ANSWERED)
        reason = self._cx_open_reason(survey)
        return self._cx_reason_message(reason) if reason else None

    @api.multi
    def _cx_answer_state(self):
        """The token's recorded answer for the guard (guard.Answer), or None."""
        self.ensure_one()
        engine = self.sudo()
        if not engine.cx_nps_visit_key:
            return None
        return guard.Answer(engine.cx_nps_visit_key, engine.cx_nps_visit_seq,
                            _epoch(engine.cx_nps_answered_date),
                            _epoch(engine.cx_nps_final_date))

    @api.multi
    def _cx_record_visit(self, visit, seq, now, final):
        """The visit that answered (first answer) or corrected, and until when it may
        correct (``final``: the epoch second the answer becomes final)."""
        self.ensure_one()
        answered = self.sudo().cx_nps_answered_date
        first = _epoch(answered) if answered else now
        deadline = _epoch(self.deadline) if self.deadline else None
        end = guard.final_at(first, deadline, now if final else None)
        self.env.cr.execute("""
            UPDATE survey_user_input
               SET cx_nps_visit_key = %s, cx_nps_visit_seq = %s,
                   cx_nps_answered_date = COALESCE(cx_nps_answered_date, %s),
                   cx_nps_final_date = %s
             WHERE id = %s""", (visit, seq, _from_epoch(now), _from_epoch(end), self.id))
        self.invalidate_cache(["cx_nps_visit_key", "cx_nps_visit_seq", "cx_nps_answered_date",
                               "cx_nps_final_date"], self.ids)

    @api.multi
    def _cx_nps_label(self, score):
        """The choice of the NPS question for a score 0-10 (UserError otherwise)."""
        self.ensure_one()
        value = nps.parse_score(score)
        if value is None:
            raise UserError(_("A score goes from 0 to 10."))
        question = self.survey_id._cx_nps_question()
        label = question.labels_ids.filtered(lambda l: l.cx_nps_score == value)[:1]
        if not label:
            raise UserError(_("The NPS question has no choice for the score %d.") % value)
        return question, label

    @api.multi
    def _cx_record_light(self, score, channel=CHANNEL_EMAIL_CLICK, comment=None):
        """The light answer path: the NPS survey line, the token's state and the
        response, in a few statements; the rest (interaction, latest flags,
        satisfaction index, quadrant, follow-up, promoter email) is left to the job
        that runs every minute (cx.nps.response._cron_apply_answers). ``comment``
        None keeps the comment already given. Returns the response."""
        self.ensure_one()
        question, label = self._cx_nps_label(score)
        engine = self.sudo()
        self.env.cr.execute("""
            WITH gone AS (
                DELETE FROM survey_user_input_line
                 WHERE user_input_id = %(input)s AND question_id = %(question)s
                   AND answer_type = 'suggestion')
            INSERT INTO survey_user_input_line (user_input_id, question_id, survey_id,
                date_create, skipped, answer_type, value_suggested, quizz_mark,
                create_uid, create_date, write_uid, write_date)
            SELECT %(input)s, %(question)s, %(survey)s, %(now)s, false, 'suggestion', l.id,
                   l.quizz_mark, %(uid)s, %(now)s, %(uid)s, %(now)s
              FROM survey_label l WHERE l.id = %(label)s""", {
            "input": self.id, "question": question.id, "survey": engine.survey_id.id,
            "label": label.id, "uid": self.env.uid, "now": fields.Datetime.now()})
        self.invalidate_cache(["user_input_line_ids"], self.ids)
        self._cx_mark_page_done(question.page_id)
        return self.env["cx.nps.response"].sudo()._cx_upsert(
            engine, label.cx_nps_score, comment, channel)

    @api.multi
    def _cx_mark_page_done(self, page):
        """The token's state after answering ``page``: done when it was the last page,
        as survey's own submit does."""
        self.ensure_one()
        next_page, _nr, _last = self.env["survey.survey"].sudo().next_page(
            self.sudo(), page.id, go_back=False)
        self.env.cr.execute("""
            UPDATE survey_user_input SET state = %s, last_displayed_page_id = %s,
                   write_date = %s WHERE id = %s""", (
            "done" if next_page is None else "skip", page.id, fields.Datetime.now(),
            self.id))
        self.invalidate_cache(["state", "last_displayed_page_id"], self.ids)

    @api.multi
    def _cx_record_score(self, score, channel=CHANNEL_EMAIL_CLICK):
        """Record a score on this token from server code (imports, tests): the light
        path, then the side effects at once. The public routes do not call this:
        they run the guard first and leave the side effects to the job.

        Refuses (UserError, nothing written) a score outside 0-10 or a closed token.
        """
        self.ensure_one()
        problem = self._cx_check_open()
        if problem:
            raise UserError(problem)
        response = self._cx_record_light(score, channel)
        response._cx_apply_answers(response.ids)
        return response

    @api.multi
    def _cx_nps_sync(self, channel=CHANNEL_WEB):
        """Create or update the one NPS response of each token from its survey lines
        (after survey's own submit wrote them); the side effects are the job's."""
        Response = self.env["cx.nps.response"].sudo()
        responses = Response
        for user_input in self.sudo():
            question = user_input.survey_id._cx_nps_question()
            if not question or not user_input.partner_id:
                continue
            lines = user_input.user_input_line_ids
            chosen = lines.filtered(lambda l: l.question_id == question and
                                    l.answer_type == "suggestion")[:1]
            score = nps.parse_score(chosen.value_suggested.cx_nps_score) if chosen else None
            if score is None:
                continue
            comment_question = user_input.survey_id._cx_nps_comment_question()
            texts = lines.filtered(
                lambda l: (l.question_id == comment_question and comment_question) or
                (l.question_id == question and l.answer_type == "text"))
            comment = "\n".join(t.value_free_text or t.value_text or "" for t in texts).strip()
            comment = comment[:nps.MAX_COMMENT_LENGTH]
            responses |= Response._cx_upsert(user_input, score, comment or False, channel)
        return responses

    # ----------------------------------------------------------------- emails
    @api.multi
    def _cx_queue_emails(self, template):
        """Render ``template`` for these tokens in each partner's language and queue it.

        Rendering is batched per language; the messages are inserted into mail.message
        and mail.mail (state outgoing) in a few statements. The mail queue cron sends
        them later.
        """
        if not template or not self:
            return 0
        # a customer without a language (or with one no longer installed) reads the
        # company's, not English (read before the recipients' query: they query too)
        installed = cx_lang.installed_langs(self.env)
        default_lang = cx_lang.company_lang(self.env)
        # plain SQL for the recipients: no name_get nor prefetch of every partner column
        self.env.cr.execute("""
            SELECT ui.id, p.lang, p.name, COALESCE(ui.email, p.email)
              FROM survey_user_input ui JOIN res_partner p ON p.id = ui.partner_id
             WHERE ui.id = ANY(%s) ORDER BY ui.id""", (self.ids,))
        by_lang = defaultdict(list)
        recipients = {}
        for input_id, lang, name, email in self.env.cr.fetchall():
            by_lang[lang if lang in installed else default_lang].append(input_id)
            recipients[input_id] = tools.formataddr((name or "", email or ""))
        now = fields.Datetime.now()
        company = self.env.user.company_id
        default_from = company.email and tools.formataddr((company.name, company.email)) or False
        queued = 0
        for lang, ids in by_lang.items():
            # prefetch_fields=False: the template reads a few fields of thousands of records
            tmpl = template.sudo().with_context(lang=lang, prefetch_fields=False)
            subjects = tmpl.render_template(tmpl.subject, "survey.user_input", ids)
            # the links of the templates are absolute already: no post-processing
            bodies = tmpl.render_template(tmpl.body_html, "survey.user_input", ids)
            senders = tmpl.render_template(tmpl.email_from, "survey.user_input", ids[:1]) \
                if tmpl.email_from else {}
            email_from = senders.get(ids[0]) or default_from
            message_rows = [(subjects[i], now, bodies[i], "survey.user_input", i, "email",
                             email_from, email_from, tools.generate_tracking_message_id(i),
                             self.env.uid, now, self.env.uid, now) for i in ids]
            message_ids = [r[0] for r in execute_values(self.env.cr, """
                INSERT INTO mail_message (subject, date, body, model, res_id, message_type,
                    email_from, reply_to, message_id, create_uid, create_date, write_uid,
                    write_date)
                VALUES %s RETURNING id""", message_rows, fetch=True, page_size=1000)]
            mail_rows = [(mid, bodies[i], recipients[i], "outgoing", True, False,
                          self.env.uid, now, self.env.uid, now)
                         for mid, i in zip(message_ids, ids)]
            execute_values(self.env.cr, """
                INSERT INTO mail_mail (mail_message_id, body_html, email_to, state,
                    auto_delete, notification, create_uid, create_date, write_uid,
                    write_date)
                VALUES %s""", mail_rows, page_size=1000)
            queued += len(ids)
        return queued

    @api.model
    def _cx_send_reminders(self, now=None):
        """Queue reminders to non-responders of running campaigns, in bulk.

        Selects only the tokens that need one (not answered, still open, fewer
        reminders than the campaign allows, last contact older than the delay) and
        locks them (SKIP LOCKED) so two runs never remind twice.
        """
        now = now or datetime.datetime.now()
        self.env.cr.execute("""
            SELECT ui.id, c.id FROM survey_user_input ui
              JOIN cx_nps_campaign c ON c.id = ui.cx_nps_campaign_id
             WHERE c.state = 'running' AND ui.state != 'done'
               AND ui.cx_nps_reminder_count < c.reminder_max
               AND (ui.deadline IS NULL OR ui.deadline > %(now)s)
               AND COALESCE(ui.cx_nps_last_reminder, ui.cx_nps_sent_date)
                   <= %(now)s - make_interval(days => c.reminder_days)
               AND NOT EXISTS (SELECT 1 FROM cx_nps_response r WHERE r.user_input_id = ui.id)
             FOR UPDATE OF ui SKIP LOCKED
        """, {"now": now})
        by_campaign = defaultdict(list)
        for input_id, campaign_id in self.env.cr.fetchall():
            by_campaign[campaign_id].append(input_id)
        total = 0
        for campaign_id, ids in by_campaign.items():
            campaign = self.env["cx.nps.campaign"].sudo().browse(campaign_id)
            self.env.cr.execute("""
                UPDATE survey_user_input
                   SET cx_nps_reminder_count = cx_nps_reminder_count + 1,
                       cx_nps_last_reminder = %s
                 WHERE id = ANY(%s)""", (now, ids))
            total += self.browse(ids)._cx_queue_emails(
                campaign.reminder_template_id or campaign.invitation_template_id)
        self.invalidate_cache(["cx_nps_reminder_count", "cx_nps_last_reminder"])
        return total
