"""Benchmark of the CEM dashboard: the server time of ``cx.headline.cx_dashboard_data``
(every headline figure and chart of the landing screen) over 100,000 customers,
next to the dashboard aggregates of bench/exp_bench.py, beside the obvious way (per
customer, read its tier, quadrant and answers through the ORM and count in Python).

Run from the repository root with Odoo's Python:

    .venv/bin/python bench/dashboard_bench.py [--partners 100000] [--lines 200000]

It works in its own database ``bench_dashboard`` (created with cx_experience,
cx_nps_survey and cx_sla and no demo data when missing), generates its customers,
invoices and interactions as bench/exp_bench.py does, plus NPS answers (one per
customer over the last year, 20 % detractors with a follow-up), and drops the database
at the end (``--keep`` leaves it). It prints our way, the obvious way, their ratio, and
the load average.
"""
import datetime
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "bench"))
os.environ.setdefault("CX_BENCH_DB", "bench_dashboard")

import exp_bench  # noqa: E402  (its database name is read from the environment above)

# The addons the bench database needs for this benchmark.
MODULES = "cx_experience,cx_nps_survey,cx_sla"


def generate_answers(env, partners):
    """One NPS answer per customer over the last year (scores spread over 0-10), the
    detractors' follow-ups open, a third of them past their deadline."""
    cr = env.cr
    first = exp_bench.first_partner_id(cr)
    cr.execute("DELETE FROM cx_nps_response WHERE partner_id >= %s", (first,))
    cr.execute("""
        INSERT INTO cx_nps_response (partner_id, score, category, nps_value, date,
                                     channel, company_id, is_latest, followup_state,
                                     followup_deadline)
        SELECT p.id, s.score,
               CASE WHEN s.score >= 9 THEN 'promoter' WHEN s.score >= 7 THEN 'passive'
                    ELSE 'detractor' END,
               CASE WHEN s.score >= 9 THEN 100 WHEN s.score >= 7 THEN 0 ELSE -100 END,
               now() at time zone 'UTC' - ((p.g %% 365) || ' days')::interval,
               'web', %(company)s, TRUE,
               CASE WHEN s.score <= 6 AND p.g %% 5 = 0 THEN 'open' END,
               CASE WHEN s.score <= 6 AND p.g %% 5 = 0
                    THEN current_date + ((p.g %% 3 - 1) * 7)::int END
          FROM (SELECT id, row_number() OVER (ORDER BY id) AS g FROM res_partner
                 WHERE id >= %(first)s) p
          JOIN LATERAL (SELECT ((p.g * 7) %% 11)::int AS score) s ON TRUE
    """, {"company": env.user.company_id.id, "first": first})
    count = cr.rowcount
    cr.execute("ANALYZE cx_nps_response")
    return count


def naive_dashboard(env, sample, date_from):
    """The obvious way: per customer, its tier, quadrant, revenue and answers of the
    period through the ORM, counted in Python."""
    Response = env["cx.nps.response"]
    tiers, at_risk_revenue, counts = {}, 0.0, {"promoter": 0, "passive": 0, "detractor": 0}
    for partner_id in sample.ids:
        partner = env["res.partner"].browse(partner_id)  # one record: no batch prefetch
        tiers[partner.cx_tier_id.id] = tiers.get(partner.cx_tier_id.id, 0) + 1
        if partner.cx_quadrant == "at_risk":
            at_risk_revenue += partner.cx_revenue
        for answer in Response.search([("partner_id", "=", partner_id),
                                       ("date", ">=", date_from)]):
            counts[answer.category] += 1
    return tiers, at_risk_revenue, counts


def main():
    args = exp_bench.arguments(__doc__, lines=200000, runs=3)
    with exp_bench.bench_env(MODULES, {"tz": "UTC"}) as env:
        from odoo import fields
        from odoo.addons.cx_experience.domain import headline
        cr = env.cr
        exp_bench.cleanup(cr)
        start = time.time()
        invoices, lines = exp_bench.generate(env, args.partners, args.lines)
        answers = generate_answers(env, args.partners)
        env["res.partner"]._cx_recompute_tiers()
        cr.commit()
        print("generated %d customers, %d invoices, %d invoice lines, %d interactions, "
              "%d NPS answers in %.1f s" % (args.partners, invoices, lines,
                                            args.partners * 3, answers, time.time() - start))

        Headline = env["cx.headline"]
        times = []
        for _run in range(args.runs):
            env.clear()
            start = time.time()
            data = Headline.cx_dashboard_data()
            times.append(time.time() - start)
        ours = sorted(times)[len(times) // 2]
        print("dashboard: cx_dashboard_data (%d figures, %d charts) median of %d: %.3f s "
              "(runs: %s)" % (len(data["figures"]), len(data["charts"]), args.runs, ours,
                              ", ".join("%.3f" % t for t in times)))
        for figure in data["figures"]:
            print("   %-26s %s" % (figure["code"], figure["value"]))
        for label, run in (
                ("figures only (_cx_headline_figures)", lambda: Headline._cx_headline_figures(
                    *headline.default_period(fields.Date.from_string(fields.Date.today())))),
                ("dashboard cube: tier x stage pivot", lambda: env[
                    "cx.dashboard.figure"].read_group(
                        [("dimension", "=", "customer")],
                        ["partner_count", "tier_id", "stage_id"], ["tier_id", "stage_id"],
                        lazy=False))):
            env.clear()
            start = time.time()
            run()
            print("dashboard: %-46s %.3f s" % (label, time.time() - start))

        sample = env["res.partner"].search([("name", "like", exp_bench.TAG)],
                                           limit=args.sample)
        date_from = fields.Datetime.to_string(
            fields.Datetime.from_string(fields.Datetime.now()).replace(hour=0) -
            datetime.timedelta(days=29))
        env.clear()
        start = time.time()
        naive_dashboard(env, sample, date_from)
        naive = time.time() - start
        per_naive = naive / len(sample)
        print("obvious way (per customer through the ORM): %.3f ms per customer, "
              "extrapolated to %d: %.1f s; ours %.3f s in all: ratio %.0fx" % (
                  per_naive * 1000, args.partners, per_naive * args.partners, ours,
                  per_naive * args.partners / ours))
        print("load average: %s" % subprocess.run(
            ["uptime"], stdout=subprocess.PIPE, universal_newlines=True).stdout.strip())
    exp_bench.drop_unless_kept(args)


if __name__ == "__main__":
    main()
