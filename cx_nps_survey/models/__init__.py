from . import cx_nps_campaign
from . import cx_nps_response
