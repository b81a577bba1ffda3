# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import datetime

from odoo import _, api, fields, models

from ..domain import answer_guard as guard

KIND_LABELS = [
    (guard.KIND_VIEW, "Score link opened"), (guard.KIND_HEAD, "HEAD request"),
    (guard.KIND_HONEYPOT, "Hidden link opened"), (guard.KIND_CONFIRM, "Confirmation by the page"),
    (guard.KIND_SUBMIT, "Submit button")]
VERDICT_LABELS = [
    (guard.VERDICT_SHOWN, "Page shown"), (guard.VERDICT_COUNTED, "Counted"),
    (guard.VERDICT_AUTOMATED, "Automated: not counted"),
    (guard.VERDICT_REFUSED, "Refused: not counted")]
REASON_LABELS = [
    (guard.REASON_PAGE, "Survey page shown with the score chosen"),
    (guard.REASON_FIRST, "First answer of the link"),
    (guard.REASON_CORRECTION, "Corrected by the same visit"),
    (guard.REASON_HEAD, "HEAD request (no page shown)"),
    (guard.REASON_AGENT, "User agent of a link scanner"),
    (guard.REASON_NO_AGENT, "No user agent"),
    (guard.REASON_BURST, "Several scores of the link within seconds"),
    (guard.REASON_HONEYPOT, "Hidden link of the email (no person sees it)"),
    (guard.REASON_METHOD, "Not a POST"),
    (guard.REASON_NO_COOKIE, "Without the cookie of the visit"),
    (guard.REASON_BAD_NONCE, "Missing, forged or foreign nonce"),
    (guard.REASON_TOO_FAST, "Faster than a person can read the page"),
    (guard.REASON_REPLAY, "Replay of a request already received"),
    (guard.REASON_STALE, "Page left open too long"),
    (guard.REASON_ANSWERED, "Already answered from another visit"),
    (guard.REASON_FINAL, "The answer can no longer change"),
    (guard.REASON_EXPIRED, "Link expired"),
    (guard.REASON_CLOSED, "Campaign paused or closed"),
    (guard.REASON_BAD_SCORE, "Not a score from 0 to 10")]

#: longest user agent kept (characters)
MAX_AGENT = 200


class CxNpsAnswerAudit(models.Model):
    """One request on an NPS answer link and what was decided about it.

    Append-only and written by the engine only, in one INSERT per request (the
    public routes call ``_cx_log``); CX managers read it. Nothing in it identifies
    the customer beyond the invitation it concerns (no address, no cookie: the visit
    is a keyed hash of the cookie, cut short).
    """

    _name = "cx.nps.answer.audit"
    _inherit = "cx.engine.owned"
    _description = "NPS answer link request"
    _order = "date desc, id desc"
    _log_access = False
    _rec_name = "reason"

    date = fields.Datetime(required=True, readonly=True, index=True,
                           default=fields.Datetime.now)
    campaign_id = fields.Many2one("cx.nps.campaign", string="Campaign", readonly=True,
                                  index=True, ondelete="cascade")
    user_input_id = fields.Many2one("survey.user_input", string="Invitation", readonly=True,
                                    ondelete="cascade")
    partner_id = fields.Many2one(related="user_input_id.partner_id", string="Customer",
                                 readonly=True)
    kind = fields.Selection(KIND_LABELS, string="Request", required=True, readonly=True)
    verdict = fields.Selection(VERDICT_LABELS, required=True, readonly=True)
    reason = fields.Selection(REASON_LABELS, required=True, readonly=True)
    score = fields.Integer(readonly=True, group_operator=False,
                           help="The score of the link or of the confirmation, if any.")
    visit = fields.Char(string="Browser visit", readonly=True,
                        help="A short keyed hash of the visit's cookie: the requests of one "
                             "browser share it; empty without cookie.")
    user_agent = fields.Char(readonly=True)

    @api.multi
    def name_get(self):
        """The decision in the reader's language (the reason is a selection: its code
        would show otherwise)."""
        labels = dict(self._fields["reason"]._description_selection(self.env))
        verdicts = dict(self._fields["verdict"]._description_selection(self.env))
        return [(rec.id, "%s: %s" % (verdicts.get(rec.verdict, rec.verdict or ""),
                                     labels.get(rec.reason, rec.reason or "")))
                for rec in self]

    def init(self):
        """The history of one invitation, read on each answer (called by the module
        loader only, like the other init methods)."""
        self.env.cr.execute("""
            CREATE INDEX IF NOT EXISTS cx_nps_answer_audit_input_date_idx
                ON cx_nps_answer_audit (user_input_id, date)""")

    # ----------------------------------------------------------------- append-only
    def _cx_engine_refusal(self):
        return _("The log of the NPS answer links is written by the NPS engine only and "
                 "cannot be changed.")

    # ----------------------------------------------------------------- engine
    @api.model
    def _cx_log(self, user_input, kind, verdict, score=None, visit=None, user_agent=None,
                now=None):
        """One row for one request: a single INSERT, no ORM machinery."""
        self.env.cr.execute("""
            INSERT INTO cx_nps_answer_audit (date, campaign_id, user_input_id, kind,
                                             verdict, reason, score, visit, user_agent)
            VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)""", (
            now or datetime.datetime.utcnow(), user_input.cx_nps_campaign_id.id or None,
            user_input.id, kind, verdict.verdict, verdict.reason, score,
            (visit or "")[:12] or None, (user_agent or "")[:MAX_AGENT] or None))

    @api.model
    def _cx_history(self, user_input_id, around, seconds=guard.HISTORY_SECONDS):
        """The openings of a token within ``seconds`` of ``around`` (a datetime), as
        guard.Event with times in seconds since ``around``'s epoch."""
        self.env.cr.execute("""
            SELECT extract(epoch FROM date), kind, score FROM cx_nps_answer_audit
             WHERE user_input_id = %s AND kind IN %s
               AND date BETWEEN %s AND %s""", (
            user_input_id, guard.OPENING_KINDS,
            around - datetime.timedelta(seconds=seconds),
            around + datetime.timedelta(seconds=seconds)))
        return [guard.Event(float(at), kind, score) for at, kind, score in self.env.cr.fetchall()]

    @api.model
    def _cx_counts(self, campaign_ids):
        """{campaign id: (links opened by a scanner, requests not counted)}."""
        if not campaign_ids:
            return {}
        self.env.cr.execute("""
            SELECT campaign_id,
                   count(DISTINCT user_input_id) FILTER (WHERE verdict = %s),
                   count(*) FILTER (WHERE verdict IN %s)
              FROM cx_nps_answer_audit WHERE campaign_id = ANY(%s)
             GROUP BY campaign_id""", (
            guard.VERDICT_AUTOMATED, (guard.VERDICT_AUTOMATED, guard.VERDICT_REFUSED),
            list(campaign_ids)))
        return {row[0]: (row[1], row[2]) for row in self.env.cr.fetchall()}
