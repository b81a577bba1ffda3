# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import AccessError, ValidationError

from ..domain import codes, quadrant
from .cx_digest import KIND_SELECTION

PARAM_PREFIX = "cx_experience."
DEFAULTS = {
    "window_months": 12,
    "satisfaction_cutoff": 70.0,
    "revenue_cutoff": 10000.0,
    "churn_days": 365,
    "manual_hold_days": 30,
}
RULE_FIELDS = {rule: "cx_rule_%s" % rule for rule, _stage in codes.LIFECYCLE_RULES}


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    cx_window_months = fields.Integer(
        string="Revenue window (months)", default=DEFAULTS["window_months"],
        help="Trailing window of invoiced revenue behind the value tiers and the quadrant.")
    cx_satisfaction_cutoff = fields.Float(
        string="Satisfaction cut-off", default=DEFAULTS["satisfaction_cutoff"],
        help="On the 0-100 satisfaction index: at or above it a customer counts as satisfied.")
    cx_revenue_cutoff = fields.Float(
        string="Revenue cut-off", default=DEFAULTS["revenue_cutoff"],
        help="Revenue over the window at or above which a customer counts as high revenue "
             "in the quadrant.")
    cx_churn_days = fields.Integer(
        string="Days without activity before churn", default=DEFAULTS["churn_days"],
        help="A customer with no invoice and no interaction for this many days moves to "
             "Churned.")
    cx_manual_hold_days = fields.Integer(
        string="Days a move by hand is respected", default=DEFAULTS["manual_hold_days"],
        help="A customer moved to a stage by hand stays there for this many days: the "
             "lifecycle rules leave it alone, and the stage log says which rule would "
             "have moved it. 0: the rules move it at their next run.")
    cx_rule_opportunity = fields.Boolean(
        string="First opportunity moves to Presale", default=True)
    cx_rule_invoice = fields.Boolean(string="Posted invoice moves to Sale", default=True)
    cx_rule_ticket = fields.Boolean(
        string="Open helpdesk ticket moves to Service", default=True)
    cx_rule_overdue = fields.Boolean(
        string="Overdue invoice moves to Collection", default=True)
    cx_rule_loyalty = fields.Boolean(
        string="Loyalty action moves to Loyalty", default=True,
        help="An interaction at a touchpoint of the Loyalty process.")
    cx_rule_retention = fields.Boolean(
        string="Retention action moves to Retention", default=True,
        help="An interaction at a touchpoint of the Retention process.")
    cx_rule_churn = fields.Boolean(string="No activity moves to Churned", default=True)
    cx_digest_daily_group_id = fields.Many2one(
        related="company_id.cx_digest_daily_group_id")
    cx_digest_daily_emails = fields.Char(related="company_id.cx_digest_daily_emails")
    cx_digest_weekly_group_id = fields.Many2one(
        related="company_id.cx_digest_weekly_group_id")
    cx_digest_weekly_emails = fields.Char(related="company_id.cx_digest_weekly_emails")
    cx_digest_monthly_group_id = fields.Many2one(
        related="company_id.cx_digest_monthly_group_id")
    cx_digest_monthly_emails = fields.Char(related="company_id.cx_digest_monthly_emails")
    cx_digest_test_kind = fields.Selection(
        KIND_SELECTION, string="Test digest", default=codes.DIGEST_WEEKLY,
        help="Which digest \"Send me a test\" sends you: the last complete day, week or "
             "month.")

    @api.model
    def _cx_params(self):
        """The configuration of the CX rules as plain values."""
        get = self.env["ir.config_parameter"].sudo().get_param

        def number(key, kind):
            try:
                return kind(get(PARAM_PREFIX + key, DEFAULTS[key]))
            except (TypeError, ValueError):
                return DEFAULTS[key]

        params = {key: number(key, type(value)) for key, value in DEFAULTS.items()}
        params["rules"] = {
            rule: get(PARAM_PREFIX + "rule_" + rule, "1") == "1" for rule in RULE_FIELDS}
        return params

    @api.model
    def get_values(self):
        # Reads the rule parameters (not secret: the same cut-offs and window every CX
        # user sees at work on the dashboard) and writes nothing.
        res = super(ResConfigSettings, self).get_values()
        params = self._cx_params()
        res.update({"cx_" + key: params[key] for key in DEFAULTS})
        res.update({field: params["rules"][rule] for rule, field in RULE_FIELDS.items()})
        return res

    @api.multi
    def set_values(self):
        # res.config.settings is transient (no access rights: anyone may create one)
        # and set_values is public: check here, as execute() does, before the sudo.
        if not (self.env.user._is_superuser()
                or self.env.user.has_group("base.group_system")):
            raise AccessError(_("Only an administrator can change the Customer "
                                "Experience settings."))
        res = super(ResConfigSettings, self).set_values()
        for settings in self:
            settings._cx_check()
            set_param = self.env["ir.config_parameter"].sudo().set_param
            for key in DEFAULTS:
                set_param(PARAM_PREFIX + key, str(settings["cx_" + key]))
            for rule, field in RULE_FIELDS.items():
                set_param(PARAM_PREFIX + "rule_" + rule, "1" if settings[field] else "0")
        return res

    @api.multi
    def _cx_check(self):
        self.ensure_one()
        try:
            quadrant.check_cutoffs(self.cx_satisfaction_cutoff, self.cx_revenue_cutoff)
        except quadrant.CutoffError as error:
            if str(error) == "satisfaction":
                raise ValidationError(_(
                    "The satisfaction cut-off is on the 0-100 index: give a value "
                    "from 0 to 100."))
            raise ValidationError(_("The revenue cut-off cannot be negative."))
        if self.cx_window_months < 1:
            raise ValidationError(_("The revenue window must be at least one month."))
        if self.cx_manual_hold_days < 0:
            raise ValidationError(_(
                "The days a move by hand is respected cannot be negative."))
        if self.cx_churn_days < 1:
            raise ValidationError(_(
                "The days without activity before churn must be at least one."))

    @api.multi
    def action_cx_digest_send_test(self):
        """Queue the chosen digest to the current user alone, and show it (CX managers:
        checked by cx.digest before anything is read or written)."""
        self.env["cx.digest"]._cx_check_test_sender()
        record = self.env["cx.digest"]._cx_send_test(
            self[:1].cx_digest_test_kind or codes.DIGEST_WEEKLY)
        return record._cx_form_action()

    @api.multi
    def action_cx_recompute_now(self):
        """Save the settings, then run the nightly job as of today (CX managers; saving
        needs the Settings group too, checked by execute())."""
        self.env["res.partner"]._cx_check_manager()
        self.execute()
        self.env["res.partner"]._cx_recompute_satisfaction()
        self.env["res.partner"]._cx_recompute_tiers()
        self.env["res.partner"]._cx_apply_lifecycle_rules()
        return True
