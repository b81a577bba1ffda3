from . import sla_compliance_xlsx
