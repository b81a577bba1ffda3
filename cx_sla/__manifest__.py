# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Customer Experience - Helpdesk SLAs",
    "summary": "SLA policies on helpdesk tickets by customer value, working calendars, "
               "pauses, warnings, escalation and reports",
    "version": "11.0.1.3.0",
    "category": "Customer Experience",
    "website": "https://github.com/cx-suite/cx-odoo",
    "author": "CX Suite",
    "license": "AGPL-3",
    "installable": True,
    "uninstall_hook": "uninstall_hook",
    "depends": ["cx_experience", "helpdesk_mgmt", "resource", "report_xlsx"],
    "data": [
        "security/ir.model.access.csv",
        "security/cx_sla_security.xml",
        "data/cx_sla_data.xml",
        "views/cx_sla_views.xml",
        "views/cx_headline_views.xml",
        "views/helpdesk_views.xml",
        "views/cx_experience_views.xml",
    ],
    "demo": [
        "demo/cx_sla_demo.xml",
    ],
}
