"""Demo data of cx_experience, generated in bulk (a few hundred customers, two years
of invoices, interactions and stage history) so every view has something to show.

Demo invoices are written straight into ``account_invoice`` (posted or paid, one line
each, no journal entries) because validating thousands of invoices through the ORM
would take minutes; the tier and lifecycle rules read exactly these columns.
"""
import datetime
import random

from psycopg2.extras import execute_values

from odoo import api, fields, models

from ..domain import codes

FIRST = ["Comercial", "Distribuidora", "Industrias", "Servicios", "Grupo", "Talleres",
         "Importadora", "Laboratorios", "Transportes", "Agroindustrias", "Almacenes",
         "Consultora", "Constructora", "Farmacias", "Hoteles"]
SECOND = ["Andina", "del Pacífico", "La Sabana", "Norte", "Sur", "Central", "Los Andes",
          "El Roble", "Caribe", "Santa Fe", "Orinoco", "Altiplano", "Patagonia",
          "del Valle", "Monteverde", "Río Claro", "San Martín", "Tres Cruces", "Aurora",
          "La Estrella"]
DEMO_COMPANY = "CX demo invoicing"
PATHS = [
    [codes.STAGE_PRESALE],
    [codes.STAGE_PRESALE, codes.STAGE_SALE],
    [codes.STAGE_PRESALE, codes.STAGE_SALE, codes.STAGE_SERVICE],
    [codes.STAGE_PRESALE, codes.STAGE_SALE, codes.STAGE_SERVICE, codes.STAGE_LOYALTY],
    [codes.STAGE_PRESALE, codes.STAGE_SALE, codes.STAGE_COLLECTION],
    [codes.STAGE_PRESALE, codes.STAGE_SALE, codes.STAGE_TELEMARKETING,
     codes.STAGE_LOYALTY],
    [codes.STAGE_PRESALE, codes.STAGE_SALE, codes.STAGE_SERVICE, codes.STAGE_RETENTION],
    [codes.STAGE_PRESALE, codes.STAGE_SALE, codes.STAGE_SERVICE, codes.STAGE_RETENTION,
     codes.STAGE_CHURNED],
]


class CxDemo(models.AbstractModel):
    _name = "cx.demo"
    _description = "Customer Experience demo data"

    @api.model
    def _cx_accounting(self, company=None):
        """A sale journal and its receivable and income accounts, created if the
        database has no chart of accounts (a bare ``account_invoicing``)."""
        company = company or self.env.user.company_id
        Account = self.env["account.account"].sudo()
        receivable = Account.search([
            ("company_id", "=", company.id),
            ("user_type_id", "=", self.env.ref("account.data_account_type_receivable").id)],
            limit=1)
        if not receivable:
            receivable = Account.create({
                "name": "Customers", "code": "CX1300", "reconcile": True,
                "user_type_id": self.env.ref("account.data_account_type_receivable").id,
                "company_id": company.id})
        income = Account.search([
            ("company_id", "=", company.id),
            ("user_type_id", "=", self.env.ref("account.data_account_type_revenue").id)],
            limit=1)
        if not income:
            income = Account.create({
                "name": "Sales", "code": "CX4000",
                "user_type_id": self.env.ref("account.data_account_type_revenue").id,
                "company_id": company.id})
        Property = self.env["ir.property"].sudo()
        if not Property.with_context(force_company=company.id).get(
                "property_account_receivable_id", "res.partner"):
            field = self.env["ir.model.fields"].sudo().search([
                ("model", "=", "res.partner"), ("name", "=", "property_account_receivable_id")])
            Property.create({
                "name": "property_account_receivable_id", "fields_id": field.id,
                "value_reference": "account.account,%s" % receivable.id,
                "company_id": company.id})
        journal = self.env["account.journal"].sudo().search(
            [("type", "=", "sale"), ("company_id", "=", company.id)], limit=1)
        if not journal:
            journal = self.env["account.journal"].sudo().create({
                "name": "Customer Invoices", "code": "CXINV", "type": "sale",
                "company_id": company.id, "default_debit_account_id": income.id,
                "default_credit_account_id": income.id})
        return journal, receivable, income

    @api.model
    def _generate(self, count=300, seed=42):
        rng = random.Random(seed)
        cr = self.env.cr
        company = self.env.user.company_id
        # Odoo refuses to load a chart of accounts (l10n_* installed later in the same
        # run) on a company that already has invoices: without a chart, the demo
        # invoices go to a demo company of their own. Revenue counts per commercial
        # partner whatever the company, and the demo customers are shared.
        invoicing = company
        if not company.chart_template_id:
            invoicing = self.env["res.company"].sudo().search(
                [("name", "=", DEMO_COMPANY)], limit=1) or self.env["res.company"].sudo(
            ).create({"name": DEMO_COMPANY, "parent_id": company.id,
                      "currency_id": company.currency_id.id})
        journal, receivable, income = self._cx_accounting(invoicing)
        Partner = self.env["res.partner"].with_context(
            tracking_disable=True, mail_create_nolog=True, mail_create_nosubscribe=True)
        salespeople = [self.env.ref("base.user_admin" if self.env.ref(
            "base.user_admin", False) else "base.user_root").id]
        demo_user = self.env.ref("base.user_demo", False)
        if demo_user:
            salespeople.append(demo_user.id)
        today = fields.Date.from_string(fields.Date.context_today(self))
        partners = Partner.browse()
        for index in range(count):
            partners |= Partner.create({
                "name": "%s %s %03d" % (rng.choice(FIRST), rng.choice(SECOND), index + 1),
                "is_company": True, "customer": True, "company_id": False,
                "email": "cliente%03d@example.com" % (index + 1),
                "user_id": rng.choice(salespeople),
            })
        # Invoices: a yearly value per customer (a long tail: few big, many small).
        invoices = []
        for partner in partners:
            yearly = rng.choice([500, 2000, 5000, 9000, 15000, 30000, 60000, 120000])
            for _n in range(rng.randint(1, 14)):
                day = today - datetime.timedelta(days=rng.randint(0, 729))
                amount = round(yearly / 7.0 * rng.uniform(0.4, 1.6), 2)
                refund = rng.random() < 0.05
                recent = (today - day).days < 60
                state = "open" if recent or rng.random() < 0.03 else "paid"
                due = day + datetime.timedelta(days=30)
                sign = -1 if refund else 1
                invoices.append((
                    partner.id, partner.id, "out_refund" if refund else "out_invoice",
                    state, day, due, amount, sign * amount, amount, sign * amount,
                    journal.id, receivable.id, invoicing.id, invoicing.currency_id.id,
                    "none"))
        rows = execute_values(cr, """
            INSERT INTO account_invoice (partner_id, commercial_partner_id, type, state,
                date_invoice, date_due, amount_untaxed, amount_untaxed_signed, amount_total,
                amount_total_company_signed, journal_id, account_id, company_id, currency_id,
                reference_type)
            VALUES %s RETURNING id, amount_untaxed""", invoices, fetch=True, page_size=1000)
        execute_values(cr, """
            INSERT INTO account_invoice_line (invoice_id, name, account_id, price_unit,
                quantity, price_subtotal, company_id, currency_id, partner_id)
            SELECT v.invoice_id, 'Demo', %s, v.amount, 1, v.amount, %s, %s, i.partner_id
              FROM (VALUES %%s) v(invoice_id, amount)
              JOIN account_invoice i ON i.id = v.invoice_id""" % (
            income.id, invoicing.id, invoicing.currency_id.id), rows, page_size=1000)
        paths = self._generate_history(partners, rng, today)
        self._generate_interactions(partners, paths, rng, today, company)
        self.env["res.partner"].invalidate_cache()
        # Satisfaction for two thirds of the customers, the rest stay without a quadrant.
        for partner in partners:
            if rng.random() < 0.66:
                partner._cx_set_satisfaction(
                    round(rng.uniform(20, 98), 1),
                    fields.Datetime.to_string(datetime.datetime.combine(
                        today - datetime.timedelta(days=rng.randint(0, 90)),
                        datetime.time(10))))
        strategic = self.env["cx.tier"]._cx_strategic()
        if strategic:
            partners[:3].write({"cx_tier_id": strategic.id,
                                "cx_tier_lock_reason": "Key account of the board"})
        self.env["res.partner"]._cx_recompute_tiers()
        self.env["res.partner"]._cx_apply_lifecycle_rules()
        # One backward move by hand, recorded like any other.
        partners[3]._cx_move_to_stage(codes.STAGE_TELEMARKETING, reason="Win-back campaign")
        return True

    @api.model
    def _generate_history(self, partners, rng, today):
        stages = {s.code: s for s in self.env["cx.lifecycle.stage"].search([])}
        rows = []
        current = {}
        paths = {}
        for partner in partners:
            path = paths[partner.id] = rng.choice(PATHS)
            moment = datetime.datetime.combine(
                today - datetime.timedelta(days=rng.randint(300, 729)), datetime.time(9))
            previous = None
            for position, code in enumerate(path):
                stay = datetime.timedelta(days=rng.randint(5, 90), hours=rng.randint(0, 23))
                date_out = moment + stay if position < len(path) - 1 else None
                rows.append((partner.id, stages[code].id, previous and stages[previous].id,
                             moment, date_out,
                             stay.total_seconds() / 86400.0 if date_out else 0.0,
                             "manual", self.env.uid, partner.company_id.id or None))
                previous = code
                if date_out:
                    moment = date_out
            current[partner.id] = (stages[path[-1]].id, moment)
        execute_values(self.env.cr, """
            INSERT INTO cx_lifecycle_history (partner_id, stage_id, previous_stage_id,
                date_in, date_out, duration_days, rule, user_id, company_id)
            VALUES %s""", rows, page_size=1000)
        execute_values(self.env.cr, """
            UPDATE res_partner p SET cx_stage_id = v.stage_id, cx_stage_date = v.date_in
              FROM (VALUES %s) v(id, stage_id, date_in) WHERE p.id = v.id""",
                       [(pid, stage, date) for pid, (stage, date) in current.items()])
        return paths

    @api.model
    def _generate_interactions(self, partners, paths, rng, today, company):
        touchpoints = self.env["cx.touchpoint"].search([])
        rows = []
        for partner in partners:
            mood = rng.uniform(4, 10)
            # Only touchpoints of the processes the customer went through.
            mine = touchpoints.filtered(lambda t: t.stage_id.code in paths[partner.id])
            for _n in range(rng.randint(2, 12)):
                touchpoint = rng.choice(mine)
                when = datetime.datetime.combine(
                    today - datetime.timedelta(days=rng.randint(0, 729)),
                    datetime.time(rng.randint(8, 18), rng.randint(0, 59)))
                scored = touchpoint.info_kind == codes.INFO_PAST or rng.random() < 0.3
                score = max(0, min(10, round(rng.gauss(mood, 1.8)))) if scored else 0
                rows.append((
                    "%s" % touchpoint.name, partner.id, touchpoint.id, touchpoint.channel,
                    touchpoint.info_kind, touchpoint.stage_id.id or None, when, scored,
                    score, partner.user_id.id or self.env.uid, company.id))
        execute_values(self.env.cr, """
            INSERT INTO cx_interaction (name, partner_id, touchpoint_id, channel, info_kind,
                stage_id, date, has_score, score, user_id, company_id)
            VALUES %s""", rows, page_size=1000)
