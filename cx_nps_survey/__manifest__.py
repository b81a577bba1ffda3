{
    "name": "Customer Experience - NPS Surveys",
    "summary": "NPS campaigns on Odoo surveys, honest statistics, closed loop on detractors",
    "version": "11.0.1.0.0",
    "category": "Customer Experience",
    "website": "https://github.com/cx-suite/cx-odoo",
    "author": "CX Suite",
    "license": "AGPL-3",
    "installable": True,
    "depends": ["cx_experience", "survey", "mail"],
    "data": [
        "security/ir.model.access.csv",
        "views/cx_nps_views.xml",
    ],
    "demo": [],
}
