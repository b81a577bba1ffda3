# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Customer Experience",
    "summary": "Value tiers, customer lifecycle with history, touchpoints, "
               "the customer quadrant, the CEM dashboard and KPI digests",
    "version": "11.0.1.0.0",
    "category": "Customer Experience",
    "website": "https://github.com/cx-suite/cx-odoo",
    "author": "CX Suite",
    "license": "AGPL-3",
    "application": True,
    "installable": True,
    "depends": ["contacts", "mail", "account_invoicing", "report_xlsx"],
    "data": [
        "security/cx_security.xml",
        "security/ir.model.access.csv",
        "data/cx_tier_data.xml",
        "data/cx_lifecycle_stage_data.xml",
        "data/cx_touchpoint_data.xml",
        "data/cx_cron_data.xml",
        "views/cx_menus.xml",
        "views/cx_tier_views.xml",
        "views/cx_lifecycle_views.xml",
        "views/cx_touchpoint_views.xml",
        "views/cx_assets.xml",
        "views/cx_timeline_views.xml",
        "views/res_partner_views.xml",
        "views/cx_dashboard_views.xml",
        "views/res_config_settings_views.xml",
        "views/cx_headline_views.xml",
    ],
    "demo": ["demo/cx_demo.xml"],
}
