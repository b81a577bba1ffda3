# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from .. import lang as cx_lang
from ..domain import codes, lifecycle
from ..messages import REASON_MOVED_BY_HAND, STAGE_HELD

RULE_MANUAL = lifecycle.RULE_MANUAL
RULE_SELECTION = [
    (codes.RULE_OPPORTUNITY, "First opportunity"),
    (codes.RULE_INVOICE, "Posted invoice"),
    (codes.RULE_TICKET, "Open helpdesk ticket"),
    (codes.RULE_OVERDUE, "Overdue invoice"),
    (codes.RULE_LOYALTY, "Loyalty action"),
    (codes.RULE_RETENTION, "Retention action"),
    (codes.RULE_CHURN, "No activity (churn)"),
    (RULE_MANUAL, "By hand"),
]


class CxLifecycleHistory(models.Model):
    """One stay of a partner in a lifecycle stage: a row per entry."""

    _name = "cx.lifecycle.history"
    _description = "Customer lifecycle history"
    _order = "date_in desc, id desc"

    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, ondelete="cascade")
    stage_id = fields.Many2one(
        "cx.lifecycle.stage", required=True, index=True, ondelete="restrict")
    previous_stage_id = fields.Many2one(
        "cx.lifecycle.stage", string="Came from", index=True, ondelete="set null",
        help="The stage the customer left to enter this one (empty for the first one).")
    date_in = fields.Datetime(required=True, index=True, default=fields.Datetime.now)
    date_out = fields.Datetime(index=True)
    duration_days = fields.Float(
        string="Days in stage", compute="_compute_duration_days", store=True,
        group_operator="avg",
        help="Days spent in the stage; empty while the partner is still in it.")
    rule = fields.Selection(
        RULE_SELECTION, default=RULE_MANUAL, required=True, index=True,
        help="The automatic rule that moved the customer, or 'By hand'.")
    # No default: the log is written under sudo, where the current user is the
    # superuser; whoever writes a row says who moved the partner.
    user_id = fields.Many2one(
        "res.users", string="Moved by",
        help="The person who moved the customer by hand; empty when an automatic rule "
             "moved it.")
    reason = fields.Char(help="Why the customer was moved by hand.")
    reason_label = fields.Char(
        string="Reason", compute="_compute_reason_label",
        help="Why the customer was moved by hand, in your language when the system wrote "
             "it.")
    company_id = fields.Many2one(
        related="partner_id.company_id", store=True, readonly=True)
    # A stay begun by hand is respected by the rules for a while (the setting "Days a
    # move by hand is respected"): the lifecycle run notes here the rule it held back.
    held_rule = fields.Selection(
        RULE_SELECTION, string="Rule held back", readonly=True,
        help="The rule that would have moved the customer during this stay begun by hand.")
    held_stage_id = fields.Many2one(
        "cx.lifecycle.stage", string="Would have moved to", readonly=True,
        ondelete="set null")
    held_date = fields.Datetime(string="Held back since", readonly=True)
    held_days = fields.Integer(
        string="Respected for (days)", readonly=True,
        help="The days a move by hand was respected when the rule was held back.")
    hold_note = fields.Char(
        string="Why the rules left it", compute="_compute_hold_note",
        help="Which rule would have moved the customer, and until when the move by hand "
             "is respected, in your language.")

    def init(self):
        # Rows logged before the reason was rendered when read kept the default reason
        # frozen in the mover's language: give them back its source.
        cx_lang.unfreeze_reasons(self, REASON_MOVED_BY_HAND)

    @api.depends("held_rule", "held_stage_id", "held_date", "held_days", "date_in")
    def _compute_hold_note(self):
        lang = self.env.lang or cx_lang.FALLBACK_LANG
        rules = dict(self._fields["held_rule"]._description_selection(self.env))
        for row in self:
            if not (row.held_rule and row.held_date and row.date_in):
                row.hold_note = False
                continue
            date_in = fields.Datetime.from_string(row.date_in)
            held = fields.Datetime.context_timestamp(
                row, fields.Datetime.from_string(row.held_date)).date()
            until = fields.Datetime.context_timestamp(
                row, lifecycle.hold_until(date_in, row.held_days)).date()
            row.hold_note = cx_lang.translate(self.env, STAGE_HELD, lang) % {
                "rule": rules.get(row.held_rule, row.held_rule),
                "stage": row.held_stage_id.name or "",
                "date": cx_lang.date(self.env, held, lang),
                "days": cx_lang.number(self.env, row.held_days, 0, lang),
                "until": cx_lang.date(self.env, until, lang),
            }

    @api.depends("reason")
    def _compute_reason_label(self):
        for row in self:
            row.reason_label = cx_lang.translate_stored(self.env, row.reason)

    @api.depends("date_in", "date_out")
    def _compute_duration_days(self):
        for row in self:
            if row.date_in and row.date_out:
                delta = (fields.Datetime.from_string(row.date_out)
                         - fields.Datetime.from_string(row.date_in))
                row.duration_days = delta.total_seconds() / 86400.0
            else:
                row.duration_days = 0.0
