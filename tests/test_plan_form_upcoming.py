"""The comp plan form (`c` on Quota): a cap of 0 or blank says "no cap"; a plan saved to
start later says from when it applies, the quarter it pays opens it, and the form opened
on an earlier quarter names it and reads it when its date is typed.  At 80x24 and 200x60, on a frozen Friday (27 Nov 2026)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from pilot_helpers import listening_app, settle
from textual.widgets import Input, Static

from amtui.core import comp_plan as cp

SIZES = [(80, 24), (200, 60)]


@pytest.fixture
def book(book_path):
    cp.set_plan(base_salary="60k", rate="10%", tiers="0:0.5,50:1", cap="40k",
                effective_from=date(2026, 1, 1))
    return book_path


def hint(form, name: str) -> str:
    return str(form.query_one(f"#hint-{name}", Static).render())


def pays(first: str, last: str) -> str:
    """The comp plan form's word on a plan paying several quarters (the audit: a change
    made from last quarter reworked every quarter's pay unsaid)."""
    return (f"Pays {first} to {last}: a change reworks each one's pay (a new Effective from "
            "changes pay from that day on).")


def intro(form) -> str:
    shown = form.query(".form-intro")
    return str(shown.first(Static).render()) if shown else ""


async def plan_form(app, pilot):
    await pilot.press("4")  # the period shown kept
    await settle(pilot, 3)
    await pilot.press("c")
    await settle(pilot)
    assert type(app.screen).__name__ == "PlanForm"
    return app.screen


async def type_into(pilot, form, name: str, text: str) -> None:
    form.query_one(f"#field-{name}", Input).value = text
    await pilot.pause()
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES)
async def test_a_cap_of_0_or_blank_says_no_cap(book, size):
    async with listening_app(book, size) as (app, pilot):
        form = await plan_form(app, pilot)
        assert hint(form, "cap") == "at most $40,000 a quarter"
        for typed in ("0", "", "none"):
            await type_into(pilot, form, "cap", typed)
            assert hint(form, "cap") == "blank or 0: no cap"
        await pilot.press("ctrl+s")
        await settle(pilot, 3)
    assert cp.current_plan().cap is None


@pytest.mark.parametrize("size", SIZES)
async def test_a_plan_saved_for_later_says_when_and_the_form_names_and_reads_it(book, size):
    async with listening_app(book, size) as (app, pilot):
        form = await plan_form(app, pilot)
        assert intro(form) == pays("2026-Q1", "2026-Q4")  # no plan to come yet
        await type_into(pilot, form, "rate", "12%")
        await type_into(pilot, form, "cap", "0")
        await type_into(pilot, form, "effective_from", "+1m")  # Sun 27 Dec 2026
        await pilot.press("ctrl+s")
        await settle(pilot, 3)
        assert type(app.screen).__name__ == "QuotaScreen"
        # 27 Dec is in this quarter, which is paid on the plan in effect on its last day
        saved = "Comp plan from Sun 27 Dec saved; the current plan stays until then (2026-Q4 is paid on the new one)"
        assert saved in app.said
        later = cp.next_plan()
        assert (later.effective_from, later.rate, later.cap) == (date(2026, 12, 27), D(12), None)
        # the plan in effect is untouched; 2026-Q4 is paid on the new one, which `c` opens
        assert cp.current_plan().rate == D(10)
        form = await plan_form(app, pilot)
        assert form.query_one("#field-rate", Input).value == "12%" and intro(form) == ""
        assert str(form.query_one(".form-title", Static).render()) == "Comp plan paying 2026-Q4 · from 27 Dec 2026 on"
        await pilot.press("escape")
        await settle(pilot)
        # on 2026-Q3 the plan in effect today, and the form says what comes next
        await pilot.press("P")
        form = await plan_form(app, pilot)
        assert form.query_one("#field-rate", Input).value == "10%"
        assert intro(form) == (pays("2026-Q1", "2026-Q3") + " Next plan from Sun 27 Dec (12% of bookings); "
                               "type that date under Effective from to edit it")
        note = form.query_one(".form-intro", Static)
        assert note.region.height and note.region.bottom <= size[1]  # in sight at 80x24
        # its date typed: the fields show that plan, and saving edits it
        await type_into(pilot, form, "effective_from", "2026-12-27")
        assert form.query_one("#field-rate", Input).value == "12%"
        assert form.query_one("#field-cap", Input).value == ""
        await type_into(pilot, form, "rate", "13%")
        await pilot.press("ctrl+s")
        await settle(pilot, 3)
        assert app.said.count(saved) == 2
    assert [(p.effective_from, p.rate) for p in cp.plans()] == [
        (date(2026, 1, 1), D(10)), (date(2026, 12, 27), D(13))]


def test_saved_note_for_a_plan_to_come_with_none_now(book_path):
    plan = cp.set_plan(rate="10%", effective_from=date(2027, 1, 5))  # next quarter's
    assert cp.saved_note(plan) == "Comp plan from 5 Jan 2027 saved; no plan applies until then"
    now = cp.set_plan(rate="9%", effective_from=date(2026, 1, 1))
    assert cp.saved_note(now) == "Comp plan saved"
    assert cp.next_plan() == plan and cp.next_plan(date(2027, 1, 5)) is None
    later = cp.set_plan(rate="11%", effective_from=date(2026, 12, 27))
    sooner = cp.set_plan(rate="12%", effective_from=date(2026, 12, 1))  # Q4 is paid on the 27th's
    assert cp.saved_note(later) == ("Comp plan from Sun 27 Dec saved; the current plan stays until then "
                                    "(2026-Q4 is paid on the new one)")
    assert cp.saved_note(sooner) == "Comp plan from Tue 1 Dec saved; the current plan stays until then"
