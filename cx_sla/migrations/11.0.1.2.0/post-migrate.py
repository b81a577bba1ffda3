"""The satisfaction-against-service report moved to the bridge cx_sla_nps, which owns its
model, fields and record rule now: cx_sla's old references to them go, and its copy of
the rule (the bridge ships its own), so that an upgrade leaves one of each."""


def migrate(cr, version):
    if not version:
        return
    cr.execute("""
        DELETE FROM ir_rule WHERE id IN (
            SELECT res_id FROM ir_model_data
             WHERE module = 'cx_sla' AND name = 'rule_cx_sla_satisfaction_company')
    """)
    cr.execute("""
        DELETE FROM ir_model_data
         WHERE module = 'cx_sla'
           AND (name = 'model_cx_sla_satisfaction_report'
                OR name LIKE 'field\\_cx\\_sla\\_satisfaction\\_report\\_%'
                OR name = 'rule_cx_sla_satisfaction_company')
    """)
