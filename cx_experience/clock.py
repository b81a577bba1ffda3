# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""One "now" for every engine of the CX addons: naive UTC, to the second (what Odoo 11
stores in a Datetime column).

The test hook: server code may move the clock of an environment by putting a real
``datetime.datetime`` in its context under one of ``HOOKS`` (``cx_now``; ``cx_sla_now``,
the SLA engine's older name). No client can: JSON-RPC carries no datetime, and Odoo 11's
XML-RPC (``odoo/service/wsgi_server.py``) unmarshals with ``xmlrpc.client.loads(data)``,
whose default gives ``xmlrpc.client.DateTime`` objects, not datetime (nor a subclass of
it). A string or anything else is ignored, never parsed. Nothing here imports odoo.

>>> class Env(object):
...     context = {"cx_now": datetime.datetime(2026, 1, 5, 10, tzinfo=pytz.timezone("Etc/GMT-1"))}
>>> now(Env())
datetime.datetime(2026, 1, 5, 9, 0)
>>> Env.context = {"cx_now": "2026-01-05 10:00:00"}
>>> now(Env()) == utcnow() or now(Env()) > datetime.datetime(2026, 1, 5)
True
"""
import datetime

import pytz

HOOKS = ("cx_now", "cx_sla_now")


def utcnow():
    """The real time, naive UTC, to the second."""
    return datetime.datetime.utcnow().replace(microsecond=0)


def now(env):
    """The engines' "now" for ``env``: the test hook when set (see the module), else
    :func:`utcnow`."""
    context = env.context
    for hook in HOOKS:
        value = context.get(hook)
        if isinstance(value, datetime.datetime):
            if value.tzinfo is not None:
                value = value.astimezone(pytz.UTC).replace(tzinfo=None)
            return value
    return utcnow()
