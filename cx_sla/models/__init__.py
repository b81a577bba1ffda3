from . import cx_sla_policy
from . import helpdesk_ticket
