"""peewee without the PostgreSQL driver until a server book needs it (issue 14).

peewee imports psycopg (and psycopg2) as its module loads, whatever the book: about
0.25 s of CPU on every command, export and app start where the driver is installed.
`hide_server_drivers()` (amtui/__init__.py calls it) makes the import of peewee see no
driver; `load_server_driver()` (pgbook.make_database, before a postgresql:// book is
opened) imports psycopg then and hands it to peewee, as peewee would have taken it.
A driver imported before peewee is left as it is; peewee then has it as always.
"""

from __future__ import annotations

import importlib.machinery
import sys
from types import ModuleType

# what peewee's module tries to import; amtui speaks to the server through psycopg (3) only
HIDDEN = ("psycopg2cffi", "psycopg2", "psycopg")


# plain classes, not importlib.abc's (importing that costs more than it would save here)
class _HidingLoader:
    """peewee's own loader, run with the drivers not yet imported made unimportable."""

    def __init__(self, loader) -> None:
        self._loader = loader

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        return self._loader.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        hidden = [name for name in HIDDEN if name not in sys.modules]
        for name in hidden:
            sys.modules[name] = None  # type: ignore[assignment]  # "import psycopg" raises ImportError
        try:
            self._loader.exec_module(module)
        finally:
            for name in hidden:
                if sys.modules.get(name, ModuleType) is None:
                    del sys.modules[name]

    def __getattr__(self, name: str):  # get_source, get_filename, ... as peewee's loader
        return getattr(self._loader, name)


class _PeeweeFinder:
    def find_spec(self, fullname, path=None, target=None):
        if fullname != "peewee":
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is not None and spec.loader is not None:
            spec.loader = _HidingLoader(spec.loader)
        return spec


def hide_server_drivers() -> None:
    """From now on, peewee (if not imported yet) loads without a PostgreSQL driver."""
    if "peewee" not in sys.modules and not any(isinstance(f, _PeeweeFinder) for f in sys.meta_path):
        sys.meta_path.insert(0, _PeeweeFinder())


def load_server_driver() -> None:
    """Give peewee psycopg, if it was loaded without it (ImportError if not installed)."""
    import peewee

    if peewee.psycopg is not None:
        return
    import psycopg
    from psycopg.pq import TransactionStatus
    from psycopg.types.json import Json, Jsonb

    # what peewee's module sets when it finds psycopg at import
    peewee.psycopg, peewee.TransactionStatus = psycopg, TransactionStatus
    peewee.Json_pg3, peewee.Jsonb_pg3 = Json, Jsonb
    adapter = peewee.Psycopg3Adapter
    adapter.txn_idle = TransactionStatus.IDLE
    adapter.txn_inerror = TransactionStatus.INERROR
    adapter.txn_unknown = TransactionStatus.UNKNOWN
