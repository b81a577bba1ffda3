# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Customer Experience - SLA and NPS",
    "summary": "Where helpdesk SLAs and NPS surveys meet: the survey after a closed "
               "ticket, satisfaction against service, the customer's latest NPS on its "
               "tickets; the demo customers answer after their closed tickets",
    "version": "11.0.1.1.0",
    "category": "Customer Experience",
    "website": "https://github.com/cx-suite/cx-odoo",
    "author": "CX Suite",
    "license": "AGPL-3",
    "installable": True,
    "auto_install": True,
    "depends": ["cx_sla", "cx_nps_survey"],
    "data": [
        "security/ir.model.access.csv",
        "security/cx_sla_nps_security.xml",
        "views/helpdesk_ticket_views.xml",
        "views/cx_sla_satisfaction_report_views.xml",
    ],
    "demo": ["demo/cx_sla_nps_demo.xml"],
}
