# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The NPS analysis became a report (a client action over the answers): the saved form's
model of lines and the form's fields are gone. Odoo 11 keeps the records that described
them (ir.model, ir.model.fields and their translations) until the addon is uninstalled,
and the translation export then fails on a model that no longer exists: remove them,
with the lines' table and the form's many2many tables."""
from odoo import SUPERUSER_ID, api

GONE_MODEL = "cx.nps.analysis.line"
ANALYSIS = "cx.nps.analysis"
GONE_TABLES = ("cx_nps_analysis_line", "cx_nps_analysis_cx_nps_campaign_rel",
               "cx_nps_analysis_cx_tier_rel")


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    kept = list(env[ANALYSIS]._fields)
    cr.execute("""
        SELECT id FROM ir_model_fields
         WHERE model = %s OR (model = %s AND NOT name = ANY(%s))
    """, (GONE_MODEL, ANALYSIS, kept))
    field_ids = [row[0] for row in cr.fetchall()]
    cr.execute("SELECT id FROM ir_model WHERE model = %s", (GONE_MODEL,))
    model_ids = [row[0] for row in cr.fetchall()]
    if field_ids:
        cr.execute("""DELETE FROM ir_translation
                       WHERE type = 'model' AND res_id = ANY(%s)
                         AND name IN ('ir.model.fields,field_description',
                                      'ir.model.fields,help')""", (field_ids,))
        cr.execute("""DELETE FROM ir_model_data
                       WHERE model = 'ir.model.fields' AND res_id = ANY(%s)""", (field_ids,))
        cr.execute("DELETE FROM ir_model_fields WHERE id = ANY(%s)", (field_ids,))
    if model_ids:
        cr.execute("""DELETE FROM ir_translation
                       WHERE type = 'model' AND name = 'ir.model,name' AND res_id = ANY(%s)
                    """, (model_ids,))
        cr.execute("""DELETE FROM ir_model_data
                       WHERE model = 'ir.model' AND res_id = ANY(%s)""", (model_ids,))
        cr.execute("DELETE FROM ir_model_constraint WHERE model = ANY(%s)", (model_ids,))
        cr.execute("DELETE FROM ir_model_relation WHERE model = ANY(%s)", (model_ids,))
        cr.execute("DELETE FROM ir_model_access WHERE model_id = ANY(%s)", (model_ids,))
        cr.execute("DELETE FROM ir_model WHERE id = ANY(%s)", (model_ids,))
    for table in GONE_TABLES:
        # names from the constant above, never from data
        cr.execute('DROP TABLE IF EXISTS "%s" CASCADE' % table)
