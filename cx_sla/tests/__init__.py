# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import test_install
from . import test_domain
from . import test_sla_flow
from . import test_sla_reports
from . import test_security
from . import test_lang
from . import test_display
from . import test_sla_show
from . import test_doctests
from . import test_sql_parity
from . import test_satisfaction_signal
from . import test_headline
