# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Posted customer invoices, refunds and their payments in bulk, row for row as Odoo 11
writes them (not a model: the demo generator calls it).

What ``account.invoice.action_invoice_open`` and ``account.payment.post`` write, checked
against invoices posted through the ORM in the same database (see the demo generator,
which posts its latest invoices and payments that way, and tests/test_demo_story.py,
which compares the rows of both):

- the invoice (state open, or paid once reconciled) with its number from the journal's
  sequence, its journal entry (``account_move``, posted) and one journal item per invoice
  line (income) plus one on the receivable account, due on the due date;
- for each payment, an ``account_payment`` (posted) with its own journal entry on the
  bank journal (bank and receivable items), the partial reconciliation of the two
  receivable items and the full reconciliation that closes them;
- residuals, matched percentages and cash-basis amounts as Odoo's computes leave them.

No taxes: the demo sells without them (the lines have no tax, as Odoo allows).
"""
import uuid

from psycopg2.extras import execute_values

WRITE_OFF = "Write-Off"


def _stamp(moment):
    return moment.strftime("%Y-%m-%d %H:%M:%S")


class Numbers(object):
    """Names taken from an ``ir.sequence`` in date order, as Odoo's ``next_by_id`` gives
    them (with the sequence's yearly ranges), then the sequence is moved past them."""

    def __init__(self, sequence):
        self.sequence = sequence.sudo()

    def take(self, dates):
        """One name per date (``datetime.date``, in any order): the names follow the
        dates' order within each range."""
        seq = self.sequence
        names = {}
        by_range = {}
        for position, day in sorted(enumerate(dates), key=lambda item: (item[1], item[0])):
            text = day.strftime("%Y-%m-%d")
            if seq.use_date_range:
                ranges = seq.date_range_ids.filtered(
                    lambda r, t=text: r.date_from <= t <= r.date_to)
                span = ranges[:1] or seq._create_date_range_seq(text)
                key = span.id
            else:
                span, key = seq, 0
            by_range.setdefault(key, [span, text, []])[2].append(position)
        for span, text, positions in by_range.values():
            first = span.number_next_actual
            prefix, suffix = seq.with_context(ir_sequence_date=text,
                                              ir_sequence_date_range=text)._get_prefix_suffix()
            for offset, position in enumerate(positions):
                names[position] = "%s%s%s" % (
                    prefix, "%%0%sd" % seq.padding % (first + offset), suffix)
            span.write({"number_next_actual": first + len(positions)})
        return [names[position] for position in range(len(dates))]


def post_invoices(env, docs, books):
    """Write ``docs`` as posted invoices and refunds, paid when they say so.

    ``docs``: dicts with ``partner_id``, ``user_id``, ``type`` (out_invoice or
    out_refund), ``date``, ``due``, ``lines`` [(label, quantity, unit price)],
    ``posted`` (datetime), ``paid`` (datetime or None), ``name`` and ``origin`` (index of
    the refunded doc) for refunds. ``books``: the accounting setup (see
    cx.demo._cx_demo_books). Returns the invoice ids, in the order of ``docs``.
    """
    cr = env.cr
    uid = env.uid
    company, currency = books["company"], books["currency"]
    journal = books["journal"]
    numbers = Numbers(journal.sequence_id).take([doc["date"] for doc in docs])
    # account_move: one journal entry per invoice
    moves = execute_values(cr, """
        INSERT INTO account_move (name, date, journal_id, currency_id, state, partner_id,
            amount, company_id, matched_percentage, create_uid, create_date, write_uid,
            write_date)
        VALUES %s RETURNING id""", [
        (numbers[i], doc["date"], journal.id, currency, "posted", doc["partner_id"],
         _total(doc), company, 1.0 if doc["paid"] else 0.0, uid, _stamp(doc["posted"]), uid,
         _stamp(doc["paid"] or doc["posted"])) for i, doc in enumerate(docs)],
        fetch=True, page_size=1000)
    move_ids = [row[0] for row in moves]
    invoices = execute_values(cr, """
        INSERT INTO account_invoice (type, access_token, number, move_name, reference_type,
            state, sent, date_invoice, date_due, partner_id, payment_term_id, date,
            account_id, move_id, amount_untaxed, amount_untaxed_signed, amount_tax,
            amount_total, amount_total_signed, amount_total_company_signed, currency_id,
            journal_id, company_id, reconciled, residual, residual_signed,
            residual_company_signed, user_id, commercial_partner_id, name, origin,
            create_uid, create_date, write_uid, write_date)
        VALUES %s RETURNING id""", [
        (doc["type"], str(uuid.uuid4()), numbers[i], numbers[i], "none",
         "paid" if doc["paid"] else "open", False, doc["date"], doc["due"],
         doc["partner_id"], books["term"] if doc["type"] == "out_invoice" else None,
         doc["date"], books["receivable"].id, move_ids[i], _total(doc),
         _sign(doc) * _total(doc), 0.0, _total(doc), _sign(doc) * _total(doc),
         _sign(doc) * _total(doc), currency, journal.id, company, bool(doc["paid"]),
         0.0 if doc["paid"] else _total(doc), 0.0 if doc["paid"] else _sign(doc) * _total(doc),
         0.0 if doc["paid"] else _sign(doc) * _total(doc), doc["user_id"], doc["partner_id"],
         doc.get("name"), numbers[doc["origin"]] if doc.get("origin") is not None else None,
         uid, _stamp(doc["posted"]), uid, _stamp(doc["paid"] or doc["posted"]))
        for i, doc in enumerate(docs)], fetch=True, page_size=1000)
    invoice_ids = [row[0] for row in invoices]
    refunded = [(invoice_ids[i], invoice_ids[doc["origin"]]) for i, doc in enumerate(docs)
                if doc.get("origin") is not None]
    if refunded:
        execute_values(cr, """
            UPDATE account_invoice i SET refund_invoice_id = v.origin
              FROM (VALUES %s) v(id, origin) WHERE i.id = v.id""", refunded)
    line_rows, item_rows = [], []
    income, receivable = books["income"], books["receivable"]
    for i, doc in enumerate(docs):
        sign = _sign(doc)
        created = _stamp(doc["posted"])
        changed = _stamp(doc["paid"] or doc["posted"])
        share = 1.0 if doc["paid"] else 0.0
        for sequence, (label, quantity, price) in enumerate(doc["lines"]):
            subtotal = round(quantity * price, 2)
            line_rows.append((label, 10 + sequence, invoice_ids[i], income.id, price,
                              subtotal, subtotal, sign * subtotal, quantity, 0.0, company,
                              doc["partner_id"], currency, False, uid, created, uid,
                              created))
            debit, credit = (0.0, subtotal) if sign > 0 else (subtotal, 0.0)
            item_rows.append(_item(
                label, quantity, debit, credit, share, 0.0, income, move_ids[i], journal,
                doc["date"], doc["date"], company, currency, doc["partner_id"],
                invoice_ids[i], None, None, False, None, uid, created, changed))
        total = _total(doc)
        debit, credit = (total, 0.0) if sign > 0 else (0.0, total)
        item_rows.append(_item(
            doc.get("name") or "/", 1.0, debit, credit, share,
            0.0 if doc["paid"] else sign * total, receivable, move_ids[i], journal,
            doc["due"], doc["date"], company, currency, doc["partner_id"], invoice_ids[i],
            None, None, bool(doc["paid"]), None, uid, created, changed))
    execute_values(cr, """
        INSERT INTO account_invoice_line (name, sequence, invoice_id, account_id,
            price_unit, price_subtotal, price_total, price_subtotal_signed, quantity,
            discount, company_id, partner_id, currency_id, is_rounding_line, create_uid,
            create_date, write_uid, write_date)
        VALUES %s""", line_rows, page_size=1000)
    _insert_items(cr, item_rows)
    paid = [i for i, doc in enumerate(docs) if doc["paid"]]
    if paid:
        _pay(env, [docs[i] for i in paid], [invoice_ids[i] for i in paid],
             [move_ids[i] for i in paid], [numbers[i] for i in paid], books)
    return invoice_ids


_ITEM_COLUMNS = (
    "name", "quantity", "debit", "credit", "balance", "debit_cash_basis",
    "credit_cash_basis", "balance_cash_basis", "amount_currency", "company_currency_id",
    "amount_residual", "amount_residual_currency", "tax_base_amount", "account_id",
    "move_id", "ref", "payment_id", "reconciled", "full_reconcile_id", "journal_id",
    "blocked", "date_maturity", "date", "company_id", "invoice_id", "partner_id",
    "user_type_id", "tax_exigible", "create_uid", "create_date", "write_uid", "write_date")


def _item(name, quantity, debit, credit, share, residual, account, move_id, journal,
          maturity, date, company, currency, partner_id, invoice_id, ref, payment_id,
          reconciled, full_reconcile_id, uid, created, changed):
    """A journal item as Odoo leaves it; ``share`` is its entry's matched percentage,
    which gives the cash-basis amounts on sale journals (liquidity ones take them all)."""
    if journal.type not in ("sale", "purchase"):
        share = 1.0
    debit_cb, credit_cb = round(debit * share, 2), round(credit * share, 2)
    return [name, quantity, debit, credit, round(debit - credit, 2), debit_cb, credit_cb,
            round(debit_cb - credit_cb, 2), 0.0, currency, residual, 0.0, 0.0, account.id,
            move_id, ref, payment_id, reconciled, full_reconcile_id, journal.id, False,
            maturity, date, company, invoice_id, partner_id, account.user_type_id.id, True,
            uid, created, uid, changed]


def _insert_items(cr, rows):
    return execute_values(cr, "INSERT INTO account_move_line (%s) VALUES %%s RETURNING id"
                          % ", ".join(_ITEM_COLUMNS), rows, fetch=True, page_size=1000)


def _total(doc):
    return round(sum(round(qty * price, 2) for _label, qty, price in doc["lines"]), 2)


def _sign(doc):
    return -1 if doc["type"] == "out_refund" else 1


def _pay(env, docs, invoice_ids, move_ids, numbers, books):
    """One payment per document, in full, reconciled with its receivable item."""
    cr = env.cr
    uid = env.uid
    company, currency, bank = books["company"], books["currency"], books["bank"]
    days = [doc["paid"].date() for doc in docs]
    inbound = [doc["type"] == "out_invoice" for doc in docs]
    names = [None] * len(docs)
    for flag, sequence in ((True, books["seq_in"]), (False, books["seq_out"])):
        positions = [i for i, value in enumerate(inbound) if value == flag]
        for position, name in zip(positions, Numbers(sequence).take(
                [days[i] for i in positions])):
            names[position] = name
    move_names = Numbers(bank.sequence_id).take(days)
    full_names = Numbers(books["seq_reconcile"]).take(days)
    payments = execute_values(cr, """
        INSERT INTO account_payment (company_id, name, state, payment_type, move_name,
            payment_difference_handling, writeoff_label, payment_method_id, partner_type,
            partner_id, amount, currency_id, payment_date, communication, journal_id,
            create_uid, create_date, write_uid, write_date)
        VALUES %s RETURNING id""", [
        (company, names[i], "posted", "inbound" if inbound[i] else "outbound",
         move_names[i], "open", WRITE_OFF,
         books["method_in"] if inbound[i] else books["method_out"], "customer",
         doc["partner_id"], _total(doc), currency, days[i], numbers[i], bank.id, uid,
         _stamp(doc["paid"]), uid, _stamp(doc["paid"])) for i, doc in enumerate(docs)],
        fetch=True, page_size=1000)
    payment_ids = [row[0] for row in payments]
    execute_values(cr, "INSERT INTO account_invoice_payment_rel (payment_id, invoice_id) "
                       "VALUES %s", list(zip(payment_ids, invoice_ids)), page_size=1000)
    pay_moves = execute_values(cr, """
        INSERT INTO account_move (name, ref, date, journal_id, currency_id, state,
            partner_id, amount, company_id, matched_percentage, create_uid, create_date,
            write_uid, write_date)
        VALUES %s RETURNING id""", [
        (move_names[i], numbers[i], days[i], bank.id, currency, "posted",
         doc["partner_id"], _total(doc), company, 1.0, uid, _stamp(doc["paid"]), uid,
         _stamp(doc["paid"])) for i, doc in enumerate(docs)], fetch=True, page_size=1000)
    pay_move_ids = [row[0] for row in pay_moves]
    fulls = execute_values(cr, """
        INSERT INTO account_full_reconcile (name, create_uid, create_date, write_uid,
            write_date) VALUES %s RETURNING id""", [
        (full_names[i], uid, _stamp(doc["paid"]), uid, _stamp(doc["paid"]))
        for i, doc in enumerate(docs)], fetch=True, page_size=1000)
    full_ids = [row[0] for row in fulls]
    counterpart, liquidity = [], []
    for i, doc in enumerate(docs):
        total = _total(doc)
        stamp = _stamp(doc["paid"])
        label = (books["label_in"] if inbound[i] else books["label_out"]) + ": " + numbers[i]
        # the customer's side: credits the receivable for a payment, debits it for a refund
        debit, credit = (0.0, total) if inbound[i] else (total, 0.0)
        counterpart.append(_item(
            label, None, debit, credit, 1.0, 0.0, books["receivable"], pay_move_ids[i], bank,
            days[i], days[i], company, currency, doc["partner_id"], None, numbers[i],
            payment_ids[i], True, full_ids[i], uid, stamp, stamp))
        liquidity.append(_item(
            names[i], None, credit, debit, 1.0, round(credit - debit, 2), books["bank_account"],
            pay_move_ids[i], bank, days[i], days[i], company, currency, doc["partner_id"],
            None, numbers[i], payment_ids[i], False, None, uid, stamp, stamp))
    counter_ids = [row[0] for row in _insert_items(cr, counterpart)]
    _insert_items(cr, liquidity)
    # the invoice's receivable item, closed by the same full reconciliation
    cr.execute("""
        UPDATE account_move_line l SET full_reconcile_id = v.full_id
          FROM unnest(%s::int[], %s::int[]) v(move_id, full_id)
         WHERE l.move_id = v.move_id AND l.account_id = %s""",
               (move_ids, full_ids, books["receivable"].id))
    cr.execute("""
        SELECT move_id, id FROM account_move_line
         WHERE move_id = ANY(%s) AND account_id = %s""", (move_ids, books["receivable"].id))
    receivable_item = dict(cr.fetchall())
    partials = []
    for i, doc in enumerate(docs):
        own, other = receivable_item[move_ids[i]], counter_ids[i]
        debit_id, credit_id = (own, other) if inbound[i] else (other, own)
        stamp = _stamp(doc["paid"])
        partials.append((debit_id, credit_id, _total(doc), 0.0, company, full_ids[i],
                         max(days[i], doc["date"]), uid, stamp, uid, stamp))
    execute_values(cr, """
        INSERT INTO account_partial_reconcile (debit_move_id, credit_move_id, amount,
            amount_currency, company_id, full_reconcile_id, max_date, create_uid,
            create_date, write_uid, write_date)
        VALUES %s""", partials, page_size=1000)
