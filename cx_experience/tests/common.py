# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import datetime

from odoo import fields
from odoo.tests.common import SavepointCase


class CxCase(SavepointCase):
    """Customers, real posted invoices (through the ORM) and helpers."""

    @classmethod
    def setUpClass(cls):
        super(CxCase, cls).setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.Partner = cls.env["res.partner"]
        cls.journal, cls.receivable, cls.income = cls.env["cx.demo"]._cx_accounting()
        cls.today = fields.Date.from_string(fields.Date.context_today(cls.Partner))
        cls.tier = {t.code: t for t in cls.env["cx.tier"].search([])}
        cls.stage = {s.code: s for s in cls.env["cx.lifecycle.stage"].search([])}
        # The defaults (12 months, cut-offs 70 and 10000, 365 days) unless a test sets
        # its own with set_params (rolled back after the test).

    @classmethod
    def set_params(cls, **values):
        icp = cls.env["ir.config_parameter"].sudo()
        for key, value in values.items():
            icp.set_param("cx_experience." + key, str(value))

    @classmethod
    def customer(cls, name, **vals):
        return cls.Partner.create(dict({"name": name, "customer": True,
                                        "is_company": True}, **vals))

    @classmethod
    def invoice(cls, partner, amount, days_ago=10, refund=False, post=True):
        day = cls.today - datetime.timedelta(days=days_ago)
        inv = cls.env["account.invoice"].create({
            "partner_id": partner.id,
            "type": "out_refund" if refund else "out_invoice",
            "journal_id": cls.journal.id,
            "account_id": cls.receivable.id,
            "date_invoice": fields.Date.to_string(day),
            "invoice_line_ids": [(0, 0, {
                "name": "Service", "account_id": cls.income.id,
                "price_unit": amount, "quantity": 1})],
        })
        if post:
            inv.action_invoice_open()
        return inv
