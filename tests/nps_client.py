"""The NPS answer links as a customer's browser and a link scanner request them, and an
Odoo server of our own to request them from: shared by the suite tests of the answer
path (test_nps_scanner.py, test_reliability_mail.py, test_server_start.py) and the
benchmark bench/nps_scanner_bench.py, which puts this folder on its path; and the
local mail sink with the queue run of the mail tests (test_digest_mail.py too)."""
import os
import re
import socket
import subprocess
import time
import xmlrpc.client

import requests

from helpers import CONF, ROOT, VENV_PYTHON
from helpers import query  # noqa: F401 (the scanner tests and bench read it here)

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36"
SCANNER = "Mozilla/5.0 (compatible; Mimecast URL protect)"
#: seconds a client waits for an answer
TIMEOUT = 60


def client(agent=BROWSER):
    """A client of its own (its own cookies), with this user agent."""
    session = requests.Session()
    session.headers["User-Agent"] = agent
    return session


def nonce_of(html):
    """The nonce of the visit the answer page was issued with (None: no form)."""
    found = re.search(r'name="cx_nps_nonce" value="([^"]+)"', html)
    return found.group(1) if found else None


def confirm(session, url, token, label, nonce):
    """The page's own confirmation of a score (the POST its script sends)."""
    return session.post("%s/cx_nps/confirm/%s?via=email_click" % (url, token),
                        data={"cx_nps_nonce": nonce or "", "answer": str(label)},
                        timeout=TIMEOUT)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_odoo(db, log, workers=0, wait=180):
    """Odoo on ``db`` on a free loopback port through setup/odoo-bin (as setup/run.sh
    starts it), without crons; ``workers`` HTTP workers (0: the threaded server).
    Returns ``(process, url)`` once the login page answers; RuntimeError otherwise."""
    port = free_port()
    cmd = [VENV_PYTHON, "setup/odoo-bin", "-c", CONF, "-d", db, "--db-filter=^%s$" % db,
           "--http-port=%d" % port, "--max-cron-threads=0", "--logfile=%s" % log]
    if workers:
        cmd += ["--workers=%d" % workers, "--longpolling-port=%d" % free_port()]
    proc = subprocess.Popen(cmd, cwd=ROOT)
    url = "http://127.0.0.1:%d" % port
    deadline = time.time() + wait
    while time.time() < deadline and proc.poll() is None:
        try:
            if requests.get(url + "/web/login", timeout=TIMEOUT).status_code == 200:
                return proc, url
        except requests.RequestException:
            time.sleep(0.5)
    stop(proc)
    raise RuntimeError("Odoo did not start on %s; see %s" % (url, log))


def start_mail_sink(port, folder, refuse=False):
    """The local SMTP sink (setup/mail_sink.py) on ``port``, writing what it receives to
    ``folder`` (or refusing every message), once it accepts connections."""
    cmd = [VENV_PYTHON, os.path.join(ROOT, "setup", "mail_sink.py"), "--port", str(port),
           "--dir", folder] + (["--refuse"] if refuse else [])
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 20
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    import pytest
    pytest.fail("the mail sink did not start on port %d" % port)


def process_mail_queue(admin, mail_ids):
    """mail.mail.process_email_queue over XML-RPC (it commits, then returns None, which
    XML-RPC cannot marshal: that one fault is expected)."""
    try:
        admin.call("mail.mail", "process_email_queue", mail_ids)
    except xmlrpc.client.Fault as fault:
        if "cannot marshal None" not in fault.faultString:
            raise


def stop(proc, wait=30):
    """Stop a process we started (terminate, then kill after ``wait`` seconds)."""
    if proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=wait)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=wait)
