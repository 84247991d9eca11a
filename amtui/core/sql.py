"""SQL that differs between SQLite and PostgreSQL, chosen by the open book's engine.

Each helper returns a peewee expression with the same result on both engines; core
modules call these instead of an engine's own function (`instr`, `julianday`,
`date(x, 'localtime')`).
"""

from __future__ import annotations

import os
import re
from datetime import date
from functools import cache
from pathlib import Path

from peewee import OP, SQL, Cast, Expression, NodeList, PostgresqlDatabase, Value, fn

from amtui.models import database


def on_postgres() -> bool:
    return isinstance(database.obj, PostgresqlDatabase)


def raw(text: str, params: tuple | list = ()):
    """Run hand-written SQL that marks its parameters `?` (SQLite's style) on either engine:
    psycopg's are `%s`.  For the few reads and writes where peewee's row building cost too
    much; the SQL itself must be standard (a subquery in FROM named, CAST, no PRAGMA)."""
    return database.execute_sql(text.replace("?", "%s") if on_postgres() else text, params)


def raw_many(text: str, rows: list[tuple]) -> None:
    """executemany for hand-written SQL with `?` parameters, on either engine."""
    cursor = database.cursor()
    cursor.executemany(text.replace("?", "%s") if on_postgres() else text, rows)


def iso_date(value) -> date | None:
    """A date column read raw: SQLite gives ISO text, PostgreSQL a date."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value)


def local_date(stamp):
    """The local calendar day of a stored UTC timestamp (text `YYYY-MM-DD HH:MM:SS`), in
    the process's time zone, as Python's `clock.local` gives it.  SQLite's 'localtime' is
    that zone already; PostgreSQL gets the zone's name (its own session zone is the
    server's, not ours)."""
    if not on_postgres():
        return fn.date(stamp, "localtime")
    return fn.date(NodeList(
        (Cast(stamp, "timestamp"), SQL("AT TIME ZONE 'UTC' AT TIME ZONE"), Value(local_zone())),
        parens=True,
    ))


def as_date(value):
    """A stored date (or date text) as a date the engine can subtract."""
    return fn.date(value)


def days_from(since, today: date):
    """Whole days from the date expression `since` to `today` (negative if later)."""
    if not on_postgres():
        return (fn.julianday(today.isoformat()) - fn.julianday(since)).cast("INTEGER")
    return Value(today.isoformat()).cast("date") - since


def position(haystack, needle: str):
    """1-based position of `needle` in `haystack`, 0 if absent; no LIKE wildcards."""
    return fn.strpos(haystack, needle) if on_postgres() else fn.instr(haystack, needle)


def holds(text, words: str):
    """`text` (a column) holding `words`, already casefolded, in any case, as a C
    comparison on the row's own text (`instr(lower(text), …)` made a lowered copy of
    every row first): `ILIKE` on PostgreSQL; on SQLite `LIKE`, which folds ASCII only,
    or for words beyond ASCII `GLOB` with each letter in both cases (`*[éÉ][mM]…*`), so
    `émile` finds "Émile" (lower() left the É, and it never did); and words in ASCII
    find a name with accents too ("renee", "Renée").  A server book compares as its
    locale does (`ILIKE`)."""
    if on_postgres():
        return _like(text, words)
    if words.isascii():
        # "renee" finds "Renée" too: a row holding a letter beyond ASCII (few) is also
        # read with each letter's accented forms (`*[rRŕŔřŘ][eEéÉèÈ…]…*`)
        if not any(c.isalpha() for c in words):
            return _like(text, words)
        accented = Expression(text, "GLOB", Value("*" + "".join(map(_any_accent, words)) + "*"))
        return _like(text, words) | (_beyond_ascii(text) & accented)
    glob = Expression(text, "GLOB", Value("*" + "".join(map(_either_case, words)) + "*"))
    # the GLOB, slower, only on the rows holding the longest ASCII part ("mile")
    part = max(re.findall(r"[\x00-\x7f]+", words), key=len, default="")
    return (_like(text, part) & glob) if part.strip() else glob


def _like(text, words: str):
    escaped = re.sub(r"([\\%_])", r"\\\1", words)
    return Expression(text, OP.ILIKE, NodeList((Value(f"%{escaped}%"), SQL("ESCAPE '\\'"))))


def _beyond_ascii(text):
    """Whether the text holds a character beyond ASCII: more bytes than characters (two
    lengths SQLite has at hand, where a GLOB for one such character read every name)."""
    return fn.length(text) != fn.length(text.cast("BLOB"))


@cache
def _accents() -> dict[str, str]:
    """Each ASCII letter's forms with an accent (Latin-1 and Latin Extended-A and -B, both
    cases): "e" -> "èéêëēĕėęěȅȇȩÈÉÊËĒĔĖĘĚȄȆȨ"."""
    import unicodedata

    forms: dict[str, set[str]] = {}
    for code in range(0xC0, 0x250):
        char = chr(code)
        base = unicodedata.normalize("NFKD", char)[0]
        if base != char and base.isascii() and base.isalpha():
            forms.setdefault(base.lower(), set()).add(char)
    return {letter: "".join(sorted(chars)) for letter, chars in forms.items()}


def _any_accent(char: str) -> str:
    """A GLOB pattern for an ASCII character in any case and with any accent: `[eEéÉ…]`."""
    if not char.isalpha():
        return _either_case(char)
    return f"[{char.lower()}{char.upper()}{_accents().get(char.lower(), '')}]"


def _either_case(char: str) -> str:
    """A GLOB pattern for one character in any case: `[eE]`, `[éÉ]`, `[*]`, `1`."""
    if char in "*?[":
        return f"[{char}]"
    forms = sorted({f for f in (char, char.lower(), char.upper(), char.title()) if len(f) == 1})
    return f"[{''.join(forms)}]" if len(forms) > 1 else char


@cache
def _zone_from_system() -> str:
    try:
        target = str(Path("/etc/localtime").resolve())
        if "zoneinfo/" in target:
            return target.split("zoneinfo/", 1)[1].removeprefix("posix/")
    except OSError:
        pass
    try:
        return Path("/etc/timezone").read_text().strip() or "UTC"
    except OSError:
        return "UTC"


def local_zone() -> str:
    """The process's time zone as a name PostgreSQL knows (the IANA names both use): $TZ,
    read on every call as time.tzset() would, else the system's /etc/localtime zone."""
    return os.environ.get("TZ", "").removeprefix(":") or _zone_from_system()


# --- undo (core.undo): how a change is marked as being recorded, and a row put back ---
UNDO_SETTING = "amtui.undo_action"  # read by amtui/pg_schema.py's trigger function


def mark_recording(action_id: int | None) -> None:
    """PostgreSQL's undo triggers note rows for the change named by a transaction-local
    setting; SQLite's (TEMP, per connection) look for the open UndoAction row instead."""
    if on_postgres():
        database.execute_sql("SELECT set_config(%s, %s, true)",
                             (UNDO_SETTING, "" if action_id is None else str(action_id)))


def defer_foreign_keys() -> None:
    """Until the undo's transaction commits: a deleted client may come back after its
    contacts (a server book's foreign keys are DEFERRABLE for this: amtui/pg_schema.py)."""
    database.execute_sql("SET CONSTRAINTS ALL DEFERRED" if on_postgres()
                         else "PRAGMA defer_foreign_keys = ON")


def put_back(table: str, key: str, rowid: int, kind: str, old: dict | None, old_text: str | None):
    """Undo one noted row: delete an inserted one, write an updated or deleted one's old
    columns back.  SQLite finds it by rowid; PostgreSQL by its key column `key` (the id,
    or a text key inside the image) and rebuilds the row with jsonb_populate_record."""
    quoted = f'"{table}"'
    if not on_postgres():
        _put_back_sqlite(quoted, rowid, kind, old)
        return
    key_value = rowid if key == "id" else (old or {}).get(key)
    if kind == "insert":
        database.execute_sql(f'DELETE FROM {quoted} WHERE "{key}" = %s', (key_value,))
        return
    assert old is not None
    cols = ", ".join(f'"{c}"' for c in old)
    record = f"jsonb_populate_record(NULL::{quoted}, %s::jsonb)"
    if kind == "update":
        database.execute_sql(f'UPDATE {quoted} SET ({cols}) = (SELECT {cols} FROM {record}) '
                             f'WHERE "{key}" = %s', (old_text, key_value))
    else:
        database.execute_sql(f"INSERT INTO {quoted} ({cols}) SELECT {cols} FROM {record}",
                             (old_text,))


def delete_rows(table: str, key: str, rowids: list[int]) -> bool:
    """Undo many noted inserts into `table` at once: their rows deleted by number, a few
    hundred a statement (an import of 50,000 rows undone row by row took 5.7 s of
    statements, 1.9 s this way; the table's triggers still run for each row).  False,
    doing nothing, where rows aren't found by number (a server book's text-keyed table):
    `put_back` then deletes them one by one."""
    if on_postgres() and key != "id":
        return False
    found_by = "rowid" if not on_postgres() else '"id"'
    mark = "?" if not on_postgres() else "%s"
    for start in range(0, len(rowids), DELETE_CHUNK):
        chunk = rowids[start:start + DELETE_CHUNK]
        database.execute_sql(f'DELETE FROM "{table}" WHERE {found_by} IN ({", ".join([mark] * len(chunk))})',
                             chunk)
    return True


DELETE_CHUNK = 900  # numbers per IN (...): under SQLite's old 999-parameter limit


def row_taken(table: str, key: str, rowid: int, old: dict | None) -> bool:
    """Whether a deleted row's key is held by a row now (SQLite gives the highest id again
    once its row is deleted, so a record added by a write undo does not note can take it)."""
    if not on_postgres():
        found = database.execute_sql(f'SELECT 1 FROM "{table}" WHERE rowid = ?', (rowid,))
    else:
        key_value = rowid if key == "id" else (old or {}).get(key)
        found = database.execute_sql(f'SELECT 1 FROM "{table}" WHERE "{key}" = %s', (key_value,))
    return found.fetchone() is not None


def _found_by_row(table: str) -> str:
    """How a noted row (`undo_row`) finds its row in `table`: SQLite by rowid, a server
    book by id (its undo notes only an id-keyed table's rows by number)."""
    return f'"{table}".rowid' if not on_postgres() else f'"{table}".id'


def note_after_versions(action_id: int, table: str) -> None:
    """Note, as a change commits, the version each row of `table` it inserted or updated
    has now (`undo_row.after_version`)."""
    raw(f'UPDATE undo_row SET after_version = (SELECT version FROM "{table}" '
        f'WHERE {_found_by_row(table)} = undo_row."row") '
        "WHERE action_id = ? AND tbl = ? AND kind <> 'delete'", (action_id, table))


def changed_since(action_id: int, table: str) -> int | None:
    """A row of `table` the change wrote that another write changed or deleted since
    (its version is not the one noted as the change committed), or None."""
    found = raw(f'SELECT undo_row."row" FROM undo_row LEFT JOIN "{table}" '
                f'ON {_found_by_row(table)} = undo_row."row" '
                "WHERE undo_row.action_id = ? AND undo_row.tbl = ? "
                "AND undo_row.after_version IS NOT NULL "
                f'AND ("{table}".version IS NULL OR "{table}".version <> undo_row.after_version) '
                "LIMIT 1", (action_id, table)).fetchone()
    return found[0] if found else None


def hand_on_versions(action_id: int, table: str, before: dict[int, int]) -> None:
    """After an undo put rows of `table` back: an earlier change that left a row at the
    version this one found (`before`, row -> version) now expects the version the undo
    gave it, so undoing that change next is not mistaken for a write over a later one."""
    raw_many(f'UPDATE undo_row SET after_version = (SELECT version FROM "{table}" '
             f'WHERE {_found_by_row(table)} = ?) '
             'WHERE tbl = ? AND "row" = ? AND after_version = ? AND action_id < ?',
             [(row, table, row, version, action_id) for row, version in before.items()])


def _put_back_sqlite(quoted: str, rowid: int, kind: str, old: dict | None) -> None:
    if kind == "insert":
        database.execute_sql(f"DELETE FROM {quoted} WHERE rowid = ?", (rowid,))
        return
    assert old is not None
    names = list(old)
    cols = ", ".join(f'"{c}"' for c in names)
    values = [old[c] for c in names]
    if kind == "update":
        sets = ", ".join(f'"{c}" = ?' for c in names)
        database.execute_sql(f"UPDATE {quoted} SET {sets} WHERE rowid = ?", (*values, rowid))
    else:  # deleted: back with its own rowid, so rows that pointed at it find it again
        marks = ", ".join("?" for _ in names)
        database.execute_sql(f"INSERT INTO {quoted} (rowid, {cols}) VALUES (?, {marks})",
                             (rowid, *values))


# --- text search (core.search): the words as the index's query, once a search, then the ids
# of each kind of record whose text holds every word as a word prefix ---
def _tokens(words: list[str]) -> list[str]:
    # the words' own words (letters and digits: "o'neil" is "o" and "neil", as both
    # engines' tokenizers cut the text), each a prefix; FTS5 without positions can't
    # match a phrase, and neither engine then reads the rep's text as query syntax
    return [t for w in words for t in re.findall(r"[^\W_]+", w)]


TEXT_NEWEST = 200  # matches of a kind a search reads at most: the latest written
PREFIX_INDEXED = 4  # the text index keeps its words' 1-4 letter prefixes (undo_schema)
MOST_WORDS = 30  # a longer word's prefix read as at most this many whole words


def text_match(words: list[str]) -> str | None:
    """What the text index is asked, for text_ids: every word, each a prefix; None when no
    word is left, "" when a word begins no word of the book (nothing matches)."""
    tokens = _tokens(words)
    if not tokens:
        return None
    if on_postgres():
        return " & ".join(f"'{t}':*" for t in tokens)
    return _fts_match(tokens)


def _fts_match(tokens: list[str]) -> str:
    """A word of 1-4 letters is a prefix its own index holds.  A longer one (ASCII, which
    the tokenizer only lowers) is the book's words it begins, from the index's word list:
    FTS5 reads each word's list newest first and stops at a kind's share, where a prefix
    past the prefix indexes meant merging every matching word's whole list first, for
    each kind ("pacing": 20 ms a kind on a 20,000-client book).  One read of the word
    list for all the long words; a prefix that begins too many words stays a prefix."""
    long = sorted({t.lower() for t in tokens if len(t) > PREFIX_INDEXED and t.isascii()})
    begun: dict[str, list[str]] = {t: [] for t in long}
    if long:
        query = " UNION ALL ".join(
            "SELECT ?, term FROM book_words WHERE term >= ? AND term <= ?" for _ in long)
        params = [p for t in long for p in (t, t, t + "\U0010ffff")]
        for token, term in database.execute_sql(query, params):
            begun[token].append(term)
    parts = []
    for token in tokens:
        terms = begun.get(token.lower()) if token.isascii() else None
        if terms == []:
            return ""
        if terms is None or len(terms) > MOST_WORDS:
            parts.append(f'"{token}"*')
        else:
            parts.append("(" + " OR ".join(f'"{t}"' for t in terms) + ")")
    return " AND ".join(parts)


def text_ids(match: str, code: int):
    """A subquery: the ids of kind `code`'s records the text index finds for `match`
    (text_match's), the TEXT_NEWEST written last, for `Model.id.in_(...)`.  The caller
    orders them by the record's own date and limits them, in the same query.  Bounded:
    "call" matches some 300,000 interactions of a 20,000-client book, and ordering them
    all by date took 0.7 s a keystroke (the index walks its matches latest first, within
    the kind's range of keys, and stops)."""
    newest = TEXT_NEWEST
    if not on_postgres():
        from amtui.undo_schema import KIND_SPAN

        return SQL("(SELECT rowid - ? FROM book_text WHERE book_text MATCH ? AND rowid >= ? "
                   "AND rowid < ? ORDER BY rowid DESC LIMIT ?)",
                   (code * KIND_SPAN, match, code * KIND_SPAN, (code + 1) * KIND_SPAN, newest))
    from amtui import pg_schema

    return SQL(f"(SELECT id / 4 FROM {pg_schema.TEXT_TABLE} WHERE body @@ to_tsquery('simple', "
               f"{pg_schema.fold('%s')}) AND id %% 4 = %s ORDER BY id DESC LIMIT %s)",
               (match, code, newest))
