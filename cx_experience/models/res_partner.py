# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging

from dateutil.relativedelta import relativedelta

from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import html_escape

from .. import lang as cx_lang
from .. import locks
from ..actions import open_action
from ..counts import set_counts
from ..domain import codes, lifecycle, ownership, quadrant, tiers
from ..messages import AT_RISK_NOTE, AT_RISK_SUMMARY, REASON_MOVED_BY_HAND, REASON_SET_BY_HAND
from .cx_lifecycle_history import RULE_MANUAL

_logger = logging.getLogger(__name__)

QUADRANT_SELECTION = [
    (codes.QUADRANT_MODEL, "Model"),
    (codes.QUADRANT_GROWTH, "Growing"),
    (codes.QUADRANT_AT_RISK, "At risk"),
    (codes.QUADRANT_PRECARIOUS, "Precarious"),
]
# Keys of pg_try_advisory_xact_lock: one run of each cron at a time (named in locks.py).
LOCK_TIERS = locks.TIERS_CRON
LOCK_LIFECYCLE = locks.LIFECYCLE_CRON
LOCK_DAILY = locks.DAILY_CRON
# Customer invoices and refunds that count as revenue (domain/codes.py).
REVENUE_STATES = codes.REVENUE_STATES
REVENUE_TYPES = codes.REVENUE_TYPES
# The revenue and churn rules read invoices per commercial partner and date.
_REVENUE_INDEX = """
    CREATE INDEX IF NOT EXISTS cx_account_invoice_revenue_idx
        ON account_invoice (commercial_partner_id, date_invoice)
     WHERE state IN %s AND type IN %s
""" % (codes.REVENUE_STATES_SQL, codes.REVENUE_TYPES_SQL)


class ResPartner(models.Model):
    _inherit = "res.partner"

    # Tier, stage, quadrant and "has satisfaction" take 2 to 8 values each: a btree
    # index on them does not help a read on a large customer base (a filter on one
    # value still reads a large share of the table) and every index costs on each
    # write. The tier recompute rewrites these columns for many partners at once, so
    # they are not indexed; res_partner keeps only Odoo's own indexes.

    cx_tier_id = fields.Many2one(
        "cx.tier", string="Value tier", copy=False,
        track_visibility="onchange", ondelete="restrict",
        help="Customer value tier, computed from invoiced revenue unless locked by a manager.")
    cx_tier_locked = fields.Boolean(
        string="Tier locked", copy=False, track_visibility="onchange",
        help="A manager fixed this tier: the revenue rule leaves it alone.")
    cx_tier_lock_reason = fields.Char(
        string="Why the tier is locked", copy=False, track_visibility="onchange")
    # The logs, interactions and timeline are CX data: the fields are the CX users' (the
    # partner form drops them for anyone else, who could not read their records).
    cx_tier_change_ids = fields.One2many(
        "cx.tier.change", "partner_id", string="Tier changes", readonly=True,
        groups="cx_experience.group_cx_user")
    cx_revenue = fields.Float(
        string="Revenue (window)", copy=False, readonly=True, group_operator="sum",
        help="Posted customer invoices minus refunds, untaxed, over the trailing window, "
             "in the main company's currency (the books of a company in another currency "
             "are converted at today's rate); updated by the tier recompute.")
    cx_stage_id = fields.Many2one(
        "cx.lifecycle.stage", string="Lifecycle stage", copy=False,
        track_visibility="onchange", ondelete="restrict",
        group_expand="_cx_read_group_stage_ids",
        help="The customer-management process the customer is in now.")
    cx_stage_date = fields.Datetime(
        string="In stage since", copy=False, readonly=True,
        help="When the customer entered its current lifecycle stage.")
    cx_stage_days = fields.Integer(
        string="Days in current stage", compute="_compute_cx_stage_days",
        help="Whole days spent in the current stage so far.")
    cx_history_ids = fields.One2many(
        "cx.lifecycle.history", "partner_id", string="Stage log", readonly=True,
        groups="cx_experience.group_cx_user")
    cx_stage_time_ids = fields.One2many(
        "cx.lifecycle.stage.time", "partner_id", string="Time per stage", readonly=True,
        groups="cx_experience.group_cx_user")
    cx_interaction_ids = fields.One2many(
        "cx.interaction", "partner_id", string="Interactions",
        groups="cx_experience.group_cx_user")
    cx_interaction_count = fields.Integer(
        string="Interactions", compute="_compute_cx_interaction_count",
        groups="cx_experience.group_cx_user")
    cx_has_satisfaction = fields.Boolean(
        string="Has satisfaction data", copy=False, readonly=True,
        help="Whether any satisfaction measure (for example an NPS answer) exists for "
             "this customer.")
    cx_satisfaction_index = fields.Float(
        string="Satisfaction index", copy=False, readonly=True, group_operator="avg",
        help="Satisfaction of the customer on a 0-100 scale, fed by the NPS surveys. "
             "Meaningful only when 'Has satisfaction data' is set.")
    cx_satisfaction_date = fields.Datetime(
        string="Satisfaction measured on", copy=False, readonly=True)
    cx_quadrant = fields.Selection(
        QUADRANT_SELECTION,
        string="Customer quadrant", copy=False, readonly=True,
        track_visibility="onchange",
        help="Satisfaction against revenue. Empty when the customer has no satisfaction "
             "data.")

    # The 360-degree view: header of the partner form and its timeline.
    cx_tier_code = fields.Char(related="cx_tier_id.code", readonly=True, string="Tier code")
    cx_stage_code = fields.Char(
        related="cx_stage_id.code", readonly=True, string="Stage code")
    # The badges show the names as text (a read-only many2one is a link, styled as one).
    cx_tier_name = fields.Char(related="cx_tier_id.name", readonly=True, string="Tier name")
    cx_stage_name = fields.Char(
        related="cx_stage_id.name", readonly=True, string="Stage name")
    cx_last_contact_date = fields.Datetime(
        string="Last contact", compute="_compute_cx_last_contact",
        groups="cx_experience.group_cx_user",
        help="The latest interaction with the customer or one of its contacts (of those "
             "you may read).")
    cx_next_activity_date = fields.Date(
        string="Next activity on", compute="_compute_cx_next_activity")
    cx_next_activity_text = fields.Char(
        string="Next activity", compute="_compute_cx_next_activity",
        help="The open activity with the nearest deadline on the customer or one of its "
             "contacts.")
    cx_timeline_ids = fields.One2many(
        "cx.timeline", string="Timeline", compute="_compute_cx_timeline_ids",
        groups="cx_experience.group_cx_user",
        help="Everything that happened with the customer, newest first.")
    cx_at_risk_no_action = fields.Boolean(
        string="At risk without an action", compute="_compute_cx_at_risk_no_action",
        search="_search_cx_at_risk_no_action",
        help="In the 'at risk' quadrant with no open activity on the customer or its "
             "contacts.")

    def init(self):
        self.env.cr.execute(_REVENUE_INDEX)

    # ------------------------------------------------------------------ computes
    @api.multi
    def _compute_cx_stage_days(self):
        now = fields.Datetime.from_string(fields.Datetime.now())
        for partner in self:
            if partner.cx_stage_date:
                delta = now - fields.Datetime.from_string(partner.cx_stage_date)
                partner.cx_stage_days = max(delta.days, 0)
            else:
                partner.cx_stage_days = 0

    @api.multi
    def _compute_cx_interaction_count(self):
        set_counts(self, "cx_interaction_count", "cx.interaction", "partner_id")

    @api.multi
    def _compute_cx_last_contact(self):
        # Read with the reader's rights: the interactions it may read only.
        for partner in self:
            commercial = partner.commercial_partner_id or partner
            if not isinstance(commercial.id, int):
                partner.cx_last_contact_date = False
                continue
            last = self.env["cx.interaction"].search(
                [("partner_id", "child_of", commercial.id)], order="date desc", limit=1)
            partner.cx_last_contact_date = last.date

    @api.multi
    def _compute_cx_next_activity(self):
        Activity = self.env["mail.activity"]
        for partner in self:
            commercial = partner.commercial_partner_id or partner
            activity = Activity.browse()
            if isinstance(commercial.id, int):
                contacts = self.with_context(active_test=False).search(
                    [("id", "child_of", commercial.id)])
                activity = Activity.search([
                    ("res_model", "=", "res.partner"), ("res_id", "in", contacts.ids),
                ], order="date_deadline, id", limit=1)
            partner.cx_next_activity_date = activity.date_deadline
            if activity:
                what = (activity.summary or activity.activity_type_id.name or "").strip()
                text = activity.activity_type_id.name or ""
                if what and what != text:
                    text = "%s: %s" % (text, what) if text else what
                partner.cx_next_activity_text = "%s (%s)" % (text, activity.user_id.name)
            else:
                partner.cx_next_activity_text = False

    @api.multi
    def _compute_cx_timeline_ids(self):
        Timeline = self.env["cx.timeline"]
        for partner in self:
            commercial = partner.commercial_partner_id or partner
            partner.cx_timeline_ids = Timeline.search(
                [("partner_id", "=", commercial.id)]) if isinstance(commercial.id, int) \
                else Timeline.browse()

    @api.model
    def _cx_open_activity_partners_sql(self):
        """SQL of the commercial partners with an open activity on them or a contact."""
        return ("SELECT p.commercial_partner_id FROM mail_activity a "
                "JOIN res_partner p ON p.id = a.res_id WHERE a.res_model = 'res.partner'")

    @api.multi
    def _compute_cx_at_risk_no_action(self):
        at_risk = self.filtered(lambda p: p.cx_quadrant == codes.QUADRANT_AT_RISK
                                and isinstance(p.id, int))
        busy = set()
        if at_risk:
            self.env.cr.execute(self._cx_open_activity_partners_sql()
                                + " AND p.commercial_partner_id IN %s", (tuple(at_risk.ids),))
            busy = {row[0] for row in self.env.cr.fetchall()}
        for partner in self:
            partner.cx_at_risk_no_action = partner in at_risk and partner.id not in busy

    @api.model
    def _search_cx_at_risk_no_action(self, operator, value):
        if operator not in ("=", "!="):
            raise ValidationError(_("This filter takes yes or no."))
        busy = (self._cx_open_activity_partners_sql(), [])
        # Normalized domains: Odoo 11 puts a search method's domain in place as it is.
        if bool(value) == (operator == "="):
            return ["&", ("cx_quadrant", "=", codes.QUADRANT_AT_RISK),
                    ("id", "not inselect", busy)]
        return ["|", ("cx_quadrant", "!=", codes.QUADRANT_AT_RISK), ("id", "inselect", busy)]

    @api.model
    def _cx_read_group_stage_ids(self, stages, domain, order):
        return stages.search([], order=order)

    # ------------------------------------------------------------------ writes
    @api.multi
    def write(self, vals):
        """A person's write: engine-owned fields are refused, tier and stage are a CX
        manager's (each change logged with who made it). The engine writes through
        _cx_engine_write instead."""
        self._cx_check_guarded(vals)
        vals = dict(vals)
        stage_id = vals.pop("cx_stage_id", None)
        if stage_id:
            # The move itself runs under sudo (stage log): check the caller may write
            # these partners first (a write of no other field checks no record rule).
            self.check_access_rights("write")
            self.check_access_rule("write")
        if "cx_tier_id" in vals:
            self._cx_log_manual_tier(vals)
        result = super(ResPartner, self).write(vals)
        if stage_id:
            stage = self.env["cx.lifecycle.stage"].browse(stage_id)
            # The reason is text for the log only: it unlocks nothing.
            self._cx_move_to_stage(stage.code, reason=self.env.context.get("cx_reason"))
        return result

    @api.model
    def create(self, vals):
        # Defaults from the context are values too: the client sends the context.
        defaults = {"default_" + name for name in ownership.GUARDED_FIELDS}
        vals = dict({key[len("default_"):]: value for key, value in self.env.context.items()
                     if key in defaults}, **vals)
        vals = {key: value for key, value in vals.items()
                if key not in ownership.GUARDED_FIELDS
                or key in ownership.set_on_create(vals)}
        self._cx_check_guarded(vals)
        stage_id = vals.pop("cx_stage_id", None)
        tier_id = vals.pop("cx_tier_id", None)
        # The same context without those defaults: a dict, as with_context(**kwargs) could
        # only add keys, not drop them.
        context = {key: value for key, value in self.env.context.items()
                   if key not in defaults}
        without_defaults = self.with_context(context)  # pylint: disable=context-overridden
        partner = self.browse(super(ResPartner, without_defaults).create(vals).id)
        if tier_id:
            partner.write({"cx_tier_id": tier_id})
        if stage_id:
            partner.write({"cx_stage_id": stage_id})
        return partner

    @api.multi
    def _cx_check_guarded(self, vals):
        """Refuse a write of engine-owned fields by anyone but the engine, and of the
        tier, its lock or the stage by anyone but a CX manager (AccessError)."""
        engine = self.env.uid == SUPERUSER_ID
        engine_fields, manager_fields = ownership.refused(
            vals, engine, engine or self.env.user.has_group(
                "cx_experience.group_cx_manager"))
        if engine_fields:
            labels = self.fields_get(engine_fields, ["string"])
            raise AccessError(_(
                "These customer-experience figures are computed by the system and cannot "
                "be set by hand: %s.") % ", ".join(
                    labels[name]["string"] for name in engine_fields))
        if set(manager_fields) & ownership.TIER_FIELDS:
            raise AccessError(_("Only a Customer Experience manager can change a "
                                "customer's value tier or its lock."))
        if manager_fields:
            raise AccessError(_("Only a Customer Experience manager can move a customer "
                                "to another lifecycle stage."))

    @api.multi
    def _cx_engine_write(self, vals):
        """Write as the engine: under sudo, and past the checks and the manual-move and
        manual-tier logging of write() (the engine logs its own changes).

        Overrides of write() in the addons that depend on cx_experience do not run
        either: they react to changes by hand (cx_sla re-matches tickets on a tier set
        by hand; the tier recompute writes in SQL).
        """
        return super(ResPartner, self.sudo()).write(vals)

    @api.model
    def _cx_check_manager(self):
        """Refuse (AccessError) a caller outside the CX manager group: the entry points
        that run the engine on demand call this before anything else."""
        if not (self.env.uid == SUPERUSER_ID
                or self.env.user.has_group("cx_experience.group_cx_manager")):
            raise AccessError(_("Only a Customer Experience manager can recompute the "
                                "value tiers and the lifecycle stages."))

    @api.multi
    def _cx_log_manual_tier(self, vals):
        """Log a tier set by hand; a tier set by hand stays (it locks the partner)."""
        new_tier = self.env["cx.tier"].browse(vals["cx_tier_id"] or [])
        # The log keeps the source of the default reason (each reader gets it in its own
        # language); the partner's lock reason is the manager's text, in its language.
        given = vals.get("cx_tier_lock_reason")
        reason = given or REASON_SET_BY_HAND
        vals.setdefault("cx_tier_locked", bool(new_tier))
        if vals["cx_tier_locked"]:
            vals.setdefault("cx_tier_lock_reason",
                            given or cx_lang.translate(self.env, REASON_SET_BY_HAND))
        changer_id = self.env.uid  # the person, taken before the sudo that writes the log
        changes = self.env["cx.tier.change"].sudo()
        for partner in self.filtered(lambda p: p.cx_tier_id != new_tier):
            old = partner.cx_tier_id
            changes.create({
                "partner_id": partner.id,
                "old_tier_id": old.id,
                "new_tier_id": new_tier.id,
                "direction": tiers.direction(
                    old.sequence if old else None,
                    new_tier.sequence if new_tier else 10 ** 6),
                "revenue": partner.cx_revenue,
                "source": codes.TIER_SOURCE_MANUAL,
                "user_id": changer_id,
                "reason": reason,
            })

    @api.constrains("cx_tier_locked", "cx_tier_lock_reason")
    def _check_cx_tier_lock(self):
        for partner in self:
            if partner.cx_tier_locked and not (partner.cx_tier_lock_reason or "").strip():
                raise ValidationError(_(
                    "Say why the value tier of %s is locked.") % partner.display_name)

    # ------------------------------------------------------------------ public API
    @api.multi
    def _cx_set_satisfaction(self, index, date=None):
        """A new satisfaction measure of these partners: recompute their index.

        The public entry point other addons use when they take a measure (cx_nps_survey
        after an answer): the index is recomputed from every signal of these partners
        (res_partner_satisfaction.py), the quadrant follows at once and an at-risk
        follow-up activity is created for each partner entering at risk. ``index``
        (0-100, None clears) and ``date`` are kept only for a partner without any
        signal the index reads: a measure fed from outside them.
        """
        if index is not None and not 0 <= index <= 100:
            raise ValidationError(_("A satisfaction index goes from 0 to 100 (got %s).")
                                  % index)
        partners = self.sudo()
        partners._cx_recompute_satisfaction(
            sorted(set(partners.ids) | set(partners.mapped("commercial_partner_id").ids)),
            fallback=(index, date))
        return True

    @api.multi
    def _cx_update_quadrants(self):
        """Recompute the quadrant of these partners (small sets: plain Python)."""
        params = self.env["res.config.settings"]._cx_params()
        entered = self.browse()
        for partner in self:
            new = quadrant.quadrant(
                partner.cx_satisfaction_index if partner.cx_has_satisfaction else None,
                partner.cx_revenue, params["satisfaction_cutoff"], params["revenue_cutoff"])
            if (partner.cx_quadrant or None) != new:
                if quadrant.entered_at_risk(partner.cx_quadrant, new):
                    entered |= partner
                partner._cx_engine_write({"cx_quadrant": new or False})
        entered._cx_schedule_at_risk_activity()

    @api.multi
    def _cx_move_to_stage(self, stage_code, reason=None, forward_only=False):
        """Move these partners to the stage with that code and log the move.

        With forward_only, partners already in that stage or a later one stay where
        they are (the automatic rules move forward only). Returns the moved partners.
        The stage log records the calling user as the one who moved them: callers
        check the caller's rights first (write() does: a CX manager's act).
        """
        mover_id = self.env.uid  # the person moving them, taken before any sudo
        Stage = self.env["cx.lifecycle.stage"].sudo()
        stage = Stage.search([("code", "=", stage_code)], limit=1)
        if not stage:
            return self.browse()
        sequences = Stage._cx_sequences()
        moved = self.filtered(lambda p: lifecycle.can_move(
            sequences, p.cx_stage_id.code or None, stage_code, forward_only))
        if not moved:
            return moved
        now = fields.Datetime.now()
        History = self.env["cx.lifecycle.history"].sudo()
        History.search([("partner_id", "in", moved.ids), ("date_out", "=", False)]).write(
            {"date_out": now})
        for partner in moved:
            History.create({
                "partner_id": partner.id, "stage_id": stage.id,
                "previous_stage_id": partner.cx_stage_id.id, "date_in": now,
                "rule": RULE_MANUAL, "reason": reason or REASON_MOVED_BY_HAND,
                "user_id": mover_id,
            })
        moved._cx_engine_write({"cx_stage_id": stage.id, "cx_stage_date": now})
        return moved

    # ------------------------------------------------------------------ activities
    @api.multi
    def _cx_schedule_at_risk_activity(self):
        """One to-do for the account manager of each partner that entered at risk.

        Written with one INSERT: the ORM create of mail.activity subscribes and notifies
        per record (about a second each), far too slow when a nightly recompute moves
        thousands of customers at once. The activities show in the chatter and in each
        user's activity menu like any other.
        """
        if not self:
            return
        activity_type = self.env.ref("mail.mail_activity_data_todo", False)
        model = self.env["ir.model"].sudo()._get("res.partner")
        deadline = fields.Date.to_string(
            fields.Date.from_string(fields.Date.context_today(self)) + relativedelta(days=3))
        fallback = self.env.ref("base.user_root").id
        # Each assignee reads the to-do in its own language: one INSERT per language of
        # the assignees (a handful), each written for every partner whose assignee
        # speaks it. An assignee without a known language reads the company's.
        cr = self.env.cr
        cr.execute("""
            SELECT p.id, COALESCE(up.lang, '')
              FROM res_partner p
              JOIN res_users u ON u.id = COALESCE(p.user_id, %s)
              JOIN res_partner up ON up.id = u.partner_id
             WHERE p.id IN %s
        """, (fallback, tuple(self.ids)))
        by_user_lang = {}
        for partner_id, user_lang in cr.fetchall():
            by_user_lang.setdefault(user_lang, []).append(partner_id)
        by_lang = {}
        for user_lang, partner_ids in by_user_lang.items():
            by_lang.setdefault(cx_lang.reader_lang(self.env, user_lang), []).extend(partner_ids)
        for lang, partner_ids in sorted(by_lang.items()):
            cr.execute("""
                INSERT INTO mail_activity (res_id, res_model_id, res_model, res_name,
                                           activity_type_id, summary, note, date_deadline,
                                           user_id, create_uid, create_date, write_uid,
                                           write_date)
                SELECT p.id, %(model)s, 'res.partner', p.display_name, %(type)s,
                       %(summary)s, %(note)s, %(deadline)s, COALESCE(p.user_id, %(fallback)s),
                       %(uid)s, now() at time zone 'UTC', %(uid)s, now() at time zone 'UTC'
                  FROM res_partner p WHERE p.id IN %(ids)s
            """, {
                "model": model.id, "type": activity_type.id if activity_type else None,
                "summary": cx_lang.translate(self.env, AT_RISK_SUMMARY, lang),
                "note": "<p>%s</p>" % html_escape(cx_lang.translate(self.env, AT_RISK_NOTE, lang)),
                "deadline": deadline, "fallback": fallback,
                "uid": self.env.uid, "ids": tuple(partner_ids)})
        self.env["mail.activity"].invalidate_cache()
        self.invalidate_cache(["activity_ids"])

    # ------------------------------------------------------------------ set-based work
    @api.model
    def _cx_recompute_tiers(self, today=None):
        """Recompute revenue, value tier and quadrant of every customer, set-based.

        One SQL statement sums the trailing window's revenue per commercial partner
        (posted customer invoices minus refunds, untaxed, see _cx_revenue_sql), puts
        each customer in its revenue band (domain.tiers) and sets its quadrant, keeping
        only the partners where something changes; one UPDATE writes those partners and
        one INSERT logs each tier change. Locked partners and partners in a tier set by
        hand keep their tier.
        Returns ``{"changed": n, "at_risk": n}``.
        """
        cr = self.env.cr
        if not locks.try_xact_lock(cr, LOCK_TIERS):
            _logger.info("cx: tier recompute already running, skipped")
            return {"changed": 0, "at_risk": 0}
        params = self.env["res.config.settings"]._cx_params()
        today = fields.Date.from_string(today or fields.Date.context_today(self))
        since = today - relativedelta(months=params["window_months"])
        try:
            bands = self.env["cx.tier"].sudo()._cx_revenue_bands()
        except tiers.TierRuleError:
            bands = [tiers.Band(None, None, None)]  # no automatic tier: tiers stay
        band_values = ", ".join(
            cr.mogrify("(%s::integer, %s::float8, %s::float8)", (b.key, b.low, b.high)).decode()
            for b in bands)
        revenue_sql, factor_join = self._cx_revenue_sql(today)
        # 1. Revenue, tier and quadrant of every commercial customer, kept only where
        #    something changes, in a temporary table in id order (the order of the heap,
        #    so the UPDATE below walks res_partner and its indexes in sequence).
        cr.execute("""
            CREATE TEMPORARY TABLE cx_tier_calc ON COMMIT DROP AS
            WITH bands(tier_id, low, high) AS (VALUES %s),
            rev AS (
                SELECT i.commercial_partner_id AS partner_id, %s AS revenue
                  FROM account_invoice i %s
                 WHERE i.state IN %%(states)s AND i.type IN %%(types)s
                   AND i.date_invoice >= %%(since)s AND i.date_invoice <= %%(today)s
              GROUP BY i.commercial_partner_id
            ),
            calc AS (
                SELECT p.id, p.company_id, COALESCE(rev.revenue, 0.0) AS revenue,
                       p.cx_revenue AS old_revenue,
                       p.cx_tier_id AS old_tier, p.cx_quadrant AS old_quadrant,
                       CASE WHEN %s THEN p.cx_tier_id ELSE b.tier_id END AS new_tier,
                       %s AS new_quadrant
                  FROM res_partner p
                  LEFT JOIN rev ON rev.partner_id = p.id
                  LEFT JOIN cx_tier cur ON cur.id = p.cx_tier_id
                  LEFT JOIN bands b ON (b.low IS NULL OR COALESCE(rev.revenue, 0) >= b.low)
                                   AND (b.high IS NULL OR COALESCE(rev.revenue, 0) < b.high)
                 WHERE p.id = p.commercial_partner_id
                   AND (p.customer OR p.cx_has_satisfaction OR p.cx_quadrant IS NOT NULL)
            )
            SELECT * FROM calc
             WHERE old_revenue IS DISTINCT FROM revenue OR old_tier IS DISTINCT FROM new_tier
                OR old_quadrant IS DISTINCT FROM new_quadrant
          ORDER BY id
        """ % (band_values, revenue_sql, factor_join,
               # the rules of domain/tiers.py and domain/quadrant.py, as SQL
               tiers.keeps_tier_sql("p.customer", "p.cx_tier_locked", "cur.manual_only",
                                    "b.tier_id"),
               quadrant.quadrant_sql("p.cx_has_satisfaction", "p.cx_satisfaction_index",
                                     "rev.revenue")), {
            "states": REVENUE_STATES, "types": REVENUE_TYPES, "since": since, "today": today,
            "sat_cutoff": params["satisfaction_cutoff"],
            "rev_cutoff": params["revenue_cutoff"]})
        if cr.rowcount > 1000:
            cr.execute("ANALYZE cx_tier_calc")  # a merge join in id order, not a hash
        # 2. One new row version per changed partner (one UPDATE for all three columns).
        cr.execute("""
            UPDATE res_partner p
               SET cx_revenue = c.revenue, cx_tier_id = c.new_tier, cx_quadrant = c.new_quadrant
              FROM cx_tier_calc c
             WHERE p.id = c.id
        """)
        # 3. The tier changes. The revenue rule made them: no user (a person is recorded
        #    only for changes by hand).
        cr.execute("""
            INSERT INTO cx_tier_change (partner_id, old_tier_id, new_tier_id, date, direction,
                                        revenue, source, company_id, create_date, write_date)
            SELECT c.id, c.old_tier, c.new_tier, now() at time zone 'UTC',
                   %(direction)s,
                   c.revenue, %%(rule)s, c.company_id,
                   now() at time zone 'UTC', now() at time zone 'UTC'
              FROM cx_tier_calc c
              JOIN cx_tier new ON new.id = c.new_tier
              LEFT JOIN cx_tier old ON old.id = c.old_tier
             WHERE c.old_tier IS DISTINCT FROM c.new_tier
          ORDER BY c.id
        """ % {"direction": tiers.direction_sql(
            "CASE WHEN old.id IS NOT NULL THEN old.sequence END", "new.sequence")},
            {"rule": codes.TIER_SOURCE_RULE})
        changed = cr.rowcount
        cr.execute("""
            SELECT id FROM cx_tier_calc
             WHERE new_quadrant = %s AND old_quadrant IS DISTINCT FROM %s
        """, (codes.QUADRANT_AT_RISK, codes.QUADRANT_AT_RISK))
        entered = [row[0] for row in cr.fetchall()]
        cr.execute("DROP TABLE cx_tier_calc")
        self.invalidate_cache()
        self.env["cx.tier.change"].invalidate_cache()
        self.browse(entered)._cx_schedule_at_risk_activity()
        _logger.info("cx: %s tier changes, %s partners entered at risk", changed, len(entered))
        return {"changed": changed, "at_risk": len(entered)}

    @api.model
    def _cx_currency_factors(self, today):
        """``{company id: factor}`` turning each company's currency into the main
        company's at today's rate, for the companies whose currency differs."""
        companies = self.env["res.company"].sudo().search([])
        main = self.env.ref("base.main_company", raise_if_not_found=False) or companies[:1]
        reference = main.sudo().currency_id
        factors = {}
        for company in companies.filtered(lambda c: c.currency_id != reference):
            currency = company.currency_id.with_context(
                date=fields.Date.to_string(today), company_id=company.id)
            factors[company.id] = currency._get_conversion_rate(currency, reference)
        return factors

    @api.model
    def _cx_revenue_sql(self, today):
        """The revenue sum of the tier recompute and the join it needs: invoices count
        in their company's currency (Odoo converts an invoice in a foreign currency at
        its date), and the books of a company in another currency than the main
        company's are converted at today's rate. With one currency, a plain sum."""
        factors = self._cx_currency_factors(today)
        if not factors:
            return "SUM(i.amount_untaxed_signed)::float8", ""
        values = ", ".join(self.env.cr.mogrify("(%s::integer, %s::float8)", item).decode()
                           for item in sorted(factors.items()))
        return ("ROUND(SUM(i.amount_untaxed_signed * COALESCE(f.factor, 1))::numeric, 2)"
                "::float8",
                "LEFT JOIN (VALUES %s) f(company_id, factor) ON f.company_id = i.company_id"
                % values)

    @api.model
    def _cx_rule_queries(self, params, today):
        """The SQL of each switched-on lifecycle rule: ``(rule, stage code, sql)``.

        Each query selects ``partner_id`` (commercial partners) matching the rule now.
        Rules reading other apps (crm, helpdesk_mgmt) are kept only when the app is
        installed: cx_experience does not depend on them.
        """
        rules = params["rules"]
        queries = []
        if rules["opportunity"] and "crm.lead" in self.env:
            queries.append((codes.RULE_OPPORTUNITY, codes.STAGE_PRESALE, """
                SELECT DISTINCT p.commercial_partner_id FROM crm_lead l
                  JOIN res_partner p ON p.id = l.partner_id
                 WHERE l.type = 'opportunity'"""))
        cr = self.env.cr
        invoices = {"posted": codes.INVOICE_POSTED_STATES, "open": codes.INVOICE_OPEN_STATE,
                    "out": codes.INVOICE_TYPE_OUT, "types": REVENUE_TYPES}
        if rules["invoice"]:
            queries.append((codes.RULE_INVOICE, codes.STAGE_SALE, cr.mogrify("""
                SELECT DISTINCT i.commercial_partner_id FROM account_invoice i
                 WHERE i.type = %(out)s AND i.state IN %(posted)s""", invoices).decode()))
        if rules["ticket"] and "helpdesk.ticket" in self.env:
            queries.append((codes.RULE_TICKET, codes.STAGE_SERVICE, """
                SELECT DISTINCT p.commercial_partner_id FROM helpdesk_ticket t
                  JOIN res_partner p ON p.id = t.partner_id
                  LEFT JOIN helpdesk_ticket_stage s ON s.id = t.stage_id
                 WHERE NOT COALESCE(s.closed, FALSE)"""))
        if rules["overdue"]:
            queries.append((codes.RULE_OVERDUE, codes.STAGE_COLLECTION, cr.mogrify("""
                SELECT DISTINCT i.commercial_partner_id FROM account_invoice i
                 WHERE i.type = %(out)s AND i.state = %(open)s
                   AND i.date_due < %(today)s""", dict(invoices, today=today)).decode()))
        for rule, stage in ((codes.RULE_LOYALTY, codes.STAGE_LOYALTY),
                            (codes.RULE_RETENTION, codes.STAGE_RETENTION)):
            if rules[rule]:
                queries.append((rule, stage, self.env.cr.mogrify("""
                    SELECT DISTINCT p.commercial_partner_id FROM cx_interaction x
                      JOIN res_partner p ON p.id = x.partner_id
                      JOIN cx_lifecycle_stage s ON s.id = x.stage_id
                     WHERE s.code = %s""", (stage,)).decode()))
        if rules["churn"]:
            limit = today - relativedelta(days=params["churn_days"])
            queries.append((codes.RULE_CHURN, codes.STAGE_CHURNED, cr.mogrify("""
                SELECT p.id FROM res_partner p
                 WHERE p.id = p.commercial_partner_id AND p.customer
                   AND p.create_date < %(limit)s
                   AND (p.cx_stage_id IS NOT NULL OR EXISTS (
                        SELECT 1 FROM account_invoice i
                         WHERE i.commercial_partner_id = p.id AND i.state IN %(posted)s))
                   AND NOT EXISTS (
                        SELECT 1 FROM account_invoice i
                         WHERE i.commercial_partner_id = p.id
                           AND i.type IN %(types)s
                           AND i.state IN %(posted)s AND i.date_invoice >= %(limit)s)
                   AND NOT EXISTS (
                        SELECT 1 FROM cx_interaction x JOIN res_partner c ON c.id = x.partner_id
                         WHERE c.commercial_partner_id = p.id AND x.date >= %(limit)s)
            """, dict(invoices, limit=limit)).decode()))
        return queries

    @api.model
    def _cx_apply_lifecycle_rules(self, today=None):
        """Run the switched-on lifecycle rules over every customer in one statement.

        Each partner matching rules moves once, to the latest stage among the rules it
        matches, and only forward; a partner moved by hand less than the setting's days
        ago stays, and its stay notes the rule held back (the stage log shows why). A
        moved partner's open stay is closed (date out, days) and a new stay is logged
        with the rule. Partners locked by a concurrent run are skipped
        (FOR UPDATE SKIP LOCKED), so two runs never log the same move twice.
        Returns the number of partners moved.
        """
        cr = self.env.cr
        if not locks.try_xact_lock(cr, LOCK_LIFECYCLE):
            return 0
        params = self.env["res.config.settings"]._cx_params()
        today = fields.Date.from_string(today or fields.Date.context_today(self))
        queries = self._cx_rule_queries(params, today)
        if not queries:
            return 0
        now = fields.Datetime.from_string(fields.Datetime.now())
        hold_days = params["manual_hold_days"]
        matched = " UNION ALL ".join(
            cr.mogrify("SELECT m.pid, s.id, s.sequence, %s FROM (", (rule,)).decode()
            + sql + cr.mogrify(") m(pid) JOIN cx_lifecycle_stage s ON s.code = %s",
                               (stage,)).decode()
            for rule, stage, sql in queries)
        cr.execute("""
            WITH matched(partner_id, stage_id, seq, rule) AS (%s),
            best AS (
                SELECT DISTINCT ON (partner_id) partner_id, stage_id, seq, rule
                  FROM matched WHERE partner_id IS NOT NULL
              ORDER BY partner_id, seq DESC
            ),
            todo AS (
                SELECT best.partner_id, best.stage_id, best.rule, p.cx_stage_id AS old_stage,
                       p.company_id
                  FROM best
                  JOIN res_partner p ON p.id = best.partner_id
                  LEFT JOIN cx_lifecycle_stage cur ON cur.id = p.cx_stage_id
                 WHERE (p.cx_stage_id IS NULL OR cur.sequence < best.seq)
                   AND NOT EXISTS (
                        SELECT 1 FROM cx_lifecycle_history h
                         WHERE h.partner_id = p.id AND h.date_out IS NULL
                           AND h.rule = %%(manual)s AND h.date_in > %%(hold_since)s)
                   FOR UPDATE OF p SKIP LOCKED
            ),
            -- A stay begun by hand less than hold_days ago is respected
            -- (domain.lifecycle.held_by_hand): note the rule held back, once per rule
            -- and stage (a second run writes nothing).
            held AS (
                UPDATE cx_lifecycle_history h
                   SET held_rule = best.rule, held_stage_id = best.stage_id,
                       held_days = %%(hold_days)s,
                       held_date = CASE WHEN h.held_rule IS DISTINCT FROM best.rule
                                          OR h.held_stage_id IS DISTINCT FROM best.stage_id
                                        THEN %%(now)s ELSE h.held_date END
                  FROM best
                  JOIN res_partner p ON p.id = best.partner_id
                  LEFT JOIN cx_lifecycle_stage cur ON cur.id = p.cx_stage_id
                 WHERE h.partner_id = best.partner_id AND h.date_out IS NULL
                   AND h.rule = %%(manual)s AND h.date_in > %%(hold_since)s
                   AND (p.cx_stage_id IS NULL OR cur.sequence < best.seq)
                   AND (h.held_rule IS DISTINCT FROM best.rule
                        OR h.held_stage_id IS DISTINCT FROM best.stage_id
                        OR h.held_days IS DISTINCT FROM %%(hold_days)s)
             RETURNING h.id
            ),
            closed AS (
                UPDATE cx_lifecycle_history h
                   SET date_out = %%(now)s,
                       duration_days = EXTRACT(EPOCH FROM (%%(now)s - h.date_in)) / 86400.0
                  FROM todo
                 WHERE h.partner_id = todo.partner_id AND h.date_out IS NULL
             RETURNING h.id
            ),
            moved AS (
                UPDATE res_partner p SET cx_stage_id = todo.stage_id, cx_stage_date = %%(now)s
                  FROM todo WHERE p.id = todo.partner_id
             RETURNING p.id
            )
            -- A rule moved them, not a person: no user (like the tier change log).
            INSERT INTO cx_lifecycle_history (partner_id, stage_id, previous_stage_id, date_in,
                                              duration_days, rule, user_id, company_id,
                                              create_uid, create_date, write_uid, write_date)
            SELECT todo.partner_id, todo.stage_id, todo.old_stage, %%(now)s, 0, todo.rule,
                   NULL, todo.company_id, %%(uid)s, %%(now)s, %%(uid)s, %%(now)s
              FROM todo
        """ % matched, {"now": now, "uid": self.env.uid, "manual": lifecycle.RULE_MANUAL,
                        "hold_days": hold_days,
                        "hold_since": now - relativedelta(days=hold_days)})
        moved = cr.rowcount
        self.invalidate_cache()
        self.env["cx.lifecycle.history"].invalidate_cache()
        _logger.info("cx: lifecycle rules moved %s partners", moved)
        return moved

    # ------------------------------------------------------------------ crons, buttons
    @api.model
    def _cx_cron_daily(self):
        """Tiers, then lifecycle rules, as one job: a second run that starts while the
        first holds the job does nothing (the first does all the work). Without this,
        the second run could take the lifecycle step while the first still held the
        partners it had just re-tiered, skip them, and leave their moves to the next day.
        """
        if not locks.try_xact_lock(self.env.cr, LOCK_DAILY):
            return False
        self._cx_recompute_satisfaction()
        self._cx_recompute_tiers()
        self._cx_apply_lifecycle_rules()
        return True

    @api.multi
    def action_cx_recompute_tiers(self):
        """Menu "Recompute tiers and lifecycle now": the nightly job on demand, as of
        today (no date from the caller), for CX managers only."""
        self._cx_check_manager()
        self._cx_recompute_satisfaction()
        self._cx_recompute_tiers()
        self._cx_apply_lifecycle_rules()
        return {"type": "ir.actions.client", "tag": "reload"}

    @api.multi
    def action_cx_open_interactions(self):
        self.ensure_one()
        return open_action(
            self, [("partner_id", "child_of", self.commercial_partner_id.id)],
            xmlid="cx_experience.action_cx_interaction",
            context={"default_partner_id": self.id})

    @api.multi
    def action_cx_open_timeline(self):
        """The customer's whole timeline, filtered by the kind the button gives (the
        context key ``cx_timeline_kind``: a default search filter, and only when it names
        a filter of the timeline's search view)."""
        self.ensure_one()
        kind = self.env.context.get("cx_timeline_kind")
        kinds = dict(self.env["cx.timeline"]._fields["kind"]._description_selection(self.env))
        context = {}
        if isinstance(kind, str) and kind in kinds:
            context["search_default_kind_%s" % kind] = 1
        commercial = self.commercial_partner_id or self
        return open_action(self, [("partner_id", "=", commercial.id)],
                           xmlid="cx_experience.action_cx_timeline", context=context,
                           name=_("Timeline of %s") % commercial.display_name)

    @api.multi
    def action_cx_open_tier_changes(self):
        self.ensure_one()
        return open_action(self, [("partner_id", "=", self.id)],
                           xmlid="cx_experience.action_cx_tier_change")
