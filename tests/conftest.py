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


def _wait_until_up(proc, url, timeout):
    """Whether the server at url answers its login page before timeout seconds."""
    import requests
    deadline = time.time() + timeout
    while time.time() < deadline and proc.poll() is None:
        try:
            # The first request loads the registry: it may take a while.
            if requests.get(url + "/web/login", timeout=60).status_code == 200:
                return True
        except requests.RequestException:
            time.sleep(0.5)
    return False


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
    if not _wait_until_up(proc, url, timeout=180):
        proc.kill()
        pytest.fail("Odoo did not answer on %s within 180 s (exit code %s); see %s"
                    % (url, proc.poll(), log))
    yield {"url": url, "log": str(log), "db": database}
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="session")
def admin(server):
    return OdooClient(server["url"], server["db"], "admin", "admin")


CHROMIUM = os.environ.get("CX_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (never a browser Playwright downloads)."""
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def screenshot_dir():
    folder = os.path.join(os.environ.get("CX_ARTIFACTS") or os.path.join(ROOT, "test-artifacts"),
                          "screenshots")
    os.makedirs(folder, exist_ok=True)
    return folder


def backend_page(browser, server, login, password, width=1400, height=900):
    """A new browser page logged into the backend as that user."""
    context = browser.new_context(viewport={"width": width, "height": height}, locale="en-US")
    page = context.new_page()
    page.goto("%s/web/login?db=%s" % (server["url"], server["db"]))
    page.fill("input[name=login]", login)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_selector("#oe_main_menu_navbar", timeout=90000)
    return page


def open_menu(page, xmlid):
    """Click a menu of the Odoo 11 community navbar or side bar by its XML id."""
    page.click("a[data-menu-xmlid='%s']" % xmlid)
    page.wait_for_selector(".o_view_manager_content > div", timeout=60000)
