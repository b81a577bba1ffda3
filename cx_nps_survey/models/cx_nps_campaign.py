# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import datetime
import logging
import uuid
from collections import Counter

from dateutil.relativedelta import relativedelta
from psycopg2.extras import execute_values

from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.osv import expression
from odoo.tools.misc import formatLang
from odoo.tools.safe_eval import safe_eval

from odoo.addons.cx_experience import lang as cx_lang
from odoo.addons.cx_experience import locks
from odoo.addons.cx_experience.actions import open_action

from ..domain import nps, sampling
from ..domain.triggers import TRIGGER_INVOICE_POSTED, TRIGGER_TICKET_CLOSED
from ..messages import TOUCHPOINT_NAME

_logger = logging.getLogger(__name__)

STATE_DRAFT = "draft"
STATE_SCHEDULED = "scheduled"
STATE_RUNNING = "running"
STATE_PAUSED = "paused"
STATE_DONE = "done"
#: states in which a campaign relies on its survey's NPS question (sends or will send)
STATES_LIVE = (STATE_SCHEDULED, STATE_RUNNING, STATE_PAUSED)
#: the only state in which a campaign's links record answers
STATES_ANSWERING = (STATE_RUNNING,)
MANAGER_GROUP = "cx_experience.group_cx_manager"

KIND_RELATIONSHIP = "relationship"
KIND_TRANSACTIONAL = "transactional"

FOLLOWUP_NONE = "none"
FOLLOWUP_ACTIVITY = "activity"
FOLLOWUP_TICKET = "ticket"

TOUCHPOINT_CODE = "nps_survey"

#: what the sampling plan depends on (changing one drops the plan)
PLAN_FIELDS = frozenset(("sample_strata", "sample_allocation", "sample_margin",
                         "sample_percent", "partner_domain", "tier_ids", "stage_ids",
                         "lang_ids"))

PARAM_GLOBAL_GAP = "cx_nps_survey.global_gap_days"
DEFAULT_GLOBAL_GAP = 90


class CxNpsCampaign(models.Model):
    _name = "cx.nps.campaign"
    _description = "NPS campaign"
    _inherit = ["mail.thread"]
    _order = "id desc"

    name = fields.Char(required=True, translate=True, track_visibility="onchange")
    kind = fields.Selection(
        [(KIND_RELATIONSHIP, "Relationship (recurring)"),
         (KIND_TRANSACTIONAL, "Transactional (after an event)")],
        required=True, default=KIND_RELATIONSHIP, track_visibility="onchange",
        help="Relationship campaigns survey the audience every few months; transactional "
             "campaigns survey a customer right after an event (a closed ticket, a posted "
             "invoice).")
    trigger = fields.Selection(
        [(TRIGGER_TICKET_CLOSED, "Helpdesk ticket closed"),
         (TRIGGER_INVOICE_POSTED, "Customer invoice posted")],
        help="The event that sends the survey of a transactional campaign.")
    survey_id = fields.Many2one(
        "survey.survey", string="Survey", required=True, ondelete="restrict",
        default=lambda self: self.env.ref("cx_nps_survey.survey_nps_template",
                                          raise_if_not_found=False),
        help="The survey customers answer. It must hold a question marked as NPS.")
    touchpoint_id = fields.Many2one(
        "cx.touchpoint", string="Touchpoint", ondelete="restrict",
        default=lambda self: self._cx_ensure_touchpoint(),
        help="The touchpoint the answers are logged on as customer interactions.")
    state = fields.Selection(
        [(STATE_DRAFT, "Draft"), (STATE_SCHEDULED, "Scheduled"), (STATE_RUNNING, "Running"),
         (STATE_PAUSED, "Paused"), (STATE_DONE, "Done")],
        default=STATE_DRAFT, required=True, track_visibility="onchange", copy=False)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.user.company_id)
    user_id = fields.Many2one(
        "res.users", string="Responsible", default=lambda self: self.env.user,
        track_visibility="onchange",
        help="Receives the follow-ups of detractors whose customer has no account manager.")

    # Audience
    partner_domain = fields.Char(
        string="Audience filter", default="[('customer', '=', True)]",
        help="A domain on contacts. Only contacts with an email address are surveyed.")
    tier_ids = fields.Many2many("cx.tier", string="Value tiers",
                                help="Empty means every tier.")
    stage_ids = fields.Many2many("cx.lifecycle.stage", string="Lifecycle stages",
                                 help="Empty means every stage.")
    lang_ids = fields.Many2many("res.lang", string="Languages",
                                help="Empty means every language.")
    audience_count = fields.Integer(
        compute="_compute_audience_count", string="Audience",
        help="Contacts matching the audience now, before frequency rules and sampling.")
    preview_eligible = fields.Integer(
        string="Invitable now", readonly=True, copy=False,
        help="At the last preview: contacts that could be invited after opt-outs, "
             "contact-frequency rules and sampling.")
    preview_date = fields.Datetime(string="Previewed on", readonly=True, copy=False)

    # Calendar
    date_start = fields.Datetime(string="Start", default=fields.Datetime.now,
                                 track_visibility="onchange")
    date_end = fields.Datetime(string="End", track_visibility="onchange",
                               help="After this date the campaign is done.")
    recurrence_months = fields.Integer(
        string="Every (months)", default=6,
        help="A relationship campaign surveys its audience again after this many months.")
    window_days = fields.Integer(
        string="Sending window (days)", default=10,
        help="The invitations of one round are spread evenly over this many days.")
    iteration_start = fields.Datetime(
        string="Current round since", readonly=True, copy=False,
        help="Start of the current round: nobody is invited twice in one round.")
    next_iteration = fields.Datetime(string="Next round", readonly=True, copy=False)

    # Frequency rules
    min_gap_days = fields.Integer(
        string="Minimum days between surveys (campaign)", default=30,
        help="This campaign never surveys the same person twice within this many days. "
             "The global rule of the company (default 90 days across all campaigns) "
             "applies as well.")
    sample_percent = fields.Float(
        string="Sample (%)", default=100.0,
        help="Share of the eligible audience that is invited, drawn at random but stable.")
    sample_strata = fields.Selection(
        [(sampling.STRATA_NONE, "No strata (simple sample)"),
         (sampling.STRATA_TIER, "Value tier"), (sampling.STRATA_STAGE, "Lifecycle stage"),
         (sampling.STRATA_TIER_STAGE, "Value tier x lifecycle stage")],
        string="Sample strata", default=sampling.STRATA_NONE, required=True,
        help="Split the audience into strata and share the invitations among them, so "
             "that every segment brings the answers it needs.")
    sample_allocation = fields.Selection(
        [(sampling.ALLOCATION_PROPORTIONAL, "Proportional to the customers"),
         (sampling.ALLOCATION_EQUAL, "Equal per stratum"),
         (sampling.ALLOCATION_NEYMAN, "Neyman (more where past scores vary more)"),
         (sampling.ALLOCATION_MARGIN, "Enough answers for the target margin")],
        string="Allocation", default=sampling.ALLOCATION_PROPORTIONAL, required=True,
        help="How the expected answers are shared among the strata; each stratum gets "
             "its answers divided by its past response rate as invitations. The "
             "sample (%) sets the invitations of the round, except for the target "
             "margin, which invites what each stratum needs.")
    sample_margin = fields.Float(
        string="Target margin per stratum (± points)", default=10.0,
        help="With the target-margin allocation: the 95% margin of error each stratum's "
             "NPS should reach (adjusted-Wald, worst case without history).")
    stratum_ids = fields.One2many("cx.nps.campaign.stratum", "campaign_id",
                                  string="Sampling plan", readonly=True, copy=False)
    sample_plan_round = fields.Datetime(string="Plan of the round since", readonly=True,
                                        copy=False)
    sample_plan_date = fields.Datetime(string="Plan made on", readonly=True, copy=False)
    daily_cap = fields.Integer(
        string="Daily cap", default=0,
        help="At most this many invitations per day (0: no cap).")
    expiry_days = fields.Integer(
        string="Link valid (days)", default=30,
        help="After this many days the personal link is closed.")
    reminder_days = fields.Integer(
        string="Remind after (days)", default=5,
        help="Non-responders get a reminder after this many days.")
    reminder_max = fields.Integer(
        string="Maximum reminders", default=1,
        help="At most this many reminders per invitation (0: none).")

    # Emails
    invitation_template_id = fields.Many2one(
        "mail.template", string="Invitation email",
        domain=[("model", "=", "survey.user_input")],
        default=lambda self: self.env.ref("cx_nps_survey.mail_template_nps_invitation",
                                          raise_if_not_found=False))
    reminder_template_id = fields.Many2one(
        "mail.template", string="Reminder email",
        domain=[("model", "=", "survey.user_input")],
        default=lambda self: self.env.ref("cx_nps_survey.mail_template_nps_reminder",
                                          raise_if_not_found=False))

    # Closed loop
    followup_mode = fields.Selection(
        [(FOLLOWUP_NONE, "No follow-up"),
         (FOLLOWUP_ACTIVITY, "Activity for the account manager"),
         (FOLLOWUP_TICKET, "Helpdesk ticket (when Helpdesk is installed)")],
        string="Detractor follow-up", default=FOLLOWUP_ACTIVITY, required=True,
        help="What a detractor answer (0-6) creates. Without the Helpdesk app, a ticket "
             "follow-up falls back to an activity.")
    followup_days = fields.Integer(
        string="Follow-up within (days)", default=2,
        help="Deadline of the follow-up, in days after the answer.")
    promoter_template_id = fields.Many2one(
        "mail.template", string="Promoter email",
        domain=[("model", "=", "cx.nps.response")],
        help="Sent to promoters (9-10), for example to ask for a referral or a review. "
             "Empty: nothing is sent.")

    # Figures
    invitation_ids = fields.One2many("survey.user_input", "cx_nps_campaign_id",
                                     string="Invitations", readonly=True)
    response_ids = fields.One2many("cx.nps.response", "campaign_id", string="Responses")
    invitation_count = fields.Integer(compute="_compute_figures", string="Invitations sent")
    response_count = fields.Integer(compute="_compute_figures", string="Answers")
    response_rate = fields.Float(compute="_compute_figures", string="Response rate (%)")
    nps = fields.Float(compute="_compute_figures", string="NPS")
    nps_margin = fields.Float(compute="_compute_figures", string="Margin of error (±)",
                              help="95% margin of error of the NPS (adjusted-Wald).")
    promoter_count = fields.Integer(compute="_compute_figures", string="Promoters")
    passive_count = fields.Integer(compute="_compute_figures", string="Passives")
    detractor_count = fields.Integer(compute="_compute_figures", string="Detractors")
    weighted_nps_text = fields.Char(
        compute="_compute_figures", string="NPS weighted to the base",
        help="The answers weighted so that each value tier and lifecycle stage counts as "
             "much as it weighs among the customers, with its 95% margin and the design "
             "effect (the margin's cost of the weighting).")
    representativeness_text = fields.Char(
        compute="_compute_figures", string="Representativeness",
        help="How alike the strata (tier x stage) answer: 100 when every stratum answers "
             "at the same rate (R-indicator), with the spread of their response rates.")
    # the answer links' audit (CX managers): what was not counted, and why
    scanner_link_count = fields.Integer(
        compute="_compute_audit_figures", string="Opened by a scanner",
        help="Invitations whose links a link scanner or another automated client opened "
             "(HEAD, scanner user agent, several scores within seconds, the hidden "
             "link): none of those requests counted as an answer.")
    blocked_request_count = fields.Integer(
        compute="_compute_audit_figures", string="Requests not counted",
        help="Requests on the answer links that recorded nothing: automated ones, "
             "replays, and answers to a link that was already answered, expired or "
             "closed.")

    _sql_constraints = [
        ("sample_percent_range", "CHECK (sample_percent > 0 AND sample_percent <= 100)",
         "The sample must be more than 0% and at most 100%."),
        ("positive_numbers", "CHECK (min_gap_days >= 0 AND daily_cap >= 0 AND "
         "expiry_days >= 0 AND reminder_days >= 0 AND reminder_max >= 0 AND "
         "window_days >= 0 AND followup_days >= 0)",
         "Days, caps and reminder counts cannot be negative."),
    ]

    @api.constrains("kind", "trigger", "recurrence_months")
    def _check_kind(self):
        for campaign in self:
            if campaign.kind == KIND_TRANSACTIONAL and not campaign.trigger:
                raise ValidationError(_("A transactional campaign needs a trigger event."))
            if campaign.kind == KIND_RELATIONSHIP and campaign.recurrence_months < 1:
                raise ValidationError(_("A relationship campaign repeats every month or more."))

    @api.constrains("sample_allocation", "sample_margin")
    def _check_sample_margin(self):
        for campaign in self:
            if campaign.sample_allocation == sampling.ALLOCATION_MARGIN and not (
                    0 < campaign.sample_margin <= 100):
                raise ValidationError(_("The target margin is a number of NPS points "
                                        "above 0 and at most 100."))

    @api.multi
    def write(self, vals):
        result = super(CxNpsCampaign, self).write(vals)
        if set(vals) & PLAN_FIELDS:
            # the plan no longer matches the campaign: the next dispatch makes it again
            self.sudo().mapped("stratum_ids").unlink()
        return result

    @api.constrains("survey_id", "state")
    def _check_survey(self):
        for campaign in self:
            if not campaign.survey_id._cx_nps_question():
                raise ValidationError(_(
                    "The survey '%s' has no question marked as NPS.") % campaign.survey_id.title)

    @api.constrains("partner_domain")
    def _check_domain(self):
        """A filter that is not a list of conditions ('{}', a number...) would have read
        as "everybody": refused when saved, like a field that does not exist."""
        for campaign in self:
            try:
                domain = campaign._partner_filter()
                expression.normalize_domain(domain)
                # under the caller's rights, in a savepoint: a bad value leaves the
                # transaction usable
                with self.env.cr.savepoint():
                    self.env["res.partner"].search_count(campaign._audience_domain())
            except Exception:
                raise ValidationError(_(
                    "The audience filter is not a valid domain: write a list of "
                    "conditions on contacts, for example [('customer', '=', True)]."))

    @api.multi
    def _partner_filter(self):
        """The audience filter as a list of conditions; ValueError when it is not one."""
        self.ensure_one()
        domain = safe_eval(self.partner_domain or "[]")
        if not isinstance(domain, list):
            raise ValueError("The audience filter is not a list: %r" % (domain,))
        return domain

    @api.multi
    def _check_manager(self):
        """Campaign actions change what customers receive: CX managers only.

        Checked in code before anything runs under sudo. uid 1 is server code under
        sudo (crons, other addons) or the administrator.
        """
        if self.env.uid != SUPERUSER_ID and not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(_("Only CX managers may change or send an NPS campaign."))
        self.check_access_rule("write")

    @api.model
    def _cx_ensure_touchpoint(self):
        """The NPS survey touchpoint of cx_experience (found by code, created if missing)."""
        Touchpoint = self.env["cx.touchpoint"].sudo().with_context(active_test=False)
        touchpoint = Touchpoint.search([("code", "=", TOUCHPOINT_CODE)], limit=1)
        if touchpoint:
            return touchpoint
        # Deleted by hand: created again with its English name as the source and its
        # name in each installed language, not in the language of whoever runs this.
        source = TOUCHPOINT_NAME
        touchpoint = Touchpoint.with_context(lang=None).create({
            "name": source, "code": TOUCHPOINT_CODE, "channel": "survey",
            "info_kind": "past"})
        for lang in cx_lang.installed_langs(self.env) - {cx_lang.FALLBACK_LANG}:
            name = cx_lang.translate(self.env, source, lang)
            if name != source:
                touchpoint.with_context(lang=lang).write({"name": name})
        return touchpoint

    # ----------------------------------------------------------------- figures
    @api.multi
    def _compute_audience_count(self):
        Partner = self.env["res.partner"]
        for campaign in self:
            try:
                campaign.audience_count = Partner.search_count(campaign._audience_domain())
            except Exception:
                campaign.audience_count = 0

    @api.multi
    def _compute_figures(self):
        stats = self.env["cx.nps.response"]._cx_nps_stats(
            [("campaign_id", "in", self.ids)], "campaign_id")
        by_id = {row["key"]: row for row in stats}
        for campaign in self:
            row = by_id.get(campaign.id) or nps.summarize(
                0, 0, 0, campaign._invitation_count())
            campaign.invitation_count = row["invitations"] or 0
            campaign.response_count = row["n"]
            campaign.response_rate = row["response_rate"] or 0.0
            campaign.nps = row["nps"] or 0.0
            campaign.nps_margin = row["margin"] or 0.0
            campaign.promoter_count = row["promoters"]
            campaign.passive_count = row["passives"]
            campaign.detractor_count = row["detractors"]
            campaign.weighted_nps_text, campaign.representativeness_text = \
                campaign._cx_weighted_texts(row)

    @api.multi
    def _cx_weighted_texts(self, row):
        """The weighted NPS and the representativeness as the reader reads them."""
        def number(value, digits=1):
            return formatLang(self.env, value, digits=digits)
        weighted = _("no data")
        if row.get("weighted_nps") is not None:
            weighted = _("%(nps)s ± %(margin)s (design effect %(deff)s)") % {
                "nps": number(row["weighted_nps"]), "margin": number(row["weighted_margin"]),
                "deff": number(row["design_effect"], 2)}
        spread = _("no data")
        if row.get("representativeness") is not None:
            spread = _("%(r)s / 100 (response rates vary %(cv)s %%)") % {
                "r": number(row["representativeness"], 0),
                "cv": number(row["response_rate_cv"] or 0.0, 0)}
        return weighted, spread

    @api.multi
    def _compute_audit_figures(self):
        """From the audit log, which CX managers read: 0 for other readers."""
        Audit = self.env["cx.nps.answer.audit"]
        counts = Audit.sudo()._cx_counts(self.ids) \
            if Audit.check_access_rights("read", raise_exception=False) else {}
        for campaign in self:
            campaign.scanner_link_count, campaign.blocked_request_count = counts.get(
                campaign.id, (0, 0))

    @api.multi
    def action_view_answer_audit(self):
        """The audit of this campaign's answer links (CX managers: the log's readers),
        filtered on what was not counted, as the figures of the button and the menu's
        log (open_action keeps none of the action's own context)."""
        self.ensure_one()
        return open_action(self, [("campaign_id", "=", self.id)],
                           xmlid="cx_nps_survey.action_cx_nps_answer_audit",
                           context={"search_default_not_counted": 1})

    @api.multi
    def _invitation_count(self):
        # the caller's rights: a CX user counts the invitations of its own customers
        return self.env["survey.user_input"].search_count(
            [("cx_nps_campaign_id", "in", self.ids)])

    # ----------------------------------------------------------------- audience
    @api.multi
    def _audience_domain(self):
        self.ensure_one()
        try:
            domain = self._partner_filter()
        except ValueError:
            raise UserError(_("The audience filter of the campaign '%s' is not a valid "
                              "domain.") % self.name)
        domain = list(domain) + [("email", "!=", False), ("cx_nps_opt_out", "=", False)]
        if self.tier_ids:
            domain.append(("cx_tier_id", "in", self.tier_ids.ids))
        if self.stage_ids:
            domain.append(("cx_stage_id", "in", self.stage_ids.ids))
        if self.lang_ids:
            domain.append(("lang", "in", self.lang_ids.mapped("code")))
        domain += ["|", ("company_id", "=", False), ("company_id", "=", self.company_id.id)]
        return domain

    @api.model
    def _global_gap_days(self):
        value = self.env["ir.config_parameter"].sudo().get_param(PARAM_GLOBAL_GAP)
        try:
            return max(int(value), 0) if value not in (None, False, "") else DEFAULT_GLOBAL_GAP
        except ValueError:
            return DEFAULT_GLOBAL_GAP

    @api.multi
    def _cx_invitable_ids(self, partner_ids=None, now=None, candidates=None):
        """Audience minus opt-outs, the global and campaign gaps and this round.

        One SQL statement over indexed columns filters the frequency rules. The
        audience is searched with the rights of ``self``'s environment: the engine
        calls this on sudo campaigns, the preview with the caller's rights;
        ``candidates``: the audience's ids when the caller already searched them.
        """
        self.ensure_one()
        now = now or datetime.datetime.now()
        if candidates is None:
            domain = self._audience_domain()
            if partner_ids is not None:
                domain = [("id", "in", list(partner_ids))] + domain
            candidates = self.env["res.partner"].search(domain).ids
        if not candidates:
            return []
        global_since = now - datetime.timedelta(days=self._global_gap_days())
        campaign_since = now - datetime.timedelta(days=self.min_gap_days)
        self.env.cr.execute("""
            SELECT p.id FROM res_partner p
             WHERE p.id = ANY(%(ids)s)
               AND (p.cx_nps_last_invited IS NULL OR p.cx_nps_last_invited < %(global_since)s)
               AND NOT EXISTS (
                   SELECT 1 FROM survey_user_input ui
                    WHERE ui.partner_id = p.id AND ui.cx_nps_campaign_id = %(campaign)s
                      AND (ui.cx_nps_sent_date >= %(campaign_since)s
                           OR (%(round_since)s::timestamp IS NOT NULL
                               AND ui.cx_nps_sent_date >= %(round_since)s)))
             ORDER BY p.id
        """, {"ids": candidates, "global_since": global_since, "campaign": self.id,
              "campaign_since": campaign_since, "round_since": self._cx_round() or None})
        return [row[0] for row in self.env.cr.fetchall()]

    @api.multi
    def _cx_round(self):
        """The start of the current round of a relationship campaign (False otherwise)."""
        return (self.iteration_start or False) if self.kind == KIND_RELATIONSHIP else False

    @api.multi
    def _eligible_partner_ids(self, partner_ids=None, now=None):
        """The invitable audience (see _cx_invitable_ids) drawn by the sample.

        The draw is a stable hash of the partner, the campaign and the round
        (nps.in_sample): the same people every time, so a paused and resumed round,
        or one run twice, invites nobody new. A stratified campaign draws each
        stratum's share of the plan (stratum_ids); raising a share only adds people.
        """
        self.ensure_one()
        now = now or datetime.datetime.now()
        eligible = self._cx_invitable_ids(partner_ids, now=now)
        salt = "%s:%s" % (self.id, self._cx_round() or "")
        if self.sample_strata == sampling.STRATA_NONE:
            return [pid for pid in eligible if nps.in_sample(pid, salt, self.sample_percent)]
        fractions = self._cx_plan_fractions(now)
        strata_of = self._cx_strata_of(eligible)
        return [pid for pid in eligible
                if nps.in_sample(pid, salt, 100.0 * fractions.get(strata_of.get(pid), 0.0))]

    @api.multi
    def _cx_strata_of(self, partner_ids):
        """{partner id: stratum key} by the tier and stage of each partner's company."""
        if not partner_ids:
            return {}
        self.env.cr.execute("""
            SELECT p.id, COALESCE(c.cx_tier_id, p.cx_tier_id),
                   COALESCE(c.cx_stage_id, p.cx_stage_id)
              FROM res_partner p LEFT JOIN res_partner c ON c.id = p.commercial_partner_id
             WHERE p.id = ANY(%s)
        """, (list(partner_ids),))
        strata = self.sample_strata
        return {pid: sampling.stratum_key(tier, stage, strata)
                for pid, tier, stage in self.env.cr.fetchall()}

    @api.multi
    def _cx_plan_fractions(self, now):
        """{stratum key: share drawn (0-1)} of the round's plan, made when missing."""
        self.ensure_one()
        if not self.stratum_ids or self.sample_plan_round != self._cx_round():
            self._cx_make_plan(now)
        return {line._cx_key(): line.fraction / 100.0 for line in self.stratum_ids}

    @api.multi
    def _cx_past_by_stratum(self, now):
        """{stratum key: [promoters, passives, detractors, invitations, answered]} of
        the company's NPS answers and invitations over sampling.PAST_DAYS, by the
        customer's tier and stage when invited or when answering (both stored, so no
        join). The response rate compares the invitations sent before the last
        SETTLE_DAYS (their answers are in) with the answers to invitations recorded
        before then."""
        since = now - datetime.timedelta(days=sampling.PAST_DAYS)
        settled = now - datetime.timedelta(days=sampling.SETTLE_DAYS)
        params = {"since": since, "settled": settled, "company": self.company_id.id,
                  "promoter": nps.PROMOTER, "passive": nps.PASSIVE,
                  "detractor": nps.DETRACTOR}
        past = {}
        self.env.cr.execute("""
            SELECT r.tier_id, r.stage_id,
                   count(*) FILTER (WHERE r.category = %(promoter)s),
                   count(*) FILTER (WHERE r.category = %(passive)s),
                   count(*) FILTER (WHERE r.category = %(detractor)s),
                   count(*) FILTER (WHERE r.user_input_id IS NOT NULL
                                      AND r.date < %(settled)s)
              FROM cx_nps_response r
             WHERE r.date >= %(since)s AND r.company_id = %(company)s
             GROUP BY 1, 2
        """, params)
        for tier, stage, promoters, passives, detractors, answered in self.env.cr.fetchall():
            row = past.setdefault(sampling.stratum_key(tier, stage, self.sample_strata),
                                  [0] * 5)
            row[0] += promoters
            row[1] += passives
            row[2] += detractors
            row[4] += answered
        self.env.cr.execute("""
            SELECT ui.cx_nps_tier_id, ui.cx_nps_stage_id, count(*)
              FROM survey_user_input ui
              JOIN cx_nps_campaign cc ON cc.id = ui.cx_nps_campaign_id
             WHERE ui.cx_nps_sent_date >= %(since)s AND ui.cx_nps_sent_date < %(settled)s
               AND cc.company_id = %(company)s
             GROUP BY 1, 2
        """, params)
        for tier, stage, invitations in self.env.cr.fetchall():
            row = past.setdefault(sampling.stratum_key(tier, stage, self.sample_strata),
                                  [0] * 5)
            row[3] += invitations
        return past

    @api.multi
    def _cx_make_plan(self, now=None):
        """Make the sampling plan of the current round: one line per stratum with its
        customers, eligible, planned invitations, expected answers and margin
        (domain/sampling.py); two set-based passes over the audience."""
        self.ensure_one()
        now = now or datetime.datetime.now()
        audience = self.env["res.partner"].search(self._audience_domain()).ids
        strata_of = self._cx_strata_of(audience)
        invitable = self._cx_invitable_ids(now=now, candidates=audience)
        population = Counter(strata_of.values())
        eligible = Counter(strata_of[pid] for pid in invitable if pid in strata_of)
        past = self._cx_past_by_stratum(now)
        strata = [sampling.Stratum(key, population[key], eligible.get(key, 0),
                                   *past.get(key, (0, 0, 0, 0, 0)))
                  for key in sorted(population, key=str)]
        total = int(round(self.sample_percent / 100.0 * sum(eligible.values())))
        rows = sampling.plan(strata, total, self.sample_allocation, self.sample_margin)
        # the plan is the engine's figures: written under sudo (callers were checked:
        # the preview is for CX managers, the dispatch is the engine)
        self.sudo().stratum_ids.unlink()
        Stratum = self.env["cx.nps.campaign.stratum"].sudo()
        for sequence, row in enumerate(rows):
            Stratum.create({
                "campaign_id": self.id, "sequence": sequence,
                "tier_id": row["key"][0] or False, "stage_id": row["key"][1] or False,
                "population": row["population"], "eligible": row["eligible"],
                "planned": row["planned"], "fraction": 100.0 * row["fraction"],
                "response_rate": 100.0 * row["rate"],
                "expected_answers": row["expected_answers"],
                "expected_margin": row["expected_margin"] or 0.0,
            })
        # written as the engine: the plan is not something the caller edits
        super(CxNpsCampaign, self).write({
            "sample_plan_round": self._cx_round(),
            "sample_plan_date": fields.Datetime.to_string(now)})
        return rows

    # ----------------------------------------------------------------- actions
    @api.multi
    def action_preview_audience(self):
        """Tell how many contacts match and how many would be invited now (counted with
        the caller's rights on contacts)."""
        self.ensure_one()
        self._check_manager()
        if self.sample_strata != sampling.STRATA_NONE:
            self._cx_make_plan()
        self.write({"preview_eligible": len(self._eligible_partner_ids()),
                    "preview_date": fields.Datetime.now()})
        return True

    @api.multi
    def action_view_audience(self):
        self.ensure_one()
        return open_action(self, self._audience_domain(), res_model="res.partner",
                           name=_("Audience"))

    @api.multi
    def action_schedule(self):
        self._check_manager()
        for campaign in self:
            if campaign.state != STATE_DRAFT:
                raise UserError(_("Only a draft campaign can be scheduled."))
        self.write({"state": STATE_SCHEDULED})
        self._cron_start_scheduled()
        return True

    @api.multi
    def action_pause(self):
        self._check_manager()
        self.filtered(lambda c: c.state in (STATE_RUNNING, STATE_SCHEDULED)).write(
            {"state": STATE_PAUSED})
        return True

    @api.multi
    def action_resume(self):
        """Resume: the current round goes on, so nobody already invited is invited again."""
        self._check_manager()
        self.filtered(lambda c: c.state == STATE_PAUSED).write({"state": STATE_RUNNING})
        return True

    @api.multi
    def action_done(self):
        self._check_manager()
        self.write({"state": STATE_DONE})
        return True

    @api.multi
    def action_draft(self):
        self._check_manager()
        self.filtered(lambda c: c.state in (STATE_DONE, STATE_PAUSED)).write(
            {"state": STATE_DRAFT})
        return True

    @api.multi
    def action_send_now(self):
        """Send today's share of the current round now (queued, not sent in the request)."""
        self._check_manager()
        for campaign in self:
            if campaign.state != STATE_RUNNING:
                raise UserError(_("Only a running campaign sends invitations."))
            if campaign.kind != KIND_RELATIONSHIP:
                raise UserError(_("A transactional campaign sends when its event happens."))
            # the engine's own rights from here on, as in the hourly cron
            campaign.sudo()._dispatch_round()
        return True

    @api.multi
    def action_view_responses(self):
        self.ensure_one()
        return open_action(self, [("campaign_id", "=", self.id)],
                           xmlid="cx_nps_survey.action_cx_nps_response",
                           context={"default_campaign_id": self.id})

    @api.multi
    def action_view_invitations(self):
        self.ensure_one()
        return open_action(self, [("cx_nps_campaign_id", "=", self.id)],
                           res_model="survey.user_input", name=_("Invitations"))

    # ----------------------------------------------------------------- dispatch
    @api.multi
    def _lock(self):
        """Transaction-scoped advisory lock: two crons never dispatch one campaign."""
        return locks.try_xact_lock(self.env.cr, locks.NPS_CAMPAIGN_DISPATCH, self.id)

    @api.multi
    def _dispatch_round(self, now=None):
        """Invite today's share of the eligible audience of a relationship campaign."""
        self.ensure_one()
        now = now or datetime.datetime.now()
        if not self._lock():
            return self.env["survey.user_input"]
        if not self.iteration_start:
            self.write({"iteration_start": fields.Datetime.to_string(now)})
        round_start = fields.Datetime.from_string(self.iteration_start)
        window_end = round_start + datetime.timedelta(days=max(self.window_days, 1))
        days_left = max((window_end - now).days + 1, 1)
        eligible = self._eligible_partner_ids(now=now)
        quota = nps.daily_quota(len(eligible), days_left, self.daily_cap,
                                self._sent_on_day(now))
        return self._create_invitations(eligible[:quota], now=now)

    @api.multi
    def _sent_on_day(self, now):
        day = now.replace(hour=0, minute=0, second=0, microsecond=0)
        self.env.cr.execute("""
            SELECT count(*) FROM survey_user_input
             WHERE cx_nps_campaign_id = %s AND cx_nps_sent_date >= %s
               AND cx_nps_sent_date < %s
        """, (self.id, day, day + datetime.timedelta(days=1)))
        return self.env.cr.fetchone()[0]

    @api.multi
    def _create_invitations(self, partner_ids, source=None, now=None):
        """Create the personal survey tokens and queue the emails, in bulk.

        Tokens are survey.user_input rows (type 'link'); the emails are rendered from
        the campaign's mail.template in each partner's language and inserted into the
        mail queue (mail.mail, state outgoing): nothing is sent in this transaction.
        """
        self.ensure_one()
        UserInput = self.env["survey.user_input"].sudo()
        if not partner_ids:
            return UserInput
        now = now or datetime.datetime.now()
        deadline = now + datetime.timedelta(days=self.expiry_days) if self.expiry_days else None
        partners = self.env["res.partner"].sudo().browse(partner_ids)
        # the customer's segment (its company's tier and stage) is stored with the
        # invitation, as on an answer: the response rate per stratum reads it
        self.env.cr.execute("""
            SELECT p.id, p.email, COALESCE(c.cx_tier_id, p.cx_tier_id),
                   COALESCE(c.cx_stage_id, p.cx_stage_id)
              FROM res_partner p LEFT JOIN res_partner c ON c.id = p.commercial_partner_id
             WHERE p.id = ANY(%s)""", (list(partner_ids),))
        partner_rows = {row[0]: row[1:] for row in self.env.cr.fetchall()}
        rows = [(self.survey_id.id, now, deadline, "link", "new", False,
                 str(uuid.uuid4()),
                 pid, partner_rows.get(pid, (None,))[0], self.id, now, 0,
                 source and source._name or None, source and source.id or None,
                 self.env.uid, now, self.env.uid, now) + tuple(
                     partner_rows.get(pid, (None, None, None))[1:])
                for pid in partner_ids]
        ids = execute_values(self.env.cr, """
            INSERT INTO survey_user_input
                (survey_id, date_create, deadline, type, state, test_entry, token,
                 partner_id, email, cx_nps_campaign_id, cx_nps_sent_date,
                 cx_nps_reminder_count, cx_nps_source_model, cx_nps_source_id,
                 create_uid, create_date, write_uid, write_date, cx_nps_tier_id,
                 cx_nps_stage_id)
            VALUES %s RETURNING id
        """, rows, fetch=True, page_size=1000)
        invitation_ids = [row[0] for row in ids]
        self.env.cr.execute(
            "UPDATE res_partner SET cx_nps_last_invited = %s WHERE id = ANY(%s)",
            (now, list(partner_ids)))
        partners.invalidate_cache(["cx_nps_last_invited"])
        invitations = UserInput.browse(invitation_ids)
        invitations._cx_queue_emails(self.invitation_template_id)
        return invitations

    # ----------------------------------------------------------------- triggers
    @api.model
    def _cx_trigger(self, trigger_code, partners, source_record=None):
        """Survey these partners after an event (public entry point for other addons).

        Finds the running transactional campaigns whose trigger is ``trigger_code``,
        applies their audience and contact-frequency rules and queues invitations.
        Returns the invitations created (survey.user_input records).
        """
        UserInput = self.env["survey.user_input"].sudo()
        created = UserInput
        partners = partners.filtered("email") | partners.filtered(
            lambda p: not p.email).mapped("commercial_partner_id")
        if not partners:
            return created
        campaigns = self.sudo().search([
            ("state", "=", STATE_RUNNING), ("kind", "=", KIND_TRANSACTIONAL),
            ("trigger", "=", trigger_code)])
        now = datetime.datetime.now()
        for campaign in campaigns:
            if campaign.date_start and fields.Datetime.from_string(campaign.date_start) > now:
                continue
            if not campaign._lock():
                continue
            eligible = campaign._eligible_partner_ids(partners.ids, now=now)
            if campaign.daily_cap:
                eligible = eligible[:max(campaign.daily_cap - campaign._sent_on_day(now), 0)]
            # a person is invited once per event even if listed with its company
            created |= campaign._create_invitations(eligible, source=source_record, now=now)
        return created

    # ----------------------------------------------------------------- crons
    @api.model
    def _cron_start_scheduled(self):
        now = fields.Datetime.now()
        due = self.search([("state", "=", STATE_SCHEDULED), "|",
                           ("date_start", "=", False), ("date_start", "<=", now)])
        due.write({"state": STATE_RUNNING})
        return due

    @api.model
    def _cron_run(self):
        """Start due campaigns, send rounds, remind, queue refused invitations again,
        close ended campaigns."""
        self._cron_start_scheduled()
        now = datetime.datetime.now()
        ended = self.search([("state", "in", (STATE_RUNNING, STATE_PAUSED)),
                             ("date_end", "!=", False),
                             ("date_end", "<=", fields.Datetime.to_string(now))])
        ended.write({"state": STATE_DONE})
        for campaign in self.search([("state", "=", STATE_RUNNING),
                                     ("kind", "=", KIND_RELATIONSHIP)]):
            campaign._next_round_if_due(now)
            campaign._dispatch_round(now=now)
        self.env["survey.user_input"]._cx_send_reminders(now=now)
        self.env["mail.mail"].sudo()._cx_retry_refused_invitations()
        return True

    @api.multi
    def _next_round_if_due(self, now):
        """Open the next round of a relationship campaign when its time has come."""
        self.ensure_one()
        if not self.iteration_start:
            return False
        start = fields.Datetime.from_string(self.iteration_start)
        due = start + relativedelta(months=self.recurrence_months)
        if now < due:
            if not self.next_iteration:
                self.write({"next_iteration": fields.Datetime.to_string(due)})
            return False
        self.write({"iteration_start": fields.Datetime.to_string(now),
                    "next_iteration": fields.Datetime.to_string(
                        now + relativedelta(months=self.recurrence_months))})
        return True
