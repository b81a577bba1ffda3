# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import test_satisfaction_report
from . import test_ticket_closed
from . import test_nps_analysis_drivers
