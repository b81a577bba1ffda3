# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging

from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import AccessError, ValidationError

from .. import lang as cx_lang
from ..actions import open_action

_logger = logging.getLogger(__name__)
# Written by server code only (see _check_summary_fields): a template is rendered with
# Python's % operator, which a client must not get to feed.
SUMMARY_FIELDS = ("summary_template", "summary_args")


def _is_score(value):
    """A given score, 0 included (``0 in (None, False)`` is true in Python)."""
    return value is not None and value is not False


class CxInteraction(models.Model):
    """A contact with a customer at a touchpoint, optionally with a satisfaction score.

    Other addons create interactions with ``sudo().create(vals)``. ``has_score`` says
    whether ``score`` was measured (a Float reads 0.0 when empty, so 0 alone cannot
    tell "no score" from "score 0"): pass ``has_score`` explicitly, or leave it out
    and it is set when ``score`` is in the values (and not None/False).

    A summary the code writes ("Ticket HT0001 closed: ...", "NPS answer: 4") is read by
    people of several languages: the creator passes ``summary_template`` (a message
    marked with cx_experience.lang.mark, its source text), ``summary_args`` (its values,
    JSON: numbers and texts) and ``name`` (the source rendering, kept for search and
    exports); ``summary`` renders it in the reader's language, numbers in its format.
    An interaction whose name is its touchpoint's name reads as that touchpoint's name
    in the reader's language. A name a person typed reads as typed.
    """

    _name = "cx.interaction"
    _description = "Customer interaction"
    _order = "date desc, id desc"

    name = fields.Char(string="Summary text", required=True)
    summary_template = fields.Char(
        string="Summary message", readonly=True,
        help="The source text of the message the system wrote this summary from.")
    summary_args = fields.Char(string="Summary values", readonly=True)
    summary = fields.Char(
        compute="_compute_summary", search="_search_summary",
        help="What happened, in your language when the system wrote it.")
    summary_generated = fields.Boolean(
        string="Summary written by the system", compute="_compute_summary",
        help="The system wrote the summary: it reads in each reader's language.")
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, ondelete="cascade")
    touchpoint_id = fields.Many2one(
        "cx.touchpoint", required=True, index=True, ondelete="restrict")
    channel = fields.Selection(
        related="touchpoint_id.channel", store=True, readonly=True)
    info_kind = fields.Selection(
        related="touchpoint_id.info_kind", store=True, readonly=True)
    stage_id = fields.Many2one(
        related="touchpoint_id.stage_id", store=True, readonly=True, string="Process")
    date = fields.Datetime(required=True, index=True, default=fields.Datetime.now)
    has_score = fields.Boolean(
        string="Satisfaction measured", index=True,
        help="Set when the interaction measured satisfaction: only then does the score "
             "count (a score of 0 is a real answer). Creators pass it, or it is set "
             "when a score is given.")
    score = fields.Float(
        group_operator="avg",
        help="Satisfaction on a 0-10 scale, when the interaction measured it.")
    res_model = fields.Char(string="Source model", index=True)
    res_id = fields.Integer(string="Source record", index=True)
    user_id = fields.Many2one(
        "res.users", string="Logged by", default=lambda self: self.env.uid)
    company_id = fields.Many2one(
        "res.company", required=True, index=True,
        default=lambda self: self.env.user.company_id)
    note = fields.Text()

    def init(self):
        # The churn rule looks for the latest interaction of each partner.
        self.env.cr.execute("""
            CREATE INDEX IF NOT EXISTS cx_interaction_partner_date_idx
                ON cx_interaction (partner_id, date)
        """)

    @api.multi
    @api.depends("name", "summary_template", "summary_args", "touchpoint_id")
    def _compute_summary(self):
        lang = self.env.lang or cx_lang.FALLBACK_LANG
        # The touchpoints' names as stored (the source language) and in the reader's.
        touchpoints = self.mapped("touchpoint_id")
        source_names = {t.id: t.name for t in touchpoints.with_context(lang=None)}
        for rec in self:
            text, generated = rec.name, True
            if rec.summary_template:
                try:
                    text = cx_lang.render(self.env, rec.summary_template, rec.summary_args, lang)
                except (ValueError, TypeError, KeyError):
                    _logger.warning("cx.interaction %s: summary not rendered", rec.id)
            elif rec.touchpoint_id and rec.name == source_names.get(rec.touchpoint_id.id):
                text = rec.touchpoint_id.name
            else:
                generated = False
            rec.summary, rec.summary_generated = text, generated

    @api.model
    def _search_summary(self, operator, value):
        """The stored text, or, word by word, a message whose translation in the user's
        language has the word: "cerrado HT00012" finds that ticket's closing for a
        Spanish reader (the message says "cerrado", the stored text has the number)."""
        if operator not in ("ilike", "like") or not isinstance(value, str) or not value.strip():
            return [("name", operator, value)]
        self.env.cr.execute("SELECT DISTINCT summary_template FROM cx_interaction "
                            "WHERE summary_template IS NOT NULL")
        templates = {row[0]: cx_lang.translate(self.env, row[0]).lower()
                     for row in self.env.cr.fetchall()}
        domain = []
        for word in value.split():
            having = [t for t, text in templates.items() if word.lower() in text]
            part = [("name", operator, word)]
            if having:
                part = ["|", ("summary_template", "in", having)] + part
            domain = (["&"] + domain + part) if domain else part
        return domain

    @api.multi
    def name_get(self):
        return [(rec.id, rec.summary or rec.name) for rec in self]

    def _check_summary_fields(self, vals):
        if set(SUMMARY_FIELDS) & set(vals) and self.env.uid != SUPERUSER_ID:
            raise AccessError(_("The summary message of an interaction is written by the "
                                "system only."))

    @api.model
    def create(self, vals):
        self._check_summary_fields(vals)
        if "has_score" not in vals:
            vals = dict(vals, has_score=_is_score(vals.get("score")))
        if not vals.get("has_score"):
            vals["score"] = 0.0
        return super(CxInteraction, self).create(vals)

    @api.multi
    def write(self, vals):
        self._check_summary_fields(vals)
        if "name" in vals and self.env.uid != SUPERUSER_ID:
            # A person rewrites the summary: it reads as typed from now on.
            vals = dict(vals, summary_template=False, summary_args=False)
        if "has_score" not in vals and _is_score(vals.get("score")):
            vals = dict(vals, has_score=True)
        return super(CxInteraction, self).write(vals)

    @api.constrains("score", "has_score")
    def _check_score(self):
        for rec in self:
            if rec.has_score and not 0 <= rec.score <= 10:
                raise ValidationError(_(
                    "A satisfaction score goes from 0 to 10 (got %s).") % rec.score)

    @api.multi
    def action_open_source(self):
        """Open the record the interaction came from (a survey answer, a ticket...)."""
        self.ensure_one()
        if not self.res_model or not self.res_id or self.res_model not in self.env:
            return False
        return open_action(self, [], res_model=self.res_model, res_id=self.res_id)
