from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    cx_digest_daily_group_id = fields.Many2one(
        "res.groups", string="Daily digest to group",
        default=lambda self: self.env.ref("cx_experience.group_cx_user", False),
        help="Supervisors: every member of this group gets the daily KPI digest.")
    cx_digest_daily_emails = fields.Char(
        string="Daily digest also to",
        help="More addresses, separated by commas.")
    cx_digest_weekly_group_id = fields.Many2one(
        "res.groups", string="Weekly digest to group",
        default=lambda self: self.env.ref("cx_experience.group_cx_manager", False),
        help="Middle management: every member of this group gets the weekly KPI digest.")
    cx_digest_weekly_emails = fields.Char(
        string="Weekly digest also to", help="More addresses, separated by commas.")
    cx_digest_monthly_group_id = fields.Many2one(
        "res.groups", string="Monthly digest to group",
        default=lambda self: self.env.ref("cx_experience.group_cx_manager", False),
        help="Top management: every member of this group gets the monthly KPI digest.")
    cx_digest_monthly_emails = fields.Char(
        string="Monthly digest also to", help="More addresses, separated by commas.")
