# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Uninstalling the addon keeps the customers' answers.

The NPS survey template and the NPS touchpoint are shipped as data; once customers have
answered, survey answers and cx_experience interactions point to them. Before Odoo
removes the addon's data, forget their external ids so that they stay as ordinary
records (Odoo would otherwise try to delete them and fail on the answers).

The follow-up activities of the NPS responses go with the responses; they are removed
in SQL first, because Odoo's activity removal reads the assigned user's partner after
this addon's partner columns are already dropped.
"""

KEPT_MODELS = ("survey.survey", "survey.page", "survey.question", "survey.label",
               "cx.touchpoint")


def post_init_hook(cr, registry):
    """Invitations the demo generator inserted get their customer's segment."""
    from odoo import SUPERUSER_ID, api
    api.Environment(cr, SUPERUSER_ID, {})["survey.user_input"]._cx_fill_segments()


def uninstall_hook(cr, registry):
    cr.execute("DELETE FROM mail_activity WHERE res_model IN %s",
               (("cx.nps.response", "cx.nps.campaign"),))
    cr.execute("""
        DELETE FROM ir_model_data
         WHERE module = 'cx_nps_survey' AND model IN %s""", (KEPT_MODELS,))
