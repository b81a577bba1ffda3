# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import SUPERUSER_ID, api, models
from odoo.exceptions import AccessError


class CxEngineOwned(models.AbstractModel):
    """Rows an engine keeps by SQL (the SLA lines of a ticket, the SLA escalation log, the
    log of the NPS answer links): only server code under sudo or the administrator
    (uid 1 == SUPERUSER_ID in Odoo 11) may create, change or delete them through the
    ORM. A model using the mixin says why in :meth:`_cx_engine_refusal`."""
    _name = "cx.engine.owned"
    _description = "Rows kept by an engine"

    def _cx_engine_refusal(self):
        """The message (in the user's language) refusing a change by hand."""
        raise NotImplementedError

    def _cx_check_engine(self):
        if self.env.uid != SUPERUSER_ID:
            raise AccessError(self._cx_engine_refusal())

    @api.model
    def create(self, vals):
        self._cx_check_engine()
        return super(CxEngineOwned, self).create(vals)

    @api.multi
    def write(self, vals):
        self._cx_check_engine()
        return super(CxEngineOwned, self).write(vals)

    @api.multi
    def unlink(self):
        self._cx_check_engine()
        return super(CxEngineOwned, self).unlink()
