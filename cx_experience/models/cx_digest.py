# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import datetime
import json
import logging

from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.modules.module import get_module_resource
from odoo.tools.misc import formatLang

from .. import chart
from ..actions import open_action
from .. import lang as cx_lang
from .. import messages as msg
from ..domain import codes, digest

_logger = logging.getLogger(__name__)

KIND_SELECTION = [
    (codes.DIGEST_DAILY, "Daily"),
    (codes.DIGEST_WEEKLY, "Weekly"),
    (codes.DIGEST_MONTHLY, "Monthly"),
]
# The body is a QWeb view (see data/cx_digest_templates.xml for why not a mail.template).
TEMPLATE = "cx_experience.digest_mail"
# The figure the chart draws over the last periods, when the suite has it.
CHART_CODE = "nps"
#: what a weighted figure adds: the R-indicator and the spread of the response rates
SPREAD_KEYS = ("representativeness", "response_rate_cv")
# The drill-down of a figure: this route (any logged-in user; the login page keeps it
# as its redirect) opens the client action that asks action_open_figure for it.
LINK_ROUTE = "/cx_experience/digest/%d/%s"
FONT = ("web", "static/src/fonts/lato", "Lato-Reg-webfont.ttf")
# Colours of the mail (inline styles: mail clients drop style sheets).
TONE_COLOURS = {digest.GOOD: "#1e7e34", digest.BAD: "#c0392b", digest.NEUTRAL: "#6c757d"}
STATUS_COLOURS = {"good": "#1e7e34", "warn": "#d68910", "bad": "#c0392b"}
ARROWS = {digest.UP: "\u25b2", digest.DOWN: "\u25bc", digest.FLAT: "="}


class CxDigest(models.Model):
    """A KPI digest sent for one period: a partial unique index makes each period go
    once (tests sent from the settings do not count)."""

    _name = "cx.digest"
    _description = "CX KPI digest"
    _order = "period_start desc, id desc"

    kind = fields.Selection(KIND_SELECTION, required=True, index=True)
    period_start = fields.Date(required=True, index=True)
    period_end = fields.Date(required=True, help="First day after the period.")
    company_id = fields.Many2one("res.company", required=True, index=True)
    test_user_id = fields.Many2one(
        "res.users", string="Test sent to", readonly=True, index=True, ondelete="cascade",
        help="A test someone sent to themselves from the settings: it is not the "
             "period's digest, which still goes out on its day.")
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

    @api.model_cr
    def init(self):
        # One digest per rhythm, period and company; a partial index (a plain unique
        # constraint cannot leave the tests out). It replaces the constraint of the
        # first version.
        self.env.cr.execute(
            "ALTER TABLE cx_digest DROP CONSTRAINT IF EXISTS cx_digest_period_unique")
        self.env.cr.execute("""
            CREATE UNIQUE INDEX IF NOT EXISTS cx_digest_period_unique_idx
                ON cx_digest (kind, period_start, company_id) WHERE test_user_id IS NULL
        """)

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
                    ON CONFLICT (kind, period_start, company_id)
                       WHERE test_user_id IS NULL DO NOTHING
                    RETURNING id
                """, (kind, start, end, company.id, self.env.uid, self.env.uid))
                row = self.env.cr.fetchone()
                if row:
                    record = self.browse(row[0])
                    record._queue_mail()
                    sent |= record
        return sent

    @api.model
    def _cx_check_test_sender(self):
        """Refuse (AccessError) anyone but a CX manager."""
        if not (self.env.uid == SUPERUSER_ID
                or self.env.user.has_group("cx_experience.group_cx_manager")):
            raise AccessError(_("Only a Customer Experience manager can send a test "
                                "digest."))

    @api.model
    def _cx_send_test(self, kind):
        """Queue the digest of the last complete ``kind`` period to the current user
        alone, in the user's language, with the figures the user may see. A CX manager
        only; the period's real digest is left as it is."""
        self._cx_check_test_sender()
        user = self.env.user
        if kind not in codes.DIGEST_KINDS:
            raise UserError(_("Choose the rhythm of the digest to test: daily, weekly or "
                              "monthly."))
        if not digest.split_emails(user.email):
            raise UserError(_("Your user has no email address: set one in your "
                              "preferences to receive the test digest."))
        today = fields.Date.from_string(fields.Date.context_today(self))
        start, end = digest.last_period(kind, today)
        record = self.sudo().create({
            "kind": kind, "period_start": start, "period_end": end,
            "company_id": user.company_id.id, "test_user_id": user.id})
        # The figures with the manager's own rights, the mail queued by the system.
        record.sudo(user)._store_figures()
        record._queue_mail(keep_figures=True)
        return self.browse(record.id)

    @api.multi
    def _recipients_by_lang(self):
        """``{lang: [email, ...]}``: the users of the rhythm's group in their own
        language, the addresses typed in the settings in the company's (a test: its
        user alone)."""
        self.ensure_one()
        company = self.company_id
        if self.test_user_id:
            user = self.test_user_id
            return {cx_lang.partner_lang(self.env, user.partner_id, company):
                    digest.split_emails(user.email)[:1]}
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
    def _store_figures(self):
        for record in self:
            figures = json.dumps(record._collect_figures(), sort_keys=True)
            record.sudo().write({"figures": figures})

    @api.multi
    def _queue_mail(self, keep_figures=False):
        """Take the figures of the period, then queue one mail per language of the
        recipients, each in that language (Odoo's mail queue, never sent synchronously),
        its chart attached inline (see ir_mail_server.py).
        """
        for record in self.sudo():
            if not keep_figures or not record.figures:
                record._store_figures()
            company_lang = cx_lang.company_lang(self.env, record.company_id)
            by_lang = record._recipients_by_lang()
            values = {"body_html": record._render_body(company_lang),
                      "recipients": ", ".join(
                          email for lang in sorted(by_lang) for email in by_lang[lang])}
            mails = self.env["mail.mail"].sudo()
            shown = mails
            for lang in sorted(by_lang):
                chart_png = record._chart_png(lang)
                attachments = self.env["ir.attachment"].sudo()
                src = None
                if chart_png:
                    filename = "cx-digest-%d-%s.png" % (record.id, lang)
                    attachments = attachments.create({
                        "name": filename, "datas_fname": filename, "mimetype": "image/png",
                        "datas": base64.b64encode(chart_png), "res_model": self._name,
                        "res_id": record.id})
                    src = "cid:%s" % filename
                mail = mails.create({
                    "subject": record._subject(lang),
                    "body_html": record._render_body(lang, chart_src=src, for_mail=True),
                    "email_to": ", ".join(by_lang[lang]),
                    "email_from": record.company_id.email or self.env.user.email
                    or "cx@localhost",
                    "attachment_ids": [(6, 0, attachments.ids)],
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
                                   else record._render_body(lang, chart_src="inline"))

    @api.multi
    def name_get(self):
        return [(record.id, record.name or record.kind) for record in self]

    @api.multi
    def _subject(self, lang=None):
        self.ensure_one()
        env = cx_lang.env_in(self.env, lang or self.env.lang or cx_lang.FALLBACK_LANG)
        kinds = dict(self._fields["kind"]._description_selection(env))
        last_day = fields.Date.from_string(self.period_end) - datetime.timedelta(days=1)
        return cx_lang.translate(env, msg.DIGEST_SUBJECT) % {
            "kind": kinds.get(self.kind, self.kind),
            "start": cx_lang.date(env, self.period_start),
            "end": cx_lang.date(env, fields.Date.to_string(last_day))}

    # -- the figures ----------------------------------------------------------------

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

    @api.model
    def _headline_figures(self, start, end, company):
        """The headline figures (cx.headline) of the period [start, end), computed with
        the rights of the environment's user (the cron's: the system's, kept to the
        digest's company through ``force_company``)."""
        headline = self.env["cx.headline"].with_context(force_company=company.id)
        start, end = (fields.Date.from_string(day) if isinstance(day, str) else day
                      for day in (start, end))
        return headline._cx_headline_figures(start, end - datetime.timedelta(days=1))

    @api.multi
    def _collect_figures(self):
        """The figures the digest reports, as plain values (stored as JSON): the headline
        figures of the period (their labels in every installed language), the chart's
        figure over the last periods, the period's and the previous period's activity,
        and the customers per tier, stage and quadrant now (by id or code: their names
        are the reader's)."""
        self.ensure_one()
        now = self._kpis(self.period_start, self.period_end)
        start = fields.Date.from_string(self.period_start)
        before = self._kpis(*digest.previous_period(self.kind, start))
        mix = self.env["cx.dashboard.figure"].sudo()._cx_mix(
            ["|", ("company_id", "=", self.company_id.id), ("company_id", "=", False)])
        result = {"kpis": {key: [now[key], before[key]] for key in msg.KPI_KEYS}, "mix": mix}
        result.update(self._collect_headline())
        return result

    @api.multi
    def _collect_headline(self):
        self.ensure_one()
        langs = sorted(cx_lang.installed_langs(self.env))
        headline, labels = [], {}
        for lang in langs:
            rows = self.with_context(lang=lang)._headline_figures(
                self.period_start, self.period_end, self.company_id)
            if not headline:
                headline = [{key: row.get(key) for key in (
                    "code", "sequence", "value", "unit", "currency_id", "margin", "previous",
                    "significant", "target", "higher_is_better", "status")} for row in rows]
                for kept, row in zip(headline, rows):
                    kept["has_action"] = bool(row.get("action"))
                    kept.update((key, row[key]) for key in SPREAD_KEYS if key in row)
            labels[lang] = {row["code"]: row.get("label") or row["code"] for row in rows}
        for row in headline:
            row["labels"] = {lang: labels[lang].get(row["code"], row["code"])
                             for lang in langs}
        points = []
        if any(row["code"] == CHART_CODE for row in headline):
            for start, end in digest.chart_periods(
                    self.kind, fields.Date.from_string(self.period_start)):
                rows = (headline if fields.Date.to_string(start) == self.period_start
                        else self._headline_figures(start, end, self.company_id))
                found = [row for row in rows if row["code"] == CHART_CODE][:1]
                points.append({"start": fields.Date.to_string(start),
                               "value": found[0].get("value") if found else None,
                               "margin": found[0].get("margin") if found else None})
        return {"headline": headline, "chart": {"code": CHART_CODE, "points": points}}

    @api.multi
    def _stored(self):
        self.ensure_one()
        return json.loads(self.figures) if self.figures else self._collect_figures()

    # -- in the reader's language -----------------------------------------------------

    @api.multi
    def _kpi_rows(self, lang=None):
        """(label, this period, previous period, change) of each figure, as printed in
        ``lang`` (default: the environment's)."""
        self.ensure_one()
        env = cx_lang.env_in(self.env, lang or self.env.lang or cx_lang.FALLBACK_LANG)
        kpis = self._stored()["kpis"]

        def fmt(value, digits):
            return cx_lang.number(env, value, digits=digits)

        def shown(value, points):
            if value is None:
                return cx_lang.translate(env, msg.NO_SCORE)
            return fmt(value, 1 if points else 0)

        rows = []
        for key in msg.KPI_KEYS:
            points = key == "score_avg"
            now, before = kpis[key]
            change = digest.change_label(now, before, points=points, fmt=fmt)
            rows.append((cx_lang.translate(env, msg.KPI_LABELS[key]), shown(now, points),
                         shown(before, points), change or "-"))
        return rows

    @api.model
    def _format_value(self, env, value, unit, currency_id=False, sign=False, margin=None):
        """A headline value as the reader reads it: its language's number format, its
        margin (+/-), its unit or currency; "no data" (in that language) for None, never
        0. ``sign``: a change (+/-; a change of a percentage is in points)."""
        if value is None:
            return cx_lang.translate(env, msg.NO_DATA)
        digits = digest.DIGITS.get(unit, 1)
        if unit == digest.UNIT_CURRENCY:
            currency = (env["res.currency"].browse(currency_id).exists() if currency_id
                        else env.user.company_id.currency_id)
            text = formatLang(env, abs(value) if sign else value, digits=digits,
                              currency_obj=currency or False)
            return ("+" if value > 0 else "-") + text if sign and value else text
        text = cx_lang.number(env, value, digits=digits, sign=sign)
        if margin is not None:
            text = "%s \u00b1 %s" % (text, cx_lang.number(env, margin, digits=digits))
        if unit == digest.UNIT_PERCENT:
            if sign:
                return "%s %s" % (text, cx_lang.translate(env, msg.UNIT_PERCENT_POINTS))
            return "%s %%" % text
        if unit == digest.UNIT_POINTS:
            return "%s %s" % (text, cx_lang.translate(env, msg.UNIT_POINTS))
        return text

    @api.multi
    def _headline_rows(self, lang, base_url=""):
        """The headline figures as the template prints them, in ``lang``."""
        self.ensure_one()
        env = cx_lang.env_in(self.env, lang)
        rows = []
        for fig in self._stored().get("headline") or []:
            unit, currency = fig.get("unit"), fig.get("currency_id")
            value, previous, margin = fig.get("value"), fig.get("previous"), fig.get("margin")
            direction, tone, delta = digest.movement(
                value, previous, unit, fig.get("higher_is_better", True),
                fig.get("significant"))
            shown = self._format_value(env, value, unit, currency, margin=margin)
            note = ""
            if direction in (digest.UP, digest.DOWN) and fig.get("significant") is not None:
                note = cx_lang.translate(
                    env, msg.SIGNIFICANT if fig["significant"] else msg.NOT_SIGNIFICANT)
            target = fig.get("target")
            code = fig.get("code") or ""
            detail = self._spread_text(env, fig) if SPREAD_KEYS[0] in fig else ""
            rows.append({
                "code": code,
                "label": (fig.get("labels") or {}).get(lang) or code,
                "url": ("%s%s" % (base_url, LINK_ROUTE % (self.id, code))
                        if fig.get("has_action") and digest.FIGURE_CODE.match(code) else ""),
                "value": shown,
                "previous": self._format_value(env, previous, unit, currency),
                "change": (self._format_value(env, delta, unit, currency, sign=True)
                           if delta else "") if direction else "",
                "arrow": ARROWS.get(direction, ""),
                "arrow_title": cx_lang.translate(env, msg.DIRECTION_TITLES[direction])
                if direction else "",
                "colour": TONE_COLOURS[tone],
                "note": note,
                "detail": detail,
                "target": (cx_lang.translate(env, msg.TARGET) % {
                    "target": self._format_value(env, target, unit, currency)}
                    if target is not None else ""),
                "status_colour": STATUS_COLOURS.get(fig.get("status"), "#dee2e6"),
            })
        return rows

    @api.model
    def _spread_text(self, env, fig):
        """How representative a weighted figure's answers are, in ``env``'s language:
        the R-indicator and the spread of the strata's response rates, "no data"
        without invitations."""
        r, cv = fig.get(SPREAD_KEYS[0]), fig.get(SPREAD_KEYS[1])
        if r is None:
            return cx_lang.translate(env, msg.REPRESENTATIVENESS_NONE)
        values = {"r": cx_lang.number(env, r, digits=0)}
        if cv is None:
            return cx_lang.translate(env, msg.REPRESENTATIVENESS_R) % values
        values["cv"] = cx_lang.number(env, cv, digits=0)
        return cx_lang.translate(env, msg.REPRESENTATIVENESS) % values

    @api.multi
    def _chart_points(self, lang):
        """(points, x labels, value labels) of the chart in ``lang``; None without one."""
        self.ensure_one()
        points = (self._stored().get("chart") or {}).get("points") or []
        if not any(point.get("value") is not None for point in points):
            return None
        env = cx_lang.env_in(self.env, lang)
        return ([(p.get("value"), p.get("margin")) for p in points],
                [cx_lang.date(env, p["start"]) for p in points],
                ["" if p.get("value") is None else cx_lang.number(env, p["value"], digits=1)
                 for p in points])

    @api.multi
    def _chart_png(self, lang):
        data = self._chart_points(lang)
        if not data:
            return None
        return chart.trend_png(*data, font_path=get_module_resource(*FONT))

    @api.multi
    def _render_body(self, lang=None, chart_src=None, for_mail=False):
        """The digest in ``lang``, rendered by the QWeb view ``TEMPLATE``. ``chart_src``:
        the chart's image source (a mail's ``cid:``; "inline" draws it into the page
        for the screen), or None for no chart."""
        self.ensure_one()
        lang = lang or self.env.lang or cx_lang.FALLBACK_LANG
        env = cx_lang.env_in(self.env, lang)
        record = self.with_env(env)
        stored = record._stored()
        base_url = (env["ir.config_parameter"].sudo().get_param("web.base.url") or ""
                    ).rstrip("/") if for_mail else ""
        Figure = env["cx.dashboard.figure"]
        dimensions = Figure._cx_mix_titles()
        label = Figure._cx_labels()
        mix, current = [], None
        for dimension, key, count in stored["mix"]:
            if dimension != current:
                current = dimension
                mix.append({"title": dimensions[dimension], "rows": []})
            mix[-1]["rows"].append((label(dimension, key),
                                    cx_lang.number(env, count, digits=0)))
        chart_data = record._chart_points(lang) if chart_src else None
        if chart_data and chart_src == "inline":
            chart_src = "data:image/png;base64,%s" % base64.b64encode(chart.trend_png(
                *chart_data, font_path=get_module_resource(*FONT))).decode("ascii")
        values = {
            "subject": record._subject(lang),
            "company": record.company_id.name,
            "test": bool(record.test_user_id),
            "headline": record._headline_rows(lang, base_url),
            "kpi_rows": record._kpi_rows(lang),
            "columns": [cx_lang.translate(env, title) for title in msg.COLUMN_TITLES],
            "mix": mix,
            "chart_src": chart_src if chart_data else None,
            "chart_title": cx_lang.translate(env, msg.CHART_TITLE) % {
                "count": cx_lang.number(env, len(chart_data[0]), digits=0)}
            if chart_data else "",
            "chart_alt": cx_lang.translate(env, msg.CHART_ALT) % {"values": ", ".join(
                "%s: %s" % (day, text or cx_lang.translate(env, msg.NO_DATA))
                for day, text in zip(chart_data[1], chart_data[2]))} if chart_data else "",
            "digest_url": "%s/web#id=%d&model=cx.digest&view_type=form" % (
                base_url, record.id) if for_mail else "",
        }
        body = env["ir.qweb"].render(TEMPLATE, values)
        return body.decode("utf-8") if isinstance(body, bytes) else str(body)

    # -- the drill-down ---------------------------------------------------------------

    @api.multi
    def _cx_form_action(self):
        """This digest's form (a test just sent), through the one way buttons open."""
        action = open_action(self, [("id", "=", self.id)], xmlid="cx_experience.action_cx_digest",
                             res_id=self.id)
        action["views"] = [(False, "form")]
        return action

    @api.multi
    def action_open_figure(self, code):
        """The drill-down of one headline figure of this digest, for its period, with the
        caller's rights (the link of the mail opens it): the caller must read the digest
        (CX managers of its company); the figures' actions check the rest."""
        # rights first: a caller who may not read digests gets an access error, whatever
        # the ids it sends
        self.check_access_rights("read")
        self.check_access_rule("read")
        self.ensure_one()
        if not isinstance(code, str) or not digest.FIGURE_CODE.match(code):
            raise UserError(_("This figure is not in the digest."))
        # In the clicking user's language: the web client searches the action's period
        # facet in that language's date format (call_button sends no context).
        reader = self.with_context(lang=cx_lang.reader_lang(
            self.env, self.env.user.lang, self.env.user.company_id))
        for fig in reader._headline_figures(self.period_start, self.period_end,
                                            self.company_id):
            if fig.get("code") == code and fig.get("action"):
                return fig["action"]
        raise UserError(_("This figure is not in the digest."))
