# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Uninstalling the addon keeps the customers' timeline.

Closed tickets log cx_experience interactions on the touchpoint this addon ships as
data. Before Odoo removes the addon's data, forget the touchpoint's external id so that
it stays as an ordinary record (Odoo would otherwise try to delete it and fail on the
interactions that point to it).
"""


def uninstall_hook(cr, registry):
    cr.execute("""
        DELETE FROM ir_model_data
         WHERE module = 'cx_sla' AND model = 'cx.touchpoint'""")
