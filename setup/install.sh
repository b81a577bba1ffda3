#!/usr/bin/env bash
# Installs what is missing, and only that, for running and testing the CX suite:
#   - Debian packages (PostgreSQL 15, build headers, Chromium for browser tests),
#   - Node's lessc (the Odoo 11 web client compiles its stylesheets with it),
#   - a running PostgreSQL cluster and a database role for the current user,
#   - a Python 3.7 venv in .venv with Odoo 11.0 and the OCA addons, all pinned,
#   - a Python 3.11 venv in .venv-browser with Playwright (driving Debian's Chromium),
#   - the Odoo configuration file .odoo/odoo.conf.
# Safe to run again: every step checks first and does nothing when already done.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=setup/env.sh
source "$ROOT/setup/env.sh"

log() { printf '[setup] %s\n' "$*"; }
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"

# --- Debian packages ---------------------------------------------------------
APT_PACKAGES=(postgresql libpq-dev libldap2-dev libsasl2-dev chromium gettext nodejs npm)
missing=()
for pkg in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" \
        || missing+=("$pkg")
done
# Node and npm may come from elsewhere than Debian: only ask for them when absent.
if command -v node >/dev/null && command -v npm >/dev/null; then
    filtered=()
    for pkg in "${missing[@]+"${missing[@]}"}"; do
        case "$pkg" in nodejs|npm) ;; *) filtered+=("$pkg") ;; esac
    done
    missing=("${filtered[@]+"${filtered[@]}"}")
fi
if [ "${#missing[@]}" -gt 0 ]; then
    log "installing Debian packages: ${missing[*]}"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# --- lessc ---------------------------------------------------------------------
if ! command -v lessc >/dev/null; then
    log "installing lessc 3.13.1 from npm"
    $SUDO npm install -g --silent less@3.13.1 less-plugin-clean-css@1.5.1 >/dev/null
fi

# --- PostgreSQL ----------------------------------------------------------------
if command -v pg_lsclusters >/dev/null; then
    if pg_lsclusters -h | awk '$1=="15" && $2=="main" {print $4}' | grep -qv online; then
        log "starting PostgreSQL 15"
        $SUDO pg_ctlcluster 15 main start
    fi
fi
for _ in $(seq 1 60); do
    pg_isready -q && break
    sleep 1
done
if ! pg_isready -q; then
    echo "PostgreSQL does not answer after 60 s (pg_lsclusters shows its state; its log is" \
         "under /var/log/postgresql/)" >&2
    exit 1
fi
PGROLE="$(id -un)"
as_postgres() {
    if [ "$(id -u)" -eq 0 ]; then su postgres -c "$*"; else sudo -u postgres sh -c "$*"; fi
}
# Odoo's role may create databases and owns them, nothing more: no superuser, so that
# an SQL injection (or any bug) cannot reach other databases or the host. A role left a
# superuser by an earlier setup is demoted.
role_flags="$(as_postgres "psql -tAc \"SELECT rolsuper::int::text || rolcreatedb::int::text FROM pg_roles WHERE rolname='$PGROLE'\"")"
if [ -z "$role_flags" ]; then
    as_postgres "psql -qc 'CREATE ROLE \"$PGROLE\" LOGIN CREATEDB NOSUPERUSER'"
    log "created database role $PGROLE (CREATEDB, not a superuser)"
elif [ "$role_flags" != "01" ]; then
    as_postgres "psql -qc 'ALTER ROLE \"$PGROLE\" LOGIN CREATEDB NOSUPERUSER'"
    log "database role $PGROLE: CREATEDB only, no longer a superuser"
fi

# --- Python 3.7 venv with Odoo 11.0 ------------------------------------------
find_python37() {
    # pyenv's shim for python3.7 exists even when 3.7 is not the active version:
    # look in pyenv's versions first, then for a python3.7 that really runs.
    local root candidate
    root="$( (command -v pyenv >/dev/null && pyenv root) || echo "$HOME/.pyenv")"
    candidate="$(ls -d "$root"/versions/3.7.*/bin/python3.7 2>/dev/null | sort -V | tail -1)"
    if [ -z "$candidate" ] && python3.7 --version >/dev/null 2>&1; then
        candidate="$(command -v python3.7)"
    fi
    echo "$candidate"
}
stamp_of() { cat "$@" | sha256sum | cut -d' ' -f1; }

VENV_STAMP="$(stamp_of setup/requirements.txt setup/requirements-oca.txt setup/constraints.txt)"
if [ ! -x "$CX_VENV/bin/python" ] || [ "$(cat "$CX_VENV/.cx-stamp" 2>/dev/null)" != "$VENV_STAMP" ]; then
    PY37="$(find_python37)"
    if [ -z "$PY37" ]; then
        echo "Python 3.7 not found (pyenv install 3.7.16 provides it)" >&2
        exit 1
    fi
    log "building the Odoo venv in .venv with $PY37"
    [ -x "$CX_VENV/bin/python" ] || "$PY37" -m venv "$CX_VENV"
    # PIP_CONSTRAINT reaches the isolated environments that build sdists too.
    export PIP_CONSTRAINT="$ROOT/setup/constraints.txt"
    "$CX_VENV/bin/pip" install -q --upgrade "pip==23.3.2" "setuptools==57.5.0" "wheel==0.42.0"
    # vatnumber, an Odoo 11 dependency, still uses use_2to3, which setuptools 58
    # removed: build it against the venv's own older setuptools.
    "$CX_VENV/bin/pip" install -q --no-build-isolation "vatnumber==1.2" "python-stdnum==1.20"
    "$CX_VENV/bin/pip" install -q -r setup/requirements.txt
    "$CX_VENV/bin/pip" install -q --no-deps -r setup/requirements-oca.txt
    unset PIP_CONSTRAINT
    echo "$VENV_STAMP" > "$CX_VENV/.cx-stamp"
fi

# --- Python 3.11 venv with Playwright, for the browser tests -------------------
BROWSER_STAMP="$(stamp_of setup/requirements-browser.txt)"
if [ ! -x "$CX_BROWSER_VENV/bin/python" ] \
        || [ "$(cat "$CX_BROWSER_VENV/.cx-stamp" 2>/dev/null)" != "$BROWSER_STAMP" ]; then
    PY3="$(command -v python3)"
    log "building the browser-test venv in .venv-browser with $PY3"
    [ -x "$CX_BROWSER_VENV/bin/python" ] || "$PY3" -m venv "$CX_BROWSER_VENV"
    # Playwright is used only as a driver for Debian's /usr/bin/chromium: never let
    # it download a browser of its own.
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 "$CX_BROWSER_VENV/bin/pip" install -q \
        -r setup/requirements-browser.txt
    echo "$BROWSER_STAMP" > "$CX_BROWSER_VENV/.cx-stamp"
fi

# --- Odoo launcher and configuration ------------------------------------------
mkdir -p "$CX_STATE/data" "$CX_STATE/mail"
ODOO_ADDONS="$("$CX_VENV/bin/python" -c 'import odoo.addons, os; print(os.path.dirname(odoo.addons.__file__))' 2>/dev/null \
    || "$CX_VENV/bin/python" -c 'import os, odoo; print(os.path.join(os.path.dirname(odoo.__file__), "addons"))')"
cat > "$CX_STATE/odoo.conf.new" <<EOF
; Generated by setup/install.sh: do not edit, it is rewritten on every run.
[options]
addons_path = $ODOO_ADDONS,$ROOT
data_dir = $CX_STATE/data
db_host = False
db_port = False
db_user = $PGROLE
db_password = False
admin_passwd = ${CX_ADMIN_PASSWD}
list_db = True
without_demo = False
; Mail never leaves this machine: a local SMTP sink (setup/mail_sink.py) writes it
; to .odoo/mail/. When the sink is not running, mail stays queued in mail.mail.
smtp_server = 127.0.0.1
smtp_port = ${CX_SMTP_PORT}
email_from = cx@localhost
log_level = info
; With --workers (setup/run.sh), connections waiting for a worker: Odoo 11 keeps 8 per
; worker and drops the rest; setup/odoo-bin listens with this many (prefork_backlog.py).
listen_backlog = 1024
EOF
if ! cmp -s "$CX_STATE/odoo.conf.new" "$CX_STATE/odoo.conf"; then
    mv "$CX_STATE/odoo.conf.new" "$CX_STATE/odoo.conf"
    log "wrote .odoo/odoo.conf"
else
    rm -f "$CX_STATE/odoo.conf.new"
fi
log "ready"
