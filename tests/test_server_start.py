"""How setup/run.sh serves: Odoo's prefork server with two HTTP workers, listening with
a queue of 1,024 connections (setup/prefork_backlog.py) instead of Odoo 11's 8 per
worker, so that a burst of clients waits in order instead of being dropped."""
import concurrent.futures
import os
import re
import subprocess
import time

import pytest
import requests

from conftest import _free_port, _wait_until_up
from helpers import CONF, ROOT, VENV_PYTHON


def _listen_queue(port):
    """The listen backlog of the socket on ``port`` (ss: Send-Q of a listening socket)."""
    out = subprocess.run(["ss", "-ltnH", "sport = :%d" % port], capture_output=True,
                         text=True, check=True).stdout.split()
    return int(out[2]) if out else None


def test_run_sh_starts_odoo_with_two_workers_and_a_long_listen_queue():
    run_sh = open(os.path.join(ROOT, "setup", "run.sh")).read()
    env_sh = open(os.path.join(ROOT, "setup", "env.sh")).read()
    assert re.search(r'--workers="\$CX_WORKERS"', run_sh)
    assert 'CX_WORKERS="${CX_WORKERS:-2}"' in env_sh
    assert 'ODOO=("$CX_VENV/bin/python" setup/odoo-bin' in run_sh


def test_prefork_server_queues_a_burst_of_clients(server, tmp_path):
    port, longpolling = _free_port(), _free_port()
    log = str(tmp_path / "workers.log")
    proc = subprocess.Popen([
        VENV_PYTHON, os.path.join(ROOT, "setup", "odoo-bin"), "-c", CONF,
        "-d", server["db"], "--db-filter=^%s$" % server["db"], "--http-port=%d" % port,
        "--longpolling-port=%d" % longpolling, "--workers=2", "--max-cron-threads=0",
        "--logfile=%s" % log], cwd=ROOT)
    url = "http://127.0.0.1:%d" % port
    try:
        if not _wait_until_up(proc, url, timeout=180):
            pytest.fail("Odoo with two workers did not start; see %s" % log)
        # Odoo 11 alone would listen with 8 x 2 = 16
        assert _listen_queue(port) == 1024
        assert "HTTP listen backlog: 1024 connections" in open(log).read()
        # 60 clients at once, each its own connection: every one answered
        with concurrent.futures.ThreadPoolExecutor(max_workers=60) as pool:
            replies = list(pool.map(
                lambda _n: requests.get(url + "/web/login", timeout=120).status_code,
                range(60)))
        assert replies == [200] * 60
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
        time.sleep(0.5)
