"""Holidays through the real calendar, the compliance report, its XLSX export and the
satisfaction-against-service view. Calendar Mon-Fri 9-17 UTC; 24 Nov 2025 is a Monday."""
import xlrd

from .common import SlaCase


class TestSlaReports(SlaCase):
    def test_calendar_holiday_moves_the_deadline(self):
        # Monday 24 is a holiday: Fri 16:00 + 2 h = 1 h Friday + 1 h Tuesday -> Tue 10:00.
        self.env["resource.calendar.leaves"].create({
            "name": "Holiday", "calendar_id": self.calendar.id,
            "date_from": "2025-11-24 00:00:00", "date_to": "2025-11-25 00:00:00"})
        ticket = self.new_ticket(self.dt(2025, 11, 21, 16))
        self.assertEqual(self.line(ticket, "first_response").deadline, "2025-11-25 10:00:00")

    def _met_and_breached(self):
        """Ticket A answered after 1 h (met), ticket B breached at 11:00 and answered at 12:00 (3 h)."""
        monday = self.dt(2025, 11, 24, 9)
        met = self.new_ticket(monday)
        late = self.new_ticket(monday)
        met.with_context(cx_sla_now=self.dt(2025, 11, 24, 10)).message_post(
            body="Hi", message_type="comment", subtype="mail.mt_comment")
        self.Line._cron_check(now=self.dt(2025, 11, 24, 11, 30))
        late.with_context(cx_sla_now=self.dt(2025, 11, 24, 12)).message_post(
            body="Sorry", message_type="comment", subtype="mail.mt_comment")
        return met | late

    def test_compliance_by_team_and_kind(self):
        tickets = self._met_and_breached()
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
        tickets = self._met_and_breached()
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

    def test_satisfaction_against_service(self):
        self._met_and_breached()
        # an index as the engine stores it (its own signals would give the SLA's 50)
        self.customer._cx_engine_write({"cx_has_satisfaction": True,
                                        "cx_satisfaction_index": 72.0})
        View = self.env["cx.sla.satisfaction.report"]
        has_nps = View._cx_create_view()
        self.env.cr.execute("SELECT to_regclass('cx_nps_response') IS NOT NULL")
        self.assertEqual(has_nps, self.env.cr.fetchone()[0])
        row = View.search([("partner_id", "=", self.customer.id)])
        self.assertEqual(row.ticket_count, 2)
        self.assertEqual((row.met_count, row.breached_count), (1, 1))
        self.assertAlmostEqual(row.met_share, 50.0)
        self.assertAlmostEqual(row.first_response_hours, 2.0)
        self.assertAlmostEqual(row.satisfaction_index, 72.0)
