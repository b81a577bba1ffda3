from . import test_install
from . import test_domain
from . import test_tiers
from . import test_quadrant
from . import test_lifecycle
from . import test_interaction
from . import test_dashboard
from . import test_security
