# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What an NPS answer sets off, following its final score (plain Python, no odoo).

The answering request records the answer only; the job that runs every minute
applies the rest to every answer flagged for it. When a customer corrects a score
(2 then 9), the follow-up of the detractor is closed, and opened again if the score
goes back to a detractor; the promoter email waits until the answer can no longer
change, so a promoter score replaced within the same visit never gets one.

    >>> followup_action("detractor", None)
    'create'
    >>> followup_action("promoter", FOLLOWUP_OPEN)
    'close'
    >>> followup_action("detractor", FOLLOWUP_CANCELLED)
    'reopen'
    >>> followup_action("promoter", FOLLOWUP_RESOLVED) is None   # staff worked on it
    True
"""
from . import nps

FOLLOWUP_OPEN = "open"
FOLLOWUP_CONTACTED = "contacted"
FOLLOWUP_RESOLVED = "resolved"
FOLLOWUP_LOST = "lost"
#: closed by the engine: the customer changed its score to a passive or a promoter
FOLLOWUP_CANCELLED = "cancelled"
#: outcomes recorded by staff: the engine never closes or reopens them
FOLLOWUP_OUTCOMES = (FOLLOWUP_CONTACTED, FOLLOWUP_RESOLVED, FOLLOWUP_LOST)

ACTION_CREATE = "create"
ACTION_CLOSE = "close"
ACTION_REOPEN = "reopen"


def followup_action(category, state):
    """What to do with the follow-up of an answer whose category is now ``category``
    and whose follow-up is in ``state`` (None: none yet): create, close, reopen or
    nothing (None)."""
    if category == nps.DETRACTOR:
        if not state:
            return ACTION_CREATE
        if state == FOLLOWUP_CANCELLED:
            return ACTION_REOPEN
        return None
    if state == FOLLOWUP_OPEN:
        return ACTION_CLOSE
    return None


def promoter_mail_due(category, already_sent, has_template):
    """Whether the answer, once final, gets the promoter email.

    >>> promoter_mail_due("promoter", False, True), promoter_mail_due("passive", False, True)
    (True, False)
    >>> promoter_mail_due("promoter", True, True), promoter_mail_due("promoter", False, False)
    (False, False)
    """
    return category == nps.PROMOTER and not already_sent and bool(has_template)
