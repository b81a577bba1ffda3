"""Benchmark of issue 13: the NPS weighted to the customer base, and stratified samples.

Run from the repository root with the Odoo venv:

    .venv/bin/python bench/nps_weight_bench.py            # creates bench_npsstats if missing
    .venv/bin/python bench/nps_weight_bench.py --drop     # drop the database at the end

1. 100,000 customers in 4 tiers x 4 lifecycle stages (16 strata), with revenue, and
   about 1,000,000 NPS answers (from 1,390,000 invitations over two years in 10
   campaigns) are inserted with SQL once. Strategic customers are happier and answer
   half as often (40 % of their invitations against 80 %).
2. Weighted NPS with its margin per campaign x month: ours
   (cx.nps.response._cx_nps_stats: one SQL pass over the cells, numpy) beside the plain
   NPS of the same run (the statement of the plain figures alone) and beside the
   obvious way (read every answer, weigh in Python loops); the weighted figures of both
   ways are compared.
3. The simulation: the true NPS of the base (known from how the data was drawn)
   beside the plain and the weighted NPS of all answers, with their margins.
4. A sampling plan for the 100,000 customers in 16 strata (tier x stage, Neyman):
   ours (cx.nps.campaign._cx_make_plan) beside the obvious way (read each customer's
   tier and stage through the ORM and count in Python). Rolled back.
"""
import os
import subprocess
import sys
import time
from collections import defaultdict

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CONF = os.path.join(ROOT, ".odoo", "odoo.conf")
sys.path.insert(0, ROOT)

from bench.nps_bench import run, timed  # noqa: E402

PARTNERS = 100000
INVITATIONS = 1390000
CAMPAIGNS = 10
STAGES = ("sale", "service", "loyalty", "retention")
#: per tier code: share of the base, promoter and detractor shares, response rate,
#: revenue of one customer
TIERS = {
    "strategic": (0.20, 0.60, 0.10, 0.40, 100000.0),
    "high": (0.20, 0.45, 0.20, 0.80, 30000.0),
    "medium": (0.30, 0.35, 0.30, 0.80, 8000.0),
    "low": (0.30, 0.25, 0.40, 0.80, 1000.0),
}


def true_nps():
    """The NPS of the base as drawn: sum over tiers of share x (P - D)."""
    return 100.0 * sum(share * (p - d) for share, p, d, _rate, _rev in TIERS.values())


def true_revenue_nps():
    """Promoters' minus detractors' share of the base's revenue, as drawn."""
    revenue = sum(share * rev for share, _p, _d, _rate, rev in TIERS.values())
    return 100.0 * sum(share * rev * (p - d)
                       for share, p, d, _rate, rev in TIERS.values()) / revenue


def generate(env):
    cr = env.cr
    start = time.perf_counter()
    company = env.user.company_id.id
    tiers = {t.code: t.id for t in env["cx.tier"].search([])}
    cr.execute("SELECT count(*) FROM res_partner WHERE ref = 'nps_weight_bench'")
    if cr.fetchone()[0] < PARTNERS:
        generate_customers(env, tiers, company)
    cr.execute("""SELECT count(*) FROM survey_user_input ui JOIN cx_nps_campaign c
                   ON c.id = ui.cx_nps_campaign_id WHERE c.name LIKE 'Weight bench campaign%%'""")
    done = cr.fetchone()[0]
    if done >= INVITATIONS:
        print("Data already there.", flush=True)
        return
    print("Generating invitations %d to %d and their answers..." % (done + 1, INVITATIONS),
          flush=True)
    generate_answers(env, tiers, company, done)
    # the generation updated every invitation once: vacuum, as autovacuum would
    subprocess.run(["vacuumdb", "-q", "--analyze", "-t", "survey_user_input", "-t",
                    "cx_nps_response", "-t", "res_partner", env.cr.dbname], check=True)
    print("Generated in %.1f s" % (time.perf_counter() - start), flush=True)


def generate_customers(env, tiers, company):
    cr = env.cr
    print("Generating %d customers..." % PARTNERS, flush=True)
    stages = [env["cx.lifecycle.stage"].search([("code", "=", code)]).id for code in STAGES]
    # tier by the customer's number: the first 20 % of every hundred strategic, ...
    bounds, low = [], 0
    for code, (share, _p, _d, _rate, revenue) in TIERS.items():
        bounds.append((low, low + int(share * 100), tiers[code], revenue))
        low += int(share * 100)
    tier_case = " ".join("WHEN g %%%% 100 < %d THEN %d" % (high, tier)
                         for _low, high, tier, _rev in bounds)
    revenue_case = " ".join("WHEN g %%%% 100 < %d THEN %f" % (high, rev)
                            for _low, high, _tier, rev in bounds)
    cr.execute("""
        INSERT INTO res_partner (name, display_name, email, active, customer, type,
                                 invoice_warn, company_id, cx_tier_id, cx_stage_id,
                                 cx_revenue, ref, lang)
        SELECT 'Weight bench ' || g, 'Weight bench ' || g, 'wb' || g || '@example.com',
               true, true, 'contact', 'no-message', %s, CASE {tiers} END,
               (%s::int[])[1 + (g / 100) %% 4], CASE {revenue} END, 'nps_weight_bench',
               'es_ES'
          FROM generate_series(1, %s) g""".format(tiers=tier_case, revenue=revenue_case),
               (company, stages, PARTNERS))
    cr.execute("UPDATE res_partner SET commercial_partner_id = id "
               "WHERE ref = 'nps_weight_bench'")
    for index in range(CAMPAIGNS):
        env["cx.nps.campaign"].create({"name": "Weight bench campaign %d" % index,
                                       "partner_domain": "[('ref', '=', 'none')]"})
    cr.commit()


def generate_answers(env, tiers, company, done):
    """Invitations done + 1 .. INVITATIONS over two years, and who answers what."""
    cr = env.cr
    campaigns = env["cx.nps.campaign"].search([("name", "like", "Weight bench campaign")],
                                              order="id")
    cr.execute("SELECT min(id) FROM res_partner WHERE ref = 'nps_weight_bench'")
    first = cr.fetchone()[0]
    cr.execute("""
        INSERT INTO survey_user_input (survey_id, date_create, type, state, token,
                                       partner_id, cx_nps_campaign_id, cx_nps_sent_date,
                                       cx_nps_reminder_count, cx_nps_tier_id, cx_nps_stage_id)
        SELECT %(survey)s, d, 'link', 'new', md5('wb' || g), p.id, c, d, 0, p.cx_tier_id,
               p.cx_stage_id
          FROM (SELECT g, %(first)s + g %% %(partners)s AS partner,
                       (%(campaigns)s::int[])[1 + g %% %(ncampaigns)s] AS c,
                       now() at time zone 'UTC' - (g %% 730) * interval '1 day'
                          - (g %% 1440) * interval '1 minute' AS d
                  FROM generate_series(%(done)s + 1, %(total)s) g) s
          JOIN res_partner p ON p.id = s.partner""",
               {"survey": campaigns[0].survey_id.id, "first": first, "partners": PARTNERS,
                "campaigns": campaigns.ids, "ncampaigns": CAMPAIGNS, "total": INVITATIONS,
                "done": done})
    cr.execute("SELECT COALESCE(max(user_input_id), 0) FROM cx_nps_response")
    last_answered = cr.fetchone()[0]
    # who answers and what: two independent uniform draws per invitation (hashes)
    rates = " ".join("WHEN p.cx_tier_id = %d THEN %f" % (tiers[c], v[3])
                     for c, v in TIERS.items())
    promoters = " ".join("WHEN p.cx_tier_id = %d THEN %f" % (tiers[c], v[1])
                         for c, v in TIERS.items())
    detractors = " ".join("WHEN p.cx_tier_id = %d THEN %f" % (tiers[c], v[2])
                          for c, v in TIERS.items())
    cr.execute("""
        INSERT INTO cx_nps_response (partner_id, campaign_id, user_input_id, score,
                                     category, nps_value, date, channel, tier_id, stage_id,
                                     company_id, is_latest)
        SELECT partner_id, campaign_id, id, score,
               CASE WHEN score >= 9 THEN 'promoter' WHEN score >= 7 THEN 'passive'
                    ELSE 'detractor' END,
               CASE WHEN score >= 9 THEN 100 WHEN score >= 7 THEN 0 ELSE -100 END,
               sent + interval '1 hour', 'email_click', tier_id, stage_id, %(company)s, false
          FROM (
            SELECT ui.id, ui.partner_id, ui.cx_nps_campaign_id AS campaign_id,
                   ui.cx_nps_sent_date AS sent, p.cx_tier_id AS tier_id,
                   p.cx_stage_id AS stage_id,
                   CASE WHEN u.v < (CASE {promoters} END) THEN 9 + (u.w %% 2)
                        WHEN u.v < 1 - (CASE {detractors} END) THEN 7 + (u.w %% 2)
                        ELSE u.w %% 7 END AS score,
                   u.r < (CASE {rates} END) AS answers
              FROM survey_user_input ui
              JOIN res_partner p ON p.id = ui.partner_id
             CROSS JOIN LATERAL (SELECT
                   (abs(hashtext(ui.token || 'v')) %% 1000000) / 1000000.0 AS v,
                   (abs(hashtext(ui.token || 'r')) %% 1000000) / 1000000.0 AS r,
                   abs(hashtext(ui.token || 'w')) AS w) u
             WHERE ui.cx_nps_campaign_id = ANY(%(campaigns)s) AND ui.id > %(last)s) s
         WHERE answers
    """.format(promoters=promoters, detractors=detractors, rates=rates),
               {"company": company, "campaigns": campaigns.ids, "last": last_answered})
    cr.execute("UPDATE survey_user_input ui SET state = 'done' FROM cx_nps_response r "
               "WHERE r.user_input_id = ui.id AND ui.state != 'done'")
    cr.commit()
    cr.execute("SELECT count(*) FROM cx_nps_response")
    print("%d answers" % cr.fetchone()[0], flush=True)


PLAIN_SQL = """
    SELECT campaign_id, date_trunc('month', date),
           count(*) FILTER (WHERE category = 'promoter'),
           count(*) FILTER (WHERE category = 'passive'),
           count(*) FILTER (WHERE category = 'detractor')
      FROM cx_nps_response GROUP BY 1, 2
"""


def plain_stats(cr):
    """The plain NPS of the same groups: the statement of the plain figures alone."""
    from cx_nps_survey.domain import nps
    cr.execute(PLAIN_SQL)
    return {(c, str(m)[:7]): nps.summarize(p, pa, d) for c, m, p, pa, d in cr.fetchall()}


def obvious_weighted(cr):
    """The obvious way: read every answer and weigh in Python loops (post-stratification
    on the cells, Kish n_eff), per campaign x month."""
    cr.execute("""SELECT cx_tier_id, cx_stage_id, count(*) FROM res_partner
                   WHERE customer AND active AND parent_id IS NULL GROUP BY 1, 2""")
    base = {(t, s): n for t, s, n in cr.fetchall()}
    total_base = float(sum(base.values()))
    cr.execute("SELECT campaign_id, date, tier_id, stage_id, category FROM cx_nps_response")
    groups = defaultdict(lambda: defaultdict(lambda: [0, 0, 0]))
    index = {"promoter": 0, "passive": 1, "detractor": 2}
    for campaign, date, tier, stage, category in cr.fetchall():
        groups[(campaign, date[:7])][(tier, stage)][index[category]] += 1
    result = {}
    for key, cells in groups.items():
        n = float(sum(sum(c) for c in cells.values()))
        sum_w = sum_w2 = score = 0.0
        for cell, (p, pa, d) in cells.items():
            size = p + pa + d
            weight = (base.get(cell, 0) / total_base) / (size / n)
            sum_w += weight * size
            sum_w2 += weight ** 2 * size
            score += weight * (100.0 * p - 100.0 * d)
        result[key] = (score / sum_w, sum_w ** 2 / sum_w2)
    return result


def load():
    return os.getloadavg()


def bench_stats(env):
    Response = env["cx.nps.response"].with_context(tz="UTC")
    dims = ["campaign_id", "date:month"]
    ours_time, ours = timed(lambda: Response._cx_nps_stats([], dims))
    plain_time, plain = timed(lambda: plain_stats(env.cr))
    obvious_time, obvious = timed(lambda: obvious_weighted(env.cr), repeat=1)
    by_key = {(row["key"][0], row["key"][1][:7]): row for row in ours}
    assert len(by_key) == len(obvious) == len(plain), (len(by_key), len(obvious), len(plain))
    methods = defaultdict(int)
    for key, (weighted, n_eff) in obvious.items():
        row = by_key[key]
        methods[row["weighting"]] += 1
        assert row["n"] == plain[key]["n"] and abs(row["nps"] - plain[key]["nps"]) < 1e-9
        if row["weighting"] == "poststrat" and not row["trimmed"]:
            assert abs(row["weighted_nps"] - weighted) < 1e-6, (key, row["weighted_nps"],
                                                                weighted)
            assert abs(row["n_eff"] - n_eff) < 1e-6, key
    truth = true_nps()
    outside_plain = sum(1 for row in ours if abs(row["nps"] - truth) > row["margin"])
    outside_weighted = sum(1 for row in ours
                           if abs(row["weighted_nps"] - truth) > row["weighted_margin"])
    print("Weighted NPS + margin per campaign x month (%d groups, %s): ours %.3f s; "
          "plain NPS alone %.3f s; obvious way %.1f s (ratio %.1fx); same figures; "
          "load %.2f %.2f %.2f" % ((len(ours), dict(methods), ours_time, plain_time,
                                    obvious_time, obvious_time / ours_time) + load()),
          flush=True)
    print("  groups whose interval misses the true NPS %.1f: plain %d of %d, weighted %d "
          "of %d" % (truth, outside_plain, len(ours), outside_weighted, len(ours)),
          flush=True)
    return ours_time, plain_time, obvious_time


def bench_simulation(env):
    Response = env["cx.nps.response"].with_context(tz="UTC")
    total = Response._cx_nps_stats([])[0]
    truth = true_nps()
    print("Simulation (strategic happier, answering half as often), all %d answers:"
          % total["n"], flush=True)
    print("  true NPS of the base %.1f (revenue-weighted %.1f) | plain %.1f ± %.1f (off by %.1f) | weighted "
          "%.1f ± %.1f (off by %.1f; n_eff %.0f, design effect %.2f, %s) | "
          "revenue-weighted %.1f | response-rate CV %.1f %%, representativeness %.1f"
          % (truth, true_revenue_nps(), total["nps"], total["margin"], total["nps"] - truth,
             total["weighted_nps"], total["weighted_margin"], total["weighted_nps"] - truth,
             total["n_eff"], total["design_effect"], total["weighting"],
             total["revenue_nps"], total["response_rate_cv"], total["representativeness"]),
          flush=True)
    # one campaign x month group, the size a manager reads
    row = sorted(Response._cx_nps_stats([], ["campaign_id", "date:month"]),
                 key=lambda r: r["sort"])[0]
    print("  one campaign x month (%s, %d answers): plain %.1f ± %.1f, weighted %.1f ± %.1f"
          % (row["label"], row["n"], row["nps"], row["margin"], row["weighted_nps"],
             row["weighted_margin"]), flush=True)
    return total


def bench_plan(env):
    cr = env.cr
    campaign = env["cx.nps.campaign"].create({
        "name": "Weight bench plan", "partner_domain": "[('ref', '=', 'nps_weight_bench')]",
        "sample_percent": 10, "sample_strata": "tier_stage", "sample_allocation": "neyman",
        "min_gap_days": 0})
    cr.execute("UPDATE res_partner SET cx_nps_last_invited = NULL "
               "WHERE ref = 'nps_weight_bench'")
    ours_time, rows = timed(lambda: campaign._cx_make_plan(), repeat=3)
    assert len(rows) == 16, len(rows)
    assert sum(r["population"] for r in rows) == PARTNERS

    def obvious():
        partners = env["res.partner"].search([("ref", "=", "nps_weight_bench")])
        counts = defaultdict(int)
        for row in partners.read(["cx_tier_id", "cx_stage_id"]):
            counts[(row["cx_tier_id"] and row["cx_tier_id"][0],
                    row["cx_stage_id"] and row["cx_stage_id"][0])] += 1
        return counts
    obvious_time, counts = timed(obvious, repeat=1)
    assert sorted(counts.values()) == sorted(r["population"] for r in rows)
    planned = sum(r["planned"] for r in rows)
    print("Sampling plan, %d customers in %d strata (Neyman, 10 %%: %d invitations): "
          "ours %.2f s; obvious way (ORM read + count, populations only) %.1f s "
          "(ratio %.1fx); load %.2f %.2f %.2f"
          % ((PARTNERS, len(rows), planned, ours_time, obvious_time,
              obvious_time / ours_time) + load()), flush=True)
    cr.rollback()
    return ours_time, obvious_time


def main():
    run(__doc__.splitlines()[0], "bench_npsstats", generate,
        [bench_stats, bench_simulation, bench_plan])


if __name__ == "__main__":
    main()
