# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..domain import followup as fu
from ..domain.answer_loop import FOLLOWUP_CONTACTED, FOLLOWUP_LOST, FOLLOWUP_RESOLVED


class CxNpsFollowupWizard(models.TransientModel):
    """What the call to a detractor gave: what was said, the root cause, the outcome.

    Opened by the answer's "Contacted", "Resolved" and "Lost" buttons; ``action_confirm``
    records it on the answer once the caller's right to write that answer is checked
    (a CX user: its own customers' only), then the engine writes it under sudo.
    """

    _name = "cx.nps.followup.wizard"
    _description = "Record an NPS follow-up call"

    response_id = fields.Many2one("cx.nps.response", string="NPS answer",
                                  ondelete="cascade")
    partner_id = fields.Many2one(related="response_id.partner_id", readonly=True)
    outcome = fields.Selection(
        [(FOLLOWUP_CONTACTED, "Contacted"), (FOLLOWUP_RESOLVED, "Resolved"),
         (FOLLOWUP_LOST, "Lost")], default=FOLLOWUP_CONTACTED,
        help="Contacted: the call took place and the follow-up goes on. Resolved: the "
             "customer's problem is solved. Lost: the customer could not be won back.")
    reason_id = fields.Many2one(
        "cx.nps.followup.reason", string="Root cause", ondelete="set null",
        help="Why the customer was unhappy (the list is under Configuration).")
    note = fields.Text(string="What was said")

    @api.multi
    def _cx_checked_response(self):
        """The answer, once the caller may write it; refuses anybody else first."""
        Response = self.env["cx.nps.response"]
        Response.check_access_rights("write")
        # a wizard belongs to its creator (TransientModel rule)
        self.check_access_rule("write")
        if len(self) != 1 or not self.response_id:
            raise UserError(_("Choose the NPS answer whose follow-up you record."))
        response = self.response_id
        response.check_access_rule("write")
        if not response.exists():
            raise UserError(_("This NPS answer does not exist any more."))
        return response

    @api.multi
    def action_confirm(self):
        """Record the outcome, the root cause and the note on the answer."""
        response = self._cx_checked_response()
        if self.outcome not in fu.OUTCOMES:
            raise UserError(_("Choose the outcome of the call."))
        if not fu.outcome_allowed(response.followup_state, self.outcome):
            raise UserError(_("This follow-up cannot take that outcome any more: it is "
                              "already closed."))
        reason = self.reason_id
        if reason:
            reason.check_access_rights("read")
            reason.check_access_rule("read")
        note = (self.note or "").strip()
        if len(note) > 4000:
            raise UserError(_("What was said is too long: keep it under 4,000 "
                              "characters."))
        response._set_followup(self.outcome, reason=reason, note=note or None)
        return {"type": "ir.actions.act_window_close"}

    @api.model
    def create(self, vals):
        """Only somebody who records follow-ups opens this form."""
        if not self.env.user.has_group("cx_experience.group_cx_user"):
            raise AccessError(_("Only the customer experience team records follow-up "
                                "calls."))
        return super(CxNpsFollowupWizard, self).create(vals)
