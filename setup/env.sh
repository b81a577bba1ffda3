# Shared settings of the setup scripts; every one can be overridden from the
# environment. Sourced, not run.
CX_ROOT="${CX_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
CX_VENV="${CX_VENV:-$CX_ROOT/.venv}"
CX_BROWSER_VENV="${CX_BROWSER_VENV:-$CX_ROOT/.venv-browser}"
CX_STATE="${CX_STATE:-$CX_ROOT/.odoo}"
CX_CONF="$CX_STATE/odoo.conf"
CX_PORT="${CX_PORT:-8069}"
CX_DB="${CX_DB:-cx}"
CX_SMTP_PORT="${CX_SMTP_PORT:-2525}"
# run.sh serves with Odoo's prefork server: CX_WORKERS HTTP worker processes (0: the
# threaded server), the long-polling (chat) process on CX_LONGPOLLING_PORT
CX_WORKERS="${CX_WORKERS:-2}"
CX_LONGPOLLING_PORT="${CX_LONGPOLLING_PORT:-8072}"
CX_ADMIN_PASSWD="${CX_ADMIN_PASSWD:-admin}"
CX_ADDONS="cx_experience,cx_nps_survey,cx_sla,cx_sla_nps"
# Installed first, in their own step, in the demo and test databases: crm so that the
# lifecycle rules that read opportunities have something to read, and a chart of
# accounts, which Odoo refuses to install once invoices exist (our demo has invoices).
CX_BASE_MODULES="crm,account_invoicing,l10n_generic_coa"
CX_MODULES="$CX_BASE_MODULES,$CX_ADDONS"
export CX_ROOT CX_VENV CX_BROWSER_VENV CX_STATE CX_CONF CX_PORT CX_DB CX_SMTP_PORT CX_WORKERS CX_LONGPOLLING_PORT \
    CX_ADMIN_PASSWD CX_ADDONS CX_BASE_MODULES CX_MODULES
