"""Benchmark of the scanner-proof NPS answer path against a real Odoo with HTTP workers.

Run from the repository root with the browser-test venv (Python 3.11: requests,
psycopg2, Playwright driving Debian's Chromium):

    .venv-browser/bin/python bench/nps_scanner_bench.py [--db bench_h11] [--answers 2000]
        [--clients 50] [--workers 2] [--sequential 200]

It works in its own database (created with cx_nps_survey, Spanish and no demo data
when missing), starts Odoo with ``--workers 2 --max-cron-threads=0`` on a free
loopback port and stops it at the end. In one run:

1. Scanners: the eleven links of an invitation in order, in parallel, with HEAD, the
   hidden link (plus a score link right after it), a scanner's user agent, and a
   replay of a customer's confirmation from another client (and with its cookie) 30 s
   after the customer. Counted: answers that no browser session confirmed (must be
   0), and whether the customer's answer stayed as it was. Then Chromium opens a
   score link of a queued email: counted with that one click.
2. Server time of recording one answer: median of N sequential confirmations (the
   page's own POST), beside Odoo's own /survey/fill render of the same survey (an
   identical copy that is not an NPS survey, so that survey's stock code serves it),
   same server, same run; client-side time on loopback.
3. Load: A answers (the landing page, then its confirmation) from C concurrent
   clients, beside Odoo's stock survey (/survey/fill then /survey/submit) of the same
   answers on the copy, same server, same run: throughput, p50/p90/p99, time-outs
   (60 s). Then the job that applies the side effects runs (twice at once, then
   again), and the database is checked: every confirmed answer exactly once, every
   side effect exactly once, nothing from the scanners.
"""
import argparse
import concurrent.futures
import json
import os
import re
import statistics
import subprocess
import sys
import threading
import time
import xmlrpc.client

import psycopg2
import requests

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# the answer links' clients and the server start are the suite tests' (tests/nps_client.py)
sys.path.insert(0, os.path.join(ROOT, "tests"))
from helpers import CONF, VENV_PYTHON  # noqa: E402
from nps_client import (SCANNER, TIMEOUT, client, confirm, nonce_of,  # noqa: E402
                        start_odoo, stop)
from nps_client import query as q  # noqa: E402

ODOO_BIN = os.path.join(ROOT, "setup", "odoo-bin")
CHROMIUM = os.environ.get("CX_CHROMIUM", "/usr/bin/chromium")
TAG = "scanner-bench"


def loadavg():
    with open("/proc/loadavg") as handle:
        return " ".join(handle.read().split()[:3])


def say(text):
    print("%s   [load %s]" % (text, loadavg()), flush=True)


def ensure_database(db):
    with psycopg2.connect(dbname="postgres") as conn, conn.cursor() as cr:
        cr.execute("SELECT 1 FROM pg_database WHERE datname = %s", (db,))
        if cr.fetchone():
            return
    print("creating %s (cx_nps_survey, Spanish, no demo data)..." % db, flush=True)
    subprocess.run([VENV_PYTHON, ODOO_BIN, "-c", CONF, "-d", db, "-i", "cx_nps_survey",
                    "--without-demo=all", "--load-language=es_ES", "--stop-after-init",
                    "--log-level=warn"], check=True, cwd=ROOT)


def shell(db, script):
    done = subprocess.run([VENV_PYTHON, ODOO_BIN, "shell", "-c", CONF, "-d", db, "--no-http",
                           "--log-level=warn"], input=script, capture_output=True, text=True,
                          cwd=ROOT)
    lines = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
    if not lines:
        sys.exit("odoo shell failed:\n" + done.stdout[-2000:] + done.stderr[-4000:])
    return json.loads(lines[-1][len("RESULT "):])


PREPARE = r"""
import json, uuid
env['ir.config_parameter'].set_param('web.base.url', %(url)r)
Partner = env['res.partner'].with_context(tracking_disable=True, mail_create_nolog=True)
run = uuid.uuid4().hex[:6]
survey = env.ref('cx_nps_survey.survey_nps_template')
def customers(count, name):
    return [Partner.create({'name': '%%s %%s %%d' %% (name, run, n), 'customer': True,
                            'email': '%%s-%%s-%%d@example.com' %% (name, run, n),
                            'lang': 'es_ES', 'ref': %(tag)r}).id for n in range(count)]
campaign = env['cx.nps.campaign'].create({
    'name': '%(tag)s ' + run, 'kind': 'relationship', 'survey_id': survey.id,
    'state': 'running', 'partner_domain': "[('ref', '=', %(tag)r)]",
    'promoter_template_id': env.ref('cx_nps_survey.mail_template_nps_promoter').id})
groups = {}
for key, count in (('scan', 8), ('seq', %(sequential)d), ('load', %(answers)d)):
    groups[key] = campaign._create_invitations(customers(count, key)).mapped('token')
# Odoo's stock survey: an identical copy that is not an NPS survey
stock = survey.copy({'title': 'Stock copy ' + run})
stock.page_ids.mapped('question_ids').write({'cx_nps': False, 'cx_nps_comment': False})
assert not stock.cx_has_nps_question
stock_tokens = {}
for key, count in (('seq', %(sequential)d), ('load', %(answers)d)):
    partners = customers(count, 'stock' + key)
    stock_tokens[key] = [env['survey.user_input'].create({
        'survey_id': stock.id, 'partner_id': pid, 'type': 'link'}).token for pid in partners]
question = stock.page_ids[0].question_ids.filtered(lambda q: q.type == 'simple_choice')
why = stock.page_ids[0].question_ids.filtered(lambda q: q.type == 'free_text')
nps_question = survey._cx_nps_question()
env.cr.commit()
print('RESULT ' + json.dumps({
    'campaign': campaign.id, 'tokens': groups, 'stock': stock.id, 'stock_tokens': stock_tokens,
    'stock_page': stock.page_ids[0].id, 'stock_question': question.id,
    'stock_why': why.id, 'stock_labels': {l.value: l.id for l in question.labels_ids},
    'labels': {str(l.cx_nps_score): l.id for l in nps_question.labels_ids},
    'survey': survey.id}))
"""


def start_server(db, workers, log):
    try:
        proc, url = start_odoo(db, log, workers=workers)
    except RuntimeError as error:
        sys.exit(str(error))
    port = int(url.rsplit(":", 1)[1])
    out = subprocess.run(["ss", "-ltnH", "sport = :%d" % port], capture_output=True,
                         text=True).stdout.split()
    return proc, url, int(out[2]) if len(out) > 2 else None


def csrf_of(html):
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def run_job(url, db):
    """The job of every minute, through 'Run manually' (one transaction)."""
    common = xmlrpc.client.ServerProxy(url + "/xmlrpc/2/common")
    uid = common.authenticate(db, "admin", "admin", {})
    models = xmlrpc.client.ServerProxy(url + "/xmlrpc/2/object")
    cron = models.execute_kw(db, uid, "admin", "ir.model.data", "xmlid_to_res_id",
                             ["cx_nps_survey.cron_cx_nps_answers"])
    return models.execute_kw(db, uid, "admin", "ir.cron", "method_direct_trigger", [[cron]])


# ---------------------------------------------------------------------- 1. scanners
def scanners(url, db, data):
    tokens = data["tokens"]["scan"]
    labels = data["labels"]
    links = {t: ["%s/cx_nps/answer/%s/%d" % (url, t, s) for s in range(11)] for t in tokens}
    in_order, parallel, head, hidden, agent, customer_token = tokens[:6]
    started = time.perf_counter()
    scanner = client()
    pages = [scanner.get(link, timeout=TIMEOUT) for link in links[in_order]]
    with concurrent.futures.ThreadPoolExecutor(max_workers=11) as pool:
        list(pool.map(lambda link: client().get(link, timeout=TIMEOUT), links[parallel]))
    for link in links[head]:
        client(SCANNER).head(link, timeout=TIMEOUT)
    honeypot = client()
    honeypot.get("%s/cx_nps/open/%s" % (url, hidden), timeout=TIMEOUT)
    honeypot_page = honeypot.get(links[hidden][10], timeout=TIMEOUT)
    agent_client = client(SCANNER)
    agent_page = agent_client.get(links[agent][9], timeout=TIMEOUT)
    # the customer: its own page, confirmed after 2 s
    customer = client()
    customer_page = customer.get(links[customer_token][7], timeout=TIMEOUT)
    time.sleep(2.2)
    # scanners that also run the page's script confirm what they got
    attempts = [
        confirm(scanner, url, in_order, labels["10"], nonce_of(pages[-1].text)),
        confirm(scanner, url, in_order, labels["0"], nonce_of(pages[0].text)),
        confirm(client(), url, parallel, labels["5"], None),
        confirm(honeypot, url, hidden, labels["10"], nonce_of(honeypot_page.text)),
        confirm(agent_client, url, agent, labels["9"], nonce_of(agent_page.text)),
    ]
    counted_by_scanners = sum(1 for reply in attempts if reply.json().get("counted"))
    nonce = nonce_of(customer_page.text)
    mine = confirm(customer, url, customer_token, labels["7"], nonce).json()
    say("customer confirmed its 7: %s; waiting 30 s for the replay..." % mine.get("reason"))
    time.sleep(30)
    replay_other = confirm(client(), url, customer_token, labels["0"], nonce).json()
    replay_cookie = client()
    replay_cookie.cookies.update(customer.cookies)
    replay_same = confirm(replay_cookie, url, customer_token, labels["0"], nonce).json()
    elapsed = time.perf_counter() - started
    scan_rows = q(db, """
        SELECT ui.token, ui.state, count(l.id), min(r.score)
          FROM survey_user_input ui
          LEFT JOIN survey_user_input_line l ON l.user_input_id = ui.id
          LEFT JOIN cx_nps_response r ON r.user_input_id = ui.id
         WHERE ui.token = ANY(%s) GROUP BY ui.token, ui.state""", (tokens[:6],))
    by_token = {row[0]: row[1:] for row in scan_rows}
    unconfirmed = sum(1 for t in (in_order, parallel, head, hidden, agent)
                      if by_token[t] != ("new", 0, None))
    reasons = q(db, """
        SELECT a.reason, count(*) FROM cx_nps_answer_audit a
          JOIN survey_user_input ui ON ui.id = a.user_input_id
         WHERE ui.token = ANY(%s) AND a.verdict IN ('automated', 'refused')
         GROUP BY a.reason ORDER BY 2 DESC""", (tokens[:6],))
    print("1. scanners (%.1f s): 11 links in order, 11 in parallel, 11 HEAD, hidden link + "
          "a score, a scanner agent, 5 scripted confirmations, 2 replays 30 s after the "
          "customer" % elapsed)
    say("   answers counted that no browser session confirmed: %d (scanner confirmations "
        "counted: %d; tokens with a line or a response: %d)" % (
            counted_by_scanners + unconfirmed, counted_by_scanners, unconfirmed))
    say("   customer's answer: %s (first: %s; replay from another client: %s; replay with "
        "its cookie: %s)" % (by_token[customer_token], mine.get("counted"),
                             replay_other.get("reason"), replay_same.get("reason")))
    print("   not counted, by reason: %s" % ", ".join("%s %d" % r for r in reasons))
    return {"unconfirmed": counted_by_scanners + unconfirmed,
            "customer_kept": by_token[customer_token][2] == 7 and
            not replay_other.get("counted") and not replay_same.get("counted")}


def chromium(url, db, data):
    """A real Chromium session answering from the queued email, with one click."""
    from playwright.sync_api import sync_playwright
    token = data["tokens"]["scan"][6]
    body = q(db, """SELECT mm.body_html FROM mail_mail mm
                      JOIN mail_message m ON m.id = mm.mail_message_id
                      JOIN survey_user_input ui ON ui.id = m.res_id
                     WHERE m.model = 'survey.user_input' AND ui.token = %s""", (token,))[0][0]
    link = re.search(r'href="([^"]*/cx_nps/answer/%s/9)"' % token, body).group(1)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        page = browser.new_page()
        started = time.perf_counter()
        page.goto(link)
        page.wait_for_selector(".o_cx_nps_status.text-success", timeout=30000)
        elapsed = time.perf_counter() - started
        browser.close()
    rows = q(db, """SELECT r.score, r.channel FROM cx_nps_response r
                      JOIN survey_user_input ui ON ui.id = r.user_input_id
                     WHERE ui.token = %s""", (token,))
    say("   Chromium from the email's link 9: %s, counted %.1f s after the click, one click"
        % (rows, elapsed))
    return rows == [(9, "email_click")]


# ---------------------------------------------------------------------- 2. one answer
def sequential(url, data, count):
    labels = data["labels"]
    sessions, pages = [], []
    for n, token in enumerate(data["tokens"]["seq"][:count]):
        session = client()
        pages.append(session.get("%s/cx_nps/answer/%s/%d" % (url, token, n % 11),
                                 timeout=TIMEOUT))
        sessions.append(session)
    time.sleep(2)
    ours = []
    for n, (token, session, page) in enumerate(zip(data["tokens"]["seq"], sessions, pages)):
        started = time.perf_counter()
        reply = confirm(session, url, token, labels[str(n % 11)], nonce_of(page.text))
        ours.append(time.perf_counter() - started)
        assert reply.json()["counted"], reply.text
    stock = []
    for token in data["stock_tokens"]["seq"][:count]:
        session = client()
        started = time.perf_counter()
        reply = session.get("%s/survey/fill/%d/%s" % (url, data["stock"], token),
                            timeout=TIMEOUT)
        stock.append(time.perf_counter() - started)
        assert reply.status_code == 200
    ours_ms, stock_ms = statistics.median(ours) * 1000, statistics.median(stock) * 1000
    print("2. one answer, median of %d sequential, client time on loopback:" % count)
    say("   recording one answer (the page's confirmation): %.1f ms; Odoo's /survey/fill "
        "render of the same survey: %.1f ms; ratio %.2fx (target <= 2x)" % (
            ours_ms, stock_ms, ours_ms / stock_ms))
    return ours_ms / stock_ms


# ---------------------------------------------------------------------- 3. load
def load(url, data, clients, answers):
    """Landing pages, then confirmations (each page at least 2 s old), from `clients`
    threads; then the same answers through Odoo's stock survey on the copy."""
    labels = data["labels"]
    tokens = data["tokens"]["load"][:answers]
    stock_tokens = data["stock_tokens"]["load"][:answers]
    sessions = {token: client() for token in tokens + stock_tokens}
    pages = {}

    def timed(call):
        started = time.perf_counter()
        try:
            reply = call()
            status = reply.status_code
        except requests.RequestException:
            reply, status = None, -1
        return reply, status, time.perf_counter() - started

    def land(n):
        token = tokens[n]
        reply, status, spent = timed(lambda: sessions[token].get(
            "%s/cx_nps/answer/%s/%d" % (url, token, n % 11), timeout=TIMEOUT))
        pages[token] = nonce_of(reply.text) if reply is not None else None
        return status, spent

    def confirm_one(n):
        token = tokens[n]
        reply, status, spent = timed(lambda: confirm(
            sessions[token], url, token, labels[str(n % 11)], pages.get(token)))
        counted = bool(reply is not None and status == 200 and reply.json().get("counted"))
        return status, spent, counted

    def stock_fill(n):
        token = stock_tokens[n]
        reply, status, spent = timed(lambda: sessions[token].get(
            "%s/survey/fill/%d/%s" % (url, data["stock"], token), timeout=TIMEOUT))
        pages[token] = csrf_of(reply.text) if reply is not None and status == 200 else None
        return status, spent

    def stock_submit(n):
        token = stock_tokens[n]
        prefix = "%d_%d_" % (data["stock"], data["stock_page"])
        reply, status, spent = timed(lambda: sessions[token].post(
            "%s/survey/submit/%d" % (url, data["stock"]), data={
                "csrf_token": pages.get(token) or "", "page_id": str(data["stock_page"]),
                "token": token, "button_submit": "finish",
                prefix + str(data["stock_question"]): str(
                    data["stock_labels"][str(n % 11)]),
                prefix + str(data["stock_why"]): ""}, timeout=TIMEOUT))
        ok = bool(reply is not None and status == 200 and "errors" not in reply.text)
        return status, spent, ok

    def phase(function):
        started = time.perf_counter()
        with concurrent.futures.ThreadPoolExecutor(max_workers=clients) as pool:
            results = list(pool.map(function, range(answers)))
        return results, time.perf_counter() - started

    def report(name, first, second, accepted):
        results = first[0] + second[0]
        latencies = [r[1] * 1000 for r in results]
        timeouts = sum(1 for r in results if r[0] == -1)
        errors = sum(1 for r in results if r[0] not in (200, -1))
        elapsed = first[1] + second[1]
        say("   %s: %d requests in %.1f s, %.1f requests/s, %.1f answers/s; latency ms "
            "p50 %.0f, p90 %.0f, p99 %.0f, max %.0f; time-outs %d, other errors %d; "
            "answers accepted %d of %d" % (
                name, len(results), elapsed, len(results) / elapsed, answers / elapsed,
                percentile(latencies, 0.5), percentile(latencies, 0.9),
                percentile(latencies, 0.99), max(latencies), timeouts, errors,
                accepted, answers))
        return timeouts

    print("3. load: %d answers, %d concurrent clients" % (answers, clients))
    landed = phase(land)
    time.sleep(2)
    confirmed = phase(confirm_one)
    counted = [n for n, r in enumerate(confirmed[0]) if r[2]]
    ours_timeouts = report("ours (landing page + confirmation)", landed, confirmed,
                           len(counted))
    filled = phase(stock_fill)
    submitted = phase(stock_submit)
    report("Odoo's stock survey (/survey/fill + /survey/submit)", filled, submitted,
           sum(1 for r in submitted[0] if r[2]))
    return {tokens[n]: n % 11 for n in counted}, ours_timeouts


def check_database(url, db, data, counted):
    """Run the job (twice at once, then once more) and check every answer and effect."""
    errors = []
    started = time.perf_counter()
    threads = [threading.Thread(target=lambda: _catch(errors, lambda: run_job(url, db)))
               for _i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # each run stops after 50 s (the workers' limit is 120 s): run until none waits
    runs = 0
    while q(db, "SELECT count(*) FROM cx_nps_response WHERE cx_todo")[0][0] and runs < 40:
        run_job(url, db)
        runs += 1
    run_job(url, db)
    total = time.perf_counter() - started
    say("   the job: two runs at once (errors: %s), then %d more until none waited, then "
        "one more: %.1f s for %d answers, %.1f answers/s" % (
            errors or "none", runs, total, len(counted), len(counted) / total))
    rows = q(db, """
        SELECT ui.token, count(r.id), min(r.score), bool_or(r.cx_todo),
               (SELECT count(*) FROM cx_interaction i
                 WHERE i.res_model = 'cx.nps.response' AND i.res_id = min(r.id)),
               (SELECT count(*) FROM mail_activity a
                 WHERE a.res_model = 'cx.nps.response' AND a.res_id = min(r.id)),
               min(p.cx_nps_last_score), min(p.cx_satisfaction_index)
          FROM survey_user_input ui
          JOIN res_partner p ON p.id = ui.partner_id
          LEFT JOIN cx_nps_response r ON r.user_input_id = ui.id
         WHERE ui.token = ANY(%s) GROUP BY ui.token""",
             (data["tokens"]["load"] + data["tokens"]["seq"],))
    problems = []
    seq_scores = {token: n % 11 for n, token in enumerate(data["tokens"]["seq"])}
    expected = dict(seq_scores, **counted)
    for token, n, score, todo, interactions, activities, last, index in rows:
        want = expected.get(token)
        if want is None:
            if n:
                problems.append("%s: a response nobody confirmed" % token)
            continue
        effects = (n, score, todo, interactions, activities, last, index)
        right = (1, want, False, 1, 1 if want <= 6 else 0, want, 10.0 * want)
        if effects != right:
            problems.append("%s: %s instead of %s" % (token, effects, right))
    scan = q(db, """SELECT count(*) FROM cx_nps_response r
                      JOIN survey_user_input ui ON ui.id = r.user_input_id
                     WHERE ui.token = ANY(%s)""", (data["tokens"]["scan"][:5],))[0][0]
    say("   database: %d answers expected, %d tokens checked, %d problems; responses of "
        "scanned tokens: %d" % (len(expected), len(rows), len(problems), scan))
    for problem in problems[:10]:
        print("     ", problem)
    return not problems and not scan


def _catch(errors, call):
    try:
        call()
    except Exception as error:  # reported by the caller
        errors.append(str(error)[:300])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="bench_h11")
    parser.add_argument("--answers", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--sequential", type=int, default=200)
    args = parser.parse_args()
    ensure_database(args.db)
    log = os.path.join(ROOT, ".odoo", "nps_scanner_bench_server.log")
    proc, url, backlog = start_server(args.db, args.workers, log)
    try:
        data = shell(args.db, PREPARE % {"url": url, "tag": TAG, "answers": args.answers,
                                         "sequential": args.sequential})
        say("server: %d HTTP workers on %s (listen backlog %s, setup/odoo-bin); database %s"
            % (args.workers, url, backlog, args.db))
        result = scanners(url, args.db, data)
        browser_ok = chromium(url, args.db, data)
        ratio = sequential(url, data, args.sequential)
        counted, timeouts = load(url, data, args.clients, args.answers)
        database_ok = check_database(url, args.db, data, counted)
    finally:
        stop(proc)
    ok = (result["unconfirmed"] == 0 and result["customer_kept"] and browser_ok and
          ratio <= 2.0 and timeouts == 0 and database_ok)
    print("targets %s" % ("met" if ok else "NOT met"))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
