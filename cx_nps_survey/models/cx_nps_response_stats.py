# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The NPS statistics of cx.nps.response: three set-based statements, then the maths of
domain/stats_engine.py (plain and weighted NPS, response rates per stratum)."""
import psycopg2
import pytz

from odoo import _, api, models
from odoo.exceptions import UserError

from ..domain import nps, stats
from ..domain import stats_engine as engine

#: dimensions of the statistics: name -> field of cx.nps.response to group by
DIMENSIONS = stats.DIMENSIONS
PERIODS = stats.PERIODS
#: the customer base the answers are weighted to: active commercial customers (the
#: record rules of the caller on contacts apply)
BASE_DOMAIN = [("customer", "=", True), ("parent_id", "=", False)]
#: planner settings of one statistics statement (then restored), for this transaction
#: only. PostgreSQL guesses its groups as the product of the keys' distinct values
#: (100,000+ where there are a few thousand): with its default 4 MB it would sort a
#: million rows on disk instead of hashing, and it would price gathering so many
#: partial groups of parallel workers so high that it scans alone. With the gather
#: priced free, the two cores both scan and pre-aggregate (bench/nps_weight_bench.py:
#: 2.4 s -> 0.8 s for the answer pass at load 9).
STATS_SETTINGS = (("work_mem", "64MB"), ("parallel_setup_cost", "0"),
                  ("parallel_tuple_cost", "0"))


def _rpc_value(value):
    """None as False, in nested lists and dicts too (XML-RPC cannot carry None)."""
    if value is None:
        return False
    if isinstance(value, dict):
        return {name: _rpc_value(item) for name, item in value.items()}
    if isinstance(value, list):
        return [_rpc_value(item) for item in value]
    return value


def _positions(count):
    """GROUP BY 1, 2, ... count."""
    return ", ".join(str(i + 1) for i in range(count))


class CxNpsResponse(models.Model):
    _inherit = "cx.nps.response"

    @api.model
    def cx_nps_stats(self, domain, dimension=None):
        """The NPS figures of ``_cx_nps_stats`` for an RPC client: a figure with no data
        (a margin without answers, a rate without invitations) is False, as read() gives
        it for an empty field, since XML-RPC cannot carry None."""
        return [_rpc_value(row) for row in self._cx_nps_stats(domain, dimension)]

    @api.model
    def _cx_nps_stats(self, domain, dimension=None):
        """NPS figures per group, set-based: one SQL pass over the answers' cells.

        ``dimension``: None (one total), a key of DIMENSIONS ('campaign', 'month'...),
        a field name of one ('campaign_id', 'date:month', any period of PERIODS), or a
        list of them for a cross table (campaign x month); anything else is refused.
        The caller needs read access to the answers; the domain and the caller's
        record rules apply (a CX user counts its own customers' answers only).

        Returns a list of dicts with 'key' (a value or a tuple), 'label' and 'sort':

        - the plain figures of domain/nps.summarize (n, counts, shares, nps, variance,
          margin, low, high, invitations, response_rate). Invitations and response
          rate are filled for the total and for campaign, period, tier, stage and
          touchpoint groups (invitations counted by sending date, in the tier and
          stage of the customer when invited, at their campaign's touchpoint), None
          elsewhere (country, team);
        - the answers weighted to the customer base (domain/weighting.py):
          weighted_nps, weighted_variance, weighted_margin, weighted_low/high, n_eff
          (Kish), design_effect, weighting ('poststrat', 'collapsed', 'raking'),
          weight_max, trimmed, coverage (% of the base represented), revenue_nps;
        - response_rate_cv and representativeness (R-indicator, %) across the tier x
          stage strata of the invitations;
        - strata: per tier x stage, tier_id, stage_id, population, answers, weight,
          invitations, response_rate.

        Every figure without data is None.
        """
        self.check_access_rights("read")
        groupbys = self._cx_stats_groupbys(dimension)
        tz = self._cx_stats_tz()
        domain = self._cx_stats_domain(domain)
        answers = self._cx_stats_cells(domain, groupbys, tz)
        invitations = self._cx_invitation_strata(domain, groupbys, tz)
        population, revenue = self._cx_stats_population()
        rows = engine.group_rows(answers, len(groupbys), invitations, population, groupbys,
                                 revenue)
        labels = self._cx_stats_labels(groupbys)
        for row in rows:
            row.update(label=labels.label(row["key"]), sort=labels.sort(row["key"]))
        rows.sort(key=lambda r: r["sort"])
        return rows

    @api.model
    def _cx_stats_groupbys(self, dimension):
        try:
            return stats.groupbys(dimension)
        except ValueError as error:
            raise UserError(_(
                "The NPS statistics cannot be broken down by '%(dimension)s'. "
                "Choose one of: %(dimensions)s.") % {
                    "dimension": error.args[0][:80],
                    "dimensions": ", ".join(sorted(DIMENSIONS))})

    @api.model
    def _cx_stats_tz(self):
        """The caller's time zone for the periods, checked (it comes from the client)."""
        tz = self.env.context.get("tz") or self.env.user.tz or "UTC"
        if not isinstance(tz, str) or tz not in pytz.all_timezones_set:
            raise UserError(_("Unknown time zone: %s.") % str(tz)[:80])
        return tz

    @api.model
    def _cx_stats_domain(self, domain):
        if domain is None or domain is False:
            return []
        if not isinstance(domain, (list, tuple)):
            raise UserError(_("The filter of the NPS statistics must be a list of "
                              "conditions."))
        return list(domain)

    @api.model
    def _cx_fetch(self, sql, params):
        """Run one statement of the statistics; a value PostgreSQL refuses (a text for an
        id, a malformed date) is a readable error, and the transaction stays usable."""
        cr = self.env.cr
        try:
            with cr.savepoint():
                cr.execute("SELECT " + ", ".join(
                    "current_setting(%s), set_config(%s, %s, true)"
                    for _name in STATS_SETTINGS), [
                        value for name, setting in STATS_SETTINGS
                        for value in (name, name, setting)])
                previous = cr.fetchone()[::2]
                cr.execute(sql, params)
                rows = cr.fetchall()
                cr.execute("SELECT " + ", ".join(
                    "set_config(%s, %s, true)" for _name in STATS_SETTINGS), [
                        value for (name, _s), old in zip(STATS_SETTINGS, previous)
                        for value in (name, old)])
                return rows
        except (psycopg2.DataError, psycopg2.ProgrammingError):
            raise UserError(_("The filter of the NPS statistics is not valid."))

    @api.model
    def _cx_stats_select(self, model, domain, groupbys, tz, column_of):
        """(inner SELECT of the group keys k0, k1..., params) of ``model`` under the
        caller's record rules; ``column_of`` maps a group-by to its column."""
        try:
            query = model._where_calc(domain)
        except (ValueError, AssertionError, KeyError, TypeError):
            raise UserError(_("The filter of the NPS statistics is not valid."))
        model._apply_ir_rules(query, "read")
        from_clause, where_clause, params = query.get_sql()
        table = '"%s"' % model._table
        selects, group_params = [], []
        for index, groupby in enumerate(groupbys):
            expression, expr_params = engine.group_expression(
                groupby, table, column_of(groupby), tz)
            selects.append("%s AS k%d" % (expression, index))
            group_params += expr_params
        # every identifier comes from the whitelists of domain/stats.py or from the
        # ORM's own query; every value is a bound parameter
        sql = "SELECT {keys} {table}.* FROM {tables} {where}".format(
            keys="".join(s + ", " for s in selects), table=table, tables=from_clause,
            where=("WHERE " + where_clause) if where_clause else "")
        return sql, group_params + params

    @api.model
    def _cx_stats_cells(self, domain, groupbys, tz):
        """The answers per group x tier x stage: counts per category, one statement
        over the answers' stored columns."""
        inner, params = self._cx_stats_select(
            self, domain, groupbys, tz, lambda g: g.split(":")[0])
        keys = "".join("r.k%d, " % i for i in range(len(groupbys)))
        return self._cx_fetch("""
            SELECT {keys} r.tier_id, r.stage_id,
                   count(*) FILTER (WHERE r.category = %s),
                   count(*) FILTER (WHERE r.category = %s),
                   count(*) FILTER (WHERE r.category = %s)
              FROM ({inner}) r
             GROUP BY {positions}
        """.format(keys=keys, inner=inner, positions=_positions(len(groupbys) + 2)),
            [nps.PROMOTER, nps.PASSIVE, nps.DETRACTOR] + params)

    @api.model
    def _cx_invitation_strata(self, domain, groupbys, tz="UTC"):
        """Invitations per group x tier x stage, or None when the invitations are not
        comparable with the answers.

        Invitations are survey tokens of NPS campaigns; the campaign and date filters of
        the response domain apply to the campaign and sending date of the invitations
        (domain/stats.py: only those terms translate, their values checked). They are
        counted with the caller's rights: the rules of security/cx_nps_security.xml let
        CX managers read every NPS invitation and CX users those of their own
        customers, like the answers, so the response rate compares like with like. The
        stratum is the customer's tier and stage when invited (stored on the
        invitation, like an answer's).
        """
        groupbys = stats.groupbys(groupbys)
        invitation_domain = stats.invitation_domain(domain or [], groupbys)
        if invitation_domain is None:
            return None
        UserInput = self.env["survey.user_input"]
        UserInput.check_access_rights("read")
        inner, params = self._cx_stats_select(
            UserInput, invitation_domain, groupbys, tz,
            lambda g: stats.INVITATION_FIELDS[g.partition(":")[0]])
        # a group-by read on the campaign (the touchpoint): the inner key is the
        # campaign, its column is the group (a small table, hashed once)
        keys, joins = [], []
        for index, groupby in enumerate(groupbys):
            column = stats.INVITATION_CAMPAIGN_FIELDS.get(groupby)
            if column is None:
                keys.append("ui.k%d, " % index)
                continue
            keys.append("c{i}.{column}, ".format(i=index, column=column))
            joins.append("LEFT JOIN cx_nps_campaign c{i} ON c{i}.id = ui.k{i}".format(
                i=index))
        return self._cx_fetch("""
            SELECT {keys} ui.cx_nps_tier_id, ui.cx_nps_stage_id, count(*)
              FROM ({inner}) ui {joins}
             GROUP BY {positions}
        """.format(keys="".join(keys), inner=inner, joins=" ".join(joins),
                   positions=_positions(len(groupbys) + 2)), params)

    @api.model
    def _invitation_counts(self, domain, groupbys, tz="UTC"):
        """Invitations grouped like the responses ({key: count}), or None when not
        comparable (see _cx_invitation_strata)."""
        rows = self._cx_invitation_strata(domain, groupbys, tz)
        if rows is None:
            return None
        width = len(stats.groupbys(groupbys))
        counts = {}
        for row in rows:
            group = engine.key(row[:width])
            counts[group] = counts.get(group, 0) + row[width + 2]
        return counts

    @api.model
    def _cx_stats_population(self):
        """The customer base per tier x stage: ({(tier id, stage id): customers},
        {(tier id, stage id): revenue}), with the caller's rights on contacts (False
        where a customer has no tier or stage)."""
        Partner = self.env["res.partner"]
        Partner.check_access_rights("read")
        query = Partner._where_calc(BASE_DOMAIN)
        Partner._apply_ir_rules(query, "read")
        from_clause, where_clause, params = query.get_sql()
        rows = self._cx_fetch("""
            SELECT "res_partner".cx_tier_id, "res_partner".cx_stage_id, count(*),
                   COALESCE(sum("res_partner".cx_revenue), 0)
              FROM {tables} {where} GROUP BY 1, 2
        """.format(tables=from_clause,
                   where=("WHERE " + where_clause) if where_clause else ""), params)
        population = {(tier or False, stage or False): count for tier, stage, count, _r in rows}
        revenue = {(tier or False, stage or False): float(total)
                   for tier, stage, _c, total in rows}
        return population, revenue

    @api.model
    def _cx_stats_labels(self, groupbys):
        """Display names of the group keys in the reader's language."""
        names = {}

        def name_of(index, value):
            field = self._fields[groupbys[index].split(":")[0]]
            if field.type != "many2one":
                return str(value)
            known = names.setdefault(index, {})
            if value not in known:
                comodel = self.env[field.comodel_name]
                if comodel._table in ("cx_tier", "cx_lifecycle_stage"):
                    known.update(dict(comodel.search([]).name_get()))
                if value not in known:
                    known.update(dict(comodel.browse(value).sudo().name_get()))
            return known.get(value, str(value))

        return engine.Labels(groupbys, name_of, total=_("Total"), undefined=_("Undefined"))
