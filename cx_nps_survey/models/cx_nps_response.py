from odoo import api, fields, models

from ..domain import nps


class CxNpsResponse(models.Model):
    _name = "cx.nps.response"
    _description = "NPS response"
    _order = "date desc, id desc"

    partner_id = fields.Many2one("res.partner", required=True, index=True, ondelete="cascade")
    campaign_id = fields.Many2one("cx.nps.campaign", index=True, ondelete="cascade")
    score = fields.Integer(required=True, group_operator="avg")
    category = fields.Selection(
        [(nps.PROMOTER, "Promoter"), (nps.PASSIVE, "Passive"), (nps.DETRACTOR, "Detractor")],
        compute="_compute_category", store=True, index=True)
    comment = fields.Text()
    date = fields.Datetime(required=True, index=True, default=fields.Datetime.now)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.user.company_id)

    @api.depends("score")
    def _compute_category(self):
        for response in self:
            response.category = nps.category(response.score)
