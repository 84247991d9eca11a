"""Where the book lives and the rep's config file.

The database is chosen, in order, by `--db PATH|URL`, the `AMTUI_DB` environment variable,
`url` under `[book]` in config.toml, or `book.db` in the platform's user data dir (e.g.
~/.local/share/amtui/book.db).  A `postgresql://user@host:port/dbname` URL names a book on
a PostgreSQL server; its password comes from ~/.pgpass or PGPASSWORD, never from amtui.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

APP_NAME = "amtui"


def data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP_NAME, appauthor=False))


URL_SCHEMES = ("postgresql://", "postgres://")


class ServerURL:
    """A book on a PostgreSQL server.  `str()` is the URL with any password masked, so the
    URL can go into any message; `url` is the real one, for the driver only."""

    def __init__(self, url: str):
        self.url = url

    def __str__(self) -> str:
        return mask_url(self.url)

    def __repr__(self) -> str:
        return f"ServerURL({str(self)!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ServerURL) and other.url == self.url

    def __hash__(self) -> int:
        return hash(self.url)

    @property
    def has_password(self) -> bool:
        return urlsplit(self.url).password is not None


def is_url(text: str) -> bool:
    return text.strip().lower().startswith(URL_SCHEMES)


def mask_url(text: str) -> str:
    """The URL with its password (if any) replaced by ***."""
    try:
        parts = urlsplit(text)
        if parts.password is None:
            return text
        host = parts.hostname or ""
        if ":" in host:  # IPv6
            host = f"[{host}]"
        netloc = f"{parts.username or ''}:***@{host}" + (f":{parts.port}" if parts.port else "")
        return urlunsplit(parts._replace(netloc=netloc))
    except ValueError:  # unparseable (a bad port): hide everything between // and @
        head, sep, tail = text.partition("@")
        return f"{head.split('//', 1)[0]}//***@{tail}" if sep else text


def book_location(cli_value: str | None = None) -> Path | ServerURL:
    """The book file, or the server book when the choice is a postgresql:// URL."""
    chosen = cli_value or os.environ.get("AMTUI_DB") or _configured_url()
    if chosen:
        return ServerURL(chosen.strip()) if is_url(chosen) else Path(chosen).expanduser()
    return data_dir() / "book.db"


def _configured_url() -> str | None:
    """`url` under `[book]` in config.toml.  A config.toml that can't be read is refused
    (ConfigError): it may name the rep's server book, and opening the default file in its
    place would show an empty book, or take the rep's records, as if the server's were gone."""
    try:
        book = load_config().get("book", {})
    except ConfigError as exc:
        raise ConfigError(f"{exc}; amtui can't tell which book to open: fix it, or name "
                          "the book with --db (or AMTUI_DB)") from None
    value = book.get("url") if isinstance(book, dict) else None
    return value if isinstance(value, str) and value.strip() else None


def database_path(cli_value: str | None = None) -> Path:
    """The book file (a server URL is refused: callers that handle one use book_location)."""
    location = book_location(cli_value)
    if isinstance(location, ServerURL):
        raise ConfigError(f"{location} is a PostgreSQL book; this needs a book file")
    return location


def config_file() -> Path:
    return Path(os.environ.get("AMTUI_CONFIG") or config_dir() / "config.toml")


def load_config() -> dict:
    """The rep's config.toml (key remaps live under [keys]); missing file is an empty config."""
    path = config_file()
    if not path.exists():
        return {}
    # imported only when there is a file to read: compiling its patterns costs 16 ms of
    # CPU, more than a small command's own work
    import tomllib

    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        return {}
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: {exc}") from exc


class ConfigError(Exception):
    pass
