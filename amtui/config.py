"""Where the book lives and the rep's config file.

The database is chosen, in order, by `--db PATH`, the `AMTUI_DB` environment variable,
or `book.db` in the platform's user data dir (e.g. ~/.local/share/amtui/book.db).
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

APP_NAME = "amtui"


def data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP_NAME, appauthor=False))


def database_path(cli_value: str | None = None) -> Path:
    chosen = cli_value or os.environ.get("AMTUI_DB")
    if chosen:
        return Path(chosen).expanduser()
    return data_dir() / "book.db"


def config_file() -> Path:
    return Path(os.environ.get("AMTUI_CONFIG") or config_dir() / "config.toml")


def load_config() -> dict:
    """The rep's config.toml (key remaps live under [keys]); missing file is an empty config."""
    path = config_file()
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        return {}
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: {exc}") from exc


class ConfigError(Exception):
    pass
