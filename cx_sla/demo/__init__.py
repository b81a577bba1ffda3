# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The demo generator (plain Python on an environment, called by the addon's thin demo
model from the demo XML)."""
