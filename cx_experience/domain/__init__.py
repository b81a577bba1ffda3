"""Plain-Python domain rules of cx_experience. Nothing here imports odoo."""
