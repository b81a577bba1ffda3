"""The whole install, seen from outside: a real server, a real HTTP client."""
import re
import uuid

from helpers import json_call, web_login


def _make_user(admin, groups):
    login = "probe-%s" % uuid.uuid4().hex[:8]
    admin.call("res.users", "create", {
        "name": login, "login": login, "password": login,
        "groups_id": [(6, 0, groups)],
    })
    return login


def _menu_names(session, url):
    menus = json_call(session, url, "ir.ui.menu", "load_menus", [False])
    return [child["name"] for child in menus["children"]]


def test_login_serves_backend_with_compiled_stylesheets(server, admin):
    session, response = web_login(server["url"], server["db"], "admin", "admin")
    assert response.status_code == 200
    assert "/web/login" not in response.url
    css_links = re.findall(r'href="(/web/content/[^"]*web\.assets_backend[^"]*\.css)"',
                           response.text)
    assert css_links, "the backend page links no compiled stylesheet bundle"
    css = "".join(session.get(server["url"] + link, timeout=120).text for link in css_links)
    # A failed lessc run gives a tiny bundle whose body shows the error message.
    assert "lessc" not in css
    assert len(css) > 100000
    assert ".o_main_navbar" in css
    with open(server["log"]) as handle:
        assert "Could not execute command" not in handle.read()


def test_cx_menu_only_for_cx_users(server, admin):
    employee = admin.ref("base.group_user")
    cx_user = admin.ref("cx_experience.group_cx_user")
    insider = _make_user(admin, [employee, cx_user])
    outsider = _make_user(admin, [employee])

    session, _ = web_login(server["url"], server["db"], insider, insider)
    assert "Customer Experience" in _menu_names(session, server["url"])

    session, _ = web_login(server["url"], server["db"], outsider, outsider)
    names = _menu_names(session, server["url"])
    assert "Customer Experience" not in names
    assert "Discuss" in names  # the outsider does see the menus of the apps it has
