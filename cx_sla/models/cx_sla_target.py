# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..domain import display
from ..domain import policy as rules

TARGET_KIND_SELECTION = [
    (rules.TARGET_FIRST_RESPONSE, "First response"),
    (rules.TARGET_RESOLUTION, "Resolution"),
    (rules.TARGET_STAGE, "Reach a stage"),
]


class CxSlaTarget(models.Model):
    _name = "cx.sla.target"
    _description = "SLA target"
    _order = "policy_id, sequence, id"

    policy_id = fields.Many2one("cx.sla.policy", string="Policy", required=True, ondelete="cascade",
                                index=True)
    sequence = fields.Integer(default=10)
    kind = fields.Selection(
        TARGET_KIND_SELECTION, string="Target", required=True, default=rules.TARGET_RESOLUTION,
        help="First response: met by the first public reply to the customer (not by internal notes). "
             "Resolution: met when the ticket reaches a closed stage. "
             "Reach a stage: met when the ticket reaches the given stage or a later one.")
    stage_id = fields.Many2one(
        "helpdesk.ticket.stage", string="Stage to reach",
        help="For 'Reach a stage': the target is met when the ticket reaches this stage "
             "or any stage placed after it.")
    hours = fields.Float(
        string="Allowed hours", required=True, default=8.0,
        help="Time allowed to reach the target, in working hours of the policy's calendar "
             "or in calendar hours, as set on the policy.")
    name = fields.Char(compute="_compute_name")

    @api.depends("kind", "stage_id", "hours")
    def _compute_name(self):
        labels = dict(self._fields["kind"]._description_selection(self.env))
        for target in self:
            label = labels.get(target.kind, "")
            if target.kind == rules.TARGET_STAGE and target.stage_id:
                label = "%s: %s" % (label, target.stage_id.name)
            # Hours in the one format of the SLA screens (domain/display.py): "1 h 30".
            target.name = _("%(target)s in %(hours)s") % {
                "target": label, "hours": display.format_hours(round((target.hours or 0.0) * 3600))}

    @api.constrains("hours", "policy_id")
    def _check_hours(self):
        for target in self:
            if not rules.validate_hours(target.hours):
                raise ValidationError(
                    _("The allowed time of an SLA target must be more than zero hours and at most "
                      "%(max_hours)d hours (policy '%(policy)s').")
                    % {"max_hours": rules.MAX_HOURS, "policy": target.policy_id.name})
        # A longer target must still fit in the calendars the policy counts in.
        self.mapped("policy_id")._cx_check_calendars()

    @api.constrains("kind", "stage_id")
    def _check_stage(self):
        for target in self:
            if target.kind == rules.TARGET_STAGE and not target.stage_id:
                raise ValidationError(_("A 'Reach a stage' target needs the stage to reach."))
