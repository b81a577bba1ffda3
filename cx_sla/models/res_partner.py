from odoo import api, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    @api.multi
    def write(self, vals):
        res = super(ResPartner, self).write(vals)
        if "cx_tier_id" in vals:
            # The customer's value tier is a policy criterion: re-match its open tickets.
            self.env.cr.execute("""
                SELECT t.id FROM helpdesk_ticket t
                  JOIN res_partner p ON p.id = t.partner_id
                  LEFT JOIN helpdesk_ticket_stage s ON s.id = t.stage_id
                 WHERE (p.id = ANY(%s) OR p.commercial_partner_id = ANY(%s))
                   AND NOT COALESCE(s.closed, false)""", (self.ids, self.ids))
            ticket_ids = [row[0] for row in self.env.cr.fetchall()]
            if ticket_ids:
                self.env["cx.sla.line"].sudo()._cx_sync(ticket_ids)
        return res
