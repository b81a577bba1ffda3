# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models, tools

from .. import lang as cx_lang


class IrTranslation(models.Model):
    _inherit = "ir.translation"

    @api.model
    @tools.ormcache("lang", "source", "ours_only")
    def _cx_code_translation(self, lang, source, ours_only=False):
        """The translation of a message of the code in ``lang``, or None.

        Unlike _get_source, when a message has several rows (an upgrade leaves the row of
        the file a message used to live in), the one of our modules loaded last wins.
        With ``ours_only``, only our modules' messages count (a stored text that is not
        one of them is a person's and stays as typed). Cached like _get_source; Odoo
        clears the cache whenever a translation changes."""
        self.env.cr.execute("""
            SELECT value FROM ir_translation
             WHERE lang = %s AND type = 'code' AND src = %s AND md5(src) = md5(%s)
               AND COALESCE(value, '') != '' AND (module IN %s OR NOT %s)
          ORDER BY module IN %s DESC, id DESC LIMIT 1
        """, (lang, source, source, cx_lang.OUR_MODULES, ours_only, cx_lang.OUR_MODULES))
        row = self.env.cr.fetchone()
        return row[0] if row else None
