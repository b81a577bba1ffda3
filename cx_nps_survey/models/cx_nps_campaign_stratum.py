# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.tools.misc import formatLang

from ..domain import sampling


class CxNpsCampaignStratum(models.Model):
    """One stratum of a campaign's sampling plan (domain/sampling.py): written by the
    preview and when a round opens, read by the dispatch (its share drawn)."""

    _name = "cx.nps.campaign.stratum"
    _description = "Stratum of an NPS campaign's sample"
    _order = "campaign_id, sequence, id"

    campaign_id = fields.Many2one("cx.nps.campaign", required=True, index=True,
                                  ondelete="cascade", readonly=True)
    sequence = fields.Integer(readonly=True)
    tier_id = fields.Many2one("cx.tier", string="Value tier", readonly=True)
    stage_id = fields.Many2one("cx.lifecycle.stage", string="Lifecycle stage", readonly=True)
    name = fields.Char(string="Stratum", compute="_compute_name")
    population = fields.Integer(readonly=True, help="Customers of the audience in the stratum.")
    eligible = fields.Integer(
        string="Eligible", readonly=True,
        help="Customers of the stratum that may be invited now: opt-outs and the "
             "contact-frequency rules applied.")
    planned = fields.Integer(string="Planned invitations", readonly=True)
    fraction = fields.Float(
        string="Drawn (%)", readonly=True,
        help="Share of the stratum's eligible customers drawn for the round.")
    response_rate = fields.Float(
        string="Expected response rate (%)", readonly=True, digits=(16, 1),
        help="The stratum's response rate over the past year (at least 20 invitations), "
             "else that of all strata, else 25 %.")
    expected_answers = fields.Float(string="Expected answers", readonly=True)
    expected_margin = fields.Float(
        string="Expected margin (points)", readonly=True,
        help="Expected 95% margin of the stratum's NPS, in points (adjusted-Wald, "
             "finite-population correction).")
    expected_margin_text = fields.Char(string="Expected margin (± points)",
                                       compute="_compute_expected_margin_text")

    @api.multi
    def _compute_name(self):
        for line in self:
            strata = line.campaign_id.sample_strata
            parts = []
            if strata in (sampling.STRATA_TIER, sampling.STRATA_TIER_STAGE):
                parts.append(line.tier_id.name or _("No tier"))
            if strata in (sampling.STRATA_STAGE, sampling.STRATA_TIER_STAGE):
                parts.append(line.stage_id.name or _("No stage"))
            line.name = " / ".join(parts) or _("Whole audience")

    @api.multi
    def _compute_expected_margin_text(self):
        for line in self:
            line.expected_margin_text = (
                "± %s" % formatLang(self.env, line.expected_margin, digits=1)
                if line.expected_answers > 0 else _("no data"))

    @api.multi
    def _cx_key(self):
        self.ensure_one()
        return sampling.stratum_key(self.tier_id.id, self.stage_id.id,
                                    self.campaign_id.sample_strata)
