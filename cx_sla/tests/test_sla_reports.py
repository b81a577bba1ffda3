# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Holidays through the real calendar, the compliance report and its XLSX export (the
satisfaction-against-service report is in the bridge cx_sla_nps). Calendar Mon-Fri 9-17
UTC; 24 Nov 2025 is a Monday."""
import xlrd

from odoo.exceptions import UserError

from .common import SlaCase


class TestSlaReports(SlaCase):
    def test_calendar_holiday_moves_the_deadline(self):
        # Monday 24 is a holiday: Fri 16:00 + 2 h = 1 h Friday + 1 h Tuesday -> Tue 10:00.
        self.env["resource.calendar.leaves"].create({
            "name": "Holiday", "calendar_id": self.calendar.id,
            "date_from": "2025-11-24 00:00:00", "date_to": "2025-11-25 00:00:00"})
        ticket = self.new_ticket(self.dt(2025, 11, 21, 16))
        self.assertEqual(self.line(ticket, "first_response").deadline, "2025-11-25 10:00:00")

    def test_compliance_by_team_and_kind(self):
        tickets = self.met_and_breached()
        Report = self.env["cx.sla.report"]
        domain = [("ticket_id", "in", tickets.ids), ("kind", "=", "first_response")]
        measures = ["team_id", "met_count", "breached_count", "met_share", "work_hours"]
        group = Report.read_group(domain, measures, ["team_id"])[0]
        # One met (100) and one breached (0): 50 % met; hours to reply (1 + 3) / 2 = 2.
        self.assertEqual(group["team_id"][0], self.team.id)
        self.assertEqual((group["met_count"], group["breached_count"]), (1, 1))
        self.assertAlmostEqual(group["met_share"], 50.0)
        self.assertAlmostEqual(group["work_hours"], 2.0)

    def test_xlsx_export_has_the_same_figures(self):
        tickets = self.met_and_breached()
        rows = self.env["cx.sla.report"].search([("ticket_id", "in", tickets.ids)])
        report = self.env.ref("cx_sla.report_cx_sla_compliance_xlsx")
        content, kind = report.with_context(active_model="cx.sla.report").render_xlsx(rows.ids, {})
        self.assertEqual(kind, "xlsx")
        book = xlrd.open_workbook(file_contents=content)
        sheet = book.sheet_by_index(0)  # by team
        values = sheet.row_values(1)
        # All six lines: 1 met, 1 breached (first responses), the four others still running;
        # share met 50 %, first response 2 h on average, no resolution reached yet.
        self.assertEqual(values[0], "SLA team")
        self.assertEqual(values[1:4], [1.0, 1.0, 50.0])
        self.assertAlmostEqual(values[4], 2.0)
        self.assertEqual(values[5], "")
        self.assertEqual(book.nsheets, 6)

    def test_xlsx_of_the_filtered_search_not_of_a_page(self):
        tickets = self.met_and_breached()
        # The report's button sends the search bar's domain: every row it filters.
        report = self.env.ref("cx_sla.report_cx_sla_compliance_xlsx")
        domain = [("ticket_id", "in", tickets.ids), ("kind", "=", "first_response")]
        content, _kind = report.render_xlsx(None, {"domain": domain})
        values = xlrd.open_workbook(file_contents=content).sheet_by_index(0).row_values(1)
        # The two first responses only: 1 met, 1 breached, 50 %, 2 h; no resolution.
        self.assertEqual(values[:4], ["SLA team", 1.0, 1.0, 50.0])
        self.assertAlmostEqual(values[4], 2.0)
        self.assertEqual(values[5], "")

    def test_xlsx_refuses_a_malformed_search(self):
        report = self.env.ref("cx_sla.report_cx_sla_compliance_xlsx")
        for domain in ("id > 0; DROP TABLE x", [("no_such_field", "=", 1)], [("id", "~~", 1)],
                       [["id"]]):
            with self.assertRaises(UserError):
                report.render_xlsx(None, {"domain": domain})

    def test_response_and_resolution_times_apart(self):
        tickets = self.met_and_breached()
        # Close the met ticket at 15:00 (resolution: 6 working hours from 09:00).
        met = tickets[0]
        met.with_context(cx_sla_now=self.dt(2025, 11, 24, 15)).write(
            {"stage_id": self.stage_done.id})
        Report = self.env["cx.sla.report"]
        group = Report.read_group([("ticket_id", "in", tickets.ids)],
                                  ["first_response_hours", "resolution_hours"], [])[0]
        # First responses 1 h and 3 h -> 2 h; one resolution of 6 h -> 6 h. The mixed
        # average of the old report would have said (1 + 3 + 6) / 3 = 3.33 h.
        self.assertAlmostEqual(group["first_response_hours"], 2.0)
        self.assertAlmostEqual(group["resolution_hours"], 6.0)
