"""The workbooks the rep has written, for the Reports screen's list of recent exports."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import NamedTuple

from peewee import OperationalError, fn

from amtui.core import clock
from amtui.core.text import encodable
from amtui.models import ExportRecord, database


class ExportInfo(NamedTuple):
    id: int
    report: str
    period: str
    path: str
    created_at: datetime  # aware UTC
    exists: bool  # the file is still there


def _info(row: ExportRecord) -> ExportInfo:
    return ExportInfo(row.id, row.report, row.period, row.path, row.created_at,
                      Path(row.path).exists())


def record_export(report: str, period: str, path: Path | str) -> ExportInfo | None:
    """Note a workbook just written (its absolute path), in one transaction.

    A read-only book (amtui.db opens one when its file or folder can't be written), a
    busy or a full one can still be exported; it just can't note it: None.  So can a
    path whose bytes aren't UTF-8 (Linux allows them; the book's text can't hold them).
    """
    if getattr(database.obj, "amtui_read_only", False):
        return None
    where = str(Path(path).resolve())
    if encodable(where) != where:
        return None
    try:
        with database.atomic():
            row = ExportRecord.create(
                report=report, period=period or "", path=where,
                created_at=clock.now(),
            )
    except OperationalError:
        # busy, full or read-only: the workbook is written all the same; only the
        # Reports screen's list of recent exports misses it
        return None
    return _info(row)


def recent_exports(limit: int = 20) -> list[ExportInfo]:
    """The latest exports first, each file once (its latest writing)."""
    latest = ExportRecord.select(fn.MAX(ExportRecord.id)).group_by(ExportRecord.path)
    query = (
        ExportRecord.select()
        .where(ExportRecord.id.in_(latest))
        .order_by(ExportRecord.created_at.desc(), ExportRecord.id.desc())
        .limit(limit)
    )
    return [_info(row) for row in query]
