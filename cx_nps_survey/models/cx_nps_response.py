# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import datetime
import logging
import time
from collections import defaultdict

import psycopg2
from psycopg2.extras import execute_values

from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import mute_logger, plaintext2html

from odoo.addons.cx_experience import lang as cx_lang
from odoo.addons.cx_experience import locks
from odoo.addons.cx_experience.actions import open_action

from .. import messages as msg
from ..domain import answer_loop as loop
from ..domain import followup as fu
from ..domain import nps
from ..domain.answer_loop import (FOLLOWUP_CANCELLED, FOLLOWUP_CONTACTED, FOLLOWUP_LOST,
                                  FOLLOWUP_OPEN, FOLLOWUP_RESOLVED)
from .cx_nps_campaign import FOLLOWUP_ACTIVITY, FOLLOWUP_NONE, FOLLOWUP_TICKET
from .survey_user_input import CHANNEL_EMAIL_CLICK, CHANNEL_MANUAL, CHANNEL_WEB

_logger = logging.getLogger(__name__)

#: advisory lock (namespace, key) of the job that applies the answers' side effects
JOB_LOCK = locks.NPS_ANSWER_JOB
#: answers handled per batch of the job (one transaction each in the scheduled job),
#: and the seconds after which a run stops (Odoo's workers are killed at 120 s)
JOB_BATCH = 100
JOB_SECONDS = 50

#: what staff may change on an answer: its follow-up. The rest is what the customer
#: answered (or the engine derived from it) and only the engine writes it.
#: (mail.thread writes the followers as the user who subscribes, after its own checks)
STAFF_WRITABLE = frozenset(("followup_state", "followup_deadline", "message_follower_ids",
                            "message_last_post"))
#: engine-owned fields a manager's manual answer cannot set
ENGINE_ONLY = ("user_input_id", "is_latest", "interaction_id", "followup_state",
               "followup_date", "followup_days", "followup_ref", "promoter_mail_sent",
               "cx_todo", "cx_mail_pending", "followup_user_id", "followup_reason_id",
               "followup_note", "cx_escalation_id")
#: taken from the customer when the answer is recorded, never from the caller
SEGMENT_FIELDS = ("tier_id", "stage_id", "country_id", "team_id", "user_id")


class CxNpsResponse(models.Model):
    _name = "cx.nps.response"
    _description = "NPS response"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"
    _rec_name = "partner_id"

    partner_id = fields.Many2one("res.partner", string="Customer", required=True,
                                 index=True, ondelete="cascade")
    campaign_id = fields.Many2one("cx.nps.campaign", index=True, ondelete="cascade")
    user_input_id = fields.Many2one(
        "survey.user_input", string="Invitation", index=True, ondelete="set null",
        readonly=True, copy=False)
    score = fields.Integer(required=True, group_operator="avg", track_visibility="onchange",
                           help="Answer to 'would you recommend us?', 0 to 10.")
    category = fields.Selection(
        [(nps.PROMOTER, "Promoter"), (nps.PASSIVE, "Passive"), (nps.DETRACTOR, "Detractor")],
        compute="_compute_category", store=True, index=True,
        help="0-6 detractor, 7-8 passive, 9-10 promoter.")
    nps_value = fields.Integer(
        string="NPS", compute="_compute_category", store=True, group_operator="avg",
        help="+100 for a promoter, 0 for a passive, -100 for a detractor: the average "
             "of this column over any group is the NPS of that group.")
    comment = fields.Text(help="The customer's answer to 'why?'.")
    date = fields.Datetime(required=True, index=True, default=fields.Datetime.now)
    channel = fields.Selection(
        [(CHANNEL_EMAIL_CLICK, "One click in the email"), (CHANNEL_WEB, "Survey page"),
         (CHANNEL_MANUAL, "Entered by hand")], default=CHANNEL_MANUAL, required=True)
    touchpoint_id = fields.Many2one("cx.touchpoint", index=True, ondelete="set null")
    interaction_id = fields.Many2one("cx.interaction", readonly=True, ondelete="set null",
                                     copy=False)
    is_latest = fields.Boolean(
        string="Latest answer of the customer", index=True, readonly=True, copy=False,
        help="Set on each customer's most recent answer only: the all-time customer NPS "
             "counts these.")
    # segment of the customer when it answered (stored: reports group on them in SQL)
    tier_id = fields.Many2one("cx.tier", string="Value tier", index=True, readonly=True)
    stage_id = fields.Many2one("cx.lifecycle.stage", string="Lifecycle stage", index=True,
                               readonly=True)
    country_id = fields.Many2one("res.country", index=True, readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales team", index=True, readonly=True)
    user_id = fields.Many2one("res.users", string="Account manager", index=True,
                              readonly=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True,
        default=lambda self: self.env.user.company_id)

    # closed loop
    followup_state = fields.Selection(
        [(FOLLOWUP_OPEN, "To contact"), (FOLLOWUP_CONTACTED, "Contacted"),
         (FOLLOWUP_RESOLVED, "Resolved"), (FOLLOWUP_LOST, "Lost"),
         (FOLLOWUP_CANCELLED, "Not needed: score changed")],
        string="Follow-up", index=True, copy=False, track_visibility="onchange",
        help="Closed loop on detractors: set when the follow-up is created, then the "
             "outcome.")
    followup_deadline = fields.Date(string="Follow-up deadline", copy=False)
    followup_date = fields.Datetime(string="Follow-up outcome on", copy=False,
                                    readonly=True)
    followup_days = fields.Float(
        string="Days to follow-up", readonly=True, copy=False, group_operator="avg",
        help="Days from the answer to the first recorded outcome.")
    followup_ref = fields.Reference(
        string="Follow-up record", selection="_selection_followup_ref", readonly=True,
        copy=False)
    followup_user_id = fields.Many2one(
        "res.users", string="Follow-up by", index=True, readonly=True, copy=False,
        help="Who calls the customer back: the account manager, else the campaign's "
             "responsible.")
    followup_reason_id = fields.Many2one(
        "cx.nps.followup.reason", string="Root cause", index=True, readonly=True,
        copy=False, ondelete="restrict",
        help="Why the customer was unhappy, recorded after the call.")
    followup_note = fields.Text(string="What was said", readonly=True, copy=False)
    cx_escalation_id = fields.Many2one(
        "mail.activity", string="Escalation", readonly=True, copy=False,
        ondelete="set null",
        help="A strategic customer became a detractor: the activity of the manager "
             "(once per answer).")
    cx_escalated = fields.Boolean(
        string="Escalated", readonly=True, copy=False,
        help="A strategic customer's detractor answer was escalated to the manager.")
    promoter_mail_sent = fields.Boolean(string="Promoter email queued", readonly=True,
                                        copy=False)
    # the light answer path: what the job that runs every minute still has to do
    cx_todo = fields.Boolean(
        string="Effects pending", readonly=True, copy=False,
        help="The answer was recorded; its interaction, the customer's latest score, "
             "satisfaction index and quadrant and the follow-up are applied within a "
             "minute.")
    cx_mail_pending = fields.Boolean(
        string="Promoter email pending", readonly=True, copy=False,
        help="A promoter answer: the thank-you email goes out once the answer is final.")

    _sql_constraints = [
        ("score_range", "CHECK (score >= 0 AND score <= 10)",
         "An NPS score goes from 0 to 10."),
        ("one_per_invitation", "UNIQUE (user_input_id)",
         "An invitation has one response; a new answer updates it."),
    ]

    def init(self):
        """The job reads only the answers that need work: two small partial indexes
        (called by the module loader only)."""
        self.env.cr.execute("""
            CREATE INDEX IF NOT EXISTS cx_nps_response_todo_idx
                ON cx_nps_response (id) WHERE cx_todo""")
        self.env.cr.execute("""
            CREATE INDEX IF NOT EXISTS cx_nps_response_mail_pending_idx
                ON cx_nps_response (id) WHERE cx_mail_pending""")
        # Follow-ups made before their owner was stored: the activity's assignee, else
        # the account manager, else the campaign's responsible (idempotent).
        self.env.cr.execute("""
            UPDATE cx_nps_response r
               SET followup_user_id = COALESCE(a.user_id, r.user_id, c.user_id)
              FROM cx_nps_response r2
              LEFT JOIN mail_activity a ON r2.followup_ref = 'mail.activity,' || a.id
              LEFT JOIN cx_nps_campaign c ON c.id = r2.campaign_id
             WHERE r2.id = r.id AND r.followup_state IS NOT NULL
               AND r.followup_user_id IS NULL""")
        # Answers logged before their summary was rendered when read kept a text frozen
        # in one language ("NPS answer: 4", "Respuesta NPS: 4"): give them their message.
        self.env.cr.execute("""
            WITH forms(text) AS (
                SELECT %(old)s
                 UNION SELECT value FROM ir_translation
                        WHERE type = 'code' AND src = %(old)s AND COALESCE(value, '') != ''
            )
            UPDATE cx_interaction x
               SET summary_template = %(template)s,
                   summary_args = json_build_object('score', r.score)::text,
                   name = replace(%(template)s, '%%(score)s', r.score::text)
              FROM cx_nps_response r, forms
             WHERE x.res_model = 'cx.nps.response' AND x.res_id = r.id
               AND x.summary_template IS NULL
               AND x.name = replace(forms.text, '%%d', r.score::text)
        """, {"old": "NPS answer: %d", "template": msg.NPS_ANSWER})

    @api.model
    def _selection_followup_ref(self):
        models_ = [("mail.activity", _("Activity"))]
        if "helpdesk.ticket" in self.env:
            models_.append(("helpdesk.ticket", _("Helpdesk ticket")))
        return models_

    @api.depends("score")
    def _compute_category(self):
        for response in self:
            value = nps.parse_score(response.score)
            if value is None:
                response.category = False
                response.nps_value = 0
                continue
            response.category = nps.category(value)
            response.nps_value = nps.CATEGORY_VALUE[response.category]

    @api.constrains("score")
    def _check_score(self):
        for response in self:
            if nps.parse_score(response.score) is None:
                raise ValidationError(_("An NPS score goes from 0 to 10, not %s.")
                                      % response.score)

    # ----------------------------------------------------------------- create
    @api.model
    def _segment_values(self, partner):
        commercial = partner.commercial_partner_id
        return {
            "tier_id": commercial.cx_tier_id.id or partner.cx_tier_id.id,
            "stage_id": commercial.cx_stage_id.id or partner.cx_stage_id.id,
            "country_id": partner.country_id.id or commercial.country_id.id,
            "team_id": commercial.team_id.id or partner.team_id.id,
            "user_id": commercial.user_id.id or partner.user_id.id,
        }

    @api.model
    def create(self, vals):
        """Answers come from the engine (sudo); a CX manager may enter one by hand, but
        not the fields the engine derives (segment, flags, follow-up)."""
        engine = self.env.uid == SUPERUSER_ID
        if not engine:
            forced = [name for name in ENGINE_ONLY if vals.get(name)]
            if forced:
                raise AccessError(_(
                    "These fields of an NPS answer are set by the NPS engine, not by "
                    "hand: %s.") % self._cx_field_labels(forced))
        partner = self.env["res.partner"].browse(vals.get("partner_id"))
        for key, value in self._segment_values(partner).items():
            if engine:
                vals.setdefault(key, value)
            else:
                vals[key] = value
        if vals.get("campaign_id") and not vals.get("touchpoint_id"):
            campaign = self.env["cx.nps.campaign"].browse(vals["campaign_id"])
            vals["touchpoint_id"] = campaign.touchpoint_id.id
            vals.setdefault("company_id", campaign.company_id.id)
        if not vals.get("touchpoint_id"):
            vals["touchpoint_id"] = self.env["cx.nps.campaign"]._cx_ensure_touchpoint().id
        vals["cx_todo"] = True
        response = super(CxNpsResponse, self).create(vals)
        # an answer entered by hand or by server code: its effects at once (the public
        # answer path records in SQL and leaves them to the job)
        response._cx_apply_answers(response.ids)
        return response

    @api.multi
    def write(self, vals):
        """Staff change only the follow-up; the answer itself is written by the engine.

        The engine is server code under sudo (or the administrator, uid 1 in Odoo 11);
        no context key opens this door, since a client sends any context it likes.
        """
        if self.env.uid != SUPERUSER_ID:
            fixed = sorted(set(vals) - STAFF_WRITABLE)
            if fixed:
                raise AccessError(_(
                    "An NPS answer is what the customer said: only its follow-up can be "
                    "changed, not %s.") % self._cx_field_labels(fixed))
        changed = "score" in vals or "date" in vals
        if changed:
            vals = dict(vals, cx_todo=True)
        result = super(CxNpsResponse, self).write(vals)
        if changed:
            self._cx_apply_answers(self.ids)
        return result

    @api.model
    def _cx_field_labels(self, names):
        """The labels of these fields in the user's language, for a message."""
        described = self.fields_get(list(names), ["string"])
        return ", ".join(described.get(name, {}).get("string") or name for name in names)

    @api.model
    def _cx_upsert(self, user_input, score, comment, channel):
        """The response of a token, created or updated in one statement (never a
        second one: the unique invitation), flagged for the job. ``comment`` None (or
        False from a score link) keeps the comment already given. The segment comes
        from the customer when it first answers (_segment_values, the one rule)."""
        partner = user_input.partner_id
        campaign = user_input.cx_nps_campaign_id
        segment = self._segment_values(partner)
        category = nps.category(score)
        keep_comment = comment is None or (comment is False and channel == CHANNEL_EMAIL_CLICK)
        touchpoint = campaign.touchpoint_id or self.env["cx.nps.campaign"]._cx_ensure_touchpoint()
        now = fields.Datetime.now()
        self.env.cr.execute("""
            INSERT INTO cx_nps_response (partner_id, campaign_id, user_input_id, score,
                category, nps_value, comment, date, channel, touchpoint_id, tier_id,
                stage_id, country_id, team_id, user_id, company_id, cx_todo,
                create_uid, create_date, write_uid, write_date)
            VALUES (%(partner)s, %(campaign)s, %(input)s, %(score)s, %(category)s,
                    %(value)s, %(comment)s, %(now)s, %(channel)s, %(touchpoint)s,
                    %(tier_id)s, %(stage_id)s, %(country_id)s, %(team_id)s, %(user_id)s,
                    %(company)s, true, %(uid)s, %(now)s, %(uid)s, %(now)s)
            ON CONFLICT (user_input_id) DO UPDATE
               SET score = EXCLUDED.score, category = EXCLUDED.category,
                   nps_value = EXCLUDED.nps_value, date = EXCLUDED.date,
                   comment = CASE WHEN %(keep)s THEN cx_nps_response.comment
                                  ELSE EXCLUDED.comment END,
                   cx_todo = true, write_uid = EXCLUDED.write_uid,
                   write_date = EXCLUDED.write_date
            RETURNING id""", dict({
                key: value or None for key, value in segment.items()}, **{
                "partner": partner.id, "campaign": campaign.id or None,
                "input": user_input.id, "score": score, "category": category,
                "value": nps.CATEGORY_VALUE[category],
                "comment": None if keep_comment else (comment or None),
                "now": now, "channel": channel, "touchpoint": touchpoint.id or None,
                "company": campaign.company_id.id or self.env.user.company_id.id,
                "uid": self.env.uid, "keep": keep_comment}))
        response = self.browse(self.env.cr.fetchone()[0])
        response.invalidate_cache(ids=response.ids)
        user_input.invalidate_cache(["cx_nps_response_id"], user_input.ids)
        return response

    # ----------------------------------------------------------------- side effects
    @api.model
    def _cron_apply_answers(self, commit=False, budget=JOB_SECONDS):
        """The job of every minute: apply the side effects of the answers recorded by
        the light path, then queue the promoter emails of answers now final.

        In batches of JOB_BATCH, each under the advisory try-lock (a second run at the
        same time does nothing) and row locks (SKIP LOCKED); each answer is unflagged
        in the transaction that applies its effects, so two runs never apply them
        twice, and an answer whose worker died before or during this keeps its flag
        until the next run. With ``commit`` (the scheduled job) each batch is
        committed, and a run stops after ``budget`` seconds, far from the workers'
        time limit; the next run goes on. Returns how many answers were applied.
        """
        cr = self.env.cr
        started = time.time()
        done = 0
        while True:
            if not locks.try_xact_lock(cr, *JOB_LOCK):
                break
            try:
                with cr.savepoint(), mute_logger("odoo.sql_db"):
                    applied = self._cx_apply_answers(limit=JOB_BATCH)
                    self._cx_send_due_mails()
            except psycopg2.extensions.TransactionRollbackError:
                # an answer changed under this run (its customer corrected it): the
                # next run applies it from the start
                _logger.info("NPS answers changed while their effects were applied; the "
                             "next run takes them")
                break
            done += applied
            if commit:
                cr.commit()
            if applied < JOB_BATCH or time.time() - started > budget:
                break
        return done

    @api.model
    def _cx_apply_answers(self, ids=None, limit=None):
        """Apply the side effects of the flagged answers (all, or those of ``ids``),
        set-based: one statement selects and locks them, then each kind of effect is
        written for all of them at once: latest flags, interactions (one INSERT for the
        new, one UPDATE for the corrected), follow-ups created, closed and reopened in
        batches, the escalations of strategic detractors, the customers' latest score,
        satisfaction index and quadrant; then they are unflagged, in the same
        transaction as their effects. Returns how many."""
        cr = self.env.cr
        query = "SELECT id FROM cx_nps_response WHERE cx_todo"
        params = []
        if ids is not None:
            query += " AND id = ANY(%s)"
            params.append(list(ids))
        query += " ORDER BY id"
        if limit:
            query += " LIMIT %s"
            params.append(limit)
        cr.execute(query + " FOR UPDATE SKIP LOCKED", params)
        todo_ids = [row[0] for row in cr.fetchall()]
        if not todo_ids:
            return 0
        # what the answer changes elsewhere (the customer's quadrant) is tracked as
        # usual; the answer itself is no chatter event
        engine = self.sudo().with_context(mail_create_nolog=True,
                                          mail_create_nosubscribe=True)
        engine.invalidate_cache(ids=todo_ids)
        rows = engine._cx_job_rows(todo_ids)
        partner_ids = sorted({row["partner_id"] for row in rows})
        engine._update_latest(partner_ids)
        engine._cx_log_interactions(rows)
        engine._cx_apply_followups(rows)
        engine._cx_escalate_strategic(rows)
        engine._cx_feed_partners(partner_ids)
        due = [row["id"] for row in rows if loop.promoter_mail_due(
            row["category"], row["promoter_mail_sent"], row["promoter_template_id"])]
        cr.execute("""
            UPDATE cx_nps_response SET cx_todo = false, cx_mail_pending = (id = ANY(%s))
             WHERE id = ANY(%s)""", (due, todo_ids))
        self.invalidate_cache(ids=todo_ids)
        if ids is not None:
            # server code and hand entries: the email of a final answer at once
            self._cx_send_due_mails(ids)
        return len(rows)

    @api.model
    def _cx_job_rows(self, ids):
        """What the job needs of these answers, in one statement (dicts by id order)."""
        self.env.cr.execute("""
            SELECT r.id, r.partner_id, r.score, r.category, r.date, r.comment,
                   r.touchpoint_id, r.company_id, r.interaction_id, r.followup_state,
                   r.followup_ref, r.followup_user_id, r.followup_deadline, r.campaign_id,
                   c.followup_mode, c.followup_days, c.user_id AS campaign_user_id,
                   c.promoter_template_id, r.user_id, tier.code AS tier_code,
                   COALESCE(r.cx_escalated, false) AS cx_escalated,
                   COALESCE(r.promoter_mail_sent, false) AS promoter_mail_sent,
                   p.display_name AS customer, team.user_id AS team_leader_id
              FROM cx_nps_response r
              JOIN res_partner p ON p.id = r.partner_id
              LEFT JOIN cx_nps_campaign c ON c.id = r.campaign_id
              LEFT JOIN cx_tier tier ON tier.id = r.tier_id
              LEFT JOIN crm_team team ON team.id = r.team_id
             WHERE r.id = ANY(%s) ORDER BY r.id""", (list(ids),))
        return self.env.cr.dictfetchall()

    @api.model
    def _update_latest(self, partner_ids):
        """Flag each partner's most recent answer, in one statement."""
        if not partner_ids:
            return
        self.env.cr.execute("""
            UPDATE cx_nps_response r SET is_latest = (r.id = latest.id)
              FROM (SELECT DISTINCT ON (partner_id) partner_id, id FROM cx_nps_response
                     WHERE partner_id = ANY(%s) ORDER BY partner_id, date DESC, id DESC) latest
             WHERE r.partner_id = latest.partner_id
               AND r.is_latest IS DISTINCT FROM (r.id = latest.id)
        """, (list(partner_ids),))
        self.invalidate_cache(["is_latest"])

    @api.multi
    def _log_interaction(self):
        """The interaction of these answers (created, or updated after a correction)."""
        self._cx_log_interactions(self.sudo()._cx_job_rows(self.ids))

    @api.model
    def _cx_log_interactions(self, rows):
        """The interaction of each answer (rows of _cx_job_rows): one INSERT for the
        answers that have none, one UPDATE for those that have one. The values are the
        ORM's: the touchpoint's channel, kind and process (the related fields of
        cx.interaction), a measured score, the message and its values for the reader's
        language, the engine as the one who logged it."""
        rows = [row for row in rows if row["touchpoint_id"]]
        if not rows:
            return
        cr = self.env.cr
        cr.execute("SELECT id, channel, info_kind, stage_id FROM cx_touchpoint "
                   "WHERE id = ANY(%s)", (list({row["touchpoint_id"] for row in rows}),))
        touchpoints = {row[0]: row[1:] for row in cr.fetchall()}
        now = fields.Datetime.now()
        uid = self.env.uid

        def values(row):
            args = {"score": row["score"]}
            return (msg.NPS_ANSWER % args, msg.NPS_ANSWER, cx_lang.dump_args(args),
                    row["partner_id"], row["touchpoint_id"]) + touchpoints[
                        row["touchpoint_id"]] + (
                row["date"], float(row["score"]), row["company_id"], row["comment"] or None)
        new = [row for row in rows if not row["interaction_id"]]
        done = {}
        if new:
            created = execute_values(cr, """
                INSERT INTO cx_interaction (name, summary_template, summary_args,
                    partner_id, touchpoint_id, channel, info_kind, stage_id, date, score,
                    company_id, note, has_score, res_model, res_id, user_id, create_uid,
                    create_date, write_uid, write_date)
                VALUES %s RETURNING id, res_id""", [
                    values(row) + (True, self._name, row["id"], uid, uid, now, uid, now)
                    for row in new], fetch=True, page_size=1000)
            execute_values(cr, """
                UPDATE cx_nps_response r SET interaction_id = v.interaction
                  FROM (VALUES %s) v(interaction, response) WHERE r.id = v.response""",
                           created, template="(%s::int, %s::int)", page_size=1000)
            done = dict((res_id, interaction) for interaction, res_id in created)
            for row in new:
                row["interaction_id"] = done[row["id"]]
        old = [row for row in rows if row["id"] not in done]
        if old:
            execute_values(cr, """
                UPDATE cx_interaction x
                   SET name = v.name, summary_template = v.template, summary_args = v.args,
                       partner_id = v.partner, touchpoint_id = v.touchpoint,
                       channel = v.channel, info_kind = v.info_kind, stage_id = v.stage,
                       date = v.date, score = v.score, company_id = v.company,
                       note = v.note, has_score = true, write_uid = v.uid, write_date = v.now
                  FROM (VALUES %s) v(name, template, args, partner, touchpoint, channel,
                                     info_kind, stage, date, score, company, note, id, uid,
                                     now)
                 WHERE x.id = v.id""", [
                values(row) + (row["interaction_id"], uid, now) for row in old],
                           template="(%s, %s, %s, %s::int, %s::int, %s, %s, %s::int, "
                                    "%s::timestamp, %s::float, %s::int, %s, %s::int, "
                                    "%s::int, %s::timestamp)", page_size=1000)
        self.env["cx.interaction"].invalidate_cache()
        self.invalidate_cache(["interaction_id"])

    @api.model
    def _cx_feed_partners(self, partner_ids):
        """The customers' latest answer, satisfaction index and quadrant, from their
        latest answers: one UPDATE for the latest score, then one recompute of the
        index from every signal, with the quadrants."""
        if not partner_ids:
            return
        cr = self.env.cr
        cr.execute("""SELECT partner_id, score, category, date FROM cx_nps_response
                       WHERE is_latest AND partner_id = ANY(%s) ORDER BY partner_id""",
                   (list(partner_ids),))
        latest = cr.fetchall()
        if not latest:
            return
        now = fields.Datetime.now()
        execute_values(cr, """
            UPDATE res_partner p SET cx_nps_last_score = v.score,
                   cx_nps_last_category = v.category, cx_nps_last_date = v.date,
                   write_uid = v.uid, write_date = v.now
              FROM (VALUES %s) v(partner, score, category, date, uid, now)
             WHERE p.id = v.partner""", [row + (self.env.uid, now) for row in latest],
                       template="(%s::int, %s::int, %s, %s::timestamp, %s::int, "
                                "%s::timestamp)", page_size=1000)
        Partner = self.env["res.partner"].sudo()
        Partner.invalidate_cache(["cx_nps_last_score", "cx_nps_last_category",
                                  "cx_nps_last_date"])
        # a new measure of these customers: their satisfaction index from every signal
        # (cx_experience's set-based recompute, this addon's answers among them), then
        # their quadrants, in one call for the whole batch
        cr.execute("SELECT DISTINCT commercial_partner_id FROM res_partner WHERE id = ANY(%s)",
                   (list(partner_ids),))
        Partner._cx_recompute_satisfaction(
            sorted(set(partner_ids) | {row[0] for row in cr.fetchall() if row[0]}))

    # ----------------------------------------------------------------- closed loop
    @api.multi
    def _cx_apply_followup(self):
        """The follow-up of these answers follows their category (one batch)."""
        rows = self.sudo()._cx_job_rows(self.ids)
        self.sudo()._cx_apply_followups(rows)
        self.sudo()._cx_escalate_strategic(rows)

    @api.model
    def _cx_apply_followups(self, rows):
        """The follow-up follows the answer's category (answer_loop.followup_action):
        created for a detractor, closed when the customer changes to a passive or a
        promoter before anybody worked on it, opened again if it goes back; each in
        one batch for all the rows (of _cx_job_rows, updated in place)."""
        creates, closes, reopens = [], [], []
        for row in rows:
            action = loop.followup_action(row["category"], row["followup_state"] or None)
            if action == loop.ACTION_CREATE:
                creates.append(row)
            elif action == loop.ACTION_CLOSE:
                closes.append(row)
            elif action == loop.ACTION_REOPEN:
                reopens.append(row)
        self._cx_close_followups(closes)
        creates += self._cx_reopen_followups(reopens)
        self._cx_create_followups(creates)

    @api.multi
    def _cx_engine_set(self, vals):
        """Write engine-owned fields of the answer, past write()'s checks."""
        return super(CxNpsResponse, self.sudo().with_context(tracking_disable=True)).write(
            vals)

    @api.multi
    def _cx_followup_ticket(self):
        ref = self.sudo().followup_ref
        if ref and ref._name == "helpdesk.ticket" and ref.exists():
            return ref
        return None

    @api.multi
    def _cx_followup_activity(self):
        ref = self.sudo().followup_ref
        if ref and ref._name == "mail.activity" and ref.exists():
            return ref
        return None

    @api.multi
    def _cx_reader_lang(self, ticket=None):
        """The language the follow-up is read in: the company's on a ticket (its
        helpdesk team reads it), else the follow-up owner's."""
        if ticket:
            return cx_lang.company_lang(self.env, self.company_id)
        owner = self.sudo().followup_user_id
        return cx_lang.partner_lang(self.env, owner.partner_id if owner else None,
                                    self.company_id)

    @api.multi
    def _cx_post_note(self, record, text):
        """An internal note on ``record`` (a ticket or this answer), as the engine."""
        record.sudo().message_post(body=plaintext2html(text), message_type="comment",
                                   subtype="mail.mt_note")

    @api.model
    def _cx_refs(self, rows, model):
        """The existing records of ``model`` the rows' follow-ups point to:
        ``{answer id: record}``."""
        wanted = {}
        for row in rows:
            name, _sep, res_id = (row["followup_ref"] or "").partition(",")
            if name == model and res_id.isdigit():
                wanted[row["id"]] = int(res_id)
        if not wanted or model not in self.env:
            return {}
        existing = set(self.env[model].sudo().browse(list(set(wanted.values()))).exists().ids)
        return {rid: self.env[model].sudo().browse(ref) for rid, ref in wanted.items()
                if ref in existing}

    @api.model
    def _cx_user_langs(self, user_ids, companies):
        """The language each user reads in, ``{(user id, company id): lang}`` for the
        pairs asked; a user without an installed language reads its company's."""
        user_ids = list({uid for uid in user_ids if uid})
        self.env.cr.execute("""SELECT u.id, p.lang, p.name FROM res_users u
                                 JOIN res_partner p ON p.id = u.partner_id
                                WHERE u.id = ANY(%s)""", (user_ids,))
        found = {uid: (lang, name) for uid, lang, name in self.env.cr.fetchall()}
        Company = self.env["res.company"].sudo()
        langs = {}
        for uid, company in companies:
            lang = found.get(uid, (None, None))[0]
            langs[(uid, company)] = cx_lang.reader_lang(self.env, lang, Company.browse(company))
        return langs, {uid: name for uid, (_lang, name) in found.items()}

    @api.model
    def _cx_close_followups(self, rows):
        """Nobody needs to call back: each activity is marked done with the reason (in
        its owner's language, one call per language); a ticket gets an internal note
        (its agents close it; closing it here would survey the customer again and move
        its SLA); then the follow-ups are closed in one statement."""
        if not rows:
            return
        tickets = self._cx_refs(rows, "helpdesk.ticket")
        activities = self._cx_refs(rows, "mail.activity")
        company = self.env["res.company"].sudo()
        for row in rows:
            if row["id"] in tickets:
                lang = cx_lang.company_lang(self.env, company.browse(row["company_id"]))
                self._cx_post_note(tickets[row["id"]], cx_lang.render(
                    self.env, msg.FOLLOWUP_CLOSED, {}, lang))
        langs, _names = self._cx_user_langs(
            [row["followup_user_id"] for row in rows],
            [(row["followup_user_id"], row["company_id"]) for row in rows])
        by_lang = defaultdict(lambda: self.env["mail.activity"].sudo())
        for row in rows:
            if row["id"] in activities and row["id"] not in tickets:
                by_lang[langs[(row["followup_user_id"], row["company_id"])]] |= \
                    activities[row["id"]]
        for lang, done in sorted(by_lang.items()):
            done.action_feedback(feedback=cx_lang.render(
                self.env, msg.FOLLOWUP_CLOSED, {}, lang))
        self.env.cr.execute("UPDATE cx_nps_response SET followup_state = %s "
                            "WHERE id = ANY(%s)", (FOLLOWUP_CANCELLED, [r["id"] for r in rows]))
        for row in rows:
            row["followup_state"] = FOLLOWUP_CANCELLED
        self.invalidate_cache(["followup_state"])

    @api.model
    def _cx_reopen_followups(self, rows):
        """A detractor again: an internal note on the same ticket (open again), else a
        new activity. Returns the rows whose follow-up is to be created anew."""
        if not rows:
            return []
        tickets = self._cx_refs(rows, "helpdesk.ticket")
        company = self.env["res.company"].sudo()
        again = []
        for row in rows:
            ticket = tickets.get(row["id"])
            if ticket:
                lang = cx_lang.company_lang(self.env, company.browse(row["company_id"]))
                self._cx_post_note(ticket, cx_lang.render(
                    self.env, msg.FOLLOWUP_REOPENED, {}, lang))
                row["followup_state"] = FOLLOWUP_OPEN
            else:
                row.update(followup_state=None, followup_ref=None)
                again.append(row)
        cr = self.env.cr
        cr.execute("UPDATE cx_nps_response SET followup_state = %s WHERE id = ANY(%s)",
                   (FOLLOWUP_OPEN, [r["id"] for r in rows if r not in again]))
        cr.execute("UPDATE cx_nps_response SET followup_state = NULL, followup_ref = NULL "
                   "WHERE id = ANY(%s)", ([r["id"] for r in again],))
        self.invalidate_cache(["followup_state", "followup_ref"])
        return again

    @api.multi
    def _cx_followup_owner(self):
        campaign = self.campaign_id
        return self.user_id or (campaign and campaign.user_id) or self.env.user

    @api.multi
    def _create_followup(self):
        """The follow-up of these answers (those without one), in one batch."""
        rows = [row for row in self.sudo()._cx_job_rows(self.ids) if not row["followup_state"]]
        return self.sudo()._cx_create_followups(rows)

    @api.model
    def _cx_create_followups(self, rows):
        """Once per answer: an activity for the account manager (else the campaign's
        responsible), or a ticket, as the campaign says. Its texts in their reader's
        language: the owner's for an activity, the company's for a ticket. The
        activities are inserted in one statement; the follow-up fields of the answers
        are written in one. Returns the records made (activities and tickets)."""
        cr = self.env.cr
        todo = []
        for row in rows:
            if row["followup_state"]:
                continue
            mode = (row["followup_mode"] or FOLLOWUP_ACTIVITY) if row["campaign_id"] \
                else FOLLOWUP_ACTIVITY
            if mode == FOLLOWUP_NONE:
                continue
            days = (row["followup_days"] or 0) if row["campaign_id"] else 2
            answered = fields.Datetime.from_string(row["date"])
            row["followup_deadline"] = fields.Date.to_string(
                (answered + datetime.timedelta(days=days)).date())
            row["followup_user_id"] = (row["user_id"] or row["campaign_user_id"] or
                                       self.env.uid)
            row["followup_mode"] = mode
            todo.append(row)
        if not todo:
            return []
        # Every employee reads every mail.activity in Odoo 11 (no record rules): the
        # activity says whom to call and links to the answer, whose own rules decide
        # who reads the score and the comment. Neither is copied here.
        langs, _names = self._cx_user_langs(
            [row["followup_user_id"] for row in todo],
            [(row["followup_user_id"], row["company_id"]) for row in todo])
        company = self.env["res.company"].sudo()
        refs, activities = {}, []
        call = self.env.ref("mail.mail_activity_data_call").id
        for row in todo:
            args = {"customer": row["customer"]}
            if row["followup_mode"] == FOLLOWUP_TICKET and "helpdesk.ticket" in self.env:
                lang = cx_lang.company_lang(self.env, company.browse(row["company_id"]))
                ticket = self.browse(row["id"])._create_ticket(
                    cx_lang.render(self.env, msg.FOLLOWUP_SUMMARY, args, lang),
                    self.env["res.users"].sudo().browse(row["followup_user_id"]))
                if ticket:
                    refs[row["id"]] = "%s,%d" % (ticket._name, ticket.id)
                    continue
            lang = langs[(row["followup_user_id"], row["company_id"])]
            activities.append({
                "res_id": row["id"], "res_name": row["customer"], "activity_type_id": call,
                "summary": cx_lang.render(self.env, msg.FOLLOWUP_SUMMARY, args, lang),
                "note": plaintext2html(cx_lang.render(self.env, msg.FOLLOWUP_NOTE, {}, lang)),
                "date_deadline": row["followup_deadline"], "user_id": row["followup_user_id"]})
        for res_id, activity in self._cx_insert_activities(activities).items():
            refs[res_id] = "mail.activity,%d" % activity
        done = [row for row in todo if row["id"] in refs]
        execute_values(cr, """
            UPDATE cx_nps_response r SET followup_state = v.state, followup_user_id = v.owner,
                   followup_deadline = v.deadline, followup_ref = v.ref
              FROM (VALUES %s) v(id, state, owner, deadline, ref) WHERE r.id = v.id""", [
            (row["id"], FOLLOWUP_OPEN, row["followup_user_id"], row["followup_deadline"],
             refs[row["id"]]) for row in done],
                       template="(%s::int, %s, %s::int, %s::date, %s)", page_size=1000)
        for row in done:
            row.update(followup_state=FOLLOWUP_OPEN, followup_ref=refs[row["id"]])
        self.invalidate_cache(["followup_state", "followup_user_id", "followup_deadline",
                               "followup_ref", "activity_ids"])
        return [refs[row["id"]] for row in done]

    @api.model
    def _cx_insert_activities(self, activities):
        """Insert mail.activity records on answers in one statement (the ORM create
        subscribes and notifies per record); their assignees follow the answers (one
        call per assignee) and are told on the bus of those due today, as the ORM
        create does. Odoo 11 sends no assignment email (it arrives in 12.0): the
        activity shows in the assignee's activity menu. ``activities``: dicts with
        res_id, res_name, activity_type_id, summary, note, date_deadline, user_id.
        Returns ``{answer id: activity id}``."""
        if not activities:
            return {}
        cr = self.env.cr
        model = self.env["ir.model"].sudo()._get(self._name).id
        now = fields.Datetime.now()
        uid = self.env.uid
        created = execute_values(cr, """
            INSERT INTO mail_activity (res_id, res_model_id, res_model, res_name,
                activity_type_id, summary, note, date_deadline, user_id, create_uid,
                create_date, write_uid, write_date)
            VALUES %s RETURNING id, res_id""", [
                (a["res_id"], model, self._name, a["res_name"], a["activity_type_id"],
                 a["summary"], a["note"], a["date_deadline"], a["user_id"], uid, now, uid,
                 now) for a in activities], fetch=True, page_size=1000)
        by_user = defaultdict(list)
        today = fields.Date.today()
        due_today = set()
        for activity in activities:
            by_user[activity["user_id"]].append(activity["res_id"])
            if activity["date_deadline"] <= today:
                due_today.add(activity["user_id"])
        users = self.env["res.users"].sudo().browse(list(by_user))
        partner_of = {user.id: user.partner_id.id for user in users}
        for user_id, res_ids in sorted(by_user.items()):
            self.browse(res_ids).message_subscribe(partner_ids=[partner_of[user_id]])
        if due_today:
            self.env["bus.bus"].sendmany([
                [(cr.dbname, "res.partner", partner_of[user_id]),
                 {"type": "activity_updated", "activity_created": True}]
                for user_id in sorted(due_today)])
        self.env["mail.activity"].invalidate_cache()
        self.invalidate_cache(["activity_ids"])
        return {res_id: activity for activity, res_id in created}

    @api.multi
    def _create_ticket(self, summary, owner):
        Ticket = self.env["helpdesk.ticket"].sudo()
        # the comment as plain text: no markup, so no remote image or frame loads
        # in the browser of whoever opens the ticket
        vals = {"name": summary,
                "description": plaintext2html(self.comment) if self.comment else summary,
                "partner_id": self.partner_id.id, "user_id": owner.id}
        vals = {k: v for k, v in vals.items() if k in Ticket._fields}
        if "partner_email" in Ticket._fields:
            vals["partner_email"] = self.partner_id.email
        return Ticket.create(vals)

    @api.model
    def _cx_escalation_managers(self, company_id):
        """The CX managers who may hear of a strategic detractor of this company."""
        managers = self.env.ref("cx_experience.group_cx_manager").sudo().users.filtered(
            lambda u: u.active and u.id != SUPERUSER_ID
            and (not company_id or company_id in u.company_ids.ids)).sorted("id")
        return managers.ids

    @api.model
    def _cx_escalate_strategic(self, rows):
        """A strategic customer (its tier when it answered) becomes a detractor: an
        activity for the manager (domain/followup.py: whom), in the manager's language,
        besides the owner's follow-up; once per answer (the flag is set in the same
        transaction). One INSERT for all the rows' activities, one UPDATE."""
        due = [row for row in rows if fu.escalation_due(
            row["tier_code"], row["category"], row["cx_escalated"])]
        if not due:
            return {}
        managers = {}
        for row in due:
            if row["company_id"] not in managers:
                managers[row["company_id"]] = self._cx_escalation_managers(row["company_id"])
            owner = (row["followup_user_id"] or row["user_id"] or row["campaign_user_id"] or
                     self.env.uid)
            row["escalation_owner"] = owner
            row["escalation_target"] = fu.escalation_target(
                owner, row["team_leader_id"], row["campaign_user_id"],
                managers[row["company_id"]])
        targets = [row for row in due if row["escalation_target"]]
        langs, names = self._cx_user_langs(
            [row["escalation_target"] for row in targets] +
            [row["escalation_owner"] for row in targets],
            [(row["escalation_target"], row["company_id"]) for row in targets])
        todo_type = self.env.ref("mail.mail_activity_data_todo").id
        activities = []
        for row in targets:
            lang = langs[(row["escalation_target"], row["company_id"])]
            deadline = row["followup_deadline"] or fields.Date.to_string(
                fields.Datetime.from_string(row["date"]).date() + datetime.timedelta(days=1))
            args = {"customer": row["customer"], "owner": names.get(row["escalation_owner"]),
                    "deadline": cx_lang.date(self.env, deadline, lang)}
            # the note says whom and when, never the score or the comment (activities
            # are read by every employee)
            activities.append({
                "res_id": row["id"], "res_name": row["customer"],
                "activity_type_id": todo_type,
                "summary": cx_lang.render(self.env, msg.ESCALATION_SUMMARY, args, lang),
                "note": plaintext2html(cx_lang.render(self.env, msg.ESCALATION_NOTE, args,
                                                      lang)),
                "date_deadline": deadline, "user_id": row["escalation_target"]})
        made = self._cx_insert_activities(activities)
        execute_values(self.env.cr, """
            UPDATE cx_nps_response r SET cx_escalated = true, cx_escalation_id = v.activity
              FROM (VALUES %s) v(id, activity) WHERE r.id = v.id""", [
                (row["id"], made.get(row["id"])) for row in due],
                       template="(%s::int, %s::int)", page_size=1000)
        for row in due:
            row["cx_escalated"] = True
        self.invalidate_cache(["cx_escalated", "cx_escalation_id"])
        return made

    @api.model
    def _cx_send_due_mails(self, ids=None):
        """Queue the promoter email of each promoter answer that is final now (its
        visit can no longer change it), once."""
        cr = self.env.cr
        query = """
            SELECT r.id FROM cx_nps_response r
              LEFT JOIN survey_user_input ui ON ui.id = r.user_input_id
             WHERE r.cx_mail_pending AND NOT COALESCE(r.cx_todo, false)
               AND (ui.cx_nps_final_date IS NULL OR ui.cx_nps_final_date <= %s)"""
        # to the microsecond, like the final dates (Datetime.now() is cut to seconds)
        params = [datetime.datetime.utcnow()]
        if ids is not None:
            query += " AND r.id = ANY(%s)"
            params.append(list(ids))
        cr.execute(query + " ORDER BY r.id FOR UPDATE OF r SKIP LOCKED", params)
        due = self.sudo().browse([row[0] for row in cr.fetchall()])
        for response in due:
            if loop.promoter_mail_due(response.category, response.promoter_mail_sent,
                                      response.campaign_id.promoter_template_id):
                response._send_promoter_mail()
        if due:
            cr.execute("UPDATE cx_nps_response SET cx_mail_pending = false WHERE id = ANY(%s)",
                       (due.ids,))
            due.invalidate_cache(["cx_mail_pending"], due.ids)
        return len(due)

    @api.multi
    def _cx_outcome_text(self, state, reason, note, lang):
        """What the follow-up's record says after the call, in ``lang``."""
        env = cx_lang.env_in(self.env, lang)
        labels = dict(self._fields["followup_state"]._description_selection(env))
        args = {"outcome": labels.get(state, state),
                "reason": (reason.with_context(lang=lang).name if reason else
                           cx_lang.translate(self.env, msg.NO_REASON, lang))}
        if note:
            args["note"] = note
            return cx_lang.render(self.env, msg.OUTCOME_FEEDBACK_NOTE, args, lang)
        return cx_lang.render(self.env, msg.OUTCOME_FEEDBACK, args, lang)

    @api.multi
    def _set_followup(self, state, reason=None, note=None):
        """Record a follow-up outcome: the state, dates, root cause and note are the
        engine's (written under sudo, after the caller's rights were checked); the
        feedback on the activity is posted as the caller, in the activity owner's
        language; a ticket gets a note in the company's language; without either (a
        second outcome after the activity was done) the answer gets the note."""
        now = datetime.datetime.now()
        reason = reason.sudo() if reason else self.env["cx.nps.followup.reason"]
        for response in self:
            engine = response.sudo()
            vals = {"followup_state": state, "followup_date": fields.Datetime.to_string(now),
                    "followup_reason_id": reason.id or False,
                    "followup_note": note or False}
            if not engine.followup_date:
                delta = now - fields.Datetime.from_string(engine.date)
                vals["followup_days"] = round(delta.total_seconds() / 86400.0, 2)
            if not engine.followup_user_id:
                vals["followup_user_id"] = self.env.uid
            response._cx_engine_set(vals)
            ticket = response._cx_followup_ticket()
            activity = response._cx_followup_activity()
            text = response._cx_outcome_text(
                state, reason, note, response._cx_reader_lang(ticket))
            if ticket:
                response._cx_post_note(ticket, text)
            elif activity:
                activity.sudo(self.env.uid).action_feedback(feedback=text)
            else:
                response._cx_post_note(response, text)
        return True

    @api.multi
    def _cx_check_followup_rights(self):
        """The caller may write these answers (a CX user: its own customers' only)."""
        self.check_access_rights("write")
        self.check_access_rule("write")

    @api.multi
    def _cx_followup_by_owner(self, state):
        """Open the wizard that records the call (what was said, the root cause, the
        outcome) for answers the caller may write."""
        self._cx_check_followup_rights()
        self.ensure_one()
        if not fu.outcome_allowed(self.followup_state, state):
            raise UserError(_("This follow-up cannot take that outcome any more: it is "
                              "already closed."))
        action = open_action(self, [], res_model="cx.nps.followup.wizard",
                             view_mode="form", name=_("Record the call"),
                             context={"default_response_id": self.id,
                                      "default_outcome": state})
        action.update(target="new", views=[(False, "form")])
        return action

    @api.multi
    def action_followup_contacted(self):
        return self._cx_followup_by_owner(FOLLOWUP_CONTACTED)

    @api.multi
    def action_followup_resolved(self):
        return self._cx_followup_by_owner(FOLLOWUP_RESOLVED)

    @api.multi
    def action_followup_lost(self):
        return self._cx_followup_by_owner(FOLLOWUP_LOST)

    @api.multi
    def _send_promoter_mail(self):
        self.ensure_one()
        template = self.campaign_id.promoter_template_id
        if self.promoter_mail_sent or not template:
            return False
        template.sudo().send_mail(self.id, force_send=False)
        super(CxNpsResponse, self.sudo().with_context(tracking_disable=True)).write(
            {"promoter_mail_sent": True})
        return True
