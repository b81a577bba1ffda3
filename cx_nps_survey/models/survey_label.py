from odoo import fields, models


class SurveyLabel(models.Model):
    _inherit = "survey.label"

    cx_nps_score = fields.Integer(
        string="NPS score", default=-1,
        help="For the choices of an NPS question: the score 0-10 this choice stands for "
             "(-1: none).")
