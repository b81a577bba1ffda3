# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What the NPS statistics may group and filter by, in plain Python (no odoo import).

The statistics run one SQL statement; every column and period in it comes from these
whitelists, never from the caller's text (a caller once pasted SQL into a dimension).

    >>> groupbys(['campaign', 'date:quarter'])
    ['campaign_id', 'date:quarter']
    >>> groupbys('id, version() AS x --:month')
    Traceback (most recent call last):
    ...
    ValueError: id, version() AS x --:month
"""

#: dimensions of the statistics: name -> stored field of cx.nps.response to group by
DIMENSIONS = {
    "campaign": "campaign_id", "tier": "tier_id", "stage": "stage_id",
    "touchpoint": "touchpoint_id", "country": "country_id", "team": "team_id",
    "week": "date:week", "month": "date:month", "quarter": "date:quarter",
}
DATE_FIELD = "date"
#: periods of the date dimension (arguments of PostgreSQL's date_trunc)
PERIODS = ("day", "week", "month", "quarter", "year")
DEFAULT_PERIOD = "month"
#: many2one columns that may be grouped by (the field names of the dimensions)
GROUP_FIELDS = frozenset(v for v in DIMENSIONS.values() if ":" not in v)

#: how a response group-by reads on the invitations (survey.user_input): the campaign,
#: the sending date, and the customer's tier and stage stored when invited
INVITATION_FIELDS = {"campaign_id": "cx_nps_campaign_id", DATE_FIELD: "cx_nps_sent_date",
                     "tier_id": "cx_nps_tier_id", "stage_id": "cx_nps_stage_id",
                     "touchpoint_id": "cx_nps_campaign_id"}
#: response group-bys an invitation reads on its campaign (an answer's touchpoint is
#: its campaign's): the invitation's group is this column of the campaign
INVITATION_CAMPAIGN_FIELDS = {"touchpoint_id": "touchpoint_id"}
#: response filters on ids that translate to the invitations (the campaign's touchpoint
#: through the campaign)
INVITATION_ID_TERMS = {"campaign_id": "cx_nps_campaign_id", "tier_id": "cx_nps_tier_id",
                       "stage_id": "cx_nps_stage_id",
                       "touchpoint_id": "cx_nps_campaign_id.touchpoint_id"}
#: comparisons of a date term that translate to the invitations' sending date
DATE_OPERATORS = ("=", "!=", "<", "<=", ">", ">=")
#: response terms that do not change which invitations are comparable
IGNORED_TERMS = ("is_latest",)


def groupby(dimension):
    """The group-by of one dimension, or None when it is not one of ours.

    >>> groupby('campaign'), groupby('tier_id'), groupby('date'), groupby('date:year')
    ('campaign_id', 'tier_id', 'date:month', 'date:year')
    >>> [groupby(d) for d in ('comment', 'partner_id', 'date:hour', 'date:month;', 7)]
    [None, None, None, None, None]
    """
    if not isinstance(dimension, str):
        return None
    if dimension in DIMENSIONS:
        return DIMENSIONS[dimension]
    if dimension in GROUP_FIELDS:
        return dimension
    if dimension == DATE_FIELD:
        return "%s:%s" % (DATE_FIELD, DEFAULT_PERIOD)
    name, sep, period = dimension.partition(":")
    if name == DATE_FIELD and sep and period in PERIODS:
        return dimension
    return None


def groupbys(dimension):
    """The group-bys of None, one dimension or a list of them (a cross table).

    Raises ValueError with the first dimension that is not allowed.

    >>> groupbys(None), groupbys('month'), groupbys(('team', 'date:week'))
    ([], ['date:month'], ['team_id', 'date:week'])
    """
    if not dimension:
        return []
    dimensions = dimension if isinstance(dimension, (list, tuple)) else [dimension]
    result = []
    for one in dimensions:
        found = groupby(one)
        if found is None:
            raise ValueError(str(one))
        result.append(found)
    return result


def period(groupby_):
    """The period of a date group-by, the default one otherwise.

    >>> period('date:week'), period('date')
    ('week', 'month')
    """
    value = groupby_.partition(":")[2]
    return value if value in PERIODS else DEFAULT_PERIOD


def invitation_domain(domain, groupbys_):
    """The filter of the invitations matching a filter of the responses, or None.

    None means "no comparable invitation count": a group-by other than campaign,
    period, tier, stage and touchpoint, or a term other than the campaign, tier, stage
    or touchpoint (= or in, ids), the date (comparisons) and the latest-answer flag, or
    any '|' / '!' (only a conjunction translates).
    Values are checked here, so the ORM only ever gets ids and date strings.

    >>> invitation_domain([('campaign_id', 'in', [3, 4]), ('date', '>=', '2026-01-01')],
    ...                   ['date:month'])
    [('cx_nps_campaign_id', '!=', False), ('cx_nps_campaign_id', 'in', [3, 4]), \
('cx_nps_sent_date', '>=', '2026-01-01')]
    >>> invitation_domain([('tier_id', '=', 2), ('touchpoint_id', 'in', [5])],
    ...                   ['stage_id', 'touchpoint_id'])
    [('cx_nps_campaign_id', '!=', False), ('cx_nps_tier_id', 'in', [2]), \
('cx_nps_campaign_id.touchpoint_id', 'in', [5])]
    >>> invitation_domain([], ['team_id']), invitation_domain(['|', ('is_latest', '=', 1)], [])
    (None, None)
    >>> invitation_domain([('campaign_id', '=', '1 OR 1=1')], [])
    """
    if any(g.partition(":")[0] not in INVITATION_FIELDS for g in groupbys_):
        return None
    result = [("cx_nps_campaign_id", "!=", False)]
    for term in domain:
        if term == "&":
            continue
        if not isinstance(term, (list, tuple)) or len(term) != 3:
            return None
        name, operator, value = term
        if name in INVITATION_ID_TERMS and operator in ("=", "in"):
            ids = list(value) if isinstance(value, (list, tuple)) else [value]
            if not all(isinstance(i, int) and not isinstance(i, bool) for i in ids):
                return None
            result.append((INVITATION_ID_TERMS[name], "in", ids))
        elif name == DATE_FIELD and operator in DATE_OPERATORS and isinstance(value, str):
            result.append(("cx_nps_sent_date", operator, value))
        elif name not in IGNORED_TERMS:
            return None
    return result
