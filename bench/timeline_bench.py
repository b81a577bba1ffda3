"""Benchmark of the customer's timeline (cx.timeline, one SQL view over every source):
opening a customer's timeline the way the partner form does, beside the obvious ways.

Run from the repository root with Odoo's Python, on a database with cx_experience
installed (its data is generated in one transaction and rolled back at the end):

    CX_BENCH_DB=<db> .venv/bin/python bench/timeline_bench.py [--customers 20000] [--sample 50]

Each generated customer gets 10 interactions (on itself and a contact), 2 tier changes
and 3 stage stays, written with SQL. Then, for a sample of customers:

- ours: the form's read (search the customer's rows, read the first page of 20 with
  their texts), where reads by id carry the rows' keys (cx.timeline._apply_ir_rules);
- the same read by id without the keys (what Odoo does on a view by default);
- the obvious ORM way: one search per source model, merged and sorted in Python.
"""
import argparse
import os
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DB = os.environ.get("CX_BENCH_DB", "bench_exp")
CONF = os.environ.get("CX_CONF", os.path.join(ROOT, ".odoo", "odoo.conf"))
TAG = "TLB "
PAGE = 20


def generate(env, customers):
    cr = env.cr
    company = env.user.company_id.id
    stages = [s.id for s in env["cx.lifecycle.stage"].search([], order="sequence")]
    tiers = [t.id for t in env["cx.tier"].search([])]
    touchpoint = env["cx.touchpoint"].search([], limit=1).id
    cr.execute("SELECT COALESCE(MAX(id), 0) FROM res_partner")
    base = cr.fetchone()[0] + 1
    cr.execute("""
        INSERT INTO res_partner (id, commercial_partner_id, name, display_name, customer,
                                 is_company, active, type, company_id, invoice_warn)
        SELECT %(base)s + g, %(base)s + g, %(tag)s || g, %(tag)s || g, TRUE, TRUE, TRUE,
               'contact', %(company)s, 'no-message'
          FROM generate_series(0, %(n)s - 1) g;
        INSERT INTO res_partner (id, parent_id, commercial_partner_id, name, display_name,
                                 customer, is_company, active, type, company_id, invoice_warn)
        SELECT %(base)s + %(n)s + g, %(base)s + g, %(base)s + g, %(tag)s || 'c' || g,
               %(tag)s || 'c' || g, FALSE, FALSE, TRUE, 'contact', %(company)s, 'no-message'
          FROM generate_series(0, %(n)s - 1) g;
        SELECT setval('res_partner_id_seq', %(base)s + 2 * %(n)s);
        INSERT INTO cx_interaction (name, partner_id, touchpoint_id, date, has_score, score,
                                    company_id, create_date, write_date)
        SELECT 'Contact ' || k, %(base)s + g + (k %% 2) * %(n)s, %(touchpoint)s,
               now() - (k || ' days')::interval, k %% 3 = 0, k %% 11, %(company)s, now(), now()
          FROM generate_series(0, %(n)s - 1) g, generate_series(1, 10) k;
        INSERT INTO cx_tier_change (partner_id, old_tier_id, new_tier_id, date, direction,
                                    source, company_id, create_date, write_date)
        SELECT %(base)s + g, CASE WHEN k = 1 THEN NULL ELSE %(t1)s END, %(t2)s,
               now() - (k * 30 || ' days')::interval, 'up', 'rule', %(company)s, now(), now()
          FROM generate_series(0, %(n)s - 1) g, generate_series(1, 2) k;
        INSERT INTO cx_lifecycle_history (partner_id, stage_id, date_in, rule, company_id,
                                          duration_days, create_date, write_date)
        SELECT %(base)s + g, (%(stages)s)[k], now() - ((4 - k) * 40 || ' days')::interval,
               'invoice', %(company)s, 0, now(), now()
          FROM generate_series(0, %(n)s - 1) g, generate_series(1, 3) k;
        ANALYZE res_partner; ANALYZE cx_interaction; ANALYZE cx_tier_change;
        ANALYZE cx_lifecycle_history;
    """, {"base": base, "n": customers, "tag": TAG, "company": company,
          "touchpoint": touchpoint, "t1": tiers[0], "t2": tiers[-1], "stages": stages})
    return list(range(base, base + customers))


def form_read(env, partner_id):
    """What the partner form does: the customer's rows, then the first page's fields."""
    partner = env["res.partner"].browse(partner_id)
    rows = partner.cx_timeline_ids
    page = env["cx.timeline"].browse(rows.ids[:PAGE])
    return page.read(["date", "kind", "summary", "score", "amount", "user_id", "level"])


def obvious(env, partner_id):
    """One search per source model, merged newest first in Python."""
    partner = env["res.partner"].browse(partner_id)
    events = []
    for rec in env["cx.interaction"].search([("partner_id", "child_of", partner.id)]):
        events.append((rec.date, "interaction", rec.summary))
    for rec in env["account.invoice"].search([
            ("commercial_partner_id", "=", partner.id), ("state", "in", ("open", "paid")),
            ("type", "in", ("out_invoice", "out_refund"))]):
        events.append((rec.date_invoice, "invoice", rec.number))
    for rec in env["mail.activity"].search([
            ("res_model", "=", "res.partner"),
            ("res_id", "in", env["res.partner"].search([("id", "child_of", partner.id)]).ids)]):
        events.append((rec.date_deadline, "activity", rec.summary))
    for rec in env["cx.tier.change"].search([("partner_id", "=", partner.id)]):
        events.append((rec.date, "tier", rec.new_tier_id.name))
    for rec in env["cx.lifecycle.history"].search([("partner_id", "=", partner.id)]):
        events.append((rec.date_in, "stage", rec.stage_id.name))
    return sorted(events, key=lambda e: e[0] or "", reverse=True)[:PAGE]


def timed(env, function, ids):
    start = time.time()
    for partner_id in ids:
        env.clear()
        function(env, partner_id)
    return (time.time() - start) / len(ids)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=20000)
    parser.add_argument("--sample", type=int, default=50)
    args = parser.parse_args()
    sys.path.insert(0, ROOT)
    import odoo
    from odoo import SUPERUSER_ID, api
    odoo.tools.config.parse_config(["-c", CONF, "-d", DB, "--log-level=warn"])
    registry = odoo.registry(DB)
    with api.Environment.manage(), registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True, "lang": "es_ES"})
        start = time.time()
        ids = generate(env, args.customers)
        cr.execute("SELECT count(*) FROM cx_timeline")
        total = cr.fetchone()[0]
        print("generated %d customers (%d timeline rows in all) in %.1f s"
              % (args.customers, total, time.time() - start))
        step = max(1, len(ids) // args.sample)
        sample = ids[::step][:args.sample]
        form_read(env, sample[0])   # warm the caches
        ours = timed(env, form_read, sample)

        # The same page read by id, with and without the rows' keys, in plain SQL.
        pages = [env["res.partner"].browse(pid).cx_timeline_ids.ids[:PAGE] for pid in sample]
        plain = "SELECT id, kind, name, date FROM cx_timeline WHERE id IN %s"
        start = time.time()
        for page in pages:
            cr.execute(plain + " AND row_key IN %s",
                       (tuple(page), tuple({i // 64 for i in page})))
        keyed = (time.time() - start) / len(pages)
        start = time.time()
        for page in pages[:10]:
            cr.execute(plain, (tuple(page),))
        by_id = (time.time() - start) / min(10, len(pages))
        naive = timed(env, obvious, sample)
        print("one customer's timeline, the form's read (search + first %d rows with "
              "their texts): %.1f ms" % (PAGE, ours * 1000))
        print("the page read by id, SQL: with the row keys %.2f ms, by id alone %.1f ms "
              "(ratio %.0fx)" % (keyed * 1000, by_id * 1000, by_id / keyed))
        print("the obvious ORM way (one search per source, merged in Python): %.1f ms "
              "(ratio %.1fx)" % (naive * 1000, naive / ours))
        with open("/proc/loadavg") as handle:
            print("load average: %s" % " ".join(handle.read().split()[:3]))
        cr.rollback()


if __name__ == "__main__":
    main()
