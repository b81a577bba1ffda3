# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Demo data of cx_nps_survey: the demo company's customers (cx_experience's demo)
answer two years of NPS campaigns.

- the relationship survey every six months to the customers buying at the time, and
  the survey after an invoice to a sample of them (the global and campaign gaps kept);
- each invitation is a personal survey token with its expiry (the campaign's link
  validity): the links older than that are closed, the unanswered ones stay unanswered;
- each answer has its survey lines (the survey's own results page shows them), its NPS
  response, and through the NPS engine its interaction on the customer's timeline, the
  customer's latest NPS and satisfaction, and a follow-up for the recent detractors
  (the older ones with their outcome: contacted, resolved or lost);
- scores follow the story: customers served badly (the same ones cx_sla's demo gives
  late tickets), buying less, or with late payments answer lower.

Written in bulk (invitations, lines, responses) and finished through the engine's own
methods, so it installs in seconds and reads as the engine would have written it.
"""
import datetime
import logging
import random
import uuid

from psycopg2.extras import execute_values

from odoo import fields

from odoo.addons.cx_experience import clock

from odoo.addons.cx_experience.demo import story
from odoo.addons.cx_experience.demo.generator import ExperienceDemo

from ..domain import nps
from ..models.cx_nps_campaign import FOLLOWUP_TICKET
from ..models.cx_nps_response import FOLLOWUP_CONTACTED, FOLLOWUP_LOST, FOLLOWUP_RESOLVED

_logger = logging.getLogger(__name__)

ROUNDS_MONTHS_AGO = (22, 16, 10, 4)
# What customers write (their own words, in the demo company's language)
COMMENTS = {
    nps.PROMOTER: ["Muy buen servicio, rápido y amable.", "Siempre cumplen los plazos.",
                   "El equipo de soporte es excelente.", "Buena relación calidad-precio."],
    nps.PASSIVE: ["Correcto, aunque la entrega tardó algo.", "Bien, pero los precios han subido.",
                  "Cumplen, sin más."],
    nps.DETRACTOR: ["Nadie respondió a mi reclamo a tiempo.", "Tardaron días en resolver la incidencia.",
                    "La factura llegó con errores otra vez.", "Muy difícil hablar con alguien."],
}
FOLLOWUP_RECENT_DAYS = 45


def score_for(customer, rng, penalty=0.0):
    """A score the customer gives: its mood, less for bad service, a declining trend,
    late payments and ``penalty`` (a bad experience just before), with some noise."""
    value = customer.mood + rng.gauss(0.0, 1.2) - penalty
    if customer.poor_service:
        value -= 1.5
    if customer.trend == story.TREND_DECLINING:
        value -= 1.0
    if customer.late_payer:
        value -= 0.5
    return int(max(0, min(10, round(value))))


class NpsDemo(object):
    """The demo generator of cx_nps_survey, on an environment (see the thin model
    ``cx.nps.demo``, which the demo XML calls)."""

    def __init__(self, env):
        self.env = env

    def _generate(self, campaign_xmlids, seed=42):
        """Invitations and answers of the relationship and invoice campaigns."""
        env = self.env
        relationship, _ticket, invoice = [env.ref(xmlid) for xmlid in campaign_xmlids]
        partners = ExperienceDemo(env)._cx_demo_customers()
        if not partners:
            return 0
        plan = ExperienceDemo(env)._cx_demo_plan()
        now = clock.utcnow()
        start = now - datetime.timedelta(days=24 * 30)
        self._cx_demo_calendar(relationship, invoice, now, start)
        invoices = self._cx_demo_invoices(partners.ids)
        rng = random.Random(seed)
        last_invited = {}
        invitations = []
        # the relationship rounds, and between them the surveys after an invoice
        events = []
        for months in ROUNDS_MONTHS_AGO:
            round_start = datetime.datetime.combine(
                (now - datetime.timedelta(days=30 * months)).date(), datetime.time(8))
            for partner, customer in zip(partners, plan):
                events.append((round_start + datetime.timedelta(
                    days=rng.randint(0, max(relationship.window_days - 1, 0)),
                    hours=rng.randint(1, 4), minutes=rng.randint(0, 59)),
                    relationship, partner.id, customer, None))
        for partner, customer in zip(partners, plan):
            for invoice_id, posted in invoices.get(partner.id, []):
                if rng.random() * 100 < invoice.sample_percent:
                    events.append((posted + datetime.timedelta(hours=rng.randint(20, 30)),
                                   invoice, partner.id, customer,
                                   ("account.invoice", invoice_id)))
        events.sort(key=lambda event: event[0])
        global_gap = datetime.timedelta(days=env["cx.nps.campaign"]._global_gap_days())
        for sent, campaign, pid, customer, source in events:
            if sent >= now or not self._cx_demo_active(invoices.get(pid), sent):
                continue
            previous = last_invited.get(pid, {})
            gap = datetime.timedelta(days=campaign.min_gap_days)
            if any(sent - moment < global_gap for moment in previous.values()) or (
                    campaign.id in previous and sent - previous[campaign.id] < gap):
                continue
            previous[campaign.id] = sent
            last_invited[pid] = previous
            invitations.append(self._cx_demo_invitation(
                campaign, pid, customer, sent, rng, source=source))
        created = self._cx_demo_write(invitations, now)
        _logger.info("cx demo: %d NPS invitations, %d answers", len(invitations), created)
        return created

    def _cx_demo_calendar(self, relationship, invoice, now, start):
        """The campaigns ran all along: started two years ago, the relationship survey
        in its current round (the last of ROUNDS_MONTHS_AGO)."""
        current = datetime.datetime.combine(
            (now - datetime.timedelta(days=30 * ROUNDS_MONTHS_AGO[-1])).date(),
            datetime.time(8))
        relationship.sudo().with_context(tracking_disable=True).write({
            "date_start": fields.Datetime.to_string(start),
            "iteration_start": fields.Datetime.to_string(current),
            "next_iteration": fields.Datetime.to_string(
                current + datetime.timedelta(days=30 * relationship.recurrence_months))})
        (invoice | self.env.ref("cx_nps_survey.demo_campaign_ticket")).sudo().with_context(
            tracking_disable=True).write({"date_start": fields.Datetime.to_string(start)})

    def _cx_demo_invoices(self, partner_ids):
        """Each customer's posted customer invoices: ``[(id, posted moment)]`` by date."""
        self.env.cr.execute("""
            SELECT commercial_partner_id, id, create_date FROM account_invoice
             WHERE commercial_partner_id = ANY(%s) AND type = 'out_invoice'
               AND state IN ('open', 'paid')
          ORDER BY date_invoice, id""", (partner_ids,))
        result = {}
        for pid, invoice_id, created in self.env.cr.fetchall():
            result.setdefault(pid, []).append((invoice_id, fields.Datetime.from_string(created)))
        return result

    @staticmethod
    def _cx_demo_active(invoices, moment):
        """A customer is surveyed while it buys: from its first invoice to four months
        after its last one before ``moment`` (the churned ones are not asked)."""
        if not invoices or invoices[0][1] > moment:
            return False
        last = max(posted for _id, posted in invoices if posted <= moment)
        return moment - last < datetime.timedelta(days=120)

    def _cx_demo_invitation(self, campaign, partner_id, customer, sent, rng, penalty=0.0,
                            source=None, answer_rate=0.45):
        """One invitation of the story: answered or not, with its score and comment."""
        answered = None
        score = comment = None
        rate = answer_rate + (0.1 if customer.mood > 8 else 0.0)
        if rng.random() < rate:
            answered = sent + datetime.timedelta(minutes=rng.randint(20, 60 * 72))
            score = score_for(customer, rng, penalty)
            if rng.random() < 0.4:
                comment = rng.choice(COMMENTS[nps.category(score)])
        return {"campaign": campaign, "partner_id": partner_id, "sent": sent,
                "answered": answered, "score": score, "comment": comment,
                "channel": rng.choice(("email_click", "email_click", "web")),
                "source": source}

    def _cx_demo_write(self, invitations, now):
        """Write invitations (with their expiry), survey lines and responses in bulk,
        then let the engine log the interactions, flag the latest answers, feed the
        satisfaction and open the follow-ups. Returns the number of answers."""
        cr = self.env.cr
        uid = self.env.uid
        Response = self.env["cx.nps.response"].sudo()
        if not invitations:
            return 0
        rows = []
        for inv in invitations:
            campaign = inv["campaign"]
            deadline = (inv["sent"] + datetime.timedelta(days=campaign.expiry_days)
                        if campaign.expiry_days else None)
            if inv["answered"] and (inv["answered"] >= now or (
                    deadline and inv["answered"] > deadline)):
                inv["answered"] = None  # not yet, or too late: the link was closed
            reminders = 0
            if not inv["answered"] and campaign.reminder_max and campaign.reminder_days:
                reminded = inv["sent"] + datetime.timedelta(days=campaign.reminder_days)
                if reminded < now and (not deadline or reminded < deadline):
                    reminders = 1
            inv["reminders"] = reminders
            source = inv.get("source") or (None, None)
            rows.append((
                campaign.survey_id.id, inv["sent"], deadline, "link",
                "done" if inv["answered"] else "new", False, str(uuid.uuid4()),
                inv["partner_id"], None, campaign.id, inv["sent"], reminders,
                inv["sent"] + datetime.timedelta(days=campaign.reminder_days)
                if reminders else None, source[0], source[1], uid, inv["sent"], uid,
                inv["answered"] or inv["sent"]))
        template = ("(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s::timestamp, %s, "
                    "%s::integer, %s, %s, %s, %s)")
        input_ids = [row[0] for row in execute_values(cr, """
            INSERT INTO survey_user_input (survey_id, date_create, deadline, type, state,
                test_entry, token, partner_id, email, cx_nps_campaign_id, cx_nps_sent_date,
                cx_nps_reminder_count, cx_nps_last_reminder, cx_nps_source_model,
                cx_nps_source_id, create_uid, create_date, write_uid, write_date)
            VALUES %s RETURNING id""", rows, fetch=True, page_size=1000, template=template)]
        cr.execute("""
            UPDATE survey_user_input ui SET email = p.email FROM res_partner p
             WHERE p.id = ui.partner_id AND ui.id = ANY(%s)""", (input_ids,))
        # the survey's lines, as the survey pages write them
        lines, answers = [], []
        surveys = {}
        for input_id, inv in zip(input_ids, invitations):
            if not inv["answered"]:
                continue
            survey = inv["campaign"].survey_id
            if survey.id not in surveys:
                question = survey._cx_nps_question()
                surveys[survey.id] = (
                    question, {label.cx_nps_score: label.id for label in question.labels_ids},
                    survey._cx_nps_comment_question())
            question, labels, why = surveys[survey.id]
            lines.append((input_id, question.id, survey.id, inv["answered"], False,
                          "suggestion", labels[inv["score"]], None, 0.0))
            if inv["comment"] and why:
                lines.append((input_id, why.id, survey.id, inv["answered"], False,
                              "free_text", None, inv["comment"], 0.0))
            answers.append((input_id, inv))
        execute_values(cr, """
            INSERT INTO survey_user_input_line (user_input_id, question_id, survey_id,
                date_create, skipped, answer_type, value_suggested, value_free_text,
                quizz_mark, create_uid, create_date, write_uid, write_date)
            SELECT v.*, %s, v.date_create, %s, v.date_create
              FROM (VALUES %%s) v(user_input_id, question_id, survey_id, date_create,
                                  skipped, answer_type, value_suggested, value_free_text,
                                  quizz_mark)""" % (uid, uid), lines, page_size=1000,
                       template="(%s, %s, %s, %s::timestamp, %s, %s, %s::integer, %s, "
                                "%s::float8)")
        segments = self._cx_demo_segments([inv["partner_id"] for _i, inv in answers])
        response_rows = []
        for input_id, inv in answers:
            category = nps.category(inv["score"])
            segment = segments[inv["partner_id"]]
            response_rows.append((
                inv["partner_id"], inv["campaign"].id, input_id, inv["score"], category,
                nps.CATEGORY_VALUE[category], inv["comment"], inv["answered"],
                inv["channel"], inv["campaign"].touchpoint_id.id or None) + segment + (
                inv["campaign"].company_id.id, inv["answered"], uid, inv["answered"], uid))
        response_ids = [row[0] for row in execute_values(cr, """
            INSERT INTO cx_nps_response (partner_id, campaign_id, user_input_id, score,
                category, nps_value, comment, date, channel, touchpoint_id, tier_id,
                stage_id, country_id, team_id, user_id, company_id, create_date,
                create_uid, write_date, write_uid)
            VALUES %s RETURNING id""", response_rows, fetch=True, page_size=1000)]
        partner_ids = sorted({inv["partner_id"] for _i, inv in answers})
        responses = Response.browse(response_ids)
        Response.invalidate_cache()
        # the engine's own steps after an answer, without the mail of each one
        for response in responses.with_context(tracking_disable=True):
            response._log_interaction()
        Response._update_latest(partner_ids)
        self._cx_demo_latest(partner_ids)
        self._cx_demo_followups(responses, now)
        return len(response_ids)

    def _cx_demo_segments(self, partner_ids):
        """Tier, stage, country, team and account manager of each customer now (what
        the engine copies on each answer; the demo's answers take today's)."""
        self.env.cr.execute("""
            SELECT p.id, c.cx_tier_id, c.cx_stage_id, COALESCE(p.country_id, c.country_id),
                   COALESCE(c.team_id, p.team_id), COALESCE(c.user_id, p.user_id)
              FROM res_partner p JOIN res_partner c ON c.id = p.commercial_partner_id
             WHERE p.id = ANY(%s)""", (list(set(partner_ids)),))
        return {row[0]: tuple(row[1:]) for row in self.env.cr.fetchall()}

    def _cx_demo_latest(self, partner_ids):
        """The customers' latest NPS and their satisfaction, from their latest answer."""
        cr = self.env.cr
        cr.execute("""
            UPDATE res_partner p SET cx_nps_last_score = r.score,
                   cx_nps_last_category = r.category, cx_nps_last_date = r.date,
                   cx_nps_last_invited = GREATEST(r.date, p.cx_nps_last_invited)
              FROM cx_nps_response r WHERE r.partner_id = p.id AND r.is_latest
               AND p.id = ANY(%s)""", (partner_ids,))
        cr.execute("""
            UPDATE res_partner p SET cx_nps_last_invited = ui.sent
              FROM (SELECT partner_id, max(cx_nps_sent_date) AS sent FROM survey_user_input
                     WHERE partner_id = ANY(%s) AND cx_nps_campaign_id IS NOT NULL
                  GROUP BY partner_id) ui
             WHERE ui.partner_id = p.id""", (partner_ids,))
        self.env["res.partner"].invalidate_cache()
        cr.execute("""
            SELECT score, array_agg(partner_id), max(date) FROM cx_nps_response
             WHERE is_latest AND partner_id = ANY(%s) GROUP BY score""", (partner_ids,))
        for score, ids, date in cr.fetchall():
            self.env["res.partner"].browse(ids)._cx_set_satisfaction(
                nps.satisfaction_index(score), date)

    def _cx_demo_followups(self, responses, now):
        """Follow-ups of the detractors of the last weeks, through the engine; the ones
        older than a week already have their outcome, some of them late."""
        recent = now - datetime.timedelta(days=FOLLOWUP_RECENT_DAYS)
        detractors = responses.filtered(
            lambda r: r.category == nps.DETRACTOR and not r.followup_state
            and fields.Datetime.from_string(r.date) >= recent).sorted("date")
        rng = random.Random("followups")
        outcomes = (FOLLOWUP_CONTACTED, FOLLOWUP_RESOLVED, FOLLOWUP_RESOLVED, FOLLOWUP_LOST)
        for response in detractors.with_context(tracking_disable=True):
            answered = fields.Datetime.from_string(response.date)
            ticket_mode = response.campaign_id.followup_mode == FOLLOWUP_TICKET
            if ticket_mode and now - answered >= datetime.timedelta(days=7):
                continue  # a ticket is opened now: only for the answers of this week
            response._create_followup()
            if now - answered < datetime.timedelta(days=7):
                continue  # still to contact
            days = rng.choice((0.2, 0.5, 1.0, 1.5, 2.5, 4.0, 6.0))
            outcome = rng.choice(outcomes)
            activity = response.followup_ref
            response.sudo().write({
                "followup_state": outcome, "followup_days": days,
                "followup_date": fields.Datetime.to_string(
                    answered + datetime.timedelta(days=days))})
            if activity and activity._name == "mail.activity" and activity.exists():
                activity.unlink()  # done: the activity leaves the to-do list
        return len(detractors)
