"""Two branches adding Spanish messages side by side once merged into a translation file
without the blank line between two entries; Odoo then loaded an entry's translation
glued to the next entry's lines ("... msgid ... msgstr ..."), and a message formatted
with that text failed (a KeyError on the next entry's placeholder). The files are
fixed; the translations loaded from the broken ones are removed and loaded again."""
from odoo import SUPERUSER_ID, api

MODULES = ("cx_experience", "cx_nps_survey", "cx_sla", "cx_sla_nps")


def migrate(cr, version):
    if not version:
        return
    cr.execute("""
        DELETE FROM ir_translation
         WHERE module IN %s AND (value LIKE %s OR value LIKE %s)
    """, (MODULES, '%sgid "%', '%sgstr "%'))
    if not cr.rowcount:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    langs = [code for code, _name in env["res.lang"].get_installed() if code != "en_US"]
    installed = [name for name in MODULES if env["ir.module.module"].search(
        [("name", "=", name), ("state", "in", ("installed", "to upgrade"))])]
    if langs and installed:
        env["ir.translation"].load_module_terms(installed, langs)
