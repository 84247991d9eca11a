"""Wait for a file to change, or a process to end, without polling: Linux inotify (through
ctypes: no dependency) and a pidfd, both waited on with select.  A test that must act
at a point in another process's writes (kill it once its WAL holds N bytes) wakes on
each write instead of sleeping a fixed time and checking again."""

from __future__ import annotations

import ctypes
import os
import select
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

IN_MODIFY, IN_CREATE = 0x2, 0x100


def _inotify_watch(folder: Path) -> int:
    libc = ctypes.CDLL(None, use_errno=True)
    fd = libc.inotify_init1(os.O_NONBLOCK | os.O_CLOEXEC)
    if fd < 0 or libc.inotify_add_watch(fd, os.fsencode(folder), IN_MODIFY | IN_CREATE) < 0:
        err = ctypes.get_errno()
        if fd >= 0:
            os.close(fd)
        raise OSError(err, f"inotify on {folder}: {os.strerror(err)}")
    return fd


def wait_for_file(path: Path, ready: Callable[[Path], bool], proc: subprocess.Popen,
                  timeout: float = 60) -> bool:
    """Block until `ready(path)` holds (True), or `proc` exits or `timeout` seconds pass
    (False).  Woken by each creation or write in the file's folder and by the process's
    exit; `ready` is checked after the watch is set, so no write is missed."""
    watch = _inotify_watch(path.parent)
    exited = os.pidfd_open(proc.pid)
    try:
        deadline = time.monotonic() + timeout
        while True:
            if ready(path):
                return True
            left = deadline - time.monotonic()
            if proc.poll() is not None or left <= 0:
                return False
            readable, _, _ = select.select([watch, exited], [], [], left)
            if watch in readable:
                while True:  # drain the queued events; the next write queues a new one
                    try:
                        os.read(watch, 65536)
                    except BlockingIOError:
                        break
    finally:
        os.close(watch)
        os.close(exited)
