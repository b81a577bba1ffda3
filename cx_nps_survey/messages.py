# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Messages cx_nps_survey writes for someone else to read (an interaction summary, an
activity, a note on a ticket, a timeline entry): marked here, so that the .pot has
them, and rendered in their reader's language (cx_experience/lang.py)."""
from odoo.addons.cx_experience.lang import mark as _

# The touchpoint of the answers, when it has to be created again (its data record's
# name has its translations from the .po).
TOUCHPOINT_NAME = _("NPS survey")

# The interaction an answer logs (cx.interaction summary_template), rendered when read.
NPS_ANSWER = _("NPS answer: %(score)s")

# The follow-up of a detractor: the owner's language (an activity), the company's (a
# ticket, read by the helpdesk team).
FOLLOWUP_SUMMARY = _("NPS follow-up: call back %(customer)s")
FOLLOWUP_NOTE = _("Open the NPS answer this activity belongs to for the score and the "
                  "customer's comment.")
FOLLOWUP_CLOSED = _("Not needed any more: the customer changed its NPS answer and is no "
                    "longer a detractor.")
FOLLOWUP_REOPENED = _("The customer changed its NPS answer back to a detractor: the "
                      "follow-up is needed again.")
# What the wizard records after the call (activity feedback, note on the ticket or on
# the answer).
OUTCOME_FEEDBACK = _("%(outcome)s. Root cause: %(reason)s.")
OUTCOME_FEEDBACK_NOTE = _("%(outcome)s. Root cause: %(reason)s. What was said: %(note)s")
NO_REASON = _("not given")

# A strategic customer became a detractor: the manager's activity, in its language.
ESCALATION_SUMMARY = _("Strategic customer %(customer)s is an NPS detractor")
ESCALATION_NOTE = _("%(customer)s, a strategic customer, answered the NPS survey as a "
                    "detractor. %(owner)s has the follow-up, due on %(deadline)s. Open "
                    "the NPS answer for the score and the comment.")

# The customer's timeline (cx.timeline, source of cx_nps_survey): rendered when read.
TL_NPS = _("NPS answer %(score)s (%(category)s): %(comment)s")
TL_NPS_NO_COMMENT = _("NPS answer %(score)s (%(category)s)")
