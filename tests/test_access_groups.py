"""Access control over XML-RPC, the way an integration or a curious user meets it.

One user per group (plain employee, CX user, CX manager, helpdesk user, portal) and
the anonymous public: each reads and changes only what its group allows. Then two
companies: their customers, responses, policies, campaigns and dashboard figures
never mix. Denials are checked by their fault code (4 = AccessError) and by reading
back, as administrator, that nothing changed.
"""
import uuid
import xmlrpc.client

import pytest
import requests

from helpers import make_user, record_call

ACCESS_ERROR = 4  # odoo.service.wsgi_server.RPC_FAULT_CODE_ACCESS_ERROR


def denied(client, model, method, *args, **kwargs):
    with pytest.raises(xmlrpc.client.Fault) as info:
        client.call(model, method, *args, **kwargs)
    assert info.value.faultCode == ACCESS_ERROR, info.value.faultString[-500:]
    return info.value.faultString


def _user(admin, server, tag, name, groups, company_id=None):
    company = {"company_id": company_id, "company_ids": [(6, 0, [company_id])]} \
        if company_id else {}
    return make_user(admin, server, "%s_%s" % (name, tag), groups, **company)


@pytest.fixture(scope="module")
def world(server, admin):
    tag = uuid.uuid4().hex[:6]
    users = {
        "employee": _user(admin, server, tag, "employee", ["base.group_user"]),
        "cx_user": _user(admin, server, tag, "cxuser", ["cx_experience.group_cx_user"]),
        "cx_manager": _user(admin, server, tag, "cxmanager",
                            ["cx_experience.group_cx_manager"]),
        "cx_manager_sales": _user(admin, server, tag, "cxmansales",
                                  ["cx_experience.group_cx_manager",
                                   "sales_team.group_sale_salesman"]),
        "helpdesk": _user(admin, server, tag, "helpdesk",
                          ["helpdesk_mgmt.group_helpdesk_user"]),
        "portal": _user(admin, server, tag, "portal", ["base.group_portal"]),
    }
    # two customers: one handled by the CX user, one by somebody else
    own = admin.call("res.partner", "create", {
        "name": "Own customer %s" % tag, "customer": True, "email": "own-%s@example.com" % tag,
        "user_id": users["cx_user"].uid})
    other = admin.call("res.partner", "create", {
        "name": "Other customer %s" % tag, "customer": True,
        "email": "other-%s@example.com" % tag})
    responses = {
        "own": admin.call("cx.nps.response", "create", {"partner_id": own, "score": 4,
                                                        "comment": "slow delivery"}),
        "other": admin.call("cx.nps.response", "create", {"partner_id": other, "score": 10}),
    }
    campaign = admin.call("cx.nps.campaign", "create", {
        "name": "Access %s" % tag, "window_days": 1,
        "partner_domain": "[('id', 'in', [%d, %d])]" % (own, other)})
    admin.call("cx.nps.campaign", "action_schedule", [campaign])
    admin.call("cx.nps.campaign", "action_send_now", [campaign])
    invitations = admin.call("survey.user_input", "search_read",
                             [("cx_nps_campaign_id", "=", campaign)],
                             fields=["token", "state", "partner_id", "deadline"])
    assert len(invitations) == 2
    return {"tag": tag, "users": users, "own": own, "other": other, "responses": responses,
            "campaign": campaign, "invitations": invitations}


def _tier(admin, partner_id):
    return admin.call("res.partner", "read", [partner_id], ["cx_tier_id"])[0]["cx_tier_id"]


def test_plain_employee_reads_tiers_but_no_customer_experience_data(admin, world):
    user = world["users"]["employee"]
    assert user.call("cx.tier", "search_count", []) == 4
    denied(user, "cx.nps.response", "search_read", [], fields=["score"])
    denied(user, "cx.nps.campaign", "search", [])
    denied(user, "cx.sla.policy", "search", [])
    denied(user, "cx.dashboard.figure", "search", [])
    strategic = admin.ref("cx_experience.tier_strategic")
    denied(user, "res.partner", "write", [world["other"]], {"cx_tier_id": strategic})
    assert _tier(admin, world["other"]) is False


def test_cx_user_sees_only_the_responses_of_its_own_customers(admin, world):
    user = world["users"]["cx_user"]
    rows = user.call("cx.nps.response", "search_read",
                     [("partner_id", "in", [world["own"], world["other"]])],
                     fields=["score", "comment", "partner_id"])
    assert [(r["partner_id"][0], r["score"], r["comment"]) for r in rows] == [
        (world["own"], 4, "slow delivery")]
    denied(user, "cx.nps.response", "read", [world["responses"]["other"]], ["score"])
    denied(user, "cx.nps.response", "write", [world["responses"]["other"]],
           {"comment": "overwritten"})
    # the closed loop on its own detractor is its job
    record_call(user, world["responses"]["own"], "contacted", "Called, will call back")
    state = admin.call("cx.nps.response", "read", [world["responses"]["own"]],
                       ["followup_state"])[0]["followup_state"]
    assert state == "contacted"
    # configuration is for managers
    denied(user, "cx.nps.campaign", "create", {"name": "not mine"})
    denied(user, "cx.sla.policy", "create", {"name": "not mine"})
    denied(user, "cx.tier", "write", [admin.ref("cx_experience.tier_low")],
           {"min_revenue": 1})
    denied(user, "res.partner", "write", [world["own"]],
           {"cx_tier_id": admin.ref("cx_experience.tier_strategic")})
    assert _tier(admin, world["own"]) is False
    # the dashboard: same figures as the administrator's for the same company
    mine = user.call("cx.dashboard.figure", "read_group", [("dimension", "=", "customer")],
                     ["partner_count"], [])
    company = admin.ref("base.main_company")
    full = admin.call("cx.dashboard.figure", "read_group", [
        ("dimension", "=", "customer"), ("company_id", "in", [company, False])],
        ["partner_count"], [])
    assert mine[0]["partner_count"] == full[0]["partner_count"] > 0


def test_cx_manager_sees_all_and_configures(admin, world):
    user = world["users"]["cx_manager"]
    rows = user.call("cx.nps.response", "search_read",
                     [("partner_id", "in", [world["own"], world["other"]])],
                     fields=["score"], order="score")
    assert [r["score"] for r in rows] == [4, 10]
    campaign = user.call("cx.nps.campaign", "create", {"name": "Manager %s" % world["tag"]})
    assert admin.call("cx.nps.campaign", "read", [campaign], ["state"])[0]["state"] == "draft"
    strategic = admin.ref("cx_experience.tier_strategic")
    # a CX manager who may edit contacts (here a salesman) locks a key account's tier
    world["users"]["cx_manager_sales"].call(
        "res.partner", "write", [world["other"]],
        {"cx_tier_id": strategic, "cx_tier_lock_reason": "Key account"})
    partner = admin.call("res.partner", "read", [world["other"]],
                         ["cx_tier_id", "cx_tier_locked", "cx_tier_lock_reason"])[0]
    assert (partner["cx_tier_id"][0], partner["cx_tier_locked"],
            partner["cx_tier_lock_reason"]) == (strategic, True, "Key account")
    changes = admin.call("cx.tier.change", "search_read", [("partner_id", "=", world["other"])],
                         fields=["new_tier_id", "source"])
    assert [(c["new_tier_id"][0], c["source"]) for c in changes] == [(strategic, "manual")]


# the domain check of a policy runs with sudo: a CX manager needs no helpdesk group
def test_cx_manager_without_helpdesk_creates_a_policy(admin, world):
    user = world["users"]["cx_manager"]
    policy = user.call("cx.sla.policy", "create", {
        "name": "Manager policy %s" % world["tag"], "active": False,
        "target_ids": [(0, 0, {"kind": "resolution", "hours": 8})]})
    assert admin.call("cx.sla.target", "search_count", [("policy_id", "=", policy)]) == 1


# the CX manager group implies Contact Creation: no Sales rights needed for tiers
def test_cx_manager_alone_can_lock_a_tier(admin, world):
    high = admin.ref("cx_experience.tier_high")
    world["users"]["cx_manager"].call("res.partner", "write", [world["own"]], {
        "cx_tier_id": high, "cx_tier_lock_reason": "Board decision"})
    assert _tier(admin, world["own"])[0] == high


def test_helpdesk_user_reads_policies_not_surveys(admin, world):
    user = world["users"]["helpdesk"]
    company = admin.ref("base.main_company")
    assert user.call("cx.sla.policy", "search_count", []) == admin.call(
        "cx.sla.policy", "search_count", [("company_id", "in", [company, False])]) > 0
    policy = admin.call("cx.sla.policy", "search", [], limit=1)[0]
    before = admin.call("cx.sla.policy", "read", [policy], ["name"])[0]["name"]
    denied(user, "cx.sla.policy", "write", [policy], {"name": "hacked"})
    assert admin.call("cx.sla.policy", "read", [policy], ["name"])[0]["name"] == before
    denied(user, "cx.nps.response", "search", [])
    denied(user, "cx.dashboard.figure", "search", [])
    # the SLA of the tickets it works on is readable
    ticket = user.call("helpdesk.ticket", "create", {"name": "Access %s" % world["tag"],
                                                     "description": "x"})
    status = user.call("helpdesk.ticket", "read", [ticket], ["cx_sla_status"])[0]
    assert status["cx_sla_status"] in ("ongoing", False)


def test_portal_user_reaches_no_backend_data(admin, world):
    user = world["users"]["portal"]
    for model in ("cx.nps.response", "cx.nps.campaign", "cx.sla.policy", "cx.tier",
                  "cx.dashboard.figure", "cx.interaction", "cx.lifecycle.history"):
        denied(user, model, "search", [])
    # survey tokens of other people: neither listed nor readable
    ids = [inv["id"] for inv in world["invitations"]]
    assert user.call("survey.user_input", "search", [("id", "in", ids)]) == []
    denied(user, "survey.user_input", "read", ids, ["token"])


# survey 11.0 lets every user write any survey.user_input; cx_nps_survey locks its
# invitations with record rules: nobody else may close, re-date or re-assign one
@pytest.mark.parametrize("who", ["portal", "employee"])
def test_other_users_cannot_tamper_with_invitations(admin, world, who):
    user = world["users"][who]
    invitation = world["invitations"][0]
    try:
        user.call("survey.user_input", "write", [invitation["id"]],
                  {"deadline": "2099-01-01 00:00:00", "state": "done"})
    except xmlrpc.client.Fault as fault:
        assert fault.faultCode == ACCESS_ERROR
    after = admin.call("survey.user_input", "read", [invitation["id"]],
                       ["state", "deadline"])[0]
    assert (after["state"], after["deadline"]) == (invitation["state"], invitation["deadline"])


def test_public_visitor_gets_no_data_over_json_rpc(server, admin, world):
    session = requests.Session()
    payload = {"jsonrpc": "2.0", "method": "call", "id": 1, "params": {
        "model": "cx.nps.response", "method": "search_read", "args": [[]],
        "kwargs": {"fields": ["comment"]}}}
    reply = session.post(server["url"] + "/web/dataset/call_kw/cx.nps.response/search_read",
                         json=payload, timeout=60).json()
    assert "result" not in reply
    assert "slow delivery" not in str(reply)
    common = xmlrpc.client.ServerProxy(server["url"] + "/xmlrpc/2/common")
    assert not common.authenticate(server["db"], "public", "", {})


# --------------------------------------------------------------------------- companies
@pytest.fixture(scope="module")
def companies(server, admin):
    tag = uuid.uuid4().hex[:6]
    main = admin.ref("base.main_company")
    other = admin.call("res.company", "create", {"name": "CX Sur %s" % tag,
                                                 "email": "sur-%s@example.com" % tag})
    groups = ["cx_experience.group_cx_manager", "helpdesk_mgmt.group_helpdesk_user",
              "sales_team.group_sale_salesman"]
    side = {}
    for key, company in (("a", main), ("b", other)):
        user = _user(admin, server, tag, "mgr%s" % key, groups, company_id=company)
        partner = user.call("res.partner", "create", {
            "name": "Customer %s %s" % (key.upper(), tag), "customer": True,
            "is_company": True, "email": "c%s-%s@example.com" % (key, tag)})
        # A's customer is a promoter (9 -> index 90), B's a detractor (2 -> index 20)
        response = user.call("cx.nps.response", "create", {
            "partner_id": partner, "score": 9 if key == "a" else 2,
            "comment": "company %s" % key})
        # an active policy of each company, first in order, for tickets named "MC <tag>"
        policy = user.call("cx.sla.policy", "create", {
            "name": "Policy %s %s" % (key.upper(), tag), "sequence": -1,
            "use_working_hours": False, "domain": "[('name', 'ilike', 'MC %s')]" % tag,
            "target_ids": [(0, 0, {"kind": "resolution", "hours": 8 if key == "a" else 2})]})
        campaign = user.call("cx.nps.campaign", "create", {"name": "Camp %s %s" % (key, tag)})
        side[key] = {"user": user, "company": company, "partner": partner,
                     "response": response, "policy": policy, "campaign": campaign}
    for key in ("a", "b"):
        # same name in both companies: each ticket gets its own company's policy only
        side[key]["ticket"] = side[key]["user"].call("helpdesk.ticket", "create", {
            "name": "MC %s %s" % (tag, key), "description": "x"})
    return side


@pytest.mark.parametrize("me,them", [("a", "b"), ("b", "a")])
def test_companies_never_mix(admin, companies, me, them):
    mine, theirs = companies[me], companies[them]
    user = mine["user"]
    both = lambda key: [mine[key], theirs[key]]  # noqa: E731
    # contacts are shared between companies in Odoo 11 (its partner rule is off by
    # default); each customer is stamped with the company of its creator
    assert admin.call("res.partner", "read", [mine["partner"]],
                      ["company_id"])[0]["company_id"][0] == mine["company"]
    assert user.call("cx.nps.response", "search", [("id", "in", both("response"))]) == [
        mine["response"]]
    assert user.call("cx.sla.policy", "search", [("id", "in", both("policy"))]) == [
        mine["policy"]]
    assert user.call("cx.nps.campaign", "search", [("id", "in", both("campaign"))]) == [
        mine["campaign"]]
    denied(user, "cx.nps.response", "read", [theirs["response"]], ["comment"])
    ticket = user.call("helpdesk.ticket", "read", [mine["ticket"]],
                       ["cx_sla_policy_id", "company_id"])[0]
    assert ticket["company_id"][0] == mine["company"]
    assert ticket["cx_sla_policy_id"][0] == mine["policy"]
    assert user.call("helpdesk.ticket", "search", [("id", "=", theirs["ticket"])]) == []
    assert user.call("cx.sla.line", "search_count", [("ticket_id", "=", theirs["ticket"])]) == 0
    # each response was stamped with its author's company, so was its interaction
    row = admin.call("cx.nps.response", "read", [mine["response"]],
                     ["company_id", "interaction_id"])[0]
    assert row["company_id"][0] == mine["company"]
    interactions = user.call("cx.interaction", "search_read",
                             [("partner_id", "in", both("partner"))],
                             fields=["partner_id", "company_id"])
    assert [(i["partner_id"][0], i["company_id"][0]) for i in interactions] == [
        (mine["partner"], mine["company"])]
    # the dashboard shows this company's figures (and shared ones), never the other's
    groups = user.call("cx.dashboard.figure", "read_group", [],
                       ["partner_count", "company_id"], ["company_id"], lazy=False)
    assert groups
    assert {g["company_id"] and g["company_id"][0] for g in groups} <= {
        mine["company"], False}
    # statistics: only this company's answers (A: one promoter, NPS +100; B: one
    # detractor, NPS -100)
    if me == "b":
        quadrants = user.call("cx.dashboard.figure", "read_group", [
            ("dimension", "=", "customer"), ("quadrant", "!=", False),
            ("company_id", "=", mine["company"])],
            ["partner_count", "satisfied_count", "quadrant"], ["quadrant"], lazy=False)
        # company B has one customer with satisfaction data: index 10 x 2 = 20 < 70, no
        # revenue (its own company contact is a customer with no data, in no quadrant)
        assert [(g["quadrant"], g["partner_count"], g["satisfied_count"])
                for g in quadrants] == [("precarious", 1, 1)]
        stats = user.call("cx.nps.response", "cx_nps_stats", [])
        assert [(s["n"], s["detractors"], s["nps"]) for s in stats] == [(1, 1, -100.0)]


# integrations read the dashboard over XML-RPC: its ids fit 32-bit integers
def test_dashboard_figures_read_over_xml_rpc(world):
    user = world["users"]["cx_user"]
    figures = user.call("cx.dashboard.figure", "search_read", [],
                        fields=["partner_count", "dimension"])
    assert figures and all(0 < f["id"] < 2 ** 31 for f in figures)
    assert len({f["id"] for f in figures}) == len(figures)
    # the records read are the figures aggregated: same customers per dimension
    total = user.call("cx.dashboard.figure", "read_group", [("dimension", "=", "customer")],
                      ["partner_count"], [])[0]["partner_count"]
    assert sum(f["partner_count"] for f in figures if f["dimension"] == "customer") == total
