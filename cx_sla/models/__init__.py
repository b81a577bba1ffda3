# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import resource_calendar
from . import resource_calendar_attendance
from . import resource_calendar_leaves
from . import helpdesk_ticket_team
from . import cx_sla_policy
from . import cx_sla_target
from . import cx_sla_escalation
from . import cx_sla_line
from . import cx_sla_escalation_log
from . import cx_sla_report
from . import cx_sla_report_period
from . import helpdesk_ticket
from . import cx_sla_demo
from . import res_partner
from . import cx_interaction
from . import cx_timeline
from . import res_partner_signals
from . import cx_headline
