"""Shared fixtures: a temp-file book (thread workers need a real file) and a frozen today."""

from __future__ import annotations

from datetime import date

import pytest

from amtui import db

TODAY = date(2026, 11, 27)  # a Friday; every date-dependent test counts from here


@pytest.fixture
def frozen_today(monkeypatch):
    monkeypatch.setenv("AMTUI_TODAY", TODAY.isoformat())
    return TODAY


@pytest.fixture
def book_path(tmp_path, monkeypatch, frozen_today):
    """An empty, open book in a temp file; also the default for CLI commands."""
    path = tmp_path / "book.db"
    monkeypatch.setenv("AMTUI_DB", str(path))
    monkeypatch.setenv("AMTUI_CONFIG", str(tmp_path / "config.toml"))
    db.open_book(path)
    yield path
    db.close_book()


@pytest.fixture
def demo_book(book_path):
    """The demo book (seed 7) in a temp file, dated from the frozen today."""
    from amtui import demo

    demo.build_demo_book()
    return book_path
