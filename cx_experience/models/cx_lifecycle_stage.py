# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..counts import set_counts


class CxLifecycleStage(models.Model):
    """A stage of the customer-management processes (Preventa ... Deserción)."""

    _name = "cx.lifecycle.stage"
    _description = "Customer lifecycle stage"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        required=True,
        help="Technical code: presale, sale, service, collection, telemarketing, "
             "loyalty, retention or churned.")
    sequence = fields.Integer(
        default=10, help="Order of the stages: automatic moves only go to a later stage.")
    description = fields.Text(translate=True)
    fold = fields.Boolean(string="Folded in kanban")
    active = fields.Boolean(default=True)
    partner_count = fields.Integer(
        string="Customers", compute="_compute_partner_count",
        help="Customers in this stage now.")

    _sql_constraints = [
        ("code_unique", "unique(code)", "Another lifecycle stage already uses this code."),
    ]

    @api.constrains("code")
    def _check_code(self):
        for stage in self:
            if not (stage.code or "").strip():
                raise ValidationError(_("A lifecycle stage needs a code."))

    @api.multi
    def _compute_partner_count(self):
        set_counts(self, "partner_count", "res.partner", "cx_stage_id")

    @api.model
    def _cx_sequences(self):
        """``{code: sequence}`` of every stage, for the domain rules."""
        return {stage.code: stage.sequence for stage in self.with_context(
            active_test=False).search([])}
