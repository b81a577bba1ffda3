# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The invitation and reminder emails gained a hidden link (the honeypot of the link
scanners) and a new sentence. Their English body is updated by the upgrade like any
data record, but Odoo keeps the translations of a whole-value field as they were:
without this, Spanish customers would keep getting the old email. The translations
of the two bodies are loaded again from the addon's files."""
from odoo import SUPERUSER_ID, api

TEMPLATES = ("mail_template_nps_invitation", "mail_template_nps_reminder")


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    ids = [env.ref("cx_nps_survey.%s" % name).id for name in TEMPLATES]
    cr.execute("""
        DELETE FROM ir_translation
         WHERE type = 'model' AND name = 'mail.template,body_html' AND res_id = ANY(%s)
    """, (ids,))
    langs = [code for code, _name in env["res.lang"].get_installed() if code != "en_US"]
    if langs:
        env["ir.translation"].load_module_terms(["cx_nps_survey"], langs)
