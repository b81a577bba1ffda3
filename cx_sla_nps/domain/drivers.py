# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The cuts of the helpdesk's yes/no drivers of the NPS key-driver analysis, in plain
Python (no odoo import). A driver of the analysis is yes or no per customer (the NPS
with and without it), so a time or a count becomes a driver through a stated cut; the
drivers' SQL (models/cx_nps_analysis_drivers.py) binds these constants.
"""

#: the SLA status of a ticket whose target was missed (cx_sla)
BREACHED = "breached"
#: a first response slower than this many hours (strictly), counted as the SLA policy
#: counts them (its working calendar, pauses left out): the first-response hours of the
#: SLA compliance report
SLOW_FIRST_RESPONSE_HOURS = 8
#: more tickets than this (strictly) in the window before the answer
MANY_TICKETS = 2
