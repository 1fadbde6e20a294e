"""Writing a file so that it is either completely there or not changed at all.

The bytes go to a temporary file in the same folder, are flushed to disk (fsync), and the
temporary file is renamed over the target with :func:`os.replace` (atomic on POSIX and on
Windows within one volume). On any failure the temporary file is removed and the old file,
if there was one, stays exactly as it was.
"""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

from assistant.export.errors import ExportError


def _describe(exc: OSError, path: Path) -> tuple[str, str]:
    code = exc.errno
    if code == errno.ENOSPC or code == getattr(errno, "EDQUOT", -1):
        return (f"De schijf is vol: {path} kon niet worden geschreven.",
                f"The disk is full: {path} could not be written.")
    if code in (errno.EACCES, errno.EPERM):
        return (f"Geen schrijfrechten voor {path}.", f"No permission to write {path}.")
    if code == errno.EROFS:
        return (f"{path} staat op een alleen-lezen schijf.", f"{path} is on a read-only file system.")
    if code in (errno.ENOENT, errno.ENOTDIR):
        return (f"De map {path.parent} bestaat niet.", f"The folder {path.parent} does not exist.")
    if code == errno.ENAMETOOLONG:
        return (f"De bestandsnaam is te lang: {path}.", f"The file name is too long: {path}.")
    reason = exc.strerror or exc.__class__.__name__
    return (f"{path} kon niet worden geschreven ({reason}).", f"{path} could not be written ({reason}).")


def check_target(path: str | os.PathLike) -> Path:
    """Check that ``path`` can be a file we write; returns it expanded. Raises ExportError."""
    target = Path(path).expanduser()
    if not str(path).strip():
        raise ExportError("Geen bestandsnaam opgegeven.", "No file name given.", path=target)
    folder = target.parent
    if not folder.exists():
        # Distinguish "a file sits where a folder should be" from "nothing there".
        for ancestor in folder.parents:
            if ancestor.exists():
                if not ancestor.is_dir():
                    raise ExportError(
                        f"Kan {target} niet schrijven: {ancestor} is een bestand, geen map.",
                        f"Cannot write {target}: {ancestor} is a file, not a folder.", path=target)
                break
        raise ExportError(f"De map {folder} bestaat niet; maak hem eerst aan of kies een andere plek.",
                          f"The folder {folder} does not exist; create it first or choose another place.",
                          path=target)
    if not folder.is_dir():
        raise ExportError(f"Kan {target} niet schrijven: {folder} is een bestand, geen map.",
                          f"Cannot write {target}: {folder} is a file, not a folder.", path=target)
    if target.is_dir():
        raise ExportError(f"{target} is een map; geef een bestandsnaam op.",
                          f"{target} is a folder; give a file name.", path=target)
    return target


def atomic_write_bytes(path: str | os.PathLike, data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically. Raises :class:`ExportError` naming the path."""
    target = check_target(path)
    folder = target.parent
    try:
        old_mode = target.stat().st_mode & 0o7777 if target.exists() else None
    except OSError:
        old_mode = None
    try:
        fd, tmp_name = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        nl, en = _describe(exc, target)
        raise ExportError(nl, en, path=target) from exc
    tmp = Path(tmp_name)
    try:
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        if old_mode is not None:
            mode = old_mode
        else:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        try:
            os.chmod(tmp, mode)
        except OSError:
            pass
        os.replace(tmp, target)
    except OSError as exc:
        try:
            tmp.unlink()
        except OSError:
            pass
        nl, en = _describe(exc, target)
        raise ExportError(nl, en, path=target) from exc
    except BaseException:
        try:
            tmp.unlink()
        except OSError:
            pass
        raise
    _fsync_dir(folder)
    return target


def atomic_write_text(path: str | os.PathLike, text: str) -> Path:
    """Write ``text`` as UTF-8 (newlines as given) atomically."""
    return atomic_write_bytes(path, text.encode("utf-8"))


def _fsync_dir(folder: Path) -> None:
    """Make the rename durable (best effort; not possible on every platform)."""
    try:
        dfd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dfd)
    except OSError:
        pass
    finally:
        os.close(dfd)
