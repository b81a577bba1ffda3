from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class CxInteraction(models.Model):
    """A contact with a customer at a touchpoint, optionally with a satisfaction score."""

    _name = "cx.interaction"
    _description = "Customer interaction"
    _order = "date desc, id desc"

    name = fields.Char(string="Summary", required=True)
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, ondelete="cascade")
    touchpoint_id = fields.Many2one(
        "cx.touchpoint", required=True, index=True, ondelete="restrict")
    channel = fields.Selection(
        related="touchpoint_id.channel", store=True, readonly=True)
    info_kind = fields.Selection(
        related="touchpoint_id.info_kind", store=True, readonly=True)
    stage_id = fields.Many2one(
        related="touchpoint_id.stage_id", store=True, readonly=True, string="Process")
    date = fields.Datetime(required=True, index=True, default=fields.Datetime.now)
    has_score = fields.Boolean(
        compute="_compute_has_score", store=True,
        help="Whether the interaction carries a satisfaction score.")
    score = fields.Float(
        group_operator="avg",
        help="Satisfaction on a 0-10 scale, when the interaction measured it.")
    res_model = fields.Char(string="Source model", index=True)
    res_id = fields.Integer(string="Source record", index=True)
    user_id = fields.Many2one("res.users", default=lambda self: self.env.uid)
    company_id = fields.Many2one(
        "res.company", required=True, index=True,
        default=lambda self: self.env.user.company_id)
    note = fields.Text()

    @api.depends("score", "res_model")
    def _compute_has_score(self):
        for rec in self:
            rec.has_score = rec.score is not False and rec.score is not None

    @api.constrains("score")
    def _check_score(self):
        for rec in self:
            if rec.score and not 0 <= rec.score <= 10:
                raise ValidationError(_("A satisfaction score goes from 0 to 10."))
