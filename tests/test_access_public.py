"""The public answer routes under attack: bad tokens, tampered forms, bad scores, long
and hostile comments. Each case is refused or neutralised and touches nothing else:
row counts and the values of the invitation are compared before and after.

tests/test_nps_public.py (the nps addon's own file) covers the plain paths: a score of
11, an unknown token on the one-click route, a forged choice id, a token of another
survey, an expired one-click link and the opt-out. This file covers the rest.
"""
import time
import uuid

import psycopg2
import pytest
import requests

from conftest import backend_page, goto_view
from helpers import csrf_token, invite_customers, nps_nonce

TABLES = ("cx_nps_response", "survey_user_input", "survey_user_input_line", "mail_mail",
          "mail_activity", "cx_interaction", "res_partner")


def _counts(db):
    with psycopg2.connect(dbname=db) as conn, conn.cursor() as cr:
        result = {}
        for table in TABLES:
            cr.execute("SELECT count(*) FROM %s" % table)  # names from our own list
            result[table] = cr.fetchone()[0]
        return result


def _state(db, invitation_id):
    """Everything a refused request must leave as it was, for one token."""
    with psycopg2.connect(dbname=db) as conn, conn.cursor() as cr:
        cr.execute("SELECT state, deadline, partner_id FROM survey_user_input WHERE id = %s",
                   (invitation_id,))
        token = cr.fetchone()
        cr.execute("""SELECT id, question_id, answer_type, value_suggested, value_free_text,
                             value_text FROM survey_user_input_line
                       WHERE user_input_id = %s ORDER BY id""", (invitation_id,))
        lines = cr.fetchall()
        cr.execute("""SELECT id, score, category, comment FROM cx_nps_response
                       WHERE user_input_id = %s""", (invitation_id,))
        return token, lines, cr.fetchall()


@pytest.fixture(scope="module")
def nps(server, admin):
    """Four invited customers of one campaign, and the survey's NPS question."""
    data = invite_customers(admin, ("ana", "beto", "carla", "dani"), "Attack",
                            followup_mode="none")
    survey, question, page_id = data["survey"], data["question"], data["question"]["page_id"][0]
    data.update(page=page_id, nps_tag="%d_%d_%d" % (survey, page_id, question["id"]),
                why_tag="%d_%d_%d" % (survey, page_id, data["comment"]["id"]))
    return data


def _form(server, nps, who, session=None):
    """The survey page of a customer's token in a browser-like client (it keeps the
    visit's cookie), and every field the page posts back, its nonce included. The
    page is given the moment a person needs before it can be submitted."""
    session = session or requests.Session()
    session.headers["User-Agent"] = "Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0"
    token = nps["inv"][who]["token"]
    page = session.get("%s/survey/fill/%d/%s" % (server["url"], nps["survey"], token),
                       timeout=60)
    # every field of the page, as the browser sends them
    data = {"csrf_token": csrf_token(page.text), "page_id": str(nps["page"]), "token": token,
            "button_submit": "finish", nps["why_tag"]: "",
            "cx_nps_nonce": nps_nonce(page.text)}
    time.sleep(1.6)
    return session, data


def _submit(server, nps, session, data, survey=None):
    return session.post("%s/survey/submit/%d" % (server["url"], survey or nps["survey"]),
                        data=data, timeout=60)


@pytest.mark.parametrize("path,status", [
    ("{token}/-1", 400),                       # below 0
    ("{token}/abc", 404),
    ("{token}/99999999999999999999", 400),     # an integer, but no score
    ("{token}/10.5", 404),
    ("x' OR '1'='1/5", 404),                   # an injection attempt as the token
    ("{other}/5", 404),                        # a token that never existed
])
def test_one_click_refuses_bad_scores_and_tokens(server, nps, path, status):
    db = server["db"]
    before_counts, before = _counts(db), _state(db, nps["inv"]["ana"]["id"])
    url = "%s/cx_nps/answer/%s" % (server["url"], path.format(
        token=nps["inv"]["ana"]["token"], other=uuid.uuid4()))
    reply = requests.get(url, timeout=60, allow_redirects=False)
    assert reply.status_code == status
    assert nps["tag"] not in reply.text  # no customer's name on a refusal page
    assert _counts(db) == before_counts
    assert _state(db, nps["inv"]["ana"]["id"]) == before


def test_survey_routes_refuse_unknown_and_expired_tokens(server, admin, nps):
    db = server["db"]
    before_counts = _counts(db)
    session, data = _form(server, nps, "beto")
    # an unknown token on the submit route
    forged = dict(data, token=str(uuid.uuid4()))
    forged[nps["nps_tag"]] = str(nps["label"][10])
    reply = _submit(server, nps, session, forged)
    assert "errors" in reply.text
    assert "not valid" in reply.text or "no es v" in reply.text
    # an expired token on the submit route (the one-click route is covered elsewhere)
    invitation = nps["inv"]["beto"]
    admin.call("survey.user_input", "write", [invitation["id"]], {
        "date_create": "2020-01-01 00:00:00", "deadline": "2020-02-01 00:00:00"})
    expired = dict(data)
    expired[nps["nps_tag"]] = str(nps["label"][10])
    reply = _submit(server, nps, session, expired)
    assert "expired" in reply.text or "caducado" in reply.text
    assert _counts(db) == before_counts
    token, lines, responses = _state(db, invitation["id"])
    assert (token[0], lines, responses) == ("new", [], [])
    # an unknown token on the opt-out route changes no contact
    page = requests.get("%s/cx_nps/optout/%s" % (server["url"], uuid.uuid4()), timeout=60)
    assert page.status_code == 404
    assert _counts(db) == before_counts


def _other_survey_question(admin, title, **question):
    """A survey of its own with one page and one question: (page id, question id)."""
    survey = admin.call("survey.survey", "create", {"title": title})
    page = admin.call("survey.page", "create", {"title": "P", "survey_id": survey})
    return page, admin.call("survey.question", "create", dict(question, page_id=page))


def test_tampered_fields_are_refused(server, admin, nps):
    db = server["db"]
    invitation = nps["inv"]["carla"]
    before_counts, before = _counts(db), _state(db, invitation["id"])
    session, data = _form(server, nps, "carla")
    # the label of another question (here: of another survey's question) as the answer
    _page, other_question = _other_survey_question(
        admin, "Other %s" % nps["tag"], question="Colour?", type="simple_choice",
        labels_ids=[(0, 0, {"value": "red"})])
    foreign_label = admin.call("survey.label", "search", [("question_id", "=", other_question)])
    cases = [
        {nps["nps_tag"]: str(foreign_label[0])},
        {nps["nps_tag"]: "%d OR 1=1" % nps["label"][10]},
        {nps["nps_tag"]: ""},  # no score at all: the NPS question is mandatory
    ]
    counts_after_setup = _counts(db)
    for case in cases:
        reply = _submit(server, nps, session, dict(data, **case))
        assert "errors" in reply.text, (case, reply.status_code, reply.text[:3000])
    # a field of the page left out of the form: refused with a message on that field
    # (survey 11.0 alone answers a server error)
    partial = dict(data)
    partial[nps["nps_tag"]] = str(nps["label"][10])
    del partial[nps["why_tag"]]
    reply = _submit(server, nps, session, partial)
    assert reply.status_code == 200, reply.text[:3000]
    assert "incomplet" in reply.json()["errors"][nps["why_tag"]]  # English or Spanish
    assert _counts(db) == counts_after_setup
    assert _state(db, invitation["id"]) == before
    assert counts_after_setup["cx_nps_response"] == before_counts["cx_nps_response"]


def test_page_of_another_survey_is_refused(server, admin, nps):
    db = server["db"]
    invitation = nps["inv"]["carla"]
    before_counts, before = _counts(db), _state(db, invitation["id"])
    session, data = _form(server, nps, "carla")
    other_page, question = _other_survey_question(
        admin, "Other2 %s" % nps["tag"], question="Say something", type="free_text")
    tampered = dict(data, page_id=str(other_page))
    tampered["%d_%d_%d" % (nps["survey"], other_page, question)] = "junk"
    _submit(server, nps, session, tampered)
    assert _counts(db) == before_counts
    assert _state(db, invitation["id"]) == before


def test_reused_token_cannot_overwrite_a_finished_answer(server, admin, nps):
    db = server["db"]
    invitation = nps["inv"]["dani"]
    session, data = _form(server, nps, "dani")
    first = dict(data)
    first[nps["nps_tag"]] = str(nps["label"][3])
    first[nps["why_tag"]] = "first answer"
    assert "errors" not in _submit(server, nps, session, first).json()
    before_counts, before = _counts(db), _state(db, invitation["id"])
    assert before[0][0] == "done" and before[2][0][1] == 3
    replay = dict(first)
    replay[nps["nps_tag"]] = str(nps["label"][10])
    replay[nps["why_tag"]] = "replayed"
    _submit(server, nps, session, replay)
    requests.get("%s/cx_nps/answer/%s/10" % (server["url"], invitation["token"]), timeout=60)
    assert _counts(db) == before_counts
    assert _state(db, invitation["id"]) == before


def test_long_and_hostile_comments_are_neutralised(server, admin, browser, nps,
                                                   screenshot_dir):
    invitation = nps["inv"]["ana"]
    session, data = _form(server, nps, "ana")
    hostile = ('<script>window.__pwned = 1</script><img src=x onerror="window.__pwned=2">'
               "Pésimo & <b>lento</b>")
    data[nps["nps_tag"]] = str(nps["label"][1])
    data[nps["why_tag"]] = hostile
    reply = _submit(server, nps, session, data)
    assert "errors" not in reply.json()
    rows = admin.call("cx.nps.response", "search_read", [("user_input_id", "=", invitation["id"])],
                      fields=["comment", "score", "interaction_id"])
    # stored as the customer typed it (plain text), nothing else created twice
    assert [(r["score"], r["comment"]) for r in rows] == [(1, hostile)]
    # the backend shows it as text: no script ran, the tags are visible characters
    page = backend_page(browser, server, "admin", "admin")
    try:
        goto_view(page, "%s/web#model=cx.nps.response&id=%d&view_type=form"
                  % (server["url"], rows[0]["id"]))
        field = page.wait_for_selector(".o_form_view .o_field_widget[name=comment]",
                                       timeout=60000)
        page.wait_for_timeout(500)
        assert field.inner_text().strip() == hostile
        assert page.evaluate("window.__pwned") is None
        assert page.locator(".o_form_view img[src=x]").count() == 0
        assert page.locator(".o_form_view b:has-text('lento')").count() == 0
    finally:
        page.context.close()


def test_over_long_comment_is_refused_or_truncated(server, admin, nps):
    invitation = nps["inv"]["carla"]
    session, data = _form(server, nps, "carla")
    data[nps["nps_tag"]] = str(nps["label"][6])
    data[nps["why_tag"]] = "x" * 200000
    reply = _submit(server, nps, session, data)
    rows = admin.call("cx.nps.response", "search_read", [("user_input_id", "=", invitation["id"])],
                      fields=["comment"])
    if "errors" in reply.text:
        assert rows == []
    else:
        assert len(rows) == 1 and len(rows[0]["comment"]) <= 10000


def test_hostile_comment_stays_on_the_answer_not_in_the_follow_up(admin, nps):
    """A detractor's follow-up is an activity that every employee could read (Odoo 11's
    mail.activity has no record rules): it copies neither the comment nor any of its
    markup, only a pointer to the answer, whose own rules decide who reads it."""
    hostile = '<script>alert(1)</script><img src="https://tracker.example/p.gif">Muy mal'
    response = admin.call("cx.nps.response", "create", {
        "partner_id": nps["partners"][3], "score": 2, "comment": hostile})
    activities = admin.call("mail.activity", "search_read", [
        ("res_model", "=", "cx.nps.response"), ("res_id", "=", response)],
        fields=["note", "summary"])
    assert len(activities) == 1
    copied = str(activities[0])
    assert "Muy mal" not in copied
    assert "<script" not in copied and "tracker.example" not in copied
    # the interaction logged from the answer keeps the text as plain text
    interaction = admin.call("cx.nps.response", "read", [response],
                             ["interaction_id"])[0]["interaction_id"]
    assert interaction
    text = admin.call("cx.interaction", "read", [interaction[0]], ["note"])[0]["note"]
    assert text == hostile
