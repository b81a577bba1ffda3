# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The NPS statistics engine: from the rows of one SQL pass to the figures per group.

Plain Python (no odoo import). The model (models/cx_nps_response_stats.py) runs three
set-based statements, all built from the whitelists of domain/stats.py:

- the answers per group x tier x stage cell (counts per category);
- the invitations per group x tier x stage (sent), when comparable;
- the customer base per tier x stage (customers, revenue), a few dozen rows;

(the answers and the invitations carry their customer's tier and stage, so neither
pass joins another table)

and hands them to ``group_rows``, which adds up the plain NPS of each group
(domain/nps.py) and weighs its answers to the base (domain/weighting.py).

    >>> rows = group_rows([(1, 10, 20, 3, 1, 1)], 1, None, {(10, 20): 5}, [None])
    >>> rows[0]["key"], rows[0]["nps"], rows[0]["weighting"]
    (1, 40.0, 'poststrat')
"""
import datetime

from . import nps, stats, weighting

#: group-bys that split the customer base too: a tier group is weighted to that tier
SEGMENT_INDEX = {"tier_id": 0, "stage_id": 1}


def group_expression(groupby, table, column, tz):
    """SQL expression of one group and its parameters: a column, or the local start of
    a period (the period and the time zone are bound parameters).

    ``groupby``, ``table`` and ``column`` are whitelisted names (domain/stats.py).

    >>> group_expression('date:week', 't', 'date', 'Europe/Madrid')
    ("date_trunc(%s, timezone(%s, timezone('UTC', t.date)))", ['week', 'Europe/Madrid'])
    >>> group_expression('tier_id', 't', 'tier_id', 'UTC')
    ('t.tier_id', [])
    """
    name = groupby.partition(":")[0]
    if name == stats.DATE_FIELD:
        return ("date_trunc(%s, timezone(%s, timezone('UTC', {t}.{f})))".format(
            t=table, f=column), [stats.period(groupby), tz])
    return "{t}.{f}".format(t=table, f=column), []


def key(values):
    """The key of a group: its value, a tuple of values for a cross table, False for
    the total; NULL reads False.

    >>> key((3,)), key((3, None)), key(())
    (3, (3, False), False)
    """
    values = tuple(v if v is not None else False for v in values)
    return values[0] if len(values) == 1 else (values or False)


def period_label(period, start):
    """A period as the reader sees it: 2026-03, 2026-W09, 2026-Q1, 2026, 2026-03-02.

    >>> period_label('quarter', '2026-05-01 00:00:00'), period_label('week',
    ...                                                              '2026-03-02 00:00:00')
    ('2026-Q2', '2026-W10')
    """
    if isinstance(start, str):
        start = datetime.datetime.strptime(start[:19], "%Y-%m-%d %H:%M:%S")
    if period == "week":
        year, week, _day = start.isocalendar()
        return "%d-W%02d" % (year, week)
    if period == "quarter":
        return "%d-Q%d" % (start.year, (start.month - 1) // 3 + 1)
    if period == "year":
        return "%d" % start.year
    if period == "day":
        return start.strftime("%Y-%m-%d")
    return start.strftime("%Y-%m")


class Labels(object):
    """Display names of group keys: record names, or periods as 2026-03, 2026-Q1...

    ``names(index, value)`` gives the name of a record value of the index-th group-by;
    ``total`` and ``undefined`` are the reader's words for the total and a missing value.
    """

    def __init__(self, groupbys, names, total="Total", undefined="Undefined"):
        self.groupbys = groupbys
        self.names = names
        self.total = total
        self.undefined = undefined

    def one(self, index, value):
        groupby = self.groupbys[index]
        if value is False:
            return self.undefined
        if groupby.startswith(stats.DATE_FIELD):
            return period_label(groupby.partition(":")[2] or stats.DEFAULT_PERIOD, value)
        return self.names(index, value)

    def label(self, key_):
        if not self.groupbys:
            return self.total
        values = key_ if isinstance(key_, tuple) else (key_,)
        return " / ".join(self.one(i, v) for i, v in enumerate(values))

    def sort(self, key_):
        values = key_ if isinstance(key_, tuple) else (key_,)
        return tuple((v is False, str(v) if isinstance(v, datetime.datetime) else
                      (self.one(i, v) if self.groupbys and
                       not self.groupbys[i].startswith(stats.DATE_FIELD) else str(v)))
                     for i, v in enumerate(values))


def _split(row, width):
    """(group key, (tier, stage), the rest) of a row of the answer or invitation pass."""
    tier, stage = row[width], row[width + 1]
    return key(row[:width]), (tier or False, stage or False), row[width + 2:]


def group_rows(answer_rows, width, invitation_rows, population, groupbys, revenue=None):
    """The figures of each group, from the rows of the three statements.

    ``answer_rows``: (group values..., tier, stage, promoters, passives, detractors);
    ``invitation_rows``: (group values..., tier, stage, invitations) or None when
    invitations are not comparable; ``population``: {(tier, stage): customers};
    ``revenue``: {(tier, stage): revenue}; ``groupbys``: the group-bys (a tier or stage
    group is weighted to the customers of that tier or stage).

    Returns one dict per group: nps.summarize's figures, weighting.weighted_summary's,
    response_rate_cv and representativeness (weighting.response_spread) and 'strata':
    per tier x stage, population, answers, weight, invitations and response_rate
    (answers / invitations, as the group's response rate). Groups with invitations but
    no answer are listed too (a cross table); the total (no group-by) is always there.
    """
    cells, invitations = {}, {}
    for row in answer_rows:
        group, segment, (promoters, passives, detractors) = _split(row, width)
        cells.setdefault(group, {})[segment] = weighting.Cell(
            segment[0], segment[1], promoters, passives, detractors)
    for row in invitation_rows or ():
        group, segment, (sent,) = _split(row, width)
        invitations.setdefault(group, {})[segment] = sent
    groups = list(cells)
    groups += [g for g in invitations if g not in cells and width]
    if not width and not groups:
        groups = [False]
    result = []
    for group in groups:
        segments = cells.get(group, {})
        sent_by_segment = invitations.get(group, {}) if invitation_rows is not None else None
        result.append(_figures(group, segments, sent_by_segment,
                               _base_of(group, groupbys, population), revenue))
    return result


def _base_of(group, groupbys, population):
    """The customers a group's answers are weighted to: the whole base, or the tier or
    stage the group is about."""
    values = group if isinstance(group, tuple) else (group,)
    base = population
    for index, groupby in enumerate(groupbys or ()):
        segment_index = SEGMENT_INDEX.get(groupby)
        if segment_index is not None:
            base = {k: v for k, v in base.items() if k[segment_index] == values[index]}
    return base


def _figures(group, segments, sent_by_segment, base, revenue):
    promoters = sum(c.promoters for c in segments.values())
    passives = sum(c.passives for c in segments.values())
    detractors = sum(c.detractors for c in segments.values())
    sent = None if sent_by_segment is None else sum(sent_by_segment.values())
    summary = nps.summarize(promoters, passives, detractors, sent)
    cells = list(segments.values())
    weighted, weights = weighting.weigh(cells, base, revenue)
    summary.update(weighted)
    rates = [(count, segments[s].n if s in segments else 0)
             for s, count in (sent_by_segment or {}).items()]
    summary.update(weighting.response_spread(rates))
    weight_of = {(c.tier, c.stage): float(w) for c, w in zip(cells, weights)}
    strata = []
    for segment in sorted(set(base) | set(segments) | set(sent_by_segment or ()), key=str):
        cell = segments.get(segment)
        answers = cell.n if cell else 0
        sent_here = (sent_by_segment or {}).get(segment, 0)
        strata.append({
            "tier_id": segment[0], "stage_id": segment[1],
            "population": base.get(segment, 0), "answers": answers,
            "weight": weight_of.get(segment) if cell else None,
            "invitations": sent_here if sent_by_segment is not None else None,
            "response_rate": nps.response_rate(answers, sent_here)
            if sent_by_segment is not None else None,
        })
    summary.update(key=group, strata=strata)
    return summary
