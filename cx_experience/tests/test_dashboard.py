# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
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

    # The oracle: plain SQL over res_partner and cx_interaction, written here (not the
    # view's SQL), and the hand-built customers of setUpClass.
    CUSTOMERS = """FROM res_partner WHERE active AND customer
                   AND (is_company OR parent_id IS NULL)"""

    def sql(self, query, params=()):
        self.env.cr.execute(query, params)
        return self.env.cr.fetchall()

    def test_each_customer_counted_once_whatever_the_grouping(self):
        (total, revenue), = self.sql("SELECT count(*), COALESCE(sum(cx_revenue), 0) "
                                     + self.CUSTOMERS)
        for groupby in ([], ["tier_id"], ["stage_id"], ["quadrant"],
                        ["tier_id", "stage_id"], ["stage_id", "quadrant"]):
            groups = self.Figure.read_group([("dimension", "=", "customer")],
                                            ["partner_count", "revenue"] + groupby, groupby,
                                            lazy=False)
            self.assertEqual(sum(g["partner_count"] for g in groups), total, groupby)
            self.assertAlmostEqual(sum(g["revenue"] for g in groups), revenue, places=2)
        # the interaction rows add no customer: the grand total of every row is the same
        everything = self.Figure.read_group([], ["partner_count"], [])
        self.assertEqual(everything[0]["partner_count"], total)

    def test_counts_per_tier_stage_quadrant_against_sql(self):
        for field, column in (("tier_id", "cx_tier_id"), ("stage_id", "cx_stage_id"),
                              ("quadrant", "cx_quadrant")):
            expected = dict(self.sql("SELECT %s, count(*) %s GROUP BY 1" % (
                column, self.CUSTOMERS)))
            groups = self.Figure.read_group([("dimension", "=", "customer")],
                                            ["partner_count", field], [field], lazy=False)
            got = {(g[field][0] if isinstance(g[field], tuple) else g[field]) or None:
                   g["partner_count"] for g in groups}
            self.assertEqual(got, expected, field)

    def test_one_company_database_has_no_second_company_row(self):
        if self.sql("SELECT count(*) FROM res_company")[0][0] != 1:
            self.skipTest("a multi-company database")
        companies = {fig.company_id for fig in self.Figure.search([])}
        self.assertEqual(len(companies), 1)
        # one row per tier x stage x quadrant: no key twice, no id twice
        (rows, ids), = self.sql("SELECT count(*), count(DISTINCT id) FROM cx_dashboard_figure")
        self.assertEqual(rows, ids)
        keys = [(f.tier_id.id, f.stage_id.id, f.quadrant) for f in self.Figure.search(
            [("dimension", "=", "customer")])]
        self.assertEqual(len(keys), len(set(keys)))

    def test_averages_are_weighted_and_empty_without_data(self):
        # hand-worked: the touchpoint of setUpClass got scores 2, 7 and 9 (and one
        # interaction without a score): average 6, not the mean of per-row averages
        tp = self.env.ref("cx_experience.touchpoint_web_feedback")
        (count, scored, average), = self.sql("""
            SELECT count(*), count(*) FILTER (WHERE has_score),
                   avg(score) FILTER (WHERE has_score)
              FROM cx_interaction WHERE touchpoint_id = %s""", (tp.id,))
        group, = self.Figure.read_group(
            [("dimension", "=", "interaction"), ("touchpoint_id", "=", tp.id)],
            ["interaction_count", "scored_count", "score_avg"], [])
        self.assertEqual((group["interaction_count"], group["scored_count"]), (count, scored))
        self.assertAlmostEqual(group["score_avg"], average)
        # customers of a tier nobody measured: no average (empty), never 0
        self.env.cr.execute("UPDATE res_partner SET cx_has_satisfaction = FALSE, "
                            "cx_satisfaction_index = NULL, cx_quadrant = NULL")
        group, = self.Figure.read_group([("dimension", "=", "customer")],
                                        ["satisfied_count", "satisfaction_avg"], [])
        self.assertEqual(group["satisfied_count"], 0)
        self.assertIs(group["satisfaction_avg"], False)

    def test_mine_are_where_they_belong(self):
        # A: 60,000 of revenue at 40 of satisfaction (at risk); B: nothing invoiced, 90
        fig = self.Figure.search([("dimension", "=", "customer"),
                                  ("tier_id", "=", self.a.cx_tier_id.id),
                                  ("stage_id", "=", self.a.cx_stage_id.id),
                                  ("quadrant", "=", "at_risk")])
        self.assertEqual(len(fig), 1)
        self.assertEqual(self.a.cx_quadrant, "at_risk")
        self.assertEqual(self.b.cx_quadrant, "growth")
        (count,), = self.sql("SELECT count(*) " + self.CUSTOMERS + """
            AND cx_tier_id = %s AND cx_stage_id IS NOT DISTINCT FROM %s
            AND cx_quadrant = 'at_risk'""", (self.a.cx_tier_id.id, self.a.cx_stage_id.id or None))
        self.assertEqual(fig.partner_count, count)

    def test_drill_down(self):
        fig = self.Figure.search([("dimension", "=", "customer"),
                                  ("tier_id", "=", self.a.cx_tier_id.id),
                                  ("stage_id", "=", self.a.cx_stage_id.id),
                                  ("quadrant", "=", "at_risk")])
        action = fig.action_open()
        partners = self.Partner.search(action["domain"])
        self.assertIn(self.a, partners)
        self.assertEqual(len(partners), fig.partner_count)
        self.assertEqual(set(partners.mapped("cx_quadrant")), {"at_risk"})
        self.assertEqual(self.Figure._cx_mix()[0][0], "tier")

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
