"""Benchmark of cx_sla: deadlines for 100,000 new tickets and the SLA cron over 100,000
open tickets, beside the obvious per-ticket loop with resource.calendar.plan_hours.

Run from the repository root with Odoo's Python:

    .venv/bin/python bench/sla_bench.py [--tickets 100000] [--sample 300]

It works in its own database ``bench_sla`` (created with cx_sla and no demo data when
missing; CX_CONF points to another Odoo config if needed) and deletes its tickets at the end.
"""
import argparse
import os
import subprocess
import sys
import time
from datetime import datetime, timedelta

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DB = os.environ.get("CX_BENCH_DB", "bench_sla")
CONF = os.environ.get("CX_CONF", os.path.join(ROOT, ".odoo", "odoo.conf"))
TAG = "SLA bench"


def ensure_database():
    listing = subprocess.run(["psql", "-lqt"], stdout=subprocess.PIPE, universal_newlines=True).stdout
    if DB in [line.split("|")[0].strip() for line in listing.splitlines()]:
        return
    print("creating %s (cx_sla without demo data)..." % DB)
    subprocess.run([sys.executable, os.path.join(ROOT, "setup", "odoo-bin"), "-c", CONF, "-d", DB,
                    "-i", "cx_sla", "--without-demo=all", "--stop-after-init", "--log-level=warn"],
                   check=True)


def setup(env):
    old = env["cx.sla.policy"].search([("name", "=", TAG)])
    if old:
        cleanup(env, old)
    Calendar, Team = env["resource.calendar"], env["helpdesk.ticket.team"]
    calendar = Calendar.search([("name", "=", TAG)], limit=1) or Calendar.create({
        "name": TAG, "cx_tz": "Europe/Madrid",
        "attendance_ids": [(0, 0, {"name": "d%d" % d, "dayofweek": str(d), "hour_from": h0, "hour_to": h1})
                           for d in range(5) for h0, h1 in ((9.0, 13.0), (14.0, 18.0))],
        "leave_ids": [(0, 0, {"name": "Holiday", "date_from": "2026-12-07 23:00:00",
                              "date_to": "2026-12-08 23:00:00"})],
    })
    team = Team.search([("name", "=", TAG)], limit=1) or Team.create(
        {"name": TAG, "cx_calendar_id": calendar.id, "cx_leader_id": env.uid})
    stage = env["helpdesk.ticket.stage"].search([("closed", "=", False)], limit=1)
    policy = env["cx.sla.policy"].create({
        "name": TAG, "sequence": 1, "team_ids": [(6, 0, team.ids)],
        "target_ids": [(0, 0, {"kind": "first_response", "hours": 4.0}),
                       (0, 0, {"kind": "resolution", "hours": 24.0})],
        "escalation_ids": [(0, 0, {"level": 1, "trigger": "at_risk", "notify": "team_leader"}),
                           (0, 0, {"level": 2, "trigger": "breached", "notify": "team_leader"})],
    })
    return calendar, team, stage, policy


def vacuum():
    """Reclaim the rows of earlier runs, as autovacuum does on a live database, so that every
    run starts from the same state."""
    subprocess.run(["psql", "-q", "-d", DB, "-c", "VACUUM FULL ANALYZE helpdesk_ticket, cx_sla_line, "
                    "cx_sla_escalation_log"], check=True)


def insert_tickets(env, count, team, stage, now, distinct=False):
    """Open tickets created by SQL over the last 30 working minutes (1,800 distinct seconds,
    about 55 tickets in each): none at risk yet. With ``distinct``, each ticket has its own
    creation second, one per second back from ``now`` (about 28 hours: most of them over the
    weekend before a Monday morning), so that no two tickets share their deadlines."""
    env.cr.execute("""
        INSERT INTO helpdesk_ticket (number, name, team_id, stage_id, company_id, priority,
                                     create_date, write_date, create_uid, write_uid, last_stage_update)
        SELECT 'B' || g, %(tag)s, %(team)s, %(stage)s, %(company)s, '1',
               %(now)s - (CASE WHEN %(distinct)s THEN g ELSE g %% 1800 END) * interval '1 second',
               %(now)s, 1, 1, %(now)s
          FROM generate_series(1, %(count)s) g
        RETURNING id""", {"tag": TAG, "team": team.id, "stage": stage.id, "company": env.user.company_id.id,
                          "now": now, "count": count,
                          "distinct": distinct})
    return [row[0] for row in env.cr.fetchall()]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tickets", type=int, default=100000)
    parser.add_argument("--sample", type=int, default=300, help="tickets for the naive per-ticket loop")
    args = parser.parse_args()
    ensure_database()
    sys.path.insert(0, ROOT)
    import odoo
    from odoo import api, SUPERUSER_ID
    odoo.tools.config.parse_config(["-c", CONF, "-d", DB, "--log-level=warn"])
    registry = odoo.registry(DB)
    # A Monday at 10:00 Madrid time, so that 30 minutes of history are working time.
    now = datetime(2026, 11, 23, 9, 0)
    with api.Environment.manage(), registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tz": "Europe/Madrid"})
        Line = env["cx.sla.line"]
        calendar, team, stage, policy = setup(env)
        cr.commit()
        vacuum()
        ids = insert_tickets(env, args.tickets, team, stage, now)
        cr.commit()
        # Fresh statistics, as autovacuum keeps them on a live database.
        cr.execute("ANALYZE helpdesk_ticket")

        t0 = time.time()
        Line._cx_sync(ids, now=now)
        cr.commit()
        ours_deadlines = time.time() - t0
        cr.execute("SELECT count(*) FROM cx_sla_line WHERE ticket_id = ANY(%s)", (ids,))
        lines = cr.fetchone()[0]
        cr.execute("ANALYZE cx_sla_line")

        Line._cron_check(now=now)  # absorb anything already due
        cr.commit()
        t0 = time.time()
        changed_idle = Line._cron_check(now=now)
        cr.commit()
        ours_idle = time.time() - t0

        # 10 % of the tickets cross a threshold: their first response falls due.
        crossing = ids[::10]
        cr.execute("""UPDATE cx_sla_line SET deadline = %s, at_risk_date = %s
                       WHERE ticket_id = ANY(%s) AND kind = 'first_response'""",
                   (now - timedelta(minutes=1), now - timedelta(minutes=20), crossing))
        cr.commit()
        t0 = time.time()
        changed_busy = Line._cron_check(now=now)
        cr.commit()
        ours_busy = time.time() - t0
        cr.execute("SELECT count(*) FROM cx_sla_escalation_log WHERE ticket_id = ANY(%s)", (ids,))
        escalations = cr.fetchone()[0]

        # The obvious way, on a sample: per ticket, per target, plan_hours and an ORM create.
        sample = env["helpdesk.ticket"].browse(ids[:args.sample])
        cr.execute("DELETE FROM cx_sla_line WHERE ticket_id = ANY(%s)", (sample.ids,))
        env["cx.sla.line"].invalidate_cache()
        t0 = time.time()
        for ticket in sample:
            start = odoo.fields.Datetime.from_string(ticket.create_date)
            for target in policy.target_ids:
                deadline = calendar.plan_hours(target.hours, start, compute_leaves=True)
                Line.create({"ticket_id": ticket.id, "target_id": target.id,
                             "kind": target.kind, "allowed_hours": target.hours, "start_date": start,
                             "resumed_date": start, "deadline": deadline, "state": "ongoing"})
        naive_deadlines = time.time() - t0
        # The obvious cron, on the same sample: read each open ticket's lines, compare, write.
        t0 = time.time()
        for ticket in sample:
            for line in ticket.cx_sla_line_ids:
                state = "breached" if line.deadline and line.deadline <= str(now) else "ongoing"
                line.write({"state": state})
        naive_cron = time.time() - t0
        cr.rollback()
        report(args, lines, ours_deadlines, naive_deadlines, ours_idle, changed_idle, ours_busy, changed_busy,
               escalations, naive_cron)

        # Worst case for the engine: another 100,000 tickets, no two created in the same second.
        ids = insert_tickets(env, args.tickets, team, stage, now, distinct=True)
        cr.commit()
        cr.execute("ANALYZE helpdesk_ticket")
        t0 = time.time()
        Line._cx_sync(ids, now=now)
        cr.commit()
        elapsed = time.time() - t0
        print("deadlines, ours, every ticket with its own creation second: %7.2f s for %d tickets "
              "(%.3f ms/ticket)" % (elapsed, args.tickets, 1000 * elapsed / args.tickets))
        cleanup(env, policy)
        cr.commit()


def cleanup(env, policy):
    cr = env.cr
    cr.execute("SELECT id FROM helpdesk_ticket WHERE name = %s", (TAG,))
    ids = [row[0] for row in cr.fetchall()]
    cr.execute("DELETE FROM cx_sla_escalation_log WHERE ticket_id = ANY(%s)", (ids,))
    cr.execute("DELETE FROM cx_sla_line WHERE ticket_id = ANY(%s)", (ids,))
    cr.execute("DELETE FROM helpdesk_ticket WHERE id = ANY(%s)", (ids,))
    policy.unlink()


def report(args, lines, ours_deadlines, naive_deadlines, ours_idle, changed_idle, ours_busy, changed_busy,
           escalations, naive_cron):
    n, s = args.tickets, args.sample
    naive_each, ours_each = naive_deadlines / s, ours_deadlines / n
    print("tickets: %d open, SLA lines: %d, naive sample: %d tickets" % (n, lines, s))
    print("deadlines, ours:   %7.2f s for %d tickets (%.3f ms/ticket)"
          % (ours_deadlines, n, 1000 * ours_each))
    print("deadlines, naive:  %7.2f s for %d tickets (%.3f ms/ticket, about %.0f s for %d); "
          "ratio %.0fx per ticket"
          % (naive_deadlines, s, 1000 * naive_each, naive_each * n, n, naive_each / ours_each))
    print("cron, nothing changed: %7.3f s (%d tickets changed)" % (ours_idle, changed_idle))
    print("cron, 10%% cross:       %7.3f s (%d tickets changed, %d escalations fired)"
          % (ours_busy, changed_busy, escalations))
    cron_each = naive_cron / s
    print("cron, naive loop:      %7.2f s for %d tickets (%.3f ms/ticket, about %.0f s per pass over %d); "
          "ratio per ticket %.0fx against our busy pass, %.0fx against our idle pass"
          % (naive_cron, s, 1000 * cron_each, cron_each * n, n, cron_each / (ours_busy / n),
             cron_each / (ours_idle / n)))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
