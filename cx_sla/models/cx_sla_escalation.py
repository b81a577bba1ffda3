# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..domain import policy as rules

TRIGGER_AT_RISK = "at_risk"
TRIGGER_BREACHED = "breached"
NOTIFY_ASSIGNEE = "assignee"
NOTIFY_LEADER = "team_leader"
NOTIFY_USER = "user"


class CxSlaEscalation(models.Model):
    _name = "cx.sla.escalation"
    _description = "SLA escalation level"
    _order = "policy_id, level, id"

    policy_id = fields.Many2one("cx.sla.policy", string="Policy", required=True, ondelete="cascade",
                                index=True)
    level = fields.Integer(default=1, required=True, help="Levels fire in this order, each once per ticket.")
    trigger = fields.Selection(
        [(TRIGGER_AT_RISK, "At risk"), (TRIGGER_BREACHED, "Breached")],
        string="When", required=True, default=TRIGGER_BREACHED,
        help="At risk: as soon as a target passes the policy's at-risk share. "
             "Breached: once the deadline has passed by the delay below.")
    delay_hours = fields.Float(
        string="Hours after breach", default=0.0,
        help="For 'Breached': how many hours after the deadline this level fires (calendar hours).")
    notify = fields.Selection(
        [(NOTIFY_ASSIGNEE, "Assigned user"), (NOTIFY_LEADER, "Team leader"), (NOTIFY_USER, "A given user")],
        string="Notify", required=True, default=NOTIFY_ASSIGNEE)
    user_id = fields.Many2one("res.users", string="User to notify",
                              help="For 'A given user', for example the service manager.")
    raise_priority = fields.Boolean(
        string="Raise priority", help="Raise the ticket's priority by one step (up to Very High).")
    reassign_user_id = fields.Many2one("res.users", string="Reassign to",
                                       help="Assign the ticket to this user when the level fires.")

    @api.constrains("delay_hours", "notify", "user_id")
    def _check_level(self):
        for escalation in self:
            if not rules.validate_hours(escalation.delay_hours, allow_zero=True):
                raise ValidationError(
                    _("The delay of escalation level %(level)s of the SLA policy '%(policy)s' must lie "
                      "between 0 and %(max_hours)d hours.")
                    % {"level": escalation.level, "policy": escalation.policy_id.name,
                       "max_hours": rules.MAX_HOURS})
            if escalation.notify == NOTIFY_USER and not escalation.user_id:
                raise ValidationError(_("Choose the user to notify for escalation level %s.")
                                      % escalation.level)
