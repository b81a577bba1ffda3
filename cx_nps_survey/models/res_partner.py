# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import AccessError

from odoo.addons.cx_experience.actions import open_action
from odoo.addons.cx_experience.counts import set_counts

from ..domain import nps

#: written by the NPS engine only (invitations and answers), never by a client
ENGINE_FIELDS = ("cx_nps_last_invited", "cx_nps_last_score", "cx_nps_last_category",
                 "cx_nps_last_date")


class ResPartner(models.Model):
    _inherit = "res.partner"

    # No index on the opt-out flag and the latest category (2 and 3 values): they would not
    # help a read, and every index costs on each partner write (see cx_experience).
    cx_nps_opt_out = fields.Boolean(
        string="No NPS surveys", track_visibility="onchange",
        help="The customer asked not to be surveyed: no campaign ever invites it again.")
    cx_nps_last_invited = fields.Datetime(
        string="Last NPS invitation", index=True, readonly=True, copy=False,
        help="Used by the contact-frequency rules.")
    # the answers are the CX users' (the partner form of a user without a CX group
    # would read them and be refused)
    cx_nps_response_ids = fields.One2many("cx.nps.response", "partner_id",
                                          string="NPS answers",
                                          groups="cx_experience.group_cx_user")
    cx_nps_last_score = fields.Integer(
        string="Latest NPS score", readonly=True, copy=False,
        help="The customer's most recent answer to 'would you recommend us?'.")
    cx_nps_last_category = fields.Selection(
        [(nps.PROMOTER, "Promoter"), (nps.PASSIVE, "Passive"), (nps.DETRACTOR, "Detractor")],
        string="Latest NPS category", readonly=True, copy=False)
    cx_nps_last_date = fields.Datetime(
        string="Latest NPS answer on", readonly=True, copy=False)
    cx_nps_response_count = fields.Integer(
        string="NPS answers", compute="_compute_cx_nps_response_count",
        groups="cx_experience.group_cx_user")

    @api.model
    def _cx_check_nps_engine_fields(self, vals):
        """uid 1 is server code under sudo (the engine) or the administrator; nobody
        else writes what the customers' answers and the campaigns decided."""
        forced = [name for name in ENGINE_FIELDS if name in vals]
        if forced and self.env.uid != SUPERUSER_ID:
            described = self.fields_get(forced, ["string"])
            raise AccessError(_(
                "These NPS figures of a contact come from its answers and invitations "
                "and cannot be set by hand: %s.") % ", ".join(
                    described.get(name, {}).get("string") or name for name in forced))

    @api.model
    def create(self, vals):
        self._cx_check_nps_engine_fields(vals)
        return super(ResPartner, self).create(vals)

    @api.multi
    def write(self, vals):
        self._cx_check_nps_engine_fields(vals)
        return super(ResPartner, self).write(vals)

    @api.multi
    def _compute_cx_nps_response_count(self):
        set_counts(self, "cx_nps_response_count", "cx.nps.response", "partner_id")

    @api.multi
    def action_cx_nps_responses(self):
        """The answers of this contact (the list applies the caller's own rules)."""
        self.ensure_one()
        return open_action(self, [("partner_id", "=", self.id)],
                           xmlid="cx_nps_survey.action_cx_nps_response",
                           context={"default_partner_id": self.id})
