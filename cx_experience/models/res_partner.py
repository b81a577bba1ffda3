from odoo import _, api, fields, models

from ..domain import codes


class ResPartner(models.Model):
    _inherit = "res.partner"

    cx_tier_id = fields.Many2one(
        "cx.tier", string="Value tier", index=True, copy=False,
        track_visibility="onchange", ondelete="restrict",
        help="Customer value tier, computed from invoiced revenue unless locked by a manager.")
    cx_stage_id = fields.Many2one(
        "cx.lifecycle.stage", string="Lifecycle stage", index=True, copy=False,
        track_visibility="onchange", ondelete="restrict",
        help="The customer-management process the customer is in now.")
    cx_stage_date = fields.Datetime(
        string="In stage since", copy=False, readonly=True,
        help="When the customer entered its current lifecycle stage.")
    cx_history_ids = fields.One2many(
        "cx.lifecycle.history", "partner_id", string="Stage log", readonly=True)
    cx_interaction_ids = fields.One2many(
        "cx.interaction", "partner_id", string="Interactions")
    cx_has_satisfaction = fields.Boolean(
        string="Has satisfaction data", copy=False, readonly=True, index=True,
        help="Whether any satisfaction measure (for example an NPS answer) exists for this customer.")
    cx_satisfaction_index = fields.Float(
        string="Satisfaction index", copy=False, readonly=True, group_operator="avg",
        help="Satisfaction of the customer on a 0-100 scale, fed by the NPS surveys. "
             "Meaningful only when 'Has satisfaction data' is set.")
    cx_satisfaction_date = fields.Datetime(
        string="Satisfaction measured on", copy=False, readonly=True)
    cx_quadrant = fields.Selection(
        [(codes.QUADRANT_MODEL, "Model"),
         (codes.QUADRANT_GROWTH, "Growing"),
         (codes.QUADRANT_AT_RISK, "At risk"),
         (codes.QUADRANT_PRECARIOUS, "Precarious")],
        string="Customer quadrant", copy=False, readonly=True, index=True,
        track_visibility="onchange",
        help="Satisfaction against revenue. Empty when the customer has no satisfaction data.")

    @api.multi
    def cx_set_satisfaction(self, index, date=None):
        """Feed the satisfaction index (0-100) of these partners; None clears it.

        The public entry point other addons (cx_nps_survey) use to feed the quadrant.
        """
        vals = {
            "cx_has_satisfaction": index is not None,
            "cx_satisfaction_index": index or 0.0,
            "cx_satisfaction_date": date or fields.Datetime.now(),
        }
        self.sudo().write(vals)
        return True

    @api.multi
    def cx_move_to_stage(self, stage_code, reason=None, forward_only=False):
        """Move these partners to the stage with that code and log the move.

        With forward_only, partners already in that stage or a later one stay where
        they are (the automatic rules move forward only). Returns the moved partners.
        """
        stage = self.env["cx.lifecycle.stage"].search([("code", "=", stage_code)], limit=1)
        if not stage:
            return self.browse()
        moved = self.browse()
        now = fields.Datetime.now()
        History = self.env["cx.lifecycle.history"].sudo()
        for partner in self:
            current = partner.cx_stage_id
            if current == stage:
                continue
            if forward_only and current and current.sequence >= stage.sequence:
                continue
            History.search([("partner_id", "=", partner.id), ("date_out", "=", False)]).write(
                {"date_out": now})
            History.create({
                "partner_id": partner.id, "stage_id": stage.id, "date_in": now,
                "reason": reason or _("Moved by hand"),
            })
            moved |= partner
        if moved:
            moved.sudo().write({"cx_stage_id": stage.id, "cx_stage_date": now})
        return moved
