"""The quota and the comp plan saved on two machines (issue 18): the Quota screen's forms
(`q`, `c`) remember the version they opened with, and a save after another machine wrote
the quota or the plan meanwhile (a connection of its own, or `amtui quota set` / `amtui
plan set` in a process of its own) shows the conflict dialog instead of overwriting it.
A quota or a plan that did not exist when the form opened and was set elsewhere meanwhile
is caught too.  The commands themselves stay last-wins.  At 80x24 and a large size."""

from __future__ import annotations

from decimal import Decimal

import pytest
from pilot_helpers import settle
from quota_fixtures import P
from textual.widgets import Button, Input, Static
from two_machines import amtui_command, elsewhere

from amtui.core import comp_plan as cp
from amtui.core import quota as q
from amtui.core.bookings import quota_for
from amtui.tui.app import AmtuiApp
from amtui.tui.dialogs.conflict import ConflictDialog
from amtui.tui.dialogs.form import FormScreen
from amtui.tui.forms.plan import PlanForm, QuotaForm

SIZES = [(80, 24), (160, 50)]


async def open_form(pilot, key: str, form_type) -> FormScreen:
    await pilot.press("4")
    await settle(pilot, 2)
    assert pilot.app.current_mode == "quota"
    await pilot.press(key)
    await settle(pilot, 2)
    form = pilot.app.screen
    assert isinstance(form, form_type)
    return form


async def type_into(pilot, field: str, text: str) -> None:
    pilot.app.screen.query_one(f"#field-{field}", Input).value = text
    await pilot.pause()


async def save_into_conflict(pilot, size, *lines: str) -> ConflictDialog:
    await pilot.press("ctrl+s")
    await settle(pilot, 2)
    dialog = pilot.app.screen
    assert isinstance(dialog, ConflictDialog)
    text = str(dialog.query_one("#conflict-text", Static).render())
    for line in lines:
        assert line in text, text
    width, height = size
    for button in dialog.query(Button):  # every answer on screen, whole, even at 80x24
        assert button.region.width > 0 and button.region.right <= width and button.region.bottom <= height
    return dialog


@pytest.fixture
def quota_set(book_path):
    q.set_quota(P("2026-Q4"), "250k")
    return book_path


@pytest.fixture
def plan_set(book_path):
    cp.set_plan(base_salary="60k", rate="10%", tiers="0:1")
    return book_path


def command(*argv: str):
    """The other machine: `amtui ...` in a process of its own (last-wins: it writes)."""
    def write(path):
        done = amtui_command(path, *argv)
        assert done.returncode == 0, done.stderr
    return write


def sql(statement: str):
    """The other machine: a connection of its own."""
    return lambda path: elsewhere(path, statement)


def quota_is(amount: str, set_by: str = ""):
    def check():
        row = q.quotas()[0]
        assert (row.amount, row.set_by) == (Decimal(amount), set_by)
    return check


def plan_is(rate: str, cap: str | None = None):
    def check():
        plan = cp.current_plan()
        assert (plan.rate, plan.cap) == (Decimal(rate), cap and Decimal(cap))
    return check


QUOTA_CLASH = "amount: 300,000.00 (theirs) vs 260,000.00 (yours)"
RATE_CLASH = "commission rate: 12.00 (theirs) vs 11.00 (yours)"

# book, form key, form, field, my typing, what the other machine writes meanwhile, what
# the dialog must say, the answer (m: keep mine, t: keep theirs), the book afterwards
CONFLICTS = {
    "quota-by-the-command-keep-mine": (
        "quota_set", "q", QuotaForm, "amount", "260k", command("quota", "set", "2026-Q4", "300k"),
        [QUOTA_CLASH], "m", quota_is("260000.00")),
    "quota-elsewhere-keep-theirs": (
        "quota_set", "q", QuotaForm, "amount", "260k",
        sql("UPDATE quota SET amount = 30000000, set_by = 'Dana' WHERE period = '2026-Q4'"),
        [QUOTA_CLASH], "t", quota_is("300000.00", "Dana")),
    "plan-by-the-command-keep-theirs": (
        "plan_set", "c", PlanForm, "rate", "11%", command("plan", "set", "--rate", "12%"),
        [RATE_CLASH], "t", plan_is("12")),
    "plan-elsewhere-keep-mine": (
        "plan_set", "c", PlanForm, "rate", "11%", sql("UPDATE comp_plan SET rate = '12', cap = 4000000"),
        [RATE_CLASH, "cap a quarter (commission + bonuses): 40,000.00 (theirs; you left it, so it stays)"],
        "m", plan_is("11", "40000")),  # my rate; their cap, a field I left as it was
    "a-first-plan-on-both-machines": (  # no plan when the form opened
        "book_path", "c", PlanForm, "rate", "11%", command("plan", "set", "--rate", "12%"),
        [RATE_CLASH], "t", plan_is("12")),
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("case", CONFLICTS.values(), ids=CONFLICTS.keys())
async def test_a_save_after_a_write_elsewhere_asks_and_answers(request, case, size):
    book, key, form_type, field, mine, write, lines, answer, check = case
    path = request.getfixturevalue(book)
    app = AmtuiApp(db_path=path)
    async with app.run_test(size=size) as pilot:
        await settle(pilot, 2)
        form = await open_form(pilot, key, form_type)
        assert (form.base.version == 0) == (book == "book_path")  # read: none set yet
        await type_into(pilot, field, mine)
        write(path)
        await save_into_conflict(pilot, size, *lines)
        await pilot.press(answer)
        await settle(pilot, 2)
        assert not isinstance(app.screen, (FormScreen, ConflictDialog))
        if key == "q" and answer == "m":
            assert "$260,000" in str(app.screen.query_one("#attainment-lines", Static).render())
    check()


@pytest.mark.parametrize("size", SIZES)
async def test_a_quota_first_set_on_both_machines_is_caught(book_path, size):
    """No quota for 2026-Q4 when the form opened; the other machine sets one first."""
    app = AmtuiApp(db_path=book_path)
    async with app.run_test(size=size) as pilot:
        await settle(pilot, 2)
        form = await open_form(pilot, "q", QuotaForm)
        assert form.base.version == 0  # read: none set
        await type_into(pilot, "amount", "260k")
        done = amtui_command(book_path, "quota", "set", "2026-Q4", "300k", "--set-by", "Dana")
        assert done.returncode == 0, done.stderr
        await save_into_conflict(pilot, size, "amount: 300,000.00 (theirs) vs 260,000.00 (yours)",
                                 "set by: Dana (theirs; you left it, so it stays)")
        await pilot.press("e")  # edit again: the typing stays, theirs in the hint
        await settle(pilot, 2)
        form = app.screen
        assert isinstance(form, QuotaForm) and form.query_one("#field-amount", Input).value == "260k"
        assert "saved elsewhere: 300,000.00" in str(form.query_one("#hint-amount", Static).render())
        await pilot.press("ctrl+s")  # now saved over their version
        await settle(pilot, 2)
        assert not isinstance(app.screen, (FormScreen, ConflictDialog))
    assert quota_for(P("2026-Q4")) == Decimal("260000.00")
    assert q.quotas()[0].set_by == "Dana"  # left as it was: theirs kept


async def test_two_apps_set_the_same_quota(quota_set):
    """Two Pilot apps: the second saves the quota first, the first one is asked."""
    first, second = AmtuiApp(db_path=quota_set), AmtuiApp(db_path=quota_set)
    async with first.run_test(size=(80, 24)) as one, second.run_test(size=(160, 50)) as two:
        await settle(one, 2)
        await settle(two, 2)
        await open_form(one, "q", QuotaForm)
        await type_into(one, "amount", "260k")
        await open_form(two, "q", QuotaForm)
        await type_into(two, "amount", "300k")
        await two.press("ctrl+s")
        await settle(two, 2)
        assert not isinstance(second.screen, FormScreen)
        await save_into_conflict(one, (80, 24), "amount: 300,000.00 (theirs) vs 260,000.00 (yours)")
        await one.press("t")
        await settle(one, 2)
    assert quota_for(P("2026-Q4")) == Decimal("300000.00")


def test_the_commands_stay_last_wins(quota_set):
    """`amtui quota set` reads and writes in one go: it is never refused for a change
    made elsewhere before it ran, it replaces it (and moves the version a form checks)."""
    before = q.quotas()[0]
    elsewhere(quota_set, "UPDATE quota SET amount = 30000000 WHERE period = '2026-Q4'")
    done = amtui_command(quota_set, "quota", "set", "2026-Q4", "270k")
    assert done.returncode == 0, done.stderr
    after = q.quotas()[0]
    assert after.amount == Decimal("270000.00") and after.version == before.version + 2


async def test_a_first_quota_and_plan_save_when_nothing_was_written_elsewhere(book_path):
    app = AmtuiApp(db_path=book_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, 2)
        await open_form(pilot, "c", PlanForm)
        await type_into(pilot, "rate", "10%")
        await pilot.press("ctrl+s")
        await settle(pilot, 2)
        assert not isinstance(app.screen, (FormScreen, ConflictDialog))
        await pilot.press("q")
        await settle(pilot, 2)
        assert isinstance(app.screen, QuotaForm)
        await type_into(pilot, "amount", "250k")
        await pilot.press("ctrl+s")
        await settle(pilot, 2)
        assert not isinstance(app.screen, (FormScreen, ConflictDialog))
    assert cp.current_plan().rate == Decimal("10") and cp.current_plan().version == 1
    assert quota_for(P("2026-Q4")) == Decimal("250000.00") and q.quotas()[0].version == 1


@pytest.mark.parametrize("size", SIZES)
async def test_a_quota_deleted_elsewhere_can_be_set_again(quota_set, size):
    """`amtui quota delete` meanwhile: no theirs to keep; "Save as new" sets it again."""
    from amtui.tui.dialogs.conflict import DeletedDialog

    app = AmtuiApp(db_path=quota_set)
    async with app.run_test(size=size) as pilot:
        await settle(pilot, 2)
        await open_form(pilot, "q", QuotaForm)
        await type_into(pilot, "amount", "260k")
        done = amtui_command(quota_set, "quota", "delete", "2026-Q4")
        assert done.returncode == 0, done.stderr
        await pilot.press("ctrl+s")
        await settle(pilot, 2)
        dialog = app.screen
        assert isinstance(dialog, DeletedDialog)
        assert [str(b.label) for b in dialog.query(Button)] == ["Save as new (n)", "Let it go (t)",
                                                               "Edit again (e)"]
        await pilot.press("n")
        await settle(pilot, 2)
        assert not isinstance(app.screen, (FormScreen, DeletedDialog))
    assert quota_for(P("2026-Q4")) == Decimal("260000.00") and q.quotas()[0].version == 1
