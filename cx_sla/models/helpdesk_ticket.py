# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import AccessError, MissingError

from odoo.addons.cx_experience import lang as cx_lang

from ..domain import display
from ..messages import TICKET_CLOSED
from .cx_sla_line import ALERT_SELECTION, STATE_SELECTION, display_json

# A change to one of these fields may change the matching policy or the clock.
SLA_FIELDS = {"stage_id", "priority", "team_id", "category_id", "channel_id", "tag_ids",
              "partner_id", "company_id", "user_id"}

# Figures the SLA engine owns: it writes them by SQL (see cx.sla.line._cx_sync); a client
# write would fake a met or breached service level.
ENGINE_FIELDS = {"cx_sla_deadline", "cx_sla_status", "cx_sla_policy_id", "cx_sla_line_ids",
                 "cx_sla_escalation_ids"}


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    # No index on deadline, status and policy: every index makes the bulk write of the SLA
    # engine slower (one more entry per ticket), and none pays back: status and policy take
    # a handful of values, and sorting or filtering even 100,000 open tickets by deadline
    # reads a table of about 11 MB.
    cx_sla_deadline = fields.Datetime(
        string="SLA deadline", copy=False, readonly=True,
        help="The earliest open SLA deadline of the ticket.")
    cx_sla_status = fields.Selection(
        STATE_SELECTION, string="SLA status", copy=False, readonly=True,
        track_visibility="onchange",
        help="Empty when no SLA policy applies to the ticket.")
    cx_sla_policy_id = fields.Many2one(
        "cx.sla.policy", string="SLA policy", copy=False, readonly=True,
        help="The first policy, in sequence order, whose criteria match the ticket. "
             "Empty: the ticket has no service level.")
    cx_sla_line_ids = fields.One2many("cx.sla.line", "ticket_id", string="SLA targets", readonly=True)
    cx_sla_escalation_ids = fields.One2many("cx.sla.escalation.log", "ticket_id", string="SLA escalations",
                                            readonly=True)
    # What the ticket shows (domain/display.py): computed when read, since a running
    # target changes with the clock; the countdown widget renders it.
    cx_sla_display = fields.Char(
        string="Service level", compute="_compute_cx_sla_display",
        help="Time left to the nearest running SLA target (amber at risk, red breached), "
             "or the result of the targets once reached.")
    cx_sla_alert = fields.Selection(
        ALERT_SELECTION, string="SLA alert", compute="_compute_cx_sla_display",
        search="_search_cx_sla_alert",
        help="At risk or breached: the running SLA target the ticket shows is past its "
             "at-risk moment or its deadline. Empty otherwise (a breach of a target "
             "already reached shows in the targets, not here).")
    # The customer as the agent should see it: its value and its quadrant.
    cx_partner_tier_id = fields.Many2one(
        "cx.tier", string="Customer value tier", readonly=True,
        related="partner_id.commercial_partner_id.cx_tier_id")
    cx_partner_quadrant = fields.Selection(
        string="Customer quadrant", readonly=True,
        related="partner_id.commercial_partner_id.cx_quadrant")

    @api.model_cr
    def init(self):
        # "Partner name" (the customer's company) was only filled by the form's onchange:
        # tickets created by mail, RPC or the demo had it empty. Fill what is empty.
        self.env.cr.execute("""
            UPDATE helpdesk_ticket t
               SET partner_name = COALESCE(NULLIF(t.partner_name, ''), c.name),
                   partner_email = COALESCE(NULLIF(t.partner_email, ''), p.email)
              FROM res_partner p
              JOIN res_partner c ON c.id = COALESCE(p.commercial_partner_id, p.id)
             WHERE p.id = t.partner_id
               AND (COALESCE(t.partner_name, '') = '' AND c.name IS NOT NULL
                    OR COALESCE(t.partner_email, '') = '' AND p.email IS NOT NULL)""")

    @api.multi
    def _compute_cx_sla_display(self):
        Line = self.env["cx.sla.line"]
        now = Line._cx_now()
        lines = Line._cx_display_lines([tid for tid in self.ids if isinstance(tid, int)])
        for ticket in self:
            mine = lines.get(ticket.id, [])
            ticket.cx_sla_display = display_json(display.ticket_display(mine, now))
            ticket.cx_sla_alert = display.ticket_alert(mine, now) or False

    def _search_cx_sla_alert(self, operator, value):
        return self.env["cx.sla.line"]._cx_alert_domain(operator, value)

    @api.onchange("partner_id")
    def _onchange_partner_id(self):
        result = super(HelpdeskTicket, self)._onchange_partner_id()
        if self.partner_id:
            # "Partner name" reads "Company name": the customer's company, not the contact.
            self.partner_name = self.partner_id.commercial_partner_id.name
        return result

    def _cx_partner_defaults(self, vals):
        """The customer's company name and the contact's email when a ticket gets a
        customer without them (mail gateway, RPC, imports: only the form's onchange
        filled them)."""
        if vals.get("partner_id") and (not vals.get("partner_name") or not vals.get("partner_email")):
            # With the caller's rights: a customer it may not read lends it no name.
            partner = self.env["res.partner"].browse(vals["partner_id"])
            try:
                name, email = partner.commercial_partner_id.name, partner.email
            except (AccessError, MissingError):
                return vals
            vals = dict(vals)
            vals["partner_name"] = vals.get("partner_name") or name or False
            vals["partner_email"] = vals.get("partner_email") or email or False
        return vals

    def _cx_check_engine_fields(self, vals, create=False):
        """Refuse a client's value for a field the SLA engine owns. Server code under sudo
        and the administrator (uid 1 == SUPERUSER_ID in Odoo 11) may; the context is not
        looked at, since a client sends it. On create, empty values (a form's defaults) pass."""
        names = ENGINE_FIELDS & set(vals)
        if create:
            names = {name for name in names if vals[name] and vals[name] != [(6, 0, [])]
                     and vals[name] != [[6, False, []]]}
        if names and self.env.uid != SUPERUSER_ID:
            labels = sorted(self._fields[name].get_description(self.env)["string"] for name in names)
            raise AccessError(
                _("The SLA figures of a ticket (%s) are kept by the SLA engine: "
                  "they cannot be changed by hand.") % ", ".join(labels))

    @api.model
    def create(self, vals):
        self._cx_check_engine_fields(vals, create=True)
        vals = self._cx_partner_defaults(vals)
        ticket = super(HelpdeskTicket, self).create(vals)
        self.env["cx.sla.line"].sudo()._cx_sync(ticket.ids)
        return ticket

    @api.multi
    def write(self, vals):
        self._cx_check_engine_fields(vals)
        if "partner_id" in vals:
            vals = self._cx_partner_defaults(vals)
        was_open = self.filtered(lambda t: not t.closed) if "stage_id" in vals else self.browse()
        res = super(HelpdeskTicket, self).write(vals)
        if SLA_FIELDS & set(vals):
            self.env["cx.sla.line"].sudo()._cx_sync(self.ids)
        just_closed = was_open.filtered("closed")
        if just_closed:
            self._cx_on_closed(just_closed)
        return res

    @api.model
    def _cx_on_closed(self, tickets, nps=True):
        """A closed ticket is logged on the customer's timeline as an interaction.

        A hook: the bridge ``cx_sla_nps`` extends it to fire the transactional NPS
        campaign (cx_sla itself knows nothing of surveys). Only server code can leave
        the survey out (``nps=False``, the demo generator): no context key can."""
        touchpoint = self.env.ref("cx_sla.touchpoint_helpdesk_ticket", raise_if_not_found=False)
        if touchpoint:
            Interaction = self.env["cx.interaction"].sudo()
            for ticket in tickets.filtered("partner_id"):
                # Stored as its message and values: each reader reads it in its language.
                args = {"number": ticket.number or str(ticket.id), "name": ticket.name}
                Interaction.create({
                    "name": TICKET_CLOSED % args,
                    "summary_template": TICKET_CLOSED,
                    "summary_args": cx_lang.dump_args(args),
                    "partner_id": ticket.partner_id.id, "touchpoint_id": touchpoint.id,
                    "has_score": False, "res_model": ticket._name, "res_id": ticket.id,
                    "user_id": ticket.user_id.id or self.env.uid,
                    "company_id": ticket.company_id.id or self.env.user.company_id.id,
                })

    @api.multi
    @api.returns("self", lambda value: value.id)
    def message_post(self, *args, **kwargs):
        """Post as mail.thread does (which checks the caller's access to the ticket); a
        public reply of an internal user then meets the first-response target."""
        message = super(HelpdeskTicket, self).message_post(*args, **kwargs)
        if len(self) == 1 and self._cx_is_public_reply(message):
            self.env["cx.sla.line"].sudo()._cx_sync(self.ids, replied_ids=self.ids)
        return message

    @api.multi
    def _cx_is_public_reply(self, message):
        """The first response target is met by a message to the customer: an email or comment
        with the 'Discussions' subtype (internal notes have another one), written by an
        internal user who is not the customer, and posted by an internal user.

        The author comes from the caller's ``author_id`` argument, which mail.thread does
        not check: a portal follower could name an agent as author. So the poster counts
        too: an internal user, or server code under sudo (the mail gateway, the portal
        chatter: they set the author themselves, a portal partner then)."""
        if self.env.uid != SUPERUSER_ID and self.env.user.share:
            return False
        if not message or message.message_type not in ("email", "comment"):
            return False
        if message.subtype_id != self.env.ref("mail.mt_comment"):
            return False
        author = message.author_id
        if not author or not author.user_ids.filtered(lambda u: not u.share):
            return False
        customer = self.partner_id.commercial_partner_id
        return not (customer and author.commercial_partner_id == customer)

    @api.model
    def _cx_sla_resync_open(self):
        """Re-match and recompute every open ticket (after a policy changed)."""
        self.env.cr.execute("""
            SELECT t.id FROM helpdesk_ticket t
              LEFT JOIN helpdesk_ticket_stage s ON s.id = t.stage_id
             WHERE NOT COALESCE(s.closed, false)""")
        ticket_ids = [row[0] for row in self.env.cr.fetchall()]
        self.env["cx.sla.line"].sudo()._cx_sync(ticket_ids)
        return len(ticket_ids)

    @api.model
    def _cx_demo_move(self, ticket, stage, moment):
        """Demo: move ``ticket`` to ``stage`` at ``moment``, as the ORM write would, but without
        the NPS invitation (the demo customers were never served) and without mail: by SQL,
        then the SLA engine and the closing hook called directly."""
        was_open = not ticket.closed
        self.env.cr.execute(
            "UPDATE helpdesk_ticket SET stage_id = %s, last_stage_update = %s, closed_date = %s "
            "WHERE id = %s", (stage.id, moment, moment if stage.closed else None, ticket.id))
        ticket.invalidate_cache()
        self.env["cx.sla.line"]._cx_sync(ticket.ids, now=moment)
        if was_open and stage.closed:
            self._cx_on_closed(ticket, nps=False)
