"""The comp plan: storing it, and reading the tiers, bonuses and rate a rep types.

What the plan pays is worked out in `commission`.  A plan applies from its
`effective_from` date until the next plan starts; a quarter is paid on the plan in
effect on its last day.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from amtui.core import clock, dates_fmt, versions
from amtui.core.errors import InvalidInput, NotFound
from amtui.core.money import ZERO, cents, fmt_money
from amtui.core.parse import parse_date, parse_money, parse_percent
from amtui.core.periods import Period, quarter_of, shift
from amtui.models import CompPlan, database


class Tier(NamedTuple):
    threshold: Decimal  # attainment percent where the band starts
    multiplier: Decimal  # of the plan's rate


class Bonus(NamedTuple):
    threshold: Decimal  # attainment percent that earns it
    amount: Decimal


def number_text(value: Decimal) -> str:
    """`1.5`, `50`, `0.25`: a decimal as a person writes it (no exponent, no trailing 0)."""
    text = format(value.normalize(), "f")
    return text


# --- parsing what the rep types ---------------------------------------------------------
TIERS_HELP = "write threshold%:multiplier pairs, e.g. 0:0.5, 50:1, 100:1.5, 125:2"
BONUS_HELP = "write threshold%:amount pairs, e.g. 110:5000, 125:10k"


def _number(text: str, field: str, what: str, typed: str | None = None) -> Decimal:
    """`text` as a number; `typed`: what the rep wrote, for the message (`x` stripped
    from `1.5x` left '' to name)."""
    typed = text if typed is None else typed
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise InvalidInput(field, f"'{typed}' is not a number ({what})") from None
    if not value.is_finite() or value < 0:
        raise InvalidInput(field, f"{what} '{typed}' must be a number of 0 or more")
    return value


def _pairs(text: str, field: str, help_text: str) -> list[tuple[str, str]]:
    items = [item.strip() for item in re.split(r"[,;]", text) if item.strip()]
    if not items:
        raise InvalidInput(field, f"is empty; {help_text}")
    pairs = []
    for item in items:
        parts = [p.strip() for p in re.split(r"\s*[:=]\s*|\s+", item, maxsplit=1)]
        if len(parts) != 2 or not parts[1]:
            raise InvalidInput(field, f"'{item}' needs two parts; {help_text}")
        pairs.append((parts[0].rstrip("%").strip(), parts[1]))
    return pairs


def _check_unique(thresholds: list[Decimal], field: str) -> None:
    seen = set()
    for t in thresholds:
        if t in seen:
            raise InvalidInput(field, f"threshold {number_text(t)}% appears twice")
        seen.add(t)


def parse_tiers(text: str, *, field: str = "tiers") -> list[Tier]:
    """`0:0.5,50:1,100:1.5,125:2` (also `100%:1.5x`, `;` between pairs) -> tiers in
    threshold order."""
    tiers = []
    for threshold, multiplier in _pairs(text, field, TIERS_HELP):
        t = _number(threshold, field, "threshold")
        m = _number(multiplier.lower().rstrip("x").strip(), field, "multiplier", multiplier)
        if t > 1000:
            raise InvalidInput(field, f"threshold {threshold}% is beyond 1000%")
        if m > 100:
            raise InvalidInput(field, f"multiplier {multiplier} is beyond 100x")
        tiers.append(Tier(t, m))
    _check_unique([t.threshold for t in tiers], field)
    return sorted(tiers)


def parse_bonuses(text: str, *, field: str = "bonuses") -> list[Bonus]:
    """`110:5000, 125:10k` -> bonuses in threshold order; empty text: none."""
    if not text.strip():
        return []
    bonuses = []
    for threshold, amount in _pairs(text, field, BONUS_HELP):
        t = _number(threshold, field, "threshold")
        try:
            value = parse_money(amount, field=field)
        except InvalidInput as exc:
            raise InvalidInput(field, f"bonus at {threshold}%: {exc.reason}") from None
        if value <= 0:
            raise InvalidInput(field, f"bonus at {threshold}% must be above zero")
        bonuses.append(Bonus(t, value))
    _check_unique([b.threshold for b in bonuses], field)
    return sorted(bonuses)


def parse_rate(text: str, *, field: str = "rate") -> Decimal:
    """`10%`, `10` -> Decimal('10') (percent of bookings); `0.1` is refused as either
    10% or 0.1% (see parse_percent)."""
    return parse_percent(text, field=field, maximum=100)


def format_tiers(tiers) -> str:
    return ", ".join(f"{number_text(t.threshold)}:{number_text(t.multiplier)}" for t in tiers)


def format_bonuses(bonuses) -> str:
    return ", ".join(f"{number_text(b.threshold)}:{number_text(b.amount)}" for b in bonuses)


def describe_tiers(tiers, rate: Decimal | None = None) -> str:
    """`below 50%: 0.5x · 50–100%: 1x · 125%+: 2x`, with effective rates when given."""
    tiers = list(tiers)
    parts = []
    if tiers and tiers[0].threshold > 0:
        parts.append(f"below {number_text(tiers[0].threshold)}%: nothing")
    for i, tier in enumerate(tiers):
        low = number_text(tier.threshold)
        if i + 1 < len(tiers):
            span = f"{low}–{number_text(tiers[i + 1].threshold)}%"
            if tier.threshold == 0:
                span = f"below {number_text(tiers[i + 1].threshold)}%"
        else:
            span = f"{low}%+" if tier.threshold else "all"
        pays = f"{number_text(tier.multiplier)}x"
        if rate is not None:
            pays += f" ({number_text(rate * tier.multiplier)}%)"
        parts.append(f"{span}: {pays}")
    return " · ".join(parts)


# --- the plan ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Plan:
    effective_from: date
    base_salary: Decimal  # annual
    rate: Decimal  # percent of bookings
    tiers: tuple[Tier, ...]
    bonuses: tuple[Bonus, ...]
    cap: Decimal | None  # per quarter
    retroactive: bool
    version: int = 0  # the row's version when read: a save checks it (core.versions)

    @property
    def tiers_text(self) -> str:
        return format_tiers(self.tiers)

    @property
    def bonuses_text(self) -> str:
        return format_bonuses(self.bonuses)

    def summary(self, currency: str = "USD") -> str:
        """One line: `10% · marginal tiers below 50%: 0.5x … · bonus 110%: $5,000 · …`."""
        kind = "retroactive" if self.retroactive else "marginal"
        parts = [f"{number_text(self.rate)}% of bookings", f"{kind} tiers {describe_tiers(self.tiers)}"]
        for b in self.bonuses:
            parts.append(f"bonus {fmt_money(b.amount, currency, decimals=False)} at {number_text(b.threshold)}%")
        if self.cap is not None:
            parts.append(f"cap {fmt_money(self.cap, currency, decimals=False)} a quarter")
        parts.append(f"base {fmt_money(self.base_salary, currency, decimals=False)} a year")
        return " · ".join(parts)


def _plan(row: CompPlan) -> Plan:
    return Plan(
        effective_from=row.effective_from,
        base_salary=row.base_salary,
        rate=Decimal(row.rate),
        tiers=tuple(Tier(Decimal(t), Decimal(m)) for t, m in row.tiers),
        bonuses=tuple(Bonus(Decimal(t), Decimal(a)) for t, a in row.bonuses),
        cap=row.cap,
        retroactive=bool(row.retroactive),
        version=row.version,
    )


def _plan_on(start: date) -> Plan:
    row = CompPlan.get_or_none(CompPlan.effective_from == start)
    if row is None:
        raise NotFound(f"comp plan: none starts on {start}")
    return _plan(row)


def plans() -> list[Plan]:
    """Every plan, oldest first."""
    return [_plan(r) for r in CompPlan.select().order_by(CompPlan.effective_from)]


def current_plan(on: date | None = None) -> Plan | None:
    """The plan in effect on a date (default today): the latest starting on or before it."""
    on = on or clock.today()
    row = (
        CompPlan.select()
        .where(CompPlan.effective_from <= on)
        .order_by(CompPlan.effective_from.desc())
        .first()
    )
    return _plan(row) if row else None


def next_plan(on: date | None = None) -> Plan | None:
    """The first plan starting after a date (default today): one saved to come, which
    the plan in effect gives way to."""
    on = on or clock.today()
    row = CompPlan.select().where(CompPlan.effective_from > on).order_by(CompPlan.effective_from).first()
    return _plan(row) if row else None


def saved_note(plan: Plan, today: date | None = None) -> str:
    """What saving `plan` did: "Comp plan saved", or for a plan still to come, from when
    it applies and what applies until then (a bare "saved" read as if the plan shown
    now had changed)."""
    from amtui.core.bookings import current_quarter  # bookings reads settings and quotas

    today = today or clock.today()
    if plan.effective_from <= today:
        return "Comp plan saved"
    until = "the current plan stays" if current_plan(today) else "no plan applies"
    note = f"Comp plan from {dates_fmt.day(plan.effective_from, today)} saved; {until} until then"
    # a quarter is paid on the plan in effect on its last day: one starting before this
    # quarter ends pays this quarter, and the Quota screen's pay changes now
    this = current_quarter(today)
    paid_on = plan_for_period(this)
    if this.contains(plan.effective_from) and paid_on is not None and paid_on.effective_from == plan.effective_from:
        note += f" ({this.label} is paid on the new one)"
    return note


def plan_for_period(period: Period) -> Plan | None:
    """A quarter is paid on the plan in effect on its last day."""
    return current_plan(period.end)


def plan_span(plan: Plan) -> str:
    """`1 Jan – 26 Dec 2026` (up to the day before the next plan starts) or `from 1 Jan
    2026 on`: the days a plan is in effect, as the comp plan form's title names them."""
    later = next_plan(plan.effective_from)
    start = plan.effective_from
    if later is None:
        return f"from {start.day} {start:%b} {start.year} on"
    end = later.effective_from - timedelta(days=1)
    first = f"{start.day} {start:%b}" + ("" if start.year == end.year else f" {start.year}")
    return f"{first} – {end.day} {end:%b} {end.year}"


def quarters_paid(plan: Plan, today: date | None = None) -> tuple[Period, Period] | None:
    """The first and the last quarter paid on `plan` so far (up to this quarter): those
    whose last day it is in effect on.  None when it pays none yet."""
    from amtui.core.bookings import current_quarter, fy_start_month  # bookings reads settings

    fy = fy_start_month()
    this = current_quarter(today)
    later = next_plan(plan.effective_from)
    last_day = this.end if later is None else min(this.end, later.effective_from - timedelta(days=1))
    first, last = quarter_of(plan.effective_from, fy), quarter_of(last_day, fy)
    if last.end > last_day:  # the plan ends inside that quarter: the next plan pays it
        last = shift(last, -1)
    return (first, last) if first.end <= last.end else None


def pays_many_note(plan: Plan | None, today: date | None = None) -> str:
    """What editing `plan` changes, when it pays more than one quarter: "Pays 2024-Q1 to
    2026-Q4: a change reworks each one's pay (…)".  A rep who stepped back to fix one
    quarter would otherwise rewrite every quarter's pay unawares (the audit)."""
    paid = quarters_paid(plan, today) if plan is not None and plan.version else None
    first, last = paid or (None, None)
    if first is None or first == last:
        return ""
    return (f"Pays {first.label} to {last.label}: a change reworks each one's pay (a new "
            "Effective from changes pay from that day on).")


def plan_start_for(period: Period) -> date:
    """Where a plan written for `period` with none paying it starts: the usual start
    (`default_plan_start`) when a plan from there pays the period, else the period's
    first day (a quarter before the first plan)."""
    start = default_plan_start()
    return start if start <= period.end else period.start


def unset_plan(start: date) -> Plan:
    """No plan starting on `start`, as a form reads it (version 0): saving over it is
    refused when another machine wrote a plan there meanwhile, instead of replacing it."""
    return Plan(start, ZERO, ZERO, (), (), None, False, version=0)


def default_plan_start() -> date:
    """Where an edit without a date lands: the plan in effect today, or with none yet,
    the start of this fiscal year."""
    from amtui.core.bookings import current_quarter  # bookings reads settings and quotas

    plan = current_plan()
    return plan.effective_from if plan else current_quarter().fiscal_year.start


def _parsed(value, parser, default=None):
    if value is None:
        return default
    return parser(value) if isinstance(value, str) else value


def set_plan(
    *,
    base_salary: Decimal | str = ZERO,
    rate: Decimal | str,
    tiers: str | list[Tier] | None = None,
    bonuses: str | list[Bonus] | None = None,
    cap: Decimal | str | None = None,
    retroactive: bool = False,
    effective_from: date | str | None = None,
    base: Plan | None = None,
) -> Plan:
    """Write the comp plan starting on `effective_from`; by default the plan now in
    effect is replaced (or, with none yet, one from the start of this fiscal year).
    Text values are parsed as a rep types them; tiers default to the flat rate (0:1).
    `base`: the plan as the rep's form read it (`unset_plan` when there was none); when
    it is the plan being written and another machine changed it since, ChangedElsewhere
    (see core.versions).  Without it the last write wins (the CLI)."""
    salary = _parsed(base_salary, lambda t: parse_money(t, field="base salary"), ZERO)
    if salary < 0:
        raise InvalidInput("base salary", "must not be negative")
    rate_value = _parsed(rate, parse_rate)
    if rate_value is None or not 0 <= rate_value <= 100:
        raise InvalidInput("rate", "must be a percentage from 0 to 100")
    tier_list = _parsed(tiers or None, parse_tiers, [Tier(Decimal(0), Decimal(1))])
    if not tier_list:
        raise InvalidInput("tiers", f"need at least one tier; {TIERS_HELP}")
    bonus_list = _parsed(bonuses or None, parse_bonuses, [])
    cap_value = _parsed(cap or None, lambda t: parse_money(t, field="cap"))
    if cap_value is not None and cap_value <= 0:
        raise InvalidInput("cap", "must be above zero; leave it empty for no cap")
    start = _parsed(effective_from, lambda t: parse_date(t, tense="future", field="effective from"))
    start = start or default_plan_start()
    yours = dict(base_salary=salary, rate=rate_value, tiers=tuple(sorted(tier_list)),
                 bonuses=tuple(sorted(bonus_list)), cap=cap_value, retroactive=bool(retroactive))
    same = base if base is not None and base.effective_from == start else None
    with versions.edit("comp plan", start, same, load=_plan_on, yours=yours), database.atomic():
        row = CompPlan.get_or_none(CompPlan.effective_from == start)
        if row is None:
            if versions.version_of(same):
                raise NotFound(f"comp plan: none starts on {start}")  # deleted elsewhere
            row = CompPlan(effective_from=start)
        else:  # a form that read none (`unset_plan`) finds one written elsewhere meanwhile
            versions.expect(row, same)
        row.base_salary = salary
        row.rate = number_text(rate_value)
        row.tiers = [[number_text(t.threshold), number_text(t.multiplier)] for t in sorted(tier_list)]
        row.bonuses = [[number_text(b.threshold), f"{cents(b.amount):.2f}"] for b in sorted(bonus_list)]
        row.cap = cap_value
        row.retroactive = bool(retroactive)
        row.save()  # the same plan again writes nothing
    return _plan(row)


def delete_plan(effective_from: date) -> None:
    with database.atomic():
        if not CompPlan.delete().where(CompPlan.effective_from == effective_from).execute():
            raise NotFound(f"comp plan: none starts on {effective_from.isoformat()}")
