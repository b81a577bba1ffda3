# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

#: an invitation's customer segment, from its customer's company (as for the answers)
FILL_SEGMENTS = """
    UPDATE survey_user_input ui
       SET cx_nps_tier_id = COALESCE(c.cx_tier_id, p.cx_tier_id),
           cx_nps_stage_id = COALESCE(c.cx_stage_id, p.cx_stage_id)
      FROM res_partner p LEFT JOIN res_partner c ON c.id = p.commercial_partner_id
     WHERE p.id = ui.partner_id AND ui.cx_nps_campaign_id IS NOT NULL
       AND ui.cx_nps_tier_id IS NULL AND ui.cx_nps_stage_id IS NULL
       AND COALESCE(c.cx_tier_id, p.cx_tier_id, c.cx_stage_id, p.cx_stage_id) IS NOT NULL
"""

#: every column of cx.nps.response._cx_invitation_strata, NPS invitations only
STRATA_INDEX = """
    CREATE INDEX IF NOT EXISTS survey_user_input_cx_nps_strata_idx
        ON survey_user_input (cx_nps_campaign_id, cx_nps_sent_date, cx_nps_tier_id,
                              cx_nps_stage_id)
     WHERE cx_nps_campaign_id IS NOT NULL
"""


class SurveyUserInput(models.Model):
    """The value tier and lifecycle stage of an NPS invitation's customer when it was
    sent, like an answer's: the response rate per stratum is counted on them, in one
    statement without a join (cx.nps.response._cx_invitation_strata)."""

    _inherit = "survey.user_input"

    cx_nps_tier_id = fields.Many2one("cx.tier", string="Value tier when invited",
                                     readonly=True, copy=False)
    cx_nps_stage_id = fields.Many2one("cx.lifecycle.stage", string="Stage when invited",
                                      readonly=True, copy=False)

    def init(self):
        """Invitations sent before the segments were stored get their customer's
        segment of today (idempotent; called by the module loader only); the index of
        the invitation pass of the statistics: it holds every column that pass reads,
        so PostgreSQL counts the invitations from the index alone (index-only scan)
        instead of reading the whole, wide table of survey answers."""
        self.env.cr.execute(FILL_SEGMENTS)
        self.env.cr.execute(STRATA_INDEX)

    @api.model
    def _cx_fill_segments(self):
        """The same for invitations inserted by other code (the demo generator)."""
        self.env.cr.execute(FILL_SEGMENTS)
        return self.env.cr.rowcount
