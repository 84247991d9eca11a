"""The client screen's keys on its records: add and edit in the part shown, the one-key
changes (done, snooze, won, kept, primary, ...) and deleting, each a core write in one
transaction, told to the rep and followed by a reload.

`ClientRecordActions` is mixed into ClientDetailScreen (screens/client_detail.py), which
gives it the part shown (`part`), its table (`table`), the client and its record
(`client_id`, `detail`), `reload` and `_show_added`; which part's keys show in the
footer is the screen's (`PART_ACTIONS`, `check_action`).
"""

from __future__ import annotations

from collections.abc import Callable

from amtui.core import change_labels as labels
from amtui.core import clients as core_clients
from amtui.core import commitments, contacts, followups, holdings, interactions, service
from amtui.core.change_labels import follow_up_change
from amtui.core.products import products
from amtui.core.undo import recording
from amtui.tui.dialogs.confirm import ConfirmDialog
from amtui.tui.errors import REFUSED, refusal
from amtui.tui.widgets.client_parts import PARTS

# The forms (amtui.tui.forms.client, ~0.03 s with the form machinery) are imported by the
# actions that open them: opening a client should not wait for them.


def _forms():
    from amtui.tui.forms import client

    return client


# the activity form kind -> the part that shows what it adds
PART_OF_KIND = {"log": "timeline", "follow_up": "follow_ups", "deal": "deals", "issue": "issues",
                "commitment": "commitments"}
# part -> the activity form kind that adds / edits its records, and the edit keyword
PART_FORMS = {
    "timeline": ("log", "interaction_id"),
    "follow_ups": ("follow_up", "follow_up_id"),
    "deals": ("deal", "deal_id"),
    "issues": ("issue", "issue_id"),
    "commitments": ("commitment", "commitment_id"),
}


class ClientRecordActions:
    """Add, edit, the one-key changes and deleting, on the client screen's records."""

    def _selected(self, what: str) -> int | None:
        record_id = self.table.selected_id()
        if record_id is None:
            self.notify(f"No {what} selected", severity="warning")
        return record_id

    # --- add and edit ---------------------------------------------------------------------------
    def _saved(self, what: str, then=None):
        """A form's callback: say it was saved (the reload comes with the screen resuming),
        then call `then` with the form's result."""

        def done(result) -> None:
            if result is not None:
                self.notify(what(result) if callable(what) else what)
            if then is not None:
                then(result)

        return done

    def action_new(self) -> None:
        part = self.part
        if part == "contacts":
            form = _forms().ContactForm(self.client_id)
            self.app.push_screen(form, self._saved("Contact added", self._show_added(part)))
        elif part == "holdings":
            self._push_holding_form(None)
        else:
            self._add(PART_FORMS[part][0])

    def _add(self, kind: str, **kwargs) -> None:
        """The form that adds a `kind` of record; once saved, its part shows it highlighted."""
        _forms().open_activity_form(self.app, kind, self.client_id, self._show_added(PART_OF_KIND[kind]), **kwargs)

    def action_edit(self) -> None:
        part = self.part
        record_id = self._selected(next(p.noun for p in PARTS if p.id == part))
        if record_id is None:
            return
        if part == "contacts":
            form = _forms().ContactForm(self.client_id, record_id)
            self.app.push_screen(form, self._saved("Contact saved"))
        elif part == "holdings":
            self._push_holding_form(record_id)
        else:
            kind, keyword = PART_FORMS[part]
            _forms().open_activity_form(self.app, kind, self.client_id, **{keyword: record_id})

    def _push_holding_form(self, holding_id: int | None) -> None:
        if holding_id is None and not products():
            self.notify("The product catalogue is empty: add products first (amtui product add)",
                        severity="warning")
            return
        form = _forms().HoldingForm(self.client_id, holding_id)
        added = self._show_added("holdings") if holding_id is None else None
        # the note says so when the end date given has passed (core: holdings.saved_note)
        self.app.push_screen(form, self._saved(lambda saved: holdings.saved_note(holding_id or saved), added))

    def action_edit_client(self) -> None:
        self.app.push_screen(_forms().ClientForm(self.client_id), self._saved("Client saved"))

    # l f i o: anywhere on the screen, for this client (the palette runs them too)
    def action_log(self) -> None:
        # on a follow-up, the log form offers to mark it done (checked)
        follow_up = self.table.selected_id() if self.part == "follow_ups" else None
        kwargs = {"follow_up_id": follow_up} if follow_up is not None else {}
        self._add("log", **kwargs)

    def action_follow_up(self) -> None:
        self._add("follow_up")

    def action_issue(self) -> None:
        self._add("issue")

    def action_deal(self) -> None:
        self._add("deal")

    def action_export_brief(self) -> None:
        export_brief = getattr(self.app, "action_export_brief", None)
        if export_brief is not None:
            export_brief(self.client_id)
        else:
            self.app.action_export()

    def action_back(self) -> None:
        self.dismiss_to_list()

    # --- one-key changes ------------------------------------------------------------------------
    def _client_name(self) -> str:
        return self.detail.client.name if self.detail is not None else ""

    def _apply(self, change, done: str | Callable[[], str], said: str = "") -> None:
        """Run one core write, tell the rep, reload; a refusal is shown, not raised.
        `done` names the change (read first: a record gone meanwhile is a refusal too);
        the note says `said`, else the same."""
        try:
            done = done() if callable(done) else done
            with recording(done):
                change()
        except REFUSED as exc:
            self.notify(refusal(exc), severity="error")
            return
        self.notify(said or done)
        self.reload()

    def action_done(self) -> None:
        """`d` finishes the highlighted to-do of the part shown."""
        if self.part == "issues":
            self._resolve()
            return
        if self.part == "commitments":
            self._kept()
            return
        follow_up_id = self._selected("follow-up")
        if follow_up_id is not None:
            from amtui.tui.forms.follow_up import complete_and_offer_next

            complete_and_offer_next(self.app, follow_up_id, lambda _new_id: self.reload())

    def action_snooze(self) -> None:
        follow_up_id = self._selected("follow-up")
        if follow_up_id is None:
            return
        try:
            with recording(follow_up_change("snoozed", follow_up_id)):
                row = followups.snooze_follow_up(follow_up_id)
        except REFUSED as exc:
            self.notify(refusal(exc), severity="error")
            return
        self.notify(f"Snoozed to {_forms().describe_date(row.due_on)}")
        self.reload()

    def action_snooze_to(self) -> None:
        follow_up_id = self._selected("follow-up")
        if follow_up_id is not None:
            from amtui.tui.forms.follow_up import SnoozeForm

            self.app.push_screen(SnoozeForm(follow_up_id))

    def _deal_action(self, name: str, *args) -> None:
        deal_id = self._selected("deal")
        if deal_id is not None:
            from amtui.tui import deal_actions

            getattr(deal_actions, name)(self.app, deal_id, *args, on_done=self.reload)

    def action_next_stage(self) -> None:
        self._deal_action("advance", 1)

    def action_previous_stage(self) -> None:
        self._deal_action("advance", -1)

    def action_win(self) -> None:
        self._deal_action("win")

    def action_lose(self) -> None:
        self._deal_action("lose")

    def action_reopen(self) -> None:
        self._deal_action("reopen")

    def _resolve(self) -> None:
        issue_id = self._selected("service issue")
        if issue_id is not None:
            _forms().open_activity_form(
                self.app, "issue", self.client_id, issue_id=issue_id, resolve=True
            )

    def _kept(self) -> None:
        commitment_id = self._selected("commitment")
        if commitment_id is not None:
            self._apply(lambda: commitments.set_commitment_status(commitment_id, "kept"),
                        lambda: labels.commitment_change("kept", commitment_id))

    def action_broken(self) -> None:
        commitment_id = self._selected("commitment")
        if commitment_id is not None:
            self._apply(lambda: commitments.set_commitment_status(commitment_id, "broken"),
                        lambda: labels.commitment_change("marked broken", commitment_id))

    def action_primary(self) -> None:
        contact_id = self._selected("contact")
        if contact_id is not None:
            self._apply(lambda: contacts.update_contact(contact_id, is_primary=True),
                        lambda: labels.primary_contact(contact_id, self._client_name()))

    # --- deleting ------------------------------------------------------------------------------
    DELETERS = {
        "contacts": ("contact", contacts.delete_contact),
        "timeline": ("interaction", interactions.delete_interaction),
        "follow_ups": ("follow-up", followups.delete_follow_up),
        "issues": ("service issue", service.delete_issue),
        "holdings": ("holding", holdings.delete_holding),
        "commitments": ("commitment", commitments.delete_commitment),
    }

    def action_delete(self) -> None:
        if self.part == "deals":
            self._deal_action("delete")  # the pipeline's own confirmation
            return
        noun, delete = self.DELETERS[self.part]
        record_id = self._selected(noun)
        if record_id is None:
            return
        label = self.table.describe(str(record_id))

        def answered(yes: bool | None) -> None:
            if yes:
                self._apply(lambda: delete(record_id), labels.deleted(noun, label, self._client_name()))

        self.app.push_screen(ConfirmDialog(f"Delete this {noun}?", label, yes="Delete"), answered)

    def action_archive(self) -> None:
        if self.detail is None:
            return
        record = self.detail.client
        if record.archived:
            self._apply(lambda: core_clients.archive_client(self.client_id, False),
                        labels.archived(record.name, back=True), f"{record.name} is back in the book")
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._apply(lambda: core_clients.archive_client(self.client_id), labels.archived(record.name),
                            f"{record.name} archived")

        self.app.push_screen(
            ConfirmDialog(f"Archive {record.name}?", "It leaves the list and Today; its history stays.",
                          yes="Archive"),
            answered,
        )
