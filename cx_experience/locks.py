# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The keys of every PostgreSQL advisory lock the CX addons take, named in one place so
that two uses never share a number by accident (tests/test_doctests.py checks they are
distinct). Transaction-scoped locks (``pg_*advisory_xact_lock``) are released at commit.

A key is one bigint, or a ``(namespace, key)`` pair of ints whose second half is the
record (a campaign id, the hash of an answer token).

>>> len(set(SINGLE_KEYS)) == len(SINGLE_KEYS) and len(set(NAMESPACES)) == len(NAMESPACES)
True
"""

# One run of each cron at a time (pg_try_advisory_xact_lock(key)).
TIERS_CRON = 7310001
LIFECYCLE_CRON = 7310002
DAILY_CRON = 7310003
SATISFACTION_CRON = 7310004   # one full recompute of the satisfaction index at a time
SINGLE_KEYS = (TIERS_CRON, LIFECYCLE_CRON, DAILY_CRON, SATISFACTION_CRON)

# Namespaces of (namespace, key) locks.
NPS_CAMPAIGN_DISPATCH = 7164   # (namespace, campaign id): two crons never dispatch one campaign
NPS_ANSWER_TOKEN = 7165        # (namespace, hashtext(token)): one answer of a token at a time
NPS_ANSWER_JOB = (7166, 1)     # the job that applies the answers' side effects
NAMESPACES = (NPS_CAMPAIGN_DISPATCH, NPS_ANSWER_TOKEN, NPS_ANSWER_JOB[0])


def try_xact_lock(cr, *key):
    """Take the transaction-scoped advisory lock ``key`` if free; True when taken."""
    if len(key) == 1:
        cr.execute("SELECT pg_try_advisory_xact_lock(%s)", key)
    else:
        cr.execute("SELECT pg_try_advisory_xact_lock(%s, %s)", key)
    return cr.fetchone()[0]
