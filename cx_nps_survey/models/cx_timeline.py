# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""NPS answers on the customer's timeline (cx_experience's cx.timeline view): one row
per answer with its score, category and the customer's comment, red for a detractor,
green for a promoter. The rows follow the answers' own rule (security/
cx_nps_security.xml): a CX user reads the answers of its own customers only."""
from odoo import api, fields, models

from odoo.addons.cx_experience.domain import timeline
from odoo.addons.cx_experience.models.cx_timeline import _selection

from ..domain import nps
from ..messages import TL_NPS, TL_NPS_NO_COMMENT

KIND_NPS = "nps"


class CxTimeline(models.Model):
    _inherit = "cx.timeline"

    kind = fields.Selection(selection_add=[(KIND_NPS, "NPS answer")])

    @api.model
    def _cx_timeline_own_models(self):
        return super(CxTimeline, self)._cx_timeline_own_models() + ['cx.nps.response']

    @api.model
    def _cx_timeline_sources(self):
        answers = self.env.cr.mogrify("""
            SELECT r.id AS row_key, p.commercial_partner_id AS partner_id,
                   r.partner_id AS contact_id, r.date AS date, %(kind)s AS kind,
                   concat_ws(' ', r.score::text, r.comment) AS name,
                   CASE WHEN COALESCE(r.comment, '') != '' THEN %(template)s
                        ELSE %(bare)s END AS summary_template,
                   json_build_object(
                       'score', r.score, 'comment', COALESCE(r.comment, ''),
                       'category', """ + _selection("cx.nps.response", "category", "r.category") + """
                   )::text AS summary_args,
                   'cx.nps.response' AS res_model, r.id AS res_id, r.user_id AS user_id,
                   r.user_id AS viewer_id, r.company_id AS company_id, NULL AS amount,
                   NULL AS currency_id, r.score::float8 AS score,
                   CASE r.category WHEN %(detractor)s THEN %(danger)s
                                   WHEN %(promoter)s THEN %(success)s END AS level
              FROM cx_nps_response r
              JOIN res_partner p ON p.id = r.partner_id
        """, {"kind": KIND_NPS, "template": TL_NPS, "bare": TL_NPS_NO_COMMENT,
              "detractor": nps.DETRACTOR, "promoter": nps.PROMOTER,
              "danger": timeline.LEVEL_DANGER, "success": timeline.LEVEL_SUCCESS}).decode()
        return super(CxTimeline, self)._cx_timeline_sources() + [answers]
