from odoo import fields, models


class CxSlaPolicy(models.Model):
    _name = "cx.sla.policy"
    _description = "SLA policy"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10, help="Policies are tried in this order; the first match wins.")
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.user.company_id)
