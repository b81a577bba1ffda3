import datetime
import logging
import random
import uuid

from psycopg2.extras import execute_values

from odoo import _, api, fields, models

from ..domain import nps

_logger = logging.getLogger(__name__)

DEMO_PARTNERS = 600
INTERACTION_COLUMNS = {"name", "partner_id", "touchpoint_id", "channel", "info_kind",
                       "stage_id", "date", "has_score", "score", "res_model", "res_id",
                       "user_id", "company_id", "note", "create_uid", "create_date"}
DEMO_MONTHS = 18
# share of promoters / passives per tier code at the start; the trend improves
TIER_MIX = {"strategic": (0.55, 0.30), "high": (0.45, 0.30), "medium": (0.35, 0.30),
            "low": (0.25, 0.30)}


class CxNpsDemo(models.AbstractModel):
    """Demo data in bulk: a few thousand answers over 18 months, installed in seconds."""

    _name = "cx.nps.demo"
    _description = "NPS demo data"

    @api.model
    def _generate(self, campaign_xmlids, seed=42):
        """Create demo customers, invitations and answers with plain SQL inserts."""
        rng = random.Random(seed)
        env = self.env
        cr = env.cr
        campaigns = [env.ref(xmlid) for xmlid in campaign_xmlids]
        survey = campaigns[0].survey_id
        tiers = env["cx.tier"].search([])
        stages = env["cx.lifecycle.stage"].search([("code", "!=", "churned")])
        countries = env["res.country"].search([("code", "in", ("ES", "MX", "CO", "AR", "CL"))])
        users = env.ref("base.user_root") | env.ref("base.user_demo", raise_if_not_found=False)
        teams = env["crm.team"].search([], limit=3)
        company = env.user.company_id
        now = datetime.datetime.now()
        first_names = ["Ana", "Luis", "Marta", "Jorge", "Lucía", "Pablo", "Elena", "Diego",
                       "Carmen", "Andrés", "Sofía", "Javier"]
        last_names = ["García", "Rodríguez", "López", "Martínez", "Pérez", "Gómez",
                      "Fernández", "Díaz", "Torres", "Ramírez"]
        langs = env["res.lang"].search([("active", "=", True)]).mapped("code") or ["en_US"]
        rows = []
        for index in range(DEMO_PARTNERS):
            name = "%s %s (%03d)" % (rng.choice(first_names), rng.choice(last_names), index)
            rows.append((
                name, name, "cliente%03d@example.com" % index,
                rng.choice(langs), True, True, company.id,
                tiers and rng.choice(tiers.ids) or None,
                stages and rng.choice(stages.ids) or None,
                countries and rng.choice(countries.ids) or None,
                rng.choice(users.ids), teams and rng.choice(teams.ids) or None,
                "contact", True, False, "no-message", now, now, env.uid, env.uid))
        partner_ids = [r[0] for r in execute_values(cr, """
            INSERT INTO res_partner (name, display_name, email, lang, customer, active,
                company_id, cx_tier_id, cx_stage_id, country_id, user_id, team_id, type,
                is_company, employee, invoice_warn, create_date, write_date,
                create_uid, write_uid)
            VALUES %s RETURNING id""", rows, fetch=True)]
        cr.execute("UPDATE res_partner SET commercial_partner_id = id WHERE id = ANY(%s)",
                   (partner_ids,))
        partners = {p["id"]: p for p in env["res.partner"].browse(partner_ids).read(
            ["cx_tier_id", "cx_stage_id", "country_id", "user_id", "team_id"])}
        tier_codes = dict((t.id, t.code) for t in tiers)
        invitations, answers = [], []
        for pid in partner_ids:
            partner = partners[pid]
            tier_code = tier_codes.get(partner["cx_tier_id"] and partner["cx_tier_id"][0])
            promoters, passives = TIER_MIX.get(tier_code, (0.35, 0.30))
            for month in range(DEMO_MONTHS):
                if rng.random() > 0.3:
                    continue
                sent = now - datetime.timedelta(days=30 * (DEMO_MONTHS - month) -
                                                rng.randint(0, 20))
                campaign = rng.choice(campaigns)
                answered = rng.random() < 0.8
                invitations.append((survey.id, sent, "link", "done" if answered else "new",
                                    str(uuid.uuid4()), pid,
                                    "cliente@example.com", campaign.id, sent,
                                    1 if not answered else 0, sent, env.uid))
                if not answered:
                    continue
                # the trend improves by about 1 point of promoter share per month
                lift = 0.01 * month
                draw = rng.random()
                if draw < promoters + lift:
                    score = rng.choice((9, 10))
                elif draw < promoters + lift + passives:
                    score = rng.choice((7, 8))
                else:
                    score = rng.choice((0, 2, 3, 4, 5, 6, 6, 5))
                answers.append((pid, campaign, score, sent + datetime.timedelta(
                    hours=rng.randint(1, 72)), partner))
        input_ids = [r[0] for r in execute_values(cr, """
            INSERT INTO survey_user_input (survey_id, date_create, type, state, token,
                partner_id, email, cx_nps_campaign_id, cx_nps_sent_date,
                cx_nps_reminder_count, create_date, create_uid)
            VALUES %s RETURNING id""", invitations, fetch=True, page_size=1000)]
        answered_inputs = [iid for iid, inv in zip(input_ids, invitations) if inv[3] == "done"]
        comments = {nps.PROMOTER: "Muy buen servicio, rápido y amable.",
                    nps.PASSIVE: "Correcto, aunque la entrega tardó algo.",
                    nps.DETRACTOR: "Nadie respondió a mi reclamo a tiempo."}

        def m2o(value):
            return value[0] if value else None
        response_rows = []
        for input_id, (pid, campaign, score, date, partner) in zip(answered_inputs, answers):
            cat = nps.category(score)
            response_rows.append((
                pid, campaign.id, input_id, score, cat, nps.CATEGORY_VALUE[cat],
                comments[cat] if rng.random() < 0.3 else None, date,
                rng.choice(("email_click", "web")), campaign.touchpoint_id.id or None,
                m2o(partner["cx_tier_id"]), m2o(partner["cx_stage_id"]),
                m2o(partner["country_id"]), m2o(partner["team_id"]), m2o(partner["user_id"]),
                company.id, date, env.uid))
        execute_values(cr, """
            INSERT INTO cx_nps_response (partner_id, campaign_id, user_input_id, score,
                category, nps_value, comment, date, channel, touchpoint_id, tier_id,
                stage_id, country_id, team_id, user_id, company_id, create_date, create_uid)
            VALUES %s""", response_rows, page_size=1000)
        Response = env["cx.nps.response"]
        Response._update_latest(partner_ids)
        self._log_interactions(partner_ids)
        cr.execute("""
            UPDATE res_partner p SET cx_nps_last_score = r.score,
                   cx_nps_last_category = r.category, cx_nps_last_date = r.date,
                   cx_nps_last_invited = r.date
              FROM cx_nps_response r WHERE r.partner_id = p.id AND r.is_latest""")
        latest = Response.search([("partner_id", "in", partner_ids), ("is_latest", "=", True)])
        for score in nps.SCORES:
            same = latest.filtered(lambda r: r.score == score)
            if same:
                same.mapped("partner_id")._cx_set_satisfaction(nps.satisfaction_index(score))
        followed = Response.search([("partner_id", "in", partner_ids),
                                    ("category", "=", nps.DETRACTOR)],
                                   order="date desc", limit=15)
        for response in followed:
            response._create_followup()
        # the older follow-ups already have an outcome, some of them late
        outcomes = ["contacted", "resolved", "resolved", "lost", "contacted", "resolved",
                    "contacted", "resolved", "lost"]
        for response, outcome in zip(followed[len(followed) - len(outcomes):], outcomes):
            days = rng.choice((0.2, 0.5, 1.0, 1.5, 2.5, 4.0))
            activity = response.followup_ref
            response.with_context(tracking_disable=True).write({
                "followup_state": outcome, "followup_days": days,
                "followup_date": fields.Datetime.to_string(
                    fields.Datetime.from_string(response.date) +
                    datetime.timedelta(days=days))})
            if activity and activity._name == "mail.activity" and activity.exists():
                activity.unlink()
        env["res.partner"].invalidate_cache()
        return len(response_rows)

    @api.model
    def _log_interactions(self, partner_ids):
        """One cx.interaction per demo answer, in one statement (like _log_interaction)."""
        cr = self.env.cr
        cr.execute("SELECT column_name FROM information_schema.columns "
                   "WHERE table_name = 'cx_interaction'")
        if not INTERACTION_COLUMNS <= {row[0] for row in cr.fetchall()}:
            _logger.warning("cx.interaction changed: demo answers logged no interaction")
            return
        cr.execute("""
            WITH created AS (
                INSERT INTO cx_interaction (name, partner_id, touchpoint_id, channel,
                    info_kind, stage_id, date, has_score, score, res_model, res_id,
                    user_id, company_id, note, create_uid, create_date)
                SELECT replace(%(label)s, '%%d', r.score::text), r.partner_id,
                       r.touchpoint_id, t.channel, t.info_kind, t.stage_id, r.date, true,
                       r.score, 'cx.nps.response', r.id, %(uid)s, r.company_id, r.comment,
                       %(uid)s, now() at time zone 'UTC'
                  FROM cx_nps_response r JOIN cx_touchpoint t ON t.id = r.touchpoint_id
                 WHERE r.partner_id = ANY(%(partners)s) AND r.interaction_id IS NULL
                RETURNING id, res_id)
            UPDATE cx_nps_response r SET interaction_id = created.id
              FROM created WHERE r.id = created.res_id
        """, {"label": _("NPS answer: %d"), "uid": self.env.uid, "partners": partner_ids})
