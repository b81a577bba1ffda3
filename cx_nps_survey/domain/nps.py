"""Net Promoter Score rules: categories of a 0-10 answer."""

PROMOTER = "promoter"
PASSIVE = "passive"
DETRACTOR = "detractor"
CATEGORIES = (PROMOTER, PASSIVE, DETRACTOR)

MIN_SCORE = 0
MAX_SCORE = 10


def category(score):
    """Category of an NPS answer: 0-6 detractor, 7-8 passive, 9-10 promoter.

    >>> [category(s) for s in (0, 6, 7, 8, 9, 10)]
    ['detractor', 'detractor', 'passive', 'passive', 'promoter', 'promoter']
    """
    if isinstance(score, bool) or not isinstance(score, int):
        raise ValueError("An NPS score is a whole number from 0 to 10, not %r" % (score,))
    if not MIN_SCORE <= score <= MAX_SCORE:
        raise ValueError("An NPS score goes from 0 to 10, not %d" % score)
    if score >= 9:
        return PROMOTER
    if score >= 7:
        return PASSIVE
    return DETRACTOR
