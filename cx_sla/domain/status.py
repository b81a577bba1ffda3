# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""SLA states of a ticket, as stored in helpdesk.ticket.cx_sla_status and cx.sla.line.state."""

ONGOING = "ongoing"
AT_RISK = "at_risk"
PAUSED = "paused"
MET = "met"
BREACHED = "breached"
STATUSES = (ONGOING, AT_RISK, PAUSED, MET, BREACHED)

# States of a line whose clock still runs (the cron watches these).
RUNNING = (ONGOING, AT_RISK)

# The ticket shows its most urgent line: a breach stays a breach, then at risk, ...
_URGENCY = (BREACHED, AT_RISK, ONGOING, PAUSED, MET)


def ticket_status(line_states):
    """The ticket's SLA status from its lines' states; None when it has no SLA line.

    >>> ticket_status([MET, AT_RISK, ONGOING])
    'at_risk'
    >>> ticket_status([]) is None
    True
    """
    present = set(line_states)
    for state in _URGENCY:
        if state in present:
            return state
    return None


def running_state(now, deadline, at_risk_date):
    """State of a line whose clock runs: breached past the deadline, at risk past the
    at-risk moment, ongoing before."""
    if deadline and now >= deadline:
        return BREACHED
    if at_risk_date and now >= at_risk_date:
        return AT_RISK
    return ONGOING


def reached_state(reached, deadline, consumed, allowed):
    """State of a line whose target was reached at ``reached``.

    A paused line has no deadline: it is met when the consumed time fits the allowance.
    """
    if deadline:
        return MET if reached <= deadline else BREACHED
    return MET if consumed <= allowed else BREACHED


# ---------------------------------------------------------------------- SQL twins
# Where speed needs SQL (the cron and the bulk writer do not load the lines), the SQL is
# written from these constants, so a state renamed or reordered here changes there too.

def sql_literal(state):
    """A state code as an SQL literal (codes are plain identifiers: nothing to escape).

    >>> sql_literal(AT_RISK)
    "'at_risk'"
    """
    if state not in STATUSES:
        raise ValueError("Not an SLA state: %r" % (state,))
    return "'%s'" % state


def sql_in(states):
    """The SQL list of these states, for ``state IN ...``.

    >>> sql_in(RUNNING)
    "('ongoing', 'at_risk')"
    """
    return "(%s)" % ", ".join(sql_literal(state) for state in states)


def sql_ticket_status(column):
    """The SQL twin of :func:`ticket_status` over a group of lines: the most urgent state
    of ``column`` present, NULL without lines.

    >>> sql_ticket_status("l.state")[:48]
    "CASE WHEN bool_or(l.state = 'breached') THEN 'br"
    """
    return "CASE %s END" % " ".join(
        "WHEN bool_or(%s = %s) THEN %s" % (column, sql_literal(state), sql_literal(state))
        for state in _URGENCY)
