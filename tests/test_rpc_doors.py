"""Every door our addons open over RPC, found from the registry and tried as an attacker.

Any method whose name does not start with `_` can be called by any logged-in user over
XML-RPC and JSON-RPC, with any arguments and any context. This file does not trust a
list written by hand: it asks the running registry for every public method that a
class of cx_experience, cx_nps_survey or cx_sla defines (on our own models and on the
ones we extend: res.partner, helpdesk.ticket, survey.*, mail.*, account.invoice...),
and every HTTP route of our controllers. Then it calls each method as a portal user, a
plain employee, a CX user and a helpdesk user, once with plausible and once with
hostile arguments and context. Each call must be refused with an access error, unless
the method is in ALLOWED below with the groups that may call it and why that is safe.
A new public method without an entry fails this file; so does an entry for a method
that no longer exists.

What a refused call may not do is checked too: nothing it did is left in the database
(table counts and engine-owned columns compared before and after), and no call takes
the time of an injected pg_sleep.
"""
import time
import uuid
import xmlrpc.client

import psycopg2
import pytest

from helpers import make_user, odoo_shell

ACCESS_ERROR = 4  # odoo.service.wsgi_server.RPC_FAULT_CODE_ACCESS_ERROR
ACCESS_DENIED = 3

INTROSPECT = r'''
import inspect, json
from odoo import http
from odoo.models import regex_private as PRIVATE
OURS = ("odoo.addons.cx_experience.", "odoo.addons.cx_nps_survey.", "odoo.addons.cx_sla.",
        "odoo.addons.cx_sla_nps.")
methods = []
for name in sorted(env.registry):
    model = env[name]
    cls = type(model)
    seen = set()
    for klass in cls.__mro__:
        if not klass.__module__.startswith(OURS):
            continue
        for attr, value in sorted(vars(klass).items()):
            # Odoo itself refuses these over RPC (odoo.models.check_method_name)
            if PRIVATE.match(attr) or attr in seen or not inspect.isfunction(value):
                continue
            seen.add(attr)
            params = list(inspect.signature(value).parameters.values())[1:]
            methods.append({
                "model": name, "method": attr, "module": klass.__module__,
                "api": getattr(getattr(cls, attr), "_api", None),
                "required": [p.name for p in params if p.default is p.empty
                             and p.kind == p.POSITIONAL_OR_KEYWORD],
                "abstract": bool(model._abstract), "transient": bool(model._transient),
            })
def subclasses(klass):
    for sub in klass.__subclasses__():
        yield sub
        yield from subclasses(sub)
routes = []
for ctrl in sorted(set(subclasses(http.Controller)), key=lambda c: c.__module__ + c.__name__):
    if not ctrl.__module__.startswith(OURS):
        continue
    for attr, value in sorted(vars(ctrl).items()):
        # an override without its own @http.route keeps the parent's route
        routing = next((getattr(vars(k)[attr], "routing", None) for k in ctrl.__mro__
                        if attr in vars(k) and getattr(vars(k)[attr], "routing", None)),
                       None)
        if routing:
            routes.append({"controller": ctrl.__name__, "method": attr,
                           "routes": routing.get("routes") or [],
                           "auth": routing.get("auth"), "type": routing.get("type")})
print("RESULT " + json.dumps({"methods": methods, "routes": routes}))
'''

# The groups of the callers. The admin (uid 1 in Odoo 11) is the superuser and is
# not tried: it may do everything by design.
CALLERS = {
    "portal": ["base.group_portal"],
    "employee": ["base.group_user"],
    "cx_user": ["cx_experience.group_cx_user"],
    "helpdesk": ["helpdesk_mgmt.group_helpdesk_user"],
}
ANYONE = frozenset(CALLERS)
STAFF = frozenset({"employee", "cx_user", "helpdesk"})

# ORM entry points that our classes override: the ORM itself checks access rights and
# record rules on them, like on any Odoo model; the engine-owned fields they guard are
# tried field by field in tests/test_rpc_fields.py.
ORM = {"create", "write", "unlink", "copy", "read", "search", "read_group", "name_get",
       "name_search", "default_get", "fields_get", "search_read", "onchange"}

# (model, method): (who may call it, why it is safe). Everyone else must be refused.
ALLOWED = {
    # Buttons that return an action: they first check (cx_experience/actions.py) that
    # the caller may read the record and the listed model; the list then applies the
    # caller's record rules.
    ("cx.dashboard.figure", "action_open"): (
        {"cx_user"}, "drill-down of a figure the caller reads; customers listed by rules"),
    ("cx.dashboard.figure", "action_export_xlsx"): (
        {"cx_user"}, "the figures the caller reads (searched with its rights) as XLSX"),
    ("cx.interaction", "action_open_source"): (
        {"cx_user"}, "opens the answer or ticket of an interaction the caller reads; that "
                     "record checks its own rights"),
    ("cx.tier", "action_open_partners"): (
        STAFF, "employees read the tiers; the customers list applies their rules"),
    ("res.partner", "action_cx_open_interactions"): (
        {"cx_user"}, "interactions of a customer, listed with the CX user's rules"),
    ("res.partner", "action_cx_open_tier_changes"): (
        {"cx_user"}, "the tier log of a customer the caller reads"),
    ("res.partner", "action_cx_open_timeline"): (
        {"cx_user"}, "the timeline of a customer the caller reads, listed with the timeline's "
                     "rules; the context's kind only picks a known search filter"),
    ("cx.timeline", "action_open_source"): (
        {"cx_user"}, "opens the record of a timeline entry the caller reads; that record "
                     "checks its own rights"),
    ("res.partner", "action_cx_nps_responses"): (
        {"cx_user"}, "answers of a customer, listed with the own-customers rule"),
    ("cx.nps.campaign", "action_view_audience"): (
        {"cx_user"}, "contacts of the audience filter, searched with the caller's rights"),
    ("cx.nps.campaign", "action_view_responses"): (
        {"cx_user"}, "answers of a campaign, listed with the own-customers rule"),
    ("cx.nps.campaign", "action_view_invitations"): (
        {"cx_user"}, "invitations of a campaign, listed with the own-customers rule"),
    ("cx.lifecycle.stage.stats", "action_open_stays"): (
        {"cx_user"}, "drill-down of a funnel row the caller reads (company rule): the stays "
                     "of its stage, listed with the stage log's rules"),
    ("cx.sla.satisfaction.report", "action_open_targets"): (
        {"cx_user"}, "drill-down of a customer's row the caller reads: its SLA targets, "
                     "listed with the compliance report's rules"),
    ("cx.sla.policy", "action_view_tickets"): (
        {"cx_user", "helpdesk"}, "tickets of a policy the caller reads, listed with the "
                                 "helpdesk's rules"),
    # Statistics and reports computed with the caller's rights and record rules.
    ("cx.nps.response", "cx_nps_stats"): (
        {"cx_user"}, "whitelisted dimensions, bound parameters, the caller's record rules "
                     "on answers and invitations (tests/test_rpc_injection.py)"),
    ("cx.headline", "cx_dashboard_data"): (
        {"cx_user"}, "CX users only (checked first); the period is parsed and checked; "
                     "every figure counted with the caller's rights and record rules"),
    ("cx.nps.analysis", "cx_report"): (
        {"cx_user"}, "read right on the answers checked first; figures through cx_nps_stats "
                     "(whitelisted group-bys, the caller's record rules)"),
    ("cx.nps.analysis", "cx_export_xlsx"): (
        {"cx_user"}, "the same figures as XLSX, attached to a transient record of the "
                     "caller (only its creator reads the file)"),
    ("report.cx_experience.dashboard_xlsx", "generate_xlsx_report"): (
        {"cx_user"}, "report_xlsx's hook: it needs a live workbook, which an RPC caller "
                     "cannot send, and reads the figures again with the caller's rights"),
    # The closed loop: the account manager records the outcome of its own follow-ups
    # (write right and own-customers rule checked before the dates are written).
    ("cx.nps.response", "action_followup_contacted"): ({"cx_user"}, "own follow-ups"),
    ("cx.nps.response", "action_followup_resolved"): ({"cx_user"}, "own follow-ups"),
    ("cx.nps.response", "action_followup_lost"): ({"cx_user"}, "own follow-ups"),
    ("cx.nps.followup.wizard", "action_confirm"): (
        {"cx_user"}, "the caller's own wizard (transient rule); write right and own-customers "
                     "rule on the answer checked before the engine records the outcome"),
    # Links of an invitation, for the sandboxed mail templates (they cannot call private
    # methods): the caller must read the invitation, which already shows its token.
    ("survey.user_input", "cx_nps_answer_url"): ({"cx_user"}, "invitation read first"),
    ("survey.user_input", "cx_nps_answer_base"): ({"cx_user"}, "invitation read first"),
    ("survey.user_input", "cx_nps_optout_url"): ({"cx_user"}, "invitation read first"),
    ("survey.user_input", "cx_nps_score_colour"): ({"cx_user"}, "invitation read first"),
    ("survey.user_input", "cx_nps_survey_url"): ({"cx_user"}, "invitation read first"),
    ("survey.user_input", "cx_nps_honeypot_url"): ({"cx_user"}, "invitation read first"),
    # Survey 11.0's own public validation hooks, called by its controller with the
    # posted form: they check the given answer against the question, write nothing.
    ("survey.question", "validate_question"): (ANYONE, "pure validation, writes nothing"),
    ("survey.question", "validate_simple_choice"): (ANYONE, "pure validation"),
    ("survey.question", "validate_free_text"): (ANYONE, "pure validation"),
    ("survey.question", "validate_textbox"): (ANYONE, "pure validation"),
    # The KPI digest (CX managers only, none of the callers above: every one of them must
    # be refused). A figure's drill-down checks the read right and rule on the digest,
    # then returns the figure's action computed with the caller's rights; the test
    # digest checks the manager group before anything is read or written.
    ("cx.digest", "action_open_figure"): (
        frozenset(), "CX managers who read the digest; the figure's action by its rules"),
    ("res.config.settings", "action_cx_digest_send_test"): (
        frozenset(), "CX managers only, checked first; one mail to the caller's address"),
    ("cx.digest.test", "action_send"): (
        frozenset(), "CX managers only, checked first; one mail to the caller's address"),
    # Odoo's own public helper, which we extend to send the digest's chart inline: it
    # builds a message object in memory (reads and writes nothing; XML-RPC cannot even
    # return it); our part only moves the images its body names into multipart/related.
    ("ir.mail_server", "build_email"): (ANYONE, "in-memory message, nothing read or written"),
    # A reply on a ticket: mail.thread checks the caller's access to the ticket; only an
    # internal user's reply counts as the first response.
    ("helpdesk.ticket", "message_post"): ({"helpdesk"}, "mail.thread's own access check"),
}

# Arguments: plausible ones, then hostile ones (SQL in every string, far dates).
INJECT = "id, (SELECT pg_sleep(5))::text, version() --"
HOSTILE_CONTEXT = {
    "cx_internal": True, "cx_sla_no_nps": True, "cx_sla_now": "2099-12-31 23:59:59",
    "cx_reason": "forged", "tz": "UTC'); SELECT pg_sleep(5); --", "active_test": False,
    "uid": 1, "su": True, "lang": "es_ES",
}


def _plausible(name):
    if "domain" in name:
        return []
    if name in ("today", "now", "date"):
        return "2026-12-01"
    if name in ("score", "index", "count", "seed"):
        return 5
    if name in ("vals", "values", "data", "post", "kwargs"):
        return {}
    return False


def _hostile(name):
    if "domain" in name:
        return [["id", ">", 0], ["name", "=like", "%"]]
    if name in ("today", "now", "date"):
        return "2999-12-31"
    if name in ("score", "index", "count", "seed"):
        return 10 ** 9
    if name in ("vals", "values", "data", "post", "kwargs"):
        return {"cx_quadrant": "model", "state": "done", "score": 0}
    return INJECT


def _fingerprint(db):
    """What a refused call must leave as it was: row counts of the tables our code
    writes, and a hash of the engine-owned columns."""
    tables = ("res_partner", "cx_nps_response", "survey_user_input", "survey_user_input_line",
              "mail_mail", "mail_activity", "mail_message", "cx_interaction",
              "cx_lifecycle_history", "cx_tier_change", "helpdesk_ticket", "cx_sla_line",
              "cx_sla_escalation_log", "cx_nps_campaign", "ir_config_parameter")
    with psycopg2.connect(dbname=db) as conn, conn.cursor() as cr:
        result = {}
        for table in tables:
            cr.execute("SELECT count(*) FROM %s" % table)  # names from our own list
            result[table] = cr.fetchone()[0]
        cr.execute("""SELECT md5(string_agg(concat_ws(',', id, cx_tier_id, cx_stage_id,
                             cx_quadrant, cx_satisfaction_index, cx_revenue), ';'
                             ORDER BY id)) FROM res_partner""")
        result["partner_engine"] = cr.fetchone()[0]
        cr.execute("""SELECT md5(string_agg(concat_ws(',', id, cx_sla_status, cx_sla_deadline,
                             stage_id, user_id), ';' ORDER BY id)) FROM helpdesk_ticket""")
        result["ticket_engine"] = cr.fetchone()[0]
        cr.execute("""SELECT md5(string_agg(concat_ws(',', id, state, deadline, partner_id),
                             ';' ORDER BY id)) FROM survey_user_input""")
        result["invitations"] = cr.fetchone()[0]
        cr.execute("""SELECT md5(string_agg(concat_ws(',', id, score, comment, partner_id,
                             followup_state), ';' ORDER BY id)) FROM cx_nps_response""")
        result["responses"] = cr.fetchone()[0]
        cr.execute("SELECT md5(string_agg(key || '=' || value, ';' ORDER BY key)) "
                   "FROM ir_config_parameter")
        result["parameters"] = cr.fetchone()[0]
        return result


@pytest.fixture(scope="module")
def doors(server):
    return odoo_shell(server["db"], INTROSPECT)


@pytest.fixture(scope="module")
def callers(server, admin):
    tag = uuid.uuid4().hex[:6]
    return {key: make_user(admin, server, "door_%s_%s" % (key, tag), groups)
            for key, groups in CALLERS.items()}


def _record_of(admin, entry):
    """An existing record of the method's model (the first one the admin sees)."""
    if entry["abstract"] or entry["api"] == "model":
        return None
    if entry["transient"]:
        # Transient records belong to their creator: one of the admin's.
        return admin.call(entry["model"], "create", {})
    found = admin.call(entry["model"], "search", [], limit=1)
    return found[0] if found else None


def test_allow_list_names_only_existing_methods(doors):
    found = {(m["model"], m["method"]) for m in doors["methods"]}
    assert sorted(set(ALLOWED) - found) == []


def test_every_public_method_refuses_callers_outside_its_groups(
        server, admin, doors, callers):
    before = _fingerprint(server["db"])
    failures, slow, tried = [], [], 0
    for entry in doors["methods"]:
        key = (entry["model"], entry["method"])
        if entry["method"] in ORM:
            continue
        allowed, _why = ALLOWED.get(key, (frozenset(), ""))
        record = _record_of(admin, entry)
        for who, client in callers.items():
            if who in allowed:
                continue
            for hostile in (False, True):
                args = [(_hostile if hostile else _plausible)(p) for p in entry["required"]]
                if entry["api"] != "model":
                    args = [[record] if record else []] + args
                kwargs = {"context": HOSTILE_CONTEXT} if hostile else {}
                tried += 1
                start = time.monotonic()
                try:
                    client.call(entry["model"], entry["method"], *args, **kwargs)
                except xmlrpc.client.Fault as fault:
                    if fault.faultCode not in (ACCESS_ERROR, ACCESS_DENIED):
                        failures.append("%s.%s as %s%s: not an access error but %s" % (
                            key + (who, " (hostile)" if hostile else "",
                                   fault.faultString.strip().splitlines()[-1][:300])))
                else:
                    failures.append("%s.%s as %s%s: accepted" % (
                        key + (who, " (hostile)" if hostile else "")))
                if time.monotonic() - start > 4:
                    slow.append("%s.%s as %s" % (key + (who,)))
    assert tried > 50
    assert failures == [], "\n".join(failures)
    assert slow == []
    assert _fingerprint(server["db"]) == before


def test_every_http_route_is_known(doors):
    """Our controllers' routes and who reaches them: a new route must be added here."""
    found = {(r["method"], tuple(r["routes"]), r["auth"]) for r in doors["routes"]}
    assert found == KNOWN_ROUTES, sorted(found)


# Every route of our controllers, with its auth. The public ones take an invitation's
# token and are tried under attack in tests/test_access_public.py and test_nps_public.py.
KNOWN_ROUTES = {
    # A digest's figure link: a logged-in user is only forwarded to the client action
    # (nothing read); the drill-down is cx.digest.action_open_figure's, checked above.
    ("cx_digest_figure", ("/cx_experience/digest/<int:digest_id>/<string:code>",), "user"),
    ("cx_nps_answer", ("/cx_nps/answer/<string:token>/<int:score>",), "public"),
    ("cx_nps_open", ("/cx_nps/open/<string:token>",), "public"),
    ("cx_nps_confirm", ("/cx_nps/confirm/<string:token>",), "public"),
    ("cx_nps_submit", ("/cx_nps/submit/<string:token>",), "public"),
    ("cx_nps_optout", ("/cx_nps/optout/<string:token>",), "public"),
    ("start_survey", ('/survey/start/<model("survey.survey"):survey>',
                      '/survey/start/<model("survey.survey"):survey>/<string:token>'),
     "public"),
    ("fill_survey", ('/survey/fill/<model("survey.survey"):survey>/<string:token>',
                     '/survey/fill/<model("survey.survey"):survey>/<string:token>/'
                     '<string:prev>'), "public"),
    ("submit", ('/survey/submit/<model("survey.survey"):survey>',), "public"),
}
