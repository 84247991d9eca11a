"""Another machine writing to the same book: a connection of its own (not peewee's), or
the `amtui` command in a process of its own."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys

from amtui.config import ServerURL


def elsewhere(book, sql: str, *params) -> None:
    """Run one write on a connection of its own, as a second amtui would."""
    if isinstance(book, ServerURL):
        import psycopg

        with psycopg.connect(book.url, autocommit=True) as conn:
            conn.execute(sql.replace("?", "%s"), params)
        return
    con = sqlite3.connect(book)
    try:
        with con:
            con.execute(sql, params)
    finally:
        con.close()


def amtui_command(book, *args: str) -> subprocess.CompletedProcess:
    """`amtui ARGS --db BOOK` in a process of its own."""
    where = book.url if isinstance(book, ServerURL) else str(book)
    env = {**os.environ, "AMTUI_DB": where}
    return subprocess.run([sys.executable, "-m", "amtui", *args], env=env, capture_output=True,
                          text=True, timeout=60)
