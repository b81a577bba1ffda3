# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Public codes of cx_experience (see MISSION.md): used everywhere instead of strings."""

TIER_STRATEGIC = "strategic"
TIER_HIGH = "high"
TIER_MEDIUM = "medium"
TIER_LOW = "low"
TIER_CODES = (TIER_STRATEGIC, TIER_HIGH, TIER_MEDIUM, TIER_LOW)

STAGE_PRESALE = "presale"
STAGE_SALE = "sale"
STAGE_SERVICE = "service"
STAGE_COLLECTION = "collection"
STAGE_TELEMARKETING = "telemarketing"
STAGE_LOYALTY = "loyalty"
STAGE_RETENTION = "retention"
STAGE_CHURNED = "churned"
STAGE_CODES = (
    STAGE_PRESALE, STAGE_SALE, STAGE_SERVICE, STAGE_COLLECTION,
    STAGE_TELEMARKETING, STAGE_LOYALTY, STAGE_RETENTION, STAGE_CHURNED,
)

QUADRANT_MODEL = "model"
QUADRANT_GROWTH = "growth"
QUADRANT_AT_RISK = "at_risk"
QUADRANT_PRECARIOUS = "precarious"
QUADRANT_CODES = (QUADRANT_MODEL, QUADRANT_GROWTH, QUADRANT_AT_RISK, QUADRANT_PRECARIOUS)

# Kinds of information an interaction gives (the articles' "patrones de información").
INFO_PAST = "past"
INFO_CURRENT = "current"
INFO_POTENTIAL = "potential"

CHANNELS = (
    ("phone", "Phone"),
    ("email", "Email"),
    ("web", "Web"),
    ("chat", "Chat"),
    ("store", "Store"),
    ("field", "Field visit"),
    ("survey", "Survey"),
    ("helpdesk", "Helpdesk"),
    ("other", "Other"),
)

# Directions of a tier change.
DIRECTION_UP = "up"
DIRECTION_DOWN = "down"
DIRECTION_INITIAL = "initial"

# Who changed a tier.
TIER_SOURCE_RULE = "rule"
TIER_SOURCE_MANUAL = "manual"

# Digest rhythms (the articles: supervisors daily, middle management weekly,
# top management monthly).
DIGEST_DAILY = "daily"
DIGEST_WEEKLY = "weekly"
DIGEST_MONTHLY = "monthly"
DIGEST_KINDS = (DIGEST_DAILY, DIGEST_WEEKLY, DIGEST_MONTHLY)

# Customer invoices and refunds that count as revenue (posted: open or paid), and the
# states of a posted invoice the lifecycle rules read. Every SQL over invoices takes them
# from here.
INVOICE_POSTED_STATES = ("open", "paid")
INVOICE_OPEN_STATE = "open"
REVENUE_STATES = INVOICE_POSTED_STATES
REVENUE_TYPES = ("out_invoice", "out_refund")
INVOICE_TYPE_OUT = "out_invoice"

# Lifecycle rules: each can be switched off in the settings.
RULE_OPPORTUNITY = "opportunity"
RULE_INVOICE = "invoice"
RULE_TICKET = "ticket"
RULE_OVERDUE = "overdue"
RULE_LOYALTY = "loyalty"
RULE_RETENTION = "retention"
RULE_CHURN = "churn"
LIFECYCLE_RULES = (
    (RULE_OPPORTUNITY, STAGE_PRESALE),
    (RULE_INVOICE, STAGE_SALE),
    (RULE_TICKET, STAGE_SERVICE),
    (RULE_OVERDUE, STAGE_COLLECTION),
    (RULE_LOYALTY, STAGE_LOYALTY),
    (RULE_RETENTION, STAGE_RETENTION),
    (RULE_CHURN, STAGE_CHURNED),
)

# Dashboard figures: rows of customers (tier x stage x quadrant) and of interactions
# (touchpoint x channel); the dimensions a figure is labelled and grouped by.
DIM_CUSTOMER = "customer"
DIM_INTERACTION = "interaction"
DIM_TIER = "tier"
DIM_STAGE = "stage"
DIM_QUADRANT = "quadrant"
DIM_TOUCHPOINT = "touchpoint"
DIM_CHANNEL = "channel"

# Customer invoices and refunds that count as revenue (and as a sale, a purchase, activity):
# posted, paid or not. The one source of the SQL below (``REVENUE_STATES_SQL``) too.
REVENUE_STATES_SQL = "(%s)" % ", ".join("'%s'" % state for state in REVENUE_STATES)
REVENUE_TYPES_SQL = "(%s)" % ", ".join("'%s'" % kind for kind in REVENUE_TYPES)
