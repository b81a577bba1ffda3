"""SQL injection over RPC: crafted dimensions, group-bys, domains and context values.

Each attempt is made by a CX manager (who may read the statistics, so the call gets past
the access check and reaches the SQL) and by a portal user. None may leak data (the
PostgreSQL version, a password hash, an invitation token) in its answer or its error,
change anything (the database's fingerprint is compared before and after), or take the
time of the injected pg_sleep.
"""
import time
import uuid
import xmlrpc.client

import pytest

from helpers import make_user
from test_rpc_doors import _fingerprint

SLEEP = "(SELECT pg_sleep(5))"
DIMENSIONS = [
    # the two that worked against the old code: a sleep, and the version leaked by a cast
    "id, (SELECT 1 FROM pg_sleep(5))",
    "id, CAST((SELECT version()) AS int)",
    "id, version() AS x --:month",
    "partner_id, (SELECT password FROM res_users WHERE id = 1) --",
    "date:month'); UPDATE res_partner SET name = 'pwned'; --",
    "%s::text:month" % SLEEP,
    "comment",
    ["campaign_id", SLEEP],
    ["month", "date:hour); SELECT pg_sleep(5); --"],
    "(CASE WHEN (SELECT substr(token, 1, 1) FROM survey_user_input LIMIT 1) = 'a' "
    "THEN 1/0 END)",
]
GROUPBYS = [
    "date:month'; SELECT pg_sleep(5); --",
    "score, (SELECT pg_sleep(5))",
    "partner_id::text",
]
# What an injection would read: the server's version, a password hash. (A refusal may
# quote the caller's own text back; a stacked UPDATE shows in the fingerprint.)
LEAKS = ("PostgreSQL 1", "$pbkdf2")


@pytest.fixture(scope="module")
def attackers(server, admin):
    tag = uuid.uuid4().hex[:6]
    return {key: make_user(admin, server, "inject_%s_%s" % (key, tag), groups)
            for key, groups in (("cx_manager", ["cx_experience.group_cx_manager"]),
                                ("portal", ["base.group_portal"]))}


def _attempt(client, model, method, *args, **kwargs):
    """Call; return (refused?, text of the answer or error, seconds)."""
    start = time.monotonic()
    try:
        text, refused = str(client.call(model, method, *args, **kwargs)), False
    except xmlrpc.client.Fault as fault:
        text, refused = fault.faultString, True
    return refused, text, time.monotonic() - start


def _check(results):
    for label, (refused, text, seconds) in results.items():
        assert refused, "%s was accepted: %s" % (label, text[:500])
        assert seconds < 4, "%s took %.1f s" % (label, seconds)
        assert not any(leak in text for leak in LEAKS), (label, text[-800:])


@pytest.mark.parametrize("who", ["cx_manager", "portal"])
def test_statistics_dimensions_are_a_whitelist(server, attackers, who):
    before = _fingerprint(server["db"])
    client = attackers[who]
    _check({repr(dim): _attempt(client, "cx.nps.response", "cx_nps_stats", [], dim)
            for dim in DIMENSIONS})
    assert _fingerprint(server["db"]) == before


def test_statistics_accept_their_own_dimensions(attackers):
    client = attackers["cx_manager"]
    for dimension in (None, "campaign", "tier", "month", ["campaign", "month"], "date:week"):
        rows = client.call("cx.nps.response", "cx_nps_stats", [], dimension)
        assert isinstance(rows, list)


def test_statistics_time_zone_from_the_context_is_no_way_in(server, attackers):
    before = _fingerprint(server["db"])
    client = attackers["cx_manager"]
    for tz in ("UTC'); SELECT pg_sleep(5); --", "Europe/Madrid' || version() || '"):
        refused, text, seconds = _attempt(client, "cx.nps.response", "cx_nps_stats", [],
                                          "month", context={"tz": tz})
        assert seconds < 4 and not any(leak in text for leak in LEAKS), text[-500:]
    assert _fingerprint(server["db"]) == before


def test_no_invitation_token_oracle(attackers):
    """A caller-supplied invitation domain searched under sudo leaked tokens one
    character at a time: whatever the statistics accept, the answer must not depend on
    the tokens."""
    client = attackers["cx_manager"]
    answers = set()
    for prefix in "0123456789abcdef":
        refused, text, _seconds = _attempt(
            client, "cx.nps.response", "cx_nps_stats", [], None,
            [("token", "=like", prefix + "%")])
        answers.add((refused, text if not refused else "refused"))
    assert len(answers) == 1, answers


@pytest.mark.parametrize("model,fields,text_field", [
    ("cx.nps.response", ["score"], "comment"),
    ("cx.dashboard.figure", ["partner_count"], "dimension"),
    ("cx.sla.report", ["met_count"], "kind"),
])
def test_group_bys_and_domains_are_not_sql(server, attackers, model, fields, text_field):
    before = _fingerprint(server["db"])
    client = attackers["cx_manager"]
    results = {}
    for groupby in GROUPBYS:
        results["groupby %r" % groupby] = _attempt(client, model, "read_group", [], fields,
                                                   [groupby])
    results["order"] = _attempt(client, model, "search", [], order="id; SELECT pg_sleep(5)")
    results["field"] = _attempt(client, model, "search", [("id); SELECT pg_sleep(5); --",
                                                          "=", 1)])
    _check(results)
    # values in a domain are parameters: the injection is a harmless string
    refused, text, seconds = _attempt(client, model, "search_count", [
        (text_field, "=", "x'; SELECT pg_sleep(5); --")])
    assert (refused, text) == (False, "0") and seconds < 4
    assert _fingerprint(server["db"]) == before
