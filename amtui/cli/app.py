"""Launching the TUI, on the rep's book or (with --demo) on a throwaway demo book."""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

from amtui.cli.common import CliError, book_path, open_book


def run_app(args: argparse.Namespace) -> int:
    if args.demo:
        if getattr(args, "db", None):
            raise CliError("--demo opens a throwaway demo book; leave out --db "
                           "(or use `amtui demo --db PATH` to write one into a file)")
        # a private temp folder (0700): the rep's own book is never opened
        folder = Path(tempfile.mkdtemp(prefix="amtui-demo-"))
        try:
            path = folder / "demo.db"
            from amtui import db, demo

            db.open_book(path)
            demo.build_demo_book()
            return _run(path)
        finally:
            from amtui import db

            db.close_book()
            shutil.rmtree(folder, ignore_errors=True)
    open_book(args)  # refuse a foreign or newer file before Textual starts
    return _run(book_path(args))


def _run(path: Path) -> int:
    # Textual costs ~0.4 s to import: only the TUI path pays for it.
    from amtui.tui.app import AmtuiApp

    AmtuiApp(db_path=path).run()
    return 0
