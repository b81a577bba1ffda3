# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import datetime

from babel.dates import format_date
from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models

from odoo.addons.cx_experience import lang as cx_lang
from odoo.addons.cx_experience.domain import headline
from odoo.addons.cx_experience.domain.headline import UNIT_COUNT, UNIT_PERCENT, UNIT_POINTS

from ..domain import followup as fu
from ..domain import nps

RESPONSES_ACTION = "cx_nps_survey.action_cx_nps_response"
FOLLOWUPS_ACTION = "cx_nps_survey.action_cx_nps_followup"
TREND_MONTHS = 12


class CxHeadline(models.AbstractModel):
    """The NPS figures: the NPS of the period with its margin and the significance of
    its change, the NPS weighted to the customer base (tier x stage) with its margin
    and the representativeness of the answers, the response rate, and the detractor
    follow-ups still to be worked."""

    _inherit = "cx.headline"

    @api.model
    def _cx_headline_figures(self, date_from, date_to):
        figures = super(CxHeadline, self)._cx_headline_figures(date_from, date_to)
        if self.env["cx.nps.response"].check_access_rights("read", raise_exception=False):
            date_from, date_to = headline.check_period(date_from, date_to)
            figures += self._cx_nps_figures(date_from, date_to)
        return self._cx_sorted(figures)

    @api.model
    def _cx_dashboard_charts(self, date_from, date_to):
        charts = super(CxHeadline, self)._cx_dashboard_charts(date_from, date_to)
        if self.env["cx.nps.response"].check_access_rights("read", raise_exception=False):
            charts.append(self._cx_nps_trend_chart(headline.to_date(date_to)))
        return sorted(charts, key=lambda c: c["sequence"])

    @api.model
    def _cx_nps_summary(self, date_from, date_to):
        Response = self.env["cx.nps.response"]
        rows = Response._cx_nps_stats(Response._cx_period_domain(date_from, date_to))
        return rows[0] if rows else nps.summarize(0, 0, 0)

    @api.model
    def _cx_responses_action(self, name, date_from, date_to, extra=None):
        Response = self.env["cx.nps.response"]
        context = Response._cx_period_context(date_from, date_to)
        context.update(extra or {})
        return self._cx_open(Response, RESPONSES_ACTION, context=context, name=name)

    @api.model
    def _cx_nps_figures(self, date_from, date_to):
        prev_from, prev_to = headline.previous_period(date_from, date_to)
        current = self._cx_nps_summary(date_from, date_to)
        before = self._cx_nps_summary(prev_from, prev_to)
        significant = None
        if current["n"] and before["n"]:
            significant = bool(nps.change(before, current)[2])
        figures = [
            self._cx_figure(
                "nps", 10, _("NPS"), current["nps"], UNIT_POINTS,
                previous=before["nps"], margin=current["margin"], significant=significant,
                action=self._cx_responses_action(_("NPS answers"), date_from, date_to)),
            self._cx_weighted_figure(current, before, date_from, date_to),
            self._cx_figure(
                "nps_response_rate", 20, _("NPS response rate"), current["response_rate"],
                UNIT_PERCENT, previous=before["response_rate"],
                action=self._cx_responses_action(_("NPS answers"), date_from, date_to)),
        ]
        Response = self.env["cx.nps.response"]
        today = fields.Date.context_today(self)
        working = [("followup_state", "in", list(fu.WORKING_STATES))]
        backlog = Response.search_count(working)
        overdue = Response.search_count(working + [("followup_deadline", "<", today)])
        figures += [
            self._cx_figure(
                "followup_backlog", 30, _("Follow-ups to do"), backlog, UNIT_COUNT,
                higher_is_better=False,
                action=self._cx_open(Response, FOLLOWUPS_ACTION,
                                     context={"search_default_followup_open": 1},
                                     name=_("Follow-ups to do"))),
            self._cx_figure(
                "followup_overdue", 40, _("Follow-ups overdue"), overdue, UNIT_COUNT,
                higher_is_better=False,
                action=self._cx_open(Response, FOLLOWUPS_ACTION,
                                     context={"search_default_followup_overdue": 1},
                                     name=_("Follow-ups overdue"))),
        ]
        return figures

    @api.model
    def _cx_weighted_figure(self, current, before, date_from, date_to):
        """The NPS weighted to the customer base, its margin on Kish's effective sample
        and the significance of its change; with the representativeness (R-indicator,
        0-100) and the spread of the response rates across the tier x stage strata."""
        significant = None
        if current.get("weighted_nps") is not None and before.get("weighted_nps") is not None:
            significant = bool(nps.change(*[{
                "n": 1, "nps": row["weighted_nps"], "variance": row["weighted_variance"],
            } for row in (before, current)])[2])
        figure = self._cx_figure(
            "nps_weighted", 15, _("NPS weighted to the customer base"),
            current.get("weighted_nps"), UNIT_POINTS, previous=before.get("weighted_nps"),
            margin=current.get("weighted_margin"), significant=significant,
            action=self._cx_responses_action(_("NPS answers"), date_from, date_to))
        figure.update(representativeness=current.get("representativeness"),
                      response_rate_cv=current.get("response_rate_cv"))
        return figure

    @api.model
    def _cx_nps_trend_chart(self, date_to):
        """NPS per month over the twelve months up to ``date_to``, with its 95 % band;
        a month still running is marked partial."""
        today = fields.Date.from_string(fields.Date.context_today(self))
        first = date_to.replace(day=1) - relativedelta(months=TREND_MONTHS - 1)
        last = first + relativedelta(months=TREND_MONTHS) - datetime.timedelta(days=1)
        Response = self.env["cx.nps.response"]
        # one statement for the twelve months (the months are the caller's time zone's)
        per_month = {str(row["key"])[:10]: row for row in Response._cx_nps_stats(
            Response._cx_period_domain(first, last), "date:month")}
        empty = nps.summarize(0, 0, 0)
        points = []
        for index in range(TREND_MONTHS):
            start = first + relativedelta(months=index)
            end = start + relativedelta(months=1) - datetime.timedelta(days=1)
            summary = per_month.get(fields.Date.to_string(start), empty)
            points.append({
                "key": fields.Date.to_string(start),
                "label": self._cx_month_label(start),
                "value": summary["nps"], "low": summary["low"], "high": summary["high"],
                "n": summary["n"], "partial": end >= today,
                "action": self._cx_responses_action(
                    _("NPS answers"), start, min(end, max(today, start))),
            })
        return {"code": "nps_trend", "sequence": 10, "title": _("NPS per month (95 % band)"),
                "kind": "line_band", "unit": UNIT_POINTS, "y_min": -100, "y_max": 100,
                "empty": not any(p["n"] for p in points), "points": points}

    @api.model
    def _cx_month_label(self, day):
        return format_date(day, "MMM yy", locale=self.env.lang or cx_lang.FALLBACK_LANG)
