"""The plans SQLite makes for the queries a piece of core sends (EXPLAIN QUERY PLAN)."""

from __future__ import annotations


def plans_of(run) -> list[tuple[str, list[str]]]:
    """(sql, plan lines) of every SELECT `run()` sends to the book."""
    from amtui.models import database

    sent: list[tuple[str, tuple]] = []
    execute = database.obj.execute_sql

    def spy(sql, params=None, *args, **kwargs):
        sent.append((sql, tuple(params or ())))
        return execute(sql, params, *args, **kwargs)

    database.obj.execute_sql = spy
    try:
        run()
    finally:
        del database.obj.execute_sql
    return [(sql, [row[-1] for row in execute(f"EXPLAIN QUERY PLAN {sql}", params)])
            for sql, params in sent if sql.lstrip().upper().startswith("SELECT")]
