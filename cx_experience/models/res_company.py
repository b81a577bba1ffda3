# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

SETTINGS = "base.group_system"


def _digest_recipients(period, group, help_text):
    """The two recipient fields of one digest period: a group, and more addresses."""
    return (
        fields.Many2one("res.groups", groups=SETTINGS, string="%s digest to group" % period,
                        default=lambda self: self.env.ref(group, False), help=help_text),
        fields.Char(string="%s digest also to" % period, groups=SETTINGS,
                    help="More addresses, separated by commas."))


class ResCompany(models.Model):
    _inherit = "res.company"

    # Every user, portal included, may read res.company: the digest recipients (people's
    # addresses) are for the administrators who configure them (Settings), and the
    # digest cron, which runs as the superuser.
    cx_digest_daily_group_id, cx_digest_daily_emails = _digest_recipients(
        "Daily", "cx_experience.group_cx_user",
        "Supervisors: every member of this group gets the daily KPI digest.")
    cx_digest_weekly_group_id, cx_digest_weekly_emails = _digest_recipients(
        "Weekly", "cx_experience.group_cx_manager",
        "Middle management: every member of this group gets the weekly KPI digest.")
    cx_digest_monthly_group_id, cx_digest_monthly_emails = _digest_recipients(
        "Monthly", "cx_experience.group_cx_manager",
        "Top management: every member of this group gets the monthly KPI digest.")
