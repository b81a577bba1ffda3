# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..domain import headline
from .cx_headline import TARGET_PARAM


def _switch(code):
    return "cx_target_%s_on" % code


def _value(code):
    return "cx_target_%s" % code


def _target(switch_label, value_label, help_text):
    """The two fields of one target: its switch, and its value."""
    return (fields.Boolean(string=switch_label),
            fields.Float(string=value_label, help=help_text))


class ResConfigSettings(models.TransientModel):
    """The targets of the headline figures (dashboard tiles and digests): each can be
    switched on with its value; a figure without a target is not coloured."""

    _inherit = "res.config.settings"

    cx_target_nps_on, cx_target_nps = _target(
        "NPS target", "NPS target (points)",
        "From -100 to 100. At or above it the NPS tile is green; up to 5 points below, "
        "amber; further below, red.")
    cx_target_nps_response_rate_on, cx_target_nps_response_rate = _target(
        "Response rate target", "Response rate target (%)",
        "Share of the NPS invitations answered, 0 to 100 %. Up to 5 points below it the "
        "tile is amber, further below red.")
    cx_target_followup_overdue_on, cx_target_followup_overdue = _target(
        "Overdue follow-ups target", "Overdue follow-ups at most",
        "The most detractor follow-ups past their deadline you accept. Amber up to 20 % "
        "above it (at least one more), red beyond.")
    cx_target_sla_compliance_on, cx_target_sla_compliance = _target(
        "SLA compliance target", "SLA compliance target (%)",
        "Share of the finished SLA targets that were met, 0 to 100 %. Up to 5 points "
        "below it the tile is amber, further below red.")
    cx_target_sla_breached_now_on, cx_target_sla_breached_now = _target(
        "Tickets breached target", "Tickets breached now at most",
        "The most open tickets past their SLA deadline you accept. Amber up to 20 % "
        "above it (at least one more), red beyond.")
    cx_target_at_risk_without_action_on, cx_target_at_risk_without_action = _target(
        "At risk without an action target", "At-risk customers without an action at most",
        "The most customers in the 'at risk' quadrant with no open activity you accept. "
        "Amber up to 20 % above it (at least one more), red beyond.")

    @api.model
    def get_values(self):
        res = super(ResConfigSettings, self).get_values()
        targets = self.env["cx.headline"]._cx_targets()
        for code in headline.TARGET_CODES:
            res[_switch(code)] = code in targets
            res[_value(code)] = targets.get(code, 0.0)
        return res

    @api.multi
    def set_values(self):
        # super() checks that the caller is an administrator (cx_experience's settings)
        res = super(ResConfigSettings, self).set_values()
        set_param = self.env["ir.config_parameter"].sudo().set_param
        for settings in self:
            settings._cx_check_targets()
            for code in headline.TARGET_CODES:
                set_param(TARGET_PARAM + code,
                          repr(settings[_value(code)]) if settings[_switch(code)] else "")
        return res

    @api.multi
    def _cx_check_targets(self):
        self.ensure_one()
        for code, unit, _better in headline.TARGETS:
            if not self[_switch(code)]:
                continue
            value = self[_value(code)]
            if unit == headline.UNIT_POINTS and not -100.0 <= value <= 100.0:
                raise ValidationError(_("The NPS target is on the -100 to 100 scale."))
            if unit == headline.UNIT_PERCENT and not 0.0 <= value <= 100.0:
                raise ValidationError(_("A target in percent is from 0 to 100."))
            if unit == headline.UNIT_COUNT and value < 0:
                raise ValidationError(_("A target count cannot be negative."))
