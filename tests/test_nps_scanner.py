"""Only answers a person gave: the NPS score links under link scanners, on a real server.

Mail security scanners (Safe Links, Mimecast, Proofpoint...) open every link of an
incoming email, in order or in parallel, with GET or HEAD, and some replay a form POST
later. Here they do that to the links of invitations Odoo queued; nothing they do may
count, and a customer's own answer, given from its browser, must count once and never
be overwritten. Then the job that applies the side effects runs twice, concurrently,
and in a worker killed on the way: each effect happens exactly once.
"""
import concurrent.futures
import os
import re
import signal
import threading
import time
import uuid

import psycopg2
import pytest

from helpers import OdooClient, at_the_same_moment
from nps_client import SCANNER, confirm, start_odoo
from nps_client import client as _client
from nps_client import nonce_of as _nonce
from nps_client import query as _q

LINK = re.compile(r'href="([^"]*/cx_nps/answer/([0-9a-f-]+)/(\d+))"')
HIDDEN = re.compile(r'<a href="([^"]*/cx_nps/open/[0-9a-f-]+)" style="display: none;[^"]*"')


def _apply(admin):
    admin.call("ir.cron", "method_direct_trigger",
               [admin.ref("cx_nps_survey.cron_cx_nps_answers")])


@pytest.fixture(scope="module")
def nps(server, admin):
    """A running campaign (promoter email on) that invited twelve new customers; the
    emails are queued. Links point at this server."""
    admin.call("ir.config_parameter", "set_param", "web.base.url", server["url"])
    tag = uuid.uuid4().hex[:8]
    partners = [admin.call("res.partner", "create", {
        "name": "Scanner %s %02d" % (tag, i), "email": "scan-%s-%d@example.com" % (tag, i),
        "customer": True, "lang": "es_ES"}) for i in range(12)]
    campaign = admin.call("cx.nps.campaign", "create", {
        "name": "Scanners %s" % tag, "window_days": 1, "sample_percent": 100,
        "partner_domain": "[('id', 'in', %s)]" % partners,
        "promoter_template_id": admin.ref("cx_nps_survey.mail_template_nps_promoter")})
    admin.call("cx.nps.campaign", "action_schedule", [campaign])
    admin.call("cx.nps.campaign", "action_send_now", [campaign])
    rows = _q(server["db"], """
        SELECT ui.id, ui.token, ui.partner_id, mm.body_html FROM survey_user_input ui
          JOIN mail_message msg ON msg.model = 'survey.user_input' AND msg.res_id = ui.id
          JOIN mail_mail mm ON mm.mail_message_id = msg.id
         WHERE ui.cx_nps_campaign_id = %s ORDER BY ui.partner_id""", (campaign,))
    assert len(rows) == 12
    invitations = []
    for input_id, token, partner, body in rows:
        links = {int(score): url for url, _token, score in LINK.findall(body)}
        assert sorted(links) == list(range(11))
        hidden = HIDDEN.findall(body)
        assert len(hidden) == 1, "one hidden link in each email"
        invitations.append({"id": input_id, "token": token, "partner": partner,
                            "links": links, "honeypot": hidden[0]})
    survey = admin.call("survey.user_input", "read", [rows[0][0]], ["survey_id"])[0][
        "survey_id"][0]
    question = admin.call("survey.question", "search_read", [
        ("cx_nps", "=", True), ("page_id.survey_id", "=", survey)], fields=["page_id"])[0]
    why = admin.call("survey.question", "search_read", [
        ("cx_nps_comment", "=", True), ("page_id.survey_id", "=", survey)], fields=["id"])[0]
    labels = admin.call("survey.label", "search_read", [("question_id", "=", question["id"])],
                        fields=["cx_nps_score"])
    page = question["page_id"][0]
    return {"tag": tag, "campaign": campaign, "inv": invitations, "survey": survey,
            "page": page, "label": {lab["cx_nps_score"]: lab["id"] for lab in labels},
            "nps_tag": "%d_%d_%d" % (survey, page, question["id"]),
            "why_tag": "%d_%d_%d" % (survey, page, why["id"])}


def _answer_state(db, invitation):
    """What an answer leaves on one token: state, lines, response."""
    return (_q(db, "SELECT state FROM survey_user_input WHERE id = %s", (invitation["id"],)),
            _q(db, "SELECT count(*) FROM survey_user_input_line WHERE user_input_id = %s",
               (invitation["id"],)),
            _q(db, "SELECT score, comment FROM cx_nps_response WHERE user_input_id = %s",
               (invitation["id"],)))


NOTHING = ([("new",)], [(0,)], [])


def _audit(db, invitation):
    return _q(db, """SELECT kind, verdict, reason FROM cx_nps_answer_audit
                      WHERE user_input_id = %s ORDER BY id""", (invitation["id"],))


def _confirm(client, url, invitation, label, nonce):
    reply = confirm(client, url, invitation["token"], label, nonce)
    assert reply.status_code == 200, reply.text[:2000]
    return reply.json()


def test_scanner_patterns_count_nothing(server, admin, nps):
    db, url = server["db"], server["url"]
    in_order, parallel, head, honeypot = nps["inv"][:4]
    # 1. the eleven links one after another, like a browser would (no scanner agent):
    # the third different score within seconds is a burst
    scanner = _client()
    pages = [scanner.get(in_order["links"][score], timeout=60) for score in range(11)]
    assert all(page.status_code == 200 for page in pages)
    # 2. the eleven links at the same moment
    with concurrent.futures.ThreadPoolExecutor(max_workers=11) as pool:
        replies = list(pool.map(lambda s: _client().get(parallel["links"][s], timeout=60),
                                range(11)))
    assert all(reply.status_code == 200 for reply in replies)
    # 3. HEAD of every link, with a scanner's user agent
    for score in range(11):
        reply = _client(SCANNER).head(head["links"][score], timeout=60)
        assert reply.status_code == 200 and not reply.content
    # 4. the hidden link, then a score right after it
    hidden_client = _client()
    assert hidden_client.get(honeypot["honeypot"], timeout=60).status_code == 200
    hidden_page = hidden_client.get(honeypot["links"][10], timeout=60)
    # scanners that run the page's script confirm the page they got, with its cookie
    # and nonce, after the two seconds a person would take: refused all the same
    time.sleep(2)
    first, last = pages[0], pages[-1]
    reply = _confirm(scanner, url, in_order, nps["label"][10], _nonce(last.text))
    assert (reply["counted"], reply["reason"]) == (False, "burst")
    reply = _confirm(scanner, url, in_order, nps["label"][0], _nonce(first.text))
    assert (reply["counted"], reply["reason"]) == (False, "burst")
    reply = _confirm(_client(), url, parallel, nps["label"][5], None)
    assert (reply["counted"], reply["reason"]) == (False, "no_cookie")
    reply = _confirm(hidden_client, url, honeypot, nps["label"][10], _nonce(hidden_page.text))
    assert (reply["counted"], reply["reason"]) == (False, "honeypot")
    # a scanner's agent is refused whatever it sends
    agent = _client(SCANNER)
    page = agent.get(parallel["links"][3], timeout=60)
    time.sleep(2)
    reply = _confirm(agent, url, parallel, nps["label"][3], _nonce(page.text))
    assert (reply["counted"], reply["reason"]) == (False, "agent")
    # nothing counted: no line, no response, no state change
    for invitation in (in_order, parallel, head, honeypot):
        assert _answer_state(db, invitation) == NOTHING, invitation
    # and the log says why, per request
    reasons = [r for _k, v, r in _audit(db, in_order) if v == "automated"]
    assert reasons.count("burst") >= 9 + 2, reasons  # 9 of the 11 pages, 2 confirmations
    assert _audit(db, head) == [("head", "automated", "head")] * 11
    assert _audit(db, honeypot)[:2] == [("honeypot", "automated", "honeypot"),
                                        ("view", "automated", "honeypot")]
    kinds = [k for k, _v, _r in _audit(db, parallel)]
    assert kinds.count("view") == 12 and kinds.count("confirm") == 2
    # the campaign's figure: four invitations opened by a scanner
    manager = admin.call("cx.nps.campaign", "read", [nps["campaign"]],
                         ["scanner_link_count", "blocked_request_count", "response_count"])[0]
    assert manager["scanner_link_count"] == 4
    assert manager["response_count"] == 0
    # in order: 9 pages and 2 confirmations; HEAD: 11; hidden link: 3; parallel: the
    # scanner agent's page and 2 confirmations, plus the pages that saw the others
    assert manager["blocked_request_count"] >= 11 + 11 + 3 + 3


def test_customer_answer_survives_replays(server, admin, nps):
    db, url = server["db"], server["url"]
    invitation = nps["inv"][4]
    customer = _client()
    page = customer.get(invitation["links"][7], timeout=60)
    assert "Tu puntuación:" in page.text or "Your score:" in page.text
    nonce = _nonce(page.text)
    # the page confirms once it was seen (its script waits 2 s)
    time.sleep(2)
    reply = _confirm(customer, url, invitation, nps["label"][7], nonce)
    assert (reply["counted"], reply["reason"]) == (True, "first")
    assert reply["nonce"] and reply["nonce"] != nonce
    after = _answer_state(db, invitation)
    assert after[2] == [(7, None)] and after[0] == [("done",)]
    # a scanner replays the customer's POST from another client
    time.sleep(1)
    other = _client()
    reply = _confirm(other, url, invitation, nps["label"][0], nonce)
    assert (reply["counted"], reply["reason"]) == (False, "no_cookie")
    # ... with the customer's cookies too: the nonce is single use
    replay = _client()
    replay.cookies.update(customer.cookies)
    reply = _confirm(replay, url, invitation, nps["label"][0], nonce)
    assert (reply["counted"], reply["reason"]) == (False, "replay")
    # ... a visit of its own: the link thanks it, its forged nonce counts nothing
    thanks = other.get(invitation["links"][0], timeout=60)
    assert thanks.status_code == 200 and not _nonce(thanks.text)
    assert "Gracias" in thanks.text or "Thank you" in thanks.text
    reply = _confirm(other, url, invitation, nps["label"][0], nonce.replace("0.", "1.", 1))
    assert reply["counted"] is False
    # survey's own submit route, replayed without the page's nonce
    reply = other.post("%s/survey/submit/%d" % (url, nps["survey"]), data={
        "page_id": str(nps["page"]), "token": invitation["token"], "button_submit": "finish",
        nps["nps_tag"]: str(nps["label"][0]), nps["why_tag"]: "replayed"}, timeout=60)
    assert reply.status_code in (200, 400)
    assert _answer_state(db, invitation) == after


def test_customer_corrects_and_the_loop_follows(server, admin, nps):
    db, url = server["db"], server["url"]
    invitation = nps["inv"][5]
    partner = invitation["partner"]
    customer = _client()
    page = customer.get(invitation["links"][2], timeout=60)
    time.sleep(2)
    reply = _confirm(customer, url, invitation, nps["label"][2], _nonce(page.text))
    assert reply["counted"]
    # the answer alone is recorded: the rest waits for the job
    response = admin.call("cx.nps.response", "search_read", [
        ("user_input_id", "=", invitation["id"])], fields=["cx_todo", "followup_state"])[0]
    assert (response["cx_todo"], response["followup_state"]) == (True, False)
    _apply(admin)
    rows = admin.call("cx.nps.response", "read", [response["id"]],
                      ["followup_state", "cx_todo", "interaction_id"])[0]
    assert (rows["followup_state"], rows["cx_todo"]) == ("open", False)
    activities = [("res_model", "=", "cx.nps.response"), ("res_id", "=", response["id"])]
    assert admin.call("mail.activity", "search_count", activities) == 1
    assert admin.call("res.partner", "read", [partner], ["cx_satisfaction_index"])[0][
        "cx_satisfaction_index"] == 20.0
    # the customer changes its mind on the page: 9 (the next nonce of its visit)
    reply = _confirm(customer, url, invitation, nps["label"][9], reply["nonce"])
    assert (reply["counted"], reply["reason"]) == (True, "correction")
    _apply(admin)
    rows = admin.call("cx.nps.response", "read", [response["id"]],
                      ["score", "followup_state", "promoter_mail_sent", "interaction_id"])[0]
    assert (rows["score"], rows["followup_state"], rows["promoter_mail_sent"]) == (
        9, "cancelled", False)
    assert admin.call("mail.activity", "search_count", activities) == 0
    partner_row = admin.call("res.partner", "read", [partner], [
        "cx_satisfaction_index", "cx_quadrant", "cx_nps_last_score"])[0]
    assert (partner_row["cx_satisfaction_index"], partner_row["cx_quadrant"],
            partner_row["cx_nps_last_score"]) == (90.0, "growth", 9)
    assert admin.call("cx.interaction", "read", [rows["interaction_id"][0]], ["score"])[0][
        "score"] == 9.0
    # then the comment and the submit button, without script (a plain form POST)
    data = {"page_id": str(nps["page"]), "token": invitation["token"],
            "button_submit": "finish", nps["nps_tag"]: str(nps["label"][9]),
            nps["why_tag"]: "Me resolvieron todo", "cx_nps_nonce": reply["nonce"]}
    done = customer.post("%s/cx_nps/submit/%s?via=email_click" % (url, invitation["token"]),
                         data=data, allow_redirects=False, timeout=60)
    assert done.status_code == 303, done.text[:2000]
    thanks = customer.get(url + done.headers["Location"].split(url)[-1], timeout=60)
    assert thanks.status_code == 200 and "jumbotron" in thanks.text
    mails = [("model", "=", "cx.nps.response"), ("res_id", "=", response["id"])]
    assert admin.call("mail.mail", "search_count", mails) == 0
    _apply(admin)
    _apply(admin)
    # final promoter: one thank-you email, once
    assert admin.call("mail.mail", "search_count", mails) == 1
    rows = admin.call("cx.nps.response", "read", [response["id"]],
                      ["score", "comment", "promoter_mail_sent"])[0]
    assert (rows["score"], rows["comment"], rows["promoter_mail_sent"]) == (
        9, "Me resolvieron todo", True)
    # the answer is final: the same browser on the link is thanked, and cannot change it
    again = customer.get(invitation["links"][0], timeout=60)
    assert again.status_code == 200 and not _nonce(again.text)
    assert _q(db, "SELECT score FROM cx_nps_response WHERE id = %s", (response["id"],)) == [(9,)]


def test_pages_say_why_in_the_customer_language(server, admin, nps):
    url = server["url"]
    expired, paused_one = nps["inv"][6], nps["inv"][7]
    admin.call("survey.user_input", "write", [expired["id"]], {
        "date_create": "2020-01-01 00:00:00", "deadline": "2020-02-01 00:00:00"})
    page = _client().get(expired["links"][8], timeout=60)
    assert page.status_code == 400 and "caducado" in page.text
    assert _nonce(page.text) is None
    # a paused campaign records nothing and says so (then it runs again)
    admin.call("cx.nps.campaign", "action_pause", [nps["campaign"]])
    try:
        page = _client().get(paused_one["links"][8], timeout=60)
        assert page.status_code == 403 and "cerrada" in page.text
    finally:
        admin.call("cx.nps.campaign", "action_resume", [nps["campaign"]])
    # the hidden link, if a person ever opens it, points to the scores
    page = _client().get(paused_one["honeypot"], timeout=60)
    assert page.status_code == 200 and "puntuaciones de nuestro correo" in page.text
    # an unknown token: 404, nothing about anybody
    page = _client().get("%s/cx_nps/answer/%s/5" % (url, uuid.uuid4()), timeout=60)
    assert page.status_code == 404 and nps["tag"] not in page.text


def _prepare_answers(server, nps, invitations, scores):
    """Each customer opens its link and its page confirms (one wait for all)."""
    clients, pages = [], []
    for invitation, score in zip(invitations, scores):
        client = _client()
        clients.append(client)
        pages.append(client.get(invitation["links"][score], timeout=60))
    time.sleep(2)
    for client, page, invitation, score in zip(clients, pages, invitations, scores):
        assert _confirm(client, server["url"], invitation, nps["label"][score],
                        _nonce(page.text))["counted"]


def _effects(db, invitations):
    """Per token: flag, interactions, follow-up activities, promoter emails."""
    return _q(db, """
        SELECT r.user_input_id, r.cx_todo,
               (SELECT count(*) FROM cx_interaction i
                 WHERE i.res_model = 'cx.nps.response' AND i.res_id = r.id),
               (SELECT count(*) FROM mail_activity a
                 WHERE a.res_model = 'cx.nps.response' AND a.res_id = r.id),
               (SELECT count(*) FROM mail_message m
                 WHERE m.model = 'cx.nps.response' AND m.res_id = r.id
                   AND m.message_type = 'email')
          FROM cx_nps_response r WHERE r.user_input_id = ANY(%s)
         ORDER BY r.user_input_id""", ([i["id"] for i in invitations],))


def test_job_twice_and_concurrently(server, admin, nps):
    db = server["db"]
    invitations = nps["inv"][8:10]
    _prepare_answers(server, nps, invitations, [1, 8])
    assert [row[1:] for row in _effects(db, invitations)] == [(True, 0, 0, 0)] * 2
    clients = [admin, OdooClient(server["url"], db, "admin", "admin")]
    errors = at_the_same_moment(clients, _apply, timeout=300)
    assert not errors
    # detractor 1: interaction and call-back once; passive 8: interaction only
    expected = [(False, 1, 1, 0), (False, 1, 0, 0)]
    assert [row[1:] for row in _effects(db, invitations)] == expected
    _apply(admin)
    _apply(admin)
    assert [row[1:] for row in _effects(db, invitations)] == expected


def _start_worker(db, log):
    """A second Odoo on the same database (the worker this test kills)."""
    try:
        return start_odoo(db, log)
    except RuntimeError as error:
        pytest.fail(str(error))


def test_worker_killed_between_answer_and_job(server, admin, nps, tmp_path):
    db = server["db"]
    first, second = nps["inv"][10:12]
    # 1. the answer goes through a worker that dies right after it (kill -9)
    proc, url = _start_worker(db, str(tmp_path / "killed.log"))
    try:
        client = _client()
        page = client.get(first["links"][0].replace(server["url"], url), timeout=60)
        time.sleep(2)
        assert _confirm(client, url, first, nps["label"][0], _nonce(page.text))["counted"]
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    assert [row[1:] for row in _effects(db, [first])] == [(True, 0, 0, 0)]
    # the job of another worker applies it, once
    _apply(admin)
    _apply(admin)
    assert [row[1:] for row in _effects(db, [first])] == [(False, 1, 1, 0)]
    # 2. a worker killed while it applies an answer: nothing of it stays, the next
    # run applies everything once
    _prepare_answers(server, nps, [second], [3])
    proc, url = _start_worker(db, str(tmp_path / "killed-in-job.log"))
    blocker = psycopg2.connect(dbname=db)
    try:
        with blocker.cursor() as cr:
            # the job blocks on this customer's row, in the middle of its work
            cr.execute("SELECT id FROM res_partner WHERE id = %s FOR UPDATE",
                       (second["partner"],))
            worker = OdooClient(url, db, "admin", "admin")
            thread = threading.Thread(target=lambda: _safe(lambda: _apply(worker)))
            thread.start()
            time.sleep(4)
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=30)
        blocker.rollback()
    finally:
        blocker.close()
        if proc.poll() is None:
            proc.kill()
    thread.join(timeout=60)
    assert [row[1:] for row in _effects(db, [second])] == [(True, 0, 0, 0)]
    _apply(admin)
    _apply(admin)
    assert [row[1:] for row in _effects(db, [second])] == [(False, 1, 1, 0)]


def _safe(call):
    try:
        call()
    except Exception:  # the worker was killed under it: expected
        pass


def test_one_click_in_chromium_on_a_phone(server, admin, nps, browser, screenshot_dir):
    """The customer opens a score link from the queued email on a 360 px phone: the
    scale on one row with tall targets, the page counts the score by itself, the
    thank-you page after submit, a second visit thanked."""
    invitation = nps["inv"][2]  # HEAD-scanned earlier: the customer still answers
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="es-ES",
                                  is_mobile=True, has_touch=True)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(invitation["links"][6])
        page.wait_for_selector(".o_cx_nps_scale")
        boxes = [page.locator(".o_cx_nps_scale label").nth(i).bounding_box()
                 for i in range(11)]
        assert len({round(box["y"]) for box in boxes}) == 1, "one row"
        assert min(box["height"] for box in boxes) >= 40
        assert max(box["x"] + box["width"] for box in boxes) <= 360
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        assert "Tu puntuación:" in page.inner_text(".o_cx_nps_banner")
        # one click from the email: the page counts it once it has been seen
        page.wait_for_selector(".o_cx_nps_status.text-success", timeout=30000)
        page.screenshot(path=os.path.join(screenshot_dir, "nps_answer_phone.png"),
                        full_page=True)
        rows = admin.call("cx.nps.response", "search_read", [
            ("user_input_id", "=", invitation["id"])], fields=["score", "channel"])
        assert [(r["score"], r["channel"]) for r in rows] == [(6, "email_click")]
        # an optional comment, then submit: the thank-you page
        page.locator("textarea").first.fill("Bien, pero lento")
        page.click("button[value=finish]")
        page.wait_for_selector(".jumbotron h1", timeout=60000)
        page.screenshot(path=os.path.join(screenshot_dir, "nps_answer_thanks.png"))
    finally:
        context.close()
    assert errors == []
    comment = admin.call("cx.nps.response", "search_read", [
        ("user_input_id", "=", invitation["id"])], fields=["comment"])[0]["comment"]
    assert comment == "Bien, pero lento"
    # a second visit (another browser): a thank-you page, HTTP 200
    context = browser.new_context(viewport={"width": 1100, "height": 700}, locale="es-ES")
    page = context.new_page()
    try:
        reply = page.goto(invitation["links"][0])
        assert reply.status == 200
        assert "Gracias" in page.inner_text("h1")
        page.screenshot(path=os.path.join(screenshot_dir, "nps_answer_second_visit.png"))
    finally:
        context.close()


@pytest.mark.parametrize("who", ["admin", "cx_manager"])
def test_backend_shows_what_the_scanners_did(server, admin, nps, browser, screenshot_dir, who):
    """The campaign's "opened by a scanner" figure and the answer link log, as the
    administrator and as a CX manager without invoicing rights: no error dialog, the
    figures the database holds."""
    from conftest import backend_page, goto_view
    login = password = "admin"
    if who == "cx_manager":
        login = password = "scanmgr_%s" % nps["tag"]
        if not admin.call("res.users", "search", [("login", "=", login)]):
            admin.call("res.users", "create", {
                "name": "Scanner manager %s" % nps["tag"], "login": login,
                "password": password, "lang": "en_US",
                "groups_id": [(6, 0, [admin.ref("cx_experience.group_cx_manager")])]})
    # at least one link opened by a scanner (the first test of this file opens four)
    _client(SCANNER).head(nps["inv"][11]["links"][5], timeout=60)
    scanned = admin.call("cx.nps.campaign", "read", [nps["campaign"]],
                         ["scanner_link_count"])[0]["scanner_link_count"]
    assert scanned >= 1
    page = backend_page(browser, server, login, password)
    try:
        goto_view(page, "%s/web#model=cx.nps.campaign&id=%d&view_type=form"
                  % (server["url"], nps["campaign"]))
        page.wait_for_selector(".o_form_view .oe_title", timeout=60000)
        page.screenshot(path=os.path.join(screenshot_dir, "nps_campaign_scanners_%s.png" % who))
        button = page.locator(".oe_button_box button:has(div[name=scanner_link_count])")
        assert button.inner_text().split() == [str(scanned), "Scanned"]
        blocked = page.locator(".o_form_view .o_group .o_field_widget[name=blocked_request_count]")
        assert int(blocked.inner_text()) >= scanned
        button.click()
        page.wait_for_selector(".o_list_view tbody tr.o_data_row", timeout=60000)
        # the log opens on what was not counted, for this campaign only
        assert "Not counted" in page.inner_text(".o_searchview")
        rows = page.locator(".o_list_view tbody tr.o_data_row").count()
        expected = admin.call("cx.nps.answer.audit", "search_count", [
            ("campaign_id", "=", nps["campaign"]), ("verdict", "in", ("automated", "refused"))])
        assert rows == min(expected, 80)
        page.screenshot(path=os.path.join(screenshot_dir, "nps_answer_log_%s.png" % who))
        page.click(".o_cp_switch_pivot")
        page.wait_for_selector(".o_pivot table", timeout=30000)
        page.screenshot(path=os.path.join(screenshot_dir, "nps_answer_log_pivot_%s.png" % who))
        assert page.cx_errors == []
    finally:
        page.context.close()
