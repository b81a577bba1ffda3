# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import SUPERUSER_ID, api, models
from odoo.exceptions import AccessError


class CxSlaEngineOwned(models.AbstractModel):
    """Rows the SLA engine keeps by SQL (the lines of a ticket, the escalation log): only
    server code under sudo or the administrator (uid 1 == SUPERUSER_ID in Odoo 11) may
    create, change or delete them through the ORM. A model using the mixin says why in
    :meth:`_cx_engine_refusal`."""
    _name = "cx.sla.engine.owned"
    _description = "Rows kept by the SLA engine"

    def _cx_engine_refusal(self):
        """The message (in the user's language) refusing a change by hand."""
        raise NotImplementedError

    def _cx_check_engine(self):
        if self.env.uid != SUPERUSER_ID:
            raise AccessError(self._cx_engine_refusal())

    @api.model
    def create(self, vals):
        self._cx_check_engine()
        return super(CxSlaEngineOwned, self).create(vals)

    @api.multi
    def write(self, vals):
        self._cx_check_engine()
        return super(CxSlaEngineOwned, self).write(vals)

    @api.multi
    def unlink(self):
        self._cx_check_engine()
        return super(CxSlaEngineOwned, self).unlink()
