"""A CX user reads nothing of another user's customer, through any model.

A customer of somebody else answers an NPS survey from the email with a detractor score
and a comment that only that customer's account manager (and the CX managers) may read.
The answer is copied by our code into other models: the NPS response, the interaction
on the timeline, the follow-up activity, the survey's own answer lines, chatter
messages, the statistics. A CX user (who may see its own customers only) looks for that
comment everywhere over XML-RPC and must find it nowhere, while a CX manager finds it:
so the test would notice a copy that escaped the rule.
"""
import uuid

import pytest

from helpers import answer_nps, make_user

# (model, fields a reader could find the comment or the score in)
PLACES = [
    ("cx.nps.response", ["comment", "score", "partner_id"]),
    ("cx.interaction", ["note", "name", "partner_id"]),
    ("mail.activity", ["note", "summary", "res_name"]),
    ("survey.user_input_line", ["value_free_text", "value_text"]),
    ("mail.message", ["body", "subject"]),
]


@pytest.fixture(scope="module")
def secret(server, admin):
    tag = uuid.uuid4().hex[:8]
    mine = make_user(admin, server, "vis_mine_%s" % tag, ["cx_experience.group_cx_user"])
    theirs = make_user(admin, server, "vis_theirs_%s" % tag, ["cx_experience.group_cx_user"])
    manager = make_user(admin, server, "vis_manager_%s" % tag, ["cx_experience.group_cx_manager"])
    customer = admin.call("res.partner", "create", {
        "name": "Visible only to its manager %s" % tag, "customer": True,
        "email": "vis-%s@example.com" % tag, "user_id": theirs.uid})
    campaign = admin.call("cx.nps.campaign", "create", {
        "name": "Visibility %s" % tag, "window_days": 1, "sample_percent": 100,
        "partner_domain": "[('id', '=', %d)]" % customer, "followup_mode": "activity"})
    admin.call("cx.nps.campaign", "action_schedule", [campaign])
    admin.call("cx.nps.campaign", "action_send_now", [campaign])
    invitation = admin.call("survey.user_input", "search_read", [
        ("cx_nps_campaign_id", "=", campaign)], fields=["token", "survey_id"])[0]
    comment = "secret-%s the delivery was late again" % tag
    reply = answer_nps(server["url"], admin, invitation, 2, comment)
    assert reply.status_code == 303, reply.text[:2000]
    return {"tag": tag, "mine": mine, "theirs": theirs, "manager": manager,
            "customer": customer, "campaign": campaign, "invitation": invitation}


def _found(client, tag):
    """Every place where this client reads the secret comment."""
    places = []
    for model, fields in PLACES:
        try:
            rows = client.call(model, "search_read", [], fields=fields)
        except Exception:  # no read access to the model at all: nothing found there
            continue
        places += ["%s %d" % (model, row["id"]) for row in rows if "secret-" + tag in str(row)]
    try:
        groups = client.call("cx.nps.response", "read_group", [], ["comment", "score"],
                             ["comment"], lazy=False)
        places += ["read_group on comment" for g in groups if "secret-" + tag in str(g)]
    except Exception:
        pass
    return places


def test_the_copies_of_an_answer_are_found_by_those_who_may_read_it(secret):
    # the comment really was copied around: its manager finds it in the answer, the
    # interaction, the follow-up and the survey line (the test can see a leak)
    for reader in ("manager", "theirs"):
        found = _found(secret[reader], secret["tag"])
        for model in ("cx.nps.response", "cx.interaction", "survey.user_input_line"):
            assert any(place.startswith(model) for place in found), (reader, found)


def test_a_cx_user_reads_nothing_of_another_users_customer(secret):
    assert _found(secret["mine"], secret["tag"]) == []


def test_statistics_count_only_the_callers_customers(secret):
    domain = [("campaign_id", "=", secret["campaign"])]
    mine = secret["mine"].call("cx.nps.response", "cx_nps_stats", domain)
    assert [row["n"] for row in mine] in ([], [0])
    theirs = secret["theirs"].call("cx.nps.response", "cx_nps_stats", domain)
    assert [(row["n"], row["detractors"]) for row in theirs] == [(1, 1)]


def test_satisfaction_against_service_shows_only_the_callers_customers(secret, admin):
    """The report beside the tickets carries the customer's NPS: its rows follow the
    rule of the answers (own customers for a CX user, every customer for a manager)."""
    admin.call("helpdesk.ticket", "create", {
        "name": "Visibility %s" % secret["tag"], "description": "x",
        "partner_id": secret["customer"],
        "team_id": admin.ref("helpdesk_mgmt.helpdesk_team_1")})
    domain = [("partner_id", "=", secret["customer"])]
    counts = {reader: len(secret[reader].call("cx.sla.satisfaction.report", "search_read",
                                              domain, fields=["nps"]))
              for reader in ("mine", "theirs", "manager")}
    assert counts == {"mine": 0, "theirs": 1, "manager": 1}
    row = secret["theirs"].call("cx.sla.satisfaction.report", "search_read", domain,
                                fields=["nps", "nps_count"])[0]
    # one answer, a detractor 2: 0 % promoters - 100 % detractors
    assert (row["nps"], row["nps_count"]) == (-100.0, 1)
