# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The one way our buttons open a list or a form of other records.

A button method is public: any logged-in user can call it over RPC on any record id. So
before it returns an action, the caller must be able to read the record the button is
on and the model the action lists; the list itself then shows only what the caller's
record rules allow. Every ``action_open_*`` / ``action_view_*`` of the CX addons goes
through ``open_action``.
"""


def open_action(records, domain, xmlid=None, res_model=None, context=None, name=None,
                view_mode="tree,form", res_id=None):
    """A window action over ``domain``: the action of ``xmlid`` (its views, help and
    search filters), or a plain one on ``res_model``. Raises AccessError when the
    caller may not read ``records`` or the action's model."""
    records.check_access_rights("read")
    records.check_access_rule("read")
    env = records.env
    if xmlid:
        action = env.ref(xmlid).read()[0]
    else:
        action = {"type": "ir.actions.act_window", "res_model": res_model,
                  "view_mode": view_mode}
    env[action["res_model"]].check_access_rights("read")
    action["domain"] = domain
    action["context"] = context or {}
    if res_id:
        action.update(res_id=res_id, view_mode="form")
    if name:
        action["display_name"] = action["name"] = name
    return action
