# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Demo data of cx_sla: two years of the demo company's helpdesk.

The tickets are the demo customers' (cx_experience's demo), while they buy, more of
them for the bigger ones; the customers the story serves badly get late answers and
late solutions. Each ticket is created through the ORM and replayed through the SLA
engine at the moments it happened (first reply, stage changes, pauses, closure), then
the cron's pass at install writes what is at risk or breached now and escalates.

A few tickets are placed so that one of their targets is **at risk now** and stays so
for hours after the install (the suite tests run within about a quarter of an hour of
it): their creation moment is searched with the engine's own calendar arithmetic.
"""
import datetime
import logging
import random

from odoo.addons.cx_experience import clock
from odoo.addons.cx_experience.demo.generator import ExperienceDemo

from ..domain import policy as rules
from ..line_writer import prepare_batch as _prepare_batch, write_batch as _write_batch

_logger = logging.getLogger(__name__)

SUBJECTS = ["La factura no coincide con el pedido", "No puedo entrar al portal",
            "El envío llegó dañado", "Solicitud de presupuesto",
            "Consulta sobre la garantía", "Pago no registrado", "El equipo no enciende",
            "Error al descargar la factura", "Cambio de dirección de entrega",
            "Retraso en la instalación", "Falta material en la entrega",
            "Duda sobre el contrato de mantenimiento"]
URGENT_SUBJECT = "Servicio caído"
AT_RISK_NOW = 4         # standard tickets at risk now, for the rest of the working day
URGENT_AT_RISK_NOW = 3  # very urgent ones (calendar hours), at risk for 2-4 hours
PAUSED_NOW = 3          # waiting for the customer now


class SlaDemo(object):
    """The demo generator of cx_sla, on an environment (see the thin model
    ``cx.sla.demo``, which the demo XML calls)."""

    def __init__(self, env):
        self.env = env

    def _generate(self, seed=2026):
        env = self.env
        partners = ExperienceDemo(env)._cx_demo_customers()
        if not partners:
            return 0
        plan = ExperienceDemo(env)._cx_demo_plan()
        rng = random.Random(seed)
        now = clock.utcnow().replace(second=0)
        ref = env.ref
        teams = [ref("helpdesk_mgmt.helpdesk_team_1"), ref("helpdesk_mgmt.helpdesk_team_2"),
                 ref("helpdesk_mgmt.helpdesk_team_3")]
        stages = {key: ref("helpdesk_mgmt.helpdesk_ticket_stage_" + key)
                  for key in ("new", "in_progress", "awaiting", "done")}
        categories = env["helpdesk.ticket.category"].search([])
        users = env["res.users"].search([("share", "=", False)], limit=4)
        spans = self._cx_demo_spans(partners.ids)
        specs = []
        for partner, customer in zip(partners, plan):
            span = spans.get(partner.id)
            if not span:
                continue
            first, last = span
            end = min(last + datetime.timedelta(days=45), now)
            years = max((end - first).total_seconds() / (365.0 * 86400), 0.0)
            rate = min(0.8 + customer.size / 30000.0, 4.0) * (1.6 if customer.poor_service else 1.0)
            count = _poisson(rng, rate * years)
            for _n in range(count):
                created = _working_moment(rng, first + (end - first) * rng.random())
                if created >= now:
                    continue
                specs.append(self._cx_demo_spec(rng, partner, customer, created, teams,
                                                categories, users))
        specs += self._cx_demo_at_risk_now(rng, partners, plan, teams[0], users, now)
        specs.sort(key=lambda spec: spec["created"])
        tickets = self._cx_demo_create(specs)
        self._cx_demo_play(rng, tickets, specs, stages, now)
        env["cx.sla.line"]._cron_check(now=now)
        ExperienceDemo(env)._cx_demo_replay()
        _logger.info("cx demo: %d tickets replayed through the SLA engine", len(specs))
        return len(specs)

    # ------------------------------------------------------------------ planning
    def _cx_demo_spans(self, partner_ids):
        """First and last invoice of each customer: when it is a customer to serve."""
        self.env.cr.execute("""
            SELECT commercial_partner_id, min(create_date), max(create_date)
              FROM account_invoice
             WHERE commercial_partner_id = ANY(%s) AND type = 'out_invoice'
               AND state IN ('open', 'paid')
          GROUP BY commercial_partner_id""", (partner_ids,))
        return {pid: (_dt(first), _dt(last)) for pid, first, last in self.env.cr.fetchall()}

    def _cx_demo_spec(self, rng, partner, customer, created, teams, categories, users):
        team = rng.choices(teams, (0.5, 0.4, 0.1))[0]
        return {
            "partner": partner, "customer": customer, "created": created, "team": team,
            "name": rng.choice(SUBJECTS),
            "priority": rng.choices("0123", (0.15, 0.4, 0.37, 0.08))[0],
            "category": rng.choice(categories).id if categories else False,
            "user": rng.choice(users).id if users and rng.random() < 0.85 else None,
            "late": rng.random() < (0.5 if customer.poor_service else 0.07),
            "pause": rng.random() < 0.15,
        }

    def _cx_demo_create(self, specs):
        """The tickets through the ORM (numbers in creation order), then their true
        creation moment and assignee by SQL (the ORM would mail each assignment), and
        their SLA lines recomputed from that moment."""
        Ticket = self.env["helpdesk.ticket"].with_context(
            tracking_disable=True, mail_create_nolog=True, mail_notrack=True,
            mail_create_nosubscribe=True)
        tickets = Ticket.browse()
        for spec in specs:
            tickets |= Ticket.create({
                "name": spec["name"], "team_id": spec["team"].id,
                "stage_id": self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_new").id,
                "priority": spec["priority"], "category_id": spec["category"],
                "partner_id": spec["partner"].id, "partner_email": spec["partner"].email,
                "description": spec["name"]})
        if not tickets:
            return tickets
        cr = self.env.cr
        cr.execute("""
            UPDATE helpdesk_ticket t
               SET create_date = v.created, write_date = v.created, user_id = v.user_id,
                   assigned_date = CASE WHEN v.user_id IS NOT NULL
                                        THEN v.created + interval '10 minutes' END,
                   last_stage_update = v.created
              FROM unnest(%s::int[], %s::timestamp[], %s::int[]) v(id, created, user_id)
             WHERE t.id = v.id""", (tickets.ids, [s["created"] for s in specs],
                                    [s["user"] for s in specs]))
        cr.execute("DELETE FROM cx_sla_line WHERE ticket_id = ANY(%s)", (tickets.ids,))
        tickets.invalidate_cache()
        return tickets

    def _cx_demo_at_risk_now(self, rng, partners, plan, team, users, now):
        """Tickets one of whose targets is at risk now and for hours after the install.

        Standard tickets of the first team: among the creation moments of the last two
        weeks (every ten minutes), those whose resolution target turned at risk a quarter
        of an hour ago or more, with the latest deadlines (at least an hour away; the
        rest of the working day, or the next one after office hours); the reply
        and the move to 'In progress' come early (see _cx_demo_timeline), so those
        targets are met. Very urgent tickets (calendar hours) at risk since one to three
        hours complete them, and a few tickets waiting for the customer (paused now)."""
        customers = [(p, c) for p, c in zip(partners, plan)
                     if not c.strategic and c.trend not in ("prospect", "churning")]
        rng.shuffle(customers)
        moments = []
        policy = self.env.ref("cx_sla.demo_policy_standard", raise_if_not_found=False)
        if policy:
            cal = self.env["cx.sla.line"]._cx_calendar(policy, team, self.env.user.company_id, {})
            resolution = max(policy.target_ids.filtered(
                lambda t: t.kind == rules.TARGET_RESOLUTION).mapped("hours") or [0.0])
            # every 10 minutes over the last two weeks, keep the latest deadlines
            candidates = []
            moment = now - datetime.timedelta(minutes=30)
            while resolution and moment > now - datetime.timedelta(days=14):
                deadline, at_risk = rules.line_moments(
                    cal, moment, 0.0, resolution * 3600.0, policy.at_risk_share)
                if (at_risk and deadline and at_risk <= now - datetime.timedelta(minutes=15)
                        and deadline >= now + datetime.timedelta(hours=1)):
                    candidates.append((deadline, moment))
                moment -= datetime.timedelta(minutes=10)
            for _deadline, moment in sorted(candidates, reverse=True)[:AT_RISK_NOW * 3:3]:
                moments.append((moment, "1", "at_risk_now"))
            # waiting for the customer: paused now
            for days in range(1, PAUSED_NOW + 1):
                moments.append((_working_moment(rng, now - datetime.timedelta(days=days)),
                                "2", "paused_now"))
        urgent = self.env.ref("cx_sla.demo_policy_urgent", raise_if_not_found=False)
        if urgent:
            resolution = max(urgent.target_ids.mapped("hours") or [24.0])
            for index in range(URGENT_AT_RISK_NOW):
                moments.append((now - datetime.timedelta(
                    hours=resolution * urgent.at_risk_share / 100.0 + 1 + index), "3",
                    "at_risk_now"))
        return [{"partner": partner, "customer": customer, "created": created, "team": team,
                 "name": URGENT_SUBJECT if priority == "3" else rng.choice(SUBJECTS),
                 "priority": priority, "category": False,
                 "user": users[:1].id if users else None, "late": False, "pause": False,
                 "now": kind}
                for (created, priority, kind), (partner, customer) in zip(moments, customers)]

    # ------------------------------------------------------------------ replay
    def _cx_demo_timeline(self, rng, spec, lines, cal, stages, now):
        """When a ticket was answered, taken in hand, paused and solved, before now: on
        time for most, late for the customers served badly. ``[(moment, kind, stage)]``."""
        allowed = {line["kind"]: line["allowed_hours"] for line in lines}
        created = spec["created"]

        def after(hours, start=created):
            if cal is None:
                return start + datetime.timedelta(hours=hours)
            return cal.add_many(start, [hours * 3600.0])[0]

        def share(late):
            return rng.uniform(1.2, 3.0) if late else rng.uniform(0.1, 0.75)
        late = spec["late"]
        if spec.get("now"):
            reply = after(min(allowed.get(rules.TARGET_FIRST_RESPONSE, 1.0), 1.0) * 0.3)
            events = [(reply, "reply", None),
                      (reply + datetime.timedelta(minutes=10), "move", stages["in_progress"])]
            if spec["now"] == "paused_now":
                events.append((max(reply + datetime.timedelta(minutes=30),
                                   now - datetime.timedelta(hours=2)), "move", stages["awaiting"]))
            return [event for event in events if event[0] < now]
        reply = after(allowed.get(rules.TARGET_FIRST_RESPONSE, 4.0) * share(
            late and rng.random() < 0.7))
        progress = after(allowed.get(rules.TARGET_STAGE, 8.0) * share(late and rng.random() < 0.5))
        progress = max(progress, reply + datetime.timedelta(minutes=5))
        solved = after(allowed.get(rules.TARGET_RESOLUTION, 24.0) * share(late))
        solved = max(solved, progress + datetime.timedelta(minutes=30))
        events = [(reply, "reply", None), (progress, "move", stages["in_progress"])]
        if spec["pause"]:
            paused = progress + (solved - progress) / 2
            back = paused + datetime.timedelta(hours=rng.uniform(4, 96))
            events += [(paused, "move", stages["awaiting"]),
                       (back, "move", stages["in_progress"])]
            solved = max(solved + (back - paused), back + datetime.timedelta(hours=1))
        events.append((solved, "move", stages["done"]))
        return [event for event in events if event[0] < now]

    def _cx_demo_play(self, rng, tickets, specs, stages, now):
        """Replay each ticket's timeline through the SLA engine's own steps, in memory:
        the engine plans the tickets as created (policy, calendar, one line per target),
        each event advances the lines at its moment as ``_cx_sync`` would
        (``_cx_advance``: a reply, a stage reached, a pause, a closure), and the engine's
        writer stores the lines and the tickets' status at once. The tickets' stages and
        closing dates are written with them, and the closing hook runs for the closed
        ones (their interactions dated when they closed)."""
        if not tickets:
            return 0
        Line = self.env["cx.sla.line"]
        plan = Line._cx_plan(tickets.ids, specs[0]["created"], set())
        batch = Line._cx_prepare(plan)  # the new lines, as a sync at creation makes them
        _write_batch(self.env.cr, batch)
        plan = Line._cx_plan(tickets.ids, specs[0]["created"], set())
        spec_of = {ticket.id: spec for ticket, spec in zip(tickets, specs)}
        closed_ids = set(s.id for s in stages.values() if s.closed)
        updates, final, closed = [], [], []
        for ticket, lines, running, policy, cal in plan["work"]:
            spec = spec_of[ticket["id"]]
            timeline = self._cx_demo_timeline(rng, spec, lines, cal if policy else None,
                                              stages, now)
            stage = ticket["stage_id"]
            for moment, kind, new_stage in timeline:
                if kind == "move":
                    stage = ticket["stage_id"] = new_stage.id
                    if new_stage.id in closed_ids:
                        ticket["closed"], ticket["closed_date"] = True, moment
                ctx = {"ticket": ticket, "policy": policy, "cal": cal, "now": moment,
                       "stage_rank": plan["stage_rank"], "replied": kind == "reply",
                       "moments": {}}
                for line in [line for line in lines if line["reached_date"] is None]:
                    if policy:
                        Line._cx_advance(line, ctx)
            updates += [line for line in lines if line["id"]]
            last_move = max([m for m, kind, _s in timeline if kind == "move"] or [None],
                            key=lambda m: m or datetime.datetime.min)
            final.append((ticket["id"], stage, last_move or spec["created"],
                          ticket["closed_date"] if ticket["closed"] else None))
            if ticket["closed"]:
                closed.append((ticket["id"], ticket["closed_date"]))
        _write_batch(self.env.cr, _prepare_batch([], updates, [], plan["policy_of"],
                                                 plan["lines_by_ticket"]))
        cr = self.env.cr
        cr.execute("""
            UPDATE helpdesk_ticket t SET stage_id = v.stage_id, last_stage_update = v.moved,
                   closed_date = v.closed, write_date = v.moved
              FROM unnest(%s::int[], %s::int[], %s::timestamp[], %s::timestamp[])
                   v(id, stage_id, moved, closed)
             WHERE t.id = v.id""", tuple(map(list, zip(*final))))
        tickets.invalidate_cache()
        Line._cx_invalidate()
        if closed:
            Ticket = self.env["helpdesk.ticket"]
            Ticket._cx_on_closed(Ticket.browse([tid for tid, _m in closed]), nps=False)
            # the closing hook logs the interaction now: it happened then
            cr.execute("""
                UPDATE cx_interaction x SET date = v.moment
                  FROM unnest(%s::int[], %s::timestamp[]) v(id, moment)
                 WHERE x.res_model = 'helpdesk.ticket' AND x.res_id = v.id""",
                       ([tid for tid, _m in closed], [m for _t, m in closed]))
            self.env["cx.interaction"].invalidate_cache()
        return len(final)


def _dt(value):
    return datetime.datetime.strptime(value[:19], "%Y-%m-%d %H:%M:%S") \
        if isinstance(value, str) else value


def _poisson(rng, mean):
    """A Poisson draw (Knuth), enough for the small means of the demo."""
    limit, count, product = pow(2.718281828459045, -mean), 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


def _working_moment(rng, moment):
    """The moment moved into office hours of a weekday (UTC, about Madrid's)."""
    moment = moment.replace(hour=rng.randint(7, 15), minute=rng.randint(0, 59), second=0,
                            microsecond=0)
    while moment.weekday() >= 5:
        moment -= datetime.timedelta(days=1)
    return moment
