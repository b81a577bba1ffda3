# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models

from odoo.addons.cx_experience.domain import codes

from .cx_nps_campaign import TRIGGER_INVOICE_POSTED


class AccountInvoice(models.Model):
    _inherit = "account.invoice"

    @api.multi
    def action_invoice_open(self):
        """Posting a customer invoice fires the 'invoice posted' NPS campaigns.

        Only a caller who may post these invoices gets there (Odoo's own checks, made
        explicit first), and only the invoices this call posts fire: calling it again
        on an open invoice invites nobody.
        """
        self.check_access_rights("write")
        self.check_access_rule("write")
        posted_now = self.filtered(lambda inv: inv.state not in codes.REVENUE_STATES)
        result = super(AccountInvoice, self).action_invoice_open()
        customer_invoices = posted_now.filtered(
            lambda inv: inv.type == "out_invoice" and inv.state in codes.REVENUE_STATES)
        if customer_invoices:
            # the engine's rights for the campaigns and the invitations only; the
            # customers are those of the invoices the caller just posted
            self.env["cx.nps.campaign"].sudo()._cx_trigger(
                TRIGGER_INVOICE_POSTED, customer_invoices.mapped("partner_id"),
                customer_invoices[:1] if len(customer_invoices) == 1 else None)
        return result
