# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, models


class CxDashboardXlsx(models.AbstractModel):
    """The CEM dashboard figures as a workbook: one sheet, a block per dimension."""

    _name = "report.cx_experience.dashboard_xlsx"
    _inherit = "report.report_xlsx.abstract"

    def generate_xlsx_report(self, workbook, data, figures):
        """Fill the workbook with the figures the caller may read. report_xlsx hands
        over the records of the request (ids and model come from the client): they are
        read again as figures, as the caller, without sudo, so access rights and record
        rules apply (a user outside the CX groups gets an AccessError)."""
        Figure = self.env["cx.dashboard.figure"]
        Figure.check_access_rights("read")
        figures = Figure.browse(figures.ids) if figures else Figure.search([])
        figures.check_access_rule("read")
        sheet = workbook.add_worksheet(_("CEM dashboard"))
        bold = workbook.add_format({"bold": True})
        title = workbook.add_format({"bold": True, "font_size": 14})
        number = workbook.add_format({"num_format": "#,##0.00"})
        headers = [_("Figure"), _("Company"), _("Customers"), _("Revenue (window)"),
                   _("Customers with satisfaction data"), _("Average satisfaction index"),
                   _("Interactions"), _("Scored interactions"), _("Average score")]
        dimensions = dict(figures.fields_get(["dimension"])["dimension"]["selection"])
        sheet.set_column(0, 1, 28)
        sheet.set_column(2, len(headers) - 1, 16)
        row = 0
        current = None
        for fig in figures.sorted(lambda f: (f.dimension_sequence, f.sequence, f.id)):
            if fig.dimension != current:
                current = fig.dimension
                if row:
                    row += 1
                sheet.write(row, 0, dimensions[current], title)
                row += 1
                for col, header in enumerate(headers):
                    sheet.write(row, col, header, bold)
                row += 1
            values = [fig.name or "", fig.company_id.name or "", fig.partner_count,
                      fig.revenue, fig.satisfied_count,
                      fig.satisfaction_avg if fig.satisfied_count else "",
                      fig.interaction_count, fig.scored_count,
                      fig.score_avg if fig.scored_count else ""]
            for col, value in enumerate(values):
                if isinstance(value, float):
                    sheet.write_number(row, col, value, number)
                else:
                    sheet.write(row, col, value)
            row += 1
