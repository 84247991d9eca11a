"""`amtui quota`, `amtui plan` and `amtui status`: the number, the comp plan, and where
the rep stands, from the shell (and in one line for a tmux status bar)."""

from __future__ import annotations

import argparse

from amtui.cli.common import (
    CliError,
    begin_change,
    db_parent,
    name_change,
    open_book,
    options_named,
    print_json,
)
from amtui.core import commission as comm
from amtui.core import comp_plan as plans
from amtui.core import dates_fmt
from amtui.core import quota as q
from amtui.core.bookings import current_quarter
from amtui.core.change_labels import COMP_PLAN_SET, plan_set, quota_change
from amtui.core.counts import plural
from amtui.core.errors import InvalidInput
from amtui.core.money import fmt_amount, fmt_money, money_str
from amtui.core.settings import get_settings

NONE_WORDS = ("none", "no", "off", "")


def register(sub) -> None:
    parent = db_parent()

    quota = sub.add_parser(
        "quota", parents=[parent], help="set or list quotas",
        description="Quotas are set per fiscal quarter (2026-Q4) or fiscal year (FY2026); "
        "a year without its own quota is the sum of its quarters. "
        "`amtui quota` alone lists them.",
    )
    quota.add_argument("--json", action="store_true", help="JSON rows instead of a table")
    quota.set_defaults(handler=list_quotas)
    actions = quota.add_subparsers(dest="quota_command", metavar="ACTION")
    p = actions.add_parser(
        "set", parents=[parent], help="set a quarter's or year's quota",
        description="Example: amtui quota set 2026-Q4 250k --set-by 'Dana (VP Sales)'",
    )
    p.add_argument("period", metavar="PERIOD", help="2026-Q4, Q4, next quarter, FY2026 ...")
    p.add_argument("amount", metavar="AMOUNT", help="250000, 250k, $250,000 ...")
    p.add_argument("--set-by", metavar="NAME", help="who set it (kept if not given)")
    p.add_argument("--notes", metavar="TEXT", help="anything worth remembering about it")
    p.set_defaults(handler=set_quota)
    p = actions.add_parser("list", parents=[parent], help="every quota set")
    p.add_argument("--json", action="store_true", help="JSON rows instead of a table")
    p.set_defaults(handler=list_quotas)
    p = actions.add_parser("delete", parents=[parent], help="remove a quota")
    p.add_argument("period", metavar="PERIOD", help="the quota's period, e.g. 2026-Q4 (amtui quota list)")
    p.set_defaults(handler=delete_quota)

    plan = sub.add_parser(
        "plan", parents=[parent], help="show or set the comp plan",
        description="The comp plan: base salary, commission rate, tiers (accelerators), "
        "bonuses and a cap per quarter. `amtui plan` alone shows it.",
    )
    plan.add_argument("--json", action="store_true", help="print the plan as JSON")
    plan.set_defaults(handler=show_plan)
    actions = plan.add_subparsers(dest="plan_command", metavar="ACTION")
    p = actions.add_parser(
        "set", parents=[parent], help="set or change the comp plan",
        description="Set the plan, e.g. `amtui plan set --base 60000 --rate 10% --tiers "
        "0:0.5,50:1,100:1.5,125:2 --bonus 110:5000 --cap 40000`. Changing a plan "
        "keeps whatever you don't give. Without --from it replaces the plan in effect "
        "today (the first plan starts with the fiscal year); with --from a new plan "
        "starts on that date.",
    )
    p.add_argument("--base", metavar="AMOUNT", help="annual base salary")
    p.add_argument("--rate", help="commission rate, e.g. 10%%")
    p.add_argument("--tiers", help="attainment%%:multiplier pairs, e.g. 0:0.5,50:1,100:1.5,125:2")
    p.add_argument(
        "--bonus", action="append", metavar="PCT:AMOUNT",
        help="a bonus paid once at an attainment, e.g. 110:5000 (repeat for more; 'none' clears)",
    )
    p.add_argument("--cap", metavar="AMOUNT", help="most commission + bonuses per quarter ('none' clears)")
    kind = p.add_mutually_exclusive_group()
    kind.add_argument("--retroactive", action="store_true", default=None,
                      help="all bookings earn the rate of the tier finally reached")
    kind.add_argument("--marginal", dest="retroactive", action="store_false",
                      help="each dollar earns the rate of its own tier (the default)")
    p.add_argument("--from", dest="effective_from", metavar="DATE", help="the day this plan starts")
    p.set_defaults(handler=set_plan)
    p = actions.add_parser("show", parents=[parent], help="the plan and what it pays this quarter")
    p.add_argument("--json", action="store_true", help="print the plan as JSON")
    p.set_defaults(handler=show_plan)

    status = sub.add_parser(
        "status", parents=[parent], help="attainment, pace, forecast and commission",
        description="Where you stand against quota. `--line` prints one short line for a "
        "shell prompt or tmux status bar, e.g. `Q4 62% of 250k · behind 8k · 3 due`.",
    )
    status.add_argument("--period", help="a quarter or fiscal year (default: this quarter)")
    shape = status.add_mutually_exclusive_group()
    shape.add_argument("--json", action="store_true", help="one JSON object")
    shape.add_argument("--line", action="store_true", help="one short line")
    status.set_defaults(handler=show_status)


# --- quota ------------------------------------------------------------------------------
def _quota_json(r: q.QuotaRow) -> dict:
    return {
        "period": r.period, "kind": r.kind, "start": r.start.isoformat(), "end": r.end.isoformat(),
        "amount": money_str(r.amount), "set_by": r.set_by, "notes": r.notes,
    }


def set_quota(args: argparse.Namespace) -> int:
    open_book(args)
    period = q.quota_period(args.period)
    begin_change(quota_change("set", period.label))  # "2026-Q4", not "this quarter" as typed
    before = next((r for r in q.quotas() if r.period == period.label), None)  # a set replaces it
    was = before.amount if before else None
    with options_named({"set_by": "--set-by", "notes": "--notes"}):
        row = q.set_quota(period, args.amount, set_by=args.set_by, notes=args.notes)
    currency = get_settings().currency
    by = f", set by {row.set_by}" if row.set_by else ""
    # "12,5k" for "312,5k" would otherwise replace $300,000 with $12,500 without a word
    replaced = f" (was {fmt_money(was, currency)})" if was is not None and was != row.amount else ""
    name_change(quota_change("set", row.period, fmt_amount(row.amount, currency)))
    line = f"Quota for {row.period} ({period.span()}): {fmt_money(row.amount, currency)}{replaced}{by}"
    # the same quota again writes nothing (core.quota.set_quota): the same row back
    print(f"Nothing changed: {line} already" if row == before else line)
    return 0


def delete_quota(args: argparse.Namespace) -> int:
    open_book(args)
    period = q.quota_period(args.period)
    begin_change(quota_change("removed", period.label))
    row = q.delete_quota(period)
    print(f"Removed the quota for {row.period} ({fmt_money(row.amount, get_settings().currency)})")
    return 0


def list_quotas(args: argparse.Namespace) -> int:
    open_book(args, create=False)
    rows = q.quotas()
    if args.json:
        print_json([_quota_json(r) for r in rows])
        return 0
    if not rows:
        print("No quotas yet; set one with: amtui quota set 2026-Q4 250k")
        return 0
    currency = get_settings().currency
    lines = [("period", "from", "to", "quota", "set by", "notes")]
    lines += [
        (r.period, dates_fmt.day(r.start), dates_fmt.day(r.end), fmt_money(r.amount, currency), r.set_by,
         r.notes)
        for r in rows
    ]
    _print_table(lines, right={3})
    return 0


def _print_table(lines: list[tuple[str, ...]], right: set[int]) -> None:
    widths = [max(len(line[i]) for line in lines) for i in range(len(lines[0]))]
    for line in lines:
        cells = [c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(line, widths, strict=True))]
        print("  ".join(cells).rstrip())


# --- plan -------------------------------------------------------------------------------
def set_plan(args: argparse.Namespace) -> int:
    open_book(args, change=COMP_PLAN_SET)
    start = None
    if args.effective_from:
        from amtui.core.parse import parse_date

        start = parse_date(args.effective_from, tense="future", field="effective from")
    before = plans.current_plan(start)  # what "keep whatever you don't give" keeps
    if before is None and args.rate is None:
        raise CliError("plan set: give --rate (and --base, --tiers ...) for the first plan")
    bonuses = before.bonuses_text if before else ""
    if args.bonus is not None:
        given = [b for b in args.bonus if b.strip().lower() not in NONE_WORDS]
        bonuses = ",".join(given)
    cap = before.cap if before else None
    if args.cap is not None:
        cap = None if args.cap.strip().lower() in NONE_WORDS else args.cap
    plan = plans.set_plan(
        base_salary=args.base if args.base is not None else (before.base_salary if before else "0"),
        rate=args.rate if args.rate is not None else before.rate,
        tiers=args.tiers if args.tiers is not None else (before.tiers_text if before else None),
        bonuses=bonuses,
        cap=cap,
        retroactive=args.retroactive if args.retroactive is not None else bool(before and before.retroactive),
        effective_from=start,
    )
    name_change(plan_set(plan))
    line = f"Comp plan from {dates_fmt.day(plan.effective_from)}: {plan.summary(get_settings().currency)}"
    # the very plan again writes nothing (core.comp_plan.set_plan): the same version back
    print(f"Nothing changed: {line} already" if plan == before else line)
    return 0


def _plan_json(p: plans.Plan) -> dict:
    return {
        "effective_from": p.effective_from.isoformat(),
        "base_salary": money_str(p.base_salary),
        "rate_pct": float(p.rate),
        "tiers": [{"threshold_pct": float(t.threshold), "multiplier": float(t.multiplier)} for t in p.tiers],
        "bonuses": [{"threshold_pct": float(b.threshold), "amount": money_str(b.amount)} for b in p.bonuses],
        "cap": money_str(p.cap),
        "retroactive": p.retroactive,
    }


def show_plan(args: argparse.Namespace) -> int:
    open_book(args, create=False)
    currency = get_settings().currency
    plan = plans.current_plan()
    later = [p for p in plans.plans() if plan is None or p.effective_from > plan.effective_from]
    if args.json:
        print_json({"current": _plan_json(plan) if plan else None, "later": [_plan_json(p) for p in later]})
        return 0
    if plan is None and not later:
        print("No comp plan yet; set one with: amtui plan set --base 60000 --rate 10% --tiers 0:0.5,50:1,100:1.5,125:2")
        return 0
    for p in ([plan] if plan else []) + later:
        print(f"Comp plan from {dates_fmt.day(p.effective_from)}")
        print(f"  Base salary  {fmt_money(p.base_salary, currency)} a year")
        print(f"  Rate         {plans.number_text(p.rate)}% of bookings")
        kind = "retroactive" if p.retroactive else "marginal"
        print(f"  Tiers        {kind}: {plans.describe_tiers(p.tiers, p.rate)}")
        bonuses = ", ".join(f"{fmt_money(b.amount, currency)} at {plans.number_text(b.threshold)}%" for b in p.bonuses)
        print(f"  Bonuses      {bonuses or 'none'}")
        print(f"  Cap          {fmt_money(p.cap, currency) + ' a quarter' if p.cap is not None else 'none'}")
    pay = comm.period_commission(current_quarter())
    print()
    if pay.result is None:
        print(f"{pay.period.label}: {pay.missing}")
        return 0
    r = pay.result
    print(
        f"{pay.period.label} so far, on {fmt_money(r.booked, currency)} won "
        f"({r.attainment_pct}% of {fmt_money(r.quota, currency)}):"
    )
    for band in r.bands:
        if band.booked:
            print(f"  {band.explain(currency)}")
    for line in pay_split_lines(r.commission, r.bonus, r.capped_by, r.total, currency):
        print(f"  {line}")
    return 0


def pay_split_lines(commission, bonus, capped_by, total, currency: str) -> list[str]:
    """Pay as earned, then capped: commission earned, bonuses earned, cut by the cap
    (only when it cuts), total paid."""
    rows = [("Commission earned", commission), ("Bonuses earned", bonus)]
    if capped_by:
        rows.append(("Cut by the cap", -capped_by))
    rows.append(("Total paid", total))
    width = max(len(fmt_money(v, currency)) for _, v in rows)
    return [f"{label:<18} {fmt_money(v, currency):>{width}}" for label, v in rows]


# --- status -----------------------------------------------------------------------------
def _num(value) -> float | None:
    return None if value is None else float(value)


def status_json(s: q.QuotaStatus) -> dict:
    """The JSON of `amtui status --json`: money as strings, percentages and coverage
    multiples as numbers with one decimal, null when undefined."""
    return {
        "period": s.period.label,
        "start": s.start.isoformat(),
        "end": s.end.isoformat(),
        "today": s.today.isoformat(),
        "quota": money_str(s.quota),
        # what the quota covers: the period, or a year's quarters that have one (then
        # attainment, gap and coverage are theirs, against quota_won)
        "quota_covers": [p.label for p in s.quota_cover.covers] if s.quota is not None else None,
        "quota_won": money_str(s.quota_won) if s.quota is not None else None,
        "won": money_str(s.won),
        "attainment_pct": _num(s.attainment_pct),
        "gap": money_str(s.gap),
        "exceeded_by": money_str(s.exceeded_by),
        "days": s.days,
        "elapsed_days": s.elapsed_days,
        "business_days_left": s.business_days_left,
        "expected_to_date": money_str(s.expected_to_date),
        "ahead_by": money_str(s.ahead_by),
        "behind_by": money_str(s.behind_by),
        "run_rate_projection": money_str(s.run_rate_projection),
        "required_per_business_day": money_str(s.required_per_business_day),
        "open_deals": s.open_count,
        "open_pipeline": money_str(s.open_pipeline),
        "weighted_pipeline": money_str(s.weighted_pipeline),
        "commit": money_str(s.commit),
        "best_case": money_str(s.best_case),
        "forecast_weighted": money_str(s.forecast_weighted),
        "forecast_commit": money_str(s.forecast_commit),
        "forecast_best_case": money_str(s.forecast_best_case),
        "forecast_ceiling": money_str(s.forecast_ceiling),
        "overdue_deals": s.overdue_count,
        "overdue_amount": money_str(s.overdue_amount),
        "coverage": _num(s.coverage),
        "coverage_needed": _num(s.coverage_needed),
        "win_rate_pct": _num(s.win_rate),
        "commission": money_str(s.commission),
        "bonus": money_str(s.bonus),
        "capped_by": money_str(s.capped_by),
        "total_pay": money_str(s.total_pay),
        "commission_capped": s.commission_capped,
        "commission_note": s.commission_note or None,
        "misses_in_a_row": s.misses_in_a_row,
        "probation_risk": s.probation_risk,
        "due_count": s.due_count,
    }


def _x(value) -> str:
    return "—" if value is None else f"{value}x"


def _needed(value) -> str:
    # None only when every deal closed in the last four quarters was lost
    return "no wins yet" if value is None else f"{value}x"


def _print_status(s: q.QuotaStatus, currency: str) -> None:
    def m(value):
        return fmt_money(value, currency)

    print(
        f"{s.period.label} · {s.period.span()} · day {s.elapsed_days} of {s.days} · "
        f"{s.business_days_left} business day{'s' if s.business_days_left != 1 else ''} left"
    )
    cover = s.quota_cover
    if s.quota is None:
        print(f"Quota        none set: run amtui quota set {s.period.label} 250k  (won so far {m(s.won)})")
    elif cover.partial:  # the quarters with a quota against what they booked; no pace
        standing = f"gap {m(s.gap)}" if s.gap else f"exceeded by {m(s.exceeded_by)}"
        print(f"Quota        {cover.note}")
        print(f"Attainment   {s.attainment_pct}% of {m(s.quota)} ({cover.short}) · won in {cover.short} "
              f"{m(s.quota_won)} · {standing} · won in the year {m(s.won)}")
        print(f"Pace         see each quarter: amtui status --period {cover.covers[0].label}")
    else:
        standing = f"gap {m(s.gap)}" if s.gap else f"exceeded by {m(s.exceeded_by)}"
        print(f"Attainment   {s.attainment_pct}% of {m(s.quota)} quota · won {m(s.won)} · {standing}")
        where = (
            f"behind by {m(s.behind_by)}" if s.behind_by else f"ahead by {m(s.ahead_by)}" if s.ahead_by else "on pace"
        )
        print(f"Pace         expected {m(s.expected_to_date)} by today: {where}")
        per_day = (
            f"; needs {m(s.required_per_business_day)} a business day" if s.required_per_business_day else ""
        )
        # a period not begun has no run rate yet (it printed "run rate ends at ;")
        rate = (f"run rate ends at {m(s.run_rate_projection)}" if s.run_rate_projection is not None
                else f"no run rate before it starts on {dates_fmt.day(s.period.start)}")
        print(f"             {rate}{per_day}")
    print(
        f"Forecast     won + commit {m(s.forecast_commit)} · + best case "
        f"{m(s.forecast_best_case)} · + all open {m(s.forecast_ceiling)}"
    )
    print(f"             expected (weighted) {m(s.forecast_weighted)}")
    if s.overdue_count:
        print(
            f"Overdue      {plural(s.overdue_count, 'open deal')} ({m(s.overdue_amount)}) past "
            "their close date, counted in this period until moved, won or lost"
        )
    if s.win_rate is not None:
        win = f" (win rate {s.win_rate}%)"
    else:
        win = " (no history: 3x rule of thumb)" if s.coverage_needed is not None else ""
    if cover.partial:
        left = f"of what is left in {cover.short}, from its open deals"
    else:
        left = f"of what is left, from {plural(s.open_count, 'open deal')} ({m(s.open_pipeline)})"
    print(f"Coverage     {_x(s.coverage)} {left} · needed {_needed(s.coverage_needed)}{win}")
    if s.commission is None:
        print(f"Commission   {s.commission_note}")
    else:
        lines = pay_split_lines(s.commission, s.bonus, s.capped_by, s.total_pay, currency)
        print(f"Pay          {lines[0]}")
        for line in lines[1:]:
            print(f"             {line}")
    misses = f"{s.misses_in_a_row} miss{'es' if s.misses_in_a_row != 1 else ''} in a row"
    if s.probation_risk:
        misses += ": PROBATION RISK"
    elif s.run_ended:
        misses += ", ended by this quarter's number"
    print(f"Track record {misses}")
    if s.due_count is not None:
        print(f"Follow-ups   {s.due_count:,} due")


def show_status(args: argparse.Namespace) -> int:
    open_book(args, create=False)
    try:
        period = q.quota_period(args.period) if args.period else None
        if args.line:
            print(q.status_line(period=period))
            return 0
        s = q.quota_status(period)
    except InvalidInput as exc:
        raise CliError(f"status: {exc.reason}") from None
    if args.json:
        print_json(status_json(s))
    else:
        _print_status(s, get_settings().currency)
    return 0
