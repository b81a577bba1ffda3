# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Who may write which customer-experience field of a partner.

The engine (tier recompute, quadrant, satisfaction feed, lifecycle rules, running as
server code under sudo) owns the figures it computes. A person sets only the value tier,
its lock and the lifecycle stage, and only a CX manager may: each such change is logged.

>>> refused({"name", "cx_quadrant"}, engine=False, manager=True)
(['cx_quadrant'], [])
>>> refused({"cx_tier_id", "cx_stage_id", "email"}, engine=False, manager=False)
([], ['cx_stage_id', 'cx_tier_id'])
>>> refused({"cx_revenue", "cx_stage_id"}, engine=True, manager=False)
([], [])
>>> sorted(set_on_create({"name": "A", "cx_quadrant": False, "cx_revenue": 5.0}))
['cx_revenue']
"""

# Computed by the engine only; nobody else writes them, whatever their group.
ENGINE_FIELDS = frozenset({
    "cx_revenue", "cx_quadrant", "cx_satisfaction_index", "cx_satisfaction_date",
    "cx_has_satisfaction", "cx_stage_date", "cx_satisfaction_estimated",
    "cx_satisfaction_components",
})
# Set by hand by a CX manager; the tier change log and the stage log record who.
TIER_FIELDS = frozenset({"cx_tier_id", "cx_tier_locked", "cx_tier_lock_reason"})
STAGE_FIELDS = frozenset({"cx_stage_id"})
MANAGER_FIELDS = TIER_FIELDS | STAGE_FIELDS
GUARDED_FIELDS = ENGINE_FIELDS | MANAGER_FIELDS


def refused(names, engine, manager):
    """The fields among ``names`` this writer may not write, sorted:
    ``(engine-owned fields, manager-only fields)``.

    ``engine`` is true for server code under sudo (and the administrator, who is the
    superuser in Odoo 11); ``manager`` for a member of the CX manager group.
    """
    if engine:
        return [], []
    names = set(names)
    return (sorted(names & ENGINE_FIELDS),
            [] if manager else sorted(names & MANAGER_FIELDS))


def set_on_create(vals):
    """The guarded fields a new partner's values really set. An empty value (False,
    0.0, None) is what a new partner holds anyway, so it sets nothing: the web client
    sends one, for example, when a customer is created in the "no stage" column."""
    return {name for name in GUARDED_FIELDS if vals.get(name)}
