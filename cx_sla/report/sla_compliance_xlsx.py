# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, models
from odoo.exceptions import AccessError, UserError
from odoo.osv import expression

# Dimensions of the compliance workbook, one sheet each (titles are the field labels). The
# only group-bys the workbook runs: read_group takes them as SQL, so none comes from a caller.
DIMENSIONS = ["team_id", "user_id", "category_id", "tier_id", "policy_id", "start_date:month"]


class SlaComplianceXlsx(models.AbstractModel):
    """SLA compliance workbook: one sheet per dimension with the figures of the pivot."""
    _name = "report.cx_sla.sla_compliance_xlsx"
    _description = "SLA compliance workbook"
    _inherit = "report.report_xlsx.abstract"

    def _get_objs_for_report(self, docids, data):
        # Always the compliance rows, whatever the caller's active_model.
        return self.env["cx.sla.report"].browse(docids or self.env.context.get("active_ids") or [])

    def _cx_rows(self, domain, groupby):
        """[(label, met, breached, share met %, first response h, resolution h)] by ``groupby``."""
        if groupby not in DIMENSIONS:
            raise UserError(_("The SLA compliance workbook cannot be grouped by %s.") % groupby)
        Line = self.env["cx.sla.report"]
        field_name = groupby.split(":")[0]
        fields_ = [field_name, "met_count", "breached_count", "met_share"]
        rows = {}
        for group in Line.read_group(domain, fields_, [groupby], lazy=False):
            value = group[groupby]
            label = value[1] if isinstance(value, (list, tuple)) else (value or _("None"))
            rows[label] = [group["met_count"], group["breached_count"], group["met_share"], None, None]
        for field, column in (("first_response_hours", 3), ("resolution_hours", 4)):
            for group in Line.read_group(domain + [(field, "!=", False)],
                                         [field_name, field], [groupby], lazy=False):
                value = group[groupby]
                label = value[1] if isinstance(value, (list, tuple)) else (value or _("None"))
                rows.setdefault(label, [0, 0, None, None, None])[column] = group[field]
        return [(label,) + tuple(values) for label, values in sorted(rows.items(), key=lambda r: str(r[0]))]

    def _cx_domain(self, data, lines):
        """The rows of the workbook: the report's search (``data["domain"]``, sent by the
        report's "Export XLSX" button: everything the search bar filters, not a page of
        selected rows), else the selected rows, else every row the caller reads. The
        domain is an ORM domain checked by the ORM (fields, operators); a malformed one is
        refused with a clear message, never a traceback."""
        Line = self.env["cx.sla.report"]
        domain = (data or {}).get("domain") if isinstance(data, dict) else None
        if domain is not None:
            if not isinstance(domain, (list, tuple)):
                raise UserError(_("The SLA compliance workbook needs a search domain (a list)."))
            try:
                domain = expression.normalize_domain(list(domain))
                Line.search_count(domain)
            except (ValueError, TypeError, AssertionError, KeyError, IndexError):
                raise UserError(_("The SLA compliance workbook cannot use this search."))
            return domain
        lines = Line.browse(lines.ids if isinstance(lines, models.BaseModel) else [])
        return [("id", "in", lines.ids)] if lines else []

    def generate_xlsx_report(self, workbook, data, lines):
        """Called by report_xlsx's create_xlsx_report with the caller's rights: read_group below
        applies them (access rights and record rules of cx.sla.report, no sudo). From the
        caller only an ORM domain or the ids reach a query (see _cx_domain)."""
        Line = self.env["cx.sla.report"]
        Line.check_access_rights("read")
        if not hasattr(workbook, "add_worksheet"):
            # Over RPC the workbook can only be a plain value: the call is not for clients.
            raise AccessError(_("The SLA compliance workbook is built by the report engine only."))
        domain = self._cx_domain(data, lines)
        bold = workbook.add_format({"bold": True})
        number = workbook.add_format({"num_format": "0.0"})
        headers = [_("Met"), _("Breached"), _("Met (%)"), _("First response (h)"), _("Resolution (h)")]
        for groupby in DIMENSIONS:
            field_name = groupby.split(":")[0]
            title = (_("Month") if ":" in groupby
                     else Line._fields[field_name].get_description(self.env)["string"])
            sheet = workbook.add_worksheet(title[:31])
            sheet.write_row(0, 0, [title] + headers, bold)
            sheet.set_column(0, 0, 32)
            sheet.set_column(1, 5, 16)
            for row, values in enumerate(self._cx_rows(domain, groupby), start=1):
                sheet.write(row, 0, values[0])
                for col, value in enumerate(values[1:], start=1):
                    if value is not None:
                        sheet.write_number(row, col, value, number)
