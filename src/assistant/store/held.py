"""Reading the database file's first bytes without dropping SQLite's locks on it.

POSIX drops every lock a process holds on a file when the process closes any descriptor of
that file. A header read through open() and close() while a Store had the database open dropped
SQLite's locks: another process (`stappenplan projects`, `export`, `chat --plain`) closing its
connection then found the file unused, checkpointed and deleted the -wal and -shm, and every
answer the app saved afterwards went into a deleted file (lost at exit; the database was left
malformed). So while a Store of this process has a database open, its header is read through
one descriptor held open for as long as that lasts, and closed only after the last connection.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

#: (device, inode) -> [descriptor, how many opened stores hold it]
_HELD: dict[tuple[int, int], list[int]] = {}
_LOCK = threading.Lock()


def hold(path: Path, identity: tuple[int, int] | None) -> tuple[int, int] | None:
    """Keep a descriptor of the file at `path` open while a Store's connection to it is; returns
    the key to `release` it by, or None where the file is no longer the one opened (`identity`)."""
    if identity is None:
        return None
    with _LOCK:
        if identity in _HELD:
            _HELD[identity][1] += 1
            return identity
        try:
            fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
        except OSError:
            return None
        st = os.fstat(fd)
        if (st.st_dev, st.st_ino) != identity:
            # replaced since it was opened: closing this descriptor holds no lock of ours
            os.close(fd)
            return None
        _HELD[identity] = [fd, 1]
        return identity


def release(key: tuple[int, int] | None) -> None:
    """Let go of a `hold`; the descriptor is closed once no store holds it. Call only after the
    store's connections to the file are closed: closing it drops this process's locks."""
    if key is None:
        return
    with _LOCK:
        held = _HELD.get(key)
        if held is None:
            return
        held[1] -= 1
        if held[1] <= 0:
            del _HELD[key]
            os.close(held[0])


def read_start(path: Path, size: int, identity: tuple[int, int] | None = None) -> bytes:
    """The first `size` bytes of the file at `path` (whose device and inode are `identity`, where
    the caller has just looked: None, looked up here): through the held descriptor where a store
    of this process has it open (closing another descriptor would drop SQLite's locks), else
    through one opened for the read. Raises OSError."""
    if identity is None:
        st = os.stat(path)
        identity = (st.st_dev, st.st_ino)
    with _LOCK:
        held = _HELD.get(identity)
        if held is not None:
            return os.pread(held[0], size, 0)
    with open(path, "rb") as fh:
        return fh.read(size)
