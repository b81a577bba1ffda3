# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The bulk writer of SLA lines: what the engine (``cx.sla.line._cx_sync``) and the demo
generator computed in plain Python (``domain/line.py``), written with a few statements.

:func:`prepare_batch` turns a chunk's new, changed and deleted lines into the cursor's
inputs (a COPY buffer, an ``execute_values`` of the updates, four array literals for the
tickets); :func:`write_batch` runs them. Only the cursor is used: no ORM.
"""
import csv
import io
import itertools
import logging
import operator
from datetime import datetime

from psycopg2.extras import execute_values

from .domain import status as st
from .domain.line import COLUMNS

_logger = logging.getLogger(__name__)

# The column types of the lines (COLUMNS, domain/line.py), for COPY and casts. The table is
# kept lean (two foreign keys, no log columns: each foreign key check costs as much as the
# row itself) because it takes one row per ticket and target; the policy is the target's;
# reports join the ticket's team, agent, category and customer in cx.sla.report.
TYPES = {"ticket_id": "int", "target_id": "int", "kind": "varchar",
         "allowed_hours": "float8",
         "start_date": "timestamp", "resumed_date": "timestamp", "consumed_seconds": "float8",
         "deadline": "timestamp", "at_risk_date": "timestamp", "reached_date": "timestamp",
         "breached_date": "timestamp", "state": "varchar", "work_hours": "float8",
         "met_share": "float8", "met_count": "int", "breached_count": "int"}
TIMESTAMPS = [c for c in COLUMNS if TYPES[c] == "timestamp"]

# The engine knows each ticket's lines, so it writes policy, status and deadline directly,
# touching only the tickets where one of them changed. The four arrays come as array
# literals (see _pg_array): adapting 20,000 datetimes one by one costs more than the UPDATE.
SET_TICKETS_SQL = """
    UPDATE helpdesk_ticket t
       SET cx_sla_policy_id = v.policy_id, cx_sla_status = v.status, cx_sla_deadline = v.deadline
      FROM unnest(%s::int[], %s::int[], %s::varchar[], %s::timestamp[]) AS v(id, policy_id, status, deadline)
     WHERE t.id = v.id
       AND (t.cx_sla_status IS DISTINCT FROM v.status OR t.cx_sla_deadline IS DISTINCT FROM v.deadline
            OR t.cx_sla_policy_id IS DISTINCT FROM v.policy_id)
"""


class _Texts(dict):
    """Text of values for COPY and array literals, each formatted once: many lines share the
    same moments, and formatting a datetime costs more than looking up its text. None is
    ``null``; ``quote`` puts datetimes between double quotes (array literals)."""

    def __init__(self, null, quote=False):
        super(_Texts, self).__init__()
        self.null, self.quote = null, quote

    def __missing__(self, value):
        if value is None:
            text = self.null
        elif isinstance(value, datetime):
            text = ('"%s"' if self.quote else "%s") % value.isoformat(" ")
        else:
            text = str(value)
        self[value] = text
        return text


def _csv_rows(lines, columns):
    """The rows of ``columns`` of the lines, column by column with C-level maps."""
    texts = _Texts(null="")
    values = []
    for column in columns:
        column_values = map(operator.itemgetter(column), lines)
        if TYPES[column] == "timestamp":
            column_values = map(texts.__getitem__, column_values)
        values.append(column_values)
    return zip(*values)


def _pg_array(values, texts):
    """A PostgreSQL array literal of the values (see _Texts)."""
    return "{%s}" % ",".join(map(texts.__getitem__, values))


def prepare_batch(inserts, updates, deletes, policy_of, lines_by_ticket):
    """The writes of a chunk, ready for the cursor: a COPY buffer of the new lines, the rows
    of the changed lines, and the status, earliest open deadline and policy of each ticket."""
    batch = {"deletes": deletes, "copy": None, "updates": None,
             "counts": (len(inserts), len(updates), len(deletes))}
    if inserts:
        # COPY: new tickets come by the thousand (imports, mail gateway, benchmarks). In CSV an
        # empty field is NULL; no value of a line contains a comma or a quote. Columns empty on
        # every new line (a new line has not been reached yet) are left out.
        columns = [c for c in COLUMNS if any(line[c] is not None for line in inserts)]
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerows(_csv_rows(inserts, columns))
        size = buf.tell()
        buf.seek(0)
        batch["copy"] = ("COPY cx_sla_line (%s) FROM STDIN WITH (FORMAT csv)" % ", ".join(columns), buf, size)
    if updates:
        columns = [c for c in COLUMNS if c != "ticket_id"]
        batch["updates"] = (
            "UPDATE cx_sla_line l SET %s FROM (VALUES %%s) AS v(id, %s) WHERE l.id = v.id"
            % (", ".join("%s = v.%s::%s" % (c, c, TYPES[c]) for c in columns), ", ".join(columns)),
            [(line["id"],) + tuple(line.get(c) for c in columns) for line in updates],
            "(%s::int, " + ", ".join("%s::" + TYPES[c] for c in columns) + ")")
    # Status and earliest open deadline per ticket, from the lines in memory.
    ticket_ids = list(policy_of)
    gone = set(deletes)
    states, deadlines = {}, {}
    for line in itertools.chain(inserts, (line for lines in lines_by_ticket.values() for line in lines)):
        if line["id"] in gone:
            continue
        tid = line["ticket_id"]
        states.setdefault(tid, []).append(line["state"])
        if line["reached_date"] is None and line["resumed_date"] is not None and line["deadline"]:
            if tid not in deadlines or line["deadline"] < deadlines[tid]:
                deadlines[tid] = line["deadline"]
    texts = _Texts(null="NULL", quote=True)
    batch["tickets"] = (_pg_array(ticket_ids, texts), _pg_array((policy_of[t] for t in ticket_ids), texts),
                        _pg_array((st.ticket_status(states.get(t, ())) for t in ticket_ids), texts),
                        _pg_array(map(deadlines.get, ticket_ids), texts))
    return batch


def write_batch(cr, batch):
    """Write a prepared chunk (with the cursor only)."""
    if batch["deletes"]:
        cr.execute("DELETE FROM cx_sla_line WHERE id = ANY(%s)", (batch["deletes"],))
    if batch["copy"]:
        # One read of the whole buffer rather than one per 8 kB.
        query, buf, size = batch["copy"]
        cr.copy_expert(query, buf, size=max(size, 8192))
    if batch["updates"]:
        query, rows, template = batch["updates"]
        execute_values(cr, query, rows, template=template, page_size=5000)
    cr.execute(SET_TICKETS_SQL, batch["tickets"])
    _logger.debug("SLA sync: %d lines inserted, %d updated, %d deleted", *batch["counts"])
