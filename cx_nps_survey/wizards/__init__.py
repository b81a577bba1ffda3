from . import cx_nps_followup_wizard
