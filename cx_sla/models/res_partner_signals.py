# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The SLA signal of the satisfaction index (cx_experience): the service level each
ticket of the customer got, met or breached (a breach counts once known, open or not)."""
from odoo import api, models

from odoo.addons.cx_experience.domain import satisfaction

from ..domain import status

OUTCOME_VALUES = {status.MET: satisfaction.MET, status.BREACHED: satisfaction.BREACHED}


class ResPartner(models.Model):
    _inherit = "res.partner"

    def init(self):
        res = super(ResPartner, self).init()
        # An answer recomputes its customer's index: its tickets with an outcome, found
        # by partner without reading the whole ticket table.
        self.env.cr.execute("""
            CREATE INDEX IF NOT EXISTS cx_helpdesk_ticket_sla_outcome_idx
                ON helpdesk_ticket (partner_id)
             WHERE cx_sla_status IN %s
        """, (tuple(sorted(OUTCOME_VALUES)),))
        return res

    @api.model
    def _cx_satisfaction_signals(self, partner_ids, now):
        signals = super(ResPartner, self)._cx_satisfaction_signals(partner_ids, now)
        self.env.cr.execute("""
            SELECT p.commercial_partner_id, array_agg(t.cx_sla_status),
                   array_agg((EXTRACT(EPOCH FROM (%(now)s - COALESCE(
                       t.closed_date, t.cx_sla_deadline, t.create_date))) / 86400.0)::float8)
              FROM helpdesk_ticket t
              JOIN res_partner p ON p.id = t.partner_id
             WHERE t.cx_sla_status IN %(outcomes)s
               AND (%(all)s OR p.commercial_partner_id = ANY(%(ids)s))
          GROUP BY p.commercial_partner_id
        """, {"now": now, "all": partner_ids is None, "ids": list(partner_ids or []),
              "outcomes": tuple(OUTCOME_VALUES)})
        self._cx_add_signal(signals, satisfaction.SLA, self.env.cr.fetchall(),
                            OUTCOME_VALUES.get)
        return signals
