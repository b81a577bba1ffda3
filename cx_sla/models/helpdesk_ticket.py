import random
from datetime import datetime, timedelta

from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import AccessError

from odoo.addons.cx_experience import lang as cx_lang

from ..messages import TICKET_CLOSED
from .cx_sla_line import STATE_SELECTION

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
        ticket = super(HelpdeskTicket, self).create(vals)
        self.env["cx.sla.line"].sudo()._cx_sync(ticket.ids)
        return ticket

    @api.multi
    def write(self, vals):
        self._cx_check_engine_fields(vals)
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
        """A closed ticket is logged on the customer's timeline as an interaction, and
        fires the transactional NPS campaign when cx_nps_survey is there. Only server code
        can leave the survey out (``nps=False``, the demo generator): no context key can."""
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
        if nps and "cx.nps.campaign" in self.env:
            for ticket in tickets.filtered("partner_id"):
                self.env["cx.nps.campaign"].sudo()._cx_trigger("ticket_closed", ticket.partner_id, ticket)

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
    def _cx_sla_demo_tickets(self, count=240):
        """Demo: ``count`` tickets over the last three weeks, replayed through the SLA engine
        (replies, pauses, closures at their own moments), then one cron pass, so that every
        status shows. Seeded: the same data on every install."""
        rnd = random.Random(2026)
        now = datetime.utcnow().replace(microsecond=0, second=0)
        ref = self.env.ref
        teams = ref("helpdesk_mgmt.helpdesk_team_1") | ref("helpdesk_mgmt.helpdesk_team_2")
        stages = {key: ref("helpdesk_mgmt.helpdesk_ticket_stage_" + key)
                  for key in ("new", "in_progress", "awaiting", "done")}
        partners = self.env["res.partner"].search([("customer", "=", True), ("is_company", "=", True)],
                                                  limit=12)
        tiers = self.env["cx.tier"].search([])
        for partner in partners[:6].filtered(lambda p: not p.cx_tier_id):
            partner.cx_tier_id = tiers[rnd.randrange(len(tiers))] if tiers else False
        users = self.env["res.users"].search([("share", "=", False)], limit=4)
        subjects = [_("Invoice does not match the order"), _("Cannot log in to the portal"),
                    _("Delivery arrived damaged"), _("Request for a quotation"),
                    _("Question about the warranty"), _("Payment not registered")]
        quiet = self.with_context(tracking_disable=True, mail_create_nolog=True, mail_notrack=True)
        Line = self.env["cx.sla.line"]
        for index in range(count):
            created = now - timedelta(hours=rnd.uniform(0.2, 14 * 24))
            vals = {"name": subjects[index % len(subjects)], "team_id": teams[index % 2].id,
                    "stage_id": stages["new"].id, "priority": rnd.choice("0112223"),
                    "partner_id": partners[index % len(partners)].id if partners else False}
            ticket = quiet.with_context(cx_sla_now=created).create(vals)
            # The assignee by SQL: the ORM would mail each assignment.
            self.env.cr.execute("UPDATE helpdesk_ticket SET create_date = %s, user_id = %s WHERE id = %s",
                                (created, users[index % len(users)].id if users and index % 5 else None,
                                 ticket.id))
            self.env.cr.execute("DELETE FROM cx_sla_line WHERE ticket_id = %s", (ticket.id,))
            Line._cx_sync(ticket.ids, now=created)
            age = (now - created).total_seconds() / 3600.0
            moment = created + timedelta(hours=min(age, rnd.uniform(0.2, 8)))
            scenario = rnd.random()
            if scenario < 0.85 and moment < now:
                Line._cx_sync(ticket.ids, now=moment, replied_ids=ticket.ids)
                moment += timedelta(hours=rnd.uniform(0.5, 30))
                if moment < now:
                    target = stages["done"] if scenario < 0.55 else (
                        stages["awaiting"] if scenario < 0.68 else stages["in_progress"])
                    self._cx_demo_move(ticket, target, moment)
        # A few very urgent tickets (calendar hours, 2 h to answer) near their deadline: at risk.
        for index in range(6):
            created = now - timedelta(hours=rnd.uniform(1.65, 1.95))
            ticket = quiet.with_context(cx_sla_now=created).create({
                "name": _("Service down"), "team_id": teams[index % 2].id, "stage_id": stages["new"].id,
                "priority": "3", "partner_id": partners[index % len(partners)].id if partners else False})
            self.env.cr.execute("UPDATE helpdesk_ticket SET create_date = %s WHERE id = %s",
                                (created, ticket.id))
            self.env.cr.execute("DELETE FROM cx_sla_line WHERE ticket_id = %s", (ticket.id,))
            Line._cx_sync(ticket.ids, now=created)
        Line._cron_check(now=now)
        return True

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
