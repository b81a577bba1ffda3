import datetime
import logging

from odoo import _, api, fields, models
from odoo.tools import html_escape

from ..domain import codes, digest

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
    mail_id = fields.Many2one("mail.mail", string="Queued mail", ondelete="set null")
    recipients = fields.Char()
    body_html = fields.Html(string="Digest", sanitize=False)

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
    def _recipient_emails(self):
        self.ensure_one()
        company = self.company_id
        group = company["cx_digest_%s_group_id" % self.kind]
        emails = digest.split_emails(company["cx_digest_%s_emails" % self.kind])
        users = group.users.filtered(
            lambda u: u.active and u.email and company in u.company_ids)
        return digest.split_emails(",".join(users.mapped("email") + emails))

    @api.multi
    def _queue_mail(self):
        """Build the digest and put it in Odoo's mail queue (never sent synchronously)."""
        for record in self:
            lang = record.company_id.partner_id.lang or self.env.lang
            record = record.with_context(lang=lang)
            body = record._render_body()
            emails = record._recipient_emails()
            values = {"body_html": body, "recipients": ", ".join(emails)}
            if emails:
                mail = self.env["mail.mail"].sudo().create({
                    "subject": record._subject(),
                    "body_html": body,
                    "email_to": ", ".join(emails),
                    "email_from": record.company_id.email or self.env.user.email
                    or "cx@localhost",
                    "auto_delete": False,
                })
                values["mail_id"] = mail.id
            else:
                _logger.info("cx digest %s for %s: no recipients", record.kind,
                             record.period_start)
            record.write(values)

    @api.multi
    def _subject(self):
        self.ensure_one()
        kind = dict(self.fields_get(["kind"])["kind"]["selection"])[self.kind]
        return _("%(kind)s customer experience digest: %(start)s to %(end)s") % {
            "kind": kind, "start": self.period_start,
            "end": fields.Date.to_string(fields.Date.from_string(self.period_end)
                                         - datetime.timedelta(days=1))}

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
    def _kpi_rows(self):
        """(label, this period, previous period, change) of each figure, as printed."""
        self.ensure_one()
        now = self._kpis(self.period_start, self.period_end)
        before = self._kpis(*digest.previous_period(
            self.kind, fields.Date.from_string(self.period_start)))

        def average(value):
            return "%.1f" % value if value is not None else _("no score")

        rows = []
        for key, label in (("interactions", _("Interactions")),
                           ("scored", _("Interactions with a satisfaction score")),
                           ("score_avg", _("Average score (0-10)")),
                           ("tier_up", _("Customers up a tier")),
                           ("tier_down", _("Customers down a tier")),
                           ("moves", _("Lifecycle moves")),
                           ("churned", _("Customers churned"))):
            points = key == "score_avg"
            shown = average if points else str
            change = digest.change_label(now[key], before[key], points=points)
            rows.append((label, shown(now[key]), shown(before[key]), change or "-"))
        return rows

    @api.multi
    def _render_body(self):
        self.ensure_one()
        cell = "<td style='text-align:right'>%s</td>"
        html = ["<h2>%s</h2>" % html_escape(self._subject()),
                "<p>%s</p>" % html_escape(self.company_id.name),
                "<table border='1' cellpadding='4' style='border-collapse:collapse'>",
                "<tr><th></th><th>%s</th><th>%s</th><th>%s</th></tr>" % tuple(
                    html_escape(title) for title in (
                        _("This period"), _("Previous period"), _("Change")))]
        html += ["<tr><td>%s</td>%s</tr>" % (html_escape(label), "".join(
            cell % html_escape(value) for value in values))
            for label, *values in self._kpi_rows()]
        html.append("</table>")
        figures = self.env["cx.dashboard.figure"].sudo().search(
            ["|", ("company_id", "=", self.company_id.id), ("company_id", "=", False),
             ("dimension", "in", [codes.DIM_TIER, codes.DIM_STAGE, codes.DIM_QUADRANT])])
        dimensions = dict(self.env["cx.dashboard.figure"].fields_get(
            ["dimension"])["dimension"]["selection"])
        current = None
        totals = {}
        for fig in figures:
            key = (fig.dimension, fig.name)
            totals[key] = totals.get(key, 0) + fig.partner_count
        for (dimension, name), count in totals.items():
            if dimension != current:
                if current is not None:
                    html.append("</table>")
                current = dimension
                html.append("<h3>%s</h3><table border='1' cellpadding='4' "
                            "style='border-collapse:collapse'>" % html_escape(
                                dimensions[dimension]))
            html.append("<tr><td>%s</td><td style='text-align:right'>%s</td></tr>" % (
                html_escape(name), count))
        if current is not None:
            html.append("</table>")
        return "\n".join(html)
