from . import test_install
from . import test_domain
from . import test_sla_flow
from . import test_sla_reports
from . import test_security
from . import test_lang
from . import test_display
from . import test_sla_show
