from . import test_install
from . import test_nps_mail_retry
from . import test_nps_domain
from . import test_answer_guard
from . import test_nps_campaign
from . import test_nps_response
from . import test_answer_path
from . import test_security
