{
    "name": "Customer Experience - Helpdesk SLAs",
    "summary": "SLA policies on helpdesk tickets by customer value, working calendars, "
               "pauses, warnings, escalation and reports",
    "version": "11.0.1.0.0",
    "category": "Customer Experience",
    "website": "https://github.com/cx-suite/cx-odoo",
    "author": "CX Suite",
    "license": "AGPL-3",
    "installable": True,
    "depends": ["cx_experience", "helpdesk_mgmt", "resource"],
    "data": [
        "security/ir.model.access.csv",
        "views/cx_sla_views.xml",
    ],
    "demo": [],
}
