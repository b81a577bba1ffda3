#!/usr/bin/env bash
# Installs what is missing, creates a throwaway database with the three addons and
# demo data, runs the lint and every test (each addon's tests/ and the top-level
# tests/), drops the database, and exits non-zero if anything failed or no test ran.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
source setup/env.sh
bash setup/install.sh || exit 1

export CX_TEST_DB="${CX_TEST_DB:-cx_test_$(date +%s)_$$}"
ARTIFACTS="$ROOT/test-artifacts"
rm -rf "$ARTIFACTS"; mkdir -p "$ARTIFACTS"
export CX_ARTIFACTS="$ARTIFACTS"

# A copy of the fresh database, for the tests that upgrade and uninstall addons.
export CX_TEST_DB_COPY="${CX_TEST_DB}_copy"
cleanup() {
    dropdb --if-exists "$CX_TEST_DB" >/dev/null 2>&1 || true
    dropdb --if-exists "$CX_TEST_DB_COPY" >/dev/null 2>&1 || true
}
trap cleanup EXIT

status=0
# What a failure elsewhere may depend on, printed first.
echo "== machine: $(nproc) cores, $(free -g 2>/dev/null | awk '/^Mem/ {print $2}') GiB," \
     "/dev/shm $(df -h --output=avail /dev/shm 2>/dev/null | tail -1 | tr -d ' ') free," \
     "disk $(df -h --output=avail "$ROOT" | tail -1 | tr -d ' ') free," \
     "$(psql -At -d postgres -c 'SHOW server_version' 2>/dev/null | cut -d' ' -f1) PostgreSQL"
echo "== lint (flake8)"
if ! "$CX_VENV/bin/flake8" cx_experience cx_nps_survey cx_sla cx_sla_nps tests bench setup; then
    echo "lint failed"; status=1
fi
echo "== lint (pylint-odoo: SQL injection, translations, missing returns...)"
if ! "$CX_BROWSER_VENV/bin/pylint" --rcfile=setup/pylintrc cx_experience cx_nps_survey cx_sla cx_sla_nps; then
    echo "pylint-odoo failed"; status=1
fi
echo "== lint (oca-odoo-pre-commit-hooks: XML, CSV, manifests, translations; see .oca_hooks.cfg)"
if ! "$CX_BROWSER_VENV/bin/oca-checks-odoo-module" cx_experience cx_nps_survey cx_sla cx_sla_nps \
        || ! "$CX_BROWSER_VENV/bin/oca-checks-po" cx_*/i18n/*.po cx_*/i18n/*.pot; then
    echo "oca-odoo-pre-commit-hooks failed"; status=1
fi
echo "== lint (msgfmt: every translation file parses, no message twice)"
for po in cx_*/i18n/*.po; do
    msgfmt -o /dev/null "$po" || { echo "msgfmt refused $po"; status=1; }
done

echo "== creating $CX_TEST_DB with demo data and $CX_MODULES"
start=$(date +%s)
for step in "-i $CX_BASE_MODULES --load-language=es_ES" "-i $CX_ADDONS"; do
    # shellcheck disable=SC2086
    if ! "$CX_VENV/bin/python" setup/odoo-bin -c "$CX_CONF" -d "$CX_TEST_DB" $step \
            --stop-after-init --log-level=warn --logfile="$ARTIFACTS/install.log"; then
        echo "installing failed ($step): see test-artifacts/install.log"; exit 1
    fi
done
if grep -E " (ERROR|CRITICAL) " "$ARTIFACTS/install.log"; then
    echo "the install logged errors"; status=1
fi
echo "   installed in $(( $(date +%s) - start )) s"
# Planner statistics as a database in use has them (autovacuum's analyze may not have
# run yet on a database minutes old).
psql -q -d "$CX_TEST_DB" -c "SET client_min_messages = error; ANALYZE" || status=1
# Loading Spanish into a new database makes it every user's language. Odoo's and
# OCA's own suites assert English strings, so the users of the test database read
# English again; Spanish stays loaded and its own tests ask for it explicitly.
psql -q -d "$CX_TEST_DB" -c "
    UPDATE res_lang SET active = true WHERE code = 'en_US';
    UPDATE res_partner SET lang = 'en_US' WHERE id IN (SELECT partner_id FROM res_users);
    UPDATE ir_default SET json_value = '\"en_US\"' WHERE field_id IN (
        SELECT id FROM ir_model_fields WHERE model = 'res.partner' AND name = 'lang');" || status=1
createdb -T "$CX_TEST_DB" "$CX_TEST_DB_COPY" || status=1

echo "== addon tests (real database, pytest-odoo)"
PYTHONPATH="$ROOT/setup" "$CX_VENV/bin/pytest" -p pytest_odoo_fix -p no:cacheprovider --odoo-config="$CX_CONF" --odoo-database="$CX_TEST_DB" \
    --junitxml="$ARTIFACTS/addons.xml" -W ignore::DeprecationWarning \
    cx_experience cx_nps_survey cx_sla cx_sla_nps || status=1

echo "== the peers' own suites with our addons installed (survey, mail, resource, helpdesk_mgmt)"
PEERS="$("$CX_VENV/bin/python" -c 'import os, odoo; print(os.path.join(os.path.dirname(odoo.__file__), "addons"))')"
PYTHONPATH="$ROOT/setup" "$CX_VENV/bin/pytest" -p pytest_odoo_fix -p no:cacheprovider -q \
    --odoo-config="$CX_CONF" --odoo-database="$CX_TEST_DB" --junitxml="$ARTIFACTS/peers.xml" \
    "$PEERS/survey/tests" "$PEERS/mail/tests" "$PEERS/resource/tests" "$PEERS/helpdesk_mgmt/tests" \
    -W ignore::DeprecationWarning || status=1

echo "== suite tests (real server, HTTP, XML-RPC, browser)"
"$CX_BROWSER_VENV/bin/pytest" -p no:cacheprovider --junitxml="$ARTIFACTS/suite.xml" tests || status=1

# One closing line over both runs.
"$CX_BROWSER_VENV/bin/python" - "$ARTIFACTS/addons.xml" "$ARTIFACTS/peers.xml" "$ARTIFACTS/suite.xml" <<'PY' || status=1
import sys
import xml.etree.ElementTree as ET
tests = failed = skipped = 0
for path in sys.argv[1:]:
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError):
        print("no test report at %s" % path)
        sys.exit(1)
    for suite in root.iter("testsuite"):
        tests += int(suite.get("tests", 0))
        failed += int(suite.get("failures", 0)) + int(suite.get("errors", 0))
        skipped += int(suite.get("skipped", 0))
passed = tests - failed - skipped
print("%d passed, %d failed, %d skipped" % (passed, failed, skipped))
sys.exit(1 if failed or passed == 0 else 0)
PY
exit $status
