# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Tickets on the customer's timeline (cx_experience's cx.timeline view): one row per
ticket at its creation, with its stage and SLA status as they are now, red when its SLA
was breached, amber at risk, green met. The closing of a ticket is already an
interaction (see helpdesk.ticket._cx_on_closed)."""
from odoo import api, fields, models

from odoo.addons.cx_experience.domain import timeline
from odoo.addons.cx_experience.models.cx_timeline import _record, _selection

from ..domain import status as st
from ..messages import TL_TICKET

KIND_TICKET = "ticket"


class CxTimeline(models.Model):
    _inherit = "cx.timeline"

    kind = fields.Selection(selection_add=[(KIND_TICKET, "Ticket")])

    @api.model
    def _cx_timeline_own_models(self):
        return super(CxTimeline, self)._cx_timeline_own_models() + ['helpdesk.ticket']

    @api.model
    def _cx_timeline_sources(self):
        tickets = self.env.cr.mogrify("""
            SELECT t.id AS row_key, p.commercial_partner_id AS partner_id,
                   t.partner_id AS contact_id, t.create_date AS date, %(kind)s AS kind,
                   concat_ws(' ', t.number, t.name) AS name,
                   %(template)s AS summary_template,
                   json_build_object(
                       'number', COALESCE(t.number, t.id::text), 'name', COALESCE(t.name, ''),
                       'stage', """ + _record("helpdesk.ticket.stage", "t.stage_id") + """,
                       'sla', """ + _selection("helpdesk.ticket", "cx_sla_status", "t.cx_sla_status") + """
                   )::text AS summary_args,
                   'helpdesk.ticket' AS res_model, t.id AS res_id, t.user_id AS user_id,
                   NULL AS viewer_id, t.company_id AS company_id, NULL AS amount,
                   NULL AS currency_id, NULL AS score,
                   CASE t.cx_sla_status WHEN %(breached)s THEN %(danger)s
                                        WHEN %(at_risk)s THEN %(warning)s
                                        WHEN %(met)s THEN %(success)s END AS level
              FROM helpdesk_ticket t
              JOIN res_partner p ON p.id = t.partner_id
        """, {"kind": KIND_TICKET, "template": TL_TICKET, "breached": st.BREACHED,
              "at_risk": st.AT_RISK, "met": st.MET, "danger": timeline.LEVEL_DANGER,
              "warning": timeline.LEVEL_WARNING, "success": timeline.LEVEL_SUCCESS}).decode()
        return super(CxTimeline, self)._cx_timeline_sources() + [tickets]
