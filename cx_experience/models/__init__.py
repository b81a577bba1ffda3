from . import cx_tier
from . import cx_lifecycle_stage
from . import cx_lifecycle_history
from . import cx_touchpoint
from . import cx_interaction
from . import res_partner
