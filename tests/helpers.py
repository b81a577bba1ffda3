"""Small real clients for the suite tests: XML-RPC and a browser-like HTTP session."""
import json
import os
import re
import subprocess
import threading
import time
import uuid
import xmlrpc.client

import psycopg2
import requests

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VENV_PYTHON = os.environ.get("CX_VENV", os.path.join(ROOT, ".venv")) + "/bin/python"
CONF = os.environ.get("CX_CONF", os.path.join(ROOT, ".odoo", "odoo.conf"))


def query(db, sql, params=()):
    """Rows of one statement on ``db``, in a connection of its own (committed)."""
    with psycopg2.connect(dbname=db) as conn, conn.cursor() as cr:
        cr.execute(sql, params)
        return cr.fetchall() if cr.description else None


def at_the_same_moment(clients, call, timeout):
    """``call(client)`` for each client in a thread of its own, all released at the same
    moment: as many concurrent transactions on the server. Returns the errors raised."""
    barrier = threading.Barrier(len(clients))
    errors = []

    def run(client):
        try:
            barrier.wait(timeout=30)
            call(client)
        except Exception as error:  # returned to the caller, who reports it
            errors.append(error)
    threads = [threading.Thread(target=run, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    return errors


class OdooClient:
    """XML-RPC client for one user, the way an external integration talks to Odoo."""

    def __init__(self, url, db, login, password):
        self.url, self.db, self.login, self.password = url, db, login, password
        common = xmlrpc.client.ServerProxy(url + "/xmlrpc/2/common", allow_none=True)
        self.uid = common.authenticate(db, login, password, {})
        if not self.uid:
            raise AssertionError("login refused for %s" % login)
        self.models = xmlrpc.client.ServerProxy(url + "/xmlrpc/2/object", allow_none=True)

    def call(self, model, method, *args, **kwargs):
        return self.models.execute_kw(
            self.db, self.uid, self.password, model, method, list(args), kwargs)

    def ref(self, xmlid):
        module, name = xmlid.split(".")
        rows = self.call("ir.model.data", "search_read",
                         [("module", "=", module), ("name", "=", name)], fields=["res_id"])
        return rows[0]["res_id"]


def web_login(url, db, login, password):
    """Log in through /web/login like a browser; return the requests session."""
    session = requests.Session()
    page = session.get(url + "/web/login", params={"db": db}, timeout=30)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    response = session.post(url + "/web/login", data={
        "login": login, "password": password, "csrf_token": token, "db": db,
    }, timeout=60)
    if "Wrong login/password" in response.text:
        raise AssertionError("login refused for %s" % login)
    # Odoo answers the login either with a redirect or with a page that redirects
    # by script: open the backend to land where the browser would.
    backend = session.get(url + "/web", timeout=120)
    if "/web/login" in backend.url:
        raise AssertionError("no session after logging in as %s" % login)
    return session, backend


def json_call(session, url, model, method, args=None, kwargs=None):
    """Call a model method through the web client's JSON-RPC route."""
    payload = {"jsonrpc": "2.0", "method": "call", "id": 1, "params": {
        "model": model, "method": method, "args": args or [], "kwargs": kwargs or {}}}
    reply = session.post("%s/web/dataset/call_kw/%s/%s" % (url, model, method),
                         json=payload, timeout=60).json()
    if "error" in reply:
        raise AssertionError(reply["error"])
    return reply["result"]


def odoo_shell(db, code):
    """Run Python in `odoo-bin shell` on db (env is `env`); return what it prints after
    'RESULT ' as JSON (the last such line)."""
    cmd = [VENV_PYTHON, os.path.join(ROOT, "setup", "odoo-bin"), "shell", "-c", CONF,
           "-d", db, "--log-level=warn", "--no-http"]
    done = subprocess.run(cmd, cwd=ROOT, input=code + "\nenv.cr.commit()\n",
                          capture_output=True, text=True, timeout=900)
    lines = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
    assert lines, done.stdout[-2000:] + done.stderr[-3000:]
    return json.loads(lines[-1][len("RESULT "):])


BROWSER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36"


def answer_nps(url, admin, invitation, score, comment=""):
    """Answer an NPS invitation the way the customer does: open the score link of the
    email (the page shows the score chosen and records nothing), read it for two seconds,
    then send the comment with the page's own form (its nonce, the visit's cookie). Then
    run the answer job, which applies the rest (interaction, follow-up, quadrant).
    Returns the reply of the form."""
    survey = invitation["survey_id"][0]
    question = admin.call("survey.question", "search_read", [
        ("cx_nps", "=", True), ("page_id.survey_id", "=", survey)], fields=["page_id"])[0]
    why = admin.call("survey.question", "search_read", [
        ("cx_nps_comment", "=", True), ("page_id.survey_id", "=", survey)], fields=["id"])[0]
    label = admin.call("survey.label", "search", [
        ("question_id", "=", question["id"]), ("cx_nps_score", "=", score)])[0]
    page = question["page_id"][0]
    session = requests.Session()
    session.headers["User-Agent"] = BROWSER_AGENT
    form = session.get("%s/cx_nps/answer/%s/%d" % (url, invitation["token"], score),
                       timeout=60)
    nonce = re.search(r'name="cx_nps_nonce" value="([^"]+)"', form.text).group(1)
    time.sleep(2)  # a person reads the page before sending it
    reply = session.post("%s/cx_nps/submit/%s?via=email_click" % (url, invitation["token"]),
                         data={"page_id": str(page), "token": invitation["token"],
                               "button_submit": "finish", "cx_nps_nonce": nonce,
                               "%d_%d_%d" % (survey, page, question["id"]): str(label),
                               "%d_%d_%d" % (survey, page, why["id"]): comment},
                         allow_redirects=False, timeout=60)
    admin.call("ir.cron", "method_direct_trigger",
               [admin.ref("cx_nps_survey.cron_cx_nps_answers")])
    return reply


def make_user(admin, server, login, groups, **values):
    """A user with these groups (XML ids) and its password equal to its login, logged in
    over XML-RPC."""
    vals = {"name": login, "login": login, "password": login,
            "email": "%s@example.com" % login, "lang": "en_US",
            "groups_id": [(6, 0, [admin.ref(g) for g in groups])]}
    vals.update(values)
    admin.call("res.users", "create", vals)
    return OdooClient(server["url"], server["db"], login, login)


def record_call(client, response_id, outcome, note="", reason_id=False):
    """What an account manager does on a detractor's follow-up: the button opens the
    wizard of the call, which records what was said, the root cause and the outcome."""
    action = client.call("cx.nps.response", "action_followup_%s" % outcome, [response_id])
    assert action["res_model"] == "cx.nps.followup.wizard", action
    wizard = client.call("cx.nps.followup.wizard", "create", {
        "response_id": response_id, "outcome": outcome, "note": note,
        "reason_id": reason_id})
    return client.call("cx.nps.followup.wizard", "action_confirm", [wizard])


def csrf_token(html):
    """The CSRF token of an Odoo page's form."""
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def nps_nonce(html):
    """The nonce of an NPS survey page (the page posts it back with the answer)."""
    return re.search(r'name="cx_nps_nonce" value="([^"]+)"', html).group(1)


def invite_customers(admin, who, label, **campaign):
    """New customers ``who`` (names), a campaign over them sent now, and each one's
    invitation (token read back): what the public-path suites start from. Returns the
    tag, the partner ids, the campaign, the survey, ``{name: invitation}``, the survey's
    NPS and comment questions (with their page) and ``{score: label id}``."""
    tag = uuid.uuid4().hex[:8]
    partners = [admin.call("res.partner", "create", {
        "name": "%s %s %s" % (label, name, tag), "email": "%s-%s@example.com" % (name, tag),
        "customer": True}) for name in who]
    values = {"name": "%s %s" % (label, tag), "partner_domain": "[('id', 'in', %s)]" % partners,
              "window_days": 1, "sample_percent": 100}
    values.update(campaign)
    campaign_id = admin.call("cx.nps.campaign", "create", values)
    admin.call("cx.nps.campaign", "action_schedule", [campaign_id])
    admin.call("cx.nps.campaign", "action_send_now", [campaign_id])
    invitations = admin.call("survey.user_input", "search_read",
                             [("cx_nps_campaign_id", "=", campaign_id)],
                             fields=["token", "survey_id", "partner_id"], order="id")
    assert len(invitations) == len(who)
    by_partner = {inv["partner_id"][0]: inv for inv in invitations}
    survey = invitations[0]["survey_id"][0]
    question = admin.call("survey.question", "search_read",
                          [("cx_nps", "=", True), ("page_id.survey_id", "=", survey)],
                          fields=["page_id"])[0]
    comment = admin.call("survey.question", "search_read",
                         [("cx_nps_comment", "=", True), ("page_id.survey_id", "=", survey)],
                         fields=["page_id"])[0]
    labels = admin.call("survey.label", "search_read", [("question_id", "=", question["id"])],
                        fields=["cx_nps_score"])
    return {"tag": tag, "partners": partners, "campaign": campaign_id, "survey": survey,
            "inv": {name: by_partner[pid] for name, pid in zip(who, partners)},
            "question": question, "comment": comment,
            "label": {lab["cx_nps_score"]: lab["id"] for lab in labels}}
