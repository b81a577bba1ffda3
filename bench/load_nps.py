"""Load run of the public NPS answer path against a real Odoo with HTTP workers.

2,000 survey submissions (one-click answers from the email, the path most customers
take) from 50 concurrent clients on loopback, bounded in count and time; it prints
throughput, latency percentiles and errors, then checks in the database that every
accepted submission is there exactly once and that nothing else was written.

Run from the repository root with the browser-test venv (Python 3.11, requests and
psycopg2), after setup/install.sh:

    .venv-browser/bin/python bench/load_nps.py [--submissions 2000] [--clients 50]
        [--workers 2] [--duplicates 0.05]

It works in its own database ``bench_load`` (created with cx_nps_survey and no demo
data when missing) and stops the server it started. --duplicates is the share of
extra clicks sent on tokens that already answered, concurrently with the first ones:
they must update the same response, never add one.
"""
import argparse
import concurrent.futures
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time

import psycopg2
import requests

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VENV_PYTHON = os.path.join(os.environ.get("CX_VENV", os.path.join(ROOT, ".venv")), "bin", "python")
CONF = os.environ.get("CX_CONF", os.path.join(ROOT, ".odoo", "odoo.conf"))
ODOO_BIN = os.path.join(ROOT, "setup", "odoo-bin")
TAG = "load-nps"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def ensure_database(db):
    with psycopg2.connect(dbname="postgres") as conn, conn.cursor() as cr:
        cr.execute("SELECT 1 FROM pg_database WHERE datname = %s", (db,))
        if cr.fetchone():
            return
    print("creating %s (cx_nps_survey, no demo data)..." % db, flush=True)
    subprocess.run([VENV_PYTHON, ODOO_BIN, "-c", CONF, "-d", db, "-i", "cx_nps_survey",
                    "--without-demo=all", "--load-language=es_ES", "--stop-after-init",
                    "--log-level=warn"], check=True)


def prepare_tokens(db, count):
    """Partners, one campaign and `count` invitations made by the addon's own bulk path."""
    script = """
import json
Partner = env['res.partner'].with_context(tracking_disable=True, mail_create_nolog=True)
partner_ids = [Partner.create({
    'name': 'Load customer %%d' %% n, 'email': 'load%%d@example.com' %% n,
    'ref': %(tag)r, 'customer': True, 'lang': 'es_ES'}).id for n in range(%(count)d)]
survey = env.ref('cx_nps_survey.survey_nps_template')
# running: the links of a draft, paused or done campaign record no answer
campaign = env['cx.nps.campaign'].create({
    'name': %(tag)r, 'kind': 'relationship', 'survey_id': survey.id, 'state': 'running',
    'partner_domain': "[('ref', '=', %(tag)r)]"})
invitations = campaign._create_invitations(partner_ids)
env.cr.commit()
print('RESULT ' + json.dumps({'campaign': campaign.id,
                              'tokens': invitations.mapped('token')}))
""" % {"tag": TAG, "count": count}
    done = subprocess.run([VENV_PYTHON, ODOO_BIN, "shell", "-c", CONF, "-d", db, "--no-http",
                           "--log-level=warn"], input=script, capture_output=True, text=True)
    lines = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
    if not lines:
        sys.exit("preparing the tokens failed:\n" + done.stdout[-2000:] + done.stderr[-4000:])
    return json.loads(lines[-1][len("RESULT "):])


def start_server(db, workers, log):
    port, longpolling = free_port(), free_port()
    proc = subprocess.Popen([
        VENV_PYTHON, ODOO_BIN, "-c", CONF, "-d", db, "--db-filter=^%s$" % db,
        "--http-port=%d" % port, "--longpolling-port=%d" % longpolling,
        "--workers=%d" % workers, "--max-cron-threads=0", "--logfile=%s" % log,
        "--log-level=warn"], cwd=ROOT)
    url = "http://127.0.0.1:%d" % port
    deadline = time.time() + 180
    while time.time() < deadline:
        try:
            if requests.get(url + "/web/login", timeout=60).status_code == 200:
                return proc, url
        except requests.RequestException:
            time.sleep(0.5)
    proc.kill()
    sys.exit("the server did not start; see %s" % log)


def run_load(url, jobs, clients, time_limit):
    """Send every (token, score) job once from `clients` threads; return the results."""
    local = threading.local()
    stop_at = time.time() + time_limit

    def one(job):
        token, score = job
        if time.time() > stop_at:
            return token, score, None, 0.0
        session = getattr(local, "session", None)
        if session is None:
            session = local.session = requests.Session()
        started = time.perf_counter()
        try:
            reply = session.get("%s/cx_nps/answer/%s/%d" % (url, token, score),
                                allow_redirects=False, timeout=60)
            status = reply.status_code
        except requests.RequestException:
            status = -1
        return token, score, status, time.perf_counter() - started

    with concurrent.futures.ThreadPoolExecutor(max_workers=clients) as pool:
        return list(pool.map(one, jobs))


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="bench_load")
    parser.add_argument("--submissions", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--duplicates", type=float, default=0.05)
    parser.add_argument("--time-limit", type=float, default=600.0)
    args = parser.parse_args()

    ensure_database(args.db)
    prepared = prepare_tokens(args.db, args.submissions)
    tokens = prepared["tokens"]
    rng = random.Random(20261123)
    jobs = [(token, rng.randint(0, 10)) for token in tokens]
    # Some customers click twice (another score, at the same time as the first click).
    extra = [(token, rng.randint(0, 10)) for token in rng.sample(tokens, int(len(tokens) * args.duplicates))]
    jobs = jobs + extra
    rng.shuffle(jobs)

    log = os.path.join(ROOT, ".odoo", "load_nps_server.log")
    proc, url = start_server(args.db, args.workers, log)
    try:
        started = time.perf_counter()
        results = run_load(url, jobs, args.clients, args.time_limit)
        elapsed = time.perf_counter() - started
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()

    sent = [r for r in results if r[2] is not None]
    accepted = [r for r in sent if r[2] in (301, 302, 303)]
    errors = {}
    for r in sent:
        if r[2] not in (301, 302, 303):
            errors[r[2]] = errors.get(r[2], 0) + 1
    latencies = [r[3] * 1000 for r in sent]
    print("server: %d HTTP workers; clients: %d; requests: %d (%d first clicks, %d repeat clicks)"
          % (args.workers, args.clients, len(jobs), len(tokens), len(extra)))
    print("sent %d in %.1f s: %.1f requests/s" % (len(sent), elapsed, len(sent) / elapsed))
    print("latency ms: p50 %.0f, p90 %.0f, p99 %.0f, max %.0f, mean %.0f" % (
        percentile(latencies, 0.5), percentile(latencies, 0.9), percentile(latencies, 0.99),
        max(latencies), statistics.mean(latencies)))
    print("accepted: %d; not accepted by status: %s" % (len(accepted), errors or "none"))

    # In the database: exactly one response per token that was accepted at least once,
    # with the score of one of its accepted clicks, and no response for any other token.
    accepted_scores = {}
    for token, score, _status, _t in accepted:
        accepted_scores.setdefault(token, set()).add(score)
    with psycopg2.connect(dbname=args.db) as conn, conn.cursor() as cr:
        cr.execute("""
            SELECT ui.token, count(r.id), min(r.score), max(r.score)
              FROM survey_user_input ui
              LEFT JOIN cx_nps_response r ON r.user_input_id = ui.id
             WHERE ui.cx_nps_campaign_id = %s
             GROUP BY ui.token""", (prepared["campaign"],))
        rows = {token: (n, lo, hi) for token, n, lo, hi in cr.fetchall()}
    problems = []
    for token in tokens:
        n, lo, hi = rows.get(token, (0, None, None))
        if token in accepted_scores:
            if n != 1:
                problems.append("%s: %d responses for an accepted token" % (token, n))
            elif lo not in accepted_scores[token]:
                problems.append("%s: stored score %s was never sent" % (token, lo))
        elif n:
            problems.append("%s: a response for a token that was never accepted" % token)
    print("database: %d tokens answered, %d responses, %d problems" % (
        len(accepted_scores), sum(v[0] for v in rows.values()), len(problems)))
    for problem in problems[:20]:
        print("   ", problem)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
