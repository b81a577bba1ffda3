import xlrd

from odoo.exceptions import AccessError

from .common import CxCase


class TestDashboard(CxCase):
    @classmethod
    def setUpClass(cls):
        super(TestDashboard, cls).setUpClass()
        cls.a = cls.customer("Dash A")
        cls.invoice(cls.a, 60000.0)
        cls.b = cls.customer("Dash B")
        cls.Partner._cx_recompute_tiers()
        cls.a._cx_set_satisfaction(40.0)
        cls.b._cx_set_satisfaction(90.0)
        tp = cls.env.ref("cx_experience.touchpoint_web_feedback")
        for score in (2, 7, 9):
            cls.env["cx.interaction"].create({
                "name": "Form", "partner_id": cls.a.id, "touchpoint_id": tp.id,
                "score": score})
        cls.env["cx.interaction"].create({
            "name": "Form, no score", "partner_id": cls.b.id, "touchpoint_id": tp.id})
        cls.Figure = cls.env["cx.dashboard.figure"]

    def test_figures_match_the_partners(self):
        base = ["|", ("is_company", "=", True), ("parent_id", "=", False),
                ("customer", "=", True)]
        for dimension, field, figure_field in (("tier", "cx_tier_id", "tier_id"),
                                               ("stage", "cx_stage_id", "stage_id"),
                                               ("quadrant", "cx_quadrant", "quadrant")):
            groups = self.Partner.read_group(base, [field], [field], lazy=False)
            expected = {(g[field][0] if isinstance(g[field], tuple) else g[field]):
                        g["__count"] for g in groups}
            figures = self.Figure.search([("dimension", "=", dimension)])
            got = {}
            for fig in figures:
                key = fig[figure_field].id if figure_field != "quadrant" else fig.quadrant
                got[key or False] = got.get(key or False, 0) + fig.partner_count
            self.assertEqual(got, expected, dimension)

    def test_touchpoint_average_counts_only_scores(self):
        fig = self.Figure.search([
            ("dimension", "=", "touchpoint"),
            ("touchpoint_id", "=", self.env.ref("cx_experience.touchpoint_web_feedback").id)])
        self.env.cr.execute("""
            SELECT COUNT(*), COUNT(*) FILTER (WHERE has_score), SUM(score) FILTER (WHERE has_score)
              FROM cx_interaction WHERE touchpoint_id = %s""", (fig.touchpoint_id.id,))
        total, scored, score_sum = self.env.cr.fetchone()
        self.assertEqual(sum(fig.mapped("interaction_count")), total)
        self.assertEqual(sum(fig.mapped("scored_count")), scored)
        # Mine alone: (2 + 7 + 9) / 3 = 6; the unscored one is left out, not a 0.
        self.assertGreaterEqual(scored, 3)
        self.assertAlmostEqual(
            sum(f.score_avg * f.scored_count for f in fig) / scored, score_sum / scored)

    def test_drill_down(self):
        fig = self.Figure.search([("dimension", "=", "quadrant"), ("quadrant", "=", "at_risk"),
                                  ("company_id", "=", self.a.company_id.id)])
        action = fig.action_open()
        partners = self.Partner.search(action["domain"])
        self.assertIn(self.a, partners)
        self.assertEqual(len(partners), fig.partner_count)
        self.assertEqual(set(partners.mapped("cx_quadrant")), {"at_risk"})

    def test_xlsx_holds_the_numbers_on_screen(self):
        figures = self.Figure.search([])
        content, kind = self.env.ref(
            "cx_experience.report_cx_dashboard_xlsx").render_xlsx(figures.ids, {})
        self.assertEqual(kind, "xlsx")
        sheet = xlrd.open_workbook(file_contents=content).sheet_by_index(0)
        rows = [sheet.row_values(i) for i in range(sheet.nrows)]
        by_name = {}
        for row in rows:
            if isinstance(row[2], float):
                by_name.setdefault((row[0], row[1]), []).append(row)
        for fig in figures:
            row = by_name[(fig.name, fig.company_id.name or "")].pop(0)
            self.assertEqual(row[2], fig.partner_count)
            self.assertAlmostEqual(row[3], fig.revenue or 0.0, places=2)
            self.assertEqual(row[6], fig.interaction_count)

    def test_digests_once_per_period_through_the_queue(self):
        Digest = self.env["cx.digest"]
        Digest.search([]).unlink()
        company = self.env.user.company_id
        company.cx_digest_monthly_emails = "board@example.com, ceo@example.com"
        sent = Digest._cron_send_digests(today="2026-11-23")
        mine = sent.filtered(lambda d: d.company_id == company)
        self.assertEqual(sorted(mine.mapped("kind")), ["daily", "monthly", "weekly"])
        monthly = mine.filtered(lambda d: d.kind == "monthly")
        self.assertEqual((monthly.period_start, monthly.period_end),
                         ("2026-10-01", "2026-11-01"))
        # one mail per language of the recipients: the typed addresses in the company's
        self.assertIn("board@example.com", ", ".join(monthly.mail_ids.mapped("email_to")))
        self.assertEqual(set(monthly.mail_ids.mapped("state")), {"outgoing"})
        self.assertIn(monthly.mail_id, monthly.mail_ids)
        # Run twice the same day: nothing more. Next day: only the daily digest.
        self.assertFalse(Digest._cron_send_digests(today="2026-11-23"))
        again = Digest._cron_send_digests(today="2026-11-24")
        self.assertEqual(again.filtered(lambda d: d.company_id == company).mapped("kind"),
                         ["daily"])
        self.assertEqual(Digest.search_count([("company_id", "=", company.id)]), 4)

    def test_digest_compares_with_the_previous_period(self):
        # a company of its own and days long before the demo data: only these count
        company = self.env["res.company"].create({"name": "Digest Co"})
        tp = self.env.ref("cx_experience.touchpoint_web_feedback")
        for day, score in (("2020-03-02", 6), ("2020-03-02", 9),          # the day before
                           ("2020-03-03", 9), ("2020-03-03", 7), ("2020-03-03", 8),
                           ("2020-03-03", False),                         # the day itself
                           ("2020-03-04", 1)):                            # the day after
            self.env["cx.interaction"].create({
                "name": "Digest", "partner_id": self.a.id, "touchpoint_id": tp.id,
                "company_id": company.id, "date": day + " 12:00:00", "score": score})
        record = self.env["cx.digest"].with_context(lang="en_US").create({
            "kind": "daily", "period_start": "2020-03-03", "period_end": "2020-03-04",
            "company_id": company.id})
        # 4 interactions against 2: +100 %; 3 scored against 2: +50 %; the average
        # score 8.0 (9, 7, 8) against 7.5 (6, 9): +0.5 points; nothing else moved.
        self.assertEqual(record._kpi_rows(), [
            ("Interactions", "4", "2", "+100.0 %"),
            ("Interactions with a satisfaction score", "3", "2", "+50.0 %"),
            ("Average score (0-10)", "8.0", "7.5", "+0.5"),
            ("Customers up a tier", "0", "0", "-"),
            ("Customers down a tier", "0", "0", "-"),
            ("Lifecycle moves", "0", "0", "-"),
            ("Customers churned", "0", "0", "-"),
        ])
        body = record._render_body()
        # the body (a QWeb view since issue 16) prints the rows above
        cells = [" ".join(cell.split("</td>")[0].split(">")[-1].split())
                 for cell in body.split("<td")[1:]]
        self.assertEqual(cells[cells.index("Average score (0-10)"):][:4],
                         ["Average score (0-10)", "8.0", "7.5", "+0.5"])


class TestAccess(CxCase):
    @classmethod
    def setUpClass(cls):
        super(TestAccess, cls).setUpClass()
        cls.other_company = cls.env["res.company"].create({"name": "Other CX company"})
        cls.user = cls.env["res.users"].create({
            "name": "CX reader", "login": "cx_reader", "email": "reader@example.com",
            "groups_id": [(6, 0, [cls.env.ref("cx_experience.group_cx_user").id])]})
        # A customer of the reader's: the interactions of other people's customers are
        # out of sight anyway (see test_security), here only the company matters.
        partner = cls.customer("Shared", user_id=cls.user.id)
        tp = cls.env.ref("cx_experience.touchpoint_sale_visit")
        cls.mine = cls.env["cx.interaction"].create({
            "name": "Here", "partner_id": partner.id, "touchpoint_id": tp.id})
        cls.theirs = cls.env["cx.interaction"].create({
            "name": "There", "partner_id": partner.id, "touchpoint_id": tp.id,
            "company_id": cls.other_company.id})

    def test_companies_kept_apart(self):
        visible = self.env["cx.interaction"].sudo(self.user).search(
            [("id", "in", (self.mine | self.theirs).ids)])
        self.assertEqual(visible, self.mine)

    def test_users_read_managers_configure(self):
        tier = self.env["cx.tier"].sudo(self.user).search([], limit=1)
        self.assertTrue(tier.name)
        with self.assertRaises(AccessError):
            tier.write({"min_revenue": 1.0})
        with self.assertRaises(AccessError):
            self.env["cx.touchpoint"].sudo(self.user).create(
                {"name": "x", "channel": "web"})
