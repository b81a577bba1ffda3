from . import cx_sla_nps_demo
