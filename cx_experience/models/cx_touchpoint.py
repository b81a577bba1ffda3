# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

from ..domain import codes


class CxTouchpoint(models.Model):
    """A point of interaction of a process with the customer, to be measured."""

    _name = "cx.touchpoint"
    _description = "Customer touchpoint"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(help="Technical code other addons use to find this touchpoint.")
    sequence = fields.Integer(default=10)
    stage_id = fields.Many2one(
        "cx.lifecycle.stage", string="Process", ondelete="restrict",
        help="The customer-management process this touchpoint belongs to.")
    channel = fields.Selection(list(codes.CHANNELS), required=True, default="email")
    info_kind = fields.Selection(
        [(codes.INFO_PAST, "Past"), (codes.INFO_CURRENT, "Current"),
         (codes.INFO_POTENTIAL, "Potential")],
        string="Kind of information", required=True, default=codes.INFO_PAST,
        help="Past: after an experience (surveys). Current: interviews, focus groups. "
             "Potential: probing opportunities.")
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("code_unique", "unique(code)", "Another touchpoint already uses this code."),
    ]
