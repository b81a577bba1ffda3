# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import test_install
from . import test_domain
from . import test_satisfaction_domain
from . import test_satisfaction
from . import test_rule_parity
from . import test_tiers
from . import test_quadrant
from . import test_lifecycle
from . import test_interaction
from . import test_dashboard
from . import test_headline
from . import test_security
from . import test_lang
from . import test_doctests
from . import test_digest
