# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class CxSatisfactionHistory(models.Model):
    """One row per customer and month: its satisfaction index as the month ended (or as
    of the last recompute in the current month). Written by the engine only."""
    _name = "cx.satisfaction.history"
    _description = "Satisfaction index per month"
    _order = "month desc, partner_id"

    partner_id = fields.Many2one("res.partner", string="Customer", required=True,
                                 index=True, ondelete="cascade", readonly=True)
    month = fields.Date(required=True, readonly=True, help="First day of the month.")
    index = fields.Float(string="Satisfaction index", readonly=True, group_operator="avg")
    estimated = fields.Boolean(
        string="Estimated", readonly=True,
        help="No NPS answer of the customer: estimated from its other signals.")
    components = fields.Text(string="Components", readonly=True,
                             help="Value on 0-100 of each component with data (JSON).")
    company_id = fields.Many2one("res.company", string="Company", readonly=True,
                                 related="partner_id.company_id", store=True)

    _sql_constraints = [
        ("partner_month_uniq", "unique(partner_id, month)",
         "One satisfaction row per customer and month."),
    ]

    @api.model
    def _cx_write_month(self, partner_ids, now):
        """Upsert the month of ``now`` for these partners (all when None) from their
        current index: rerun-safe (a row changes only when the index did), and a
        partner that lost its index has no row for the month."""
        cr = self.env.cr
        month = now.date().replace(day=1)
        scope = {"month": month, "all": partner_ids is None, "ids": list(partner_ids or []),
                 "uid": self.env.uid}
        cr.execute("""
            INSERT INTO cx_satisfaction_history (partner_id, month, index, estimated,
                                                 components, company_id, create_uid,
                                                 create_date, write_uid, write_date)
            SELECT p.id, %(month)s, p.cx_satisfaction_index,
                   COALESCE(p.cx_satisfaction_estimated, FALSE),
                   p.cx_satisfaction_components, p.company_id, %(uid)s,
                   now() at time zone 'UTC', %(uid)s, now() at time zone 'UTC'
              FROM res_partner p
             WHERE p.cx_has_satisfaction AND p.id = p.commercial_partner_id
               AND (%(all)s OR p.id = ANY(%(ids)s))
            ON CONFLICT (partner_id, month) DO UPDATE
               SET index = EXCLUDED.index, estimated = EXCLUDED.estimated,
                   components = EXCLUDED.components, write_uid = EXCLUDED.write_uid,
                   write_date = EXCLUDED.write_date
             WHERE (cx_satisfaction_history.index, cx_satisfaction_history.estimated,
                    cx_satisfaction_history.components)
                   IS DISTINCT FROM (EXCLUDED.index, EXCLUDED.estimated, EXCLUDED.components)
        """, scope)
        cr.execute("""
            DELETE FROM cx_satisfaction_history h USING res_partner p
             WHERE h.partner_id = p.id AND h.month = %(month)s
               AND NOT COALESCE(p.cx_has_satisfaction, FALSE)
               AND (%(all)s OR p.id = ANY(%(ids)s))
        """, scope)
        self.invalidate_cache()
