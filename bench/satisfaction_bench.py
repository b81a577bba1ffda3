"""Benchmark of the satisfaction index (issue 13): the recompute of every customer's
index from every signal over 100,000 customers, beside the obvious per-partner ORM way.

Run from the repository root with Odoo's Python:

    .venv/bin/python bench/satisfaction_bench.py [--partners 100000] [--sample 300]

It works in its own database ``bench_sat`` (created with cx_experience, cx_nps_survey
and cx_sla and no demo data when missing), generates the customers, invoices and
interactions as bench/exp_bench.py does, plus NPS answers, detractor follow-up outcomes
and tickets with their SLA outcome, with SQL; and drops the database at the end
(``--keep`` leaves it).
"""
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
os.environ.setdefault("CX_BENCH_DB", "bench_sat")

from bench import exp_bench  # noqa: E402  (reads CX_BENCH_DB)

# The addons the bench database needs for this benchmark.
MODULES = "cx_experience,cx_nps_survey,cx_sla"


def cleanup(cr):
    cr.execute("TRUNCATE cx_nps_response, helpdesk_ticket, cx_satisfaction_history CASCADE")
    exp_bench.cleanup(cr)


def generate_signals(env, partners):
    """Two NPS answers for two customers in three (one in ten a detractor whose
    follow-up was resolved or lost; the third without answers is estimated), one ticket
    with an SLA outcome per customer."""
    cr = env.cr
    first = exp_bench.first_partner_id(cr)
    company = env.user.company_id.id
    cr.execute("""
        INSERT INTO cx_nps_response (partner_id, score, category, date, channel, company_id,
                                     is_latest, followup_state, followup_date)
        SELECT %(first)s + g %% (%(n)s * 2 / 3), s.score,
               CASE WHEN s.score >= 9 THEN 'promoter' WHEN s.score >= 7 THEN 'passive'
                    ELSE 'detractor' END,
               now() at time zone 'UTC' - ((g * 13 %% 700) || ' days')::interval, 'email',
               %(company)s, g %% 2 = 0,
               CASE WHEN s.score < 7 THEN (ARRAY['resolved', 'lost'])[1 + g %% 2] END,
               CASE WHEN s.score < 7
                    THEN now() at time zone 'UTC' - ((g * 13 %% 700) || ' days')::interval END
          FROM generate_series(1, %(answers)s) g
          JOIN LATERAL (SELECT CASE WHEN g %% 10 = 0 THEN g %% 7 ELSE 7 + g %% 4 END AS score)
               s ON TRUE
    """, {"first": first, "n": partners, "answers": partners * 4 // 3, "company": company})
    answers = cr.rowcount
    cr.execute("""
        INSERT INTO helpdesk_ticket (name, description, partner_id, company_id, cx_sla_status,
                                     closed_date, create_date)
        SELECT 'Bench ticket', 'x', %(first)s + g - 1, %(company)s,
               CASE WHEN g %% 4 = 0 THEN 'breached' ELSE 'met' END,
               now() at time zone 'UTC' - ((g %% 365) || ' days')::interval,
               now() at time zone 'UTC' - ((g %% 365) || ' days')::interval
          FROM generate_series(1, %(n)s) g
    """, {"first": first, "n": partners, "company": company})
    tickets = cr.rowcount
    cr.execute("ANALYZE cx_nps_response; ANALYZE helpdesk_ticket")
    return answers, tickets


def naive_index(env, sample, now):
    """The obvious loop: per partner, search each signal's records with the ORM, the
    same maths, then one write per partner."""
    from odoo import fields
    from odoo.addons.cx_experience.domain import satisfaction
    params = env["res.config.settings"]._cx_satisfaction_params()
    stamp = fields.Datetime.to_string(now)

    def age(value):
        return (now - fields.Datetime.from_string(value)).total_seconds() / 86400.0

    for partner in sample:
        signals = {}
        answers = env["cx.nps.response"].search([("partner_id", "child_of", partner.id)])
        signals["nps"] = [(10.0 * a.score, age(a.date)) for a in answers]
        signals["followup"] = [(100.0 if a.followup_state == "resolved" else 0.0,
                                age(a.followup_date or a.date)) for a in answers
                               if a.followup_state in ("resolved", "lost")]
        scored = env["cx.interaction"].search([
            ("partner_id", "child_of", partner.id), ("has_score", "=", True),
            ("res_model", "!=", "cx.nps.response")])
        signals["interaction"] = [(10.0 * x.score, age(x.date)) for x in scored]
        tickets = env["helpdesk.ticket"].search([
            ("partner_id", "child_of", partner.id), ("cx_sla_status", "in", ("met", "breached"))])
        signals["sla"] = [(100.0 if t.cx_sla_status == "met" else 0.0,
                           age(t.closed_date or t.create_date)) for t in tickets]
        invoices = env["account.invoice"].search([
            ("commercial_partner_id", "=", partner.id), ("type", "=", "out_invoice"),
            ("state", "in", ("open", "paid"))])
        signals["behaviour"] = [(now.date() - fields.Date.from_string(i.date_invoice)).days
                                for i in invoices]
        values = satisfaction.components(signals, params["half_life_days"])
        index, estimated = satisfaction.satisfaction_index(values, params["weights"])
        partner._cx_engine_write({"cx_has_satisfaction": index is not None,
                                  "cx_satisfaction_index": index or 0.0,
                                  "cx_satisfaction_estimated": estimated,
                                  "cx_satisfaction_date": stamp})


def load():
    return open("/proc/loadavg").read().split()[:3] if os.path.exists("/proc/loadavg") \
        else subprocess.run(["uptime"], stdout=subprocess.PIPE,
                            universal_newlines=True).stdout.strip()


def main():
    args = exp_bench.arguments(__doc__)
    with exp_bench.bench_env(MODULES) as env:
        from odoo import fields
        cr = env.cr
        Partner = env["res.partner"]
        cleanup(cr)
        start = time.time()
        invoices, _lines = exp_bench.generate(env, args.partners, args.lines)
        answers, tickets = generate_signals(env, args.partners)
        cr.commit()
        print("generated %d customers, %d invoices, %d interactions, %d NPS answers, %d "
              "tickets in %.1f s" % (args.partners, invoices, args.partners * 3, answers,
                                     tickets, time.time() - start))
        print("load average before: %s" % " ".join(load()))

        now = fields.Datetime.from_string(fields.Datetime.now())
        start = time.time()
        changed = Partner._cx_recompute_satisfaction(now=fields.Datetime.to_string(now))
        ours = time.time() - start
        cr.commit()
        start = time.time()
        again = Partner._cx_recompute_satisfaction(now=fields.Datetime.to_string(now))
        ours_idle = time.time() - start
        cr.commit()
        start = time.time()
        Partner._cx_recompute_tiers()
        quadrants = time.time() - start
        cr.commit()
        cr.execute("""SELECT count(*) FILTER (WHERE cx_has_satisfaction),
                             count(*) FILTER (WHERE cx_satisfaction_estimated),
                             round(avg(cx_satisfaction_index) FILTER (WHERE cx_has_satisfaction)
                                   ::numeric, 1)
                        FROM res_partner WHERE name LIKE %s""", (exp_bench.TAG + "%",))
        with_index, estimated, mean = cr.fetchone()
        cr.execute("SELECT count(*) FROM cx_satisfaction_history")
        history = cr.fetchone()[0]
        print("index recompute, set-based: %.2f s for %d customers (%d changed; %d with an "
              "index, %d estimated, mean %s; %d history rows); second run with nothing to "
              "change: %.2f s (%d changed); quadrants by the tier recompute: %.2f s"
              % (ours, args.partners, changed, with_index, estimated, mean, history,
                 ours_idle, again, quadrants))

        # where the time goes: the SQL passes, then the maths in memory
        from odoo.addons.cx_experience.domain import satisfaction
        start = time.time()
        signals = Partner._cx_satisfaction_signals(None, now)
        gather = time.time() - start
        params = env["res.config.settings"]._cx_satisfaction_params()
        start = time.time()
        for partner_signals in signals.values():
            satisfaction.satisfaction_index(satisfaction.components(
                partner_signals, params["half_life_days"]), params["weights"])
        maths = time.time() - start
        print("   of which: gathering the signals (one SQL pass per signal) %.2f s, the "
              "maths in memory %.2f s" % (gather, maths))

        sample = Partner.search([("name", "like", exp_bench.TAG)], limit=args.sample)
        start = time.time()
        naive_index(env, sample, now)
        naive = time.time() - start
        cr.rollback()
        per_ours, per_naive = ours / args.partners, naive / len(sample)
        print("index recompute, per-partner ORM loop: %.2f s for %d customers = %.2f ms per "
              "customer (extrapolated to %d: %.0f s)" % (
                  naive, len(sample), per_naive * 1000, args.partners,
                  per_naive * args.partners))
        print("   ratio per customer: %.0fx (ours %.4f ms per customer)" % (
            per_naive / per_ours, per_ours * 1000))
        print("load average after: %s" % " ".join(load()))
    exp_bench.drop_unless_kept(args)


if __name__ == "__main__":
    main()
