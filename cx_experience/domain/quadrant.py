# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The customer quadrant: satisfaction index against revenue.

>>> quadrant(80.0, 60000.0, 70.0, 50000.0)
'model'
>>> quadrant(80.0, 100.0, 70.0, 50000.0)
'growth'
>>> quadrant(40.0, 60000.0, 70.0, 50000.0)
'at_risk'
>>> quadrant(40.0, 100.0, 70.0, 50000.0)
'precarious'
>>> quadrant(None, 60000.0, 70.0, 50000.0) is None
True
"""
from . import codes


class CutoffError(ValueError):
    """A quadrant cut-off outside its range."""


def check_cutoffs(satisfaction_cutoff, revenue_cutoff):
    """Satisfaction cut-off on 0-100, revenue cut-off not negative."""
    if satisfaction_cutoff is None or not 0 <= satisfaction_cutoff <= 100:
        raise CutoffError("satisfaction")
    if revenue_cutoff is None or revenue_cutoff < 0:
        raise CutoffError("revenue")


def quadrant(satisfaction, revenue, satisfaction_cutoff, revenue_cutoff):
    """The quadrant code, or None when there is no satisfaction data.

    A value equal to its cut-off counts as high (the cut-off is the lowest "high").
    """
    if satisfaction is None:
        return None
    high_sat = satisfaction >= satisfaction_cutoff
    high_rev = (revenue or 0.0) >= revenue_cutoff
    if high_sat:
        return codes.QUADRANT_MODEL if high_rev else codes.QUADRANT_GROWTH
    return codes.QUADRANT_AT_RISK if high_rev else codes.QUADRANT_PRECARIOUS


def sql_literal(code):
    """A code as an SQL string literal (codes are plain words: nothing to escape)."""
    if not code.replace("_", "").isalnum():
        raise ValueError("not a code: %r" % (code,))
    return "'%s'" % code


def quadrant_sql(has_satisfaction, satisfaction, revenue):
    """``quadrant`` as an SQL CASE over three SQL expressions, for the set-based
    recompute; the cut-offs are the named parameters ``%(sat_cutoff)s`` and
    ``%(rev_cutoff)s``. A parity test runs both on the same cases.

    >>> "THEN 'model'" in quadrant_sql("p.has", "p.sat", "r.rev")
    True
    """
    high_sat = "%s >= %%(sat_cutoff)s" % satisfaction
    high_rev = "COALESCE(%s, 0) >= %%(rev_cutoff)s" % revenue
    return ("(CASE WHEN NOT COALESCE({has}, FALSE) THEN NULL"
            " WHEN {sat} AND {rev} THEN {model}"
            " WHEN {sat} THEN {growth}"
            " WHEN {rev} THEN {at_risk}"
            " ELSE {precarious} END)::varchar").format(
                has=has_satisfaction, sat=high_sat, rev=high_rev,
                model=sql_literal(codes.QUADRANT_MODEL),
                growth=sql_literal(codes.QUADRANT_GROWTH),
                at_risk=sql_literal(codes.QUADRANT_AT_RISK),
                precarious=sql_literal(codes.QUADRANT_PRECARIOUS))


def entered_at_risk(old, new):
    """Whether a move from quadrant ``old`` to ``new`` is an entry into at risk."""
    return new == codes.QUADRANT_AT_RISK and old != codes.QUADRANT_AT_RISK
