# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Demo data where SLAs and NPS meet: the survey after a closed ticket.

Each closed ticket of a demo customer fires the transactional campaign as the closing
hook does (``cx.nps.campaign._cx_trigger``): one invitation an hour after the closure,
unless the campaign's or the company's gap between two surveys of the same customer
forbids it. Half of them answer; a ticket that breached its SLA costs three points, one
that met it leaves the customer's usual score. Written with the NPS demo's writer
(cx_nps_survey/demo/generator.py), which lets the engine finish each answer.
"""
import datetime
import logging
import random

from odoo import fields

from odoo.addons.cx_experience import clock
from odoo.addons.cx_experience.demo.generator import ExperienceDemo
from odoo.addons.cx_nps_survey.demo.generator import NpsDemo

_logger = logging.getLogger(__name__)

BREACH_PENALTY = 3.0
ANSWER_RATE = 0.5


class SlaNpsDemo(object):
    """The demo generator of cx_sla_nps, on an environment (see the thin model
    ``cx.sla.nps.demo``, which the demo XML calls)."""

    def __init__(self, env):
        self.env = env

    def _generate(self, campaign_xmlid, seed=7):
        env = self.env
        campaign = env.ref(campaign_xmlid)
        partners = ExperienceDemo(env)._cx_demo_customers()
        if not partners:
            return 0
        plan = {p.id: c for p, c in zip(partners, ExperienceDemo(env)._cx_demo_plan())}
        now = clock.utcnow()
        cr = env.cr
        cr.execute("""
            SELECT t.id, p.commercial_partner_id, t.closed_date, t.cx_sla_status
              FROM helpdesk_ticket t
              JOIN res_partner p ON p.id = t.partner_id
              JOIN helpdesk_ticket_stage s ON s.id = t.stage_id
             WHERE s.closed AND t.closed_date IS NOT NULL
               AND p.commercial_partner_id = ANY(%s)
          ORDER BY t.closed_date, t.id""", (partners.ids,))
        tickets = cr.fetchall()
        # when each customer was last invited, by any campaign (the company's gap)
        cr.execute("""
            SELECT partner_id, cx_nps_campaign_id, cx_nps_sent_date FROM survey_user_input
             WHERE partner_id = ANY(%s) AND cx_nps_campaign_id IS NOT NULL""",
                   (partners.ids,))
        sent_dates = {}
        for pid, campaign_id, sent in cr.fetchall():
            sent_dates.setdefault(pid, []).append((fields.Datetime.from_string(sent),
                                                   campaign_id))
        global_gap = datetime.timedelta(days=env["cx.nps.campaign"]._global_gap_days())
        campaign_gap = datetime.timedelta(days=campaign.min_gap_days)
        Demo = NpsDemo(env)
        rng = random.Random(seed)
        invitations = []
        for ticket_id, pid, closed, status in tickets:
            sent = fields.Datetime.from_string(closed) + datetime.timedelta(hours=1)
            if sent >= now:
                continue
            previous = sent_dates.get(pid, [])
            if any(abs(sent - moment) < global_gap for moment, _c in previous) or any(
                    abs(sent - moment) < campaign_gap for moment, c in previous
                    if c == campaign.id):
                continue
            previous.append((sent, campaign.id))
            sent_dates[pid] = previous
            invitations.append(Demo._cx_demo_invitation(
                campaign, pid, plan[pid], sent, rng,
                penalty=BREACH_PENALTY if status == "breached" else 0.0,
                source=("helpdesk.ticket", ticket_id), answer_rate=ANSWER_RATE))
        answers = Demo._cx_demo_write(invitations, now)
        ExperienceDemo(env)._cx_demo_replay()
        _logger.info("cx demo: %d invitations after closed tickets, %d answers",
                     len(invitations), answers)
        return answers
