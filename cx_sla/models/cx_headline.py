# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, models

from odoo.addons.cx_experience.domain import headline
from odoo.addons.cx_experience.domain.headline import UNIT_COUNT, UNIT_PERCENT

from ..domain import status as st

TICKETS_ACTION = "helpdesk_mgmt.helpdesk_ticket_action"
COMPLIANCE_ACTION = "cx_sla.action_cx_sla_line_report"
# The SLA alert of a ticket (its running target past the at-risk moment or deadline).
ALERT_BREACHED = st.BREACHED
ALERT_AT_RISK = st.AT_RISK


class CxHeadline(models.AbstractModel):
    """The SLA figures: compliance of the targets whose clock started in the period
    (met over met and breached, as the SLA compliance report counts them), and the
    open tickets breached or at risk now."""

    _inherit = "cx.headline"

    @api.model
    def _cx_sla_readable(self):
        return (self.env["cx.sla.report"].check_access_rights("read", raise_exception=False)
                and self.env["helpdesk.ticket"].check_access_rights(
                    "read", raise_exception=False))

    @api.model
    def _cx_headline_figures(self, date_from, date_to):
        figures = super(CxHeadline, self)._cx_headline_figures(date_from, date_to)
        if self._cx_sla_readable():
            date_from, date_to = headline.check_period(date_from, date_to)
            figures += self._cx_sla_figures(date_from, date_to)
        return self._cx_sorted(figures)

    @api.model
    def _cx_dashboard_charts(self, date_from, date_to):
        charts = super(CxHeadline, self)._cx_dashboard_charts(date_from, date_to)
        if self._cx_sla_readable():
            charts.append(self._cx_sla_team_chart(*headline.check_period(date_from, date_to)))
        return sorted(charts, key=lambda c: c["sequence"])

    @api.model
    def _cx_sla_finished_domain(self, date_from, date_to):
        Report = self.env["cx.sla.report"]
        return [("state", "in", (st.MET, st.BREACHED))] + Report._cx_period_domain(
            date_from, date_to)

    @api.model
    def _cx_sla_compliance(self, date_from, date_to, groupby=None):
        """Met share (%) of the finished targets started in the period: one figure, or
        per value of ``groupby`` ({key: (share or None, finished count)})."""
        groups = self.env["cx.sla.report"].read_group(
            self._cx_sla_finished_domain(date_from, date_to),
            ["met_count", "breached_count"] + ([groupby] if groupby else []),
            [groupby] if groupby else [], lazy=False)
        result = {}
        for group in groups:
            met, breached = group["met_count"] or 0, group["breached_count"] or 0
            key = group.get(groupby) if groupby else None
            result[key[0] if isinstance(key, (list, tuple)) else key] = (
                headline.share(met, met + breached), met + breached)
        if groupby:
            return result
        return result.get(None, (None, 0))[0]

    @api.model
    def _cx_compliance_action(self, name, date_from, date_to, extra=None):
        Report = self.env["cx.sla.report"]
        context = Report._cx_period_context(date_from, date_to)
        context.update({"search_default_finished": 1}, **(extra or {}))
        return self._cx_open(Report, COMPLIANCE_ACTION, context=context, name=name)

    @api.model
    def _cx_sla_figures(self, date_from, date_to):
        prev_from, prev_to = headline.previous_period(date_from, date_to)
        Ticket = self.env["helpdesk.ticket"]
        breached = Ticket.search_count([("cx_sla_alert", "=", ALERT_BREACHED)])
        at_risk = Ticket.search_count([("cx_sla_alert", "=", ALERT_AT_RISK)])

        def tickets(name, search_filter):
            return self._cx_open(Ticket, TICKETS_ACTION,
                                 context={"search_default_" + search_filter: 1}, name=name)
        return [
            self._cx_figure(
                "sla_compliance", 50, _("SLA compliance"),
                self._cx_sla_compliance(date_from, date_to), UNIT_PERCENT,
                previous=self._cx_sla_compliance(prev_from, prev_to),
                action=self._cx_compliance_action(_("SLA compliance"), date_from, date_to)),
            self._cx_figure(
                "sla_breached_now", 60, _("Tickets breached now"), breached, UNIT_COUNT,
                higher_is_better=False,
                action=tickets(_("Tickets breached now"), "sla_alert_breached")),
            self._cx_figure(
                "sla_at_risk_now", 70, _("Tickets at risk now"), at_risk, UNIT_COUNT,
                higher_is_better=False,
                action=tickets(_("Tickets at risk now"), "sla_alert_at_risk")),
        ]

    @api.model
    def _cx_sla_team_chart(self, date_from, date_to):
        per_team = self._cx_sla_compliance(date_from, date_to, groupby="team_id")
        teams = self.env["helpdesk.ticket.team"].browse(
            [key for key in per_team if key]).sorted(lambda t: t.name or "")
        points = []
        for team in teams:
            share, finished = per_team[team.id]
            points.append({
                "key": team.id, "label": team.name, "value": share, "n": finished,
                "action": self._cx_compliance_action(
                    _("SLA compliance: %s") % team.name, date_from, date_to,
                    {"search_default_team_id": team.id}),
            })
        if per_team.get(False):
            share, finished = per_team[False]
            points.append({"key": False, "label": _("No team"), "value": share,
                           "n": finished, "action": self._cx_compliance_action(
                               _("SLA compliance: no team"), date_from, date_to,
                               {"search_default_no_team": 1})})
        return {"code": "sla_teams", "sequence": 20, "title": _("SLA compliance per team"),
                "kind": "bar", "unit": UNIT_PERCENT, "y_min": 0, "y_max": 100,
                "empty": not points, "points": points}
