# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The satisfaction-against-service report moved to the bridge cx_sla_nps: its model,
fields and record rule change owner (renamed to cx_sla_nps, which then updates them in
place), so that an upgrade keeps one of each and their Spanish."""


def migrate(cr, version):
    if not version:
        return
    cr.execute("""
        UPDATE ir_model_data d SET module = 'cx_sla_nps'
         WHERE d.module = 'cx_sla'
           AND (d.name = 'model_cx_sla_satisfaction_report'
                OR d.name LIKE 'field\\_cx\\_sla\\_satisfaction\\_report\\_%'
                OR d.name = 'rule_cx_sla_satisfaction_company')
           AND NOT EXISTS (SELECT 1 FROM ir_model_data o
                            WHERE o.module = 'cx_sla_nps' AND o.name = d.name)
    """)
    cr.execute("""
        DELETE FROM ir_model_data
         WHERE module = 'cx_sla'
           AND (name = 'model_cx_sla_satisfaction_report'
                OR name LIKE 'field\\_cx\\_sla\\_satisfaction\\_report\\_%'
                OR name = 'rule_cx_sla_satisfaction_company')
    """)
