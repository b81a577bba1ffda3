"""Benchmark of cx_nps_survey: NPS statistics on 1,000,000 answers, dispatch to 10,000.

Run from the repository root with the Odoo venv:

    .venv/bin/python bench/nps_bench.py            # creates bench_nps if missing
    .venv/bin/python bench/nps_bench.py --drop     # drop the database at the end

1. 100,000 partners and 1,000,000 NPS answers (plus 1,250,000 invitations) over two
   years in 10 campaigns are inserted with SQL (generate_series) once.
2. NPS with its adjusted-Wald margin per campaign x month and per tier x month:
   our way (cx.nps.response._cx_nps_stats: one SQL statement over stored, indexed
   columns) beside the naive way (read every answer and loop in Python).
3. A campaign is dispatched to 10,000 partners (tokens created, emails rendered and
   queued in mail.mail): our bulk dispatch beside Odoo's survey invitation wizard
   (survey.mail.compose.message) run once per partner on a sample, extrapolated.
   Both are rolled back, so the run can be repeated.
"""
import argparse
import os
import subprocess
import sys
import time
from collections import defaultdict

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CONF = os.path.join(ROOT, ".odoo", "odoo.conf")
sys.path.insert(0, ROOT)

PARTNERS = 100000
RESPONSES = 1000000
CAMPAIGNS = 10
DISPATCH = 10000
WIZARD_SAMPLE = 50


def database_exists(name):
    out = subprocess.run(["psql", "-Atc", "SELECT 1 FROM pg_database WHERE datname = '%s'"
                          % name, "postgres"], stdout=subprocess.PIPE, check=True)
    return out.stdout.strip() == b"1"


def create_database(name):
    print("Creating %s with cx_nps_survey (no demo data)..." % name, flush=True)
    subprocess.run([os.path.join(ROOT, ".venv", "bin", "python"),
                    os.path.join(ROOT, "setup", "odoo-bin"), "-c", CONF, "-d", name,
                    "-i", "cx_nps_survey", "--without-demo=all", "--stop-after-init",
                    "--log-level=warn"], check=True, cwd=ROOT)


def timed(function, repeat=3):
    best, result = None, None
    for _run in range(repeat):
        start = time.perf_counter()
        result = function()
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
    return best, result


def generate(env):
    cr = env.cr
    cr.execute("SELECT count(*) FROM cx_nps_response")
    if cr.fetchone()[0] >= RESPONSES:
        print("Data already there.", flush=True)
        return
    print("Generating %d partners, %d answers..." % (PARTNERS, RESPONSES), flush=True)
    start = time.perf_counter()
    tiers = env["cx.tier"].search([]).ids
    company = env.user.company_id.id
    cr.execute("""
        INSERT INTO res_partner (name, display_name, email, active, customer, type,
                                 invoice_warn, company_id, cx_tier_id, ref, lang)
        SELECT 'Bench ' || g, 'Bench ' || g, 'bench' || g || '@example.com', true, true,
               'contact', 'no-message', %s, (%s::int[])[1 + g %% %s],
               CASE WHEN g <= %s THEN 'nps_bench_dispatch' ELSE 'nps_bench' END, 'es_ES'
          FROM generate_series(1, %s) g""",
               (company, tiers, len(tiers), DISPATCH, PARTNERS))
    cr.execute("UPDATE res_partner SET commercial_partner_id = id "
               "WHERE ref IN ('nps_bench', 'nps_bench_dispatch')")
    campaigns = env["cx.nps.campaign"]
    for index in range(CAMPAIGNS):
        campaigns |= campaigns.create({"name": "Bench campaign %d" % index,
                                       "partner_domain": "[('ref', '=', 'none')]"})
    cr.execute("SELECT min(id) FROM res_partner WHERE ref LIKE 'nps_bench%%'")
    first = cr.fetchone()[0]
    survey = campaigns[0].survey_id.id
    # 1.25 invitations per answer: the first million are answered
    cr.execute("""
        INSERT INTO survey_user_input (survey_id, date_create, type, state, token,
                                       partner_id, cx_nps_campaign_id, cx_nps_sent_date,
                                       cx_nps_reminder_count)
        SELECT %(survey)s, d, 'link', CASE WHEN g <= %(n)s THEN 'done' ELSE 'new' END,
               md5('nps' || g), %(first)s + g %% %(partners)s,
               (%(campaigns)s::int[])[1 + g %% %(ncampaigns)s], d, 0
          FROM (SELECT g, now() at time zone 'UTC' - (g %% 730) * interval '1 day'
                          - (g %% 1440) * interval '1 minute' AS d
                  FROM generate_series(1, %(total)s) g) s""",
               {"survey": survey, "n": RESPONSES, "first": first, "partners": PARTNERS,
                "campaigns": campaigns.ids, "ncampaigns": CAMPAIGNS,
                "total": RESPONSES * 5 // 4})
    cr.execute("""
        INSERT INTO cx_nps_response (partner_id, campaign_id, user_input_id, score,
                                     category, nps_value, date, channel, tier_id,
                                     company_id, is_latest)
        SELECT ui.partner_id, ui.cx_nps_campaign_id, ui.id, s.score,
               CASE WHEN s.score >= 9 THEN 'promoter' WHEN s.score >= 7 THEN 'passive'
                    ELSE 'detractor' END,
               CASE WHEN s.score >= 9 THEN 100 WHEN s.score >= 7 THEN 0 ELSE -100 END,
               ui.cx_nps_sent_date + interval '1 hour', 'email_click', p.cx_tier_id,
               %s, false
          FROM survey_user_input ui
          JOIN res_partner p ON p.id = ui.partner_id
          CROSS JOIN LATERAL (SELECT (abs(hashtext(ui.token)) %% 11) AS score) s
         WHERE ui.state = 'done' AND ui.cx_nps_campaign_id = ANY(%s)
    """, (company, campaigns.ids))
    cr.execute("ANALYZE cx_nps_response")
    cr.execute("ANALYZE survey_user_input")
    cr.execute("ANALYZE res_partner")
    cr.commit()
    print("Generated in %.1f s" % (time.perf_counter() - start), flush=True)


def naive_stats(cr, column):
    """The obvious way: read every answer and loop in Python."""
    from cx_nps_survey.domain import nps
    cr.execute("SELECT %s, date, score FROM cx_nps_response" % column)
    counts = defaultdict(lambda: [0, 0, 0])
    index = {nps.PROMOTER: 0, nps.PASSIVE: 1, nps.DETRACTOR: 2}
    for key, date, score in cr.fetchall():
        counts[(key, date[:7])][index[nps.category(score)]] += 1
    return {key: nps.summarize(*value) for key, value in counts.items()}


ORM_SAMPLE = 100000


def naive_orm_stats(env):
    """The naive way through the ORM: search_read the answers and loop (on a sample)."""
    from cx_nps_survey.domain import nps
    start = time.perf_counter()
    rows = env["cx.nps.response"].search_read(
        [], ["campaign_id", "date", "score"], limit=ORM_SAMPLE, order="id")
    counts = defaultdict(lambda: [0, 0, 0])
    index = {nps.PROMOTER: 0, nps.PASSIVE: 1, nps.DETRACTOR: 2}
    for row in rows:
        counts[(row["campaign_id"][0], row["date"][:7])][index[nps.category(row["score"])]] += 1
    {key: nps.summarize(*value) for key, value in counts.items()}
    return (time.perf_counter() - start) * RESPONSES / len(rows)


def compare(ours, naive):
    """Same figures? Returns the number of groups compared."""
    ours_by_key = {(row["key"][0], row["key"][1][:7]): row for row in ours}
    assert len(ours_by_key) == len(naive), (len(ours_by_key), len(naive))
    for key, row in naive.items():
        mine = ours_by_key[key]
        assert mine["n"] == row["n"] and abs(mine["nps"] - row["nps"]) < 1e-9, key
        assert abs(mine["margin"] - row["margin"]) < 1e-9, key
    return len(naive)


def bench_stats(env):
    Response = env["cx.nps.response"].with_context(tz="UTC")
    results = {}
    for label, dims, column in (("campaign x month", ["campaign_id", "date:month"],
                                 "campaign_id"),
                                ("tier x month", ["tier_id", "date:month"], "tier_id")):
        ours_time, ours = timed(lambda: Response._cx_nps_stats([], dims))
        naive_time, naive = timed(lambda: naive_stats(env.cr, column), repeat=1)
        groups = compare(ours, naive)
        results[label] = (ours_time, naive_time, groups)
        print("NPS per %-17s ours %.3f s, naive %.3f s, ratio %.1fx, %d groups, "
              "same figures" % (label + ":", ours_time, naive_time, naive_time / ours_time,
                                groups), flush=True)
    orm_time = naive_orm_stats(env)
    print("NPS per campaign x month, naive through the ORM (search_read + loop on %d, "
          "extrapolated to %d): %.0f s, ratio %.0fx"
          % (ORM_SAMPLE, RESPONSES, orm_time, orm_time / results["campaign x month"][0]),
          flush=True)
    return results


def bench_dispatch(env):
    cr = env.cr
    campaign = env["cx.nps.campaign"].create({
        "name": "Bench dispatch", "partner_domain": "[('ref', '=', 'nps_bench_dispatch')]",
        "window_days": 1, "sample_percent": 100, "min_gap_days": 0})
    campaign.action_schedule()
    cr.execute("SELECT count(*) FROM mail_mail")
    mails_before = cr.fetchone()[0]
    start = time.perf_counter()
    invitations = campaign._dispatch_round()
    ours_time = time.perf_counter() - start
    cr.execute("SELECT count(*) FROM mail_mail WHERE state = 'outgoing'")
    queued = cr.fetchone()[0]
    assert len(invitations) == DISPATCH, len(invitations)
    assert queued - mails_before == DISPATCH, queued - mails_before
    cr.rollback()
    # Odoo's own way: the survey invitation wizard, once per partner (sample)
    cr.execute("SELECT id FROM res_partner WHERE ref = 'nps_bench_dispatch' "
               "ORDER BY id LIMIT %s", (WIZARD_SAMPLE,))
    sample = [row[0] for row in cr.fetchall()]
    survey = env.ref("cx_nps_survey.survey_nps_template")
    Wizard = env["survey.mail.compose.message"]
    start = time.perf_counter()
    for partner_id in sample:
        wizard = Wizard.create({
            "survey_id": survey.id, "public": "email_private",
            "partner_ids": [(6, 0, [partner_id])], "subject": "Would you recommend us?",
            "body": "<p>Please answer: __URL__</p>", "email_from": "bench@example.com"})
        wizard.send_mail()
    per_partner = (time.perf_counter() - start) / len(sample)
    cr.rollback()
    wizard_total = per_partner * DISPATCH
    print("Dispatch to %d partners: ours %.1f s (tokens + %d emails queued); "
          "wizard %.3f s per partner on %d -> %.0f s for %d; ratio %.1fx"
          % (DISPATCH, ours_time, DISPATCH, per_partner, len(sample), wizard_total,
             DISPATCH, wizard_total / ours_time), flush=True)
    return ours_time, per_partner, wizard_total


def run(description, default_db, generate_data, measures):
    """The command line both NPS benchmarks share: create the database once, generate
    the data in one transaction, then run each measure on one environment (rolled
    back), and drop the database with --drop."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--db", default=default_db)
    parser.add_argument("--drop", action="store_true", help="drop the database at the end")
    args = parser.parse_args()
    if not database_exists(args.db):
        create_database(args.db)
    import odoo
    from odoo import SUPERUSER_ID, api
    odoo.tools.config.parse_config(["-c", CONF, "-d", args.db, "--log-level=warn"])
    registry = odoo.registry(args.db)
    with api.Environment.manage():
        with registry.cursor() as cr:
            generate_data(api.Environment(cr, SUPERUSER_ID, {}))
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            for measure in measures:
                measure(env)
            cr.rollback()
    if args.drop:
        odoo.sql_db.close_all()
        subprocess.run(["dropdb", args.db], check=True)


def main():
    run(__doc__.splitlines()[0], "bench_nps", generate, [bench_stats, bench_dispatch])


if __name__ == "__main__":
    main()
