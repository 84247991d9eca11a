"""Forms for the daily loop: log an interaction, a service issue, a commitment (a
follow-up, snoozing and the next-step offer are in follow_up.py).

Each form is a FormScreen dismissed with the saved record's id, or None when cancelled.
Screens push them with the client's id; none of them touches the database except through
one core call in its on_save.
"""

from __future__ import annotations

from datetime import date

from textual import on
from textual.widgets import Checkbox, Input

from amtui.core import clients, commitments, dates_fmt, followups, interactions, service
from amtui.core.change_labels import commitment_change, interaction_change, issue_change
from amtui.core.choices import COMMITMENT_STATUSES, INTERACTION_KINDS, ISSUE_STATUSES, SEVERITIES
from amtui.core.counts import plural
from amtui.core.follow_up_rows import FollowUpRow
from amtui.core.followups import NextStepSuggestion
from amtui.core.parse import FUTURE, PAST
from amtui.core.undo import name_change
from amtui.tui.dialogs.form import FormField
from amtui.tui.forms.client import describe_date
from amtui.tui.forms.rows import RowsForm, choice_field, contact_field, date_field, text_of

# --- interactions --------------------------------------------------------------------------


class LogInteractionForm(RowsForm):
    """Log a call (or email, meeting, note, visit) and, optionally, the next follow-up.

    When the client has follow-ups overdue or due today, the form offers "Mark done:
    <title>" for each (checked for `follow_up_id`, the row it was opened from), and
    checking one fills the next-step fields with the suggested next follow-up.  The log,
    the follow-ups marked done and the next one are saved in one transaction.

    With interaction_id, edits that interaction instead (no follow-ups then)."""

    EDITS = True  # saved untouched, writes nothing (FormScreen.edits_a_record)

    ROWS = (("kind", "contact"), ("outcome", "when"), ("next_title", "next_due"))
    saves_as_new = True  # only an edit can meet a deletion: logged again, as typed

    def __init__(
        self,
        client_id: int,
        *,
        contact_id: int | None = None,
        interaction_id: int | None = None,
        follow_up_id: int | None = None,
    ):
        self.client_id, self.interaction_id = client_id, interaction_id
        old = self.editing(interactions.get_interaction, interaction_id)
        self.old_day = old.happened_at.astimezone().date() if old else None
        self.closable = [] if old else self._closable(client_id, follow_up_id)
        self.suggestion: NextStepSuggestion | None = None
        client = clients.get_client(client_id)
        self.client_name = client.name
        self.saved_note = ""  # once saved: what the toast says it did (`_save`)
        if contact_id is None and follow_up_id is not None:
            contact_id = next((f.contact_id for f in self.closable if f.id == follow_up_id), None)
        fields = [
            FormField(
                "summary",
                "What happened",
                value=old.summary if old else "",
                required=True,
                placeholder="Talked renewal terms; they want a proposal",
            ),
            choice_field("kind", "Kind", INTERACTION_KINDS, old.kind if old else "call"),
            contact_field(client_id, old.contact_id if old else contact_id),
            FormField(
                "outcome",
                "Outcome",
                value=old.outcome if old else "",
                placeholder="Agreed next steps",
            ),
            date_field(
                "when",
                "When",
                self.old_day or "today",
                tense=PAST,
                hint="today, yesterday, mon, 11/20",
            ),
        ]
        # seen at once, even at 80x24: what this log may close comes right after the summary
        fields[1:1] = [
            FormField(
                f"done_{f.id}",
                f"Mark done: {f.title}",
                kind="checkbox",
                value=f.id == follow_up_id,
                hint=_due_text(f),
            )
            for f in self.closable
        ]
        if old is None:
            next_due = date_field("next_due", "Due", tense=FUTURE, hint="needed with a next follow-up")
            next_due.describe = self._describe_next_due  # also says why a suggested day moved
            fields += [
                FormField(
                    "next_title",
                    "Next follow-up",
                    placeholder="Send the proposal",
                    hint="optional: the next step, scheduled now",
                ),
                next_due,
            ]
        title = (
            f"Edit interaction with {client.name}"
            if old
            else f"Log an interaction with {client.name}"
        )
        super().__init__(title, fields, self._save)

    @staticmethod
    def _closable(client_id: int, follow_up_id: int | None) -> list[FollowUpRow]:
        """The client's follow-ups due or overdue, and the one it was opened from."""
        rows = followups.due_follow_ups(client_id)
        if follow_up_id is not None and all(f.id != follow_up_id for f in rows):
            row = followups.get_follow_up(follow_up_id)
            if not row.done and row.client_id == client_id:
                rows.append(row)
        return rows

    def on_mount(self) -> None:
        super().on_mount()
        self._suggest_next()

    @on(Checkbox.Changed)
    def _done_toggled(self, event: Checkbox.Changed) -> None:
        event.stop()
        self._suggest_next()

    def _checked(self) -> list[FollowUpRow]:
        return [f for f in self.closable if self.query_one(f"#field-done_{f.id}", Checkbox).value]

    def _suggest_next(self) -> None:
        """Fill the next-step fields with the next follow-up after the first one checked,
        unless the rep has typed their own; clear them again when nothing is checked."""
        if self.interaction_id is not None or not self.closable:
            return
        title = self.query_one("#field-next_title", Input)
        due = self.query_one("#field-next_due", Input)
        before = self.suggestion
        untouched = (not title.value and not due.value) or (
            before is not None
            and title.value == before.title
            and due.value == dates_fmt.day(before.due_on)
        )
        checked = self._checked()
        self.suggestion = followups.suggest_next(checked[0]) if checked else None
        if not untouched:
            return
        s = self.suggestion
        title.value = s.title if s else ""
        due.value = dates_fmt.day(s.due_on) if s else ""

    def _describe_next_due(self, day: date) -> str:
        s = self.suggestion
        text = describe_date(day)
        if s is not None and s.due_on == day and s.moved_note:
            return f"{text} \u00b7 {s.moved_note}"
        return text

    def become_new(self) -> None:
        self.interaction_id = None

    def _save(self, values: dict) -> int:
        common = dict(
            kind=values["kind"],
            contact_id=values["contact"],
            outcome=text_of(values, "outcome"),
            when=values["when"],
        )
        if self.interaction_id is not None:
            if values["when"] == self.old_day:
                del common["when"]  # same day: keep the recorded time of day
            interactions.update_interaction(
                self.interaction_id, summary=values["summary"], base=self.base, **common
            )
            name_change(interaction_change("edited", self.interaction_id))
            return self.interaction_id
        s = self.suggestion
        # an edit saved as new has no next-step fields
        next_title, next_due = values.get("next_title"), values.get("next_due")
        keeps_suggestion = s is not None and next_title == s.title
        ticked = [f.id for f in self.closable if values.get(f"done_{f.id}")]
        logged = interactions.log_interaction(
            self.client_id,
            values["summary"],
            next_title=next_title,
            next_due=next_due,
            next_priority=s.priority if keeps_suggestion else "normal",
            done_follow_up_ids=ticked,
            done_elsewhere_ok=True,  # marked done in another window meanwhile: still logged
            **common,
        )
        name_change(interaction_change("logged", logged.interaction.id))
        # the toast says all it did: the follow-ups it closed and the next step it set
        # (fields below the fold, at 80x24, that "Interaction logged" kept quiet about)
        done = len(logged.done_follow_up_ids)
        parts = [f"Logged with {self.client_name}"]
        if done:
            parts.append(f"{plural(done, 'follow-up')} done")
        if len(ticked) > done:
            parts.append(f"{plural(len(ticked) - done, 'follow-up')} done elsewhere already")
        if logged.follow_up_id is not None and next_due is not None:
            parts.append(f"next: {next_title}, {dates_fmt.day(next_due)}")
        self.saved_note = " · ".join(parts)
        return logged.interaction.id


def _due_text(f: FollowUpRow) -> str:
    late = f.days_late()
    when = "due today" if not late else f"due {f.due_on.day} {f.due_on:%b} \u00b7 {late}d late"
    return f"{when} \u00b7 {f.contact}" if f.contact else when


# --- service issues --------------------------------------------------------------------------


class ServiceIssueForm(RowsForm):
    """A new service issue, or edit one: change its status, and resolve it with a
    resolution (required to resolve).  resolve=True opens it ready to resolve.

    An open issue's own open follow-ups (made for it: `f` on the issue, the next step
    after one) are offered as "Mark done: <title>", checked while the status is resolved
    (until the rep ticks one themselves): resolving the issue usually ends them, in the
    same transaction.  Once saved, `saved_note` says what happened ("Issue resolved: ...")."""

    EDITS = True  # saved untouched, writes nothing (FormScreen.edits_a_record)

    ROWS = (("severity", "contact"),)
    saves_as_new = True

    def edits_a_record(self) -> bool:
        # opened to resolve (`d`), it acts: saved as it opened, it resolves the issue
        return not self.resolve and super().edits_a_record()

    def __init__(self, client_id: int, issue_id: int | None = None, *, resolve: bool = False):
        self.client_id, self.issue_id, self.resolve = client_id, issue_id, resolve
        old = self.editing(service.get_issue, issue_id)
        client = clients.get_client(client_id)
        self.client_name = client.name
        self.saved_note = ""  # once saved: what the toast says it did (`_save`)
        self.closable = followups.open_for_issue(issue_id) if old and old.is_open else []
        self.done_ticked_by_rep = False  # the rep ticked a "Mark done" box: the status no longer sets them
        fields = [
            FormField(
                "title",
                "Issue",
                value=old.title if old else "",
                required=True,
                placeholder="Invoices show the wrong VAT",
            ),
            choice_field("severity", "Severity", SEVERITIES, old.severity if old else "medium"),
            contact_field(client_id, old.contact_id if old else None),
            FormField(
                "description", "Description", kind="multiline", value=old.description if old else ""
            ),
        ]
        if old is not None:
            status = "resolved" if resolve else old.status
            resolution = FormField(
                "resolution",
                "Resolution",
                kind="multiline",
                value=old.resolution,
                hint=self._resolution_hint(status),
            )
            done = [
                FormField(
                    f"done_{f.id}",
                    f"Mark done: {f.title}",
                    kind="checkbox",
                    value=status == "resolved",
                    hint=f"made for this issue \u00b7 due {dates_fmt.day_and_due(f.due_on)}",
                )
                for f in self.closable
            ]
            status_field = choice_field("status", "Status", ISSUE_STATUSES, status)
            # resolving: what fixed it is what the rep types, so it comes first, and what
            # resolving it also ends right under it (seen at 80x24)
            closing = [resolution, *done, status_field] if resolve else [status_field, resolution, *done]
            fields = closing + fields if resolve else fields + closing
        if old is None:
            heading = f"New service issue for {client.name}"
        else:
            heading = f"{'Resolve' if resolve else 'Edit'} issue: {old.title}"
        intro = f"{client.name} · {dates_fmt.open_for(old.age_days())}" if old and old.is_open else ""
        super().__init__(heading, fields, self._save, intro=intro)

    @staticmethod
    def _resolution_hint(status: str | None) -> str:
        return (
            "required to resolve: what fixed it"
            if status == "resolved"
            else "what fixed it, once resolved"
        )

    def on_field_changed(self, name: str) -> None:
        if name == "status":
            status = self._raw(next(f for f in self.fields if f.name == "status"))
            resolution = next(f for f in self.fields if f.name == "resolution")
            resolution.hint = self._resolution_hint(status)
            self._check(resolution)
            if not self.done_ticked_by_rep:  # resolving ends them; reopening keeps them
                for f in self.closable:
                    self.query_one(f"#field-done_{f.id}", Checkbox).value = status == "resolved"

    @on(Checkbox.Changed)
    def _done_toggled(self, event: Checkbox.Changed) -> None:
        event.stop()
        status = self._raw(next(f for f in self.fields if f.name == "status"))
        if event.value != (status == "resolved"):  # not what the status set: the rep's own choice
            self.done_ticked_by_rep = True

    def become_new(self) -> None:
        self.issue_id, self.closable = None, []  # its follow-ups lost their link with it

    def _save(self, values: dict) -> int:
        args = dict(
            title=values["title"],
            severity=values["severity"],
            contact_id=values["contact"],
            description=text_of(values, "description"),
        )
        if self.issue_id is None:
            title = args.pop("title")
            issue = service.open_issue(self.client_id, title, **args)
            note = issue_change("opened", issue.id)
            name_change(note)  # whatever its status: an undo takes the issue away
            if values.get("status", "open") != "open":  # an edit saved as new: its status too
                saved = service.save_issue(issue.id, status=values["status"],
                                           resolution=text_of(values, "resolution"))
                note = issue_note(issue_change(issue_verb(saved), issue.id), saved, 0)
            self.saved_note = note  # once all of it is saved
            return issue.id
        ticked = [f.id for f in self.closable if values.get(f"done_{f.id}")]
        saved = service.save_issue(
            self.issue_id, status=values["status"], resolution=text_of(values, "resolution"),
            done_follow_up_ids=ticked, base=self.base, **args
        )
        named = issue_change(issue_verb(saved), self.issue_id)
        name_change(named)
        self.saved_note = issue_note(named, saved, len(ticked))
        return self.issue_id


def issue_verb(saved: service.SavedIssue) -> str:
    """What a save did to an issue, as its change is named: resolved, reopened, the open
    status it moved to ("in progress"), else edited."""
    return "edited" if saved.happened == "saved" else saved.happened


def issue_note(named: str, saved: service.SavedIssue, ticked: int) -> str:
    """What a save of an issue did, for its toast: its change as named for undo, then the
    follow-ups it closed: "Issue resolved: Invoices wrong (Acme) · 1 follow-up done" (a
    bare "Service issue saved" left the rep guessing)."""
    parts = [named]
    done = len(saved.done_follow_up_ids)
    if done:
        parts.append(f"{plural(done, 'follow-up')} done")
    if ticked > done:
        parts.append(f"{plural(ticked - done, 'follow-up')} done elsewhere already")
    return " · ".join(parts)


# --- commitments ---------------------------------------------------------------------------------


class CommitmentForm(RowsForm):
    """A promise made to the client (new, or edit one with commitment_id)."""

    EDITS = True  # saved untouched, writes nothing (FormScreen.edits_a_record)

    ROWS = (("due_on", "made_by"),)
    saves_as_new = True

    def __init__(self, client_id: int, commitment_id: int | None = None):
        self.client_id, self.commitment_id = client_id, commitment_id
        old = self.editing(commitments.get_commitment, commitment_id)
        client = clients.get_client(client_id)
        fields = [
            FormField(
                "what",
                "Commitment",
                value=old.what if old else "",
                required=True,
                placeholder="Quarterly business review",
            ),
            date_field("due_on", "Due", old.due_on if old else None, tense=FUTURE, hint="optional"),
            FormField(
                "made_by",
                "Made by",
                value=old.made_by if old else "",
                placeholder="you, or who in business development",
            ),
        ]
        if old is not None:
            fields.append(choice_field("status", "Status", COMMITMENT_STATUSES, old.status))
        heading = f"Edit commitment to {client.name}" if old else f"New commitment to {client.name}"
        super().__init__(heading, fields, self._save)

    def become_new(self) -> None:
        self.commitment_id = None

    def _save(self, values: dict) -> int:
        args = dict(due_on=values["due_on"], made_by=text_of(values, "made_by"))
        if self.commitment_id is None:
            added = commitments.add_commitment(self.client_id, values["what"], **args).id
            if values.get("status", "open") != "open":  # an edit saved as new: kept or broken
                commitments.set_commitment_status(added, values["status"])
            name_change(commitment_change("added", added))
            return added
        commitments.update_commitment(
            self.commitment_id, what=values["what"], status=values["status"], base=self.base,
            **args
        )
        name_change(commitment_change("edited", self.commitment_id))
        return self.commitment_id
