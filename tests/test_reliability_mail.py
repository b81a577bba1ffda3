"""A mail server that refuses every message (setup/mail_sink.py --refuse).

The invitations of a campaign are queued; the queue is processed against a server
answering "451 try again later". No invitation, response or campaign state may be
lost; once the server accepts mail again, the invitations must go out.
"""
import os
import time
import uuid

import pytest

from nps_client import (client, confirm, free_port, nonce_of, process_mail_queue,
                        start_mail_sink, stop)
from nps_client import query as _q


@pytest.fixture(scope="module")
def refused(server, admin, tmp_path_factory):
    """Two invitations queued, processed once against a refusing server."""
    db, tag = server["db"], uuid.uuid4().hex[:6]
    folder = str(tmp_path_factory.mktemp("mail"))
    port = free_port()
    info = {"db": db, "folder": folder, "port": port,
            "sink": start_mail_sink(port, folder, refuse=True)}
    try:
        yield _refuse_invitations(server, admin, tag, info)
    finally:
        stop(info["sink"])
        if info.get("server_id"):
            admin.call("ir.mail_server", "unlink", [info["server_id"]])


def _refuse_invitations(server, admin, tag, info):
    db = info["db"]
    server_id = info["server_id"] = admin.call("ir.mail_server", "create", {
        "name": "Refusing sink %s" % tag, "smtp_host": "127.0.0.1", "smtp_port": info["port"],
        "sequence": 0})
    partners = [admin.call("res.partner", "create", {
        "name": "Mail %s %d" % (tag, i), "customer": True,
        "email": "mail-%s-%d@example.com" % (tag, i)}) for i in range(2)]
    campaign = admin.call("cx.nps.campaign", "create", {
        "name": "Refused %s" % tag, "window_days": 1,
        "partner_domain": "[('id', 'in', %s)]" % partners})
    admin.call("cx.nps.campaign", "action_schedule", [campaign])
    admin.call("cx.nps.campaign", "action_send_now", [campaign])
    invitations = _q(db, """SELECT id, token, state FROM survey_user_input
                             WHERE cx_nps_campaign_id = %s ORDER BY id""", (campaign,))
    mails = _q(db, """
        SELECT mm.id FROM mail_mail mm JOIN mail_message msg ON msg.id = mm.mail_message_id
         WHERE msg.model = 'survey.user_input' AND msg.res_id = ANY(%s) ORDER BY mm.id""",
               ([i[0] for i in invitations],))
    mail_ids = [r[0] for r in mails]
    assert len(invitations) == len(mail_ids) == 2
    # these two emails go through the refusing server, whatever other servers exist
    _q(db, """UPDATE mail_message SET mail_server_id = %s
               WHERE id IN (SELECT mail_message_id FROM mail_mail WHERE id = ANY(%s))""",
       (server_id, mail_ids))
    # one customer answers from its link before the queue runs (a forwarded copy of
    # the email): the page it opens confirms the score by itself, nothing else
    session = client()
    page = session.get("%s/cx_nps/answer/%s/7" % (server["url"], invitations[0][1]),
                       timeout=60)
    nonce = nonce_of(page.text)
    time.sleep(2)  # the page confirms once it has been seen
    survey = admin.call("survey.user_input", "read", [invitations[0][0]], ["survey_id"])[0]
    label = admin.call("survey.label", "search", [
        ("question_id.page_id.survey_id", "=", survey["survey_id"][0]),
        ("question_id.cx_nps", "=", True), ("cx_nps_score", "=", 7)])[0]
    reply = confirm(session, server["url"], invitations[0][1], label, nonce)
    assert reply.json()["counted"], reply.text[:2000]
    process_mail_queue(admin, mail_ids)
    assert server_id
    info.update(campaign=campaign, invitations=invitations, mail_ids=mail_ids)
    return info


def test_refused_invitations_are_kept_with_nothing_lost(admin, refused):
    db = refused["db"]
    rows = _q(db, """SELECT id, state, failure_reason FROM mail_mail WHERE id = ANY(%s)
                      ORDER BY id""", (refused["mail_ids"],))
    # nothing went out, nothing was deleted: the two emails are still in the queue table,
    # and the server really refused them (451 at DATA, not a missing server)
    assert [r[0] for r in rows] == refused["mail_ids"]
    assert all(state in ("outgoing", "exception") for _id, state, _why in rows)
    assert all("451" in (why or "") for _id, state, why in rows if state == "exception")
    assert os.listdir(refused["folder"]) == []
    # the invitations, the answer and the campaign are intact: the answered one is
    # done (the page's confirmation closes the one-page survey), the other still open
    answered, waiting = refused["invitations"]
    assert _q(db, """SELECT id, token, state FROM survey_user_input
                      WHERE cx_nps_campaign_id = %s ORDER BY id""",
              (refused["campaign"],)) == [answered[:2] + ("done",), waiting]
    assert waiting[2] == "new"
    answers = _q(db, """SELECT score, category FROM cx_nps_response WHERE user_input_id = %s""",
                 (refused["invitations"][0][0],))
    assert answers == [(7, "passive")]
    assert admin.call("cx.nps.campaign", "read", [refused["campaign"]],
                      ["state"])[0]["state"] == "running"


def test_refused_invitations_go_out_once_the_server_accepts(admin, refused):
    """Odoo 11 never retries a mail in 'exception'; cx_nps_survey's campaign cron puts
    refused invitations of open tokens back in the queue (at most three times). The
    customer who answered meanwhile is not invited again."""
    stop(refused["sink"])
    refused["sink"] = start_mail_sink(refused["port"], refused["folder"], refuse=False)
    answered_mail, waiting_mail = refused["mail_ids"]
    # what the system does on its own: the mail queue cron and the campaign cron
    admin.call("ir.cron", "method_direct_trigger", [admin.ref("cx_nps_survey.cron_cx_nps_campaigns")])
    rows = _q(refused["db"], """SELECT id, state, COALESCE(cx_retry_count, 0) FROM mail_mail
                                 WHERE id = ANY(%s) ORDER BY id""", (refused["mail_ids"],))
    assert rows == [(answered_mail, "exception", 0), (waiting_mail, "outgoing", 1)]
    # a second run of the campaign cron retries nothing more (the email is queued)
    admin.call("ir.cron", "method_direct_trigger", [admin.ref("cx_nps_survey.cron_cx_nps_campaigns")])
    assert _q(refused["db"], "SELECT cx_retry_count FROM mail_mail WHERE id = %s",
              (waiting_mail,)) == [(1,)]
    process_mail_queue(admin, refused["mail_ids"])
    # the sent invitation is auto-deleted from the queue, or kept as 'sent'; the
    # answered customer's stays refused, unsent
    rows = _q(refused["db"], "SELECT id, state FROM mail_mail WHERE id = ANY(%s) ORDER BY id",
              (refused["mail_ids"],))
    assert rows in ([(answered_mail, "exception")],
                    [(answered_mail, "exception"), (waiting_mail, "sent")]), rows
    sent = os.listdir(refused["folder"])
    assert len(sent) == 1
    email = _q(refused["db"], """SELECT p.email FROM survey_user_input ui
                                  JOIN res_partner p ON p.id = ui.partner_id
                                 WHERE ui.id = %s""", (refused["invitations"][1][0],))[0][0]
    with open(os.path.join(refused["folder"], sent[0]), "rb") as handle:
        assert email.encode() in handle.read()
