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
