"""SLA states of a ticket, as stored in helpdesk.ticket.cx_sla_status."""

ONGOING = "ongoing"
AT_RISK = "at_risk"
PAUSED = "paused"
MET = "met"
BREACHED = "breached"
STATUSES = (ONGOING, AT_RISK, PAUSED, MET, BREACHED)
