"""The book as CSV files, one per kind, that `amtui import DIR` reads back exactly.

Headers are the canonical field names (kinds.py); money is a plain decimal (`1234.50`),
dates ISO (`2026-11-27`), timestamps ISO UTC (`2026-11-27T14:30:00Z`), yes/no for flags.
Records point at each other by name (a deal's client, a follow-up's deal), as the rep
would write them.  Rows are sorted by what they say, never by database ids, so export ->
import into an empty book -> export gives byte-identical files.

Files are UTF-8 with a BOM (so Excel shows accents right), mode 0600 (client data), each
written to a temp file in the same folder and moved into place.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

from amtui.importers.kinds import KINDS
from amtui.models import (
    Client,
    Commitment,
    Contact,
    FollowUp,
    Holding,
    Interaction,
    Opportunity,
    Product,
    Quota,
    ServiceIssue,
    Stage,
)


def cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _names(model, column="name") -> dict[int, str]:
    return dict(model.select(model.id, getattr(model, column)).tuples())


class _Names:
    """id -> name lookups, loaded once, for the columns that point at other records."""

    def __init__(self):
        self.client = _names(Client)
        self.contact = _names(Contact)
        self.product = _names(Product)
        self.stage = _names(Stage)
        self.deal = _names(Opportunity, "title")
        self.issue = _names(ServiceIssue, "title")


def _rows(model, fields: list[str], refs: dict[str, Callable[[dict], str]]) -> Iterable[list[str]]:
    for record in model.select().dicts():
        yield [refs[f](record) if f in refs else cell(record[f]) for f in fields]


def _ref(lookup: dict[int, str], column: str) -> Callable[[dict], str]:
    return lambda record: lookup.get(record[column], "") if record[column] is not None else ""


def book_rows(kind: str, names: _Names | None = None) -> list[list[str]]:
    """One kind's rows as text, sorted by their content."""
    names = names or _Names()
    fields = KINDS[kind].exported
    client = _ref(names.client, "client")
    contact = _ref(names.contact, "contact")
    sources = {
        "clients": (Client, {}),
        "contacts": (Contact, {"client": client}),
        "products": (Product, {}),
        "holdings": (Holding, {"client": client, "product": _ref(names.product, "product")}),
        "opportunities": (Opportunity, {
            "client": client, "stage": _ref(names.stage, "stage"), "product": _ref(names.product, "product"),
        }),
        "interactions": (Interaction, {"client": client, "contact": contact}),
        "followups": (FollowUp, {
            "client": client, "contact": contact, "deal": _ref(names.deal, "opportunity"),
            "issue": _ref(names.issue, "service_issue"),
        }),
        "issues": (ServiceIssue, {"client": client, "contact": contact}),
        "quotas": (Quota, {}),
        "commitments": (Commitment, {"client": client}),
    }
    model, refs = sources[kind]
    rows = list(_rows(model, fields, refs))
    rows.sort(key=lambda row: ([v.casefold() for v in row], row))
    return rows


def _write_atomically(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    fd = os.open(tmp, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8-sig", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def export_book_csv(directory: Path | str) -> list[Path]:
    """Write clients.csv, products.csv, contacts.csv ... into `directory` (created if
    needed); returns the paths in import order."""
    directory = Path(directory).expanduser()
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    names = _Names()
    paths = []
    for kind in KINDS:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(KINDS[kind].exported)
        writer.writerows(book_rows(kind, names))
        path = directory / f"{kind}.csv"
        _write_atomically(path, buffer.getvalue())
        paths.append(path)
    return paths
