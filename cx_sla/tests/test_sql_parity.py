# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The SQL twins of the SLA state rules (cron, bulk writer, indexes) agree with
domain/status.py on every case: the SQL runs in PostgreSQL, the oracle is the plain
function, and the expected status of a few cases is worked by hand."""
import itertools
from datetime import datetime, timedelta

from odoo.tests.common import SavepointCase

from ..domain import status as st
from ..models import cx_sla_line


class TestStatusSqlParity(SavepointCase):

    def _sql_status(self, states):
        if not states:
            self.env.cr.execute("SELECT %s FROM (SELECT NULL::varchar AS state) l WHERE false"
                                % st.sql_ticket_status("l.state"))
            return (self.env.cr.fetchone() or (None,))[0]
        self.env.cr.execute("SELECT %s FROM unnest(%%s::varchar[]) AS l(state)"
                            % st.sql_ticket_status("l.state"), (list(states),))
        return self.env.cr.fetchone()[0]

    def test_hand_worked_cases(self):
        self.assertEqual(st.ticket_status([st.MET, st.PAUSED]), st.PAUSED)
        self.assertEqual(self._sql_status([st.MET, st.PAUSED]), st.PAUSED)
        self.assertEqual(self._sql_status([st.MET, st.BREACHED, st.AT_RISK]), st.BREACHED)
        self.assertEqual(self._sql_status([st.MET]), st.MET)

    def test_every_combination_of_states(self):
        for size in range(0, 4):
            for states in itertools.product(st.STATUSES, repeat=size):
                self.assertEqual(self._sql_status(states), st.ticket_status(states), states)

    def test_due_rule_matches_running_state(self):
        # The cron's due moment (_DUE_SQL, _DUE_WHERE) and its new state against
        # status.running_state, on lines on both sides of each threshold.
        now = datetime(2026, 1, 5, 12)
        cases = []
        for state in st.STATUSES:
            for risk, deadline in ((-2, -1), (-1, 1), (1, 2), (None, 1), (-1, None)):
                at_risk = now + timedelta(hours=risk) if risk is not None else None
                due = now + timedelta(hours=deadline) if deadline is not None else None
                cases.append((state, at_risk, due))
        for state, at_risk, deadline in cases:
            self.env.cr.execute("""
                SELECT CASE WHEN deadline <= %%(now)s THEN %s ELSE %s END
                  FROM (SELECT %%(state)s::varchar AS state, %%(risk)s::timestamp AS at_risk_date,
                               %%(deadline)s::timestamp AS deadline, NULL::timestamp AS reached_date,
                               %%(now)s::timestamp AS resumed_date) l
                 WHERE %s AND %s <= %%(now)s""" % (
                cx_sla_line._BREACHED_SQL, cx_sla_line._AT_RISK_SQL, cx_sla_line._DUE_WHERE,
                cx_sla_line._DUE_SQL), {"now": now, "state": state, "risk": at_risk, "deadline": deadline})
            row = self.env.cr.fetchone()
            expected = st.running_state(now, deadline, at_risk)
            forward = (st.ONGOING, st.AT_RISK, st.BREACHED)
            if state in st.RUNNING and forward.index(expected) > forward.index(state):
                # a running line that crossed a threshold: the cron picks it and writes it so
                # (it never moves a line back: the engine places the moments again)
                self.assertEqual(row and row[0], expected, (state, at_risk, deadline))
            elif state not in st.RUNNING:
                self.assertIsNone(row, (state, at_risk, deadline))
