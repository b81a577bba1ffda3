"""The KPI digest through the real mail queue, as its reader gets it (issue 14).

A CX manager who reads Spanish asks for a test digest ("Send me a test digest"); the
queue sends it to a local SMTP sink (setup/mail_sink.py). The message the sink received
is checked as a mail client reads it (the chart inline under its Content-ID, Spanish
figures, links to this server), then opened in Chromium the way a mail client shows it
(the cid: image resolved from its part) and screenshotted. Its figure links are
followed by a logged-out browser: the login page, then the figure's records with their
filter in the search bar. Then the buttons: Settings as the administrator, the menu as a
CX manager without the settings.
"""
import base64
import email
import email.policy
import os
import re
import uuid

import pytest

from conftest import backend_page, describe, open_menu, wait_idle
from helpers import make_user
from helpers import query as _q
from nps_client import free_port, process_mail_queue, start_mail_sink, stop

ES = "es_ES"


@pytest.fixture(scope="module")
def sink(admin, tmp_path_factory):
    folder = str(tmp_path_factory.mktemp("digest_mail"))
    port = free_port()
    proc = start_mail_sink(port, folder)
    server_id = admin.call("ir.mail_server", "create", {
        "name": "Digest sink %s" % port, "smtp_host": "127.0.0.1", "smtp_port": port,
        "sequence": 0})
    yield {"folder": folder, "server_id": server_id}
    admin.call("ir.mail_server", "unlink", [server_id])
    stop(proc, wait=10)


@pytest.fixture(scope="module")
def manager(server, admin):
    login = "digest_mgr_%s" % uuid.uuid4().hex[:6]
    client = make_user(admin, server, login, ["cx_experience.group_cx_manager"], lang=ES)
    client.email = "%s@example.com" % login
    return client


@pytest.fixture(scope="module")
def delivered(server, admin, manager, sink):
    """The manager's test digest, sent through the queue to the sink: (digest id, the
    message as received)."""
    # The links of a mail point at web.base.url: this server.
    admin.call("ir.config_parameter", "set_param", "web.base.url", server["url"])
    wizard = manager.call("cx.digest.test", "create", {"kind": "monthly"})
    action = manager.call("cx.digest.test", "action_send", [wizard])
    digest_id = action["res_id"]
    mail_ids = admin.call("cx.digest", "read", [digest_id], ["mail_ids"])[0]["mail_ids"]
    assert len(mail_ids) == 1, "exactly one mail, to the manager"
    _q(server["db"], """UPDATE mail_message SET mail_server_id = %s
                         WHERE id IN (SELECT mail_message_id FROM mail_mail WHERE id = %s)""",
       (sink["server_id"], mail_ids[0]))
    process_mail_queue(admin, mail_ids)
    state = admin.call("mail.mail", "read", mail_ids, ["state"])[0]["state"]
    assert state == "sent", state
    files = sorted(os.listdir(sink["folder"]))
    assert len(files) == 1, files
    with open(os.path.join(sink["folder"], files[0]), "rb") as handle:
        message = email.message_from_binary_file(handle, policy=email.policy.default)
    return digest_id, message


def _html_and_images(message):
    html = next(p for p in message.walk() if p.get_content_type() == "text/html")
    images = {p["Content-ID"].strip("<>"): p for p in message.walk()
              if p.get_content_maintype() == "image" and p["Content-ID"]}
    return html.get_content(), images


def test_the_mail_as_received(delivered, manager, server):
    digest_id, message = delivered
    assert message["To"] == manager.email
    assert str(message["Subject"]).startswith(
        "Mensual: resumen de experiencia del cliente del ")
    kinds = [part.get_content_type() for part in message.walk()]
    html, images = _html_and_images(message)
    if "cid:" in html:  # a chart: sent inline beside the HTML
        assert kinds == ["multipart/mixed", "multipart/related", "multipart/alternative",
                         "text/plain", "text/html", "image/png"], kinds
    else:
        assert kinds == ["multipart/mixed", "multipart/alternative", "text/plain",
                         "text/html"], kinds
    # Spanish texts, Spanish numbers, "sin datos" where there is none; no English left.
    assert "Resumen de prueba" in html and "Actividad" in html
    for english in ("Headline figures", "This period", "Previous period", "no data",
                    "Interactions", "Test digest"):
        assert english not in html, english
    assert not re.search(r">\s*[+-]?\d+\.\d %", html), "an English decimal point"
    # Every cid: the body names is a part of the message: the mail shows its chart.
    cids = set(re.findall(r'src="cid:([^"]+)"', html))
    assert cids == set(images), (cids, set(images))
    # Links point at this server: the figures' drill-downs and the digest itself.
    assert "%s/web#id=%d&amp;model=cx.digest" % (server["url"], digest_id) in html
    for link in re.findall(r'href="([^"]+)"', html):
        assert link.startswith(server["url"] + "/"), link


def test_the_mail_opened_in_chromium(delivered, browser, server, manager, admin,
                                     screenshot_dir):
    """What the reader sees: the body with its inline chart, then a figure's link."""
    digest_id, message = delivered
    html, images = _html_and_images(message)
    for cid, part in images.items():
        html = html.replace("cid:%s" % cid, "data:%s;base64,%s" % (
            part.get_content_type(), base64.b64encode(part.get_content()).decode()))
    context = browser.new_context(viewport={"width": 760, "height": 1000})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.set_content("<html><body>%s</body></html>" % html)
    if images:
        # the chart is drawn (a real PNG of its size), not a broken image
        size = page.evaluate("""() => { const i = document.querySelector('img');
                                        return [i.naturalWidth, i.naturalHeight]; }""")
        assert size == [560, 210], size
    page.screenshot(path=os.path.join(screenshot_dir, "digest_mail_es.png"), full_page=True)
    assert errors == []
    links = [a for a in page.eval_on_selector_all(
        "a[href]", "els => els.map(e => e.href)") if "/cx_experience/digest/" in a]
    has_headline = admin.call("ir.model", "search_count", [("model", "=", "cx.headline")])
    if has_headline:
        assert links, "the headline figures link to their records"
    context.close()
    if not links:
        return
    # A reader not logged in follows the first figure's link: Odoo's login, then the
    # records behind the figure, with their filter shown in the search bar.
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.cx_errors = []
    page.on("pageerror", lambda error: page.cx_errors.append(str(error)))
    page.goto(links[0])
    page.fill("input[name=login]", manager.login)
    page.fill("input[name=password]", manager.password)
    page.click("button[type=submit]")
    page.wait_for_selector(".o_searchview_facet", timeout=90000)
    wait_idle(page)
    assert page.cx_errors == [], describe(page)
    page.screenshot(path=os.path.join(screenshot_dir, "digest_link_es.png"))
    context.close()


def _digest_form_shown(page):
    page.wait_for_selector(".o_form_view .o_field_widget[name=body_display]", timeout=90000)
    wait_idle(page)
    text = page.inner_text(".o_form_view")
    assert page.cx_errors == [], describe(page)
    return text


def test_send_me_a_test_from_the_settings_as_administrator(browser, server, admin,
                                                           screenshot_dir):
    before = admin.call("cx.digest", "search", [("test_user_id", "!=", False)])
    page = backend_page(browser, server, "admin", "admin")
    page.goto("%s/web#action=base_setup.action_general_configuration" % server["url"])
    page.click(".settings_tab .tab[data-key=cx_experience]", timeout=90000)
    button = page.locator("button[name=action_cx_digest_send_test]")
    button.wait_for(timeout=90000)
    button.scroll_into_view_if_needed()
    page.screenshot(path=os.path.join(screenshot_dir, "digest_settings_button.png"))
    button.click()
    text = _digest_form_shown(page)
    assert "Administrator" in text  # the test went to the administrator alone
    after = admin.call("cx.digest", "search_read", [("test_user_id", "!=", False),
                                                    ("id", "not in", before)],
                       fields=["mail_ids", "kind"])
    assert len(after) == 1 and len(after[0]["mail_ids"]) == 1 and after[0]["kind"] == "weekly"
    page.screenshot(path=os.path.join(screenshot_dir, "digest_test_admin.png"), full_page=True)
    page.context.close()


def test_send_me_a_test_from_the_menu_as_manager(browser, server, admin, manager,
                                                 screenshot_dir):
    page = backend_page(browser, server, manager.login, manager.password)
    open_menu(page, "cx_experience.menu_cx_root")
    open_menu(page, "cx_experience.menu_cx_digest")
    page.click("a[data-menu-xmlid='cx_experience.menu_cx_digest_test']")
    page.wait_for_selector(".modal button[name=action_send]", timeout=60000)
    page.screenshot(path=os.path.join(screenshot_dir, "digest_test_wizard_es.png"))
    page.click(".modal button[name=action_send]")
    text = _digest_form_shown(page)
    assert "Prueba enviada a" in text and "Actividad" in text
    page.screenshot(path=os.path.join(screenshot_dir, "digest_test_manager_es.png"),
                    full_page=True)
    page.context.close()
