# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The engine-only mixin cx.sla.engine.owned became cx_experience's cx.engine.owned
(shared with the log of the NPS answer links). It is abstract (no table); an upgrade
removes its model and field records, which Odoo 11 keeps otherwise."""


def migrate(cr, version):
    if not version:
        return
    cr.execute("""
        DELETE FROM ir_model_data
         WHERE module = 'cx_sla'
           AND (name = 'model_cx_sla_engine_owned'
                OR name LIKE 'field\\_cx\\_sla\\_engine\\_owned\\_%')
    """)
    # its fields go with it (ir_model_fields.model_id cascades)
    cr.execute("DELETE FROM ir_model WHERE model = 'cx.sla.engine.owned'")
