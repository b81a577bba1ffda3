from odoo import fields, models


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

    _sql_constraints = [
        ("code_unique", "unique(code)", "Another lifecycle stage already uses this code."),
    ]
