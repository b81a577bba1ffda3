from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


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
        default=10, help="Order of the tier rules: the first tier whose threshold the revenue reaches wins.")
    min_revenue = fields.Float(
        string="Minimum revenue",
        help="Invoiced revenue (posted customer invoices minus refunds, in company currency) "
             "over the trailing window that puts a customer in this tier.")
    manual_only = fields.Boolean(
        string="Set by hand only",
        help="Customers are put in this tier by hand, never by the revenue rules (for example Strategic).")
    color = fields.Integer()
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("code_unique", "unique(code)", "Another tier already uses this code."),
    ]

    @api.constrains("min_revenue")
    def _check_min_revenue(self):
        for tier in self:
            if tier.min_revenue < 0:
                raise ValidationError(_(
                    "The minimum revenue of tier %s cannot be negative.") % tier.name)
