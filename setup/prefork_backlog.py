"""A longer listen queue for Odoo 11's prefork server (``--workers N``).

Odoo 11 listens with a backlog of 8 x N connections (``PreforkServer.start``:
``self.socket.listen(8 * self.population)``): 16 with two workers. When more clients
than that connect at once (a campaign's emails opened in the same minute), the kernel
drops the extra connection requests and the clients retry after 1, 3, 7, 15 and 31
seconds: a burst of 50 clients saw requests wait past 60 s. A backlog of
``listen_backlog`` (the configuration file's key, default 1024; the kernel caps it at
``net.core.somaxconn``) keeps every connection queued until a worker accepts it, in
the order they came. Nothing else of the server changes: the workers, their limits
and their number are Odoo's.

``setup/odoo-bin`` installs it before Odoo starts; the threaded server (no
``--workers``) already listens with a queue of 128 (Werkzeug's) and is left alone.
"""
import logging

from odoo.service import server
from odoo.tools import config

_logger = logging.getLogger("odoo.service.server")

DEFAULT_BACKLOG = 1024
OPTION = "listen_backlog"


def backlog(population, value=None):
    """The listen backlog for ``population`` workers: ``value`` (the configuration's,
    a number), never less than Odoo's own 8 per worker.

    >>> backlog(2), backlog(2, "64"), backlog(2, "4"), backlog(4, "")
    (1024, 64, 16, 1024)
    """
    try:
        wanted = int(value) if value not in (None, "", False) else DEFAULT_BACKLOG
    except ValueError:
        raise SystemExit("%s must be a number of connections, not %r" % (OPTION, value))
    return max(wanted, 8 * population)


class PreforkServer(server.PreforkServer):
    """Odoo's prefork server, listening with the configured backlog."""

    def start(self):
        super(PreforkServer, self).start()
        if self.address:
            size = backlog(self.population, config.get(OPTION))
            # listen() again on the bound socket only resizes its queue
            self.socket.listen(size)
            _logger.info("HTTP listen backlog: %d connections", size)


def install():
    """Make Odoo's start() build this server for --workers (idempotent)."""
    server.PreforkServer = PreforkServer
