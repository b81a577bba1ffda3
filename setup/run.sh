#!/usr/bin/env bash
# Installs what is missing, then serves Odoo 11.0 with the CX suite and demo data.
#   CX_PORT (default 8069) and CX_DB (default cx) change the port and the database.
#   CX_WORKERS (default 2) HTTP worker processes, each listening queue of
#   `listen_backlog` connections (1024, setup/prefork_backlog.py); 0 for the threaded
#   server. Chat and notifications (long polling) on CX_LONGPOLLING_PORT (8072).
# A second run installs nothing, upgrades our addons in place and serves again.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
source setup/env.sh
bash setup/install.sh

ODOO=("$CX_VENV/bin/python" setup/odoo-bin -c "$CX_CONF")

# The local mail sink (mail never leaves this machine): start it unless it runs.
if ! (exec 3<>"/dev/tcp/127.0.0.1/$CX_SMTP_PORT") 2>/dev/null; then
    nohup "$CX_VENV/bin/python" setup/mail_sink.py --port "$CX_SMTP_PORT" \
        --dir "$CX_STATE/mail" >"$CX_STATE/mail_sink.log" 2>&1 &
    echo "[run] mail sink on 127.0.0.1:$CX_SMTP_PORT writing to .odoo/mail/"
fi

# Which of the modules are installed already: none on a new database, all of them on a
# second run, some after a first run that stopped half-way (it is finished, not upgraded).
installed() {
    psql -d "$CX_DB" -tAc "SELECT count(*) FROM ir_module_module
                            WHERE state = 'installed' AND name = ANY(string_to_array('$1', ','))" \
        2>/dev/null || echo 0
}
count() { echo "$1" | tr ',' '\n' | grep -c .; }
if [ "$(installed "$CX_BASE_MODULES")" != "$(count "$CX_BASE_MODULES")" ]; then
    echo "[run] creating database $CX_DB with demo data and $CX_MODULES"
    "${ODOO[@]}" -d "$CX_DB" -i "$CX_BASE_MODULES" --load-language=es_ES --stop-after-init --log-level=warn
fi
if [ "$(installed "$CX_ADDONS")" != "$(count "$CX_ADDONS")" ]; then
    echo "[run] installing $CX_ADDONS in database $CX_DB"
    "${ODOO[@]}" -d "$CX_DB" -i "$CX_ADDONS" --stop-after-init --log-level=warn
else
    echo "[run] upgrading $CX_ADDONS in database $CX_DB"
    "${ODOO[@]}" -d "$CX_DB" -u "$CX_ADDONS" --stop-after-init --log-level=warn
fi

cat <<MSG

  Customer Experience suite for Odoo 11.0
  URL:       http://localhost:$CX_PORT/web?db=$CX_DB
  Login:     admin
  Password:  admin
  Mail:      kept in $CX_STATE/mail/ (nothing leaves this machine)
  Stop with Ctrl+C.

MSG
exec "${ODOO[@]}" -d "$CX_DB" --db-filter="^$CX_DB\$" --http-port="$CX_PORT" \
    --workers="$CX_WORKERS" --longpolling-port="$CX_LONGPOLLING_PORT"
