# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import datetime
import json
import logging

from odoo import api, fields, models
from odoo.tools import html_escape

from .. import lang as cx_lang
from ..domain import codes, digest
from ..messages import COLUMN_TITLES, DIGEST_SUBJECT, KPI_KEYS, KPI_LABELS, NO_SCORE

_logger = logging.getLogger(__name__)

KIND_SELECTION = [
    (codes.DIGEST_DAILY, "Daily"),
    (codes.DIGEST_WEEKLY, "Weekly"),
    (codes.DIGEST_MONTHLY, "Monthly"),
]


class CxDigest(models.Model):
    """A KPI digest sent for one period: the unique key makes each period go once."""

    _name = "cx.digest"
    _description = "CX KPI digest"
    _order = "period_start desc, id desc"

    kind = fields.Selection(KIND_SELECTION, required=True, index=True)
    period_start = fields.Date(required=True, index=True)
    period_end = fields.Date(required=True, help="First day after the period.")
    company_id = fields.Many2one("res.company", required=True, index=True)
    mail_id = fields.Many2one(
        "mail.mail", string="Queued mail", ondelete="set null",
        help="The mail queued in the company's language (one is queued per language of the "
             "recipients).")
    mail_ids = fields.Many2many("mail.mail", string="Queued mails", readonly=True)
    recipients = fields.Char()
    figures = fields.Text(
        readonly=True,
        help="The figures of the period as sent (JSON): the digest is rendered from them "
             "in each reader's language.")
    body_html = fields.Html(string="Digest as sent", sanitize=False,
                            help="The digest in the company's language, as it was sent.")
    body_display = fields.Html(string="Digest", sanitize=False, compute="_compute_display")
    name = fields.Char(compute="_compute_display")

    _sql_constraints = [
        ("period_unique", "unique(kind, period_start, company_id)",
         "This digest was already sent for this period."),
    ]

    @api.model
    def _cron_send_digests(self, today=None):
        """Queue every digest whose last complete period has not gone out yet.

        Runs daily. The row of a period is inserted with ON CONFLICT DO NOTHING before
        the mail is built: a second or concurrent run finds it and sends nothing.
        """
        today = fields.Date.from_string(today or fields.Date.context_today(self))
        sent = self.browse()
        for company in self.env["res.company"].sudo().search([]):
            for kind in codes.DIGEST_KINDS:
                start, end = digest.last_period(kind, today)
                self.env.cr.execute("""
                    INSERT INTO cx_digest (kind, period_start, period_end, company_id,
                                           create_uid, create_date, write_uid, write_date)
                    VALUES (%s, %s, %s, %s, %s, now() at time zone 'UTC', %s,
                            now() at time zone 'UTC')
                    ON CONFLICT (kind, period_start, company_id) DO NOTHING
                    RETURNING id
                """, (kind, start, end, company.id, self.env.uid, self.env.uid))
                row = self.env.cr.fetchone()
                if row:
                    record = self.browse(row[0])
                    record._queue_mail()
                    sent |= record
        return sent

    @api.multi
    def _recipients_by_lang(self):
        """``{lang: [email, ...]}``: the users of the rhythm's group in their own
        language, the addresses typed in the settings in the company's."""
        self.ensure_one()
        company = self.company_id
        group = company["cx_digest_%s_group_id" % self.kind]
        users = group.users.filtered(
            lambda u: u.active and u.email and company in u.company_ids)
        by_lang, seen = {}, set()
        for user in users:
            lang = cx_lang.partner_lang(self.env, user.partner_id, company)
            for email in digest.split_emails(user.email):
                if email.lower() not in seen:
                    seen.add(email.lower())
                    by_lang.setdefault(lang, []).append(email)
        default = cx_lang.company_lang(self.env, company)
        for email in digest.split_emails(company["cx_digest_%s_emails" % self.kind]):
            if email.lower() not in seen:
                seen.add(email.lower())
                by_lang.setdefault(default, []).append(email)
        return by_lang

    @api.multi
    def _recipient_emails(self):
        self.ensure_one()
        return [email for emails in self._recipients_by_lang().values() for email in emails]

    @api.multi
    def _queue_mail(self):
        """Take the figures of the period, then queue one mail per language of the
        recipients, each in that language (Odoo's mail queue, never sent synchronously).
        """
        for record in self:
            record.write({"figures": json.dumps(record._collect_figures(), sort_keys=True)})
            company_lang = cx_lang.company_lang(self.env, record.company_id)
            by_lang = record._recipients_by_lang()
            values = {"body_html": record._render_body(company_lang),
                      "recipients": ", ".join(
                          email for lang in sorted(by_lang) for email in by_lang[lang])}
            mails = self.env["mail.mail"].sudo()
            shown = mails
            for lang in sorted(by_lang):
                mail = mails.create({
                    "subject": record._subject(lang),
                    "body_html": record._render_body(lang),
                    "email_to": ", ".join(by_lang[lang]),
                    "email_from": record.company_id.email or self.env.user.email
                    or "cx@localhost",
                    "auto_delete": False,
                })
                mails |= mail
                if lang == company_lang:
                    shown = mail
            if mails:
                # The one the screen links to: the company's language when it got one.
                values.update(mail_id=(shown or mails[0]).id, mail_ids=[(6, 0, mails.ids)])
            else:
                _logger.info("cx digest %s for %s: no recipients", record.kind,
                             record.period_start)
            record.write(values)

    @api.multi
    def _compute_display(self):
        lang = self.env.lang or cx_lang.FALLBACK_LANG
        for record in self:
            record.name = record._subject(lang) if record.kind and record.period_start else ""
            # A digest sent before the figures were kept shows as it was sent.
            record.body_display = (record.body_html if record.body_html and not record.figures
                                   else record._render_body(lang))

    @api.multi
    def name_get(self):
        return [(record.id, record.name or record.kind) for record in self]

    @api.multi
    def _subject(self, lang=None):
        self.ensure_one()
        env = cx_lang.env_in(self.env, lang or self.env.lang or cx_lang.FALLBACK_LANG)
        kinds = dict(self._fields["kind"]._description_selection(env))
        last_day = fields.Date.from_string(self.period_end) - datetime.timedelta(days=1)
        return cx_lang.translate(env, DIGEST_SUBJECT) % {
            "kind": kinds.get(self.kind, self.kind),
            "start": cx_lang.date(env, self.period_start),
            "end": cx_lang.date(env, fields.Date.to_string(last_day))}

    @api.multi
    def _kpis(self, start, end):
        """The figures of the period [start, end) for this digest's company, set-based."""
        self.ensure_one()
        cr = self.env.cr
        company = self.company_id.id
        cr.execute("""
            SELECT COUNT(*) FILTER (WHERE has_score), AVG(score) FILTER (WHERE has_score),
                   COUNT(*)
              FROM cx_interaction
             WHERE date >= %s AND date < %s AND company_id = %s
        """, (start, end, company))
        scored, score_avg, interactions = cr.fetchone()
        cr.execute("""
            SELECT COUNT(*) FILTER (WHERE c.direction = 'up'),
                   COUNT(*) FILTER (WHERE c.direction = 'down')
              FROM cx_tier_change c
             WHERE c.date >= %s AND c.date < %s
               AND (c.company_id = %s OR c.company_id IS NULL)
        """, (start, end, company))
        tier_up, tier_down = cr.fetchone()
        cr.execute("""
            SELECT COUNT(*) FILTER (WHERE s.code = %s), COUNT(*)
              FROM cx_lifecycle_history h JOIN cx_lifecycle_stage s ON s.id = h.stage_id
             WHERE h.date_in >= %s AND h.date_in < %s
               AND (h.company_id = %s OR h.company_id IS NULL)
        """, (codes.STAGE_CHURNED, start, end, company))
        churned, moves = cr.fetchone()
        return {
            "interactions": interactions, "scored": scored,
            "score_avg": float(score_avg) if score_avg is not None else None,
            "tier_up": tier_up, "tier_down": tier_down, "moves": moves, "churned": churned,
        }

    @api.multi
    def _collect_figures(self):
        """The figures the digest reports, as plain values (stored as JSON): the
        period's and the previous period's KPIs, and the customers per tier, stage and
        quadrant now (by id or code: their names are the reader's)."""
        self.ensure_one()
        now = self._kpis(self.period_start, self.period_end)
        before = self._kpis(*digest.previous_period(
            self.kind, fields.Date.from_string(self.period_start)))
        mix = self.env["cx.dashboard.figure"].sudo()._cx_mix(
            ["|", ("company_id", "=", self.company_id.id), ("company_id", "=", False)])
        return {"kpis": {key: [now[key], before[key]] for key in KPI_KEYS}, "mix": mix}

    @api.multi
    def _kpi_rows(self, lang=None):
        """(label, this period, previous period, change) of each figure, as printed in
        ``lang`` (default: the environment's)."""
        self.ensure_one()
        env = cx_lang.env_in(self.env, lang or self.env.lang or cx_lang.FALLBACK_LANG)
        kpis = (json.loads(self.figures) if self.figures else self._collect_figures())["kpis"]

        def fmt(value, digits):
            return cx_lang.number(env, value, digits=digits)

        def shown(value, points):
            if value is None:
                return cx_lang.translate(env, NO_SCORE)
            return fmt(value, 1 if points else 0)

        rows = []
        for key in KPI_KEYS:
            points = key == "score_avg"
            now, before = kpis[key]
            change = digest.change_label(now, before, points=points, fmt=fmt)
            rows.append((cx_lang.translate(env, KPI_LABELS[key]), shown(now, points),
                         shown(before, points), change or "-"))
        return rows

    @api.multi
    def _render_body(self, lang=None):
        self.ensure_one()
        lang = lang or self.env.lang or cx_lang.FALLBACK_LANG
        env = cx_lang.env_in(self.env, lang)
        record = self.with_env(env)
        cell = "<td style='text-align:right'>%s</td>"
        html = ["<h2>%s</h2>" % html_escape(record._subject(lang)),
                "<p>%s</p>" % html_escape(record.company_id.name),
                "<table border='1' cellpadding='4' style='border-collapse:collapse'>",
                "<tr><th></th><th>%s</th><th>%s</th><th>%s</th></tr>" % tuple(
                    html_escape(cx_lang.translate(env, title)) for title in COLUMN_TITLES)]
        html += ["<tr><td>%s</td>%s</tr>" % (html_escape(label), "".join(
            cell % html_escape(value) for value in values))
            for label, *values in record._kpi_rows(lang)]
        html.append("</table>")
        Figure = env["cx.dashboard.figure"]
        dimensions = Figure._cx_mix_titles()
        label = Figure._cx_labels()
        mix = (json.loads(record.figures) if record.figures
               else record._collect_figures())["mix"]
        current = None
        for dimension, key, count in mix:
            if dimension != current:
                if current is not None:
                    html.append("</table>")
                current = dimension
                html.append("<h3>%s</h3><table border='1' cellpadding='4' "
                            "style='border-collapse:collapse'>" % html_escape(
                                dimensions[dimension]))
            html.append("<tr><td>%s</td><td style='text-align:right'>%s</td></tr>" % (
                html_escape(label(dimension, key)), cx_lang.number(env, count, digits=0)))
        if current is not None:
            html.append("</table>")
        return "\n".join(html)
