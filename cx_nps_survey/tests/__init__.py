# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import test_install
from . import test_nps_mail_retry
from . import test_nps_domain
from . import test_answer_guard
from . import test_nps_campaign
from . import test_nps_response
from . import test_answer_path
from . import test_security
from . import test_followup
from . import test_doctests
from . import test_nps_analysis
from . import test_nps_analysis_strata
from . import test_nps_analysis_drivers
from . import test_satisfaction_signals
from . import test_headline
from . import test_weighting
from . import test_nps_sampling
from . import test_sampling_domain
from . import test_drivers_domain
