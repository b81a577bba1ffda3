"""How setup/run.sh serves: Odoo's prefork server with two HTTP workers, listening with
a queue of 1,024 connections (setup/prefork_backlog.py) instead of Odoo 11's 8 per
worker, so that a burst of clients waits in order instead of being dropped."""
import concurrent.futures
import os
import subprocess

import pytest
import requests

from helpers import ROOT
from nps_client import start_odoo, stop


def listen_queue(port):
    """The listen backlog of the socket on ``port`` (ss: Send-Q of a listening socket)."""
    out = subprocess.run(["ss", "-ltnH", "sport = :%d" % port], capture_output=True,
                         text=True, check=True).stdout.split()
    return int(out[2]) if out else None


def test_run_sh_starts_the_prefork_server_through_our_launcher():
    with open(os.path.join(ROOT, "setup", "run.sh")) as handle:
        run_sh = handle.read()
    with open(os.path.join(ROOT, "setup", "env.sh")) as handle:
        env_sh = handle.read()
    assert 'ODOO=("$CX_VENV/bin/python" setup/odoo-bin' in run_sh
    assert '--workers="$CX_WORKERS"' in run_sh
    assert 'CX_WORKERS="${CX_WORKERS:-2}"' in env_sh


def test_prefork_server_queues_a_burst_of_clients(server, tmp_path):
    log = str(tmp_path / "workers.log")
    try:
        proc, url = start_odoo(server["db"], log, workers=2)
    except RuntimeError as error:
        pytest.fail(str(error))
    try:
        # Odoo 11 alone would listen with 8 x 2 = 16
        assert listen_queue(int(url.rsplit(":", 1)[1])) == 1024
        with open(log) as handle:
            assert "HTTP listen backlog: 1024 connections" in handle.read()
        # 60 clients at once, each with a connection of its own: every one answered
        with concurrent.futures.ThreadPoolExecutor(max_workers=60) as pool:
            replies = list(pool.map(
                lambda _n: requests.get(url + "/web/login", timeout=120).status_code,
                range(60)))
        assert replies == [200] * 60
    finally:
        stop(proc)
