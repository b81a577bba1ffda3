"""Fixtures for the suite tests: a real Odoo server on a free port, real clients.

The tests run in the Python 3.11 venv (.venv-browser); the server runs in the
Odoo venv (.venv) against the throwaway database that setup/test.sh created.
"""
import os
import socket
import subprocess
import time

import pytest

from helpers import OdooClient, ROOT, VENV_PYTHON, CONF


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def database():
    name = os.environ.get("CX_TEST_DB")
    if not name:
        pytest.fail("CX_TEST_DB is not set: run the suite through setup/test.sh")
    return name


@pytest.fixture(scope="session")
def server(database, tmp_path_factory):
    """Start Odoo on a free port and yield its base URL; stop it afterwards."""
    port = _free_port()
    log = tmp_path_factory.mktemp("odoo") / "server.log"
    artifacts = os.environ.get("CX_ARTIFACTS")
    if artifacts:
        log = os.path.join(artifacts, "server.log")
    cmd = [VENV_PYTHON, os.path.join(ROOT, "setup", "odoo-bin"), "-c", CONF,
           "-d", database, "--db-filter=^%s$" % database, "--http-port=%d" % port,
           "--logfile=%s" % log, "--max-cron-threads=0"]
    proc = subprocess.Popen(cmd, cwd=ROOT)
    url = "http://127.0.0.1:%d" % port
    deadline = time.time() + 120
    import requests
    while time.time() < deadline:
        if proc.poll() is not None:
            pytest.fail("Odoo exited with %s; see %s" % (proc.returncode, log))
        try:
            if requests.get(url + "/web/login", timeout=5).status_code == 200:
                break
        except requests.ConnectionError:
            time.sleep(0.5)
    else:
        proc.kill()
        pytest.fail("Odoo did not answer on %s within 120 s" % url)
    yield {"url": url, "log": str(log), "db": database}
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="session")
def admin(server):
    return OdooClient(server["url"], server["db"], "admin", "admin")
