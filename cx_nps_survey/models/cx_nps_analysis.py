# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import datetime
import io

import xlsxwriter

from odoo import _, api, fields, models

from ..domain import nps
from .cx_nps_response import (FOLLOWUP_CONTACTED, FOLLOWUP_LOST,
                              FOLLOWUP_RESOLVED)

PERIOD_DIMENSIONS = ("week", "month", "quarter")


class CxNpsAnalysis(models.TransientModel):
    """NPS with its margin of error, counts, response rate, per segment or period."""

    _name = "cx.nps.analysis"
    _description = "NPS analysis"

    date_from = fields.Date(
        string="From", default=lambda self: fields.Date.to_string(
            datetime.date.today() - datetime.timedelta(days=365)))
    date_to = fields.Date(string="To", default=fields.Date.context_today)
    campaign_ids = fields.Many2many("cx.nps.campaign", string="Campaigns",
                                    help="Empty means every campaign.")
    tier_ids = fields.Many2many("cx.tier", string="Value tiers")
    dimension = fields.Selection(
        [("campaign", "Campaign"), ("tier", "Value tier"), ("stage", "Lifecycle stage"),
         ("touchpoint", "Touchpoint"), ("country", "Country"), ("team", "Sales team"),
         ("week", "Week"), ("month", "Month"), ("quarter", "Quarter")],
        string="Break down by", default="month", required=True)
    latest_only = fields.Boolean(
        string="Latest answer per customer",
        help="Count only each customer's most recent answer (all-time customer NPS).")
    followup_within = fields.Integer(
        string="Contacted within (days)", default=2,
        help="Closed-loop figure: share of detractors contacted within this many days.")
    line_ids = fields.One2many("cx.nps.analysis.line", "analysis_id", string="Figures")

    # totals
    n = fields.Integer(string="Answers", readonly=True)
    nps = fields.Float(string="NPS", readonly=True)
    margin = fields.Float(string="Margin of error (±)", readonly=True)
    promoters = fields.Integer(readonly=True)
    passives = fields.Integer(readonly=True)
    detractors = fields.Integer(readonly=True)
    promoter_share = fields.Float(string="Promoters (%)", readonly=True)
    passive_share = fields.Float(string="Passives (%)", readonly=True)
    detractor_share = fields.Float(string="Detractors (%)", readonly=True)
    invitations = fields.Integer(string="Invitations sent", readonly=True)
    response_rate = fields.Float(string="Response rate (%)", readonly=True)
    alltime_nps = fields.Float(
        string="All-time customer NPS", readonly=True,
        help="Counting only each customer's latest answer, whatever the dates.")
    alltime_margin = fields.Float(string="All-time margin (±)", readonly=True)
    alltime_n = fields.Integer(string="Customers answering", readonly=True)
    followup_count = fields.Integer(string="Detractor follow-ups", readonly=True)
    followup_on_time = fields.Float(string="Contacted in time (%)", readonly=True)
    followup_resolved = fields.Integer(string="Resolved", readonly=True)
    followup_lost = fields.Integer(string="Lost", readonly=True)
    computed = fields.Boolean(readonly=True)

    @api.multi
    def name_get(self):
        return [(analysis.id, _("NPS analysis")) for analysis in self]

    @api.model
    def _check_reader(self):
        """A TransientModel has no access rights in Odoo 11 (anyone creates one, and
        reads only its own): the figures are for those who read the NPS answers, and
        the answers' record rules apply to every figure (cx_nps_stats, searches)."""
        self.env["cx.nps.response"].check_access_rights("read")

    @api.multi
    def _domain(self, with_dates=True):
        self.ensure_one()
        domain = []
        if with_dates and self.date_from:
            domain.append(("date", ">=", self.date_from + " 00:00:00"))
        if with_dates and self.date_to:
            domain.append(("date", "<=", self.date_to + " 23:59:59"))
        if self.campaign_ids:
            domain.append(("campaign_id", "in", self.campaign_ids.ids))
        if self.tier_ids:
            domain.append(("tier_id", "in", self.tier_ids.ids))
        if self.latest_only:
            domain.append(("is_latest", "=", True))
        return domain

    @api.multi
    def _figures(self):
        """The figures on screen and in the XLSX file: (total, lines, all-time, loop)."""
        self.ensure_one()
        Response = self.env["cx.nps.response"]
        domain = self._domain()
        total = (Response._cx_nps_stats(domain) or [nps.summarize(0, 0, 0)])[0]
        if total["invitations"] is None:
            total["invitations"] = (Response._invitation_counts(domain, None) or {}).get(False)
            total["response_rate"] = nps.response_rate(total["n"], total["invitations"])
        lines = Response._cx_nps_stats(domain, self.dimension)
        if self.dimension in PERIOD_DIMENSIONS:
            previous = None
            for row in lines:
                diff, z, significant = nps.change(previous, row)
                row.update(change=diff, z=z, significant=significant)
                previous = row
        else:
            lines.sort(key=lambda row: (-(row["n"]), str(row["label"])))
        alltime_domain = [("is_latest", "=", True)] + [
            t for t in self._domain(with_dates=False) if t[0] != "is_latest"]
        alltime = (Response._cx_nps_stats(alltime_domain) or [nps.summarize(0, 0, 0)])[0]
        loop = self._closed_loop(domain)
        return total, lines, alltime, loop

    @api.multi
    def _closed_loop(self, domain):
        Response = self.env["cx.nps.response"]
        followed = Response.search(domain + [("followup_state", "!=", False)])
        on_time = followed.filtered(
            lambda r: r.followup_state in (FOLLOWUP_CONTACTED, FOLLOWUP_RESOLVED, FOLLOWUP_LOST)
            and r.followup_days <= self.followup_within)
        count = len(followed)
        return {
            "count": count,
            "on_time": 100.0 * len(on_time) / count if count else 0.0,
            "resolved": len(followed.filtered(lambda r: r.followup_state == FOLLOWUP_RESOLVED)),
            "lost": len(followed.filtered(lambda r: r.followup_state == FOLLOWUP_LOST)),
        }

    @api.multi
    def action_compute(self):
        self.ensure_one()
        self._check_reader()
        total, lines, alltime, loop = self._figures()
        self.line_ids.unlink()
        self.write({
            "n": total["n"], "nps": total["nps"] or 0.0, "margin": total["margin"] or 0.0,
            "promoters": total["promoters"], "passives": total["passives"],
            "detractors": total["detractors"],
            "promoter_share": total["promoter_share"] or 0.0,
            "passive_share": total["passive_share"] or 0.0,
            "detractor_share": total["detractor_share"] or 0.0,
            "invitations": total["invitations"] or 0,
            "response_rate": total["response_rate"] or 0.0,
            "alltime_nps": alltime["nps"] or 0.0, "alltime_margin": alltime["margin"] or 0.0,
            "alltime_n": alltime["n"],
            "followup_count": loop["count"], "followup_on_time": loop["on_time"],
            "followup_resolved": loop["resolved"], "followup_lost": loop["lost"],
            "computed": True,
            "line_ids": [(0, 0, _line_vals(seq, row)) for seq, row in enumerate(lines)],
        })
        return {
            "type": "ir.actions.act_window", "res_model": self._name, "res_id": self.id,
            "view_mode": "form", "target": "current", "name": _("NPS analysis"),
        }

    @api.multi
    def action_open_trend(self):
        self._check_reader()
        action = self.env.ref("cx_nps_survey.action_cx_nps_response_trend").read()[0]
        action["domain"] = self._domain()
        return action

    @api.multi
    def action_export_xlsx(self):
        """Download an XLSX file with the summary and the responses (same figures)."""
        self.ensure_one()
        self._check_reader()
        content = self._xlsx_content()
        attachment = self.env["ir.attachment"].create({
            "name": "nps.xlsx", "datas_fname": "nps.xlsx",
            "datas": base64.b64encode(content), "res_model": self._name, "res_id": self.id,
            "mimetype": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        })
        return {"type": "ir.actions.act_url", "target": "self",
                "url": "/web/content/%d?download=true" % attachment.id}

    @api.multi
    def _xlsx_content(self):
        total, lines, alltime, loop = self._figures()
        buffer = io.BytesIO()
        book = xlsxwriter.Workbook(buffer, {"in_memory": True})
        bold = book.add_format({"bold": True})
        sheet = book.add_worksheet(_("Summary"))
        headers = [_("Group"), _("Answers"), _("Promoters"), _("Passives"), _("Detractors"),
                   _("Promoters (%)"), _("Passives (%)"), _("Detractors (%)"), _("NPS"),
                   _("Margin of error (±)"), _("Invitations sent"), _("Response rate (%)"),
                   _("Change"), _("Significant")]
        sheet.write_row(0, 0, headers, bold)
        rows = [dict(total, label=_("Total"))] + lines + [
            dict(alltime, label=_("All-time customer NPS (latest answer per customer)"))]
        for index, row in enumerate(rows, start=1):
            sheet.write_row(index, 0, [
                str(row["label"]), row["n"], row["promoters"], row["passives"],
                row["detractors"], _round(row["promoter_share"]),
                _round(row["passive_share"]), _round(row["detractor_share"]),
                _round(row["nps"]), _round(row["margin"]), row.get("invitations") or "",
                _round(row.get("response_rate")), _round(row.get("change")),
                _("yes") if row.get("significant") else ""])
        base = len(rows) + 2
        sheet.write_row(base, 0, [_("Detractor follow-ups"), loop["count"]])
        sheet.write_row(base + 1, 0, [_("Contacted in time (%)"), _round(loop["on_time"])])
        sheet.write_row(base + 2, 0, [_("Resolved"), loop["resolved"]])
        sheet.write_row(base + 3, 0, [_("Lost"), loop["lost"]])
        detail = book.add_worksheet(_("Responses"))
        detail.write_row(0, 0, [_("Date"), _("Customer"), _("Campaign"), _("Score"),
                                _("Category"), _("Comment"), _("Value tier"),
                                _("Lifecycle stage"), _("Country"), _("Follow-up")], bold)
        Response = self.env["cx.nps.response"]
        categories = dict(Response._fields["category"]._description_selection(self.env))
        followups = dict(Response._fields["followup_state"]._description_selection(self.env))
        fields_ = ["date", "partner_id", "campaign_id", "score", "category", "comment",
                   "tier_id", "stage_id", "country_id", "followup_state"]
        for index, rec in enumerate(Response.search_read(self._domain(), fields_), start=1):
            detail.write_row(index, 0, [
                rec["date"], _name(rec["partner_id"]), _name(rec["campaign_id"]),
                rec["score"], categories.get(rec["category"], ""), rec["comment"] or "",
                _name(rec["tier_id"]), _name(rec["stage_id"]), _name(rec["country_id"]),
                followups.get(rec["followup_state"], "")])
        book.close()
        return buffer.getvalue()


class CxNpsAnalysisLine(models.TransientModel):
    _name = "cx.nps.analysis.line"
    _description = "NPS analysis figure"
    _order = "sequence"

    analysis_id = fields.Many2one("cx.nps.analysis", required=True, ondelete="cascade")
    sequence = fields.Integer()
    label = fields.Char(string="Group")
    n = fields.Integer(string="Answers")
    promoters = fields.Integer()
    passives = fields.Integer()
    detractors = fields.Integer()
    promoter_share = fields.Float(string="Promoters (%)")
    passive_share = fields.Float(string="Passives (%)")
    detractor_share = fields.Float(string="Detractors (%)")
    nps = fields.Float(string="NPS")
    margin = fields.Float(string="Margin of error (±)")
    low = fields.Float(string="95% low")
    high = fields.Float(string="95% high")
    invitations = fields.Integer(string="Invitations sent")
    response_rate = fields.Float(string="Response rate (%)")
    change = fields.Float(string="Change")
    significant = fields.Boolean(
        string="Significant change",
        help="The change from the previous period is significant at 95%: "
             "|difference| / sqrt(Var1 + Var2) > 1.96.")


def _round(value):
    return round(value, 1) if value is not None else ""


def _name(value):
    return value[1] if value else ""


def _line_vals(sequence, row):
    return {
        "sequence": sequence, "label": str(row["label"]), "n": row["n"],
        "promoters": row["promoters"], "passives": row["passives"],
        "detractors": row["detractors"],
        "promoter_share": row["promoter_share"] or 0.0,
        "passive_share": row["passive_share"] or 0.0,
        "detractor_share": row["detractor_share"] or 0.0,
        "nps": row["nps"] or 0.0, "margin": row["margin"] or 0.0,
        "low": row["low"] or 0.0, "high": row["high"] or 0.0,
        "invitations": row.get("invitations") or 0,
        "response_rate": row.get("response_rate") or 0.0,
        "change": row.get("change") or 0.0, "significant": bool(row.get("significant")),
    }
