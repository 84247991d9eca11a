"""The quota form (one period's number) and the comp plan form.

Both are FormScreens: they validate as you type and dismiss with the saved record
(a QuotaRow or a Plan), or None when cancelled.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from textual.widgets import Input

from amtui.core import comp_plan as comm
from amtui.core import dates_fmt
from amtui.core.bookings import current_quarter, quota_for
from amtui.core.change_labels import plan_set, quota_change
from amtui.core.errors import InvalidInput
from amtui.core.money import amount_text, fmt_amount, fmt_money
from amtui.core.parse import parse_date, parse_money
from amtui.core.periods import Period, months_of, shift
from amtui.core.quota import quota_period, quotas, set_quota, unset_quota
from amtui.core.settings import get_settings
from amtui.core.undo import name_change
from amtui.tui.dialogs.form import FormField, FormScreen
from amtui.tui.safe import SafeLabel


class QuotaForm(FormScreen):
    """Set the quota of one fiscal quarter or year: the amount first and focused, then the
    period (default: this quarter in the rep's fiscal calendar), read by core's own parser.

    Choosing another period reads that period's quota: the fields the rep left show it (and
    the save checks it was not changed meanwhile), the hints say what is set there now."""

    EDITS = True  # saved untouched, writes nothing (FormScreen.edits_a_record)

    saves_as_new = True

    def __init__(self, period: Period | None = None):
        self.period = period or current_quarter()
        self.currency = get_settings().currency
        row = self._read(self.period)
        super().__init__(
            "Set quota",
            [
                FormField(
                    "amount",
                    "Amount",
                    value=amount_text(row.amount) if row else "",
                    parse=lambda text: self._amount(text),
                    describe=self._describe,
                    required=True,
                    placeholder=f"e.g. {self._example(self.period)}",
                    hint=self._amount_hint(self.period, row),
                ),
                FormField(
                    "period",
                    "Period",
                    value=self.period.label,
                    parse=quota_period,
                    describe=lambda p: self._describe_period(p),
                    required=True,
                    placeholder="2026-Q4, Q1, next quarter, FY2027",
                    hint=self._describe_period(self.period),
                ),
                FormField("set_by", "Set by", value=row.set_by if row else "", placeholder="Dana (VP Sales)"),
                FormField("notes", "Notes", value=row.notes if row else "", placeholder="what was agreed"),
            ],
            self._save,
        )

    def _read(self, period: Period):
        """The period's quota as set (None when none is), kept as the save's `base`."""
        row = next((r for r in quotas() if r.period == period.label), None)
        self.base = row or unset_quota(period)  # a quota set elsewhere meanwhile is caught
        return row

    @staticmethod
    def _example(period: Period) -> str:
        before = quota_for(shift(period, -1))
        return amount_text(before) if before is not None else "250k"

    def _amount_hint(self, period: Period, row) -> str:
        if row is None and period.kind == "year":
            derived = quota_for(period)
            if derived is not None:
                return (f"its quarters add up to {fmt_money(derived, self.currency)}; "
                        "a year quota replaces that sum")
        hint = "250000, 250k or $250,000"
        if quota_for(shift(period, -1)) is not None:
            hint += f"; last {period.kind} was {self._example(period)}"
        return hint

    def _describe_period(self, period: Period) -> str:
        """`1 Oct – 31 Dec 2026 · set: $250,000` (or `none set yet`): the dates a label
        stands for and what saving replaces."""
        row = next((r for r in quotas() if r.period == period.label), None)
        now = f"set: {fmt_money(row.amount, self.currency)}" if row else "none set yet"
        return f"{period.span()} · {now}"

    def on_field_changed(self, name: str) -> None:
        if name == "amount":
            amount = self._field("amount")
            if not str(self._raw(amount)).strip() and "amount" not in self.typed_fields():
                self._show(amount, None)  # emptied for a period with none set: no error yet
            else:
                self._check(amount)  # "about $X a month" of the period chosen
            return
        if name != "period":
            return
        try:
            period = quota_period(str(self._raw(self._field("period"))))
        except InvalidInput:
            return  # half typed ("2026-Q"): its hint says why; nothing else moves
        if period == self.period:
            return
        self.period = period
        row = self._read(period)
        amount = self._field("amount")
        amount.hint = self._amount_hint(period, row)
        self.query_one("#field-amount", Input).placeholder = f"e.g. {self._example(period)}"
        # the form made again is this period's: the fields the rep left show its quota
        self._opened_with = ((period,), {})
        self._as_it_is_now()
        self.on_field_changed("amount")  # its hint for the new period, or its error

    def _field(self, name: str) -> FormField:
        return next(f for f in self.fields if f.name == name)

    @staticmethod
    def _amount(text: str) -> Decimal:
        amount = parse_money(text, field="amount")
        if amount <= 0:
            raise InvalidInput("amount", "must be above zero")
        return amount

    def _describe(self, amount: Decimal) -> str:
        months = len(months_of(self.period))
        return f"{fmt_money(amount, self.currency)} · about {fmt_money(amount / months, self.currency, decimals=False)} a month"

    def become_new(self) -> None:
        # set again, unless another machine set it meanwhile (then that is asked about)
        self.base = unset_quota(self.period)

    def _save(self, values: dict):
        self.period = values["period"]
        row = set_quota(self.period, values["amount"], set_by=values["set_by"] or "",
                        notes=values["notes"] or "", base=self.base)
        # "2026-Q4 at $300,000", not "next quarter"
        name_change(quota_change("set", row.period, fmt_amount(row.amount, self.currency)))
        return row


def _cap(text: str) -> Decimal | None:
    """None (no cap) for `none`, `no`, `-` or 0: core stores a cap of 0 as none, so the
    hint says "no cap" rather than "at most $0"."""
    if text.strip().lower() in ("none", "no", "-"):
        return None
    return parse_money(text, field="cap") or None


class PlanForm(FormScreen):
    """Edit the comp plan that pays `period` (default: this quarter), as the Quota
    screen's pay card shows it for the period viewed, or write one for it; the rate
    first and focused.  The title names the period and the days the plan is in effect.

    A different "effective from" date starts a new plan on that day and keeps this one
    for the quarters before it.  A plan saved to start later is named above the fields;
    typing its date under "effective from" reads it (the fields the rep left show it,
    the title names it, and the save checks it was not changed meanwhile), as the quota
    form does for a period."""

    EDITS = True  # saved untouched, writes nothing (FormScreen.edits_a_record)

    def __init__(self, start: date | None = None, *, period: Period | None = None):
        self.currency = get_settings().currency
        self.period = period or current_quarter()
        plan = comm.plan_for_period(self.period)
        if start is not None:  # a plan's own date typed (on_field_changed)
            plan = next((p for p in comm.plans() if p.effective_from == start), plan)
        start = plan.effective_from if plan else comm.plan_start_for(self.period)
        self.base = plan or comm.unset_plan(start)  # a plan written elsewhere meanwhile is caught
        super().__init__(
            self._title(plan),
            [
                FormField(
                    "rate",
                    "Commission rate",
                    value=f"{comm.number_text(plan.rate)}%" if plan else "",
                    parse=comm.parse_rate,
                    describe=lambda rate: f"{comm.number_text(rate)}% of bookings",
                    required=True,
                    placeholder="e.g. 10%",
                ),
                FormField(
                    "tiers",
                    "Tiers (attainment %: multiplier of the rate)",
                    value=plan.tiers_text if plan else "0:1",
                    parse=comm.parse_tiers,
                    describe=comm.describe_tiers,
                    placeholder="e.g. 0:0.5, 50:1, 100:1.5, 125:2",
                    hint="e.g. 0:0.5, 50:1, 100:1.5, 125:2; leave 0:1 for a flat rate",
                ),
                FormField(
                    "retroactive",
                    "Retroactive tiers",
                    kind="checkbox",
                    value=plan.retroactive if plan else False,
                    hint="on: all bookings earn the tier finally reached; off: each dollar earns its own tier's",
                ),
                FormField(
                    "bonuses",
                    "Bonuses (attainment %: amount)",
                    value=plan.bonuses_text if plan else "",
                    parse=comm.parse_bonuses,
                    describe=self._bonuses,
                    placeholder="e.g. 110:5000, 125:10k",
                    hint="paid once a quarter when attainment reaches the threshold",
                ),
                FormField(
                    "cap",
                    "Cap a quarter (commission + bonuses)",
                    value=amount_text(plan.cap) if plan and plan.cap is not None else "",
                    parse=_cap,
                    describe=lambda cap: "no cap" if cap is None else f"at most {fmt_amount(cap, self.currency)} a quarter",
                    placeholder="none (e.g. 40k)",
                    hint="blank or 0: no cap",
                ),
                FormField(
                    "base",
                    "Base salary a year",
                    value=amount_text(plan.base_salary) if plan else "",
                    parse=lambda text: parse_money(text, field="base salary"),
                    describe=lambda base: f"{fmt_amount(base, self.currency)} a year",
                    placeholder="e.g. 60k",
                ),
                FormField(
                    "effective_from",
                    "Effective from",
                    value=dates_fmt.day(start),
                    parse=lambda text: parse_date(text, tense="future", field="effective from"),
                    describe=dates_fmt.day_and_due,
                    hint="a new date starts a new plan that day; quarters before it keep this one",
                ),
            ],
            self._save,
            intro=" ".join(filter(None, (comm.pays_many_note(plan), self._upcoming(plan)))),
        )

    def _title(self, plan) -> str:
        """`Comp plan paying 2026-Q3 · 1 Jan – 26 Dec 2026`: which plan this is and for
        which period, so a rep who stepped to another quarter sees what `c` edits (it had
        edited today's plan whatever the card showed).  A plan read by its date names its
        own days, and the period only when it pays it."""
        if plan is None:
            return f"New comp plan paying {self.period.label}"
        pays = comm.plan_for_period(self.period) == plan
        return (f"Comp plan paying {self.period.label} · " if pays else "Comp plan · ") + comm.plan_span(plan)

    @staticmethod
    def _upcoming(plan) -> str:
        """`Next plan from 5 Jan 2027 (12% of bookings); type that date under Effective
        from to edit it`: a plan to come after the one shown, which the form would not
        tell of."""
        later = comm.next_plan(plan.effective_from) if plan else comm.next_plan()
        if later is None:
            return ""
        return (f"Next plan from {dates_fmt.day(later.effective_from)} "
                f"({comm.number_text(later.rate)}% of bookings); type that date under "
                "Effective from to edit it")

    def on_field_changed(self, name: str) -> None:
        if name != "effective_from":
            return
        try:
            start = self._value(self._field("effective_from"))
        except InvalidInput:
            return  # half typed: its hint says why
        if start is None:
            return
        if start == self.base.effective_from:
            self._retitle(self._title(self.base) if self.base.version else None)
            return
        plan = next((p for p in comm.plans() if p.effective_from == start), None)
        if plan is None:  # a new plan from that day, starting from what the fields show
            self._retitle(f"New comp plan from {dates_fmt.day(start)}")
            return
        self.base = plan
        self._opened_with = ((start,), {"period": self.period})
        self._as_it_is_now()  # the fields the rep left show that plan
        self._retitle(self._title(plan))

    def _retitle(self, title: str | None) -> None:
        """The title says which plan saving writes, as the date under Effective from does."""
        self.form_title = title or self._title(None)
        self.query_one(".form-title", SafeLabel).update(self.form_title)

    def _field(self, name: str) -> FormField:
        return next(f for f in self.fields if f.name == name)

    def _bonuses(self, bonuses) -> str:
        if not bonuses:
            return "no bonuses"
        return " · ".join(f"{fmt_money(b.amount, self.currency, decimals=False)} at {comm.number_text(b.threshold)}%" for b in bonuses)

    def _save(self, values: dict):
        plan = comm.set_plan(
            base_salary=values["base"] if values["base"] is not None else Decimal("0"),
            rate=values["rate"],
            tiers=values["tiers"],
            bonuses=values["bonuses"] or [],
            cap=values["cap"],
            retroactive=values["retroactive"],
            effective_from=values["effective_from"],
            base=self.base,
        )
        name_change(plan_set(plan))
        return plan
