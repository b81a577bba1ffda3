"""Plain-Python domain rules of cx_nps_survey. Nothing here imports odoo."""
