# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The invitation and reminder e-mails now ship in noupdate data (an upgrade keeps what
a customer edited) and take the colours of their score buttons from the NPS categories
(``survey.user_input.cx_nps_score_colour``, domain/nps.py) instead of restating them.

Only that expression is replaced, in the English body and in its translations: the rest
of a body a customer edited stays as it is, and a body without the old expression (one
rewritten by hand) is left alone."""
from odoo import SUPERUSER_ID, api

TEMPLATES = ("mail_template_nps_invitation", "mail_template_nps_reminder")
OLD = "${'#c0392b' if score <= 6 else ('#e6a700' if score <= 8 else '#27ae60')}"
NEW = "${object.cx_nps_score_colour(score)}"


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    ids = [template.id for template in (
        env.ref("cx_nps_survey.%s" % name, raise_if_not_found=False) for name in TEMPLATES)
        if template]
    if not ids:
        return
    cr.execute("UPDATE mail_template SET body_html = replace(body_html, %s, %s) WHERE id = ANY(%s)",
               (OLD, NEW, ids))
    cr.execute("""
        UPDATE ir_translation SET value = replace(value, %s, %s), src = replace(src, %s, %s)
         WHERE type = 'model' AND name = 'mail.template,body_html' AND res_id = ANY(%s)
    """, (OLD, NEW, OLD, NEW, ids))
