"""The public NPS answer path through real HTTP requests on a running Odoo.

Data is created through XML-RPC (the `admin` fixture); the customer side is a plain
HTTP client with no login, like a browser opening the links of the email.
"""
import re
import time
import uuid

import pytest
import requests

from helpers import csrf_token, invite_customers, nps_nonce

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36"


def _browser():
    """A client that keeps its cookies, like the customer's browser."""
    session = requests.Session()
    session.headers["User-Agent"] = BROWSER
    return session


@pytest.fixture(scope="module")
def nps(admin):
    """Two customers, a running campaign, one invitation each (tokens read back)."""
    data = invite_customers(admin, ("alice", "bob"), "NPS web")
    data.update(alice=data["inv"]["alice"], bob=data["inv"]["bob"])
    return data


def _responses(admin, invitation):
    return admin.call("cx.nps.response", "search_read",
                      [("user_input_id", "=", invitation["id"])],
                      fields=["score", "category", "comment", "channel"])


def test_score_link_shows_the_page_and_the_page_confirms(server, admin, nps):
    url, token = server["url"], nps["alice"]["token"]
    browser = _browser()
    page = browser.get("%s/cx_nps/answer/%s/0" % (url, token), allow_redirects=False,
                       timeout=60)
    # the link itself records nothing: it shows the survey with the score chosen
    assert page.status_code == 200
    assert _responses(admin, nps["alice"]) == []
    assert "o_cx_nps_scale" in page.text
    assert "bob" not in page.text.lower()
    for score in (0, 10):
        assert 'value="%d"' % nps["label"][score] in page.text
    assert re.search(r'value="%d"\s+data-cx-score="0"\s+checked' % nps["label"][0], page.text)
    assert re.search(r"Your score: <strong[^>]*>0</strong> — tell us why \(optional\)|"
                     r"Tu puntuación: <strong[^>]*>0</strong> — cuéntanos por qué "
                     r"\(opcional\)", page.text)
    # the page's own confirmation, a moment later, with its nonce and the visit's cookie
    time.sleep(2)
    reply = browser.post("%s/cx_nps/confirm/%s?via=email_click" % (url, token), data={
        "cx_nps_nonce": nps_nonce(page.text), "answer": str(nps["label"][0])}, timeout=60)
    assert reply.json()["counted"] is True
    nps["alice_browser"] = browser
    rows = _responses(admin, nps["alice"])
    assert [(r["score"], r["category"], r["channel"]) for r in rows] == [
        (0, "detractor", "email_click")]


def test_bad_score_and_unknown_token_are_refused(server, admin, nps):
    url, token = server["url"], nps["bob"]["token"]
    reply = requests.get("%s/cx_nps/answer/%s/11" % (url, token), timeout=60)
    assert reply.status_code == 400
    assert "0 to 10" in reply.text or "0 a 10" in reply.text
    assert _responses(admin, nps["bob"]) == []
    reply = requests.get("%s/cx_nps/answer/%s/5" % (url, uuid.uuid4()), timeout=60)
    assert reply.status_code == 404
    assert nps["tag"] not in reply.text


def test_survey_submission_updates_the_same_response(server, admin, nps):
    url, token = server["url"], nps["alice"]["token"]
    # the same visit (its cookie) as the customer's answer: it may correct it
    session = nps.get("alice_browser") or _browser()
    page = session.get("%s/cx_nps/answer/%s/9" % (url, token), timeout=60)
    page_id = nps["question"]["page_id"][0]
    nps_tag = "%d_%d_%d" % (nps["survey"], page_id, nps["question"]["id"])
    why_tag = "%d_%d_%d" % (nps["survey"], page_id, nps["comment"]["id"])
    data = {"csrf_token": csrf_token(page.text), "page_id": str(page_id), "token": token,
            "button_submit": "finish", nps_tag: str(nps["label"][9]),
            why_tag: "La atención fue excelente", "cx_nps_nonce": nps_nonce(page.text)}
    time.sleep(1.6)
    # a forged choice (not one of the 0-10 labels) is refused, nothing changes
    forged = dict(data)
    forged[nps_tag] = "999999999"
    reply = session.post("%s/survey/submit/%d" % (url, nps["survey"]), data=forged, timeout=60)
    assert "errors" in reply.json()
    assert _responses(admin, nps["alice"])[0]["score"] == 0
    reply = session.post("%s/survey/submit/%d" % (url, nps["survey"]), data=data, timeout=60)
    assert reply.status_code == 200
    assert "errors" not in reply.json(), reply.text
    rows = _responses(admin, nps["alice"])
    assert len(rows) == 1
    assert (rows[0]["score"], rows[0]["category"]) == (9, "promoter")
    assert rows[0]["comment"] == "La atención fue excelente"
    # the same POST again (a replay) changes nothing
    data[nps_tag] = str(nps["label"][1])
    reply = session.post("%s/survey/submit/%d" % (url, nps["survey"]), data=data, timeout=60)
    assert "errors" in reply.json()
    assert _responses(admin, nps["alice"])[0]["score"] == 9


def test_token_of_another_survey_is_refused(server, admin, nps):
    url, token = server["url"], nps["bob"]["token"]
    other = admin.call("survey.survey", "create", {"title": "Other %s" % nps["tag"]})
    page = admin.call("survey.page", "create", {"title": "P", "survey_id": other})
    session = requests.Session()
    form = session.get("%s/survey/fill/%d/%s" % (url, nps["survey"], token), timeout=60)
    reply = session.post("%s/survey/submit/%d" % (url, other), data={
        "csrf_token": csrf_token(form.text), "page_id": str(page), "token": token,
        "button_submit": "finish"}, timeout=60)
    assert "another survey" in reply.text or "otra encuesta" in reply.text
    assert admin.call("survey.user_input", "read", [nps["bob"]["id"]],
                      ["state"])[0]["state"] == "new"


def test_expired_link_is_refused(server, admin, nps):
    url, token = server["url"], nps["bob"]["token"]
    admin.call("survey.user_input", "write", [nps["bob"]["id"]], {
        "date_create": "2020-01-01 00:00:00", "deadline": "2020-02-01 00:00:00"})
    reply = _browser().get("%s/cx_nps/answer/%s/7" % (url, token), timeout=60)
    assert reply.status_code == 400
    assert "expired" in reply.text or "caducado" in reply.text
    assert _responses(admin, nps["bob"]) == []


def test_opt_out_link(server, admin, nps):
    url, token = server["url"], nps["bob"]["token"]
    session = requests.Session()
    page = session.get("%s/cx_nps/optout/%s" % (url, token), timeout=60)
    assert page.status_code == 200
    partner = nps["partners"][1]
    # opening the page alone (a link scanner) does not unsubscribe
    assert not admin.call("res.partner", "read", [partner], ["cx_nps_opt_out"])[0][
        "cx_nps_opt_out"]
    reply = session.post("%s/cx_nps/optout/%s" % (url, token),
                         data={"csrf_token": csrf_token(page.text)}, timeout=60)
    assert reply.status_code == 200
    assert admin.call("res.partner", "read", [partner], ["cx_nps_opt_out"])[0][
        "cx_nps_opt_out"]
