"""Writing files that hold client data: private folders and temp files nobody can hijack.

Backups, workbooks and CSV exports all land the same way: written into a fresh temp file
in the target folder, created by `tempfile.mkstemp` (O_EXCL, a random name, mode 0600),
then moved into place.  A predictable temp name (`.book.db.tmp`) let another local user
plant a symlink there and have amtui overwrite the link's target with client data; a
random name made with O_EXCL can't be planted, and a kill or a full disk leaves the old
file (or nothing), never half a file under the real name.

No amtui imports: every layer (db, reports, importers, cli) may use this module.
"""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PRIVATE_FOLDER = 0o700
PRIVATE_FILE = 0o600
COMPANIONS = ("-journal", "-wal", "-shm")  # what SQLite may create beside a database file


def private_folder(folder: Path | str) -> list[Path]:
    """Create `folder` and any missing parents, each 0700 whatever the umask; returns
    the folders made, outermost first (`remove_folders` takes them away after a failure).

    `Path.mkdir(parents=True, mode=...)` gives the parents the umask's mode (0777 under
    `umask 000`), so each level is made here and chmod-ed after mkdir.  A path through a
    file raises NotADirectoryError naming that file.
    """
    folder = Path(folder)
    missing: list[Path] = []
    probe = folder
    while not os.path.lexists(probe):
        missing.append(probe)
        if probe.parent == probe:
            break
        probe = probe.parent
    if os.path.lexists(probe) and not probe.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, "not a folder", str(probe))
    made = []
    for level in reversed(missing):
        try:
            level.mkdir(mode=PRIVATE_FOLDER)
        except FileExistsError:  # made by someone else meanwhile: fine if a folder
            if not level.is_dir():
                raise
            continue
        made.append(level)
        os.chmod(level, PRIVATE_FOLDER)
    return made


def remove_folders(made: list[Path]) -> None:
    """Take away folders `private_folder` made, innermost first, if still empty."""
    for level in reversed(made):
        try:
            level.rmdir()
        except OSError:
            return


@contextmanager
def temp_beside(dest: Path | str, *, replace: bool = True) -> Iterator[Path]:
    """A new empty 0600 temp file in `dest`'s folder; on success it becomes `dest`.

    Yields the temp path to write; when the block ends without error the file is moved
    over `dest` (`replace=False`: only if `dest` does not exist, via a hard link, which
    fails rather than overwrite).  On any error, or a KeyboardInterrupt, the temp file is
    removed and the error goes on.
    """
    dest = Path(dest)
    fd, name = tempfile.mkstemp(prefix=f".{dest.name[:64]}.", suffix=".tmp", dir=dest.parent)
    tmp = Path(name)
    try:  # from here on, a stop (ctrl+c, `kill`: cli.Stopped) removes the file too
        os.close(fd)
        yield tmp
        os.chmod(tmp, PRIVATE_FILE)  # in case the writer recreated it
        if replace:
            os.replace(tmp, dest)
        else:
            _move_no_clobber(tmp, dest)
    except BaseException:
        # SQLite writers leave -journal / -wal / -shm beside a file: those go too
        for leftover in (tmp, *(tmp.with_name(tmp.name + end) for end in COMPANIONS)):
            leftover.unlink(missing_ok=True)
        raise


def _move_no_clobber(tmp: Path, dest: Path) -> None:
    try:
        os.link(tmp, dest)  # atomic, and refuses an existing dest (FileExistsError)
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links: check, then rename
        if os.path.lexists(dest):
            raise FileExistsError(errno.EEXIST, "already exists", str(dest)) from None
        os.replace(tmp, dest)
        return
    tmp.unlink()


def lock_file_of(document: Path | str) -> Path | None:
    """The lock file another program keeps beside `document` while it has it open, else
    None: LibreOffice's `.~lock.NAME#`, Excel's owner file `~$NAME`.  Replacing a
    workbook Excel holds open fails on Windows; on Linux the program goes on showing
    (and may save back) the old one.  A lock file left by a crash looks the same: only
    the rep can tell, so a refusal names it."""
    document = Path(document)
    for name in (f".~lock.{document.name}#", f"~${document.name}"):
        lock = document.with_name(name)
        if os.path.lexists(lock):
            return lock
    return None
