# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Codes of the events that fire a transactional NPS campaign (``cx.nps.campaign.trigger``).

Other addons fire them through ``cx.nps.campaign._cx_trigger(code, partners, source)``:
the closed ticket is fired by the bridge ``cx_sla_nps``, never by ``cx_sla`` itself.

>>> TRIGGER_TICKET_CLOSED in TRIGGERS and TRIGGER_INVOICE_POSTED in TRIGGERS
True
"""

TRIGGER_TICKET_CLOSED = "ticket_closed"
TRIGGER_INVOICE_POSTED = "invoice_posted"
TRIGGERS = (TRIGGER_TICKET_CLOSED, TRIGGER_INVOICE_POSTED)
