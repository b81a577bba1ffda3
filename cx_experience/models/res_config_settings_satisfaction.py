# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..domain import satisfaction
from .res_config_settings import PARAM_PREFIX

WEIGHT_FIELDS = {code: "cx_sat_weight_%s" % code for code in satisfaction.COMPONENTS}
HALF_LIFE_KEY = PARAM_PREFIX + "sat_half_life_days"


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    cx_sat_half_life_days = fields.Integer(
        string="Half-life of a signal (days)", default=satisfaction.DEFAULT_HALF_LIFE_DAYS,
        help="An answer, interaction, ticket or follow-up this many days old weighs half "
             "as much in the satisfaction index as one of today.")
    cx_sat_weight_nps = fields.Float(
        string="Weight of the NPS answers", default=satisfaction.DEFAULT_WEIGHTS["nps"],
        help="Share of the customer's NPS answers (10 x the score) in its index.")
    cx_sat_weight_interaction = fields.Float(
        string="Weight of the interaction scores",
        default=satisfaction.DEFAULT_WEIGHTS["interaction"],
        help="Share of the scores (0-10, x 10) given at the touchpoints in the index.")
    cx_sat_weight_sla = fields.Float(
        string="Weight of the SLA outcomes", default=satisfaction.DEFAULT_WEIGHTS["sla"],
        help="Share of the customer's tickets' service levels: 100 met, 0 breached.")
    cx_sat_weight_followup = fields.Float(
        string="Weight of the detractor follow-ups",
        default=satisfaction.DEFAULT_WEIGHTS["followup"],
        help="Share of the outcomes of the follow-ups of its detractor answers: 100 "
             "resolved, 0 lost.")
    cx_sat_weight_behaviour = fields.Float(
        string="Weight of the buying behaviour",
        default=satisfaction.DEFAULT_WEIGHTS["behaviour"],
        help="Share of how the customer buys against its own rhythm: 100 while the days "
             "since its last invoice stay within its usual (median) gap, 0 after three "
             "gaps, a quarter for the regularity of its gaps.")

    @api.model
    def _cx_satisfaction_params(self):
        """Weights ``{component: weight}`` and ``half_life_days`` as plain values (the
        defaults for a parameter missing or unreadable)."""
        get = self.env["ir.config_parameter"].sudo().get_param

        def number(key, default, kind):
            try:
                return kind(get(key, default))
            except (TypeError, ValueError):
                return default

        weights = {code: number(PARAM_PREFIX + field[3:], satisfaction.DEFAULT_WEIGHTS[code],
                                float) for code, field in WEIGHT_FIELDS.items()}
        half_life = number(HALF_LIFE_KEY, satisfaction.DEFAULT_HALF_LIFE_DAYS, int)
        try:
            satisfaction.check_settings(weights, half_life)
        except satisfaction.SettingsError:
            weights = dict(satisfaction.DEFAULT_WEIGHTS)
            half_life = satisfaction.DEFAULT_HALF_LIFE_DAYS
        return {"weights": weights, "half_life_days": half_life}

    @api.model
    def get_values(self):
        res = super(ResConfigSettings, self).get_values()
        params = self._cx_satisfaction_params()
        res["cx_sat_half_life_days"] = params["half_life_days"]
        res.update({field: params["weights"][code] for code, field in WEIGHT_FIELDS.items()})
        return res

    @api.multi
    def set_values(self):
        # The administrator check of set_values (res_config_settings.py) runs first.
        res = super(ResConfigSettings, self).set_values()
        set_param = self.env["ir.config_parameter"].sudo().set_param
        for settings in self:
            settings._cx_check_satisfaction()
            set_param(HALF_LIFE_KEY, str(settings.cx_sat_half_life_days))
            for field in WEIGHT_FIELDS.values():
                set_param(PARAM_PREFIX + field[3:], str(settings[field]))
        return res

    @api.multi
    def _cx_check_satisfaction(self):
        self.ensure_one()
        weights = {code: self[field] for code, field in WEIGHT_FIELDS.items()}
        try:
            satisfaction.check_settings(weights, self.cx_sat_half_life_days)
        except satisfaction.SettingsError as error:
            if str(error) == "weights":
                raise ValidationError(_(
                    "The weights of the satisfaction index cannot be negative, and at "
                    "least one must be above 0."))
            raise ValidationError(_(
                "The half-life of the satisfaction index must be at least one day."))
