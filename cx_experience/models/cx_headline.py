# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..actions import open_action
from ..domain import codes, headline
from ..domain.headline import UNIT_COUNT, UNIT_CURRENCY

TARGET_PARAM = "cx_experience.target_"
CUSTOMERS_ACTION = "cx_experience.action_cx_customers"


class CxHeadline(models.AbstractModel):
    """The headline figures of the suite, for the CEM dashboard and the digests.

    ``_cx_headline_figures(date_from, date_to)`` returns plain dicts (see the README,
    "Headline figures"), computed set-based with the caller's rights: record rules
    apply, and a figure whose records the caller may not read is left out. Each addon
    adds its own figures by overriding ``_cx_headline_figures`` and calling super;
    the charts of the dashboard likewise through ``_cx_dashboard_charts``.
    """

    _name = "cx.headline"
    _description = "Headline figures"

    # ------------------------------------------------------------ the interface
    @api.model
    def _cx_headline_figures(self, date_from, date_to):
        """The figures of the period ``date_from``..``date_to`` (dates, included),
        each against the previous period of the same length, ordered by sequence."""
        date_from, date_to = headline.check_period(date_from, date_to)
        figures = []
        if self.env["res.partner"].check_access_rights("read", raise_exception=False):
            figures += self._cx_customer_figures()
        if self.env["cx.lifecycle.history"].check_access_rights("read", raise_exception=False):
            figures += self._cx_churn_figures(date_from, date_to)
        return self._cx_sorted(figures)

    @api.model
    def _cx_dashboard_charts(self, date_from, date_to):
        """The charts of the dashboard: a list of dicts with code, sequence, title,
        kind ('bar', 'line_band'), unit and points (label, value, action, and low /
        high for a band)."""
        charts = []
        if self.env["res.partner"].check_access_rights("read", raise_exception=False):
            charts += self._cx_customer_charts()
        return sorted(charts, key=lambda c: c["sequence"])

    # ------------------------------------------------------------ the dashboard
    @api.model
    def cx_dashboard_data(self, date_from=False, date_to=False):
        """The CEM dashboard: the headline figures and the charts of a period (by
        default the last 30 days), for the CX users. No data is ``False`` (XML-RPC
        carries no None), never 0."""
        if not self.env.user.has_group("cx_experience.group_cx_user"):
            raise AccessError(_("Only Customer Experience users can read the CEM "
                                "dashboard."))
        today = fields.Date.from_string(fields.Date.context_today(self))
        try:
            if date_from or date_to:
                date_from, date_to = headline.check_period(
                    date_from or date_to, date_to or date_from)
            else:
                date_from, date_to = headline.default_period(today)
        except headline.PeriodError:
            raise UserError(_("The period must be two dates (YYYY-MM-DD), the first "
                              "not after the second, at most ten years apart."))
        prev_from, prev_to = headline.previous_period(date_from, date_to)
        Period = self.env["cx.period.mixin"]
        cached = self.with_context(cx_action_cache={})
        return _rpc({
            "period": {
                "date_from": fields.Date.to_string(date_from),
                "date_to": fields.Date.to_string(date_to),
                "label": Period._cx_period_label(date_from, date_to),
                "previous_label": Period._cx_period_label(prev_from, prev_to),
            },
            "figures": cached._cx_headline_figures(date_from, date_to),
            "charts": cached._cx_dashboard_charts(date_from, date_to),
            "multi_company": self.env.user.has_group("base.group_multi_company"),
        })

    # ------------------------------------------------------------ helpers
    @api.model
    def _cx_sorted(self, figures):
        return sorted(figures, key=lambda f: (f["sequence"], f["code"]))

    @api.model
    def _cx_targets(self):
        """The targets set in Settings: code -> number (unset targets are absent)."""
        get = self.env["ir.config_parameter"].sudo().get_param
        targets = {}
        for code in headline.TARGET_CODES:
            value = headline.parse_target(get(TARGET_PARAM + code))
            if value is not None:
                targets[code] = value
        return targets

    @api.model
    def _cx_figure(self, code, sequence, label, value, unit, higher_is_better=True,
                   previous=None, margin=None, significant=None, action=False,
                   currency_id=False):
        """One figure of the interface, with its target and its colour."""
        target = self.env.context.get("cx_headline_targets")
        if target is None:
            target = self._cx_targets()
        target = target.get(code)
        return {
            "code": code, "sequence": sequence, "label": label, "value": value,
            "unit": unit, "currency_id": currency_id if unit == UNIT_CURRENCY else False,
            "margin": margin, "previous": previous, "significant": significant,
            "target": target, "higher_is_better": higher_is_better,
            "status": headline.status(value, target, higher_is_better, unit),
            "trend": headline.trend(value, previous),
            "action": action,
        }

    @api.model
    def _cx_open(self, records, xmlid, context=None, name=None):
        """The drill-down of a figure: ``open_action`` on ``records``' model with these
        search defaults. Within one dashboard call (``cx_action_cache`` in the context)
        each action is read once: reading an action reads its search view, and a
        dashboard has some thirty drill-downs on a handful of actions."""
        cache = self.env.context.get("cx_action_cache")
        if cache is None:
            return open_action(records, [], xmlid=xmlid, context=context, name=name)
        if xmlid not in cache:
            cache[xmlid] = open_action(records, [], xmlid=xmlid)
        action = dict(cache[xmlid], domain=[], context=context or {})
        if name:
            action["display_name"] = action["name"] = name
        return action

    @api.model
    def _cx_customer_domain(self):
        """The customers every figure counts, each once: active commercial entities
        (companies and individuals, not their contacts) marked as customers."""
        return [("customer", "=", True), "|", ("is_company", "=", True),
                ("parent_id", "=", False)]

    @api.model
    def _cx_customers_action(self, name, search_defaults):
        """The customers list with the filters as facets the user sees."""
        context = {"search_default_cx_commercial": 1}
        context.update(("search_default_%s" % key, value)
                       for key, value in search_defaults.items())
        return self._cx_open(self.env["res.partner"], CUSTOMERS_ACTION,
                             context=context, name=name)

    @api.model
    def _cx_count(self, model, domain, distinct=None):
        """How many records of ``model`` match ``domain`` under the caller's rules
        (``distinct``: a column of ours, counted once per value)."""
        Model = self.env[model]
        if not distinct:
            return Model.search_count(domain)
        Model.check_access_rights("read")
        query = Model._where_calc(domain)
        Model._apply_ir_rules(query, "read")
        from_clause, where_clause, params = query.get_sql()
        # the column name comes from our code, never from the caller
        self.env.cr.execute('SELECT COUNT(DISTINCT "%s"."%s") FROM %s %s' % (
            Model._table, distinct, from_clause,
            ("WHERE " + where_clause) if where_clause else ""), params)
        return self.env.cr.fetchone()[0]

    @api.model
    def _cx_currency(self):
        return self.env.user.company_id.currency_id

    # ------------------------------------------------------------ cx_experience's own
    @api.model
    def _cx_customer_figures(self):
        Partner = self.env["res.partner"]
        base = self._cx_customer_domain()
        figures = []
        tiers = self.env["cx.tier"].search([], order="sequence, id")
        groups = Partner.read_group(base, ["cx_tier_id"], ["cx_tier_id"], lazy=False)
        counts = {(g["cx_tier_id"] or [False])[0]: g["__count"] for g in groups}
        for index, tier in enumerate(tiers):
            figures.append(self._cx_figure(
                "customers_%s" % tier.code, 200 + index, _("Customers of tier %s") % tier.name,
                counts.get(tier.id, 0), UNIT_COUNT,
                action=self._cx_customers_action(
                    _("Customers of tier %s") % tier.name, {"cx_tier_id": tier.id})))
        if counts.get(False):
            figures.append(self._cx_figure(
                "customers_no_tier", 200 + len(tiers), _("Customers without a tier yet"),
                counts[False], UNIT_COUNT,
                action=self._cx_customers_action(
                    _("Customers without a tier yet"), {"cx_no_tier": 1})))

        quadrants = Partner.read_group(base + [("cx_quadrant", "!=", False)],
                                       ["cx_quadrant", "cx_revenue"], ["cx_quadrant"],
                                       lazy=False)
        measured = sum(g["__count"] for g in quadrants)
        at_risk = next((g for g in quadrants if g["cx_quadrant"] == codes.QUADRANT_AT_RISK),
                       None)
        # Without any customer measured there is no quadrant at all: no data, not 0.
        at_risk_count = (at_risk["__count"] if at_risk else 0) if measured else None
        at_risk_revenue = ((at_risk["cx_revenue"] or 0.0) if at_risk else 0.0) \
            if measured else None
        at_risk_action = self._cx_customers_action(_("Customers at risk"), {"cx_at_risk": 1})
        figures.append(self._cx_figure(
            "revenue_at_risk", 110, _("Revenue at risk"), at_risk_revenue, UNIT_CURRENCY,
            higher_is_better=False, action=at_risk_action,
            currency_id=self._cx_currency().id))
        figures.append(self._cx_figure(
            "at_risk_customers", 120, _("Customers at risk"), at_risk_count, UNIT_COUNT,
            higher_is_better=False, action=at_risk_action))
        without = Partner.search_count(base + [("cx_at_risk_no_action", "=", True)]) \
            if measured else None
        figures.append(self._cx_figure(
            "at_risk_without_action", 130, _("At risk without an action"), without,
            UNIT_COUNT, higher_is_better=False,
            action=self._cx_customers_action(_("At risk without an action"),
                                             {"cx_at_risk_no_action": 1})))
        return figures

    @api.model
    def _cx_churn_figures(self, date_from, date_to):
        churned = self.env["cx.lifecycle.stage"].search(
            [("code", "=", codes.STAGE_CHURNED)], limit=1)
        if not churned:
            return []
        History = self.env["cx.lifecycle.history"]

        def count(start, end):
            return self._cx_count("cx.lifecycle.history", [
                ("stage_id", "=", churned.id)] + History._cx_period_domain(start, end),
                distinct="partner_id")
        prev_from, prev_to = headline.previous_period(date_from, date_to)
        context = History._cx_period_context(date_from, date_to)
        context["search_default_stage_id"] = churned.id
        action = self._cx_open(History, "cx_experience.action_cx_lifecycle_history",
                               context=context, name=_("Customers churned"))
        return [self._cx_figure(
            "churned", 140, _("Customers churned"), count(date_from, date_to), UNIT_COUNT,
            higher_is_better=False, previous=count(prev_from, prev_to), action=action)]

    @api.model
    def _cx_customer_charts(self):
        Partner = self.env["res.partner"]
        base = self._cx_customer_domain()
        labels = dict(Partner._fields["cx_quadrant"]._description_selection(self.env))
        groups = {g["cx_quadrant"]: g for g in Partner.read_group(
            base + [("cx_quadrant", "!=", False)], ["cx_quadrant", "cx_revenue"],
            ["cx_quadrant"], lazy=False)}
        quadrant_points = []
        for code in codes.QUADRANT_CODES:
            group = groups.get(code)
            quadrant_points.append({
                "key": code, "label": labels.get(code, code),
                "value": group["__count"] if group else 0,
                "revenue": (group["cx_revenue"] or 0.0) if group else 0.0,
                "action": self._cx_customers_action(labels.get(code, code),
                                                    {"cx_quadrant": code}),
            })
        stages = self.env["cx.lifecycle.stage"].search([], order="sequence, id")
        stage_counts = {(g["cx_stage_id"] or [False])[0]: g["__count"] for g in
                        Partner.read_group(base, ["cx_stage_id"], ["cx_stage_id"], lazy=False)}
        funnel_points = [{
            "key": stage.code, "label": stage.name, "value": stage_counts.get(stage.id, 0),
            "action": self._cx_customers_action(stage.name, {"cx_stage_id": stage.id}),
        } for stage in stages]
        return [
            {"code": "quadrant", "sequence": 30, "title": _("Customer quadrant"),
             "kind": "bar", "unit": UNIT_COUNT, "currency_id": self._cx_currency().id,
             "empty": not groups, "points": quadrant_points},
            {"code": "funnel", "sequence": 40, "title": _("Customers per lifecycle stage"),
             "kind": "bar", "unit": UNIT_COUNT, "empty": not any(stage_counts.values()),
             "points": funnel_points},
        ]


def _rpc(value):
    """``value`` with every None turned into False, for XML-RPC."""
    if value is None:
        return False
    if isinstance(value, dict):
        return {key: _rpc(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_rpc(item) for item in value]
    return value
