# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The satisfaction index of a customer, 0-100, from every signal we hold.

Each signal gives a component on 0-100:

- ``nps``: the customer's NPS answers, 10 x the score, recent answers weighing more;
- ``interaction``: the scores (0-10) of its touchpoint interactions, same decay;
- ``sla``: its tickets' SLA outcomes, 100 when met and 0 when breached, same decay;
- ``followup``: the outcomes of the follow-ups of its detractor answers, 100 when
  resolved and 0 when lost, same decay;
- ``behaviour``: how it buys against its own usual rhythm (see ``behaviour_score``).

The decay is exponential: an observation ``age`` days old weighs
``0.5 ** (age / half_life)``, so one half-life ago it weighs half as much as today.
The index is the weighted mean of the components the customer has, with the weights of
the settings; a component without data is left out (its weight is not spread as a zero).
A customer without any NPS answer gets an index all the same, from the other signals,
marked as estimated.

>>> decay_weight(90, 90)
0.5
>>> round(decayed_mean([(90.0, 0), (30.0, 90)], 90), 2)
70.0
>>> behaviour_score([10, 40, 70, 100])
100.0
>>> satisfaction_index({NPS: 80.0, BEHAVIOUR: 50.0}, {NPS: 3.0, BEHAVIOUR: 1.0})
(72.5, False)
>>> satisfaction_index({BEHAVIOUR: 50.0}, {NPS: 3.0, BEHAVIOUR: 1.0})
(50.0, True)
>>> satisfaction_index({}, {NPS: 3.0})
(None, True)
"""

NPS = "nps"
INTERACTION = "interaction"
SLA = "sla"
FOLLOWUP = "followup"
BEHAVIOUR = "behaviour"
#: the components in the order they are shown
COMPONENTS = (NPS, INTERACTION, SLA, FOLLOWUP, BEHAVIOUR)
#: components measured from what the customer itself said (the others are estimates)
VOICE = frozenset({NPS})
#: default weights (a share each: they need not add up to anything) and half-life
DEFAULT_WEIGHTS = {NPS: 40.0, INTERACTION: 15.0, SLA: 15.0, FOLLOWUP: 10.0, BEHAVIOUR: 20.0}
DEFAULT_HALF_LIFE_DAYS = 180
#: the value of each outcome on 0-100
MET, BREACHED = 100.0, 0.0
RESOLVED, LOST = 100.0, 0.0
#: a customer who has not bought for this many of its usual gaps is lost (0 on recency)
LOST_AFTER_GAPS = 3.0
#: share of recency in the behaviour score when regularity can be judged (two gaps)
RECENCY_SHARE = 0.75


class SettingsError(ValueError):
    """Weights or half-life that cannot make an index."""


def check_settings(weights, half_life_days):
    """Weights >= 0 and not all 0, half-life > 0; raise SettingsError("weights" or
    "half_life") otherwise."""
    values = [weights.get(code) for code in COMPONENTS]
    if any(value is None or value < 0 for value in values) or not any(values):
        raise SettingsError("weights")
    if half_life_days is None or half_life_days <= 0:
        raise SettingsError("half_life")


def decay_weight(age_days, half_life_days):
    """Weight of an observation ``age_days`` old (a future date counts as today)."""
    return 0.5 ** (max(age_days, 0.0) / float(half_life_days))


def decayed_mean(observations, half_life_days):
    """Mean of ``(value, age_days)`` weighted by their decay; None without any."""
    total = weight_sum = 0.0
    for value, age in observations:
        weight = decay_weight(age, half_life_days)
        total += weight * value
        weight_sum += weight
    return total / weight_sum if weight_sum else None


def _median(values):
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return float(ordered[middle])
    return (ordered[middle - 1] + ordered[middle]) / 2.0


def behaviour_score(invoice_ages):
    """Buying behaviour on 0-100 from the ages (days before today) of the customer's
    invoices; None with fewer than two invoice days (no rhythm of its own yet).

    The customer's rhythm is its median gap between two invoice days. Recency is the
    days since its last invoice over that median gap, ``r``: 100 up to one usual gap,
    falling in a straight line to 0 at ``LOST_AFTER_GAPS`` gaps. Regularity, once there
    are two gaps, is ``100 x (1 - mean |gap - median| / median)``, not below 0; the
    score is then ``RECENCY_SHARE`` recency plus the rest regularity.

    >>> behaviour_score([60, 90])          # r = 60 / 30 = 2: halfway to 3 gaps
    50.0
    >>> behaviour_score([5])  is None
    True
    """
    days = sorted(set(int(round(age)) for age in invoice_ages))
    if len(days) < 2:
        return None
    gaps = [later - earlier for earlier, later in zip(days, days[1:])]
    median_gap = _median(gaps)
    ratio = max(days[0], 0) / median_gap
    recency = 100.0 * min(1.0, max(0.0, (LOST_AFTER_GAPS - ratio) / (LOST_AFTER_GAPS - 1.0)))
    if len(gaps) < 2:
        return recency
    spread = sum(abs(gap - median_gap) for gap in gaps) / len(gaps) / median_gap
    regularity = 100.0 * max(0.0, 1.0 - spread)
    return RECENCY_SHARE * recency + (1.0 - RECENCY_SHARE) * regularity


def from_score(score):
    """A 0-10 score (an interaction's) on the index's 0-100 scale.

    >>> from_score(7)
    70.0
    """
    return 10.0 * score


def component_value(code, observations, half_life_days):
    """A component's value from its raw observations: the invoice ages for
    ``behaviour``, ``(value, age_days)`` pairs for the others."""
    if code == BEHAVIOUR:
        return behaviour_score(observations)
    return decayed_mean(observations, half_life_days)


def components(signals, half_life_days):
    """``{code: value}`` of the components with data, from ``{code: observations}``."""
    values = {}
    for code in COMPONENTS:
        value = component_value(code, signals.get(code) or (), half_life_days)
        if value is not None:
            values[code] = round(value, 1)
    return values


def is_estimated(values):
    """No component from the customer's own voice: the index is an estimate."""
    return not any(code in values for code in VOICE)


def satisfaction_index(values, weights):
    """``(index, estimated)`` from the components with data ``{code: value}``.

    The index is the mean of the values weighted by ``weights``, over the components
    present with a weight above 0, rounded to one decimal; None when there is none.
    """
    present = [(weights.get(code, 0.0), values[code]) for code in COMPONENTS
               if code in values and weights.get(code, 0.0) > 0]
    weight_sum = sum(weight for weight, _value in present)
    if not weight_sum:
        return None, is_estimated(values)
    index = sum(weight * value for weight, value in present) / weight_sum
    return round(min(100.0, max(0.0, index)), 1), is_estimated(values)
