from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..actions import open_action


def _is_score(value):
    """A given score, 0 included (``0 in (None, False)`` is true in Python)."""
    return value is not None and value is not False


class CxInteraction(models.Model):
    """A contact with a customer at a touchpoint, optionally with a satisfaction score.

    Other addons create interactions with ``sudo().create(vals)``. ``has_score`` says
    whether ``score`` was measured (a Float reads 0.0 when empty, so 0 alone cannot
    tell "no score" from "score 0"): pass ``has_score`` explicitly, or leave it out
    and it is set when ``score`` is in the values (and not None/False).
    """

    _name = "cx.interaction"
    _description = "Customer interaction"
    _order = "date desc, id desc"

    name = fields.Char(string="Summary", required=True)
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, ondelete="cascade")
    touchpoint_id = fields.Many2one(
        "cx.touchpoint", required=True, index=True, ondelete="restrict")
    channel = fields.Selection(
        related="touchpoint_id.channel", store=True, readonly=True)
    info_kind = fields.Selection(
        related="touchpoint_id.info_kind", store=True, readonly=True)
    stage_id = fields.Many2one(
        related="touchpoint_id.stage_id", store=True, readonly=True, string="Process")
    date = fields.Datetime(required=True, index=True, default=fields.Datetime.now)
    has_score = fields.Boolean(
        string="Satisfaction measured", index=True,
        help="Set when the interaction measured satisfaction: only then does the score "
             "count (a score of 0 is a real answer). Creators pass it, or it is set "
             "when a score is given.")
    score = fields.Float(
        group_operator="avg",
        help="Satisfaction on a 0-10 scale, when the interaction measured it.")
    res_model = fields.Char(string="Source model", index=True)
    res_id = fields.Integer(string="Source record", index=True)
    user_id = fields.Many2one(
        "res.users", string="Logged by", default=lambda self: self.env.uid)
    company_id = fields.Many2one(
        "res.company", required=True, index=True,
        default=lambda self: self.env.user.company_id)
    note = fields.Text()

    def init(self):
        # The churn rule looks for the latest interaction of each partner.
        self.env.cr.execute("""
            CREATE INDEX IF NOT EXISTS cx_interaction_partner_date_idx
                ON cx_interaction (partner_id, date)
        """)

    @api.model
    def create(self, vals):
        if "has_score" not in vals:
            vals = dict(vals, has_score=_is_score(vals.get("score")))
        if not vals.get("has_score"):
            vals["score"] = 0.0
        return super(CxInteraction, self).create(vals)

    @api.multi
    def write(self, vals):
        if "has_score" not in vals and _is_score(vals.get("score")):
            vals = dict(vals, has_score=True)
        return super(CxInteraction, self).write(vals)

    @api.constrains("score", "has_score")
    def _check_score(self):
        for rec in self:
            if rec.has_score and not 0 <= rec.score <= 10:
                raise ValidationError(_(
                    "A satisfaction score goes from 0 to 10 (got %s).") % rec.score)

    @api.multi
    def action_open_source(self):
        """Open the record the interaction came from (a survey answer, a ticket...)."""
        self.ensure_one()
        if not self.res_model or not self.res_id or self.res_model not in self.env:
            return False
        return open_action(self, [], res_model=self.res_model, res_id=self.res_id)
