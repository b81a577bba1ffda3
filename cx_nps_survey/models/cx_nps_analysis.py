# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import datetime
import io
import json

import pytz
import xlsxwriter

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.cx_experience import lang as cx_lang

from ..domain import nps, report, stats
from .cx_nps_response import FOLLOWUP_CONTACTED, FOLLOWUP_LOST, FOLLOWUP_RESOLVED

#: the group-bys of the search bar the analysis reads, at most this many at once
MAX_GROUPBYS = 2
#: the trend's period when the table is not broken down by a period
TREND_PERIOD = "month"
#: closed-loop figure: a detractor contacted within this many days is "in time"
FOLLOWUP_DAYS = 2
#: many2one dimensions listed in their model's own order (tier order, stage order...)
ORDERED_MODELS = ("cx.tier", "cx.lifecycle.stage", "cx.touchpoint")


class CxNpsAnalysis(models.TransientModel):
    """The NPS analysis, a report over the answers (the client action
    ``cx_nps_survey.nps_analysis``): NPS with its margin, answers, response rate, per
    group of the search bar, and the trend with its margin band.

    The figures come from ``cx.nps.response._cx_nps_stats`` with the caller's rights
    and record rules; nothing is stored but the filter of an XLSX file (a transient
    record, readable by its creator only, so that the file is too)."""

    _name = "cx.nps.analysis"
    _description = "NPS analysis"

    domain = fields.Text(string="Exported filter", readonly=True,
                         help="The filter of the exported answers (JSON).")
    groupby = fields.Char(string="Exported breakdown", readonly=True,
                          help="The breakdown of the export (JSON).")

    @api.multi
    def name_get(self):
        return [(analysis.id, _("NPS analysis")) for analysis in self]

    @api.model
    def _check_reader(self):
        """The figures are for those who read the NPS answers; the answers' record rules
        apply to every figure (cx_nps_stats, searches)."""
        self.env["cx.nps.response"].check_access_rights("read")

    # ------------------------------------------------------------------ public doors
    @api.model
    def cx_report(self, domain=None, groupby=None):
        """The analysis of the answers matching ``domain`` (the search bar), broken down
        by ``groupby`` (its group-bys, default the month): a dict with ``total``,
        ``rows``, ``trend`` and the texts of the screen, every figure formatted in the
        reader's language, "no data" where there are no answers."""
        self._check_reader()
        domain, groupbys = self._cx_arguments(domain, groupby)
        return self._cx_figures(domain, groupbys)

    @api.model
    def cx_export_xlsx(self, domain=None, groupby=None):
        """Download the analysis as filtered: an XLSX file with the figures of the screen
        and the answers behind them."""
        self._check_reader()
        domain, groupbys = self._cx_arguments(domain, groupby)
        content = self._xlsx_content(domain, groupbys)
        holder = self.create({"domain": json.dumps(domain), "groupby": json.dumps(groupbys)})
        attachment = self.env["ir.attachment"].create({
            "name": "nps.xlsx", "datas_fname": "nps.xlsx",
            "datas": base64.b64encode(content), "res_model": self._name, "res_id": holder.id,
            "mimetype": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        })
        return {"type": "ir.actions.act_url", "target": "self",
                "url": "/web/content/%d?download=true" % attachment.id}

    # ------------------------------------------------------------------- the figures
    @api.model
    def _cx_arguments(self, domain, groupby):
        """The caller's filter and group-bys, checked (they come from the client)."""
        domain = self.env["cx.nps.response"]._cx_stats_domain(domain)
        if groupby in (None, False, [], ""):
            groupby = ["date:%s" % TREND_PERIOD]
        if isinstance(groupby, str):
            groupby = [groupby]
        if not isinstance(groupby, (list, tuple)):
            raise UserError(_("The breakdown of the NPS analysis is not valid."))
        try:
            groupbys = stats.groupbys(list(groupby)[:MAX_GROUPBYS])
        except ValueError as error:
            raise UserError(_(
                "The NPS analysis cannot be broken down by '%(dimension)s'. Choose one of: "
                "%(dimensions)s.") % {"dimension": str(error.args[0])[:80],
                                      "dimensions": ", ".join(sorted(stats.DIMENSIONS))})
        return domain, groupbys

    @api.model
    def _cx_figures(self, domain, groupbys):
        Response = self.env["cx.nps.response"]
        tz = Response._cx_stats_tz()
        total = (Response._cx_nps_stats(domain) or [nps.summarize(0, 0, 0)])[0]
        if total["invitations"] is None:
            total["invitations"] = (Response._invitation_counts(domain, None, tz)
                                    or {}).get(False)
            total["response_rate"] = nps.response_rate(total["n"], total["invitations"])
        rows = Response._cx_nps_stats(domain, groupbys)
        rows = self._cx_rows(rows, groupbys, domain, tz)
        first = groupbys[0]
        if len(groupbys) == 1 and first.startswith(stats.DATE_FIELD):
            trend_rows = rows
        else:
            trend_groupby = ["%s:%s" % (stats.DATE_FIELD, TREND_PERIOD)]
            trend_rows = self._cx_rows(Response._cx_nps_stats(domain, trend_groupby),
                                       trend_groupby, domain, tz)
        today = fields.Date.from_string(fields.Date.context_today(self))
        trend = report.trend_points([dict(
            row, start=_as_datetime(row["key"]), period=stats.period(row["groupbys"][0]))
            for row in trend_rows], today)
        total = self._cx_format(dict(total, label=_("Total"), domain=domain))
        rows = [self._cx_format(row) for row in rows]
        trend_groupby = trend_rows[0]["groupbys"][0] if trend_rows else "%s:%s" % (
            stats.DATE_FIELD, TREND_PERIOD)
        return {
            "total": total,
            "rows": rows,
            "trend_period": self._cx_dimension_label(trend_groupby),
            "weighted": any(r["weighted_nps"] is not None for r in rows + [total]),
            "trend": [self._cx_point(point) for point in trend],
            "has_partial": any(point["partial"] for point in trend),
            "dimension": " / ".join(self._cx_dimension_label(g) for g in groupbys),
            "loop": self._cx_closed_loop(domain),
            "periodic": first.startswith(stats.DATE_FIELD),
            "comparable": any(row["invitations"] is not None for row in rows),
            "search_view_id": self.env.ref("cx_nps_survey.view_cx_nps_analysis_search").id,
            "labels": self._cx_labels(),
            "panels": self._cx_panels(domain),
        }

    @api.model
    def _cx_panels(self, domain):
        """Extra tables shown under the analysis, for the answers of ``domain``: a hook
        for other files and addons (what drives the score, SLA drivers in cx_sla_nps),
        which extend it with ``super()`` and append their panels. A panel is a dict:
        ``title``, ``note`` (plain text), ``columns`` (header texts) and ``rows``
        (lists of texts, as formatted for the reader), all in the reader's language."""
        return []

    @api.model
    def _cx_rows(self, rows, groupbys, domain, tz):
        """Rows of the engine with their labels in the reader's language, in the order
        of their dimension (periods in time, tiers and stages in their own order), the
        change from the previous period, and the filter of the answers behind them."""
        lang = self.env.lang or cx_lang.FALLBACK_LANG
        today = fields.Date.from_string(fields.Date.context_today(self))
        names = self._cx_names(rows, groupbys)
        result = []
        for row in rows:
            values = row["key"] if len(groupbys) > 1 else (row["key"],)
            labels, shorts, sort, terms, context = [], [], [], [], {}
            for groupby, value in zip(groupbys, values):
                name = groupby.partition(":")[0]
                if value is False or value is None:
                    labels.append(_("Undefined"))
                    shorts.append(_("Undefined"))
                    sort.append((1, 0, ""))
                    terms.append((name, "=", False))
                elif name == stats.DATE_FIELD:
                    start = _as_datetime(value)
                    period = stats.period(groupby)
                    label = report.period_label(period, start, lang)
                    short = report.period_label(period, start, lang, short=True)
                    if report.is_partial(period, start, today):
                        label, short = (_("%s (partial)") % label, _("%s (partial)") % short)
                    labels.append(label)
                    shorts.append(short)
                    sort.append((0, 0, start.isoformat()))
                    terms += [(name, ">=", _utc(start, tz)),
                              (name, "<", _utc(report.period_end(period, start), tz))]
                else:
                    label, rank = names[name].get(value, (str(value), 0))
                    labels.append(label)
                    shorts.append(label)
                    sort.append((0, rank, label.lower()))
                    terms.append((name, "=", value))
                    context["search_default_%s" % name] = value
            result.append(dict(
                row, label=" / ".join(labels), short_label=" / ".join(shorts),
                sort=tuple(sort), domain=list(domain) + terms, context=context,
                groupbys=groupbys))
        result.sort(key=lambda r: r["sort"])
        if len(groupbys) == 1 and groupbys[0].startswith(stats.DATE_FIELD):
            previous = None
            for row in result:
                diff, z, significant = nps.change(previous, row)
                row.update(change=diff, z=z, significant=significant)
                if row["n"]:
                    previous = row
        return result

    @api.model
    def _cx_names(self, rows, groupbys):
        """{field: {id: (name, rank)}} of the many2one keys: one search per dimension,
        ranks in the comodel's order."""
        Response = self.env["cx.nps.response"]
        names = {}
        for index, groupby in enumerate(groupbys):
            name = groupby.partition(":")[0]
            if name == stats.DATE_FIELD:
                continue
            ids = set()
            for row in rows:
                value = row["key"][index] if len(groupbys) > 1 else row["key"]
                if value:
                    ids.add(value)
            comodel = self.env[Response._fields[name].comodel_name].sudo()
            records = comodel.with_context(active_test=False).search([("id", "in", list(ids))])
            ordered = comodel._name in ORDERED_MODELS
            names[name] = {record_id: (label, rank if ordered else 0) for rank, (
                record_id, label) in enumerate(records.name_get())}
        return names

    @api.model
    def _cx_dimension_label(self, groupby):
        name, _sep, period = groupby.partition(":")
        if name == stats.DATE_FIELD:
            return {"day": _("Day"), "week": _("Week"), "month": _("Month"),
                    "quarter": _("Quarter"), "year": _("Year")}.get(period, _("Month"))
        return self.env["cx.nps.response"]._fields[name].get_description(
            self.env)["string"]

    @api.model
    def _cx_closed_loop(self, domain):
        """Detractor follow-ups of the answers: how many, contacted in time, outcomes
        (four counts, set-based)."""
        Response = self.env["cx.nps.response"]
        followed = domain + [("followup_state", "!=", False)]
        count = Response.search_count(followed)
        on_time = Response.search_count(domain + [
            ("followup_state", "in", (FOLLOWUP_CONTACTED, FOLLOWUP_RESOLVED, FOLLOWUP_LOST)),
            ("followup_days", "<=", FOLLOWUP_DAYS)])
        resolved = Response.search_count(domain + [("followup_state", "=", FOLLOWUP_RESOLVED)])
        lost = Response.search_count(domain + [("followup_state", "=", FOLLOWUP_LOST)])
        return {
            "count": count, "count_text": self._cx_number(count, 0),
            "on_time": 100.0 * on_time / count if count else None,
            "on_time_text": self._cx_percent(100.0 * on_time / count) if count
            else self._cx_no_data(),
            "resolved": resolved, "resolved_text": self._cx_number(resolved, 0),
            "lost": lost, "lost_text": self._cx_number(lost, 0),
            "days": FOLLOWUP_DAYS,
            "note": _("contacted within %(days)s days: %(on_time)s; resolved %(resolved)s, "
                      "lost %(lost)s") % {
                "days": FOLLOWUP_DAYS, "resolved": self._cx_number(resolved, 0),
                "lost": self._cx_number(lost, 0),
                "on_time": self._cx_percent(100.0 * on_time / count) if count
                else self._cx_no_data()},
        }

    # -------------------------------------------------------------------- formatting
    @api.model
    def _cx_labels(self):
        """The texts of the screen, in the reader's language (from the server, so that
        they read the same as the figures and need no web-client translation)."""
        return {
            "nps": _("NPS"), "margin": _("Margin (±)"), "interval": _("95% interval"),
            "weighted": _("Weighted NPS"), "weighted_base": _("NPS weighted to the base"),
            "design_effect": _("Design effect"), "answers": _("Answers"),
            "promoters": _("Promoters"), "passives": _("Passives"),
            "detractors": _("Detractors"), "invitations": _("Invitations"),
            "response_rate": _("Response rate"), "change": _("Change"),
            "followups": _("Detractor follow-ups"), "trend": _("NPS trend"),
            "band": _("95% interval (adjusted Wald)"),
            "partial": _("current period, still partial"),
            "not_comparable": _("not comparable with this filter"),
            "no_trend": _("No answers in this selection: no trend to draw."),
            "no_rows": _("No answers match this search."),
            "open_figure": _("Open the answers behind this figure"),
            "open_row": _("Open the answers"),
            "significant": _("Significant change (95%)"),
            "export": _("Export to XLSX"),
            "answers_of": _("NPS answers: %s"),
            "note": _("NPS = % promoters (9-10) - % detractors (0-6). The margin is the 95% "
                      "adjusted-Wald margin; a change between two periods is marked "
                      "significant (*) when |difference| / sqrt(Var1 + Var2) > 1.96. Low "
                      "response rates flatter the score. Click a row to open its answers."),
        }

    @api.model
    def _cx_no_data(self):
        return _("no data")

    @api.model
    def _cx_number(self, value, digits=1, sign=False):
        if value is None:
            return ""
        return cx_lang.number(self.env, value, digits=digits, sign=sign)

    @api.model
    def _cx_percent(self, value):
        if value is None:
            return ""
        return "%s %%" % self._cx_number(value, 1)

    @api.model
    def _cx_format(self, row):
        """The texts of one row: "+30,0 ± 42,1", "no data" where there is no answer."""
        has_data = bool(row["n"]) and row["nps"] is not None
        no_data = self._cx_no_data()
        result = {
            "label": str(row["label"]), "n": row["n"], "nps": row["nps"],
            "promoters": row["promoters"], "passives": row["passives"],
            "detractors": row["detractors"], "promoter_share": row["promoter_share"],
            "passive_share": row["passive_share"], "detractor_share": row["detractor_share"],
            "margin": row["margin"], "low": row["low"], "high": row["high"],
            "invitations": row.get("invitations"), "response_rate": row.get("response_rate"),
            "change": row.get("change"), "significant": bool(row.get("significant")),
            "domain": row.get("domain") or [], "context": row.get("context") or {},
            "n_text": self._cx_number(row["n"], 0),
            "nps_text": self._cx_number(row["nps"], 1, sign=True) if has_data else no_data,
            "margin_text": ("± %s" % self._cx_number(row["margin"], 1)) if has_data else "",
            "interval_text": ("%s … %s" % (self._cx_number(row["low"], 1),
                                           self._cx_number(row["high"], 1)))
            if has_data else "",
            "promoter_share_text": self._cx_percent(row["promoter_share"]) if has_data else "",
            "passive_share_text": self._cx_percent(row["passive_share"]) if has_data else "",
            "detractor_share_text": self._cx_percent(row["detractor_share"])
            if has_data else "",
            "invitations_text": self._cx_number(row.get("invitations"), 0)
            if row.get("invitations") is not None else "",
            "response_rate_text": self._cx_percent(row.get("response_rate")),
            "change_text": self._cx_number(row.get("change"), 1, sign=True)
            if row.get("change") is not None else "",
            "mix_text": _("%(promoters)s promoters, %(detractors)s detractors") % {
                "promoters": self._cx_percent(row["promoter_share"]),
                "detractors": self._cx_percent(row["detractor_share"])} if has_data else "",
            "invitations_note": _("%s invitations sent") % self._cx_number(
                row.get("invitations"), 0) if row.get("invitations") is not None else "",
        }
        # what the statistics engine adds beside the plain NPS: the NPS weighted to the
        # customer base, its design effect and effective n, the revenue-weighted NPS,
        # and how representative the answers are (R-indicator over the strata)
        for key, digits, sign in (("weighted_nps", 1, True), ("weighted_margin", 1, False),
                                  ("design_effect", 2, False), ("n_eff", 0, False),
                                  ("revenue_nps", 1, True),
                                  ("representativeness", 1, False)):
            value = row.get(key) if has_data or key == "representativeness" else None
            result[key] = value
            result[key + "_text"] = self._cx_number(value, digits, sign=sign) \
                if value is not None else ""
        result["weighted_note"] = _(
            "design effect %(deff)s, effective answers %(neff)s, revenue-weighted NPS "
            "%(revenue)s") % {
                "deff": result["design_effect_text"] or no_data,
                "neff": result["n_eff_text"] or no_data,
                "revenue": result["revenue_nps_text"] or no_data} \
            if result["weighted_nps"] is not None else ""
        result["representativeness_note"] = _(
            "representativeness (R-indicator): %s") % self._cx_percent(
                result["representativeness"]) \
            if result["representativeness"] is not None else ""
        return result

    @api.model
    def _cx_point(self, point):
        return {"label": point["label"], "short_label": point["short_label"],
                "nps": point["nps"], "low": point["low"], "high": point["high"],
                "n": point["n"], "partial": point["partial"],
                "nps_text": self._cx_number(point["nps"], 1, sign=True),
                "margin_text": "± %s" % self._cx_number(point["margin"], 1),
                "n_text": self._cx_number(point["n"], 0)}

    # ------------------------------------------------------------------------- XLSX
    @api.model
    def _xlsx_content(self, domain, groupbys):
        figures = self._cx_figures(domain, groupbys)
        buffer = io.BytesIO()
        book = xlsxwriter.Workbook(buffer, {"in_memory": True})
        bold = book.add_format({"bold": True})
        sheet = book.add_worksheet(_("Summary"))
        headers = [figures["dimension"], _("Answers"), _("Promoters"), _("Passives"),
                   _("Detractors"), _("Promoters (%)"), _("Passives (%)"),
                   _("Detractors (%)"), _("NPS"), _("Margin of error (±)"),
                   _("Invitations sent"), _("Response rate (%)"), _("Change"),
                   _("Significant"), _("NPS weighted to the base"), _("Weighted margin (±)"),
                   _("Design effect"), _("Effective answers"), _("Revenue-weighted NPS"),
                   _("Representativeness (R-indicator, %)")]
        sheet.write_row(0, 0, headers, bold)
        lines = [figures["total"]] + figures["rows"]
        for index, row in enumerate(lines, start=1):
            sheet.write_row(index, 0, [
                row["label"], row["n"], row["promoters"], row["passives"],
                row["detractors"], _round(row["promoter_share"]),
                _round(row["passive_share"]), _round(row["detractor_share"]),
                _round(row["nps"]) if row["n"] else self._cx_no_data(),
                _round(row["margin"]), _blank(row.get("invitations")),
                _round(row.get("response_rate")), _round(row.get("change")),
                _("yes") if row.get("significant") else "",
                _round(row["weighted_nps"]), _round(row["weighted_margin"]),
                _round(row["design_effect"], 2), _round(row["n_eff"]),
                _round(row["revenue_nps"]), _round(row["representativeness"])])
        loop = figures["loop"]
        base = len(lines) + 2
        sheet.write_row(base, 0, [_("Detractor follow-ups"), loop["count"]])
        sheet.write_row(base + 1, 0, [_("Contacted in time (%)"), _round(loop["on_time"])])
        sheet.write_row(base + 2, 0, [_("Resolved"), loop["resolved"]])
        sheet.write_row(base + 3, 0, [_("Lost"), loop["lost"]])
        sheet.set_column(0, 0, 28)
        detail = book.add_worksheet(_("Responses"))
        detail.write_row(0, 0, [_("Date"), _("Customer"), _("Campaign"), _("Score"),
                                _("Category"), _("Comment"), _("Value tier"),
                                _("Lifecycle stage"), _("Country"), _("Follow-up")], bold)
        Response = self.env["cx.nps.response"]
        categories = dict(Response._fields["category"]._description_selection(self.env))
        followups = dict(Response._fields["followup_state"]._description_selection(self.env))
        fields_ = ["date", "partner_id", "campaign_id", "score", "category", "comment",
                   "tier_id", "stage_id", "country_id", "followup_state"]
        for index, rec in enumerate(Response.search_read(domain, fields_), start=1):
            detail.write_row(index, 0, [
                rec["date"], _name(rec["partner_id"]), _name(rec["campaign_id"]),
                rec["score"], categories.get(rec["category"], ""), rec["comment"] or "",
                _name(rec["tier_id"]), _name(rec["stage_id"]), _name(rec["country_id"]),
                followups.get(rec["followup_state"], "")])
        book.close()
        return buffer.getvalue()


def _as_datetime(value):
    if isinstance(value, datetime.datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, datetime.date):
        return datetime.datetime(value.year, value.month, value.day)
    return datetime.datetime.strptime(str(value)[:19], "%Y-%m-%d %H:%M:%S")


def _utc(local, tz):
    """The UTC text of a local wall-clock instant (a period bound of the caller's tz)."""
    aware = pytz.timezone(tz).localize(local)
    return fields.Datetime.to_string(aware.astimezone(pytz.utc).replace(tzinfo=None))


def _round(value, digits=1):
    return round(value, digits) if value is not None else ""


def _blank(value):
    return value if value is not None else ""


def _name(value):
    return value[1] if value else ""
