# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from odoo.addons.cx_nps_survey.domain import nps
from odoo.addons.cx_nps_survey.domain.triggers import TRIGGER_TICKET_CLOSED


class HelpdeskTicket(models.Model):
    """The customer's latest NPS on its tickets, beside the tier and quadrant cx_sla
    shows: an agent sees that the customer waiting is a detractor. And the survey after
    a closed ticket: cx_sla's closing hook fires the transactional NPS campaigns whose
    trigger is the closed ticket."""

    _inherit = "helpdesk.ticket"

    cx_partner_nps_category = fields.Selection(
        [(nps.PROMOTER, "Promoter"), (nps.PASSIVE, "Passive"), (nps.DETRACTOR, "Detractor")],
        string="Customer's latest NPS", compute="_compute_cx_partner_nps",
        help="The category of the customer's most recent NPS answer (its own or its "
             "company's, the later one). Empty: the customer never answered.")
    cx_partner_nps_score = fields.Integer(
        string="Latest NPS score", compute="_compute_cx_partner_nps")
    cx_partner_nps = fields.Char(
        string="Customer NPS", compute="_compute_cx_partner_nps",
        help="The customer's latest NPS score and category; empty when it never "
             "answered.")

    @api.multi
    @api.depends("partner_id")
    def _compute_cx_partner_nps(self):
        labels = dict(self._fields["cx_partner_nps_category"]._description_selection(self.env))
        for ticket in self:
            partner = ticket.partner_id.sudo()
            answered = [p for p in (partner, partner.commercial_partner_id)
                        if p and p.cx_nps_last_category]
            latest = max(answered, key=lambda p: p.cx_nps_last_date or "") if answered else None
            if latest:
                ticket.cx_partner_nps_category = latest.cx_nps_last_category
                ticket.cx_partner_nps_score = latest.cx_nps_last_score
                ticket.cx_partner_nps = "%d · %s" % (
                    latest.cx_nps_last_score, labels.get(latest.cx_nps_last_category, ""))
            else:
                ticket.cx_partner_nps_category = False
                ticket.cx_partner_nps_score = 0
                ticket.cx_partner_nps = False

    @api.model
    def _cx_on_closed(self, tickets, nps=True):
        res = super(HelpdeskTicket, self)._cx_on_closed(tickets, nps=nps)
        if nps:
            Campaign = self.env["cx.nps.campaign"].sudo()
            for ticket in tickets.filtered("partner_id"):
                Campaign._cx_trigger(TRIGGER_TICKET_CLOSED, ticket.partner_id, ticket)
        return res
