# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The KPI digest as management reads it (issue 14): headline figures with their margin,
significance, coloured arrows and targets, a chart image sent inline, links into Odoo,
numbers and dates in each recipient's language, "sin datos" where there is no data, and
"send me a test" from the settings.

The figures are written by hand as the digest stores them (the headline interface's plain
values, see cx.headline): the expected texts are worked out by hand from them.
"""
import base64
import datetime
import email
import io
import json

from PIL import Image

from odoo.exceptions import AccessError, UserError

from .. import chart
from ..domain import digest as rules
from .test_lang import EN, ES, LangCase

GREEN, RED, AMBER, GREY = "#1e7e34", "#c0392b", "#d68910", "#6c757d"


def figure(code, value, previous, unit, labels, **extra):
    row = {"code": code, "sequence": 10, "value": value, "previous": previous, "unit": unit,
           "currency_id": False, "margin": None, "significant": None, "target": None,
           "higher_is_better": True, "status": None, "has_action": True, "labels": labels}
    row.update(extra)
    return row


class DigestCase(LangCase):
    @classmethod
    def setUpClass(cls):
        super(DigestCase, cls).setUpClass()
        cls.co = cls.env["res.company"].create({"name": "Digest Figures Co"})
        cls.co.partner_id.lang = ES
        cls.eur = cls.env.ref("base.EUR")
        cls.base_url = cls.env["ir.config_parameter"].sudo().get_param("web.base.url")
        cls.headline = [
            figure("nps", 31.4, 28.0, "pts", {ES: "NPS", EN: "NPS"}, margin=6.2,
                   significant=True, target=30.0, status="good"),
            figure("sla_compliance", 85.0, 90.0, "%",
                   {ES: "Cumplimiento del SLA", EN: "SLA compliance"}, target=95.0,
                   status="bad"),
            figure("followup_backlog", 12, 9, "count",
                   {ES: "Seguimientos pendientes", EN: "Follow-up backlog"},
                   higher_is_better=False, status="warn"),
            figure("revenue_at_risk", 1234567.0, None, "currency",
                   {ES: "Ingresos en riesgo", EN: "Revenue at risk"},
                   currency_id=cls.eur.id, has_action=False),
            figure("nps_response_rate", 18.0, 20.0, "%",
                   {ES: "Tasa de respuesta", EN: "Response rate"}, significant=False),
            figure("sla_breached_now", None, None, "count",
                   {ES: "Incumplidos ahora", EN: "Breached now"}),
        ]
        cls.points = [{"start": "2026-%02d-01" % month, "value": value, "margin": margin}
                      for month, value, margin in ((5, 20.0, 9.0), (6, None, None),
                                                   (7, 25.0, 8.0), (8, 26.5, 7.5),
                                                   (9, 28.0, 7.0), (10, 31.4, 6.2))]
        kpis = {key: [0, 0] for key in ("interactions", "scored", "tier_up", "tier_down",
                                        "moves", "churned")}
        kpis["score_avg"] = [None, None]
        cls.figures = {"kpis": kpis, "mix": [], "headline": cls.headline,
                       "chart": {"code": "nps", "points": cls.points}}
        cls.digest = cls.env["cx.digest"].create({
            "kind": "monthly", "period_start": "2026-10-01", "period_end": "2026-11-01",
            "company_id": cls.co.id, "figures": json.dumps(cls.figures)})


class TestHeadlineRows(DigestCase):
    def row(self, lang, code):
        return next(r for r in self.digest._headline_rows(lang, self.base_url)
                    if r["code"] == code)

    def test_spanish_figures_arrows_and_links(self):
        link = "%s/cx_experience/digest/%d/" % (self.base_url, self.digest.id)
        nps = self.row(ES, "nps")
        # 31.4 against 28.0: up 3.4 points, significant, higher is better: green.
        self.assertEqual(
            {k: nps[k] for k in ("label", "value", "previous", "change", "arrow", "colour",
                                 "note", "target", "status_colour", "url")},
            {"label": "NPS", "value": "31,4 \u00b1 6,2 ptos.", "previous": "28,0 ptos.",
             "change": "+3,4 ptos.", "arrow": "\u25b2", "colour": GREEN,
             "note": "cambio significativo", "target": "objetivo 30,0 ptos.",
             "status_colour": GREEN, "url": link + "nps"})
        sla = self.row(ES, "sla_compliance")
        # 85 % against 90 %: down 5 percentage points, bad news in red, below target.
        self.assertEqual((sla["value"], sla["previous"], sla["change"], sla["arrow"],
                          sla["colour"], sla["note"], sla["target"], sla["status_colour"]),
                         ("85,0 %", "90,0 %", "-5,0 p. p.", "\u25bc", RED, "",
                          "objetivo 95,0 %", RED))
        backlog = self.row(ES, "followup_backlog")
        # 12 against 9 follow-ups: up 3, and fewer is better: red; amber against target.
        self.assertEqual((backlog["value"], backlog["previous"], backlog["change"],
                          backlog["arrow"], backlog["colour"], backlog["target"],
                          backlog["status_colour"]),
                         ("12", "9", "+3", "\u25b2", RED, "", AMBER))
        money = self.row(ES, "revenue_at_risk")
        # No previous period: no arrow, "sin datos", never 0; no drill-down, no link.
        self.assertEqual((money["value"], money["previous"], money["change"],
                          money["arrow"], money["colour"], money["url"]),
                         ("1.234.567 €", "sin datos", "", "", GREY, ""))
        rate = self.row(ES, "nps_response_rate")
        # Down 2 points but within the margin: grey, and said so.
        self.assertEqual((rate["change"], rate["arrow"], rate["colour"], rate["note"]),
                         ("-2,0 p. p.", "\u25bc", GREY, "dentro del margen de error"))
        empty = self.row(ES, "sla_breached_now")
        self.assertEqual((empty["value"], empty["previous"], empty["change"]),
                         ("sin datos", "sin datos", ""))

    def test_english_figures(self):
        nps = self.row(EN, "nps")
        self.assertEqual((nps["value"], nps["previous"], nps["change"], nps["note"],
                          nps["target"]),
                         ("31.4 \u00b1 6.2 pts", "28.0 pts", "+3.4 pts", "significant change",
                          "target 30.0 pts"))
        self.assertEqual(self.row(EN, "sla_compliance")["change"], "-5.0 pp")
        self.assertEqual(self.row(EN, "revenue_at_risk")["value"], "1,234,567 €")
        self.assertEqual(self.row(EN, "revenue_at_risk")["previous"], "no data")
        self.assertEqual(self.row(EN, "sla_compliance")["label"], "SLA compliance")

    def test_body_in_each_language(self):
        body = self.digest._render_body(ES, chart_src="cid:chart.png", for_mail=True)
        self.assertIn("Mensual: resumen de experiencia del cliente del 01/10/2026 al "
                      "31/10/2026", body)
        self.assertIn("Cifras clave", body)
        self.assertIn('href="%s/cx_experience/digest/%d/nps"' % (self.base_url,
                                                                 self.digest.id), body)
        self.assertIn('href="%s/web#id=%d&amp;model=cx.digest&amp;view_type=form"' % (
            self.base_url, self.digest.id), body)
        self.assertIn("31,4 \u00b1 6,2 ptos.", body)
        self.assertIn("color: %s;" % RED, body)
        self.assertIn('src="cid:chart.png"', body)
        self.assertIn("NPS de los últimos 6 periodos, con su margen de error", body)
        # the chart's text for mail clients that do not show images
        self.assertIn('alt="NPS por periodo: 01/05/2026: 20,0, 01/06/2026: sin datos, '
                      '01/07/2026: 25,0', body)
        self.assertNotIn("1.234.567 € (0", body)
        self.assertNoEnglish(body, ["Headline figures", "no data", "significant change",
                                    "within the margin of error", "target", "This period",
                                    "See this digest in Odoo", "Activity"])
        english = self.digest._render_body(EN, chart_src="cid:chart.png", for_mail=True)
        self.assertIn("Headline figures", english)
        self.assertIn("10/01/2026 to 10/31/2026", english)
        self.assertIn("-5.0 pp", english)
        # The screen draws the chart into the page, links stay inside Odoo.
        screen = self.digest.with_context(lang=ES).body_display
        self.assertIn('src="data:image/png;base64,', screen)
        self.assertIn('href="/cx_experience/digest/%d/nps"' % self.digest.id, screen)

    def test_a_digest_without_headline_figures_still_renders(self):
        old = self.env["cx.digest"].create({
            "kind": "daily", "period_start": "2026-10-01", "period_end": "2026-10-02",
            "company_id": self.co.id,
            "figures": json.dumps({"kpis": self.figures["kpis"], "mix": []})})
        body = old._render_body(ES, chart_src="cid:x.png")
        self.assertNotIn("Cifras clave", body)
        self.assertNotIn("<img", body)
        self.assertIn("Interacciones", body)


class TestChart(DigestCase):
    def test_the_chart_draws_each_period_on_a_fixed_scale(self):
        png = self.digest._chart_png(ES)
        image = Image.open(io.BytesIO(png)).convert("RGB")
        self.assertEqual(image.size, (560, 210))
        # Hand-worked geometry: plot from x=44 to 546 (6 columns of 83.67 px), y from
        # 22 (+100) to 180 (-100): a value v sits at y = 22 + 158 * (100 - v) / 200.

        def at(index, value):
            return int(44 + 83.67 * (index + 0.5)), int(round(22 + 158 * (100 - value) / 200))

        def bluish(pixel):
            r, g, b = pixel
            return b > 140 and b - r > 60

        for index, value in ((0, 20.0), (2, 25.0), (5, 31.4)):
            x, y = at(index, value)
            self.assertTrue(bluish(image.getpixel((x, y))), (index, image.getpixel((x, y))))
        # June has no data: a gap, no point at 0 nor anywhere in its column's plot.
        x, _y = at(1, 0)
        column = [image.getpixel((x, y)) for y in range(30, 175)]
        self.assertFalse([p for p in column if bluish(p) and p[0] < 100])

    def test_no_chart_without_a_value(self):
        empty = self.digest.copy({"period_start": "2026-09-01", "period_end": "2026-10-01",
                                  "figures": json.dumps(dict(self.figures, chart={
                                      "code": "nps", "points": [{"start": "2026-09-01",
                                                                 "value": None,
                                                                 "margin": None}]}))})
        self.assertIsNone(empty._chart_png(ES))
        with self.assertRaises(ValueError):
            chart.trend_png([(1.0, None)], [], [])

    def test_movement_rule(self):
        self.assertEqual(rules.movement(31.4, 28.0, "pts", True, True), ("up", "good", 3.4))
        self.assertEqual(rules.movement(12, 9, "count", False), ("up", "bad", 3))
        self.assertEqual(rules.movement(18.0, 20.0, "%", True, False),
                         ("down", "neutral", -2.0))
        self.assertEqual(rules.movement(1000.4, 1000.0, "currency")[0], "flat")


class TestMails(DigestCase):
    def test_one_mail_per_language_with_the_chart_inline(self):
        group = self.env["res.groups"].create({
            "name": "Digest figure readers", "users": [(6, 0, (self.ana | self.bob).ids)]})
        (self.ana | self.bob).write({"company_ids": [(4, self.co.id)]})
        self.co.write({"cx_digest_monthly_group_id": group.id})
        self.digest._queue_mail(keep_figures=True)
        mails = {mail.email_to: mail for mail in self.digest.mail_ids}
        self.assertEqual(sorted(mails), ["lang_ana@example.com", "lang_bob@example.com"])
        spanish = mails["lang_ana@example.com"]
        self.assertEqual(spanish.state, "outgoing")
        self.assertEqual(len(spanish.attachment_ids), 1)
        chart_file = spanish.attachment_ids
        self.assertEqual(chart_file.mimetype, "image/png")
        self.assertIn('src="cid:%s"' % chart_file.datas_fname, spanish.body_html)
        self.assertIn("31,4 \u00b1 6,2 ptos.", spanish.body_html)
        self.assertIn("31.4 \u00b1 6.2 pts", mails["lang_bob@example.com"].body_html)
        # What the mail server receives: the chart inline beside the HTML, under its
        # Content-ID (multipart/related), not as a file to download.
        message = self.env["ir.mail_server"].build_email(
            "cx@example.com", ["lang_ana@example.com"], spanish.subject, spanish.body_html,
            subtype="html", attachments=[(chart_file.datas_fname,
                                          base64.b64decode(chart_file.datas), "image/png"),
                                         ("notes.txt", b"plain", "text/plain")])
        parsed = email.message_from_bytes(message.as_bytes())
        kinds = [part.get_content_type() for part in parsed.walk()]
        self.assertEqual(kinds, ["multipart/mixed", "multipart/related",
                                 "multipart/alternative", "text/plain", "text/html",
                                 "image/png", "text/plain"])
        image = [p for p in parsed.walk() if p.get_content_type() == "image/png"][0]
        self.assertEqual(image["Content-ID"], "<%s>" % chart_file.datas_fname)
        self.assertTrue(image["Content-Disposition"].startswith("inline"))
        self.assertEqual(image.get_payload(decode=True), base64.b64decode(chart_file.datas))
        other = [p for p in parsed.walk() if p.get_filename() == "notes.txt"][0]
        self.assertTrue(other["Content-Disposition"].startswith("attachment"))

    def test_a_mail_without_cid_is_built_as_odoo_builds_it(self):
        message = self.env["ir.mail_server"].build_email(
            "cx@example.com", ["x@example.com"], "Hi", "<p>no image</p>", subtype="html",
            attachments=[("a.png", b"png", "image/png")])
        kinds = [part.get_content_type() for part in message.walk()]
        self.assertEqual(kinds, ["multipart/mixed", "multipart/alternative", "text/plain",
                                 "text/html", "image/png"])


class TestSendMeATest(DigestCase):
    @classmethod
    def setUpClass(cls):
        super(TestSendMeATest, cls).setUpClass()
        # The settings screen is Odoo's administrators' (base_setup reads the rules).
        settings = cls.env.ref("base.group_system")
        cls.ana.write({"company_ids": [(4, cls.co.id)], "groups_id": [(4, settings.id)]})
        cls.ana.company_id = cls.co

    def test_queues_exactly_one_mail_to_the_manager(self):
        Mail = self.env["mail.mail"]
        before = Mail.search([]).ids
        settings = self.env["res.config.settings"].sudo(self.ana).create(
            {"cx_digest_test_kind": "monthly"})
        action = settings.action_cx_digest_send_test()
        new = Mail.search([("id", "not in", before)])
        self.assertEqual(len(new), 1)
        self.assertEqual(new.email_to, "lang_ana@example.com")
        self.assertTrue(new.subject.startswith("Mensual: resumen de experiencia del cliente"))
        self.assertIn("Resumen de prueba", new.body_html)
        record = self.env["cx.digest"].browse(action["res_id"])
        self.assertEqual((record.test_user_id, record.kind, record.company_id, record.mail_id),
                         (self.ana, "monthly", self.co, new))
        self.assertEqual(action["res_model"], "cx.digest")
        # The period's real digest still goes out, once.
        today = record.period_end
        sent = self.env["cx.digest"]._cron_send_digests(today=today)
        monthly = sent.filtered(lambda d: d.company_id == self.co and d.kind == "monthly")
        self.assertEqual(len(monthly), 1)
        self.assertFalse(monthly.test_user_id)
        self.assertFalse(self.env["cx.digest"]._cron_send_digests(today=today)
                         .filtered(lambda d: d.company_id == self.co))

    def test_from_the_menu_for_a_manager_without_the_settings(self):
        (self.bob).write({"company_ids": [(4, self.co.id)]})
        self.bob.company_id = self.co
        Mail = self.env["mail.mail"]
        before = Mail.search([]).ids
        wizard = self.env["cx.digest.test"].sudo(self.bob).create({"kind": "daily"})
        action = wizard.action_send()
        new = Mail.search([("id", "not in", before)])
        self.assertEqual((len(new), new.email_to), (1, "lang_bob@example.com"))
        self.assertTrue(new.subject.startswith("Daily customer experience digest"))
        self.assertIn("Test digest: sent to you alone", new.body_html)
        self.assertEqual(self.env["cx.digest"].browse(action["res_id"]).test_user_id,
                         self.bob)

    def test_refused_outside_the_managers_and_without_an_address(self):
        # an administrator of the settings, a CX user but not a CX manager
        clerk = self.env["res.users"].with_context(no_reset_password=True).create({
            "name": "Digest clerk", "login": "digest_clerk", "email": "clerk@example.com",
            "groups_id": [(6, 0, (self.env.ref("cx_experience.group_cx_user")
                                  | self.env.ref("base.group_system")).ids)]})
        Mail = self.env["mail.mail"]
        count = Mail.search_count([])
        with self.assertRaises(AccessError):
            self.env["res.config.settings"].sudo(clerk).create({}).action_cx_digest_send_test()
        with self.assertRaises(AccessError):
            self.env["cx.digest.test"].sudo(clerk).create({}).action_send()
        self.ana.email = False
        with self.assertRaises(UserError):
            self.env["res.config.settings"].sudo(self.ana).create(
                {}).action_cx_digest_send_test()
        with self.assertRaises(UserError):
            self.env["cx.digest"].sudo(self.bob)._cx_send_test("yearly")
        self.assertEqual(Mail.search_count([]), count)


class TestDrillDown(DigestCase):
    def test_links_open_only_for_readers_and_known_codes(self):
        clerk = self.env["res.users"].with_context(no_reset_password=True).create({
            "name": "Digest reader", "login": "digest_reader",
            "groups_id": [(6, 0, self.env.ref("cx_experience.group_cx_user").ids)]})
        with self.assertRaises(AccessError):
            self.digest.sudo(clerk).action_open_figure("nps")
        for code in ("'; DROP TABLE cx_digest; --", "no_such_figure", 7):
            with self.assertRaises(UserError):
                self.digest.action_open_figure(code)


class TestWeightedNpsLine(DigestCase):
    """The NPS weighted to the customer base: its margin, and how representative its
    answers are, in the reader's language; "sin datos" without invitations."""

    def rows(self, weighted):
        figures = dict(self.figures, headline=weighted)
        self.digest.figures = json.dumps(figures)
        return {lang: {r["code"]: r for r in self.digest._headline_rows(lang, self.base_url)}
                for lang in (ES, EN)}

    def test_weighted_line_with_its_representativeness(self):
        labels = {ES: "NPS ponderado a la base de clientes",
                  EN: "NPS weighted to the customer base"}
        rows = self.rows([
            figure("nps_weighted", 27.5, 20.0, "pts", labels, margin=46.645,
                   significant=False, representativeness=81.144, response_rate_cv=25.713),
            figure("nps", 9.1, 5.0, "pts", {ES: "NPS", EN: "NPS"}, margin=50.0)])
        spanish, english = rows[ES]["nps_weighted"], rows[EN]["nps_weighted"]
        self.assertEqual((spanish["label"], spanish["value"], spanish["previous"],
                          spanish["change"], spanish["note"], spanish["detail"]),
                         ("NPS ponderado a la base de clientes", "27,5 ± 46,6 ptos.",
                          "20,0 ptos.", "+7,5 ptos.", "dentro del margen de error",
                          "Representatividad 81 / 100 (las tasas de respuesta varían un "
                          "26 %)"))
        self.assertEqual((english["value"], english["detail"]),
                         ("27.5 ± 46.6 pts",
                          "Representativeness 81 / 100 (response rates vary 26 %)"))
        # the plain NPS has no such line
        self.assertEqual(rows[ES]["nps"]["detail"], "")
        body = self.digest._render_body(ES, chart_src="cid:chart.png", for_mail=True)
        self.assertIn("Representatividad 81 / 100 (las tasas de respuesta varían un 26 %)",
                      body)

    def test_no_data_is_said_so(self):
        rows = self.rows([figure("nps_weighted", None, None, "pts", {ES: "x", EN: "x"},
                                 representativeness=None, response_rate_cv=None)])
        self.assertEqual((rows[ES]["nps_weighted"]["value"],
                          rows[ES]["nps_weighted"]["detail"]),
                         ("sin datos", "Representatividad: sin datos"))
        self.assertEqual(rows[EN]["nps_weighted"]["detail"], "Representativeness: no data")
        # answers from one stratum only: a rate without a spread
        rows = self.rows([figure("nps_weighted", 10.0, None, "pts", {ES: "x", EN: "x"},
                                 representativeness=100.0, response_rate_cv=None)])
        self.assertEqual(rows[ES]["nps_weighted"]["detail"], "Representatividad 100 / 100")


class TestWithTheHeadline(LangCase):
    """The digest keeps what cx.headline computes for its period (each figure, the
    labels in each language, the chart's NPS per month) and its links open the same
    drill-down, for the period of the digest."""

    def test_figures_labels_chart_and_drill_down_of_the_period(self):
        record = self.env["cx.digest"].create({
            "kind": "monthly", "period_start": "2026-10-01", "period_end": "2026-11-01",
            "company_id": self.company.id})
        stored = record._collect_figures()
        Headline = self.env["cx.headline"].with_context(force_company=self.company.id)
        october = (datetime.date(2026, 10, 1), datetime.date(2026, 10, 31))
        figures = Headline.with_context(lang=ES)._cx_headline_figures(*october)
        self.assertTrue(figures)
        keys = ("code", "value", "previous", "margin", "significant", "unit", "status")
        self.assertEqual([[row[k] for k in keys] for row in stored["headline"]],
                         [[fig[k] for k in keys] for fig in figures])
        self.assertEqual([row["labels"][ES] for row in stored["headline"]],
                         [fig["label"] for fig in figures])
        by_code = {fig["code"]: fig for fig in figures}
        if "nps_weighted" in by_code:
            kept = [row for row in stored["headline"] if row["code"] == "nps_weighted"][0]
            self.assertEqual(
                (kept["representativeness"], kept["response_rate_cv"]),
                (by_code["nps_weighted"]["representativeness"],
                 by_code["nps_weighted"]["response_rate_cv"]))
            self.assertNotIn("representativeness", stored["headline"][-1])
        if "nps" in by_code:
            points = stored["chart"]["points"]
            self.assertEqual([p["start"] for p in points],
                             ["2026-%02d-01" % month for month in range(5, 11)])
            self.assertEqual((points[-1]["value"], points[-1]["margin"]),
                             (by_code["nps"]["value"], by_code["nps"]["margin"]))
            september = Headline._cx_headline_figures(datetime.date(2026, 9, 1),
                                                      datetime.date(2026, 9, 30))
            self.assertEqual(points[-2]["value"],
                             [f for f in september if f["code"] == "nps"][0]["value"])
        code = next(fig["code"] for fig in figures if fig["action"])
        record.figures = json.dumps(stored)
        # the drill-down in the clicking user's language (Ana reads Spanish)
        self.ana.company_ids = [(4, self.company.id)]
        action = record.sudo(self.ana).with_context(lang=EN).action_open_figure(code)
        expected = [fig for fig in Headline.sudo(self.ana).with_context(lang=ES)
                    ._cx_headline_figures(*october) if fig["code"] == code][0]["action"]
        self.assertEqual((action["res_model"], action["context"], action["domain"]),
                         (expected["res_model"], expected["context"], expected["domain"]))
