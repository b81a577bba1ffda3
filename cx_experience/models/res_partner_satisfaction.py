# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The satisfaction index of every customer, set-based: one SQL pass per signal gathers
the observations of all customers, domain/satisfaction.py does the maths in memory, one
UPDATE writes the partners whose index changed and one upsert the month's history."""
import io
import json
import logging

from odoo import _, api, fields, models
from odoo.tools import html_escape
from odoo.tools.misc import formatLang

from .. import locks
from ..domain import satisfaction
from .res_partner import REVENUE_STATES

_logger = logging.getLogger(__name__)

# Key of pg_try_advisory_xact_lock: one full recompute of the index at a time (locks.py).
LOCK_SATISFACTION = locks.SATISFACTION_CRON
ESTIMATED_HELP = ("No NPS answer of the customer: the index is estimated from its other "
                  "signals (buying behaviour, service, interactions).")


def _label(env, code):
    """The translated name of a component (the labels are marked in messages below)."""
    labels = {
        satisfaction.NPS: _("NPS answers"),
        satisfaction.INTERACTION: _("Interaction scores"),
        satisfaction.SLA: _("SLA outcomes of tickets"),
        satisfaction.FOLLOWUP: _("Detractor follow-ups"),
        satisfaction.BEHAVIOUR: _("Buying behaviour"),
    }
    return labels[code]


class ResPartner(models.Model):
    _inherit = "res.partner"

    cx_satisfaction_estimated = fields.Boolean(
        string="Estimated index", copy=False, readonly=True, help=ESTIMATED_HELP)
    # JSON {component: value on 0-100} of the components with data; empty when the
    # index was fed from outside the signals (see _cx_set_satisfaction).
    cx_satisfaction_components = fields.Text(
        string="Index components", copy=False, readonly=True,
        groups="cx_experience.group_cx_user")
    cx_satisfaction_breakdown = fields.Html(
        string="How the index is made", compute="_compute_cx_satisfaction_breakdown",
        sanitize=False, groups="cx_experience.group_cx_user")
    cx_satisfaction_history_ids = fields.One2many(
        "cx.satisfaction.history", "partner_id", string="Index history", readonly=True,
        groups="cx_experience.group_cx_user")

    # ------------------------------------------------------------------ display
    @api.multi
    def _compute_cx_satisfaction_breakdown(self):
        """A table per customer: each component with its weight and value, "no data"
        for a missing one, in the reader's language and number format."""
        params = self.env["res.config.settings"]._cx_satisfaction_params()
        weights = params["weights"]
        for partner in self:
            try:
                values = json.loads(partner.cx_satisfaction_components or "{}")
            except ValueError:
                values = {}
            rows = []
            for code in satisfaction.COMPONENTS:
                value = values.get(code)
                shown = (_("%s / 100") % formatLang(self.env, value, digits=1)
                         if value is not None else _("no data"))
                rows.append(
                    '<tr><td>%s</td><td class="text-right">%s</td>'
                    '<td class="text-right%s">%s</td></tr>' % (
                        html_escape(_label(self.env, code)),
                        formatLang(self.env, weights[code], digits=1),
                        "" if value is not None else " text-muted", html_escape(shown)))
            partner.cx_satisfaction_breakdown = (
                '<table class="table table-condensed o_cx_satisfaction_breakdown">'
                '<thead><tr><th>%s</th><th class="text-right">%s</th>'
                '<th class="text-right">%s</th></tr></thead><tbody>%s</tbody></table>' % (
                    html_escape(_("Signal")), html_escape(_("Weight")),
                    html_escape(_("Value")), "".join(rows)))

    # ------------------------------------------------------------------ signals
    @api.model
    def _cx_satisfaction_signals(self, partner_ids, now):
        """``{commercial partner id: {component: observations}}`` of the partners (all
        when ``partner_ids`` is None), one SQL pass per signal.

        cx_experience gives the interaction scores and the invoices; the addons that
        hold other signals extend this (call super, then ``_cx_add_signal``).
        Observations are ``(value 0-100, age in days)``, the invoice ages for behaviour.
        """
        signals = {}
        cr = self.env.cr
        excluded = tuple(self._cx_satisfaction_counted_elsewhere()) or ("",)
        cr.execute("""
            SELECT p.commercial_partner_id, array_agg(x.score),
                   array_agg((EXTRACT(EPOCH FROM (%(now)s - x.date)) / 86400.0)::float8)
              FROM cx_interaction x
              JOIN res_partner p ON p.id = x.partner_id
             WHERE x.has_score AND x.score IS NOT NULL
               AND (x.res_model IS NULL OR x.res_model NOT IN %(excluded)s)
               AND (%(all)s OR p.commercial_partner_id = ANY(%(ids)s))
          GROUP BY p.commercial_partner_id
        """, {"now": now, "excluded": excluded, "all": partner_ids is None,
              "ids": list(partner_ids or [])})
        self._cx_add_signal(signals, satisfaction.INTERACTION, cr.fetchall(),
                            satisfaction.from_score)
        cr.execute("""
            SELECT i.commercial_partner_id,
                   array_agg(DISTINCT (%(today)s::date - i.date_invoice))
              FROM account_invoice i
             WHERE i.type = 'out_invoice' AND i.state IN %(states)s
               AND i.date_invoice <= %(today)s::date
               AND (%(all)s OR i.commercial_partner_id = ANY(%(ids)s))
          GROUP BY i.commercial_partner_id
        """, {"today": now.date(), "states": REVENUE_STATES, "all": partner_ids is None,
              "ids": list(partner_ids or [])})
        for partner_id, ages in cr.fetchall():
            signals.setdefault(partner_id, {})[satisfaction.BEHAVIOUR] = ages
        return signals

    @api.model
    def _cx_satisfaction_counted_elsewhere(self):
        """Models whose logged interactions another component counts already (an NPS
        answer is logged as a scored interaction): their scores are not counted twice."""
        return []

    @api.model
    def _cx_add_signal(self, signals, code, rows, to_value=float):
        """Add rows ``(partner id, raw values, ages)`` from SQL as the observations of
        component ``code``, each raw value put on 0-100 by ``to_value``."""
        for partner_id, values, ages in rows:
            signals.setdefault(partner_id, {}).setdefault(code, []).extend(
                zip((to_value(v) for v in values), (float(a) for a in ages)))

    # ------------------------------------------------------------------ recompute
    @api.model
    def _cx_recompute_satisfaction(self, partner_ids=None, fallback=None, now=None):
        """Recompute the satisfaction index of these commercial partners (all when
        ``partner_ids`` is None) from every signal, and the month's history row.

        A partner with no signal keeps an index fed from outside the signals (no
        components: ``fallback`` ``(index, date)`` when given); one whose index came
        from signals that are gone loses it. The quadrants follow: at once for a given
        set, through the tier recompute that follows in the nightly job for all.
        Returns the number of partners whose index changed.
        """
        cr = self.env.cr
        if partner_ids is None:
            if not locks.try_xact_lock(cr, LOCK_SATISFACTION):
                _logger.info("cx: satisfaction recompute already running, skipped")
                return 0
        elif not partner_ids:
            return 0
        params = self.env["res.config.settings"]._cx_satisfaction_params()
        now = fields.Datetime.from_string(now or fields.Datetime.now())
        signals = self._cx_satisfaction_signals(partner_ids, now)
        buffer = io.StringIO()
        for partner_id, partner_signals in signals.items():
            values = satisfaction.components(partner_signals, params["half_life_days"])
            index, estimated = satisfaction.satisfaction_index(values, params["weights"])
            if index is not None:
                buffer.write("%d\t%r\t%s\t%s\n" % (
                    partner_id, index, "t" if estimated else "f",
                    json.dumps(values, sort_keys=True)))
        buffer.seek(0)
        cr.execute("""
            CREATE TEMPORARY TABLE cx_satisfaction_calc (
                id integer PRIMARY KEY, index float8, estimated boolean, components text
            ) ON COMMIT DROP""")
        cr.copy_from(buffer, "cx_satisfaction_calc",
                     columns=("id", "index", "estimated", "components"))
        fed_index, fed_date = fallback or (None, None)
        # One UPDATE: the partners with signals; those whose signals are gone (an index
        # with components); for a given set with a fallback, those without any signal.
        cr.execute("""
            WITH target AS (
                SELECT p.id,
                       CASE WHEN c.id IS NOT NULL THEN c.index
                            WHEN p.cx_satisfaction_components IS NOT NULL THEN NULL
                            ELSE %(fed)s::float8 END AS index,
                       COALESCE(c.estimated, FALSE) AS estimated, c.components,
                       CASE WHEN c.id IS NOT NULL THEN %(now)s
                            WHEN p.cx_satisfaction_components IS NULL
                                 AND %(fed)s::float8 IS NOT NULL
                            THEN COALESCE(%(fed_date)s::timestamp, %(now)s) END AS date
                  FROM res_partner p
                  LEFT JOIN cx_satisfaction_calc c ON c.id = p.id
                 WHERE (c.id IS NOT NULL OR p.cx_satisfaction_components IS NOT NULL
                        OR %(use_fallback)s)
                   AND (%(all)s OR p.id = ANY(%(ids)s))
            )
            UPDATE res_partner p
               SET cx_has_satisfaction = t.index IS NOT NULL,
                   cx_satisfaction_index = COALESCE(t.index, 0.0),
                   cx_satisfaction_estimated = t.estimated,
                   cx_satisfaction_components = t.components,
                   cx_satisfaction_date = t.date
              FROM target t
             WHERE p.id = t.id
               AND (p.cx_has_satisfaction IS DISTINCT FROM (t.index IS NOT NULL)
                    OR p.cx_satisfaction_index IS DISTINCT FROM COALESCE(t.index, 0.0)
                    OR p.cx_satisfaction_estimated IS DISTINCT FROM t.estimated
                    OR p.cx_satisfaction_components IS DISTINCT FROM t.components
                    OR (t.components IS NULL AND %(fed_date)s::timestamp IS NOT NULL
                        AND p.cx_satisfaction_date IS DISTINCT FROM t.date))
         RETURNING p.id
        """, {"fed": fed_index, "fed_date": fed_date, "now": now,
              "use_fallback": fallback is not None and partner_ids is not None,
              "all": partner_ids is None, "ids": list(partner_ids or [])})
        changed = [row[0] for row in cr.fetchall()]
        self.env["cx.satisfaction.history"]._cx_write_month(partner_ids, now)
        cr.execute("DROP TABLE cx_satisfaction_calc")
        self.invalidate_cache()
        if partner_ids is not None and changed:
            self.browse(changed)._cx_update_quadrants()
        _logger.info("cx: satisfaction index of %s partners changed", len(changed))
        return len(changed)
