# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What drives the score, under the NPS analysis: the key-driver analysis of
domain/drivers.py over customer-level drivers Odoo holds, gathered in one SQL pass."""
from odoo import _, api, models

from ..domain import drivers

#: a driver's window before the answer (days)
WINDOW_DAYS = 90
#: a touchpoint score at or below this is a bad experience (0-10 scale, as detractors)
LOW_SCORE = 6
#: value tiers of the big accounts
BIG_TIERS = ("strategic", "high")
#: a customer for longer than this at its answer (days)
TENURE_DAYS = 365

# The drivers of this addon: (key, SQL of a yes/no value of the answer "r" joined to its
# customer "p", its parameters). The SQL is ours (constants of this file), never a
# caller's; its values are bound parameters.
DRIVER_SQL = (
    ("low_touchpoint", """EXISTS (
        SELECT 1 FROM cx_interaction i
         WHERE i.partner_id = r.partner_id AND i.has_score AND i.score <= %s
           AND COALESCE(i.res_model, '') != 'cx.nps.response'
           AND i.date <= r.date AND i.date > r.date - make_interval(days => %s))""",
     (LOW_SCORE, WINDOW_DAYS)),
    ("overdue_invoice", """EXISTS (
        SELECT 1 FROM account_invoice v
         WHERE v.commercial_partner_id = p.commercial_partner_id
           AND v.type = 'out_invoice' AND v.state = 'open'
           AND v.date_due < r.date::date)""", ()),
    ("big_account", """EXISTS (
        SELECT 1 FROM cx_tier t WHERE t.id = r.tier_id AND t.code IN %s)""", (BIG_TIERS,)),
    ("tenure", "p.create_date < r.date - make_interval(days => %s)", (TENURE_DAYS,)),
)


class CxNpsAnalysis(models.TransientModel):
    _inherit = "cx.nps.analysis"

    @api.model
    def _cx_driver_sql(self):
        """The drivers of the analysis: [(key, SQL of a yes/no value of the answer "r"
        joined to its customer "p", its parameters, label)]. Bridge addons append
        theirs (cx_sla_nps: tickets and their SLA); each SQL is a constant of its
        addon's code."""
        labels = {
            "low_touchpoint": _("A touchpoint scored %(low)s or less in the %(days)s days "
                                "before") % {"low": LOW_SCORE, "days": WINDOW_DAYS},
            "overdue_invoice": _("An invoice overdue at the answer (still open)"),
            "big_account": _("Strategic or high-value customer"),
            "tenure": _("Customer for more than a year"),
        }
        return [(key, sql, params, labels[key]) for key, sql, params in DRIVER_SQL]

    @api.model
    def _cx_driver_matrix(self, domain):
        """(keys, labels, scores, flags): each customer's latest answer matching the
        domain (the caller's record rules apply) with its drivers, in one statement."""
        Response = self.env["cx.nps.response"]
        query = Response._where_calc(Response._cx_stats_domain(domain))
        Response._apply_ir_rules(query, "read")
        from_clause, where_clause, params = query.get_sql()
        columns = self._cx_driver_sql()
        # the answers' filter comes first in the statement, then the drivers
        params = list(params)
        for _key, _sql, driver_params, _label in columns:
            params += list(driver_params)
        sql = """
            WITH latest AS (
                SELECT DISTINCT ON ("cx_nps_response".partner_id) "cx_nps_response".id
                  FROM {tables} {where}
                 ORDER BY "cx_nps_response".partner_id, "cx_nps_response".date DESC,
                          "cx_nps_response".id DESC)
            SELECT r.score, {drivers}
              FROM latest JOIN cx_nps_response r ON r.id = latest.id
              JOIN res_partner p ON p.id = r.partner_id
        """.format(tables=from_clause,
                   where=("WHERE " + where_clause) if where_clause else "",
                   drivers=", ".join("(%s)" % column for _key, column, _p, _l in columns))
        rows = Response._cx_fetch(sql, params)
        scores = [row[0] for row in rows]
        flags = [[bool(value) for value in row[1:]] for row in rows]
        return ([column[0] for column in columns], [column[3] for column in columns],
                scores, flags)

    @api.model
    def _cx_drivers(self, domain):
        """The key-driver analysis as plain values: n, r2, and per driver its relative
        weight with the bootstrap interval and the NPS with and without it; or
        ``insufficient`` (fewer customers than domain/drivers.MIN_ANSWERS)."""
        keys, labels, scores, flags = self._cx_driver_matrix(domain)
        result = {"n": len(scores), "min": drivers.MIN_ANSWERS, "insufficient": False,
                  "r2": None, "drivers": [], "resamples": drivers.BOOTSTRAP_RESAMPLES}
        try:
            matrix = [[float(f) for f in row] for row in flags]
            weights, r2 = drivers.relative_weights(matrix, scores)
            low, high = drivers.bootstrap_intervals(matrix, scores)
        except drivers.InsufficientSample:
            result["insufficient"] = True
            return result
        result["r2"] = float(r2)
        for index, key in enumerate(keys):
            column = [row[index] for row in flags]
            with_, without, (diff, _z, significant) = drivers.with_without(scores, column)
            result["drivers"].append({
                "key": key, "label": labels[index], "weight": float(weights[index]),
                "low": float(low[index]), "high": float(high[index]),
                "with": with_, "without": without, "difference": diff,
                "significant": significant})
        result["drivers"].sort(key=lambda d: -d["weight"])
        return result

    @api.model
    def _cx_panels(self, domain):
        panels = super(CxNpsAnalysis, self)._cx_panels(domain)
        panels.append(self._cx_drivers_panel(self._cx_drivers(domain)))
        return panels

    @api.model
    def _cx_drivers_panel(self, analysis):
        """The analysis as a panel of the screen, in plain words of the reader."""
        title = _("What drives the score")
        if analysis["insufficient"] and analysis["n"] >= analysis["min"]:
            return {"title": title, "columns": [], "rows": [], "note": _(
                "Insufficient sample: the %(n)s answers or their drivers do not vary "
                "enough for a driver analysis.") % {"n": self._cx_number(analysis["n"], 0)}}
        if analysis["insufficient"]:
            return {"title": title, "columns": [], "rows": [], "note": _(
                "Insufficient sample: %(n)s customers answered, at least %(min)s are "
                "needed for a driver analysis.") % {
                    "n": self._cx_number(analysis["n"], 0),
                    "min": self._cx_number(analysis["min"], 0)}}
        rows = []
        for driver in analysis["drivers"]:
            rows.append([
                driver["label"],
                _("%(weight)s %% (%(low)s … %(high)s)") % {
                    "weight": self._cx_number(100.0 * driver["weight"], 1),
                    "low": self._cx_number(100.0 * driver["low"], 1),
                    "high": self._cx_number(100.0 * driver["high"], 1)},
                self._cx_nps_with_margin(driver["with"]),
                self._cx_nps_with_margin(driver["without"]),
                (_("%s, significant") if driver["significant"] else _("%s, not significant"))
                % self._cx_number(driver["difference"], 1, sign=True)
                if driver["difference"] is not None else self._cx_no_data(),
            ])
        return {
            "title": title,
            "columns": [_("Driver"), _("Share of the score explained (95% interval)"),
                        _("NPS with it"), _("NPS without it"), _("Without minus with")],
            "rows": rows,
            "note": _(
                "How much each driver explains of the 0-10 score of %(n)s customers (their "
                "latest answer): Johnson's relative weights, together %(r2)s %% of the "
                "score's variance, with 95%% intervals from %(resamples)s bootstrap "
                "resamples. Then the NPS of the customers with the driver and without "
                "it; a difference is significant when it is beyond chance at 95%%.") % {
                    "n": self._cx_number(analysis["n"], 0),
                    "r2": self._cx_number(100.0 * analysis["r2"], 1),
                    "resamples": analysis["resamples"]},
        }

    @api.model
    def _cx_nps_with_margin(self, summary):
        if not summary["n"]:
            return self._cx_no_data()
        return "%s ± %s (%s)" % (self._cx_number(summary["nps"], 1, sign=True),
                                 self._cx_number(summary["margin"], 1),
                                 self._cx_number(summary["n"], 0))
