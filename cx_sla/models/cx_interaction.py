# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models

from ..messages import TICKET_CLOSED


class CxInteraction(models.Model):
    _inherit = "cx.interaction"

    def init(self):
        result = super(CxInteraction, self).init()
        # Closed tickets logged before their summary was rendered when read kept a text
        # frozen in one language: give them back their message and values (the ticket's
        # number and subject, when the text is exactly that message in some language).
        self.env.cr.execute("""
            WITH forms(text) AS (
                SELECT %(template)s
                 UNION SELECT value FROM ir_translation
                        WHERE type = 'code' AND src = %(template)s AND COALESCE(value, '') != ''
            )
            UPDATE cx_interaction x
               SET summary_template = %(template)s,
                   summary_args = json_build_object(
                       'name', t.name, 'number', COALESCE(t.number, t.id::text))::text
              FROM helpdesk_ticket t, forms
             WHERE x.res_model = 'helpdesk.ticket' AND x.res_id = t.id
               AND x.summary_template IS NULL
               AND x.name = replace(replace(forms.text, '%%(number)s',
                                            COALESCE(t.number, t.id::text)),
                                    '%%(name)s', COALESCE(t.name, ''))
        """, {"template": TICKET_CLOSED})
        return result
