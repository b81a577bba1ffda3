"""Figures the engines own cannot be written by a client, whatever its group or context.

Each engine-owned field is written over XML-RPC by every user who may otherwise write
the record (a contact manager, a salesman, a CX manager on customers; a helpdesk user on
tickets; a CX user on the answers of its own customers), once plainly and once with the
context flags that used to switch the guards off. Each write must be refused and leave
the value as it was, read back by the administrator. The logs are append-only.
"""
import uuid
import xmlrpc.client

import pytest

from helpers import make_user, record_call

REFUSED = (2, 3, 4)  # UserError/ValidationError, AccessDenied, AccessError
FORGED_CONTEXT = {"cx_internal": True, "cx_sla_no_nps": True, "cx_reason": "forged",
                  "cx_sla_now": "2099-01-01 00:00:00", "tracking_disable": True}

# Partner fields the tier recompute, the quadrant rule and the NPS answers own, and a
# value a forger would like.
PARTNER_ENGINE = {
    "cx_revenue": 10 ** 9,
    "cx_quadrant": "model",
    "cx_satisfaction_index": 100.0,
    "cx_has_satisfaction": True,
    "cx_satisfaction_date": "2099-01-01 00:00:00",
    "cx_stage_date": "2000-01-01 00:00:00",
    "cx_nps_last_score": 10,
    "cx_nps_last_category": "promoter",
    "cx_nps_last_date": "2099-01-01 00:00:00",
    "cx_nps_last_invited": "2000-01-01 00:00:00",
}
TICKET_ENGINE = {
    "cx_sla_status": "met",
    "cx_sla_deadline": "2099-01-01 00:00:00",
}
RESPONSE_FIXED = {"score": 10, "comment": "rewritten", "category": "promoter",
                  "date": "2000-01-01 00:00:00"}


def _refused(client, model, method, *args, **kwargs):
    with pytest.raises(xmlrpc.client.Fault) as info:
        client.call(model, method, *args, **kwargs)
    assert info.value.faultCode in REFUSED, info.value.faultString[-800:]
    return info.value.faultString


@pytest.fixture(scope="module")
def people(server, admin):
    tag = uuid.uuid4().hex[:6]
    groups = {
        "contact_manager": ["base.group_user", "base.group_partner_manager"],
        "salesman": ["sales_team.group_sale_salesman"],
        "cx_user": ["cx_experience.group_cx_user"],
        "cx_manager": ["cx_experience.group_cx_manager"],
        "helpdesk": ["helpdesk_mgmt.group_helpdesk_user"],
    }
    users = {key: make_user(admin, server, "field_%s_%s" % (key, tag), xmlids)
             for key, xmlids in groups.items()}
    customer = admin.call("res.partner", "create", {
        "name": "Field customer %s" % tag, "customer": True, "is_company": True,
        "email": "field-%s@example.com" % tag, "user_id": users["cx_user"].uid})
    response = admin.call("cx.nps.response", "create", {
        "partner_id": customer, "score": 3, "comment": "slow"})
    admin.call("cx.sla.policy", "create", {
        "name": "Field policy %s" % tag, "sequence": -1, "use_working_hours": False,
        "domain": "[('name', 'ilike', 'Field ticket %s')]" % tag,
        "target_ids": [(0, 0, {"kind": "resolution", "hours": 8})]})
    ticket = users["helpdesk"].call("helpdesk.ticket", "create", {
        "name": "Field ticket %s" % tag, "description": "x", "partner_id": customer})
    return {"tag": tag, "users": users, "customer": customer, "response": response,
            "ticket": ticket}


def _read(admin, model, record, fields):
    return admin.call(model, "read", [record], list(fields))[0]


@pytest.mark.parametrize("who", ["contact_manager", "salesman", "cx_manager"])
@pytest.mark.parametrize("forged", [False, True])
def test_engine_owned_partner_fields_refuse_client_writes(admin, people, who, forged):
    client = people["users"][who]
    kwargs = {"context": FORGED_CONTEXT} if forged else {}
    # the caller may write the customer at all: an ordinary field goes through
    client.call("res.partner", "write", [people["customer"]],
                {"phone": "+34 600 000 %03d" % len(who)}, **kwargs)
    before = _read(admin, "res.partner", people["customer"], PARTNER_ENGINE)
    for field, value in PARTNER_ENGINE.items():
        _refused(client, "res.partner", "write", [people["customer"]], {field: value},
                 **kwargs)
    assert _read(admin, "res.partner", people["customer"], PARTNER_ENGINE) == before


@pytest.mark.parametrize("who", ["contact_manager", "salesman"])
def test_engine_owned_partner_fields_refused_on_create(admin, people, who):
    client = people["users"][who]
    name = "Forged %s %s" % (who, people["tag"])
    for field, value in PARTNER_ENGINE.items():
        _refused(client, "res.partner", "create", {"name": name, field: value})
    assert admin.call("res.partner", "search_count", [("name", "=", name)]) == 0


@pytest.mark.parametrize("who", ["contact_manager", "salesman"])
def test_tier_and_stage_are_a_cx_managers_act(admin, people, who):
    client = people["users"][who]
    strategic = admin.ref("cx_experience.tier_strategic")
    churned = admin.call("cx.lifecycle.stage", "search", [("code", "=", "churned")])[0]
    before = _read(admin, "res.partner", people["customer"],
                   ["cx_tier_id", "cx_tier_locked", "cx_stage_id"])
    for vals in ({"cx_tier_id": strategic}, {"cx_tier_locked": True,
                                             "cx_tier_lock_reason": "forged"},
                 {"cx_stage_id": churned}):
        _refused(client, "res.partner", "write", [people["customer"]], vals,
                 context=FORGED_CONTEXT)
    assert _read(admin, "res.partner", people["customer"],
                 ["cx_tier_id", "cx_tier_locked", "cx_stage_id"]) == before


def test_cx_manager_moves_a_stage_and_the_log_names_them(admin, people):
    manager = people["users"]["cx_manager"]
    retention = admin.call("cx.lifecycle.stage", "search", [("code", "=", "retention")])[0]
    manager.call("res.partner", "write", [people["customer"]], {"cx_stage_id": retention})
    rows = admin.call("cx.lifecycle.history", "search_read", [
        ("partner_id", "=", people["customer"]), ("date_out", "=", False)],
        fields=["stage_id", "user_id"])
    assert [(r["stage_id"][0], r["user_id"] and r["user_id"][0]) for r in rows] == [
        (retention, manager.uid)]


@pytest.mark.parametrize("forged", [False, True])
def test_sla_figures_refuse_the_agents_writes(admin, people, forged):
    agent = people["users"]["helpdesk"]
    kwargs = {"context": FORGED_CONTEXT} if forged else {}
    agent.call("helpdesk.ticket", "write", [people["ticket"]], {"description": "more"},
               **kwargs)
    before = _read(admin, "helpdesk.ticket", people["ticket"], TICKET_ENGINE)
    for field, value in TICKET_ENGINE.items():
        _refused(agent, "helpdesk.ticket", "write", [people["ticket"]], {field: value},
                 **kwargs)
    lines = admin.call("cx.sla.line", "search", [("ticket_id", "=", people["ticket"])])
    assert lines
    for vals in ({"state": "met"}, {"deadline": "2099-01-01 00:00:00"}):
        _refused(agent, "cx.sla.line", "write", lines, vals, **kwargs)
    assert _read(admin, "helpdesk.ticket", people["ticket"], TICKET_ENGINE) == before


def test_answers_are_immutable_to_staff_but_the_follow_up(admin, people):
    cx_user = people["users"]["cx_user"]
    before = _read(admin, "cx.nps.response", people["response"],
                   list(RESPONSE_FIXED) + ["partner_id"])
    for field, value in RESPONSE_FIXED.items():
        _refused(cx_user, "cx.nps.response", "write", [people["response"]], {field: value},
                 context=FORGED_CONTEXT)
    _refused(cx_user, "cx.nps.response", "write", [people["response"]],
             {"partner_id": admin.ref("base.main_partner")})
    _refused(people["users"]["cx_manager"], "cx.nps.response", "write",
             [people["response"]], {"score": 10})
    assert _read(admin, "cx.nps.response", people["response"],
                 list(RESPONSE_FIXED) + ["partner_id"]) == before
    # the follow-up is the account manager's to record
    record_call(cx_user, people["response"], "contacted")
    assert _read(admin, "cx.nps.response", people["response"],
                 ["followup_state"])["followup_state"] == "contacted"


def test_logs_are_append_only_for_managers(admin, people):
    manager = people["users"]["cx_manager"]
    customer = people["customer"]
    admin.call("res.partner", "write", [customer], {
        "cx_tier_id": admin.ref("cx_experience.tier_high"), "cx_tier_lock_reason": "log"})
    changes = admin.call("cx.tier.change", "search", [("partner_id", "=", customer)])
    history = admin.call("cx.lifecycle.history", "search", [("partner_id", "=", customer)])
    assert changes and history
    _refused(manager, "cx.tier.change", "unlink", changes)
    _refused(manager, "cx.tier.change", "write", changes, {"reason": "forged"})
    _refused(manager, "cx.lifecycle.history", "write", history,
             {"date_in": "2000-01-01 00:00:00"})
    _refused(manager, "cx.lifecycle.history", "unlink", history)
    _refused(manager, "cx.lifecycle.history", "create", {
        "partner_id": customer, "stage_id": admin.call(
            "cx.lifecycle.stage", "search", [], limit=1)[0],
        "date_in": "2000-01-01 00:00:00"})
    assert admin.call("cx.tier.change", "search", [("partner_id", "=", customer)]) == changes
    assert admin.call("cx.lifecycle.history", "search",
                      [("partner_id", "=", customer)]) == history
