from odoo import _, api, fields, models


class CxSlaEscalationLog(models.Model):
    """One row per (ticket, escalation level) that fired: the unique constraint is what
    makes each level fire once per ticket, even with two cron workers."""
    _name = "cx.sla.escalation.log"
    _description = "SLA escalation fired"
    _order = "date desc, id desc"

    line_id = fields.Many2one("cx.sla.line", string="SLA target", ondelete="set null", readonly=True,
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

    @api.multi
    def _cx_send_digest(self, user):
        """Queue one mail to ``user`` listing the tickets of these escalations."""
        if not user.partner_id.email:
            return False
        base_url = self.env["ir.config_parameter"].sudo().get_param("web.base.url", "")
        rows = []
        for log in self.with_context(lang=user.lang):
            ticket = log.ticket_id
            states = dict(log._fields["line_state"]._description_selection(log.env))
            rows.append("<li><a href='%s/web#id=%d&amp;model=helpdesk.ticket&amp;view_type=form'>%s</a> "
                        "%s - %s: %s</li>" % (
                            base_url, ticket.id, ticket.number, ticket.name,
                            log.line_id.target_id.name or log.line_id.kind, states.get(log.line_state, "")))
        subject = _("SLA escalation: %d ticket(s) need attention") % len(self)
        self.env["mail.mail"].sudo().create({
            "subject": subject,
            "email_to": user.partner_id.email,
            "recipient_ids": [(4, user.partner_id.id)],
            "body_html": "<p>%s</p><ul>%s</ul>" % (
                _("These helpdesk tickets are at risk or have breached their service level:"), "".join(rows)),
            "auto_delete": False,
        })
        return True
