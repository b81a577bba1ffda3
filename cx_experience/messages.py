# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Messages cx_experience stores as their source text and renders when read, in the
reader's language (see lang.py): marked here, so that the .pot has them."""
from .lang import mark as _

# The to-do of a customer entering "at risk" (written by SQL, in its assignee's language).
AT_RISK_SUMMARY = _("Customer at risk: plan an action")
AT_RISK_NOTE = _("Low satisfaction but high revenue. Call the customer, find the cause "
                 "and agree an action plan.")
# Reasons the logs record when a person gave none.
REASON_MOVED_BY_HAND = _("Moved by hand")
REASON_SET_BY_HAND = _("Set by hand")

# The KPI digest, rendered in each recipient's language.
DIGEST_SUBJECT = _("%(kind)s customer experience digest: %(start)s to %(end)s")
NO_SCORE = _("no score")
KPI_KEYS = ("interactions", "scored", "score_avg", "tier_up", "tier_down", "moves",
            "churned")
KPI_LABELS = {
    "interactions": _("Interactions"),
    "scored": _("Interactions with a satisfaction score"),
    "score_avg": _("Average score (0-10)"),
    "tier_up": _("Customers up a tier"),
    "tier_down": _("Customers down a tier"),
    "moves": _("Lifecycle moves"),
    "churned": _("Customers churned"),
}
COLUMN_TITLES = (_("This period"), _("Previous period"), _("Change"))
# The headline figures of the digest (cx.headline), as each recipient reads them.
NO_DATA = _("no data")
UNIT_POINTS = _("pts")
UNIT_PERCENT_POINTS = _("pp")
TARGET = _("target %(target)s")
SIGNIFICANT = _("significant change")
NOT_SIGNIFICANT = _("within the margin of error")
DIRECTION_TITLES = {"up": _("up"), "down": _("down"), "flat": _("no change")}
REPRESENTATIVENESS = _("Representativeness %(r)s / 100 (response rates vary %(cv)s %%)")
REPRESENTATIVENESS_R = _("Representativeness %(r)s / 100")
REPRESENTATIVENESS_NONE = _("Representativeness: no data")
CHART_TITLE = _("NPS over the last %(count)s periods, with its margin of error")
CHART_ALT = _("NPS per period: %(values)s")

# Timeline entries (cx.timeline), rendered when read in the reader's language.
TL_INVOICE = _("Invoice %(number)s: %(amount)s")
TL_REFUND = _("Credit note %(number)s: %(amount)s")
TL_INVOICE_BARE = _("Invoice: %(amount)s")
TL_REFUND_BARE = _("Credit note: %(amount)s")
TL_ACTIVITY = _("%(type)s for %(user)s: %(summary)s")
TL_ACTIVITY_NO_SUMMARY = _("%(type)s for %(user)s")
TL_ACTIVITY_DONE = _("%(type)s done by %(user)s")
TL_TIER_FIRST = _("Value tier: %(new)s (%(source)s)")
TL_TIER = _("Value tier: %(old)s to %(new)s (%(source)s)")
TL_STAGE_FIRST = _("Lifecycle stage: %(new)s (%(rule)s)")
TL_STAGE = _("Lifecycle stage: %(old)s to %(new)s (%(rule)s)")
TL_STAGE_BY_HAND = _("Lifecycle stage: %(old)s to %(new)s, by %(user)s: %(reason)s")
TL_NONE = _("none")
# The stage log, when a rule left alone a customer moved by hand.
STAGE_HELD = _("Kept by hand: the rule \"%(rule)s\" would have moved the customer to "
               "%(stage)s on %(date)s; a move by hand is respected for %(days)s days, "
               "until %(until)s.")
