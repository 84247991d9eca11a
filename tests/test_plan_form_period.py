"""`c` on Quota opens the plan paying the period viewed, the one its pay card shows (it had
opened today's plan whatever quarter was on screen): its date and figures filled in, the
title naming the period and the plan's days; saving changes the card.  At 80x24 and
200x60, on a frozen Friday (27 Nov 2026)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from pilot_helpers import listening_app, settle
from textual.widgets import Input, Label, Static

from amtui.core import comp_plan as cp

SIZES = [(80, 24), (200, 60)]


@pytest.fixture
def book(book_path):
    cp.set_plan(base_salary="50k", rate="8%", tiers="0:1", effective_from=date(2026, 1, 1))
    cp.set_plan(base_salary="60k", rate="10%", tiers="0:0.5,50:1", cap="40k", effective_from=date(2026, 10, 1))
    return book_path


def title(form) -> str:
    return str(form.query_one(".form-title", Label).render())


def pay_card(app) -> str:
    return str(app.screen.query_one("#pay-lines", Static).render())


def field(form, name: str) -> str:
    return form.query_one(f"#field-{name}", Input).value


async def open_form(app, pilot, *keys: str):
    await pilot.press("4")
    await settle(pilot, 3)
    for key in keys:
        await pilot.press(key)
        await settle(pilot, 3)
    await pilot.press("c")
    await settle(pilot)
    assert type(app.screen).__name__ == "PlanForm"
    form = app.screen
    head = form.query_one(".form-title", Label)
    assert head.region.width and head.region.right <= app.size.width  # whole, in sight
    return form


@pytest.mark.parametrize("size", SIZES)
async def test_c_on_last_quarter_edits_the_plan_paying_it(book, size):
    async with listening_app(book, size) as (app, pilot):
        await pilot.press("4")
        await settle(pilot, 3)
        assert "10% marginal" in pay_card(app)
        form = await open_form(app, pilot, "P")  # 2026-Q3, paid on January's plan
        assert title(form) == "Comp plan paying 2026-Q3 · 1 Jan – 30 Sep 2026"
        assert (field(form, "rate"), field(form, "base"), field(form, "effective_from")) == ("8%", "50,000", "Thu 1 Jan")
        assert " ".join(form.query_one(".form-intro", Static).render().plain.split()) == (
            "Pays 2026-Q1 to 2026-Q3: a change reworks each one's pay (a new Effective from changes pay "
            "from that day on). Next plan from Thu 1 Oct (10% of bookings); type that date under "
            "Effective from to edit it")
        form.query_one("#field-rate", Input).value = "9%"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot, 3)
        assert type(app.screen).__name__ == "QuotaScreen" and app.screen.sub_title == "2026-Q3"
        assert "9% marginal, tiers 0:1" in pay_card(app)
        assert "Comp plan saved" in app.said
    assert [(p.effective_from, p.rate) for p in cp.plans()] == [(date(2026, 1, 1), D(9)), (date(2026, 10, 1), D(10))]


@pytest.mark.parametrize("size", SIZES)
async def test_this_quarter_names_todays_plan_and_a_typed_date_retitles(book, size):
    async with listening_app(book, size) as (app, pilot):
        form = await open_form(app, pilot)
        assert title(form) == "Comp plan paying 2026-Q4 · from 1 Oct 2026 on"
        assert field(form, "rate") == "10%" and not form.query(".form-intro")
        form.query_one("#field-effective_from", Input).value = "2026-01-01"  # January's plan
        await pilot.pause()
        await pilot.pause()
        assert title(form) == "Comp plan · 1 Jan – 30 Sep 2026" and field(form, "rate") == "8%"
        form.query_one("#field-effective_from", Input).value = "2027-01-01"
        await pilot.pause()
        await pilot.pause()
        assert title(form) == "New comp plan from 1 Jan 2027"


@pytest.mark.parametrize("size", SIZES)
async def test_a_quarter_before_any_plan_gets_a_new_one_from_its_first_day(book, size):
    async with listening_app(book, size) as (app, pilot):
        form = await open_form(app, pilot, "P", "P", "P", "P")  # 2025-Q4
        assert title(form) == "New comp plan paying 2025-Q4"
        assert (field(form, "rate"), field(form, "effective_from")) == ("", "1 Oct 2025")
        form.query_one("#field-rate", Input).value = "5%"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot, 3)
        assert app.screen.sub_title == "2025-Q4" and "5% marginal" in pay_card(app)
    assert [(p.effective_from, p.rate) for p in cp.plans()][0] == (date(2025, 10, 1), D(5))


async def test_the_palettes_comp_plan_opens_this_quarters_from_anywhere(book):
    async with listening_app(book, (80, 24)) as (app, pilot):
        await pilot.press("4")
        await settle(pilot, 3)
        await pilot.press("P")  # 2026-Q3 left on screen
        await settle(pilot, 3)
        await pilot.press("1")
        await settle(pilot)
        await app.run_action("app.quota('edit_plan_now')")
        await settle(pilot, 3)
        form = app.screen
        assert type(form).__name__ == "PlanForm" and field(form, "rate") == "10%"
        assert title(form) == "Comp plan paying 2026-Q4 · from 1 Oct 2026 on"
