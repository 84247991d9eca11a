"""The App: five sections as modes, global bindings, the command palette, the keymap."""

from __future__ import annotations

from importlib import import_module
from pathlib import Path

from textual import events, work
from textual.actions import parse as parse_action
from textual.app import App
from textual.screen import ModalScreen, Screen
from textual.worker import WorkerState

from amtui import config, db
from amtui.core import book
from amtui.core.text import printable
from amtui.db import integrity
from amtui.db.errors import StorageError
from amtui.db.location import location_of
from amtui.db.read_only import is_read_only
from amtui.tui import keymap
from amtui.tui.actions import bindings
from amtui.tui.errors import BOOK_ERRORS, WRITE_ACTIONS, read_failed, write_failed
from amtui.tui.key_gate import KeyGate
from amtui.tui.live_book import BookChanged, LiveBook
from amtui.tui.screens.today import TodayScreen
from amtui.tui.stylesheet import KeptStylesheet
from amtui.tui.toast_timer import install as clamp_toast_timers

# seconds after the start: the damage check runs then if Today's first load has not
# said it is done (`first_load_done`) by then
DAMAGE_CHECK_LATEST = 20.0


def _section(module: str, name: str) -> Screen:
    return getattr(import_module(f"amtui.tui.screens.{module}"), name)()


def _book_provider():
    """The palette's amtui commands and book search, imported when the palette first opens
    (Textual calls a provider that is not a class to get one)."""
    from amtui.tui.commands import BookProvider

    return BookProvider


clamp_toast_timers()  # before any toast: one running out as it is shown hung the app


class AmtuiApp(App):
    TITLE = "amtui"
    CSS_PATH = Path(__file__).parent / "amtui.tcss"  # absolute: subclasses live elsewhere
    MODES = {
        "today": TodayScreen,
        # The other sections are imported when first visited: ~0.15 s off start-up.
        "clients": lambda: _section("clients", "ClientsScreen"),
        "pipeline": lambda: _section("pipeline", "PipelineScreen"),
        "quota": lambda: _section("quota", "QuotaScreen"),
        "reports": lambda: _section("reports", "ReportsScreen"),
    }
    DEFAULT_MODE = "today"
    COMMANDS = App.COMMANDS | {_book_provider}
    BINDINGS = bindings("app")

    def __init__(self, db_path: Path | str, *, read_only: bool | None = None, **kwargs):
        super().__init__(**kwargs)
        # parsed again in full only for a new theme (a first visit re-tokenised it all twice)
        self.stylesheet = KeptStylesheet(variables=self.get_css_variables())
        self.warmed = False  # the sections' modules and CSS, after Today's first load
        self.idle_collector = None  # full collections at rest, from then on (warm_up.py)
        self.undo_key = None  # ctrl+z, made on its first press (tui/undo_key.py)
        self.key_gate = KeyGate(self, forward=super().on_event)
        self.db_path = location_of(db_path)  # a file, or a server URL (password masked)
        # read_only None: read-only when the file or its folder can't be written (db decides)
        db.open_book(self.db_path, read_only=read_only)
        from amtui.core.undo import made_in

        made_in("app")  # ctrl+z then tells the shell's and other windows' changes from its own
        # A read-only book opens on purpose: a banner says so and the write keys are off.
        self.read_only = is_read_only()
        self.damage_check_due = False  # set on mount for a big book (see first_load_done)
        self.sub_title = printable(str(self.db_path)) + (" (read-only)" if self.read_only else "")

    def on_mount(self) -> None:
        try:
            keys = config.load_config().get("keys", {})
        except config.ConfigError as exc:
            self.notify(f"config.toml ignored: {exc}", severity="warning")
            keys = {}
        if keys:
            # Applied at once so the first keypress already uses it; checked off the event
            # loop (collecting every binding id imports every screen).
            self.set_keymap(keymap.keymap(keys))
            self.check_keymap(keys)
        self.take_daily_snapshot()
        self.live_book = LiveBook(self)  # the screen shown follows changes made elsewhere
        self.live_book.start()
        # a book too big to quick_check at open is checked once Today's first load is on
        # screen (`first_load_done`): on a 2-core machine the check (1.2 s of CPU at
        # 20,000 clients) beside the load held the agenda's rows back by a second
        self.damage_check_due = integrity.needs_background_check(self.db_path)
        if self.damage_check_due:  # however the start goes (another section first, a failed load)
            self.set_timer(DAMAGE_CHECK_LATEST, self._damage_check_at_the_latest)
        if book.is_empty():  # an empty book opens on the welcome view
            from amtui.tui.screens.welcome import offer_welcome  # buttons, spinner: only then

            offer_welcome(self)

    def on_book_changed(self, _message: BookChanged) -> None:
        self.live_book.changed()

    def on_unmount(self) -> None:
        if hasattr(self, "live_book"):
            self.live_book.stop()
        if self.idle_collector is not None:
            self.idle_collector.stop()
        if self.warmed:
            from amtui.tui.warm_up import release_collector

            release_collector()

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.Paste)):
            if self.idle_collector is not None:
                self.idle_collector.key_pressed()  # no full collection while keys come
            if await self.key_gate.handled(event):  # one at a time, in order (key_gate.py)
                return
        await super().on_event(event)

    @work(thread=True, exit_on_error=False, group="snapshot")
    def take_daily_snapshot(self) -> None:
        """The day's forecast snapshot (issue 17) on the first open of the day, off the
        event loop.  A book that can't be written (read-only, locked) just goes without."""
        from amtui.core.snapshots import snapshot_if_due

        try:
            if not is_read_only():  # never write into a read-only book
                snapshot_if_due()
        except StorageError:
            pass  # "since last time" then measures from the last snapshot there is
        finally:
            db.close_book()

    def notify(self, message, *, title="", severity="information", timeout=None, markup=False):
        # Every toast names a client, deal or follow-up: plain text, controls made visible
        # (a screen's notify() lands here too).  Markup is never read from book text.
        super().notify(
            printable(message, keep_newlines=True), title=printable(title),
            severity=severity, timeout=timeout, markup=False,
        )

    async def run_action(self, action, default_namespace=None, namespaces=None) -> bool:
        # Every key and palette entry runs its action through here: a storage error that
        # no screen caught (a read before a write, a damaged page) is said, not fatal.
        try:
            return await super().run_action(action, default_namespace, namespaces)
        except BOOK_ERRORS as exc:
            # "Not saved" only for a key that writes: a key that only reads saved nothing
            name = parse_action(action)[1] if isinstance(action, str) else ""
            said = write_failed(exc) if name in WRITE_ACTIONS else read_failed(exc)
            self.notify(said, title="The book failed", severity="error", timeout=8)
            return True

    def first_load_done(self) -> None:
        """Today's first load is on screen, or failed (or DAMAGE_CHECK_LATEST passed):
        the start's damage check of a big book runs now, once, and the collector is
        settled and the other sections warmed in idle time (tui/warm_up.py)."""
        if self.damage_check_due:
            self.damage_check_due = False
            self.check_for_damage()
        if not self.warmed:
            self.warmed = True
            from amtui.tui import warm_up

            warm_up.settle_collector()
            self.idle_collector = warm_up.IdleCollector(self)
            self.run_worker(warm_up.warm_sections(self), group="warm-up", exit_on_error=False)

    def _damage_check_at_the_latest(self) -> None:
        if any(w.group == "today" and w.state in (WorkerState.PENDING, WorkerState.RUNNING)
               for w in self.workers):
            self.set_timer(1.0, self._damage_check_at_the_latest)  # never beside Today's load
        else:
            self.first_load_done()

    def check_for_damage(self) -> None:
        """PRAGMA quick_check of a big book (0.26 s of CPU at 5,000 clients, 1.2 s at
        20,000), after Today's first load, in a thread on its own read-only connection;
        damage is said on screen."""

        def check() -> None:
            problem = integrity.find_damage(self.db_path)
            if problem:
                self.call_from_thread(self.notify, problem, title="The book is damaged",
                                      severity="error", timeout=60)

        self.run_worker(check, thread=True, exit_on_error=False, group="damage-check")

    @work(thread=True, exit_on_error=False)
    def check_keymap(self, keys: object) -> None:
        """Warn about `[keys]` entries that name no binding or no key: a typo does nothing."""
        problems = keymap.keymap_problems(keys)
        if problems:
            self.call_from_thread(self.notify, "\n".join(problems), title="config.toml",
                                  severity="warning", timeout=15, markup=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Grey out the section we are already in, as Textual's demo app does, unless a
        # screen opened from it is showing (a client's record: `2` goes back to the list)
        if action == "switch_mode" and parameters and self.current_mode == parameters[0]:
            return True if self._opened_from_section() else None
        if self.read_only and action in WRITE_ACTIONS:
            return None  # from a key or the palette: the book can't be written
        return True

    def _opened_from_section(self) -> bool:
        """A full screen opened from the section showing (a client's record, White
        space, What changed), not a dialog: a dialog keeps its keys to itself."""
        return len(self.screen_stack) > 1 and not isinstance(self.screen, ModalScreen)

    async def action_switch_mode(self, mode: str) -> None:
        """A section's key: that section's own screen (`2` is the client list, as the key
        says, not the client's record left open there: a rep back on Clients pressed `n`
        for a new client and got a follow-up for that client).  The screens opened over
        the section left go first, as escape would, one by one; the list keeps its cursor
        on the client that was open."""
        shown = self._client_shown() if mode == "clients" else None
        while self._opened_from_section():
            await self.pop_screen()
        if mode != self.current_mode:
            await super().action_switch_mode(mode)
        show = getattr(self.screen, "show_client", None)
        if shown is not None and show is not None:
            show(shown)  # from Today or the palette too, not only from the list

    def _client_shown(self) -> int | None:
        """The client whose record is open over the section showing, if one is."""
        from amtui.tui.screens.client_detail import ClientDetailScreen

        if not self._opened_from_section():
            return None
        return next((s.client_id for s in reversed(self.screen_stack)
                     if isinstance(s, ClientDetailScreen)), None)

    def action_quit(self) -> None:
        """ctrl+q: quit, but not over a form holding typing that was never saved without
        asking (a second ctrl+q while asked quits)."""
        from amtui.tui.dialogs.form import FormScreen

        typed = next((s for s in reversed(self.screen_stack)
                      if isinstance(s, FormScreen) and s.has_typed()), None)
        if typed is None or self.screen.id == "quit-unsaved":  # nothing typed, or asked already
            self.exit()
            return
        asked = typed.unsaved_question("Quit without saving?", "Quit")
        asked.id = "quit-unsaved"
        self.push_screen(asked, lambda quit_now: self.exit() if quit_now else None)

    def action_undo(self) -> None:
        """ctrl+z: put back the last change, in a thread (tui/undo_key.py), say what it was,
        and show the book as it is."""
        if self.undo_key is None:
            from amtui.tui.undo_key import UndoKey

            self.undo_key = UndoKey(self)
        self.undo_key.press()

    def action_keys(self) -> None:
        from amtui.tui.dialogs.keys import KeysScreen

        if not isinstance(self.screen, KeysScreen):
            self.push_screen(KeysScreen(self.screen))

    def action_export(self, report: str | None = None) -> None:
        from amtui.tui.dialogs.export import ExportDialog

        self.push_screen(ExportDialog(report=report))

    def action_export_brief(self, client_id: int) -> None:
        """`x` on a client: the chooser, set to that client's brief."""
        from amtui.tui.dialogs.export import ExportDialog

        self.push_screen(ExportDialog(report="brief", client_id=client_id))

    def action_import_file(self) -> None:
        from amtui.tui.dialogs.import_file import ImportDialog

        self.push_screen(ImportDialog())

    def action_white_space(self) -> None:
        from amtui.tui.screens.whitespace import open_white_space

        open_white_space(self)

    def action_changes(self) -> None:
        from amtui.tui.screens.changes import ChangesScreen, open_changes

        if not isinstance(self.screen, ChangesScreen):
            open_changes(self)

    def action_new_deal(self) -> None:
        from amtui.tui import deal_actions

        deal_actions.new(self)

    def action_new_client(self) -> None:
        from amtui.tui.forms.client import ClientForm
        from amtui.tui.navigation import open_client

        def saved(client_id: int | None) -> None:
            if client_id is not None:
                open_client(self, client_id)

        self.push_screen(ClientForm(), saved)

    def action_quota(self, action: str) -> None:
        from amtui.tui.screens.quota import run_on_quota_screen

        run_on_quota_screen(self, action)

    def get_system_commands(self, screen: Screen):
        # Our own "Keys" (the `?` list) replaces Textual's help panel; the rest of amtui's
        # commands come from BookProvider, so none is listed twice.
        for command in super().get_system_commands(screen):
            if command.title != "Keys":
                yield command
