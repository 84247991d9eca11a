"""The quota form's period field: "Set quota" says which period it sets (default: this
quarter in the rep's fiscal calendar, or on the Quota screen the period shown), reads what
the rep types with core's period parser, refuses a month or a non-period naming the field,
and a period chosen there shows its quota and is the one saved (and shown after).  At 80x24
and a large size, on a frozen Friday (27 Nov 2026)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from pilot_helpers import conflict_shown, listening_app, settle
from quota_fixtures import P
from textual.widgets import Input, Static

from amtui.core import quota as q
from amtui.core.bookings import quota_for
from amtui.core.errors import InvalidInput
from amtui.core.settings import set_settings
from amtui.tui.forms.plan import QuotaForm
from amtui.tui.screens.quota import QuotaScreen

SIZES = [(80, 24), (160, 50)]


@pytest.fixture
def book(book_path):
    q.set_quota(P("2026-Q4"), "250k")
    q.set_quota(P("2027-Q1"), "305k", set_by="Dana")
    return book_path


def hint(form, name: str) -> str:
    return str(form.query_one(f"#hint-{name}", Static).render())


async def quota_form(app, pilot):
    """The Quota screen's `q`: its form."""
    await pilot.press("4")
    await settle(pilot, 3)
    await pilot.press("q")
    await settle(pilot)
    return app.screen


async def type_period(pilot, form, text: str) -> None:
    form.query_one("#field-period", Input).value = text
    await pilot.pause()
    await pilot.pause()


def test_core_reads_a_quota_period_in_the_reps_fiscal_calendar(book):
    assert q.quota_period("next quarter").label == "2027-Q1"
    assert q.quota_period("fy27").label == "FY2027"
    set_settings(fy_start_month=2)  # February: Nov 2026 is FY2027's Q4
    assert q.quota_period("this quarter").label == "2027-Q4"
    for text, why in (("Q5", "'Q5' is not a period"), ("nov", "2026-11 is a month"),
                      ("FY9999", "outside the years")):
        with pytest.raises(InvalidInput) as refused:
            q.quota_period(text)
        assert refused.value.field == "period" and why in refused.value.reason


@pytest.mark.parametrize("size", SIZES)
async def test_the_palettes_set_quota_is_this_quarter_whatever_the_screen_last_showed(book, size):
    async with listening_app(book, size) as (app, pilot):
        await pilot.press("4")
        await settle(pilot, 3)
        await pilot.press("p", "p")  # the Quota screen left on 2027-Q2
        await settle(pilot, 3)
        await pilot.press("1")
        await settle(pilot, 2)
        await app.run_action("app.quota('set_quota_now')")  # what the palette's "Set quota" runs
        await settle(pilot, 3)
        form = app.screen
        assert isinstance(form, QuotaForm) and app.focused.id == "field-amount"
        assert form.query_one("#field-period", Input).value == "2026-Q4"
        assert hint(form, "period") == "1 Oct – 31 Dec 2026 · set: $250,000.00"
        assert form.query_one("#field-amount", Input).value == "250,000"
        period = form.query_one("#field-period", Input)
        assert period.region.height and period.region.bottom <= size[1]  # in sight at 80x24
        await pilot.press("escape")
        await settle(pilot, 3)
        assert app.screen.shown_period().label == "2026-Q4"  # the screen shows it too


@pytest.mark.parametrize("size", SIZES)
async def test_another_period_typed_shows_its_quota_and_is_the_one_saved(book, size):
    async with listening_app(book, size) as (app, pilot):
        form = await quota_form(app, pilot)
        await type_period(pilot, form, "next quarter")
        # the fields the rep left show that period's quota; the save checks it
        assert form.query_one("#field-amount", Input).value == "305,000"
        assert form.query_one("#field-set_by", Input).value == "Dana"
        assert hint(form, "period") == "1 Jan – 31 Mar 2027 · set: $305,000.00"
        assert form.base.period == "2027-Q1"
        await type_period(pilot, form, "FY2028")  # none set: blank, no error before typing
        assert form.query_one("#field-amount", Input).value == ""
        assert "required" not in hint(form, "amount") and "none set yet" in hint(form, "period")
        form.query_one("#field-amount", Input).value = "1.2m"
        await pilot.pause()
        assert "about $100,000 a month" in hint(form, "amount")  # a year's twelve months
        await pilot.press("ctrl+s")
        await settle(pilot, 3)
        assert isinstance(app.screen, QuotaScreen)
        assert "Quota for FY2028 set: $1,200,000.00" in app.said
        assert app.screen.shown_period().label == "FY2028"  # what was just set
    assert quota_for(P("FY2028")) == Decimal("1200000.00")
    assert quota_for(P("2026-Q4")) == Decimal("250000.00") and quota_for(P("2027-Q1")) == Decimal("305000.00")


@pytest.mark.parametrize("size", SIZES)
async def test_a_bad_period_is_refused_naming_it_and_nothing_is_saved(book, size):
    async with listening_app(book, size) as (app, pilot):
        form = await quota_form(app, pilot)
        form.query_one("#field-amount", Input).value = "260k"
        await type_period(pilot, form, "Q5")
        assert hint(form, "period").startswith("'Q5' is not a period; write 2026-Q4")
        await type_period(pilot, form, "nov")
        assert hint(form, "period").startswith("2026-11 is a month; quotas are set per fiscal quarter")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form and app.focused.id == "field-period"  # refused: the form stays
        assert form.query_one("#field-amount", Input).value == "260k"  # the typing too
    assert [r.period for r in q.quotas()] == ["2026-Q4", "2027-Q1"]
    assert quota_for(P("2026-Q4")) == Decimal("250000.00")


@pytest.mark.parametrize("size", [(80, 24), (200, 60)])
async def test_a_non_period_is_refused_suggesting_only_what_a_quota_takes(book, size):
    """'yesterday' once suggested 2026-11, which the field then refused as a month."""
    async with listening_app(book, size) as (app, pilot):
        form = await quota_form(app, pilot)
        await type_period(pilot, form, "yesterday")
        said = hint(form, "period")
        assert said == "'yesterday' is not a period; write 2026-Q4, Q4, this quarter, next quarter or FY2026"
        for example in ("2026-Q4", "Q4", "this quarter", "next quarter", "FY2026"):
            q.quota_period(example)  # every example given is taken
        assert "2026-11" not in said and "this year" not in said


async def test_the_default_follows_the_reps_fiscal_year(book):
    set_settings(fy_start_month=2)
    async with listening_app(book, (80, 24)) as (app, pilot):
        app.push_screen(QuotaForm())
        await settle(pilot)
        form = app.screen
        assert form.query_one("#field-period", Input).value == "2027-Q4"
        assert hint(form, "period").startswith("1 Nov 2026 – 31 Jan 2027")
        await type_period(pilot, form, "Q1")
        assert hint(form, "period").startswith("1 Feb – 30 Apr 2026")


@pytest.mark.parametrize("size", SIZES)
async def test_a_period_chosen_in_the_form_is_the_one_checked_for_changes_elsewhere(book, size):
    """2027-Q1 chosen in the form, then set by another machine: the conflict is about
    2027-Q1, and keep mine writes the rep's amount there, theirs kept where the rep left it."""
    from two_machines import amtui_command

    from amtui.tui.dialogs.conflict import ConflictDialog

    async with listening_app(book, size) as (app, pilot):
        app.push_screen(QuotaForm())
        await settle(pilot)
        form = app.screen
        await type_period(pilot, form, "2027-Q1")
        form.query_one("#field-amount", Input).value = "310k"
        await pilot.pause()
        done = amtui_command(book, "quota", "set", "2027-Q1", "320k", "--set-by", "Lee")
        assert done.returncode == 0, done.stderr
        dialog, text = await conflict_shown(app, pilot)
        assert "amount: 320,000.00 (theirs) vs 310,000.00 (yours)" in text
        assert "set by: Lee (theirs; you left it, so it stays)" in text
        await pilot.press("m")
        await settle(pilot)
        assert not isinstance(app.screen, (QuotaForm, ConflictDialog))
    row = next(r for r in q.quotas() if r.period == "2027-Q1")
    assert (row.amount, row.set_by) == (Decimal("310000.00"), "Lee")
    assert quota_for(P("2026-Q4")) == Decimal("250000.00")
