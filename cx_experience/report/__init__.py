from . import cx_dashboard_xlsx
