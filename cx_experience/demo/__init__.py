# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The demo generator (plain Python on an environment, called by the thin model
``cx.demo`` from demo/cx_demo.xml): not loaded by the addon's models."""
