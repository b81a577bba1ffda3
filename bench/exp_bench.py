"""Benchmark of cx_experience: tier recompute and the CEM dashboard aggregates over
100,000 customers and 1,000,000 invoice lines, beside the obvious per-partner ORM loop.

Run from the repository root with Odoo's Python:

    .venv/bin/python bench/exp_bench.py [--partners 100000] [--lines 1000000] [--sample 300]

It works in its own database ``bench_exp`` (created with cx_experience and no demo data
when missing; CX_CONF points to another Odoo config if needed), generates its data with
SQL, and drops the database at the end (``--keep`` leaves it for another run; deleting
100,000 partners row by row through their foreign keys takes far longer than a new
database).
"""
import argparse
import contextlib
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DB = os.environ.get("CX_BENCH_DB", "bench_exp")
CONF = os.environ.get("CX_CONF", os.path.join(ROOT, ".odoo", "odoo.conf"))
TAG = "EXPB "


def ensure_database(modules="cx_experience"):
    """Create the bench database with these addons and no demo data, once (the other
    benchmarks that build on this one's data call it with their addons)."""
    listing = subprocess.run(["psql", "-lqt"], stdout=subprocess.PIPE,
                             universal_newlines=True).stdout
    if DB in [line.split("|")[0].strip() for line in listing.splitlines()]:
        return
    print("creating %s (%s without demo data)..." % (DB, modules))
    subprocess.run([sys.executable, os.path.join(ROOT, "setup", "odoo-bin"), "-c", CONF,
                    "-d", DB, "-i", modules, "--without-demo=all",
                    "--stop-after-init", "--log-level=warn"], check=True)


def arguments(doc, lines=1000000, runs=None):
    """The command line the benchmarks share: base size, sample of the obvious way."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--partners", type=int, default=100000)
    parser.add_argument("--lines", type=int, default=lines)
    parser.add_argument("--sample", type=int, default=300)
    if runs:
        parser.add_argument("--runs", type=int, default=runs)
    parser.add_argument("--keep", action="store_true", help="keep the generated data")
    return parser.parse_args()


@contextlib.contextmanager
def bench_env(modules="cx_experience", context=None):
    """The bench database (created with these addons when missing) as the superuser,
    with mail tracking off; the cursor closes at the end."""
    ensure_database(modules)
    sys.path.insert(0, ROOT)
    import odoo
    from odoo import SUPERUSER_ID, api
    odoo.tools.config.parse_config(["-c", CONF, "-d", DB, "--log-level=warn"])
    registry = odoo.registry(DB)
    with api.Environment.manage(), registry.cursor() as cr:
        yield api.Environment(cr, SUPERUSER_ID, dict(context or {}, tracking_disable=True))


def drop_unless_kept(args):
    """Drop the bench database at the end, unless --keep."""
    if not args.keep:
        import odoo
        odoo.sql_db.close_db(DB)
        subprocess.run(["dropdb", "--if-exists", DB], check=False)


def cleanup(cr):
    """Empty what a previous ``--keep`` run left (the bench database holds nothing else)."""
    cr.execute("SELECT 1 FROM res_partner WHERE name LIKE %s LIMIT 1", (TAG + "%",))
    if not cr.fetchone():
        return
    cr.execute("TRUNCATE account_invoice_line, account_invoice, cx_interaction, "
               "cx_tier_change, cx_lifecycle_history, mail_activity CASCADE")
    cr.execute("DELETE FROM res_partner WHERE name LIKE %s", (TAG + "%",))


def generate(env, partners, lines):
    cr = env.cr
    journal, receivable, income = env["cx.demo"]._cx_accounting()
    company = env.user.company_id
    stages = [s.id for s in env["cx.lifecycle.stage"].search([])]
    touchpoints = env["cx.touchpoint"].search([])
    # Each partner is its own commercial partner, written in the same INSERT: the table
    # holds no dead row versions, every page is full, as after a dump and restore. That
    # is the worst case for the recompute (no room on a page for an in-place update).
    cr.execute("""
        INSERT INTO res_partner (id, commercial_partner_id, name, display_name, customer,
                                 is_company, active, type, company_id, invoice_warn, lang,
                                 cx_stage_id, cx_has_satisfaction, cx_satisfaction_index,
                                 create_date)
        SELECT n.id, n.id, %(tag)s || n.g, %(tag)s || n.g, TRUE, TRUE, TRUE, 'contact',
               %(company)s, 'no-message', 'en_US',
               (%(stages)s)[1 + n.g %% array_length(%(stages)s, 1)],
               n.g %% 5 <> 0, CASE WHEN n.g %% 5 <> 0 THEN (n.g * 37) %% 101 ELSE 0 END,
               now() at time zone 'UTC' - interval '800 days'
          FROM (SELECT nextval('res_partner_id_seq') AS id, g
                  FROM generate_series(1, %(n)s) g) n
    """, {"tag": TAG, "company": company.id, "stages": stages, "n": partners})
    invoices = lines // 5
    # Invoices over two years; 5 %% refunds; amounts spread so that every tier fills.
    cr.execute("""
        INSERT INTO account_invoice (partner_id, commercial_partner_id, type, state,
            date_invoice, date_due, amount_untaxed, amount_untaxed_signed, journal_id,
            account_id, company_id, currency_id, reference_type)
        SELECT p.id, p.id, CASE WHEN g %% 20 = 0 THEN 'out_refund' ELSE 'out_invoice' END,
               CASE WHEN g %% 10 = 0 THEN 'open' ELSE 'paid' END,
               current_date - (g::bigint * 7919 %% 730)::int,
               current_date - (g::bigint * 7919 %% 730)::int + 30,
               a.amount, CASE WHEN g %% 20 = 0 THEN -a.amount ELSE a.amount END,
               %(journal)s, %(account)s, %(company)s, %(currency)s, 'none'
          FROM generate_series(1, %(n)s) g
          JOIN LATERAL (SELECT (%(first)s + (g::bigint * 104729) %% %(partners)s) AS id) p ON TRUE
          JOIN LATERAL (SELECT 5 * ((g * 31) %% 4000 + 10)::float8 AS amount) a ON TRUE
    """, {"n": invoices, "journal": journal.id, "account": receivable.id,
          "company": company.id, "currency": company.currency_id.id,
          "partners": partners, "first": first_partner_id(cr)})
    cr.execute("""
        INSERT INTO account_invoice_line (invoice_id, partner_id, name, account_id,
            price_unit, quantity, price_subtotal, company_id, currency_id)
        SELECT i.id, i.partner_id, 'Line ' || k, %(income)s, i.amount_untaxed / 5, 1,
               i.amount_untaxed / 5, i.company_id, i.currency_id
          FROM account_invoice i CROSS JOIN generate_series(1, 5) k
         WHERE i.partner_id >= %(first)s AND i.journal_id = %(journal)s
    """, {"income": income.id, "first": first_partner_id(cr), "journal": journal.id})
    line_count = cr.rowcount
    cr.execute("""
        INSERT INTO cx_interaction (name, partner_id, touchpoint_id, channel, stage_id,
                                    date, has_score, score, company_id, user_id)
        SELECT 'Bench', %(first)s + (g * 7) %% %(partners)s, (%(ids)s)[x.k],
               (%(channels)s)[x.k], (%(stages)s)[x.k],
               now() at time zone 'UTC' - ((g %% 720) || ' days')::interval, g %% 3 <> 0,
               CASE WHEN g %% 3 <> 0 THEN g %% 11 ELSE 0 END, %(company)s, %(uid)s
          FROM generate_series(1, %(n)s) g
          JOIN LATERAL (SELECT 1 + g %% %(ntp)s AS k) x ON TRUE
    """, {"first": first_partner_id(cr), "partners": partners, "company": company.id,
          "uid": env.uid, "n": partners * 3, "ids": touchpoints.ids,
          "channels": touchpoints.mapped("channel"),
          "stages": [t.stage_id.id or None for t in touchpoints], "ntp": len(touchpoints)})
    cr.execute("ANALYZE res_partner; ANALYZE account_invoice; ANALYZE account_invoice_line;"
               " ANALYZE cx_interaction")
    return invoices, line_count


def first_partner_id(cr):
    cr.execute("SELECT MIN(id) FROM res_partner WHERE name LIKE %s", (TAG + "%",))
    return cr.fetchone()[0]


def naive_tiers(env, sample):
    """The obvious loop: per partner, search its invoices, sum, pick the tier, write."""
    from odoo.addons.cx_experience.domain import tiers
    from dateutil.relativedelta import relativedelta
    Invoice = env["account.invoice"]
    bands = env["cx.tier"]._cx_revenue_bands()
    since = env["res.partner"]._fields["create_date"].to_string(
        odoo_today(env) - relativedelta(months=12))[:10]
    for partner in sample:
        invoices = Invoice.search([
            ("commercial_partner_id", "=", partner.id), ("state", "in", ("open", "paid")),
            ("type", "in", ("out_invoice", "out_refund")), ("date_invoice", ">=", since)])
        revenue = sum(invoices.mapped("amount_untaxed_signed"))
        tier_id = tiers.tier_for_revenue(bands, revenue)
        if partner.cx_tier_id.id != tier_id:
            partner._cx_engine_write({"cx_tier_id": tier_id, "cx_revenue": revenue})


def odoo_today(env):
    import odoo
    return odoo.fields.Date.from_string(odoo.fields.Date.context_today(env["res.partner"]))


def main():
    args = arguments(__doc__)
    with bench_env() as env:
        cr = env.cr
        Partner = env["res.partner"]
        cleanup(cr)
        start = time.time()
        invoices, lines = generate(env, args.partners, args.lines)
        cr.commit()
        print("generated %d partners, %d invoices, %d invoice lines, %d interactions in %.1f s"
              % (args.partners, invoices, lines, args.partners * 3, time.time() - start))

        # --- tier recompute, our way: the whole base, then an idle second run.
        start = time.time()
        result = Partner._cx_recompute_tiers()
        ours = time.time() - start
        cr.commit()
        start = time.time()
        Partner._cx_recompute_tiers()
        ours_idle = time.time() - start
        cr.commit()
        print("tier recompute, set-based: %.2f s for %d partners (%d tier changes, %d "
              "entered at risk); second run with nothing to change: %.2f s"
              % (ours, args.partners, result["changed"], result["at_risk"], ours_idle))

        # --- a manager lowers the thresholds: part of the base moves up a tier.
        env["cx.tier"].search([("code", "=", "high")]).min_revenue = 30000.0
        env["cx.tier"].search([("code", "=", "medium")]).min_revenue = 5000.0
        cr.commit()
        start = time.time()
        moved = Partner._cx_recompute_tiers()
        ours_moved = time.time() - start
        cr.commit()
        print("tier recompute after lowering the thresholds (high 50,000 -> 30,000, medium "
              "10,000 -> 5,000): %.2f s (%d tier changes)" % (ours_moved, moved["changed"]))

        # --- the naive per-partner loop on a sample, tiers reset so it does the writes.
        sample = Partner.search([("name", "like", TAG)], limit=args.sample)
        cr.execute("UPDATE res_partner SET cx_tier_id = NULL WHERE id IN %s",
                   (tuple(sample.ids),))
        Partner.invalidate_cache()
        start = time.time()
        naive_tiers(env, sample)
        naive = time.time() - start
        cr.rollback()
        per_ours = ours / args.partners
        per_naive = naive / len(sample)
        print("tier recompute, per-partner ORM loop: %.2f s for %d partners = %.3f ms per "
              "partner (extrapolated to %d: %.0f s)" % (
                  naive, len(sample), per_naive * 1000, args.partners,
                  per_naive * args.partners))
        print("   ratio per partner: %.0fx (ours %.4f ms per partner)" % (
            per_naive / per_ours, per_ours * 1000))

        # --- dashboard aggregates: every figure the dashboard shows.
        Figure = env["cx.dashboard.figure"]
        Interaction = env["cx.interaction"]
        aggregates = [
            ("tier mix (dashboard cube)", lambda: Figure.read_group(
                [("dimension", "=", "customer")], ["partner_count", "revenue", "tier_id"],
                ["tier_id"])),
            ("lifecycle funnel (dashboard cube)", lambda: Figure.read_group(
                [("dimension", "=", "customer")], ["partner_count", "stage_id"], ["stage_id"])),
            ("quadrant counts (dashboard cube)", lambda: Figure.read_group(
                [("dimension", "=", "customer")], ["partner_count", "quadrant"], ["quadrant"])),
            ("satisfaction per touchpoint (dashboard cube)", lambda: Figure.read_group(
                [("dimension", "=", "interaction")],
                ["score_avg", "scored_count", "touchpoint_id"], ["touchpoint_id"])),
            ("satisfaction per channel (dashboard cube)", lambda: Figure.read_group(
                [("dimension", "=", "interaction")], ["score_avg", "scored_count", "channel"],
                ["channel"])),
            ("whole dashboard, all rows (list, XLSX)", lambda: Figure.search_read(
                [], ["name", "partner_count", "revenue", "score_avg"])),
            ("tier x quadrant pivot on customers", lambda: Partner.read_group(
                [("customer", "=", True)], ["cx_revenue", "cx_tier_id", "cx_quadrant"],
                ["cx_tier_id", "cx_quadrant"],
                lazy=False)),
            ("funnel graph on customers", lambda: Partner.read_group(
                [("customer", "=", True)], ["cx_stage_id"], ["cx_stage_id"])),
            ("trend by week (scored interactions)", lambda: Interaction.read_group(
                [("has_score", "=", True)], ["score", "date"], ["date:week"])),
            ("trend by month per channel", lambda: Interaction.read_group(
                [("has_score", "=", True)], ["score", "date", "channel"], ["date:month", "channel"],
                lazy=False)),
            ("lifecycle stage statistics (median)", lambda: env[
                "cx.lifecycle.stage.stats"].search_read([], ["median_days"])),
        ]
        worst = 0.0
        for label, run in aggregates:
            env.clear()
            start = time.time()
            run()
            took = time.time() - start
            worst = max(worst, took)
            print("dashboard: %-46s %.3f s" % (label, took))
        start = time.time()
        env.ref("cx_experience.report_cx_dashboard_xlsx").render_xlsx(
            Figure.search([]).ids, {})
        print("dashboard: %-46s %.3f s" % ("XLSX export of every figure", time.time() - start))

        # The naive dashboard: per partner, read its tier, stage and quadrant and count.
        start = time.time()
        counts = {}
        for partner_id in sample.ids:
            partner = Partner.browse(partner_id)   # one record: no batch prefetch
            key = (partner.cx_tier_id.id, partner.cx_stage_id.id, partner.cx_quadrant)
            counts[key] = counts.get(key, 0) + 1
        naive_dash = time.time() - start
        start = time.time()
        Figure._cx_mix()
        ours_dash = time.time() - start
        print("dashboard counts, per-partner ORM loop: %.3f ms per partner (extrapolated to "
              "%d: %.1f s); ours %.3f s in all: ratio per partner %.0fx" % (
                  naive_dash / len(sample) * 1000, args.partners,
                  naive_dash / len(sample) * args.partners, ours_dash,
                  (naive_dash / len(sample)) / (ours_dash / args.partners)))
        print("slowest dashboard aggregate: %.3f s (target < 1 s); tier recompute %.2f s "
              "(target < 10 s)" % (worst, ours))
    drop_unless_kept(args)


if __name__ == "__main__":
    main()
