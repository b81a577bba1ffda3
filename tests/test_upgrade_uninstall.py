"""Module upgrade keeps all data; uninstalling cx_sla or cx_nps_survey leaves
cx_experience and its data working. Runs on a copy of the fresh test database."""
import os
import subprocess

import psycopg2
import pytest

from helpers import CONF, ROOT, VENV_PYTHON, odoo_shell

EXPERIENCE_TABLES = ("cx_tier", "cx_lifecycle_stage", "cx_lifecycle_history",
                     "cx_touchpoint", "cx_interaction")


@pytest.fixture(scope="module")
def copy_db():
    name = os.environ.get("CX_TEST_DB_COPY")
    if not name:
        pytest.skip("CX_TEST_DB_COPY is not set: run the suite through setup/test.sh")
    return name


def _odoo(db, *args):
    cmd = [VENV_PYTHON, os.path.join(ROOT, "setup", "odoo-bin"), "-c", CONF, "-d", db,
           "--stop-after-init", "--log-level=warn"] + list(args)
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    assert " ERROR " not in done.stderr, done.stderr[-3000:]
    return done


def _counts(db, tables):
    with psycopg2.connect(dbname=db) as conn, conn.cursor() as cr:
        result = {}
        for table in tables:
            cr.execute("SELECT to_regclass(%s)", (table,))
            if cr.fetchone()[0]:
                cr.execute("SELECT count(*) FROM %s" % table)  # names from our own list
                result[table] = cr.fetchone()[0]
        return result


def _snapshot(db):
    with psycopg2.connect(dbname=db) as conn, conn.cursor() as cr:
        cr.execute("""SELECT id, cx_tier_id, cx_stage_id, cx_quadrant, cx_satisfaction_index
                        FROM res_partner ORDER BY id""")
        return cr.fetchall()


def _module_states(db):
    with psycopg2.connect(dbname=db) as conn, conn.cursor() as cr:
        cr.execute("SELECT name, state FROM ir_module_module WHERE name LIKE 'cx\\_%'")
        return dict(cr.fetchall())


def _all_cx_tables(db):
    with psycopg2.connect(dbname=db) as conn, conn.cursor() as cr:
        cr.execute("""SELECT tablename FROM pg_tables
                       WHERE schemaname = 'public' AND tablename LIKE 'cx\\_%'""")
        return sorted(row[0] for row in cr.fetchall())


def test_upgrade_keeps_data_then_uninstall_keeps_experience(copy_db):
    tables = _all_cx_tables(copy_db)
    before = _counts(copy_db, tables)
    partners_before = _snapshot(copy_db)
    assert before["cx_tier"] == 4 and before["cx_lifecycle_stage"] == 8

    _odoo(copy_db, "-u", "cx_experience,cx_nps_survey,cx_sla,cx_sla_nps")
    assert _counts(copy_db, tables) == before
    assert _snapshot(copy_db) == partners_before

    for addon in ("cx_sla", "cx_nps_survey"):
        result = odoo_shell(copy_db, """
module = env['ir.module.module'].search([('name', '=', %r)])
module.button_immediate_uninstall()
print('RESULT "ok"')
""" % addon)
        assert result == "ok"
        assert _module_states(copy_db)[addon] == "uninstalled"
        assert _counts(copy_db, EXPERIENCE_TABLES) == {
            t: before[t] for t in EXPERIENCE_TABLES if t in before}

    # cx_experience still works: its records read, a new interaction is logged, and a
    # partner moves stage with its history written.
    result = odoo_shell(copy_db, """
import json
partner = env['res.partner'].search([('customer', '=', True)], limit=1)
touchpoint = env['cx.touchpoint'].search([], limit=1) or env['cx.touchpoint'].create(
    {'name': 'Probe', 'channel': 'phone'})
env['cx.interaction'].create({'name': 'after uninstall', 'partner_id': partner.id,
                              'touchpoint_id': touchpoint.id})
target = 'loyalty' if partner.cx_stage_id.code == 'retention' else 'retention'
moved = partner._cx_move_to_stage(target, reason='probe')
print('RESULT ' + json.dumps({
    'tiers': env['cx.tier'].search_count([]),
    'moved': moved.ids == partner.ids,
    'stage': partner.cx_stage_id.code == target,
    'open_rows': env['cx.lifecycle.history'].search_count(
        [('partner_id', '=', partner.id), ('date_out', '=', False)]),
}))
""")
    assert result == {"tiers": 4, "moved": True, "stage": True, "open_rows": 1}
    assert _module_states(copy_db)["cx_experience"] == "installed"
