# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The customer's timeline: one SQL view over every kind of event of a customer.

The view is the UNION ALL of one SELECT per source, and each addon adds its sources by
extending ``_cx_timeline_sources()`` (call super, append SELECT texts). cx_experience
gives interactions, invoices, open and done activities, tier changes and stage
changes; cx_sla adds tickets, cx_nps_survey NPS answers (each with ``selection_add`` on
``kind`` and a search filter ``kind_<code>`` in ``view_cx_timeline_search``).

Each SELECT gives these columns, by name, in any order (``TIMELINE_COLUMNS``):

============== ========= ===========================================================
column         type      what it holds
============== ========= ===========================================================
row_key        integer   the plain primary key of the source's driving table
                         (``x.id``, no expression: reads by id use its index)
partner_id     integer   the commercial partner (``p.commercial_partner_id``: filters
                         by customer then use res_partner's index)
contact_id     integer   the partner on the source record (a contact, or the same)
date           timestamp when it happened (UTC); newest first
kind           varchar   one of the ``kind`` selection's codes
name           varchar   a plain text (search, exports): a number, a subject
summary_template varchar the source text of a message marked with lang.mark (or
                         NULL: ``name`` is shown, translated when it is one of ours)
summary_args   text      its values as JSON (lang.Renderer's typed values)
res_model      varchar   the record the "Open" button opens (or NULL)
res_id         integer
user_id        integer   the user who acted (logged, assigned, changed)
viewer_id      integer   a user who may read the row besides the customer's
                         salespeople, when the source's own rule says so (who logged
                         an interaction, an answer's account manager), else NULL
company_id     integer
amount         float8    an amount in ``currency_id`` (or NULL)
currency_id    integer
score          float8    a satisfaction score (or NULL: not measured)
level          varchar   ``danger``, ``warning``, ``success`` or NULL (row colour)
============== ========= ===========================================================

Visibility (security/cx_security.xml): a CX user reads the rows of its own customers
(the customer's or the contact's salesperson) and the rows whose ``viewer_id`` it is, a
CX manager every row; invoice rows need invoicing rights; companies as usual.

The view is rebuilt in ``init()`` (Odoo calls it for each module that defines or
extends the model when it loads) and at registry load when it is missing or out of
date (an uninstall drops it by cascade with a source's table, or removes a source).
"""
import hashlib
import logging

from odoo import api, fields, models

from .. import lang as cx_lang
from ..actions import open_action
from ..domain import codes, timeline
from ..messages import (
    TL_ACTIVITY, TL_ACTIVITY_DONE, TL_ACTIVITY_NO_SUMMARY, TL_INVOICE, TL_INVOICE_BARE,
    TL_NONE, TL_REFUND, TL_REFUND_BARE,
    TL_STAGE, TL_STAGE_BY_HAND, TL_STAGE_FIRST, TL_TIER, TL_TIER_FIRST)
from .cx_lifecycle_history import RULE_MANUAL

_logger = logging.getLogger(__name__)

TIMELINE_COLUMNS = (
    ("row_key", "integer"), ("partner_id", "integer"), ("contact_id", "integer"),
    ("date", "timestamp"), ("kind", "varchar"), ("name", "varchar"),
    ("summary_template", "varchar"), ("summary_args", "text"), ("res_model", "varchar"),
    ("res_id", "integer"), ("user_id", "integer"), ("viewer_id", "integer"),
    ("company_id", "integer"), ("amount", "float8"), ("currency_id", "integer"),
    ("score", "float8"), ("level", "varchar"),
)
KIND_SELECTION = [
    (timeline.KIND_INTERACTION, "Interaction"),
    (timeline.KIND_INVOICE, "Invoice"),
    (timeline.KIND_ACTIVITY, "Activity"),
    (timeline.KIND_TIER, "Tier change"),
    (timeline.KIND_STAGE, "Stage change"),
]


def _record(model, column):
    """SQL of a typed JSON value naming a record (lang.Renderer)."""
    return "json_build_object('record', json_build_array('%s', %s))" % (model, column)


def _selection(model, field, column):
    return "json_build_object('selection', json_build_array('%s', '%s', %s))" % (
        model, field, column)


class CxTimeline(models.Model):
    _name = "cx.timeline"
    _description = "Customer timeline"
    _auto = False
    _order = "date desc, id desc"
    _rec_name = "summary"

    row_key = fields.Integer(readonly=True)
    source = fields.Integer(readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    contact_id = fields.Many2one("res.partner", string="Contact", readonly=True)
    date = fields.Datetime(readonly=True)
    kind = fields.Selection(KIND_SELECTION, readonly=True)
    name = fields.Char(string="Text", readonly=True)
    summary_template = fields.Char(readonly=True)
    summary_args = fields.Char(readonly=True)
    summary = fields.Char(
        string="What happened", compute="_compute_summary",
        help="What happened, in your language when the system wrote it.")
    res_model = fields.Char(string="Source model", readonly=True)
    res_id = fields.Integer(string="Source record", readonly=True)
    user_id = fields.Many2one("res.users", string="By", readonly=True)
    viewer_id = fields.Many2one("res.users", string="Also visible to", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    amount = fields.Monetary(readonly=True, currency_field="currency_id")
    currency_id = fields.Many2one("res.currency", readonly=True)
    score = fields.Float(readonly=True, group_operator="avg",
                         help="Satisfaction score, when the event measured it.")
    has_score = fields.Boolean(string="Scored", readonly=True)
    has_amount = fields.Boolean(readonly=True)
    level = fields.Selection(
        [(timeline.LEVEL_DANGER, "Alert"), (timeline.LEVEL_WARNING, "Warning"),
         (timeline.LEVEL_SUCCESS, "Good")], readonly=True)

    # ------------------------------------------------------------------ the view
    @api.model
    def _cx_timeline_own_models(self):
        """The models whose records have a timeline source of their own: the
        interactions logged for them are not shown again. Each addon that adds such a
        source adds its model (cx_sla: tickets, cx_nps_survey: NPS answers)."""
        return []

    @api.model
    def _cx_timeline_sources(self):
        """The SELECT texts of the view (see the module docstring for their columns).
        Extend it: ``return super(...)._cx_timeline_sources() + [sql, ...]``."""
        cr = self.env.cr
        interactions = """
            SELECT x.id AS row_key, p.commercial_partner_id AS partner_id,
                   x.partner_id AS contact_id, x.date AS date, '%s' AS kind, x.name AS name,
                   NULL AS summary_template, NULL AS summary_args,
                   'cx.interaction' AS res_model, x.id AS res_id, x.user_id AS user_id,
                   x.user_id AS viewer_id, x.company_id AS company_id, NULL AS amount,
                   NULL AS currency_id, CASE WHEN x.has_score THEN x.score END AS score,
                   CASE WHEN x.has_score AND x.score < %s THEN '%s' END AS level
              FROM cx_interaction x
              JOIN res_partner p ON p.id = x.partner_id
        """ % (timeline.KIND_INTERACTION, float(timeline.LOW_SCORE), timeline.LEVEL_DANGER)
        own = self._cx_timeline_own_models()
        if own:
            # the interaction logged for a record that has a row of its own (an answer,
            # a ticket) would show the same event twice
            interactions += cr.mogrify(
                " WHERE x.res_model IS NULL OR x.res_model NOT IN %s", (tuple(own),)).decode()
        invoices = cr.mogrify("""
            SELECT i.id AS row_key, i.commercial_partner_id AS partner_id,
                   i.partner_id AS contact_id,
                   (i.date_invoice + time '12:00') AS date, %(kind)s AS kind,
                   i.number AS name,
                   CASE WHEN i.type = 'out_refund' AND i.number IS NULL THEN %(refund_bare)s
                        WHEN i.type = 'out_refund' THEN %(refund)s
                        WHEN i.number IS NULL THEN %(invoice_bare)s
                        ELSE %(invoice)s END AS summary_template,
                   json_build_object(
                       'number', COALESCE(i.number, ''),
                       'amount', json_build_object('money', i.amount_total,
                                                   'currency', i.currency_id))::text
                       AS summary_args,
                   'account.invoice' AS res_model, i.id AS res_id, i.user_id AS user_id,
                   NULL AS viewer_id, i.company_id AS company_id,
                   i.amount_total_signed AS amount, i.currency_id AS currency_id,
                   NULL AS score,
                   CASE WHEN i.state = 'open' AND i.date_due < current_date THEN %(warning)s
                   END AS level
              FROM account_invoice i
             WHERE i.type IN ('out_invoice', 'out_refund') AND i.state IN %(states)s
               AND i.date_invoice IS NOT NULL
        """, {"kind": timeline.KIND_INVOICE, "refund": TL_REFUND, "invoice": TL_INVOICE,
              "refund_bare": TL_REFUND_BARE, "invoice_bare": TL_INVOICE_BARE,
              "warning": timeline.LEVEL_WARNING, "states": codes.REVENUE_STATES}).decode()
        activities = cr.mogrify("""
            SELECT a.id AS row_key, p.commercial_partner_id AS partner_id,
                   p.id AS contact_id, (a.date_deadline + time '12:00') AS date,
                   %(kind)s AS kind, COALESCE(a.summary, t.name) AS name,
                   CASE WHEN COALESCE(a.summary, '') = '' THEN %(bare)s ELSE %(full)s END
                       AS summary_template,
                   json_build_object('type', """ + _record("mail.activity.type", "a.activity_type_id") + """,
                                     'user', """ + _record("res.users", "a.user_id") + """,
                                     'summary', json_build_object('stored', a.summary))::text
                       AS summary_args,
                   'res.partner' AS res_model, p.id AS res_id, a.user_id AS user_id,
                   NULL AS viewer_id, p.company_id AS company_id, NULL AS amount,
                   NULL AS currency_id, NULL AS score,
                   CASE WHEN a.date_deadline < current_date THEN %(danger)s
                        WHEN a.date_deadline = current_date THEN %(warning)s END AS level
              FROM mail_activity a
              JOIN res_partner p ON p.id = a.res_id AND a.res_model = 'res.partner'
              LEFT JOIN mail_activity_type t ON t.id = a.activity_type_id
        """, {"kind": timeline.KIND_ACTIVITY, "bare": TL_ACTIVITY_NO_SUMMARY,
              "full": TL_ACTIVITY, "danger": timeline.LEVEL_DANGER,
              "warning": timeline.LEVEL_WARNING}).decode()
        done_type = _record("mail.activity.type", "m.mail_activity_type_id")
        done = cr.mogrify("""
            SELECT m.id AS row_key, p.commercial_partner_id AS partner_id,
                   p.id AS contact_id, m.date AS date, %(kind)s AS kind, t.name AS name,
                   %(done)s AS summary_template,
                   json_build_object('type', """ + done_type + """,
                                     'user', """ + _record("res.partner", "m.author_id") + """
                   )::text AS summary_args,
                   'res.partner' AS res_model, p.id AS res_id, NULL AS user_id,
                   NULL AS viewer_id, p.company_id AS company_id, NULL AS amount,
                   NULL AS currency_id, NULL AS score, %(success)s AS level
              FROM mail_message m
              JOIN res_partner p ON p.id = m.res_id AND m.model = 'res.partner'
              JOIN mail_activity_type t ON t.id = m.mail_activity_type_id
        """, {"kind": timeline.KIND_ACTIVITY, "done": TL_ACTIVITY_DONE,
              "success": timeline.LEVEL_SUCCESS}).decode()
        tiers = cr.mogrify("""
            SELECT c.id AS row_key, p.commercial_partner_id AS partner_id,
                   c.partner_id AS contact_id, c.date AS date, %(kind)s AS kind,
                   nt.name AS name,
                   CASE WHEN c.old_tier_id IS NULL THEN %(first)s ELSE %(change)s END
                       AS summary_template,
                   json_build_object('old', """ + _record("cx.tier", "c.old_tier_id") + """,
                                     'new', """ + _record("cx.tier", "c.new_tier_id") + """,
                                     'source', """ + _selection("cx.tier.change", "source", "c.source") + """
                   )::text AS summary_args,
                   NULL AS res_model, NULL AS res_id, c.user_id AS user_id,
                   NULL AS viewer_id, c.company_id AS company_id, NULL AS amount,
                   NULL AS currency_id, NULL AS score,
                   CASE WHEN c.direction = %(down)s THEN %(warning)s
                        WHEN c.direction = %(up)s THEN %(success)s END AS level
              FROM cx_tier_change c
              JOIN res_partner p ON p.id = c.partner_id
              LEFT JOIN cx_tier nt ON nt.id = c.new_tier_id
        """, {"kind": timeline.KIND_TIER, "first": TL_TIER_FIRST, "change": TL_TIER,
              "down": codes.DIRECTION_DOWN, "up": codes.DIRECTION_UP,
              "warning": timeline.LEVEL_WARNING,
              "success": timeline.LEVEL_SUCCESS}).decode()
        stages = cr.mogrify("""
            SELECT h.id AS row_key, p.commercial_partner_id AS partner_id,
                   h.partner_id AS contact_id, h.date_in AS date, %(kind)s AS kind,
                   s.name AS name,
                   CASE WHEN h.previous_stage_id IS NULL THEN %(first)s
                        WHEN h.rule = %(manual)s AND COALESCE(h.reason, '') != ''
                        THEN %(by_hand)s ELSE %(change)s END
                       AS summary_template,
                   json_build_object('old', """ + _record("cx.lifecycle.stage", "h.previous_stage_id") + """,
                                     'new', """ + _record("cx.lifecycle.stage", "h.stage_id") + """,
                                     'rule', """ + _selection("cx.lifecycle.history", "rule", "h.rule") + """,
                                     'user', """ + _record("res.users", "h.user_id") + """,
                                     'reason', json_build_object('stored', h.reason)
                   )::text AS summary_args,
                   NULL AS res_model, NULL AS res_id, h.user_id AS user_id,
                   NULL AS viewer_id, h.company_id AS company_id, NULL AS amount,
                   NULL AS currency_id, NULL AS score,
                   CASE WHEN s.code = %(churned)s THEN %(danger)s END AS level
              FROM cx_lifecycle_history h
              JOIN res_partner p ON p.id = h.partner_id
              JOIN cx_lifecycle_stage s ON s.id = h.stage_id
        """, {"kind": timeline.KIND_STAGE, "first": TL_STAGE_FIRST, "manual": RULE_MANUAL,
              "by_hand": TL_STAGE_BY_HAND, "change": TL_STAGE,
              "churned": codes.STAGE_CHURNED, "danger": timeline.LEVEL_DANGER}).decode()
        return [interactions, invoices, activities, done, tiers, stages]

    @api.model
    def _cx_view_sql(self):
        """The SELECT of the view: each source wrapped so that its columns have their
        names and types and its rows their ids (domain.timeline.row_id)."""
        parts = []
        for position, sql in enumerate(self._cx_timeline_sources()):
            timeline.row_id(0, position)  # refuses too many sources
            columns = ", ".join("s.%s::%s AS %s" % (name, kind, name)
                                for name, kind in TIMELINE_COLUMNS)
            # has_score / has_amount: a Float reads 0.0 when empty, and "no score" is
            # no 0 (the lists hide an empty one).
            parts.append("SELECT s.row_key::bigint * %d + %d AS id, %d AS source, %s, "
                         "s.score IS NOT NULL AS has_score, s.amount IS NOT NULL AS has_amount "
                         "FROM (%s) s" % (timeline.MAX_SOURCES, position, position,
                                          columns, sql))
        return "\nUNION ALL\n".join(parts)

    @api.model
    def _cx_create_view(self):
        """(Re)create the view, tagged with a digest of its SQL."""
        sql = self._cx_view_sql()
        digest = hashlib.md5(sql.encode()).hexdigest()
        cr = self.env.cr
        cr.execute("DROP VIEW IF EXISTS cx_timeline")
        # The sources' SQL is server code (no caller's input): values went in through
        # mogrify, codes from domain.timeline.
        cr.execute("CREATE VIEW cx_timeline AS (%s)" % sql)  # pylint: disable=sql-injection
        cr.execute("COMMENT ON VIEW cx_timeline IS %s", ("cx:%s" % digest,))
        return digest

    @api.model_cr
    def init(self):
        self._cx_create_view()

    def _register_hook(self):
        """Rebuild the view at registry load when it is missing (an uninstall dropped it
        with a source's table) or when its sources changed (an addon that extends it was
        installed or removed since). It reads the catalog first: DDL only when needed."""
        sql = self._cx_view_sql()
        digest = "cx:%s" % hashlib.md5(sql.encode()).hexdigest()
        cr = self.env.cr
        cr.execute("SELECT obj_description(to_regclass('cx_timeline'), 'pg_class')")
        if cr.fetchone()[0] != digest:
            _logger.info("cx: the customer timeline view is rebuilt")
            self._cx_create_view()
        return super(CxTimeline, self)._register_hook()

    def _apply_ir_rules(self, query, mode="read"):
        """Odoo reads rows by id (``"cx_timeline".id IN %s``, _read_from_database): an id
        is an expression of each source's key, so PostgreSQL would compute every source in
        full to find them. The same rows' row keys, a plain primary key in each source,
        are added as a condition (implied by the ids, it changes no result) so that each
        source reads its rows through its index."""
        result = super(CxTimeline, self)._apply_ir_rules(query, mode)
        ids = [ident for ident in self._ids if isinstance(ident, int)]
        if ids and query.where_clause[:1] == ['"%s".id IN %%s' % self._table]:
            query.where_clause.append('"%s".row_key IN %%s' % self._table)
            query.where_clause_params.append(
                tuple(sorted({timeline.split_id(ident)[0] for ident in ids})))
        return result

    # ------------------------------------------------------------------ reading
    @api.multi
    @api.depends("kind", "name", "summary_template", "summary_args")
    def _compute_summary(self):
        texts = self._cx_timeline_texts(self.env.lang or cx_lang.FALLBACK_LANG)
        for row in self:
            row.summary = texts.get(row.id) or row.name

    @api.multi
    def _cx_timeline_texts(self, lang):
        """``{row id: text}`` in ``lang``. Extend it for a kind that reads another way
        (call super, then replace the texts of your kind's rows)."""
        renderer = cx_lang.Renderer(
            self.env, lang, none=cx_lang.translate(self.env, TL_NONE, lang))
        texts = {}
        for row in self:
            if row.summary_template:
                try:
                    texts[row.id] = renderer.render(row.summary_template, row.summary_args)
                except (ValueError, TypeError, KeyError):
                    _logger.warning("cx.timeline %s: summary not rendered", row.id)
                    texts[row.id] = row.name
            else:
                texts[row.id] = cx_lang.translate_stored(self.env, row.name, lang)
        interactions = self.filtered(lambda r: r.kind == timeline.KIND_INTERACTION)
        if interactions:
            # The interaction's own summary (its message, its touchpoint's name) in the
            # language; the row's visibility is the interaction's (see the rules).
            records = self.env["cx.interaction"].sudo().with_context(lang=lang).browse(
                interactions.mapped("res_id"))
            by_id = {}
            for record in records.exists():
                text = record.summary or record.name
                touchpoint = record.touchpoint_id.name
                if touchpoint and touchpoint != text:
                    text = "%s: %s" % (touchpoint, text)
                by_id[record.id] = text
            for row in interactions:
                texts[row.id] = by_id.get(row.res_id, texts[row.id])
        return texts

    @api.multi
    def action_open_source(self):
        """Open the record a timeline entry shows (an interaction, an invoice, a ticket,
        an answer); that record checks the caller's rights itself when the form reads
        it. The caller must read the entry first (open_action)."""
        self.ensure_one()
        if not self.res_model or not self.res_id or self.res_model not in self.env:
            return False
        return open_action(self, [], res_model=self.res_model, res_id=self.res_id)
