from odoo import fields, models


class CxNpsCampaign(models.Model):
    _name = "cx.nps.campaign"
    _description = "NPS campaign"
    _inherit = ["mail.thread"]
    _order = "id desc"

    name = fields.Char(required=True, translate=True, track_visibility="onchange")
    survey_id = fields.Many2one("survey.survey", string="Survey", ondelete="restrict")
    state = fields.Selection(
        [("draft", "Draft"), ("scheduled", "Scheduled"), ("running", "Running"),
         ("paused", "Paused"), ("done", "Done")],
        default="draft", required=True, track_visibility="onchange")
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.user.company_id)
    response_ids = fields.One2many("cx.nps.response", "campaign_id", string="Responses")
