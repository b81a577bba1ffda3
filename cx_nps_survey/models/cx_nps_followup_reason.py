# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class CxNpsFollowupReason(models.Model):
    """A root cause of a detractor's answer, recorded after the call (configurable
    list, managed by CX managers; reported by reason and outcome)."""

    _name = "cx.nps.followup.reason"
    _description = "NPS follow-up root cause"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)

    _sql_constraints = [
        ("name_unique", "UNIQUE (name)", "A root cause with this name exists already."),
    ]
