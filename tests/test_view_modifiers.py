"""Every view a role opens draws: no attrs refer to a field the role does not get.

Odoo 11 removes from a view the fields whose ``groups`` the reader lacks, but keeps an
element's ``attrs`` that name them; the web client then fails on the unknown field and
the form does not draw (it happened on the customer form for a user with invoicing
rights and no CX group). This reads, over XML-RPC as each role, the views of the models
our addons extend or add, and lists every modifier whose domain names a field missing
from the view's ``fields``.
"""
import json
import uuid
import xml.etree.ElementTree as ET

import pytest

from helpers import make_user

ROLES = {
    "billing_only": ["base.group_user", "account.group_account_invoice"],
    "employee": ["base.group_user"],
    "salesman": ["sales_team.group_sale_salesman"],
    "cx_user": ["cx_experience.group_cx_user"],
    "cx_manager": ["cx_experience.group_cx_manager"],
    "helpdesk_user": ["helpdesk_mgmt.group_helpdesk_user"],
}
# (model, view type): the screens our addons change or add that these roles may open.
VIEWS = [
    ("res.partner", "form"), ("res.partner", "tree"), ("res.partner", "kanban"),
    ("helpdesk.ticket", "form"), ("helpdesk.ticket", "tree"),
    ("cx.nps.response", "form"), ("cx.nps.response", "tree"),
    ("cx.nps.campaign", "form"), ("cx.interaction", "form"),
]


def _leaves(domain):
    for leaf in domain if isinstance(domain, list) else []:
        if isinstance(leaf, list) and len(leaf) == 3 and isinstance(leaf[0], str):
            yield leaf[0]


def _unknown_fields(arch, fields):
    """(tag, name or class, field) of every modifier naming a field the view lacks."""
    found = set()
    for node in ET.fromstring(arch).iter():
        modifiers = json.loads(node.get("modifiers") or "{}")
        for value in modifiers.values():
            for name in _leaves(value):
                if name.split(".")[0] not in fields:
                    found.add((node.tag, node.get("name") or node.get("class"), name))
    return found


@pytest.fixture(scope="module")
def roles(server, admin):
    tag = uuid.uuid4().hex[:6]
    return {key: make_user(admin, server, "mod_%s_%s" % (key, tag), groups)
            for key, groups in ROLES.items()}


def _readable(client, model):
    return client.call(model, "check_access_rights", "read", False)


@pytest.mark.parametrize("role", sorted(ROLES))
def test_no_modifier_names_a_field_the_role_lacks(roles, role):
    client = roles[role]
    broken = {}
    checked = 0
    for model, view_type in VIEWS:
        if not _readable(client, model):
            continue
        view = client.call(model, "fields_view_get", False, view_type)
        checked += 1
        unknown = _unknown_fields(view["arch"], view["fields"])
        # subviews of one2many fields carry their own arch and fields
        for field in view["fields"].values():
            for sub in (field.get("views") or {}).values():
                unknown |= _unknown_fields(sub["arch"], sub["fields"])
        if unknown:
            broken["%s %s" % (model, view_type)] = sorted(unknown)
    assert checked, "the role could read none of the models"
    assert broken == {}, broken


def test_the_check_finds_a_missing_field():
    """The check itself: a modifier naming a field that is not in the view is found."""
    arch = ('<form><field name="a" modifiers=\'{"invisible": [["b", "=", false]]}\'/>'
            '<span modifiers=\'{"invisible": [["a", "!=", 1]]}\'/></form>')
    assert _unknown_fields(arch, {"a": {}}) == {("field", "a", "b")}
    assert _unknown_fields(arch, {"a": {}, "b": {}}) == set()
