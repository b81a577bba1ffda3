from . import test_satisfaction_report
from . import test_ticket_closed
