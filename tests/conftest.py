"""Fixtures for the suite tests: a real Odoo server on a free port, real clients.

The tests run in the Python 3.11 venv (.venv-browser); the server runs in the
Odoo venv (.venv) against the throwaway database that setup/test.sh created.
"""
import os
import re
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
    # In a container /dev/shm is often 64 MB, shared with PostgreSQL's dynamic shared
    # memory: Chromium keeps its shared memory in /tmp instead.
    "--disable-dev-shm-usage",
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
    """A new browser page logged into the backend as that user, once the web client
    has finished its first load (a click during that load may be lost)."""
    context = browser.new_context(viewport={"width": width, "height": height}, locale="en-US")
    page = context.new_page()
    page.cx_errors = []
    log = server.get("log")
    page.cx_log = (log, os.path.getsize(log) if log and os.path.exists(log) else 0)
    page.on("pageerror", lambda error: page.cx_errors.append(str(error)))
    page.goto("%s/web/login?db=%s" % (server["url"], server["db"]))
    page.fill("input[name=login]", login)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_selector("#oe_main_menu_navbar", timeout=90000)
    wait_idle(page)
    return page


# The web client is idle when it waits on no request of its own (the bus's long
# polling does not count: Odoo sends it as a shadow request), the screen is not
# blocked, and the current action has drawn its content. An open dialog ends the
# wait too, so that a server error shows up at once with its text.
_IDLE = """() => {
    const body = document.body;
    if (document.querySelector('.modal.in .modal-dialog')) { return 'dialog'; }
    return !body.classList.contains('oe_wait') && !body.classList.contains('o_ui_blocked')
        && !!document.querySelector('.o_main_content .o_control_panel .breadcrumb li')
        && !!document.querySelector('.o_main_content .o_content > *');
}"""


def describe(page):
    """What the page shows that a failing test should report: dialogs, JS errors."""
    lines = ["url: %s" % page.url]
    try:
        for text in page.locator(".modal.in .modal-dialog").all_inner_texts():
            lines.append("open dialog: %s" % " ".join(text.split())[:2000])
        crumbs = page.locator(".o_control_panel .breadcrumb").all_inner_texts()
        lines.append("breadcrumb: %s" % " / ".join(" ".join(c.split()) for c in crumbs))
    except Exception as error:  # the page may be gone
        lines.append("page not readable: %s" % error)
    lines.extend("JS error: %s" % error for error in getattr(page, "cx_errors", []))
    if getattr(page, "cx_log", None) and page.cx_log[0] and os.path.exists(page.cx_log[0]):
        lines.extend("server exception: %s" % line for line in server_exceptions(*page.cx_log))
    return "\n".join(lines)


def _server_said(page):
    """'; the server said: <its last exception>', for the first line of a failure."""
    log = getattr(page, "cx_log", None)
    found = server_exceptions(*log) if log and log[0] and os.path.exists(log[0]) else []
    return "; the server said: %s" % found[-1] if found else ""


def server_exceptions(log, start):
    """The last line (type and message) of each traceback in the server log after
    offset start: what a server error dialog hides behind "See details"."""
    found = []
    for entry in _log_entries(log, start):
        if " ERROR " in entry[:120] and "Traceback (most recent call last)" in entry:
            last = [line for line in entry.splitlines() if line.strip()][-1]
            found.append("%s (%s)" % (last.strip()[:500], entry.split("\n", 1)[0][:160]))
    return found[-5:]


def wait_idle(page, timeout=60000):
    """Wait until the web client is idle (twice, 300 ms apart: an action may chain
    requests); fail with the dialog's text if a dialog opened instead."""
    for _ in range(2):
        state = page.wait_for_function(_IDLE, timeout=timeout).json_value()
        if state == "dialog":
            raise AssertionError("a dialog opened in the web client%s\n%s"
                                 % (_server_said(page), describe(page)))
        page.wait_for_timeout(300)


def _to_new_view(page, go, timeout):
    """Once the web client is idle, mark the views on screen, ``go()``, then wait for
    the next action's view (not the one already there) and for the client to be idle."""
    wait_idle(page)
    page.evaluate("""() => document.querySelectorAll(
                              '.o_view_manager_content > div, .o_content > .o_cx_dashboard, '
                              + '.o_content > .o_cx_nps_analysis')
                          .forEach(e => e.setAttribute('data-cx-old', '1'))""")
    go()
    # a view, or a client action of ours (the CEM dashboard, the app's landing screen;
    # the NPS analysis)
    try:
        page.wait_for_selector(".o_view_manager_content > div:not([data-cx-old]), "
                               ".o_content > .o_cx_dashboard:not([data-cx-old]), "
                               ".o_content > .o_cx_nps_analysis:not([data-cx-old])",
                               timeout=timeout)
    except Exception as error:
        # The dialog and the server's exception first: a timeout alone says nothing.
        raise AssertionError("no new view within %d s%s\n%s\n%s"
                             % (timeout // 1000, _server_said(page), describe(page), error)
                             ) from error
    wait_idle(page)


def open_menu(page, xmlid, timeout=60000):
    """Click a menu of the Odoo 11 community navbar or side bar by its XML id and wait
    until the view of its action is drawn."""
    _to_new_view(page, lambda: page.click("a[data-menu-xmlid='%s']" % xmlid), timeout)


def goto_view(page, url, timeout=60000):
    """Open a backend URL (/web#...) and wait until its view is drawn. Only the part
    after # changes, so the page is not reloaded: the old view stays until then."""
    _to_new_view(page, lambda: page.goto(url), timeout)


def _log_entries(log, start):
    """The entries of the server log written after offset start."""
    with open(log, errors="replace") as handle:
        handle.seek(start)
        text = handle.read()
    return re.split(r"\n(?=\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ )", text)


def _log_errors(log, start):
    """The warnings and errors of the server log written after offset start; a long
    traceback keeps its head and its tail (where the exception is)."""
    return [entry if len(entry) <= 3000 else entry[:800] + "\n[...]\n" + entry[-2200:]
            for entry in _log_entries(log, start)
            if re.match(r"\S+ \S+ \d+ (WARNING|ERROR|CRITICAL) ", entry)]


@pytest.fixture(autouse=True)
def _server_log_offset(request):
    """Where the server log stood when a test that uses the server started."""
    if "server" in request.fixturenames:
        log = request.getfixturevalue("server")["log"]
        request.node.cx_log = (log, os.path.getsize(log) if os.path.exists(log) else 0)
    yield


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """A failing test that used the server reports the warnings and errors the
    server logged while it ran (the whole log stays in the artifacts folder)."""
    outcome = yield
    report = outcome.get_result()
    if report.when == "call" and report.failed and getattr(item, "cx_log", None):
        errors = _log_errors(*item.cx_log)
        if errors:
            report.sections.append(("server log: warnings and errors", "\n".join(errors[-10:])))
