"""The guard of what only the server runs (not an ORM model)."""
from odoo import SUPERUSER_ID, _
from odoo.exceptions import AccessError


def check_engine(self):
    """Refuse (AccessError) anyone but server code under sudo (and the administrator,
    uid 1 in Odoo 11). For ``init`` methods: Odoo calls them at install and upgrade as
    the superuser, but their name is public, so any user could call one over RPC and
    have the database rebuild a view (an exclusive lock on it) or an index."""
    if self.env.uid != SUPERUSER_ID:
        raise AccessError(_("Only the server rebuilds the Customer Experience database "
                            "views and indexes."))
