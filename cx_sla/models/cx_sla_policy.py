# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools.safe_eval import safe_eval

from odoo.addons.cx_experience.actions import open_action
from odoo.addons.cx_experience.counts import set_counts

from ..domain import calendar as work_calendar
from ..domain import policy as rules

PRIORITY_SELECTION = [("0", "Low"), ("1", "Medium"), ("2", "High"), ("3", "Very High")]

# Changing one of these fields re-matches and recomputes the open tickets.
_SYNC_FIELDS = {
    "sequence", "active", "company_id", "team_ids", "category_ids", "tier_ids", "tag_ids",
    "channel_ids", "min_priority", "domain", "calendar_id", "use_working_hours", "at_risk_share",
    "clock_start", "pause_stage_ids", "target_ids",
}


class CxSlaPolicy(models.Model):
    _name = "cx.sla.policy"
    _description = "SLA policy"
    _inherit = ["mail.thread"]
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True, track_visibility="onchange")
    sequence = fields.Integer(default=10, help="Policies are tried in this order; the first match wins.")
    active = fields.Boolean(default=True, track_visibility="onchange")
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.user.company_id)
    description = fields.Text(help="What this service level promises, in the customer's words.")
    # Criteria: an empty criterion accepts every ticket.
    team_ids = fields.Many2many("helpdesk.ticket.team", string="Teams",
                                help="Tickets of these teams (any team when empty).")
    category_ids = fields.Many2many("helpdesk.ticket.category", string="Categories",
                                    help="Tickets of these categories (any category when empty).")
    tier_ids = fields.Many2many("cx.tier", string="Customer value tiers",
                                help="Tickets of customers in these value tiers (any tier when empty).")
    tag_ids = fields.Many2many("helpdesk.ticket.tag", string="Tags",
                               help="Tickets carrying at least one of these tags (any when empty).")
    channel_ids = fields.Many2many("helpdesk.ticket.channel", string="Channels",
                                   help="Tickets that came through these channels (any when empty).")
    min_priority = fields.Selection(PRIORITY_SELECTION, string="Priority at least",
                                    help="Tickets of this priority or higher (any priority when empty).")
    domain = fields.Char(string="Extra condition", default="[]",
                         help="An optional Odoo domain on tickets, for anything the criteria above miss.")
    # Clock.
    use_working_hours = fields.Boolean(
        string="Count working hours", default=True,
        help="Count only the working hours of the calendar (minus its holidays); "
             "otherwise every hour of the day counts.")
    calendar_id = fields.Many2one(
        "resource.calendar", string="Working hours",
        help="Calendar of this policy; when empty, the calendar of the ticket's team, "
             "then the company's calendar.")
    clock_start = fields.Selection(
        [(rules.CLOCK_CREATE, "Ticket creation"), (rules.CLOCK_ASSIGNED, "Assignment to a user")],
        string="Clock starts at", required=True, default=rules.CLOCK_CREATE)
    pause_stage_ids = fields.Many2many(
        "helpdesk.ticket.stage", string="Pause stages",
        help="While a ticket sits in one of these stages (for example waiting on the customer) "
             "the clock stops; it resumes with the time already consumed.")
    at_risk_share = fields.Float(
        string="At risk from (%)", default=80.0,
        help="A target turns 'at risk' once this share of its allowed time is consumed.")
    target_ids = fields.One2many("cx.sla.target", "policy_id", string="Targets", copy=True)
    escalation_ids = fields.One2many("cx.sla.escalation", "policy_id", string="Escalation levels", copy=True)
    ticket_count = fields.Integer(compute="_compute_ticket_count", string="Tickets")

    @api.multi
    def _compute_ticket_count(self):
        # sudo: a CX manager may design policies without working in the helpdesk.
        set_counts(self, "ticket_count", "helpdesk.ticket", "cx_sla_policy_id", sudo=True)

    @api.constrains("at_risk_share")
    def _check_at_risk_share(self):
        for policy in self:
            if not rules.validate_share(policy.at_risk_share):
                raise ValidationError(
                    _("The at-risk share of policy '%s' must lie between 0 and 100 %% (both excluded).")
                    % policy.name)

    @api.constrains("pause_stage_ids")
    def _check_pause_stages(self):
        for policy in self:
            closed = policy.pause_stage_ids.filtered("closed")
            if closed:
                raise ValidationError(
                    _("The stage '%(stage)s' closes tickets, so it cannot pause the SLA clock of "
                      "policy '%(policy)s'.")
                    % {"stage": closed[0].name, "policy": policy.name})

    @api.constrains("calendar_id", "use_working_hours", "team_ids", "company_id", "active")
    def _check_calendar(self):
        self._cx_check_calendars()

    @api.multi
    def _cx_calendars(self):
        """The calendars this policy may count its hours in, as the engine picks them
        (cx.sla.line._cx_calendar): its own; else the calendar of each of its teams (of any
        team when it names none), and the company's for tickets of a team without one."""
        self.ensure_one()
        Calendar = self.env["resource.calendar"].sudo()
        if not self.use_working_hours:
            return Calendar
        if self.calendar_id:
            return self.calendar_id.sudo()
        teams = self.team_ids.sudo() or self.env["helpdesk.ticket.team"].sudo().search([])
        calendars = teams.mapped("cx_calendar_id")
        if not self.team_ids or not all(teams.mapped("cx_calendar_id")):
            calendars |= self.company_id.sudo().resource_calendar_id
        return calendars.sudo()

    @api.multi
    def _cx_check_calendars(self, only=None):
        """Each calendar an active policy may use (or only the calendar ``only``) must have
        working hours and place the policy's longest target within the three years the engine
        searches, counted from now: a holiday or a target that breaks this is refused here
        rather than failing the save of the tickets later."""
        now = datetime.utcnow().replace(microsecond=0)
        for policy in self.sudo().filtered("active"):
            hours = max(policy.target_ids.mapped("hours") or [0.0])
            for calendar in policy._cx_calendars():
                if only is not None and calendar != only:
                    continue
                work = calendar._cx_checked_work_calendar(policy)
                if hours > 0 and not work_calendar.can_place(work, hours, now):
                    raise ValidationError(
                        _("The SLA policy %(policy)s cannot place its target of %(hours)s hours on "
                          "the calendar %(calendar)s within three years: shorten the target, or give "
                          "the calendar more working hours (check its attendances and holidays).")
                        % {"policy": policy.name, "hours": "%g" % hours, "calendar": calendar.name})

    @api.constrains("domain")
    def _check_domain(self):
        for policy in self:
            try:
                # sudo: this validates the domain only, whatever the helpdesk rights of the author.
                self.env["helpdesk.ticket"].sudo().search_count(policy._cx_domain())
            except Exception:
                raise ValidationError(_("The extra condition of policy '%s' is not a valid domain.")
                                      % policy.name)

    @api.multi
    def _cx_domain(self):
        self.ensure_one()
        if not self.domain or self.domain.replace(" ", "") == "[]":
            return []
        return safe_eval(self.domain)

    @api.multi
    def action_view_tickets(self):
        """The tickets of this policy, in the helpdesk's own action: no sudo, the list then
        shows only the tickets the caller may read."""
        self.ensure_one()
        return open_action(self, [("cx_sla_policy_id", "=", self.id)],
                           xmlid="helpdesk_mgmt.helpdesk_ticket_action")

    @api.model
    def create(self, vals):
        policy = super(CxSlaPolicy, self).create(vals)
        self.env["helpdesk.ticket"]._cx_sla_resync_open()
        return policy

    @api.multi
    def write(self, vals):
        res = super(CxSlaPolicy, self).write(vals)
        if _SYNC_FIELDS & set(vals):
            self.env["helpdesk.ticket"]._cx_sla_resync_open()
        return res

    @api.multi
    def unlink(self):
        res = super(CxSlaPolicy, self).unlink()
        self.env["helpdesk.ticket"]._cx_sla_resync_open()
        return res
