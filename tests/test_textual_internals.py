"""The Textual internals amtui leans on, each checked so an upgrade that changes them fails
here, by name, instead of quietly breaking a screen (pyproject.toml pins textual 8.2.x).

- tests: `App._notifications`, to read what a screen told the rep, read in one place
  (tests/pilot_helpers.notifications) that every test uses.
- tui/screens/base.py: `Screen._css_update_count` / `App._css_update_count`, which Textual
  compares to decide whether showing a mode's screen refreshes the whole app's CSS (a
  section's screen starts as styled, so a first visit does not).
- tui/screens/base.py (public API, checked here as the order matters): a section's
  `@on(ScreenResume)` handler runs before Screen's own, so the `refresh_styles` it clears
  spares the restyle of a screen styled as it mounted.
- tui/warm_up.py: `Widget._get_default_css()`, the CSS sources Textual adds to the
  stylesheet when a widget is mounted (the warm-up adds them before the first visit).
- tui/stylesheet.py (public API, checked here as it is what Textual calls): App.refresh_css
  goes through `App.stylesheet.set_variables` and `.reparse`.
- tui/toast_timer.py: `textual.widgets._toast.Toast` takes its notification's time left
  into `Toast._timeout` in `__init__` (amtui keeps it above zero: a negative one hung the
  app); an expired toast mounted in a separate process must not hang it.

Nothing else: the Clients list, the Pipeline table and the Quota's two tables are virtual
lists (widgets/virtual_table.py) and the board is one Line-API widget
(widgets/deal_board.py); they lay out their own columns with public Line-API calls, and the footer (tui/widgets/keys_footer.py) draws its own line from
public API (`Screen.active_bindings`, `Screen.bindings_updated_signal`); tests/test_keys_footer.py
covers what it shows.
"""

from __future__ import annotations

import pytest
import textual
from pilot_helpers import NOTIFICATIONS_ATTRIBUTE, notifications
from textual import events, on
from textual.app import App
from textual.screen import Screen
from textual.widgets import Label

from amtui.tui.app import AmtuiApp


async def test_the_app_keeps_its_notifications_where_tests_read_them():
    app = App()
    async with app.run_test() as pilot:
        assert hasattr(app, NOTIFICATIONS_ATTRIBUTE), (
            f"Textual {textual.__version__} has no App.{NOTIFICATIONS_ATTRIBUTE}: the tests read "
            "the app's toasts there. Find where this version keeps them and change "
            "tests/pilot_helpers.notifications (and textual's pin in pyproject.toml)")
        app.notify("hello", title="there")
        await pilot.pause()
        assert [(n.message, n.title) for n in notifications(app)] == [("hello", "there")]


def test_reading_toasts_from_an_app_without_them_says_what_to_change():
    with pytest.raises(AssertionError, match=r"no longer has '_notifications'.*pilot_helpers\.notifications"):
        notifications(object())


async def test_footer_greys_the_section_you_are_in_and_follows_a_switch(book_path):
    from amtui.core import clients

    clients.create_client("Acme")  # a book with a client opens on Today, not the welcome
    app = AmtuiApp(db_path=book_path)
    async with app.run_test(size=(160, 30)) as pilot:
        await pilot.pause()

        def greyed() -> set[str]:
            # the section keys live in `?` (the footer keeps room for the screen's own keys):
            # greyed is what the footer would show greyed
            return {key for key, ab in app.screen.active_bindings.items() if not ab.enabled}

        assert "1" in greyed() and "2" not in greyed()
        await pilot.press("2")
        await pilot.pause()
        await pilot.pause()
        assert "2" in greyed() and "1" not in greyed()


class _Page(Screen):
    def __init__(self, styled: bool) -> None:
        super().__init__()
        if styled:
            self._css_update_count = self.app._css_update_count


def _mode_app(styled: bool) -> App:
    class Modes(App):
        MODES = {"one": lambda: _Page(False), "two": lambda: _Page(styled)}
        DEFAULT_MODE = "one"

    return Modes()


@pytest.mark.parametrize("styled", [False, True])
async def test_a_mode_screen_made_styled_skips_textuals_css_refresh(styled):
    app = _mode_app(styled)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert hasattr(app, "_css_update_count") and hasattr(app.screen, "_css_update_count"), (
            f"Textual {textual.__version__} no longer keeps Screen._css_update_count: "
            "SectionScreen.__init__ (tui/screens/base.py) sets it; find the new way")
        calls = []
        real = app.refresh_css
        app.refresh_css = lambda *a, **k: (calls.append(a), real(*a, **k))
        app.switch_mode("two")
        await pilot.pause()
        assert bool(calls) is not styled, (
            f"Textual {textual.__version__} decides differently when a new mode's screen "
            "refreshes the app's CSS: check SectionScreen.__init__ (tui/screens/base.py)")


async def test_a_widget_names_the_css_sources_textual_adds_when_it_mounts():
    app = App()
    async with app.run_test() as pilot:
        sources = Label()._get_default_css()
        assert sources and all(len(source) == 4 for source in sources), (
            f"Textual {textual.__version__} changed Widget._get_default_css: "
            "tui/warm_up.add_default_css reads it")
        await app.screen.mount(Label("x"))
        await pilot.pause()
        for read_from, css, _tie_breaker, _scope in sources:
            assert app.stylesheet.has_source(*read_from)
            assert app.stylesheet.source[read_from].content == css


async def test_refresh_css_goes_through_the_stylesheets_set_variables_and_reparse():
    from amtui.tui.stylesheet import KeptStylesheet

    app = App()
    app.stylesheet = KeptStylesheet(variables=app.get_css_variables())
    async with app.run_test() as pilot:
        await pilot.pause()
        calls = []
        for name in ("set_variables", "reparse"):
            real = getattr(app.stylesheet, name)
            setattr(app.stylesheet, name, lambda *a, _n=name, _r=real: (calls.append(_n), _r(*a)))
        app.refresh_css(animate=False)
        assert calls == ["set_variables", "reparse"], (
            f"Textual {textual.__version__} refreshes CSS differently: tui/stylesheet.py "
            "relies on set_variables then reparse")


class _Resumed(Screen):
    def __init__(self, keep_styles: bool) -> None:
        super().__init__()
        self.keep_styles = keep_styles
        self.restyled = 0

    @on(events.ScreenResume)
    def _resumed(self, event: events.ScreenResume) -> None:
        if self.keep_styles:
            event.refresh_styles = False

    def update_node_styles(self, animate: bool = True) -> None:
        self.restyled += 1
        super().update_node_styles(animate)


@pytest.mark.parametrize("keep_styles", [False, True])
async def test_a_screens_resume_handler_runs_before_textuals_restyle(keep_styles):
    app = App()
    async with app.run_test() as pilot:
        screen = _Resumed(keep_styles)
        await app.push_screen(screen)
        await pilot.pause()
        assert (screen.restyled == 0) is keep_styles, (
            f"Textual {textual.__version__} restyles a resumed screen differently: "
            "SectionScreen._styled_as_mounted (tui/screens/base.py) clears "
            "ScreenResume.refresh_styles before Screen's own handler reads it")


def test_a_toast_takes_its_time_as_amtui_clamps_it():
    """tui/toast_timer.py: Toast.__init__ reads the notification's time left into
    `_timeout`, which its mount hands to set_timer; amtui keeps it above zero."""
    from textual.notifications import Notification
    from textual.widgets._toast import Toast

    from amtui.tui.toast_timer import LEAST_SECONDS

    expired = Notification("Imported accounts.csv", timeout=1)
    expired.raised_at -= 5  # ran out while the rack built its toast
    assert Toast(expired)._timeout == LEAST_SECONDS
    fresh = Notification("Saved", timeout=30)
    assert 29 < Toast(fresh)._timeout <= 30


def test_a_toast_mounted_after_it_ran_out_does_not_hang_the_app(tmp_path):
    """Run apart, with a deadline: unclamped, the expired toast's timer spins for ever."""
    import subprocess
    import sys

    script = tmp_path / "toast.py"
    script.write_text(
        "import asyncio\n"
        "from textual.app import App\n"
        "from textual.notifications import Notification\n"
        "from textual.widgets._toast import Toast\n"
        "import amtui.tui.app  # installs the clamp\n"
        "async def main():\n"
        "    app = App()\n"
        "    async with app.run_test() as pilot:\n"
        "        n = Notification('gone', timeout=1)\n"
        "        n.raised_at -= 5\n"
        "        await app.screen.mount(Toast(n))\n"
        "        await pilot.pause(0.3)\n"
        "        print('answered')\n"
        "asyncio.run(main())\n"
    )
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "answered" in done.stdout, done.stderr
