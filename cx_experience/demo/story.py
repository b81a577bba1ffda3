# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The demo company's story in plain Python (nothing here imports Odoo).

One population of customers over two years: who they are, how much and how often they
buy, how they pay, how well they are served and how they feel about it. The three
addons' demo generators read the same plan (seeded: the same story on every install),
so the customers who buy are those who open tickets and answer the NPS surveys.

The second half replays the nightly jobs over those two years from the documents the
generators wrote: the lifecycle rules (same rules and order as
``res.partner._cx_rule_queries``: the latest stage among the rules a customer matches,
forward only) and the revenue rule of the tiers (``domain.tiers``), night after night, so
that the stage log and the tier log read as if the jobs had run all along.

>>> plan = customer_plan(40, seed=7, today=datetime.date(2026, 12, 1))
>>> len(plan), len({c.name for c in plan})
(40, 40)
>>> all(c.acquired < datetime.date(2026, 12, 1) for c in plan)
True
"""
import bisect
import datetime
import math
import random
from collections import namedtuple

from dateutil.relativedelta import relativedelta

from ..domain import codes, tiers

MONTHS = 24
NIGHT_HOUR = 3  # the nightly job runs at 03:00 UTC

FIRST = ["Comercial", "Distribuidora", "Industrias", "Servicios", "Grupo", "Talleres",
         "Importadora", "Laboratorios", "Transportes", "Agroindustrias", "Almacenes",
         "Consultora", "Constructora", "Farmacias", "Hoteles", "Ferretería", "Editorial",
         "Textiles", "Alimentos", "Logística", "Clínica", "Papelería", "Muebles",
         "Cerámicas", "Viveros", "Panificadora", "Metalúrgica", "Ópticas"]
SECOND = ["Andina", "del Pacífico", "La Sabana", "Norte", "Sur", "Central", "Los Andes",
          "El Roble", "Caribe", "Santa Fe", "Orinoco", "Altiplano", "Patagonia",
          "del Valle", "Monteverde", "Río Claro", "San Martín", "Tres Cruces", "Aurora",
          "La Estrella", "Mediterránea", "Cantábrica", "del Sol", "Bahía", "La Ceiba",
          "Las Palmas", "El Molino", "Vista Alegre", "Cordillera", "Los Pinos",
          "Puerto Nuevo", "La Esperanza"]
# Country code -> legal forms of a company there.
COUNTRIES = [("ES", ("S.L.", "S.A.")), ("MX", ("S.A. de C.V.",)), ("CO", ("S.A.S.",)),
             ("AR", ("S.R.L.", "S.A.")), ("CL", ("SpA", "Ltda."))]
COUNTRY_WEIGHTS = (0.45, 0.2, 0.15, 0.1, 0.1)

# Trends of a customer's purchases over the two years.
TREND_STABLE = "stable"
TREND_GROWING = "growing"
TREND_DECLINING = "declining"
TREND_CHURNING = "churning"     # stops buying more than 16 months ago
TREND_WINBACK = "winback"       # stops, is won back by telemarketing, buys again
TREND_PROSPECT = "prospect"     # an opportunity, no purchase yet

LINES = ["Mantenimiento preventivo", "Licencias anuales de software", "Consultoría",
         "Suministros de oficina", "Repuestos", "Formación del personal",
         "Instalación y puesta en marcha", "Soporte técnico mensual", "Transporte",
         "Equipos y accesorios"]

Customer = namedtuple("Customer", [
    "index", "name", "email", "country", "salesperson", "acquired", "size", "trend",
    "stop", "late_payer", "mood", "poor_service", "strategic", "opportunity"])


def _names(rng, count):
    combos = [(a, b) for a in FIRST for b in SECOND]
    if count > len(combos):
        raise ValueError("at most %d demo customers" % len(combos))
    return rng.sample(combos, count)


def customer_plan(count, seed=42, today=None):
    """The demo customers, as plain values, the same for every call with the same
    arguments. ``salesperson`` is a slot (0 or 1), ``size`` a yearly revenue target,
    ``stop`` the date a customer stops buying (or None), ``mood`` its underlying
    satisfaction on 0-10 before service, ``poor_service`` whether it is served badly."""
    rng = random.Random(seed)
    today = today or datetime.date.today()
    start = today - relativedelta(months=MONTHS)
    plan = []
    for index, (first, second) in enumerate(_names(rng, count)):
        country, forms = rng.choices(COUNTRIES, COUNTRY_WEIGHTS)[0]
        name = "%s %s %s" % (first, second, rng.choice(forms))
        slug = "".join(ch for ch in (first + second).lower() if ch.isalnum())
        slug = slug.translate(str.maketrans("áéíóúñü", "aeiounu"))
        draw = rng.random()
        trend = (TREND_PROSPECT if draw < 0.05 else TREND_CHURNING if draw < 0.14 else
                 TREND_WINBACK if draw < 0.16 else TREND_DECLINING if draw < 0.33 else
                 TREND_GROWING if draw < 0.58 else TREND_STABLE)
        # most customers were there from the start, the others came over time
        months_in = rng.randint(0, 3) if rng.random() < 0.55 else rng.randint(3, 21)
        if trend in (TREND_CHURNING, TREND_WINBACK):
            months_in = rng.randint(0, 2)
        if trend == TREND_PROSPECT:
            months_in = rng.randint(18, 23)
        acquired = start + datetime.timedelta(days=30 * months_in + rng.randint(0, 29))
        acquired = min(acquired, today - datetime.timedelta(days=7))
        size = round(math.exp(rng.gauss(math.log(11000), 1.15)), -2)
        stop = None
        if trend == TREND_CHURNING:
            stop = today - datetime.timedelta(days=rng.randint(490, 640))
        elif trend == TREND_WINBACK:
            stop = today - datetime.timedelta(days=rng.randint(470, 500))
        plan.append(Customer(
            index=index, name=name, email="compras@%s.example.com" % slug,
            country=country, salesperson=rng.randint(0, 1), acquired=acquired,
            size=max(size, 800.0), trend=trend, stop=stop,
            late_payer=rng.random() < 0.15, mood=rng.uniform(5.5, 9.8),
            poor_service=rng.random() < 0.22, strategic=False,
            opportunity=trend == TREND_PROSPECT or rng.random() < 0.45))
    # the board's key accounts: the biggest steady buyers, set Strategic by hand
    big = sorted((c for c in plan if c.trend in (TREND_STABLE, TREND_GROWING)),
                 key=lambda c: -c.size)[:8]
    keys = {c.index for c in big}
    return [c._replace(strategic=True, size=max(c.size, 90000.0), poor_service=(
        c.index == big[-1].index)) if c.index in keys else c for c in plan]


def _trend_factor(customer, day, start):
    years = (day - start).days / 365.0
    if customer.trend == TREND_GROWING:
        return 0.55 + 0.5 * years
    if customer.trend == TREND_DECLINING:
        return max(1.5 - 0.6 * years, 0.2)
    return 1.0


Invoice = namedtuple("Invoice", "date lines paid refund")


def invoice_plan(customer, seed, today):
    """The invoices of a customer: ``Invoice(date, [(label, qty, unit price)], paid date
    or None, refund)``, where ``refund`` is ``(date, share, paid date)`` or None."""
    if customer.trend == TREND_PROSPECT:
        return []
    rng = random.Random("%s:%s" % (seed, customer.index))
    start = today - relativedelta(months=MONTHS)
    per_year = min(max(int(customer.size / 2500), 3), 12)
    gap = 365.0 / per_year
    day = customer.acquired + datetime.timedelta(days=rng.randint(3, 25))
    invoices = []
    while day < today:
        stopped = customer.stop and customer.stop <= day
        restarted = (customer.trend == TREND_WINBACK
                     and day >= today - datetime.timedelta(days=75))
        if not stopped or restarted:
            amount = customer.size / per_year * rng.uniform(0.6, 1.4) * _trend_factor(
                customer, day, start)
            labels = rng.sample(LINES, rng.choice((1, 1, 2)))
            lines = []
            for label, share in zip(labels, (1.0,) if len(labels) == 1 else (0.6, 0.4)):
                qty = rng.choice((1, 1, 1, 2, 3, 5, 10))
                lines.append((label, qty, round(amount * share / qty, 2)))
            delay = rng.randint(35, 95) if customer.late_payer else rng.randint(5, 28)
            paid = day + datetime.timedelta(days=delay)
            if paid >= today or (customer.late_payer and rng.random() < 0.05):
                paid = None
            refund = None
            if rng.random() < 0.04:
                when = day + datetime.timedelta(days=rng.randint(3, 20))
                if when < today:
                    back = when + datetime.timedelta(days=rng.randint(3, 15))
                    refund = (when, rng.choice((0.1, 0.2, 0.25, 0.5)),
                              back if back < today else None)
            invoices.append(Invoice(day, lines, paid, refund))
        day += datetime.timedelta(days=max(int(rng.gauss(gap, gap / 4.0)), 7))
    return invoices


# ---------------------------------------------------------------------- nightly replay
Move = namedtuple("Move", "moment stage rule previous")


def night(moment):
    """The first run of the nightly job after ``moment`` (a naive UTC datetime)."""
    run = datetime.datetime.combine(moment.date(), datetime.time(NIGHT_HOUR))
    return run if run > moment else run + datetime.timedelta(days=1)


class Facts(object):
    """What the rules read about one customer, as dated facts.

    Intervals are ``(start, end)`` with ``end`` None while still true. ``invoices`` are
    ``(posted moment, date, due date, paid moment or None, signed untaxed amount, kind)``.
    """

    def __init__(self, created):
        self.created = created
        self.opportunities = []     # moments
        self.invoices = []
        self.tickets = []           # (opened, closed or None)
        self.interactions = []      # (moment, stage code of its touchpoint or None)
        self.manual = []            # (moment, stage code) moves by hand
        self.locked = None          # moment the tier was set and locked by hand

    def activity_dates(self):
        """Days with an invoice or an interaction (what the churn rule looks at)."""
        days = [inv[1] for inv in self.invoices]
        days += [moment.date() for moment, _stage in self.interactions]
        return sorted(days)


def _matched(facts, run, current, churn_days):
    """Stage codes of the rules a customer matches at the nightly run ``run``."""
    today = run.date()
    matched = []
    if any(moment <= run for moment in facts.opportunities):
        matched.append(codes.STAGE_PRESALE)
    posted = [inv for inv in facts.invoices if inv[0] <= run]
    if any(inv[5] == "out_invoice" for inv in posted):
        matched.append(codes.STAGE_SALE)
    if any(opened <= run and (closed is None or closed > run)
           for opened, closed in facts.tickets):
        matched.append(codes.STAGE_SERVICE)
    if any(inv[5] == "out_invoice" and (inv[3] is None or inv[3] > run) and inv[2] < today
           for inv in posted):
        matched.append(codes.STAGE_COLLECTION)
    for stage in (codes.STAGE_LOYALTY, codes.STAGE_RETENTION):
        if any(moment <= run and code == stage for moment, code in facts.interactions):
            matched.append(stage)
    limit = today - datetime.timedelta(days=churn_days)
    if facts.created.date() < limit and (current or posted):
        recent = any(inv[1] >= limit for inv in posted) or any(
            limit <= moment.date() and moment <= run for moment, _c in facts.interactions)
        if not recent:
            matched.append(codes.STAGE_CHURNED)
    return matched


def _nights(facts, until, churn_days=365, window_months=12):
    """The nightly runs at which what the rules read about a customer may have changed
    since the run before: the first run after each fact, after each due date, and
    after each day of activity (or the creation) leaves the churn and revenue windows.
    Between two of these runs every rule gives the same answer, so replaying these
    nights only is the same as replaying every night."""
    moments = [facts.created] + list(facts.opportunities)
    moments += [moment for moment, _stage in facts.interactions]
    moments += [moment for moment, _stage in facts.manual]
    if facts.locked:
        moments.append(facts.locked)
    for opened, closed in facts.tickets:
        moments += [opened] + ([closed] if closed else [])
    days = []
    for posted, date, due, paid, _amount, _kind in facts.invoices:
        moments += [posted] + ([paid] if paid else [])
        days += [due + datetime.timedelta(days=1),
                 date + relativedelta(months=window_months) + datetime.timedelta(days=1),
                 date + relativedelta(months=window_months) + datetime.timedelta(days=2)]
    for day in facts.activity_dates() + [facts.created.date()]:
        days += [day + datetime.timedelta(days=churn_days + 1),
                 day + datetime.timedelta(days=churn_days + 2)]
    runs = {night(moment) for moment in moments}
    runs |= {datetime.datetime.combine(day, datetime.time(NIGHT_HOUR)) for day in days}
    return sorted(run for run in runs if night(facts.created) <= run <= until)


def replay_lifecycle(facts, sequences, until, churn_days=365):
    """The stays of one customer, run after run up to ``until``: a list of
    ``Move(moment, stage code, rule, previous stage code)``; hand moves keep their
    moment and go anywhere, the rules move forward only (domain.lifecycle)."""
    rule_of = dict((stage, rule) for rule, stage in codes.LIFECYCLE_RULES)
    moves = []
    current = None
    manual = sorted(facts.manual)
    for run in _nights(facts, until, churn_days):
        while manual and manual[0][0] <= run:
            moment, stage = manual.pop(0)
            if stage != current:
                moves.append(Move(moment, stage, "manual", current))
                current = stage
        matched = _matched(facts, run, current, churn_days)
        if matched:
            best = max(matched, key=lambda code: sequences[code])
            if current is None or sequences[current] < sequences[best]:
                moves.append(Move(run, best, rule_of[best], current))
                current = best
    for moment, stage in manual:  # hand moves after the last run
        if moment <= until and stage != current:
            moves.append(Move(moment, stage, "manual", current))
            current = stage
    return moves


def replay_tiers(facts, bands, until, window_months=12):
    """The tier changes of one customer by the revenue rule, run after run up to
    ``until``: a list of ``(moment, tier key, revenue)``; none once the tier is locked."""
    posted = sorted(facts.invoices, key=lambda inv: inv[1])
    dates = [inv[1] for inv in posted]
    changes = []
    current = None
    for run in _nights(facts, until, window_months=window_months):
        if facts.locked is not None and run >= facts.locked:
            break
        today = run.date()
        since = today - relativedelta(months=window_months)
        low = bisect.bisect_left(dates, since)
        high = bisect.bisect_right(dates, today)
        revenue = sum(inv[4] for inv in posted[low:high] if inv[0] <= run)
        tier = tiers.tier_for_revenue(bands, revenue)
        if tier != current:
            changes.append((run, tier, round(revenue, 2)))
            current = tier
    return changes
