# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import cx_sla_nps_demo
from . import cx_sla_satisfaction_report
from . import helpdesk_ticket
from . import cx_nps_analysis_drivers
