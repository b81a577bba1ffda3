# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Every doctest of the addon's plain-Python modules runs (no database)."""
import unittest

from odoo.addons.cx_experience.tests.doctests import assert_doctests

from .. import domain


class TestDoctests(unittest.TestCase):
    def test_every_domain_module(self):
        self.assertGreater(assert_doctests(self, domain), 0)
