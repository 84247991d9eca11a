"""What the deal keys do, wherever a deal is selected (Pipeline, a client's deals, the
deal detail): push the right form or call core, tell the rep what happened, then call
`on_done()` so the caller reloads.  Refusals from core become a warning, not a crash."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import App

from amtui.core import dates_fmt, deal_moves, win_holding
from amtui.core import pipeline as pl
from amtui.core.change_labels import deal_change, deal_label, moved
from amtui.core.errors import ChangedElsewhere, InvalidInput
from amtui.core.money import fmt_money
from amtui.core.settings import get_settings
from amtui.core.undo import name_change, recording
from amtui.core.versions import label, shown
from amtui.tui.errors import REFUSED, refusal

Done = Callable[[], None] | None


def _done(on_done: Done) -> None:
    if on_done is not None:
        on_done()


def _refused(app: App, exc: Exception) -> None:
    app.notify(refusal(exc), severity="warning", timeout=6)


def _after_form(app: App, on_done: Done, message: Callable[[object], str]):
    def handle(result) -> None:
        if result is None:
            return  # cancelled
        app.notify(message(result))
        _done(on_done)

    return handle


def changed_elsewhere(app: App, exc: ChangedElsewhere, on_done: Done) -> None:
    """A key acted on a row another machine changed since the screen showed it: nothing was
    written; say what changed and reload, so the rep sees the deal as it is now."""
    what = "; ".join(f"{label(c.field)} now {shown(c.theirs)}" for c in exc.changes[:3])
    app.notify(f"{exc}" + (f" ({what})" if what else "") + "; reloaded",
               title="Changed elsewhere", severity="warning", timeout=8)
    _done(on_done)


def advance(app: App, deal_id: int, step: int, on_done: Done = None, shown_row=None) -> None:
    """Next (step 1) or previous (step -1) open stage.  `shown_row`: the deal as the screen
    shows it; changed on another machine since, it does not move."""
    try:
        with recording(deal_change("Stage move", deal_id)):
            stage = deal_moves.move_deal(deal_id, step, base=shown_row)
            name_change(moved(deal_id, stage.name))
        d = pl.deal(deal_id)
    except ChangedElsewhere as exc:
        changed_elsewhere(app, exc, on_done)
        return
    except REFUSED as exc:
        _refused(app, exc)
        return
    app.notify(f"{d.title} → {stage.name} ({d.probability}%)")
    _done(on_done)


def _open_deal_form(app: App, deal_id: int, form_class):
    """`form_class(deal_id)` (winning or losing), for an open deal; else None, having told
    the rep why not."""
    try:
        d = pl.deal(deal_id)
        if d.status != "open":
            raise InvalidInput("deal", f"is already {d.status}; reopen it first")
        return form_class(deal_id)
    except REFUSED as exc:
        _refused(app, exc)
        return None


def win(app: App, deal_id: int, on_done: Done = None) -> None:
    from amtui.tui.forms.deal import WinForm

    form = _open_deal_form(app, deal_id, WinForm)
    if form is None:
        return

    def message(won: deal_moves.Won) -> str:
        d = pl.deal(deal_id)
        text = f"Won: {d.title} ({d.client}), {fmt_money(d.amount, get_settings().currency)}"
        if won.holding_change:
            text += f"\n{d.product} holding {won.holding_change}, renews {dates_fmt.day(won.holding_ends_on)}"
        return text

    app.push_screen(form, _after_form(app, on_done, message))


def lose(app: App, deal_id: int, on_done: Done = None) -> None:
    from amtui.tui.forms.deal import LoseForm

    form = _open_deal_form(app, deal_id, LoseForm)
    if form is None:
        return

    def message(_result) -> str:
        d = pl.deal(deal_id)
        return f"Lost: {d.title} ({d.client}) — {d.lost_reason}"

    app.push_screen(form, _after_form(app, on_done, message))


def edit(app: App, deal_id: int, on_done: Done = None) -> None:
    from amtui.tui.forms.deal import DealForm

    try:
        form = DealForm(deal_id=deal_id)
    except REFUSED as exc:
        _refused(app, exc)
        return
    app.push_screen(form, _after_form(app, on_done, lambda _id: f"Saved: {pl.deal(deal_id).title}"))


def new(app: App, client_id: int | None = None, on_done: Done = None, *,
        product_id: int | None = None, kind: str | None = None) -> None:
    from amtui.tui.forms.deal import DealForm

    try:
        form = DealForm(client_id=client_id, product_id=product_id, kind=kind)
    except REFUSED as exc:
        _refused(app, exc)
        return

    def message(deal_id: int) -> str:
        d = pl.deal(deal_id)
        return f"New deal: {d.title} ({d.client}), {d.stage}"

    app.push_screen(form, _after_form(app, on_done, message))


def reopen(app: App, deal_id: int, on_done: Done = None) -> None:
    """A won or lost deal back into the last open stage it was in."""
    try:
        before = pl.deal(deal_id)
        was_won = before.status == "won"
        with recording(deal_label("Reopened", before)):
            stage = deal_moves.reopen_deal(deal_id)
        d = pl.deal(deal_id)
    except REFUSED as exc:
        _refused(app, exc)
        return
    # only a recurring product's win made a holding (a one-off's made none to keep)
    keeps = was_won and win_holding.win_leaves_holding(d.product_id)
    note = f"; the {d.product} holding stays as the win left it" if keeps else ""
    app.notify(f"Reopened: {d.title} in {stage.name}{note}")
    _done(on_done)


def client_form(app: App, kind: str, client_id: int, on_done: Done = None) -> None:
    """`l` / `f` on a deal: log an interaction or add a follow-up for its client."""
    from amtui.tui.forms.client import open_activity_form

    def handle(result) -> None:
        if result is not None:
            _done(on_done)

    open_activity_form(app, kind, client_id, handle)


def delete(app: App, deal_id: int, on_done: Done = None) -> None:
    """Delete a deal entered by mistake, after a y / n confirmation."""
    from amtui.tui.dialogs.confirm import ConfirmDialog

    try:
        d = pl.deal(deal_id)
    except REFUSED as exc:
        _refused(app, exc)
        return

    def answered(yes: bool | None) -> None:
        if not yes:
            return
        try:
            with recording(deal_change("Deleted", deal_id)):
                title = deal_moves.delete_deal(deal_id)
        except REFUSED as exc:
            _refused(app, exc)
            return
        app.notify(f"Deleted: {title}")
        _done(on_done)

    app.push_screen(ConfirmDialog(
        f"Delete {d.title} ({d.client})?",
        "Its history goes with it. A deal that fell through is better marked lost (L).",
        yes="Delete", no="Keep"), answered)


# the keys that move an open deal, and the one that brings a closed one back: a screen's
# check_action hides the ones that can't act on the highlighted deal (`stage: the deal is
# lost; reopen it to move it` was all a rep learned from a key the footer offered)
OPEN_DEAL_ACTIONS = frozenset({"advance", "win", "lose"})
CLOSED_DEAL_ACTIONS = frozenset({"reopen"})


def fits_status(action: str, status: str | None) -> bool:
    """Whether `action` can act on a deal of `status` (None: no deal highlighted)."""
    if action in OPEN_DEAL_ACTIONS:
        return status in (None, "open")
    if action in CLOSED_DEAL_ACTIONS:
        return status in ("won", "lost")
    return True

