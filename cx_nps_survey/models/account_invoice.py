from odoo import api, models

from .cx_nps_campaign import TRIGGER_INVOICE_POSTED


class AccountInvoice(models.Model):
    _inherit = "account.invoice"

    @api.multi
    def action_invoice_open(self):
        """Posting a customer invoice fires the 'invoice posted' NPS campaigns."""
        result = super(AccountInvoice, self).action_invoice_open()
        customer_invoices = self.filtered(lambda inv: inv.type == "out_invoice")
        if customer_invoices:
            self.env["cx.nps.campaign"].sudo()._cx_trigger(
                TRIGGER_INVOICE_POSTED, customer_invoices.mapped("partner_id"),
                customer_invoices[:1] if len(customer_invoices) == 1 else None)
        return result
