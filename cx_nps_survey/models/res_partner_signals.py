# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The NPS signals of the satisfaction index (cx_experience): the customers' answers
and the outcomes of the follow-ups of their detractor answers."""
from odoo import api, models

from odoo.addons.cx_experience.domain import satisfaction

from ..domain import nps
from ..domain.answer_loop import FOLLOWUP_LOST, FOLLOWUP_RESOLVED

OUTCOME_VALUES = {FOLLOWUP_RESOLVED: satisfaction.RESOLVED, FOLLOWUP_LOST: satisfaction.LOST}


class ResPartner(models.Model):
    _inherit = "res.partner"

    @api.model
    def _cx_satisfaction_signals(self, partner_ids, now):
        signals = super(ResPartner, self)._cx_satisfaction_signals(partner_ids, now)
        cr = self.env.cr
        scope = {"now": now, "all": partner_ids is None, "ids": list(partner_ids or []),
                 "outcomes": tuple(OUTCOME_VALUES)}
        # Every answer counts, the older ones less (not only the latest one).
        cr.execute("""
            SELECT p.commercial_partner_id, array_agg(r.score),
                   array_agg((EXTRACT(EPOCH FROM (%(now)s - r.date)) / 86400.0)::float8)
              FROM cx_nps_response r
              JOIN res_partner p ON p.id = r.partner_id
             WHERE (%(all)s OR p.commercial_partner_id = ANY(%(ids)s))
          GROUP BY p.commercial_partner_id
        """, scope)
        self._cx_add_signal(signals, satisfaction.NPS, cr.fetchall(), nps.satisfaction_index)
        cr.execute("""
            SELECT p.commercial_partner_id, array_agg(r.followup_state),
                   array_agg((EXTRACT(EPOCH FROM (%(now)s - COALESCE(r.followup_date, r.date)))
                             / 86400.0)::float8)
              FROM cx_nps_response r
              JOIN res_partner p ON p.id = r.partner_id
             WHERE r.followup_state IN %(outcomes)s
               AND (%(all)s OR p.commercial_partner_id = ANY(%(ids)s))
          GROUP BY p.commercial_partner_id
        """, scope)
        self._cx_add_signal(signals, satisfaction.FOLLOWUP, cr.fetchall(), OUTCOME_VALUES.get)
        return signals

    @api.model
    def _cx_satisfaction_counted_elsewhere(self):
        # an answer is logged as a scored interaction: the NPS component counts it
        return super(ResPartner, self)._cx_satisfaction_counted_elsewhere() + [
            "cx.nps.response"]
