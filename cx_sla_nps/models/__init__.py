from . import cx_sla_nps_demo
from . import cx_sla_satisfaction_report
from . import helpdesk_ticket
from . import cx_nps_analysis_drivers
