# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from .. import lang as cx_lang
from ..domain import codes
from ..messages import REASON_SET_BY_HAND


class CxTierChange(models.Model):
    """One change of a customer's value tier, by the revenue rule or by hand."""

    _name = "cx.tier.change"
    _description = "Value tier change"
    _order = "date desc, id desc"

    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, ondelete="cascade")
    old_tier_id = fields.Many2one("cx.tier", string="Previous tier", ondelete="set null")
    new_tier_id = fields.Many2one(
        "cx.tier", string="New tier", ondelete="set null")
    date = fields.Datetime(required=True, index=True, default=fields.Datetime.now)
    direction = fields.Selection(
        [(codes.DIRECTION_UP, "Up"), (codes.DIRECTION_DOWN, "Down"),
         (codes.DIRECTION_INITIAL, "First tier")], required=True,
        help="Up: to a more valuable tier. Down: to a less valuable one.")
    revenue = fields.Float(
        help="Invoiced revenue over the trailing window when the tier changed.")
    currency_id = fields.Many2one(
        related="partner_id.currency_id", readonly=True, string="Currency",
        help="The currency of the revenue: the company's.")
    source = fields.Selection(
        [(codes.TIER_SOURCE_RULE, "Revenue rule"), (codes.TIER_SOURCE_MANUAL, "By hand")],
        required=True, default=codes.TIER_SOURCE_MANUAL)
    # No default: the log is written under sudo (see res.partner._cx_log_manual_tier).
    user_id = fields.Many2one(
        "res.users", string="Changed by",
        help="The person who changed the tier by hand; empty when the revenue rule "
             "changed it.")
    reason = fields.Char()
    reason_label = fields.Char(
        string="Reason", compute="_compute_reason_label",
        help="Why the tier was changed by hand, in your language when the system wrote it.")
    company_id = fields.Many2one(
        related="partner_id.company_id", store=True, readonly=True)

    def init(self):
        # Rows logged before the reason was rendered when read kept the default reason
        # frozen in the mover's language: give them back its source.
        cx_lang.unfreeze_reasons(self, REASON_SET_BY_HAND)

    @api.depends("reason")
    def _compute_reason_label(self):
        for change in self:
            change.reason_label = cx_lang.translate_stored(self.env, change.reason)
