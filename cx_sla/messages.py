# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Messages cx_sla stores as their source text and renders when read, in the reader's
language (see cx_experience/lang.py): marked here, so that the .pot has them."""
from odoo.addons.cx_experience.lang import mark as _

# The timeline entry of a closed ticket (cx.interaction summary_template).
TICKET_CLOSED = _("Ticket %(number)s closed: %(name)s")

# The timeline entry of a ticket (cx.timeline, source of cx_sla): rendered when read.
TL_TICKET = _("Ticket %(number)s opened: %(name)s (%(stage)s; SLA: %(sla)s)")
