# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The helpdesk's drivers of the NPS analysis's key-driver table (cx_nps_survey): the
customer's tickets and their SLA in the days before its answer (a breach, a slow first
response, many tickets; the cuts in domain/drivers.py)."""
from odoo import _, api, models

from odoo.addons.cx_nps_survey.models.cx_nps_analysis_drivers import WINDOW_DAYS
from odoo.addons.cx_sla.domain.policy import TARGET_FIRST_RESPONSE

from ..domain import drivers as cuts
from ..domain.drivers import BREACHED

# (key, SQL of a yes/no value of the answer "r" joined to its customer "p", parameters):
# constants of this file, values bound.
TICKET_SQL = (
    ("breached_ticket", """EXISTS (
        SELECT 1 FROM helpdesk_ticket h JOIN res_partner hp ON hp.id = h.partner_id
         WHERE hp.commercial_partner_id = p.commercial_partner_id
           AND h.cx_sla_status = %s
           AND h.create_date <= r.date AND h.create_date > r.date - make_interval(days => %s))""",
     (BREACHED, WINDOW_DAYS)),
    ("ticket", """EXISTS (
        SELECT 1 FROM helpdesk_ticket h JOIN res_partner hp ON hp.id = h.partner_id
         WHERE hp.commercial_partner_id = p.commercial_partner_id
           AND h.create_date <= r.date AND h.create_date > r.date - make_interval(days => %s))""",
     (WINDOW_DAYS,)),
    # a first-response target reached in the window, slower than the cut in the
    # policy's hours (work_hours: the first_response_hours of the SLA report); still
    # waiting at the answer does not count here (a missed target is "breached_ticket")
    ("slow_first_response", """EXISTS (
        SELECT 1 FROM helpdesk_ticket h JOIN res_partner hp ON hp.id = h.partner_id
          JOIN cx_sla_line l ON l.ticket_id = h.id
         WHERE hp.commercial_partner_id = p.commercial_partner_id
           AND h.create_date <= r.date
           AND l.kind = %s AND l.work_hours > %s
           AND l.reached_date <= r.date
           AND l.reached_date > r.date - make_interval(days => %s))""",
     (TARGET_FIRST_RESPONSE, cuts.SLOW_FIRST_RESPONSE_HOURS, WINDOW_DAYS)),
    ("many_tickets", """(
        SELECT count(*) FROM helpdesk_ticket h JOIN res_partner hp ON hp.id = h.partner_id
         WHERE hp.commercial_partner_id = p.commercial_partner_id
           AND h.create_date <= r.date AND h.create_date > r.date - make_interval(days => %s)
        ) > %s""",
     (WINDOW_DAYS, cuts.MANY_TICKETS)),
)


class CxNpsAnalysis(models.TransientModel):
    _inherit = "cx.nps.analysis"

    def init(self):
        """The drivers look up each customer's tickets of the days before its answer: an
        index on (customer, creation date), or one table scan per answer."""
        res = super(CxNpsAnalysis, self).init()
        self.env.cr.execute("""
            CREATE INDEX IF NOT EXISTS cx_sla_nps_ticket_partner_date_idx
                ON helpdesk_ticket (partner_id, create_date)""")
        return res

    @api.model
    def _cx_driver_sql(self):
        labels = {
            "breached_ticket": _("A ticket that missed its SLA in the %s days before")
            % WINDOW_DAYS,
            "ticket": _("A helpdesk ticket in the %s days before") % WINDOW_DAYS,
            "slow_first_response": _(
                "A first response slower than %(hours)s SLA hours in the %(days)s days "
                "before") % {"hours": cuts.SLOW_FIRST_RESPONSE_HOURS, "days": WINDOW_DAYS},
            "many_tickets": _("More than %(count)s helpdesk tickets in the %(days)s days "
                              "before") % {"count": cuts.MANY_TICKETS, "days": WINDOW_DAYS},
        }
        return super(CxNpsAnalysis, self)._cx_driver_sql() + [
            (key, sql, params, labels[key]) for key, sql, params in TICKET_SQL]
