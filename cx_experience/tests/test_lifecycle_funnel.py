# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The lifecycle funnel and the SQL of the lifecycle run, against hand-worked values and
against the domain rules (``domain.lifecycle``) on generated cases."""
import datetime
import random
from unittest.mock import patch

from odoo import fields
from odoo.exceptions import AccessError

from ..domain import codes, lifecycle
from .common import CxCase

NOW = datetime.datetime(2026, 11, 30, 12, 0)


def at(days_ago):
    return fields.Datetime.to_string(NOW - datetime.timedelta(days=days_ago))


class TestFunnel(CxCase):
    """Stays written by hand in an emptied stage log (rolled back after each test)."""

    @classmethod
    def setUpClass(cls):
        super(TestFunnel, cls).setUpClass()
        cls.company_b = cls.env["res.company"].create({"name": "CX funnel B"})
        users = cls.env["res.users"].with_context(no_reset_password=True)
        cls.manager_a = users.create({
            "name": "Funnel manager A", "login": "funnel_a", "email": "fa@example.com",
            "company_id": cls.env.user.company_id.id,
            "company_ids": [(6, 0, cls.env.user.company_id.ids)],
            "groups_id": [(6, 0, [cls.env.ref("cx_experience.group_cx_manager").id])]})

    def setUp(self):
        super(TestFunnel, self).setUp()
        self.env.cr.execute("DELETE FROM cx_lifecycle_history")
        self.env.cr.execute("UPDATE res_partner SET cx_stage_id = NULL")
        self.company_a = self.env.user.company_id

    def stays(self, partner, path, company=None):
        """``path``: [(stage code, days ago in, days ago out or None)] in order."""
        previous = False
        for code, days_in, days_out in path:
            self.env["cx.lifecycle.history"].create({
                "partner_id": partner.id, "stage_id": self.stage[code].id,
                "previous_stage_id": previous, "date_in": at(days_in),
                "date_out": at(days_out) if days_out is not None else False,
                "company_id": company.id if company else False})
            previous = self.stage[code].id
        self.env.cr.execute("UPDATE res_partner SET cx_stage_id = %s WHERE id = %s",
                            (previous, partner.id))

    def rows(self, company=None, user=None):
        Stats = self.env["cx.lifecycle.stage.stats"]
        if user:
            Stats = Stats.sudo(user)
        company = company or self.company_a
        return {row.stage_id.code: row for row in Stats.search([("company_id", "=", company.id)])}

    def test_conversion_is_into_the_next_stage_over_exits(self):
        a = self.customer("Funnel A", company_id=self.company_a.id)
        b = self.customer("Funnel B", company_id=self.company_a.id)
        c = self.customer("Funnel C", company_id=self.company_a.id)
        d = self.customer("Funnel D", company_id=self.company_a.id)
        # a: presale 10 days, then sale (still there).
        self.stays(a, [("presale", 30, 20), ("sale", 20, None)], self.company_a)
        # b: presale 4 days, then straight to churn: an exit, no conversion.
        self.stays(b, [("presale", 30, 26), ("churned", 26, None)], self.company_a)
        # c: presale 2 days, sale 6 days, then service.
        self.stays(c, [("presale", 40, 38), ("sale", 38, 32), ("service", 32, None)],
                   self.company_a)
        # d: still in presale.
        self.stays(d, [("presale", 5, None)], self.company_a)
        rows = self.rows()
        presale, sale, service = rows["presale"], rows["sale"], rows["service"]
        # presale: 4 entries, 3 exits (10, 4 and 2 days), 2 into sale: 66.67 %.
        self.assertEqual((presale.current_count, presale.entries, presale.closed_stays),
                         (1, 4, 3))
        self.assertEqual(presale.next_stage_id, self.stage["sale"])
        self.assertEqual(presale.forward_count, 2)
        self.assertAlmostEqual(presale.forward_rate, 200.0 / 3)
        self.assertAlmostEqual(presale.avg_days, 16.0 / 3)
        self.assertAlmostEqual(presale.median_days, 4.0)
        # sale: 2 entries, 1 exit into service: 100 % of what ended, 1 of 2 entered.
        self.assertEqual((sale.current_count, sale.entries, sale.closed_stays,
                          sale.forward_count), (1, 2, 1, 1))
        self.assertAlmostEqual(sale.forward_rate, 100.0)
        # service: nothing ended yet: no data (empty), not 0.
        self.assertEqual((service.entries, service.closed_stays), (1, 0))
        self.assertFalse(service.forward_rate)
        self.env.cr.execute("SELECT avg_days, median_days FROM cx_lifecycle_stage_stats "
                            "WHERE id = %s", (service.id,))
        self.assertEqual(self.env.cr.fetchone(), (None, None))
        # churned is the last stage: no next stage to convert into.
        self.assertFalse(rows["churned"].next_stage_id)
        for row in rows.values():
            self.assertLessEqual(row.forward_count, row.closed_stays)
            self.assertLessEqual(row.closed_stays, row.entries)

    def test_companies_apart_and_shared_customers_in_each(self):
        mine = self.customer("Funnel mine", company_id=self.company_a.id)
        theirs = self.customer("Funnel theirs", company_id=self.company_b.id)
        shared = self.customer("Funnel shared", company_id=False)
        self.stays(mine, [("presale", 10, 5), ("sale", 5, None)], self.company_a)
        self.stays(theirs, [("presale", 10, None)], self.company_b)
        self.stays(shared, [("presale", 3, None)])
        a, b = self.rows(self.company_a), self.rows(self.company_b)
        # company A: its customer and the shared one; company B: its own and the shared one.
        self.assertEqual((a["presale"].entries, a["presale"].current_count), (2, 1))
        self.assertEqual((b["presale"].entries, b["presale"].current_count), (2, 2))
        self.assertEqual(a["sale"].current_count, 1)
        self.assertEqual(b["sale"].current_count, 0)
        # One row per stage and company, never a sum over companies.
        Stats = self.env["cx.lifecycle.stage.stats"]
        self.assertEqual(Stats.search_count([("stage_id", "=", self.stage["presale"].id)]),
                         self.env["res.company"].search_count([]))
        # A user of company A sees company A's funnel only.
        seen = Stats.sudo(self.manager_a).search([])
        self.assertEqual(seen.mapped("company_id"), self.company_a)
        self.assertEqual(len(seen), len(self.stage))

    def test_a_row_drills_down_to_its_stays(self):
        mine = self.customer("Funnel drill", company_id=self.company_a.id)
        shared = self.customer("Funnel drill shared", company_id=False)
        theirs = self.customer("Funnel drill B", company_id=self.company_b.id)
        self.stays(mine, [("presale", 10, 5), ("sale", 5, None)], self.company_a)
        self.stays(shared, [("presale", 3, None)])
        self.stays(theirs, [("presale", 4, None)], self.company_b)
        row = self.rows(user=self.manager_a)["presale"]
        action = row.action_open_stays()
        self.assertEqual(action["res_model"], "cx.lifecycle.history")
        stays = self.env["cx.lifecycle.history"].search(action["domain"])
        self.assertEqual(stays.mapped("partner_id"), mine | shared)
        self.assertEqual(len(stays), row.entries)
        employee = self.env["res.users"].with_context(no_reset_password=True).create({
            "name": "Funnel employee", "login": "funnel_emp", "email": "fe@example.com",
            "groups_id": [(6, 0, [self.env.ref("base.group_user").id])]})
        with self.assertRaises(AccessError):
            row.sudo(employee).action_open_stays()


class TestLifecycleRunParity(CxCase):
    """The lifecycle run's SQL ("the latest stage matched wins, forward only") against
    ``domain.lifecycle.target_stage`` on generated cases: each partner gets a random
    current stage (or none) and a random set of matched stages; the matches are fed to
    the run through its rule queries (the rest of the SQL runs as in production)."""

    def test_sql_run_agrees_with_target_stage(self):
        rng = random.Random(14)
        seq = {s.code: s.sequence for s in self.stage.values()}
        rule_of = {stage: rule for rule, stage in codes.LIFECYCLE_RULES}
        rule_of[codes.STAGE_TELEMARKETING] = codes.RULE_LOYALTY  # no rule of its own
        partners = [self.customer("Parity %d" % i) for i in range(120)]
        self.env.cr.execute("DELETE FROM cx_lifecycle_history WHERE partner_id = ANY(%s)",
                            ([p.id for p in partners],))
        cases, matches = {}, {code: [] for code in codes.STAGE_CODES}
        for partner in partners:
            current = rng.choice([None] + list(codes.STAGE_CODES))
            matched = rng.sample(codes.STAGE_CODES, rng.randint(0, 3))
            cases[partner.id] = (current, matched)
            self.env.cr.execute("UPDATE res_partner SET cx_stage_id = %s WHERE id = %s",
                                (self.stage[current].id if current else None, partner.id))
            for code in matched:
                matches[code].append(partner.id)

        def queries(_self, _params, _today):
            return [(rule_of[code], code, self.env.cr.mogrify(
                "SELECT unnest(%s::integer[])", (ids,)).decode())
                for code, ids in matches.items() if ids]

        Partner = type(self.env["res.partner"])
        with patch.object(Partner, "_cx_rule_queries", queries):
            self.env["res.partner"]._cx_apply_lifecycle_rules()
        self.env["res.partner"].invalidate_cache()
        moved = 0
        for partner in partners:
            current, matched = cases[partner.id]
            expected = lifecycle.target_stage(seq, current, matched) or current
            self.assertEqual(partner.cx_stage_id.code or None, expected,
                             "current %s, matched %s" % (current, matched))
            moved += expected != current
        self.assertGreater(moved, 30)  # the generated cases do move partners
