# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Demo data of cx_experience: the demo company's customers and two years of their
business, written as Odoo writes it (see demo/story.py for the story).

- 800 customer companies (each with an XML id ``cx_experience.demo_customer_NNNN``, so
  the other addons' demo generators find the same people), created through the ORM;
- opportunities (crm.lead, when CRM is installed) for the customers who came through
  pre-sales;
- posted invoices and refunds with their journal entries and payments, in bulk
  (demo/books.py) except the latest ones, posted and paid through the ORM;
- interactions at the touchpoints of the processes each customer went through;
- the stage log and the tier log replayed night by night from those documents
  (:meth:`_cx_demo_replay`, which the other addons' generators call again once their
  tickets and answers exist), then the real nightly job, which has the last word.
"""
import datetime
import logging
import random

from psycopg2.extras import execute_values

from odoo import fields

from .. import clock
from .. import lang as cx_lang

from ..domain import codes, tiers
from . import books as books_
from . import story

_logger = logging.getLogger(__name__)

DEMO_COUNT = 800
DEMO_SEED = 42
XMLID_PREFIX = "demo_customer_"
ORM_INVOICES = 8  # the latest invoices go through action_invoice_open


def _(source):
    """Marks a text the demo stores in its source language: the logs translate it for
    each reader (cx_experience.lang.translate_stored), so it needs its Spanish."""
    return source


REASON_KEY_ACCOUNT = _("Key account of the board")
REASON_WIN_BACK = _("Win-back campaign")
PAYMENT_LABEL_IN = "Customer Payment"        # account's own texts, in its translation
PAYMENT_LABEL_OUT = "Customer Credit Note"

CITIES = {"ES": ["Madrid", "Barcelona", "Valencia", "Sevilla", "Bilbao", "Zaragoza"],
          "MX": ["Ciudad de México", "Guadalajara", "Monterrey", "Puebla"],
          "CO": ["Bogotá", "Medellín", "Cali", "Barranquilla"],
          "AR": ["Buenos Aires", "Córdoba", "Rosario", "Mendoza"],
          "CL": ["Santiago", "Valparaíso", "Concepción"]}


def _moment(day, rng, start=9, end=18):
    return datetime.datetime.combine(day, datetime.time(rng.randint(start, end - 1),
                                                        rng.randint(0, 59)))


class ExperienceDemo(object):
    """The demo generator of cx_experience, on an environment (the thin model ``cx.demo``
    is what the demo XML and the other addons' tests call)."""

    def __init__(self, env):
        self.env = env

    # ------------------------------------------------------------------ accounting
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

    def _cx_demo_books(self, company):
        """Everything the bulk writer needs: journals, accounts, sequences, payment
        methods and the labels Odoo writes in the company's language."""
        journal, receivable, income = self._cx_accounting(company)
        receivable = self.env["ir.property"].with_context(force_company=company.id).get(
            "property_account_receivable_id", "res.partner") or receivable
        income = journal.default_credit_account_id or income
        bank = self.env["account.journal"].sudo().search(
            [("type", "=", "bank"), ("company_id", "=", company.id)], limit=1)
        if not bank:
            bank_account = self.env["account.account"].sudo().create({
                "name": "Bank", "code": "CX5720", "company_id": company.id,
                "user_type_id": self.env.ref("account.data_account_type_liquidity").id})
            bank = self.env["account.journal"].sudo().create({
                "name": "Bank", "code": "CXBNK", "type": "bank", "company_id": company.id,
                "default_debit_account_id": bank_account.id,
                "default_credit_account_id": bank_account.id})
        Sequence = self.env["ir.sequence"].sudo()

        def sequence(code):
            return Sequence.search([("code", "=", code), "|", ("company_id", "=", company.id),
                                    ("company_id", "=", False)], limit=1)
        lang = company.partner_id.lang or "en_US"
        translate = self.env["ir.translation"]._get_source
        term = self.env.ref("account.account_payment_term_net", raise_if_not_found=False)
        return {
            "company": company.id, "currency": company.currency_id.id,
            "journal": journal, "bank": bank, "bank_account": bank.default_debit_account_id,
            "receivable": receivable, "income": income, "term": term.id if term else None,
            "seq_in": sequence("account.payment.customer.invoice"),
            "seq_out": sequence("account.payment.customer.refund"),
            "seq_reconcile": sequence("account.reconcile"),
            "method_in": self.env.ref("account.account_payment_method_manual_in").id,
            "method_out": self.env.ref("account.account_payment_method_manual_out").id,
            "label_in": translate(None, ("code",), lang, PAYMENT_LABEL_IN) or PAYMENT_LABEL_IN,
            "label_out": translate(None, ("code",), lang, PAYMENT_LABEL_OUT) or PAYMENT_LABEL_OUT,
            "term_days": 30 if term else 0,
        }

    # ------------------------------------------------------------------ customers
    def _cx_demo_customers(self):
        """The demo customers, in the order of the story's plan (empty without demo)."""
        self.env.cr.execute("""
            SELECT res_id FROM ir_model_data
             WHERE module = 'cx_experience' AND model = 'res.partner' AND name LIKE %s
          ORDER BY name""", (XMLID_PREFIX + "%",))
        return self.env["res.partner"].browse([row[0] for row in self.env.cr.fetchall()])

    def _cx_demo_plan(self):
        """The story's plan of the demo customers, as created (same day, same seed)."""
        self.env.cr.execute("""
            SELECT value FROM ir_config_parameter WHERE key = 'cx_experience.demo_day'""")
        row = self.env.cr.fetchone()
        day = fields.Date.from_string(row[0]) if row else datetime.date.today()
        return story.customer_plan(DEMO_COUNT, DEMO_SEED, day)

    def _generate(self, count=DEMO_COUNT, seed=DEMO_SEED):
        now = clock.utcnow()
        today = now.date()
        self.env["ir.config_parameter"].sudo().set_param(
            "cx_experience.demo_day", fields.Date.to_string(today))
        plan = story.customer_plan(count, seed, today)
        company = self.env.user.company_id
        partners = self._cx_demo_create_customers(plan, now)
        self._cx_demo_opportunities(plan, partners)
        invoices = self._cx_demo_invoices(plan, partners, company, seed, today, now)
        self._cx_demo_interactions(plan, partners, invoices, seed, today, now, company)
        # Odoo loads a module's translations after its demo data; a text the demo
        # writes for people to read as it is (a lock reason) is in the company's
        # language, so they are loaded now (Odoo's own step, done again after).
        self.env["ir.module.module"].search(
            [("name", "=", "cx_experience")])._update_translations()
        self._cx_demo_hand_moves(plan, partners, today)
        self._cx_demo_replay()
        self._cx_demo_satisfaction(partners)
        return True

    def _cx_demo_create_customers(self, plan, now):
        Partner = self.env["res.partner"].with_context(
            tracking_disable=True, mail_create_nolog=True, mail_create_nosubscribe=True)
        salespeople = [self.env.ref("base.user_admin", False) or self.env.ref("base.user_root"),
                       self.env.ref("base.user_demo", False)]
        salespeople = [user for user in salespeople if user] or [self.env.user]
        countries = {c.code: c.id for c in self.env["res.country"].search(
            [("code", "in", list(CITIES))])}
        lang = self.env.user.company_id.partner_id.lang
        rng = random.Random("customers")
        partners = Partner.browse()
        for customer in plan:
            partners |= Partner.create({
                "name": customer.name, "is_company": True, "customer": True,
                "company_id": False, "email": customer.email, "lang": lang or False,
                "country_id": countries.get(customer.country),
                "city": rng.choice(CITIES[customer.country]),
                "phone": "+%02d %03d %04d" % (rng.randint(30, 59), rng.randint(100, 999),
                                              rng.randint(0, 9999)),
                "user_id": salespeople[customer.salesperson % len(salespeople)].id,
            })
        # created when they first came (their opportunity, or a few days before buying)
        created = [(p.id, datetime.datetime.combine(
            c.acquired - datetime.timedelta(days=20 if c.opportunity else 2),
            datetime.time(9))) for p, c in zip(partners, plan)]
        execute_values(self.env.cr, """
            UPDATE res_partner p SET create_date = v.created, write_date = v.created
              FROM (VALUES %s) v(id, created) WHERE p.id = v.id""", created)
        execute_values(self.env.cr, """
            INSERT INTO ir_model_data (module, name, model, res_id, noupdate, date_init,
                                       date_update)
            VALUES %s""", [("cx_experience", "%s%04d" % (XMLID_PREFIX, c.index),
                            "res.partner", p.id, True, now, now)
                           for p, c in zip(partners, plan)])
        partners.invalidate_cache(["create_date"])
        return partners

    def _cx_demo_opportunities(self, plan, partners):
        if "crm.lead" not in self.env:
            return
        Lead = self.env["crm.lead"].with_context(
            tracking_disable=True, mail_create_nolog=True, mail_create_nosubscribe=True)
        stages = self.env["crm.stage"].search([], order="sequence")
        won = stages.filtered(lambda s: s.probability == 100)[:1] or stages[-1:]
        open_stages = stages - won
        rng = random.Random("opportunities")
        dates = []
        for partner, customer in zip(partners, plan):
            if not customer.opportunity:
                continue
            lead = Lead.create({
                "name": "Propuesta comercial %s" % customer.name.split(" ")[0].lower(),
                "type": "opportunity", "partner_id": partner.id,
                "user_id": partner.user_id.id,
                "planned_revenue": round(customer.size / 2, -2),
                "stage_id": (won if customer.trend != story.TREND_PROSPECT else
                             rng.choice(open_stages) if open_stages else won).id,
            })
            opened = datetime.datetime.combine(
                customer.acquired - datetime.timedelta(days=rng.randint(5, 19)),
                datetime.time(rng.randint(9, 17)))
            dates.append((lead.id, opened))
        execute_values(self.env.cr, """
            UPDATE crm_lead l SET create_date = v.opened, date_open = v.opened,
                   write_date = v.opened
              FROM (VALUES %s) v(id, opened) WHERE l.id = v.id""", dates)
        Lead.invalidate_cache()

    def _cx_demo_invoices(self, plan, partners, company, seed, today, now):
        """Two years of invoices: the latest through the ORM, the rest in bulk."""
        books = self._cx_demo_books(company)
        docs = []
        for partner, customer in zip(partners, plan):
            rng = random.Random("posting:%s" % customer.index)
            for invoice in story.invoice_plan(customer, seed, today):
                posted = _moment(invoice.date, rng)
                paid = invoice.paid and _moment(invoice.paid, rng)
                docs.append({
                    "partner_id": partner.id, "user_id": partner.user_id.id,
                    "type": "out_invoice", "date": invoice.date,
                    "due": invoice.date + datetime.timedelta(days=books["term_days"]),
                    "lines": invoice.lines, "posted": posted,
                    "paid": paid if paid and paid < now else None})
                if invoice.refund:
                    when, share, back = invoice.refund
                    label, qty, price = invoice.lines[0]
                    docs.append({
                        "partner_id": partner.id, "user_id": partner.user_id.id,
                        "type": "out_refund", "date": when, "due": when,
                        "lines": [(label, qty, round(price * share, 2))],
                        "posted": _moment(when, rng), "name": "Devolución parcial",
                        "paid": back and _moment(back, rng) if back else None,
                        "origin_doc": docs[-1]})
        docs.sort(key=lambda doc: (doc["date"], doc["posted"]))
        latest = [doc for doc in docs if doc["type"] == "out_invoice"][-ORM_INVOICES:]
        bulk = [doc for doc in docs if not any(doc is other for other in latest)]
        position = {id(doc): i for i, doc in enumerate(bulk)}
        for doc in bulk:
            origin = doc.pop("origin_doc", None)
            if origin is not None:
                doc["origin"] = position.get(id(origin))
        invoice_ids = books_.post_invoices(self.env, bulk, books)
        self.env["account.invoice"].invalidate_cache()
        orm_ids = self._cx_demo_post_with_orm(latest, books, company, now)
        _logger.info("cx demo: %d invoices and refunds in bulk, %d through the ORM",
                     len(invoice_ids), len(orm_ids))
        return invoice_ids + orm_ids

    def _cx_demo_post_with_orm(self, docs, books, company, now):
        """The latest invoices posted by Odoo itself, in the company's language; two of
        them paid in full and one in part, through account.payment."""
        lang = company.partner_id.lang or "en_US"
        Invoice = self.env["account.invoice"].with_context(
            lang=lang, tracking_disable=True, mail_create_nolog=True,
            mail_create_nosubscribe=True, mail_notrack=True)
        invoices = Invoice.browse()
        for doc in docs:
            invoices |= Invoice.create({
                "partner_id": doc["partner_id"], "type": "out_invoice",
                "date_invoice": fields.Date.to_string(doc["date"]),
                "journal_id": books["journal"].id, "user_id": doc["user_id"],
                "payment_term_id": books["term"],
                "invoice_line_ids": [(0, 0, {
                    "name": label, "quantity": qty, "price_unit": price,
                    "account_id": books["income"].id}) for label, qty, price in doc["lines"]],
            })
        invoices.action_invoice_open()
        Payment = self.env["account.payment"].with_context(lang=lang)
        for invoice, share in zip(invoices[:3], (1.0, 1.0, 0.5)):
            Payment.create({
                "payment_type": "inbound", "partner_type": "customer",
                "partner_id": invoice.partner_id.id, "journal_id": books["bank"].id,
                "amount": round(invoice.amount_total * share, 2),
                "payment_date": fields.Date.to_string(now.date()),
                "payment_method_id": books["method_in"], "communication": invoice.number,
                "invoice_ids": [(6, 0, invoice.ids)]}).post()
        return invoices.ids

    def _cx_demo_interactions(self, plan, partners, invoice_ids, seed, today, now,
                              company):
        """Contacts at the touchpoints of each customer's story, in one INSERT."""
        touchpoints = {t.code: t for t in self.env["cx.touchpoint"].with_context(
            lang=None).search([("code", "!=", False)])}
        cr = self.env.cr
        cr.execute("""
            SELECT i.commercial_partner_id, i.date_invoice, i.date_due, i.state,
                   (SELECT max(r.max_date) FROM account_move_line l
                      JOIN account_partial_reconcile r ON r.debit_move_id = l.id
                     WHERE l.invoice_id = i.id)
              FROM account_invoice i
             WHERE i.id = ANY(%s) AND i.type = 'out_invoice' ORDER BY i.date_invoice""",
                   (invoice_ids,))
        by_partner = {}
        for partner_id, day, due, state, paid in cr.fetchall():
            by_partner.setdefault(partner_id, []).append((
                fields.Date.from_string(day), fields.Date.from_string(due), state,
                fields.Date.from_string(paid) if paid else None))
        rows = []

        def add(code, partner, customer, moment, rng, score=None):
            touchpoint = touchpoints.get(code)
            if not touchpoint or moment >= now:
                return
            scored = score is not None
            rows.append((touchpoint.name, partner.id, touchpoint.id, touchpoint.channel,
                         touchpoint.info_kind, touchpoint.stage_id.id or None, moment,
                         scored, float(max(0, min(10, round(score)))) if scored else 0.0,
                         partner.user_id.id or self.env.uid, company.id, now, now))

        for partner, customer in zip(partners, plan):
            rng = random.Random("interactions:%s:%s" % (seed, customer.index))
            mood = customer.mood - (1.5 if customer.poor_service else 0.0)
            invoices = by_partner.get(partner.id, [])
            if customer.opportunity:
                add("presale_call", partner, customer, _moment(
                    customer.acquired - datetime.timedelta(days=rng.randint(6, 18)), rng),
                    rng)
            for day, due, state, paid in invoices:
                draw = rng.random()
                if draw < 0.12:
                    add("sale_visit", partner, customer, _moment(
                        day - datetime.timedelta(days=rng.randint(1, 6)), rng), rng)
                elif draw < 0.2:
                    add("store_visit", partner, customer, _moment(day, rng), rng,
                        rng.gauss(mood, 1.2))
                elif draw < 0.27:
                    add("service_chat", partner, customer, _moment(
                        day + datetime.timedelta(days=rng.randint(2, 20)), rng), rng,
                        rng.gauss(mood, 1.5))
                elif draw < 0.3:
                    add("web_feedback", partner, customer, _moment(
                        day + datetime.timedelta(days=rng.randint(1, 10)), rng), rng,
                        rng.gauss(mood, 1.5))
                # a late payment gets a reminder call a week after its due date
                reminder = due + datetime.timedelta(days=7)
                if reminder < today and (paid is None or paid > reminder):
                    add("collection_call", partner, customer, _moment(reminder, rng), rng,
                        rng.gauss(mood - 2.0, 1.5))
            if not invoices:
                continue
            first, last = invoices[0][0], invoices[-1][0]
            # loyal customers get the loyalty programme after half a year of purchases
            if (customer.trend in (story.TREND_STABLE, story.TREND_GROWING)
                    and customer.mood > 7.5 and (last - first).days > 200
                    and rng.random() < 0.5):
                add("loyalty_program", partner, customer, _moment(
                    first + datetime.timedelta(days=rng.randint(180, 360)), rng), rng)
            # customers buying less are interviewed before they go
            if customer.trend == story.TREND_DECLINING and rng.random() < 0.6:
                add("retention_interview", partner, customer, _moment(
                    today - datetime.timedelta(days=rng.randint(20, 200)), rng), rng,
                    rng.gauss(mood - 1.0, 1.5))
            if customer.trend == story.TREND_CHURNING and rng.random() < 0.5:
                add("retention_interview", partner, customer, _moment(
                    customer.stop - datetime.timedelta(days=rng.randint(10, 60)), rng), rng,
                    rng.gauss(mood - 2.0, 1.5))
            if customer.trend == story.TREND_WINBACK:
                add("telemarketing_campaign", partner, customer, datetime.datetime.combine(
                    today - datetime.timedelta(days=90), datetime.time(10)), rng)
        execute_values(cr, """
            INSERT INTO cx_interaction (name, partner_id, touchpoint_id, channel, info_kind,
                stage_id, date, has_score, score, user_id, company_id, create_date,
                write_date)
            VALUES %s""", rows, page_size=1000)
        self.env["cx.interaction"].invalidate_cache()

    def _cx_demo_hand_moves(self, plan, partners, today):
        """What people did by hand: the board's key accounts set Strategic and locked,
        the customers won back by telemarketing moved there."""
        cr = self.env.cr
        admin = (self.env.ref("base.user_admin", False) or self.env.ref("base.user_root")).id
        strategic = self.env["cx.tier"].sudo()._cx_strategic()
        stage = self.env["cx.lifecycle.stage"].sudo().search(
            [("code", "=", codes.STAGE_TELEMARKETING)], limit=1)
        rng = random.Random("hand moves")
        moves, locks = [], []
        for partner, customer in zip(partners, plan):
            if customer.strategic and strategic:
                locks.append((partner.id, datetime.datetime.combine(
                    today - datetime.timedelta(days=rng.randint(200, 320)),
                    datetime.time(11))))
            if customer.trend == story.TREND_WINBACK and stage:
                moves.append((partner.id, stage.id, datetime.datetime.combine(
                    today - datetime.timedelta(days=90), datetime.time(11)),
                    REASON_WIN_BACK, admin))
        if moves:
            execute_values(cr, """
                INSERT INTO cx_lifecycle_history (partner_id, stage_id, date_in,
                    duration_days, rule, reason, user_id, create_uid, create_date,
                    write_uid, write_date)
                SELECT v.partner_id, v.stage_id, v.moment, 0, 'manual', v.reason, v.uid,
                       v.uid, v.moment, v.uid, v.moment
                  FROM (VALUES %s) v(partner_id, stage_id, moment, reason, uid)""", moves)
        if locks:
            # the old tier and the revenue then are filled in by the replay
            execute_values(cr, """
                INSERT INTO cx_tier_change (partner_id, new_tier_id, date, direction,
                    revenue, source, user_id, reason, create_uid, create_date, write_uid,
                    write_date)
                VALUES %s""", [
                (pid, strategic.id, moment, codes.DIRECTION_UP, 0.0,
                 codes.TIER_SOURCE_MANUAL, admin, REASON_KEY_ACCOUNT, admin, moment, admin,
                 moment) for pid, moment in locks])
            cr.execute("""
                UPDATE res_partner SET cx_tier_id = %s, cx_tier_locked = true,
                       cx_tier_lock_reason = %s
                 WHERE id = ANY(%s)""", (
                    # the partner's field is text a person reads as it is: the company's
                    # language (the log above keeps the source, translated per reader)
                    strategic.id,
                    cx_lang.translate(self.env, REASON_KEY_ACCOUNT,
                                      cx_lang.company_lang(self.env)),
                    [pid for pid, _moment in locks]))
        self.env["res.partner"].invalidate_cache()

    # ------------------------------------------------------------------ the replay
    def _cx_demo_facts(self, partner_ids):
        """What the nightly rules read about each demo customer, from the documents."""
        cr = self.env.cr
        facts = {}
        cr.execute("SELECT id, create_date FROM res_partner WHERE id = ANY(%s)", (partner_ids,))
        for pid, created in cr.fetchall():
            facts[pid] = story.Facts(fields.Datetime.from_string(created))
        if "crm.lead" in self.env:
            cr.execute("""
                SELECT p.commercial_partner_id, l.create_date FROM crm_lead l
                  JOIN res_partner p ON p.id = l.partner_id
                 WHERE l.type = 'opportunity' AND p.commercial_partner_id = ANY(%s)""",
                       (partner_ids,))
            for pid, created in cr.fetchall():
                facts[pid].opportunities.append(fields.Datetime.from_string(created))
        cr.execute("""
            WITH items AS (
                SELECT l.id, l.invoice_id FROM account_move_line l
                  JOIN account_invoice i ON i.id = l.invoice_id AND i.account_id = l.account_id
                 WHERE i.commercial_partner_id = ANY(%(ids)s) AND i.state = 'paid'
            ),
            paid AS (
                SELECT invoice_id, max(moment) AS moment FROM (
                    SELECT items.invoice_id, r.create_date AS moment FROM items
                      JOIN account_partial_reconcile r ON r.debit_move_id = items.id
                    UNION ALL
                    SELECT items.invoice_id, r.create_date FROM items
                      JOIN account_partial_reconcile r ON r.credit_move_id = items.id) x
              GROUP BY invoice_id
            )
            SELECT i.commercial_partner_id, i.create_date, i.date_invoice, i.date_due,
                   paid.moment, i.amount_untaxed_signed, i.type
              FROM account_invoice i LEFT JOIN paid ON paid.invoice_id = i.id
             WHERE i.commercial_partner_id = ANY(%(ids)s) AND i.state IN %(states)s
               AND i.type IN %(types)s""", {"ids": partner_ids, "states": codes.REVENUE_STATES,
                                            "types": codes.REVENUE_TYPES})
        for pid, created, day, due, paid, amount, kind in cr.fetchall():
            facts[pid].invoices.append((
                fields.Datetime.from_string(created), fields.Date.from_string(day),
                fields.Date.from_string(due or day),
                fields.Datetime.from_string(paid) if paid else None, amount, kind))
        if "helpdesk.ticket" in self.env:
            cr.execute("""
                SELECT p.commercial_partner_id, t.create_date,
                       CASE WHEN s.closed THEN COALESCE(t.closed_date, t.last_stage_update) END
                  FROM helpdesk_ticket t
                  JOIN res_partner p ON p.id = t.partner_id
                  LEFT JOIN helpdesk_ticket_stage s ON s.id = t.stage_id
                 WHERE p.commercial_partner_id = ANY(%s)""", (partner_ids,))
            for pid, opened, closed in cr.fetchall():
                facts[pid].tickets.append((fields.Datetime.from_string(opened),
                                           fields.Datetime.from_string(closed)
                                           if closed else None))
        cr.execute("""
            SELECT p.commercial_partner_id, x.date, s.code FROM cx_interaction x
              JOIN res_partner p ON p.id = x.partner_id
              LEFT JOIN cx_lifecycle_stage s ON s.id = x.stage_id
             WHERE p.commercial_partner_id = ANY(%s)""", (partner_ids,))
        for pid, moment, code in cr.fetchall():
            facts[pid].interactions.append((fields.Datetime.from_string(moment), code))
        cr.execute("""
            SELECT h.partner_id, h.date_in, s.code FROM cx_lifecycle_history h
              JOIN cx_lifecycle_stage s ON s.id = h.stage_id
             WHERE h.partner_id = ANY(%s) AND h.rule = 'manual'""", (partner_ids,))
        for pid, moment, code in cr.fetchall():
            facts[pid].manual.append((fields.Datetime.from_string(moment), code))
        cr.execute("""
            SELECT partner_id, min(date) FROM cx_tier_change
             WHERE partner_id = ANY(%s) AND source = %s GROUP BY partner_id""",
                   (partner_ids, codes.TIER_SOURCE_MANUAL))
        for pid, moment in cr.fetchall():
            facts[pid].locked = fields.Datetime.from_string(moment)
        return facts

    def _cx_demo_replay(self):
        """Rewrite the stage log and the tier log of the demo customers as the nightly
        job would have written them over the two years (demo/story.py), from
        the documents now in the database, then run the real job once: it has the last
        word, and moves or re-tiers (today) whoever the documents of today change."""
        partners = self._cx_demo_customers()
        if not partners:
            return False
        cr = self.env.cr
        now = clock.utcnow()
        facts = self._cx_demo_facts(partners.ids)
        stages = self.env["cx.lifecycle.stage"].sudo().search([])
        sequences = {s.code: s.sequence for s in stages}
        stage_ids = {s.code: s.id for s in stages}
        tier_ids = {t.id: t for t in self.env["cx.tier"].sudo().search([])}
        try:
            bands = self.env["cx.tier"].sudo()._cx_revenue_bands()
        except tiers.TierRuleError:
            bands = None
        params = self.env["res.config.settings"]._cx_params()
        cr.execute("""
            SELECT h.partner_id, h.date_in, h.user_id, h.reason FROM cx_lifecycle_history h
             WHERE h.partner_id = ANY(%s) AND h.rule = 'manual'""", (partners.ids,))
        hand = {(pid, fields.Datetime.from_string(moment)): (uid, reason)
                for pid, moment, uid, reason in cr.fetchall()}
        history, changes, current = [], [], {}
        for pid, fact in facts.items():
            moves = story.replay_lifecycle(fact, sequences, now, params["churn_days"])
            for position, move in enumerate(moves):
                date_out = moves[position + 1].moment if position + 1 < len(moves) else None
                uid, reason = hand.get((pid, move.moment), (None, None))
                history.append((
                    pid, stage_ids[move.stage], stage_ids.get(move.previous), move.moment,
                    date_out, (date_out - move.moment).total_seconds() / 86400.0
                    if date_out else 0.0, move.rule, uid, reason, move.moment))
            stay = moves[-1] if moves else None
            tier = None
            if bands:
                previous = None
                for moment, key, revenue in story.replay_tiers(fact, bands, now,
                                                               params["window_months"]):
                    direction = tiers.direction(
                        tier_ids[previous].sequence if previous else None,
                        tier_ids[key].sequence)
                    changes.append((pid, previous, key, moment, direction, revenue))
                    previous = tier = key
            current[pid] = (stage_ids[stay.stage] if stay else None,
                            stay.moment if stay else None, tier)
        cr.execute("DELETE FROM cx_lifecycle_history WHERE partner_id = ANY(%s)",
                   (partners.ids,))
        execute_values(cr, """
            INSERT INTO cx_lifecycle_history (partner_id, stage_id, previous_stage_id,
                date_in, date_out, duration_days, rule, user_id, reason, create_uid,
                create_date, write_uid, write_date)
            SELECT v.partner_id, v.stage_id, v.previous_id, v.date_in, v.date_out,
                   v.days, v.rule, v.user_id, v.reason, %s, v.stamp, %s, v.stamp
              FROM (VALUES %%s) v(partner_id, stage_id, previous_id, date_in, date_out,
                                  days, rule, user_id, reason, stamp)""" % (
            self.env.uid, self.env.uid), history, page_size=1000,
                       template="(%s, %s, %s::integer, %s::timestamp, %s::timestamp, %s,"
                                " %s, %s::integer, %s, %s::timestamp)")
        cr.execute("DELETE FROM cx_tier_change WHERE partner_id = ANY(%s) AND source = %s",
                   (partners.ids, codes.TIER_SOURCE_RULE))
        if changes:
            execute_values(cr, """
                INSERT INTO cx_tier_change (partner_id, old_tier_id, new_tier_id, date,
                    direction, revenue, source, create_uid, create_date, write_uid,
                    write_date)
                SELECT v.partner_id, v.old_id, v.new_id, v.moment, v.direction, v.revenue,
                       %s, %s, v.moment, %s, v.moment
                  FROM (VALUES %%s) v(partner_id, old_id, new_id, moment, direction,
                                      revenue)""" % tuple(
                cr.mogrify("%s", (value,)).decode() for value in (
                    codes.TIER_SOURCE_RULE, self.env.uid, self.env.uid)), changes,
                           template="(%s, %s::integer, %s, %s::timestamp, %s, %s)",
                           page_size=1000)
            # the change by hand follows the last change by the rule
            cr.execute("""
                UPDATE cx_tier_change m SET old_tier_id = last.new_tier_id,
                       revenue = last.revenue
                  FROM (SELECT DISTINCT ON (r.partner_id) r.partner_id, r.new_tier_id,
                               r.revenue, h.id AS manual_id
                          FROM cx_tier_change h
                          JOIN cx_tier_change r ON r.partner_id = h.partner_id
                                               AND r.source = %s AND r.date < h.date
                         WHERE h.source = %s AND h.partner_id = ANY(%s)
                      ORDER BY r.partner_id, r.date DESC) last
                 WHERE m.id = last.manual_id""", (codes.TIER_SOURCE_RULE,
                                                  codes.TIER_SOURCE_MANUAL, partners.ids))
        execute_values(cr, """
            UPDATE res_partner p SET cx_stage_id = v.stage_id, cx_stage_date = v.since,
                   cx_tier_id = CASE WHEN p.cx_tier_locked THEN p.cx_tier_id
                                     ELSE COALESCE(v.tier_id, p.cx_tier_id) END
              FROM (VALUES %s) v(id, stage_id, since, tier_id) WHERE p.id = v.id""",
                       [(pid,) + values for pid, values in current.items()],
                       template="(%s, %s::integer, %s::timestamp, %s::integer)")
        self.env["res.partner"].invalidate_cache()
        self.env["cx.lifecycle.history"].invalidate_cache()
        self.env["cx.tier.change"].invalidate_cache()
        # the real nightly job, today
        Partner = self.env["res.partner"]
        Partner._cx_recompute_tiers()
        moved = Partner._cx_apply_lifecycle_rules()
        _logger.info("cx demo: replayed %d stays and %d tier changes; the job moved %d "
                     "customers today", len(history), len(changes), moved)
        return True

    def _cx_demo_satisfaction(self, partners):
        """Satisfaction from the scored interactions (the NPS answers take over when the
        NPS addon brings them): the average score of the last year, on 0-100."""
        cr = self.env.cr
        cr.execute("""
            SELECT partner_id, round(avg(score) * 10), max(date) FROM cx_interaction
             WHERE partner_id = ANY(%s) AND has_score
               AND date >= (now() at time zone 'UTC') - interval '12 months'
          GROUP BY partner_id""", (partners.ids,))
        groups = {}
        for pid, index, date in cr.fetchall():
            groups.setdefault(float(index), []).append((pid, date))
        Partner = self.env["res.partner"]
        for index, rows in sorted(groups.items()):
            latest = max(date for _pid, date in rows)
            Partner.browse([pid for pid, _date in rows])._cx_set_satisfaction(index, latest)
        return True
