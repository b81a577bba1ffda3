# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Plain-Python domain rules of cx_sla_nps. Nothing here imports odoo."""
