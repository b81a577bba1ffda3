# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..actions import open_action
from ..counts import set_counts
from ..domain import codes, tiers


class CxTier(models.Model):
    """A customer value tier (estratégico, alto, medio, bajo)."""

    _name = "cx.tier"
    _description = "Customer value tier"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        required=True,
        help="Technical code used by integrations and reports: strategic, high, medium or low.",
    )
    sequence = fields.Integer(
        default=10,
        help="Rank of the tier: a smaller number is a more valuable tier.")
    min_revenue = fields.Float(
        string="Minimum revenue",
        help="Invoiced revenue (posted customer invoices minus refunds, in the main "
             "company's currency) over the trailing window that puts a customer in this "
             "tier. The tier of a customer is the one with the highest threshold its "
             "revenue reaches; the lowest tier also takes customers below its threshold.")
    manual_only = fields.Boolean(
        string="Set by hand only",
        help="Customers are put in this tier by hand, never by the revenue rules "
             "(for example Strategic). A customer put in it keeps it until a manager "
             "changes it.")
    color = fields.Integer(string="Color index")
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)
    partner_count = fields.Integer(
        string="Customers", compute="_compute_partner_count",
        help="Customers in this tier now.")

    _sql_constraints = [
        ("code_unique", "unique(code)", "Another tier already uses this code."),
    ]

    @api.multi
    def _compute_partner_count(self):
        set_counts(self, "partner_count", "res.partner", "cx_tier_id")

    @api.constrains("min_revenue", "manual_only", "active")
    def _check_min_revenue(self):
        for tier in self:
            if tier.min_revenue < 0:
                raise ValidationError(_(
                    "The minimum revenue of tier %s cannot be negative.") % tier.name)
        automatic = self.search([("manual_only", "=", False)])
        if not automatic:
            return  # nothing to overlap yet (the rules are being created)
        try:
            self._cx_revenue_bands()
        except tiers.TierRuleError:
            raise ValidationError(_(
                "Two automatic tiers have the same minimum revenue: every customer must "
                "land in exactly one tier. Give each automatic tier its own minimum "
                "revenue."))

    @api.model
    def _cx_revenue_bands(self):
        """The revenue bands of the active automatic tiers (see domain.tiers)."""
        rules = self.search([("manual_only", "=", False)])
        return tiers.revenue_bands([(tier.id, tier.min_revenue) for tier in rules])

    @api.multi
    def action_open_partners(self):
        self.ensure_one()
        return open_action(self, [("cx_tier_id", "=", self.id)],
                           xmlid="cx_experience.action_cx_customers")

    @api.model
    def _cx_strategic(self):
        return self.search([("code", "=", codes.TIER_STRATEGIC)], limit=1)
