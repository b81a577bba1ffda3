# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from html import escape

from odoo import _, api, fields, models

from odoo.addons.cx_experience import lang as cx_lang

# A digest lists this many tickets at most, then says how many more.
MAX_DIGEST_ROWS = 200


class CxSlaEscalationLog(models.Model):
    """One row per (ticket, escalation level) that fired: the unique constraint is what
    makes each level fire once per ticket, even with two cron workers."""
    _name = "cx.sla.escalation.log"
    _inherit = "cx.engine.owned"
    _description = "SLA escalation fired"
    _order = "date desc, id desc"

    line_id = fields.Many2one("cx.sla.line", string="SLA target", ondelete="set null", readonly=True,
                              index=True,
                              help="The target whose threshold fired the level first.")
    escalation_id = fields.Many2one("cx.sla.escalation", string="Escalation level", required=True,
                                    ondelete="cascade", readonly=True)
    ticket_id = fields.Many2one("helpdesk.ticket", string="Ticket", required=True, ondelete="cascade",
                                index=True, readonly=True)
    date = fields.Datetime(string="Fired on", required=True, readonly=True)
    user_id = fields.Many2one("res.users", string="Notified user", readonly=True)
    level = fields.Integer(related="escalation_id.level", readonly=True)
    trigger = fields.Selection(related="escalation_id.trigger", readonly=True)
    line_state = fields.Selection(related="line_id.state", string="Target status", readonly=True)

    _sql_constraints = [
        ("ticket_level_unique", "unique(ticket_id, escalation_id)",
         "An escalation level fires once per ticket."),
    ]

    def _cx_engine_refusal(self):
        # The log is written by the escalation cron (SQL): a level logged by hand would stop
        # it from firing, a deleted one would fire it again.
        return _("The SLA escalation log is kept by the SLA engine: "
                 "it cannot be created, changed or deleted by hand.")

    @api.multi
    def _cx_send_digest(self, user):
        """Queue one mail to ``user`` listing the tickets of these escalations (read in one query)."""
        if not user.partner_id.email:
            return False
        # _() below speaks the recipient's language (the company's when it has none).
        lang = cx_lang.partner_lang(self.env, user.partner_id, user.company_id)
        self = self.with_context(lang=lang)
        self.env.cr.execute("""
            SELECT t.id, t.number, t.name, l.kind, l.state
              FROM cx_sla_escalation_log g
              JOIN helpdesk_ticket t ON t.id = g.ticket_id
              LEFT JOIN cx_sla_line l ON l.id = g.line_id
             WHERE g.id = ANY(%s)
             ORDER BY t.id""", (self.ids,))
        rows = self.env.cr.fetchall()
        # The mail copies ticket numbers and subjects: only those of tickets the recipient may
        # read (a "given user" of an escalation level may not work in the helpdesk).
        Ticket = self.env["helpdesk.ticket"].sudo(user)
        visible = set(Ticket.search([("id", "in", [row[0] for row in rows])]).ids
                      if Ticket.check_access_rights("read", raise_exception=False) else ())
        rows = [row for row in rows if row[0] in visible]
        if not rows:
            return False
        Line = self.env["cx.sla.line"]
        kinds = dict(Line._fields["kind"]._description_selection(Line.env))
        states = dict(Line._fields["state"]._description_selection(Line.env))
        base_url = self.env["ir.config_parameter"].sudo().get_param("web.base.url", "")
        items = "".join(
            "<li><a href='%s/web#id=%d&amp;model=helpdesk.ticket&amp;view_type=form'>%s</a> %s - %s: %s</li>"
            % (base_url, tid, escape(number or ""), escape(name or ""), kinds.get(kind, ""),
               states.get(state, ""))
            for tid, number, name, kind, state in rows[:MAX_DIGEST_ROWS])
        if len(rows) > MAX_DIGEST_ROWS:
            items += "<li>%s</li>" % (_("... and %s more") % cx_lang.number(
                self.env, len(rows) - MAX_DIGEST_ROWS, digits=0))
        self.env["mail.mail"].sudo().create({
            "subject": _("SLA escalation: %s ticket(s) need attention") % cx_lang.number(
                self.env, len(rows), digits=0),
            "email_to": user.partner_id.email,
            "recipient_ids": [(4, user.partner_id.id)],
            "body_html": "<p>%s</p><ul>%s</ul>" % (
                _("These helpdesk tickets are at risk or have breached their service level:"), items),
            "auto_delete": False,
        })
        return True
