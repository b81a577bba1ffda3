from odoo import api, fields, models

from .. import lang as cx_lang
from ..domain import codes, lifecycle
from ..messages import REASON_MOVED_BY_HAND

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

    def init(self):
        # Rows logged before the reason was rendered when read kept the default reason
        # frozen in the mover's language: give them back its source.
        self.env.cr.execute("""
            UPDATE cx_lifecycle_history r SET reason = t.src
              FROM ir_translation t
             WHERE t.type = 'code' AND t.module = 'cx_experience' AND t.src = %s
               AND t.value = r.reason AND t.value != t.src
        """, (REASON_MOVED_BY_HAND,))

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
