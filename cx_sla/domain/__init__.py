"""Plain-Python domain rules of cx_sla. Nothing here imports odoo."""
from . import calendar, display, policy, status
