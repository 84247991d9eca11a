"""Import a file from the TUI: choose it, see what it is, see the dry run, confirm.

The rep types a path (right arrow completes it) or picks one in the tree of folders,
.csv and .xlsx files.  A thread worker runs the import as a dry run and posts the
result back: the kind (changeable), each column's field, and what would be new, updated
and unchanged, or the rows that are wrong.  ctrl+s imports (in a worker, with a
progress bar); the summary is shown as a notification when the dialog closes.
Workers never touch widgets: they post the messages declared here.
"""

from __future__ import annotations

import os
from pathlib import Path

from rich.markup import escape as escape_markup
from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import (
    Button,
    Checkbox,
    DirectoryTree,
    Input,
    Label,
    ProgressBar,
    Select,
    Static,
)

from amtui.core.counts import plural
from amtui.core.text import printable
from amtui.tui.actions import bindings
from amtui.tui.errors import STORAGE_ERRORS, refusal
from amtui.tui.widgets.keys_footer import KeysFooter


def escape(text: object) -> str:
    """File names, cells and errors from the file inside our markup: neither markup nor
    control characters (issue 10)."""
    return escape_markup(printable(text))

SUFFIXES = (".csv", ".xlsx", ".xlsm", ".txt", ".tsv")
KINDS = (  # label, value (what --kind takes)
    ("Kind: clients", "clients"), ("Kind: contacts", "contacts"), ("Kind: deals", "opportunities"),
    ("Kind: interactions", "interactions"), ("Kind: follow-ups", "followups"),
    ("Kind: service issues", "issues"), ("Kind: products", "products"), ("Kind: holdings", "holdings"),
    ("Kind: quotas", "quotas"), ("Kind: commitments", "commitments"),
)
SHOWN_ERRORS = 20


class SheetsFound(Message):
    """The sheets of the chosen workbook (posted from the worker thread)."""

    def __init__(self, generation: int, sheets: list[str]):
        super().__init__()
        self.generation, self.sheets = generation, sheets


class ImportPreviewed(Message):
    """The dry run of the chosen file (posted from the worker thread)."""

    def __init__(self, generation: int, result):
        super().__init__()
        self.generation, self.result = generation, result


class ImportFailed(Message):
    """The file could not be read as records: a one-line reason, and the option to change."""

    def __init__(self, generation: int, error: str, field: str = ""):
        super().__init__()
        self.generation, self.error, self.field = generation, error, field


# what to do about a refusal, in this dialog's words rather than the command line's
ADVICE = {
    "kind": "Choose the kind of records under Kind.",
    "columns": "Name the missing column under Map columns (Their header=field).",
    "--map": "Fix the Map columns entry: Their header=field; another header=field.",
    "--sheet": "Choose another sheet under Sheet.",
}


class ImportProgress(Message):
    def __init__(self, done: int, total: int):
        super().__init__()
        self.done, self.total = done, total


class ImportFinished(Message):
    def __init__(self, result):
        super().__init__()
        self.result = result


class PathSuggester(Suggester):
    """Completes a typed path with the first folder, .csv or .xlsx file that fits."""

    def __init__(self):
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        if not value:
            return None
        expanded = os.path.expanduser(value)
        folder, prefix = os.path.split(expanded)
        try:
            names = sorted(os.listdir(folder or "."), key=str.casefold)
        except OSError:
            return None
        for name in names:
            if not name.startswith(prefix) or name == prefix or (name.startswith(".") and not prefix.startswith(".")):
                continue
            full = os.path.join(folder, name)
            if os.path.isdir(full):
                return value + name[len(prefix):] + "/"
            if name.lower().endswith(SUFFIXES):
                return value + name[len(prefix):]
        return None


class ImportFileTree(DirectoryTree):
    """Folders and the files amtui can import; hidden files stay hidden."""

    def filter_paths(self, paths):
        return [
            p for p in paths
            if not p.name.startswith(".") and (p.is_dir() or p.suffix.lower() in SUFFIXES)
        ]


def describe(result) -> str:
    """The preview text: first what would happen (or what is wrong), then what was read,
    the kind and each column's field."""
    lines: list[str] = []
    if result.ok:
        lines.append("[b]Would import:[/b] nothing is written until you press ctrl+s")
        lines += [f"  {line}" for line in result.summary()]
    else:
        count = result.error_count
        lines.append(f"[b red]{plural(count, 'problem')}; nothing can be imported:[/b red]")
        lines += [f"  {escape(str(e))}" for e in result.errors[:SHOWN_ERRORS]]
        if count > SHOWN_ERRORS:
            lines.append(f"  … and {count - SHOWN_ERRORS} more (`amtui import --dry-run FILE` lists 50)")
        if result.date_format_needed:
            lines.append("Choose the order of day and month under Dates.")
    lines += [f"[yellow]Note:[/yellow] {escape(n)}" for n in result.notes]
    folder = len(result.files) > 1 or result.path.is_dir()
    if folder:
        lines.append("")
    for report in result.files:
        how = "told from the headers" if report.detected else "as chosen"
        if folder:
            lines.append(f"[b]{escape(report.path.name)}[/b]: {report.kind}, {plural(report.rows, 'row')}")
            continue
        lines.append("")
        lines.append(f"Read [b]{escape(report.path.name)}[/b] ({report.source}): {plural(report.rows, 'row')}; "
                     f"kind [b]{report.kind}[/b] ({how})")
        width = min(max((len(c.header) for c in report.columns), default=0), 30)
        for c in report.columns:
            target = f"→ {c.field}" if c.field else "[dim]ignored[/dim]"
            note = f"  [dim]({escape(c.note)})[/dim]" if c.note else ""
            lines.append(f"  {escape(c.header[:30].ljust(width))}  {target}{note}")
    return "\n".join(lines)


def shows_columns(result) -> bool:
    """describe() lists each column's field (one file, not a folder)."""
    return not (len(result.files) > 1 or result.path.is_dir()) and any(r.columns for r in result.files)


def nothing_to_import(result) -> str:
    """Why ctrl+s can't import what the dry run read ("" when it can)."""
    if result.ok:
        return ""
    count = result.error_count
    these = "the problem" if count == 1 else f"the {count} problems"
    return f"Nothing to import: fix {these} in the file first (listed in the dry run)."


SHORT = 36  # rows: below this the dialog lays itself out tighter (on_resize, `-short` in amtui.tcss)


class ImportDialog(ModalScreen[object]):
    """Dismissed with the ImportResult after an import, or None."""

    BINDINGS = bindings("import")

    def __init__(self, start: Path | str | None = None):
        super().__init__()
        self.start = Path(start).expanduser() if start else Path.cwd()
        self.chosen: Path | None = None
        self.generation = 0  # previews answer in order; only the latest counts
        self.ready = False  # the latest dry run passed
        self.why_not = "Choose a file first."  # what ctrl+s says while it can't import
        self.columns_shown = False  # the dry run lists each column's field
        self.importing = False
        self.sheets_of: Path | None = None  # the workbook whose sheets the Sheet list shows

    def compose(self) -> ComposeResult:
        with Vertical(classes="form import-dialog"):
            yield Label("Import a file", classes="form-title")
            yield Static(
                "An export from Salesforce, HubSpot or Pipedrive, your own sheet (.csv, .xlsx), "
                "or a folder from [b]amtui export book --format csv[/b].",
                classes="form-intro",
            )
            yield Input(placeholder="path to a .csv or .xlsx file (→ completes, enter reads it)",
                        suggester=PathSuggester(), id="import-path")
            yield ImportFileTree(self.start, id="import-tree")
            with Horizontal(id="import-options"):
                yield Select(KINDS, prompt="Kind: from the headers", id="import-kind", compact=True)
                yield Select([("Dates day/month (27/11)", "dmy"), ("Dates month/day (11/27)", "mdy")],
                             prompt="Dates: as the file shows", id="import-dates", compact=True)
                yield Select([], prompt="Sheet: the first", id="import-sheet", compact=True)
            yield Input(placeholder="Map columns: Their header=field; another header=field (enter applies)",
                        id="import-map", compact=True)
            yield Checkbox("Create clients, products and contacts the book doesn't have", value=True,
                           id="import-create")
            with VerticalScroll(id="import-preview-box"):
                yield Static("Choose a file.", id="import-preview")
            yield ProgressBar(id="import-progress", show_eta=False)
            with Horizontal(classes="form-buttons"):
                yield Button("Import (ctrl+s)", id="import-confirm", variant="primary", disabled=True)
                yield Button("Cancel (esc)", id="import-cancel")
        yield KeysFooter()  # the dialog's own keys, over the screen's

    def on_mount(self) -> None:
        self.query_one("#import-sheet").display = False
        self.query_one("#import-progress").display = False
        self.query_one("#import-path", Input).focus()
        box = self.query_one("#import-preview-box")
        box.border_title = "Dry run"
        # a short terminal shows a few lines of it: the border says how many more there are
        for reactive in ("scroll_y", "virtual_size", "size"):
            self.watch(box, reactive, lambda _value: self._show_more_below(), init=False)

    def on_resize(self) -> None:
        # a short terminal (80x24): the dialog takes every row, without its intro, the path
        # field one line high, so the preview and the buttons show under the choices
        short = self.size.height < SHORT
        self.set_class(short, "-short")
        self.query_one("#import-path", Input).compact = short
        # and without the footer: its buttons name their keys (ctrl+s, esc)
        self.query_one(KeysFooter).display = not short
        for button in self.query(".form-buttons Button").results(Button):
            button.compact = short  # one row each: two more lines of the dry run
        self.call_after_refresh(self._show_more_below)

    def _show_more_below(self) -> None:
        """"↓ 14 more lines" under the dry run while some of it is out of sight (the
        columns' fields come last, so at 80x24 they are usually below)."""
        box = self.query_one("#import-preview-box")
        below = round(box.max_scroll_y - box.scroll_y)
        if below <= 0:
            box.border_subtitle = ""
            return
        last = ", the columns' fields last" if self.columns_shown else ""
        box.border_subtitle = f"↓ {plural(below, 'more line')}{last} (↑↓ scroll)"

    def _show_preview(self, text: str, *, columns: bool = False) -> None:
        self.columns_shown = columns
        self.query_one("#import-preview", Static).update(text)
        self.query_one("#import-preview-box").scroll_home(animate=False)
        self.call_after_refresh(self._show_more_below)

    # --- choosing ------------------------------------------------------------------------
    @on(events.DescendantFocus)
    def _show_tree_while_choosing(self, event: events.DescendantFocus) -> None:
        # the tree takes room the preview needs: shown while the rep is choosing a file
        choosing = event.widget.id in ("import-path", "import-tree")
        self.query_one(ImportFileTree).display = choosing or self.chosen is None

    @on(Input.Submitted, "#import-path")
    def _typed(self, event: Input.Submitted) -> None:
        path = Path(event.value.strip()).expanduser()
        if not event.value.strip():
            return
        if path.is_dir() and not any((path / f"{kind}.csv").exists() for _label, kind in KINDS):
            self.query_one(ImportFileTree).path = path  # a folder to look in, not to import
            self.query_one(ImportFileTree).focus()
            return
        self.choose(path)

    @on(DirectoryTree.FileSelected)
    def _picked(self, event: DirectoryTree.FileSelected) -> None:
        self.query_one("#import-path", Input).value = str(event.path)
        self.choose(event.path)

    def choose(self, path: Path) -> None:
        if path != self.chosen:  # another file: what was chosen for the last one goes
            for selector in ("#import-kind", "#import-dates", "#import-sheet"):
                select = self.query_one(selector, Select)
                with select.prevent(Select.Changed):
                    select.clear()
            sheet = self.query_one("#import-sheet", Select)
            with sheet.prevent(Select.Changed):
                sheet.set_options([])
            sheet.display = path.suffix.lower() in (".xlsx", ".xlsm")
            self.query_one("#import-map", Input).value = ""
        self.chosen = path
        self.query_one("#import-preview-box").focus()  # room for the preview; arrows scroll it
        self.preview()

    @on(Select.Changed)
    @on(Checkbox.Changed)
    @on(Input.Submitted, "#import-map")
    def _option_changed(self) -> None:
        if self.chosen is not None and not self.importing:
            self.preview()

    def _options(self) -> dict:
        def value(selector: str):
            picked = self.query_one(selector, Select).value
            return None if picked is Select.NULL else picked

        pairs = [p.strip() for p in self.query_one("#import-map", Input).value.split(";") if p.strip()]
        return {
            "mapping": pairs,
            "kind": value("#import-kind"),
            "date_format": value("#import-dates"),
            "sheet": value("#import-sheet"),
            "create_clients": self.query_one("#import-create", Checkbox).value,
        }

    # --- the dry run ------------------------------------------------------------------------
    def preview(self) -> None:
        self.generation += 1
        self.ready = False
        self.why_not = f"Still reading {printable(self.chosen.name)}: wait for the dry run."
        self.query_one("#import-confirm", Button).disabled = True
        self._show_preview(f"Reading {escape(self.chosen.name)}…")
        self._dry_run(self.generation, self.chosen, self._options())

    @work(thread=True, exclusive=True, group="import-preview")
    def _dry_run(self, generation: int, path: Path, options: dict) -> None:
        # the importers load on first use (~0.1 s; openpyxl ~0.3 s more for a workbook)
        from amtui.core.errors import InvalidInput, NotFound
        from amtui.db import close_book
        from amtui.importers.reading import sheet_names
        from amtui.importers.run import import_file

        try:
            if path.suffix.lower() in (".xlsx", ".xlsm") and path.is_file() and not options["sheet"]:
                self.post_message(SheetsFound(generation, sheet_names(path)))
            result = import_file(path, dry_run=True, **options)
            self.post_message(ImportPreviewed(generation, result))
        except InvalidInput as exc:
            self.post_message(ImportFailed(generation, str(exc), exc.field))
        except NotFound as exc:
            self.post_message(ImportFailed(generation, str(exc)))
        except Exception as exc:  # an unreadable file must not take the app down
            self.post_message(ImportFailed(generation, f"{type(exc).__name__}: {exc}"))
        finally:
            close_book()  # this worker thread's own connection

    @on(SheetsFound)
    def _sheets(self, message: SheetsFound) -> None:
        if message.generation != self.generation or self.sheets_of == self.chosen:
            return  # once per workbook: the rep's choice stays
        self.sheets_of = self.chosen
        sheet = self.query_one("#import-sheet", Select)
        with sheet.prevent(Select.Changed):
            sheet.set_options([(Text(f"Sheet: {printable(name)}"), name) for name in message.sheets])

    @on(ImportPreviewed)
    def _previewed(self, message: ImportPreviewed) -> None:
        if message.generation != self.generation:
            return
        self._show_preview(describe(message.result), columns=shows_columns(message.result))
        self.ready = message.result.ok
        self.why_not = nothing_to_import(message.result)
        self.query_one("#import-confirm", Button).disabled = not self.ready

    @on(ImportFailed)
    def _failed(self, message: ImportFailed) -> None:
        if message.generation != self.generation:
            return
        if self.importing:
            self._unlock()
        advice = ADVICE.get(message.field, "")
        if message.field == "kind" and self.query_one("#import-sheet").display:
            advice = "Choose the sheet that holds the records under Sheet, or their kind under Kind."
        self.why_not = f"Nothing to import: the file can't be read as records. {advice}".rstrip()
        self._show_preview(f"[b red]Can't import this file[/b red]\n{escape(message.error)}\n\n{advice}".rstrip())

    # --- the import -----------------------------------------------------------------------------
    @on(Button.Pressed, "#import-confirm")
    def action_confirm(self) -> None:
        if self.importing:
            return  # under way: the progress bar shows it
        if not self.ready:
            # the button is greyed out; ctrl+s says why rather than nothing at all
            self.notify(self.why_not, title="Not imported", severity="warning", timeout=6, markup=False)
            return
        self.importing = True
        for widget in self.query("Input, Select, Checkbox, Button, DirectoryTree"):
            widget.disabled = True
        self.query_one("#import-progress").display = True
        self._import(self.chosen, self._options())

    @work(thread=True, exclusive=True, group="import-write")
    def _import(self, path: Path, options: dict) -> None:
        from amtui.core.change_labels import imported
        from amtui.core.errors import InvalidInput, NotFound
        from amtui.core.undo import recording
        from amtui.db import close_book
        from amtui.importers.run import import_file

        try:
            # one undoable change, as `amtui import` makes it: ctrl+z takes the whole file back
            with recording(imported([path])):
                result = import_file(path, progress=lambda done, total: self.post_message(ImportProgress(done, total)),
                                     **options)
            self.post_message(ImportFinished(result))
        except (InvalidInput, NotFound) as exc:
            self.post_message(ImportFailed(self.generation, str(exc)))
        except OSError as exc:  # the file: gone, unreadable
            self.post_message(ImportFailed(self.generation, str(exc)))
        except STORAGE_ERRORS as exc:  # the book busy, read-only, full or damaged
            self.post_message(ImportFailed(self.generation, refusal(exc)))
        except Exception as exc:  # a bug in a converter must not take the app down
            self.post_message(ImportFailed(self.generation, f"{type(exc).__name__}: {exc}"))
        finally:
            close_book()  # this worker thread's own connection

    @on(ImportProgress)
    def _progress(self, message: ImportProgress) -> None:
        self.query_one("#import-progress", ProgressBar).update(total=message.total, progress=message.done)

    @on(ImportFinished)
    def _finished(self, message: ImportFinished) -> None:
        result = message.result
        if result.ok:
            self.app.notify("\n".join(result.summary()), title=f"Imported {result.path.name}", timeout=8)
            self.dismiss(result)
            return
        # the book changed since the dry run (another window): show why, allow another go
        self._unlock()
        self._show_preview(describe(result), columns=shows_columns(result))

    def _unlock(self) -> None:
        self.importing = False
        self.ready = False
        self.why_not = "Nothing was imported: see why above, change the file or the choices, then ctrl+s."
        for widget in self.query("Input, Select, Checkbox, Button, DirectoryTree"):
            widget.disabled = False
        self.query_one("#import-confirm", Button).disabled = True
        self.query_one("#import-progress").display = False

    @on(Button.Pressed, "#import-cancel")
    def action_cancel(self) -> None:
        if not self.importing:  # an import under way finishes (it is one transaction)
            self.dismiss(None)
