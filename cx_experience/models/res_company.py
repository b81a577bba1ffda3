# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

SETTINGS = "base.group_system"


class ResCompany(models.Model):
    _inherit = "res.company"

    # Every user, portal included, may read res.company: the digest recipients (people's
    # addresses) are for the administrators who configure them (Settings), and the
    # digest cron, which runs as the superuser.
    cx_digest_daily_group_id = fields.Many2one(
        "res.groups", groups=SETTINGS, string="Daily digest to group",
        default=lambda self: self.env.ref("cx_experience.group_cx_user", False),
        help="Supervisors: every member of this group gets the daily KPI digest.")
    cx_digest_daily_emails = fields.Char(
        string="Daily digest also to", groups=SETTINGS,
        help="More addresses, separated by commas.")
    cx_digest_weekly_group_id = fields.Many2one(
        "res.groups", groups=SETTINGS, string="Weekly digest to group",
        default=lambda self: self.env.ref("cx_experience.group_cx_manager", False),
        help="Middle management: every member of this group gets the weekly KPI digest.")
    cx_digest_weekly_emails = fields.Char(
        string="Weekly digest also to", groups=SETTINGS,
        help="More addresses, separated by commas.")
    cx_digest_monthly_group_id = fields.Many2one(
        "res.groups", groups=SETTINGS, string="Monthly digest to group",
        default=lambda self: self.env.ref("cx_experience.group_cx_manager", False),
        help="Top management: every member of this group gets the monthly KPI digest.")
    cx_digest_monthly_emails = fields.Char(
        string="Monthly digest also to", groups=SETTINGS,
        help="More addresses, separated by commas.")
