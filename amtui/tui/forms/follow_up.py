"""Follow-up forms: a new or edited follow-up, snoozing to a chosen day, and the offer
of the next follow-up once one is done (`complete_and_offer_next`, used by every screen
where `d` completes a follow-up)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from rich.text import Text
from textual import on
from textual.app import App, ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label

from amtui.core import clients, followups
from amtui.core.change_labels import follow_up_change
from amtui.core.choices import PRIORITIES
from amtui.core.followups import NextStepSuggestion
from amtui.core.parse import FUTURE
from amtui.core.undo import name_change, recording
from amtui.tui.actions import bindings
from amtui.tui.dialogs.form import FormField, FormScreen
from amtui.tui.errors import REFUSED, refusal
from amtui.tui.forms.client import describe_date
from amtui.tui.forms.rows import RowsForm, choice_field, contact_field, date_field, text_of
from amtui.tui.safe import SafeStatic, plain
from amtui.tui.widgets.keys_footer import KeysFooter


class FollowUpForm(RowsForm):
    """A new follow-up for the client, or edit one (follow_up_id).  The keyword arguments
    prefill a new one (the next-step offer uses them)."""

    EDITS = True  # saved untouched, writes nothing (FormScreen.edits_a_record)

    ROWS = (("due_on", "priority"),)
    saves_as_new = True

    def __init__(
        self,
        client_id: int,
        follow_up_id: int | None = None,
        *,
        title: str = "",
        due_on: date | None = None,
        priority: str = "normal",
        contact_id: int | None = None,
        opportunity_id: int | None = None,
        service_issue_id: int | None = None,
    ):
        self.client_id, self.follow_up_id = client_id, follow_up_id
        old = self.editing(followups.get_follow_up, follow_up_id)
        if old is not None:
            title, due_on, priority, contact_id = (
                old.title,
                old.due_on,
                old.priority,
                old.contact_id,
            )
            opportunity_id, service_issue_id = old.opportunity_id, old.service_issue_id
        self.links = {"opportunity_id": opportunity_id, "service_issue_id": service_issue_id}
        client = clients.get_client(client_id)
        fields = [
            FormField(
                "title",
                "Follow-up",
                value=title,
                required=True,
                placeholder="Call about the renewal",
            ),
            date_field("due_on", "Due", due_on, tense=FUTURE, required=True),
            choice_field("priority", "Priority", PRIORITIES, priority),
            contact_field(client_id, contact_id),
            FormField("notes", "Notes", kind="multiline", value=old.notes if old else ""),
        ]
        heading = f"Edit follow-up for {client.name}" if old else f"New follow-up for {client.name}"
        super().__init__(heading, fields, self._save)

    def become_new(self) -> None:
        self.follow_up_id = None

    def _save(self, values: dict) -> int:
        args = dict(
            title=values["title"],
            due_on=values["due_on"],
            priority=values["priority"],
            contact_id=values["contact"],
            notes=text_of(values, "notes"),
        )
        if self.follow_up_id is not None:
            followups.update_follow_up(self.follow_up_id, base=self.base, **args)
            name_change(follow_up_change("edited", self.follow_up_id))
            return self.follow_up_id
        added = followups.add_follow_up(self.client_id, **args, **self.links).id
        name_change(follow_up_change("added", added))
        return added


class SnoozeForm(FormScreen):
    """`S`: snooze a follow-up to a day the rep chooses."""

    def __init__(self, follow_up_id: int):
        self.follow_up_id = follow_up_id
        row = followups.get_follow_up(follow_up_id)
        default = followups.snooze_target(row.due_on)
        fields = [
            date_field(
                "until", "Snooze until", default, tense=FUTURE, required=True, hint="mon, +1w, 12/15"
            )
        ]
        super().__init__(
            f"Snooze: {row.title}",
            fields,
            self._save,
            submit_label="Snooze",
            intro=f"{row.client} · due {describe_date(row.due_on)}",
        )

    def _save(self, values: dict) -> int:
        followups.snooze_follow_up(self.follow_up_id, values["until"])
        name_change(follow_up_change("snoozed", self.follow_up_id))
        return self.follow_up_id


class NextStepDialog(ModalScreen[str | None]):
    """ "Schedule the next one?" after a follow-up is done: enter / y accepts the
    suggestion, e edits it first, escape / n skips.  Dismissed with "accept", "edit" or None."""

    BINDINGS = bindings("next_step")

    def __init__(self, suggestion: NextStepSuggestion):
        super().__init__()
        self.suggestion = suggestion

    def compose(self) -> ComposeResult:
        s = self.suggestion
        others = (
            f"{s.client} has {s.open_left} other open follow-up{'s' if s.open_left != 1 else ''}."
            if s.open_left
            else f"{s.client} has no other open follow-up."
        )
        with Vertical(classes="form next-step"):
            yield Label("Schedule the next one?", classes="form-title")
            yield SafeStatic(f"Done: {s.done_title}", classes="muted")
            when = describe_date(s.due_on) + (f" \u00b7 {s.moved_note}" if s.moved_note else "")
            what = Text(plain(s.title), style="bold")  # book text: never markup
            what.append(f"\n{when}")
            yield SafeStatic(what, classes="next-step-what")
            yield SafeStatic(others, classes="muted")
            with Horizontal(classes="form-buttons"):
                yield Button("Schedule (enter)", id="accept", variant="primary")
                yield Button("Edit (e)", id="edit")
                yield Button("Skip (esc)", id="skip")
        yield KeysFooter()  # the dialog's own keys, over the screen's

    def on_mount(self) -> None:
        self.query_one("#accept", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id if event.button.id != "skip" else None)

    def action_answer(self, answer: str | None) -> None:
        self.dismiss(answer)


def complete_and_offer_next(
    app: App, follow_up_id: int, on_finish: Callable[[int | None], None] | None = None
) -> None:
    """`d` on a follow-up anywhere: mark it done, then offer the next one for the client.

    on_finish(new follow-up id or None) runs once the rep has accepted, edited or skipped.
    """
    finish = on_finish or (lambda _id: None)
    try:
        with recording(follow_up_change("done", follow_up_id)):
            suggestion = followups.complete_follow_up(follow_up_id)
    except REFUSED as exc:
        app.notify(refusal(exc), severity="error")
        finish(None)
        return

    def scheduled(new_id: int | None) -> None:
        if new_id is not None:
            row = followups.get_follow_up(new_id)
            app.notify(f"Next: {row.title}, {describe_date(row.due_on)}", title=row.client)
        finish(new_id)

    def answered(answer: str | None) -> None:
        if answer == "accept":
            try:
                with recording(f"Follow-up added: {suggestion.title}"):  # named once saved
                    added = followups.schedule_suggestion(suggestion).id
                    name_change(follow_up_change("added", added))
                scheduled(added)
            except REFUSED as exc:
                app.notify(refusal(exc), severity="error")
                finish(None)
        elif answer == "edit":
            app.push_screen(
                FollowUpForm(
                    suggestion.client_id,
                    title=suggestion.title,
                    due_on=suggestion.due_on,
                    priority=suggestion.priority,
                    contact_id=suggestion.contact_id,
                    opportunity_id=suggestion.opportunity_id,
                    service_issue_id=suggestion.service_issue_id,
                ),
                scheduled,
            )
        else:
            finish(None)

    app.push_screen(NextStepDialog(suggestion), answered)
