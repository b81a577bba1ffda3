# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The customer's timeline: the kinds of entry, their severity, and the rule that
says which entry reads as a warning.

The timeline (model ``cx.timeline``) is one SQL view: the UNION ALL of one SELECT per
source. cx_experience gives interactions, invoices, activities, tier changes and stage
changes; other addons add theirs (cx_sla tickets, cx_nps_survey NPS answers). The
codes below are the ones the view stores in its ``kind`` and ``level`` columns.

>>> interaction_level(True, 6.5)
'danger'
>>> interaction_level(True, 7.0) is None
True
>>> interaction_level(False, 0.0) is None
True
>>> activity_level("2026-03-01", "2026-03-02"), activity_level("2026-03-02", "2026-03-02")
('danger', 'warning')
>>> activity_level("2026-03-03", "2026-03-02") is None
True
"""

KIND_INTERACTION = "interaction"
KIND_INVOICE = "invoice"
KIND_ACTIVITY = "activity"
KIND_TIER = "tier"
KIND_STAGE = "stage"
KINDS = (KIND_INTERACTION, KIND_INVOICE, KIND_ACTIVITY, KIND_TIER, KIND_STAGE)
# Kinds only users with invoicing rights read (account.group_account_invoice).
INVOICING_KINDS = (KIND_INVOICE,)

LEVEL_DANGER = "danger"
LEVEL_WARNING = "warning"
LEVEL_SUCCESS = "success"
LEVELS = (LEVEL_DANGER, LEVEL_WARNING, LEVEL_SUCCESS)

# An interaction scored below this (0-10 scale) reads as a warning sign.
LOW_SCORE = 7.0

# Each source's rows get the ids row_key * MAX_SOURCES + the source's position, so
# ids of two sources never meet.
MAX_SOURCES = 64


def interaction_level(has_score, score):
    """The severity of an interaction: ``danger`` for a measured score below LOW_SCORE."""
    return LEVEL_DANGER if has_score and score < LOW_SCORE else None


def activity_level(deadline, today):
    """The severity of an open activity: ``danger`` once overdue, ``warning`` on its
    day. Dates as ISO strings (or dates: they compare the same)."""
    if deadline < today:
        return LEVEL_DANGER
    if deadline == today:
        return LEVEL_WARNING
    return None


def row_id(row_key, position):
    """The id of the row ``row_key`` of the source at ``position``.

    >>> row_id(5, 0), row_id(5, 3), split_id(row_id(5, 3))
    (320, 323, (5, 3))
    """
    if not 0 <= position < MAX_SOURCES:
        raise ValueError("a timeline has at most %d sources" % MAX_SOURCES)
    return row_key * MAX_SOURCES + position


def split_id(ident):
    """``(row_key, position)`` of a timeline id (see row_id)."""
    return divmod(ident, MAX_SOURCES)
