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
