"""Every menu entry of the suite opened in Chromium, in Spanish, as the administrator
(with invoicing rights) and as a CX manager without them (issue 14).

The entries are the menus our addons add (found from ir.model.data, not a list written
by hand), each as the user sees them: a menu the user may not see is not tried. A screen
fails on a server error dialog, a JavaScript error, an error in the server log while it
opened, or when it stays empty: no content at all, or no rows of data while its action
has no help text to explain why. Screenshots: screenshots/menus_<who>_<menu>.png.
"""
import os
import uuid

import pytest

from conftest import _log_errors, backend_page, describe, goto_view, open_menu, wait_idle
from helpers import make_user

ADDONS = ["cx_experience", "cx_nps_survey", "cx_sla", "cx_sla_nps"]

# Screens known to fail, each with its reason and who fixes it: the test then reports
# them as an expected failure that names them, and fails on anything else.
KNOWN = {}

# What the content of a screen holds once drawn: rows of data, or a help text.
_CONTENT = """() => {
    const content = document.querySelector('.o_main_content .o_content');
    if (!content) { return {text: 0, data: 0, help: false}; }
    const data = content.querySelectorAll(
        '.o_data_row, .o_kanban_record:not(.o_kanban_ghost), .o_pivot td.o_pivot_cell_value, '
        + '.o_graph_svg_container svg .nv-group *, .o_graph_svg_container svg .nv-pie *, '
        + 'canvas, .o_form_view, .o_settings_container, .o_cx_dashboard');
    return {
        text: content.innerText.trim().length,
        data: data.length,
        help: !!content.querySelector('.oe_view_nocontent, .o_view_nocontent'),
    };
}"""


def _menus(admin):
    """(xmlid, menu id, action reference) of every menu of our addons with an action,
    in menu order."""
    data = admin.call("ir.model.data", "search_read",
                      [("model", "=", "ir.ui.menu"), ("module", "in", ADDONS)],
                      fields=["module", "name", "res_id"])
    xmlids = {row["res_id"]: "%s.%s" % (row["module"], row["name"]) for row in data}
    menus = admin.call("ir.ui.menu", "search_read", [("id", "in", list(xmlids))],
                       fields=["action", "complete_name"], order="parent_left",
                       context={"ir.ui.menu.full_list": True})
    return [(xmlids[m["id"]], m["id"], m["action"]) for m in menus if m["action"]]


def _has_help(admin, action):
    model, action_id = action.split(",")
    if model != "ir.actions.act_window":
        return False
    help_text = admin.call(model, "read", [int(action_id)], ["help"])[0]["help"] or ""
    return bool(help_text.strip())


def _settings_drawn(page, timeout=60000):
    """Odoo 11's settings form has no breadcrumb (wait_idle waits for one): wait for
    its sections instead, and fail on a dialog."""
    page.wait_for_selector(".o_main_content .o_content .o_form_view", timeout=timeout)
    page.wait_for_function("""() => !document.body.classList.contains('o_ui_blocked')""",
                           timeout=timeout)
    page.wait_for_timeout(500)
    if page.locator(".modal.in .modal-dialog").count():
        raise AssertionError("a dialog opened in the web client\n%s" % describe(page))


def _wizard_drawn(page, url, timeout=60000):
    """A menu whose action opens in a dialog (a wizard such as "Send me a test
    digest"): its form must draw in the dialog, with no error inside; then close it."""
    page.goto(url)
    page.wait_for_selector(".modal.in .modal-dialog .o_form_view", timeout=timeout)
    page.wait_for_function("""() => !document.body.classList.contains('o_ui_blocked')""",
                           timeout=timeout)
    page.wait_for_timeout(500)
    dialog = page.locator(".modal.in .modal-dialog")
    if dialog.locator(".o_error_detail, .o_dialog_warning").count() or dialog.count() != 1:
        raise AssertionError("an error dialog opened in the web client\n%s" % describe(page))
    return "wizard"


def _home(page, server):
    """Back to a known screen after a failure (a dialog, a screen that never drew)."""
    page.goto("%s/web" % server["url"])
    page.wait_for_selector("#oe_main_menu_navbar", timeout=90000)
    page.wait_for_timeout(1000)


def _open(page, server, admin, menu_id, action, xmlid):
    """Open the menu's action; a server action (a download, a recompute) by a click on
    the menu in the app's side bar."""
    model, action_id = action.split(",")
    url = "%s/web#menu_id=%d&action=%s" % (server["url"], menu_id, action_id)
    if model == "ir.actions.act_window":
        read = admin.call(model, "read", [int(action_id)], ["res_model", "target"])[0]
        res_model = read["res_model"]
        if read["target"] == "new":
            return _wizard_drawn(page, url)
        if res_model == "res.config.settings":
            page.goto(url)
            _settings_drawn(page)
            return "settings"
        goto_view(page, url)
        return "view"
    open_menu(page, "cx_experience.menu_cx_root")
    link = page.locator("a[data-menu-xmlid='%s']" % xmlid)
    if "export" in xmlid:
        with page.expect_download(timeout=120000) as download:
            link.click()
        assert download.value.suggested_filename.endswith(".xlsx"), xmlid
        wait_idle(page)
        return "download"
    link.click()
    page.wait_for_load_state("load", timeout=120000)
    page.wait_for_selector("#oe_main_menu_navbar", timeout=120000)
    wait_idle(page, timeout=120000)
    return "reload"


def _check(failures):
    """Fail on any failure but the known ones; the known ones alone are an expected
    failure that names them."""
    def menu(failure):
        return failure.split()[1].rstrip(":")

    unknown = [f for f in failures if menu(f) not in KNOWN]
    assert unknown == [], "\n\n".join(unknown)
    known = sorted({menu(f) for f in failures})
    if known:
        pytest.xfail("; ".join("%s: %s" % (xmlid, KNOWN[xmlid]) for xmlid in known))


def _walk(page, who, server, admin, menus, screenshot_dir):
    failures = []
    log = server["log"]
    for xmlid, menu_id, action in menus:
        start = os.path.getsize(log) if os.path.exists(log) else 0
        page.cx_errors[:] = []
        shot = os.path.join(screenshot_dir, "menus_%s_%s.png" % (who, xmlid.replace(".", "_")))
        try:
            kind = _open(page, server, admin, menu_id, action, xmlid)
        except Exception as error:  # a dialog, a timeout: report it and go on
            failures.append("%s %s: %s\n%s" % (who, xmlid, str(error).splitlines()[0],
                                               describe(page)))
            page.screenshot(path=shot)
            _home(page, server)
            continue
        page.screenshot(path=shot)
        if page.cx_errors:
            failures.append("%s %s: JavaScript errors %s" % (who, xmlid, page.cx_errors))
        errors = [e for e in _log_errors(log, start) if " ERROR " in e or " CRITICAL " in e]
        if errors:
            failures.append("%s %s: server errors\n%s" % (who, xmlid, "\n".join(errors)[:3000]))
        if kind in ("settings", "wizard"):
            _home(page, server)  # no breadcrumb there: the next screen's wait needs one
        if kind != "view":
            continue
        content = page.evaluate(_CONTENT)
        if not content["text"] and not content["data"]:
            failures.append("%s %s: the screen stays empty" % (who, xmlid))
        elif not content["data"] and not content["help"] and not _has_help(admin, action):
            failures.append("%s %s: no data and no help text" % (who, xmlid))
    return failures


@pytest.fixture(scope="module")
def menus(admin):
    found = _menus(admin)
    assert len(found) > 30  # the suite's menus, not an empty search
    return found


@pytest.fixture(scope="module")
def spanish_admin(admin):
    """The administrator reads Spanish for this test, and English again afterwards."""
    uid = admin.call("res.users", "search", [("login", "=", "admin")])[0]
    lang = admin.call("res.users", "read", [uid], ["lang"])[0]["lang"]
    admin.call("res.users", "write", [uid], {"lang": "es_ES"})
    yield uid
    admin.call("res.users", "write", [uid], {"lang": lang})


def test_admin_opens_every_menu(browser, server, admin, menus, spanish_admin,
                                screenshot_dir):
    groups = admin.call("res.users", "read", [spanish_admin], ["groups_id"])[0]["groups_id"]
    assert admin.ref("account.group_account_invoice") in groups  # with invoicing rights
    page = backend_page(browser, server, "admin", "admin")
    try:
        failures = _walk(page, "admin", server, admin, menus, screenshot_dir)
    finally:
        page.context.close()
    _check(failures)


def test_cx_manager_opens_every_menu_it_sees(browser, server, admin, menus, screenshot_dir):
    login = "menus_cx_manager_%s" % uuid.uuid4().hex[:6]
    client = make_user(admin, server, login, ["cx_experience.group_cx_manager"],
                       lang="es_ES")
    uid = admin.call("res.users", "search", [("login", "=", login)])[0]
    groups = admin.call("res.users", "read", [uid], ["groups_id"])[0]["groups_id"]
    assert admin.ref("account.group_account_invoice") not in groups  # no invoicing rights
    visible = set(client.call("ir.ui.menu", "search", [("id", "in", [m[1] for m in menus])]))
    mine = [m for m in menus if m[1] in visible]
    assert len(mine) > 20, "a CX manager sees the suite's menus"
    page = backend_page(browser, server, login, login)
    try:
        failures = _walk(page, "cx_manager", server, admin, mine, screenshot_dir)
    finally:
        page.context.close()
    _check(failures)
