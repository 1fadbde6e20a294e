"""Writing a file so that it is either completely there or not changed at all.

The bytes go to a temporary file in the same folder, are flushed to disk (fsync), and the
temporary file is renamed over the target with :func:`os.replace` (atomic on POSIX and on
Windows within one volume). On any failure the temporary file is removed and the old file,
if there was one, stays exactly as it was.

:func:`write_bytes` decides how a path is written, so that what it points at is never
clobbered: ``-`` is standard output; /dev/stdout, /dev/fd/N and /proc/self/fd/N are the
descriptors this process holds; a device, FIFO or socket is written as a stream and never
replaced (a full device is an error); a symlink is followed
deliberately (the file it points to is written, the link stays a link); a file with more
than one name (a hard link) is rewritten in place so that every name keeps seeing it.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import sys
import tempfile
from pathlib import Path

from assistant.core.errors import os_reason
from assistant.core.i18n import catalog
from assistant.export.errors import ExportError

#: The ``-o`` value that means standard output.
STDOUT = "-"
#: /dev/stdout and its kin, once their links are followed: a descriptor this process holds.
_FD_PATH = re.compile(r"/(?:proc/self|dev)/fd/(\d+)")


def _both(key: str, **fields: object) -> tuple[str, str]:
    """The text `key` of resources/messages/export.atomic.toml in Dutch and in English."""
    return catalog("export.atomic").both(key, **fields)


def _describe(exc: OSError, path: Path) -> tuple[str, str]:
    code = exc.errno
    if code == errno.ENOSPC or code == getattr(errno, "EDQUOT", -1):
        if _is_stream(path) or _own_fd(path) is not None:
            return _both("device_full", path=path)
        return _both("disk_full", path=path)
    if code in (errno.EACCES, errno.EPERM):
        return _both("no_permission", path=path)
    if code == errno.EROFS:
        return _both("read_only_fs", path=path)
    if code in (errno.ENOENT, errno.ENOTDIR):
        if path.parent.is_dir():  # a folder that takes no new files (/proc, /sys): it does exist
            return _both("folder_takes_no_files", folder=path.parent)
        return _both("folder_gone", folder=path.parent)
    if code == errno.ENAMETOOLONG:
        return _both("name_too_long", path=path)
    nl, en = os_reason(exc) if exc.errno else (exc.__class__.__name__,) * 2
    say = catalog("export.atomic").text
    return say("not_written", "nl", path=path, reason=nl), say("not_written", "en", path=path, reason=en)


def check_target(path: str | os.PathLike) -> Path:
    """Check that ``path`` can be a file we write; returns it expanded. Raises ExportError."""
    if not str(path).strip():
        raise ExportError(*_both("no_name"), path=Path(path))
    if str(path) == STDOUT:
        return Path(STDOUT)
    target = Path(path).expanduser()
    try:
        return _check_folder(target)
    except OSError as exc:  # e.g. a name longer than the file system allows
        nl, en = _describe(exc, target)
        raise ExportError(nl, en, path=target) from exc


def _check_folder(target: Path) -> Path:
    folder = target.parent
    if not folder.exists():
        # Distinguish "a file sits where a folder should be" from "nothing there".
        for ancestor in folder.parents:
            if ancestor.exists():
                if not ancestor.is_dir():
                    raise ExportError(*_both("folder_is_file", target=target, file=ancestor), path=target)
                break
        # the advice once: the dialog and /export add their own where to go from here
        raise ExportError(*_both("folder_missing", folder=folder), path=target)
    if not folder.is_dir():
        raise ExportError(*_both("folder_is_file", target=target, file=folder), path=target)
    if target.is_dir():
        raise ExportError(*_both("target_is_folder", target=target), path=target)
    return target


def _is_stream(path: Path) -> bool:
    """A device, FIFO or socket (after following links): written to, never replaced."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


def _own_fd(path: Path) -> int | None:
    """The descriptor that /dev/stdout, /dev/fd/N or /proc/self/fd/N names (following the links
    on the way), or None. Writing to it directly keeps the shell's redirection (also ``>>``)."""
    name = str(path.absolute())
    for _hop in range(8):
        match = _FD_PATH.fullmatch(name)
        if match:
            return int(match.group(1))
        if not os.path.islink(name):
            return None
        name = os.path.join(os.path.dirname(name), os.readlink(name))
    return None


def write_bytes(path: str | os.PathLike, data: bytes, *, replace: bool = True) -> Path:
    """Write ``data`` to ``path`` without clobbering what the path points at (see the module
    docstring); returns the path as given (expanded). With ``replace=False`` an existing file
    is never overwritten: :class:`FileExistsError` is raised instead and nothing is written.
    Raises :class:`ExportError` naming the path."""
    target = check_target(path)
    if str(target) == STDOUT:
        _write_stdout(data, target)
        return target
    fd = _own_fd(target)
    if fd is not None:
        _write_stream_fd(fd, data, target)
        return target
    if not replace and os.path.lexists(target):
        raise FileExistsError(errno.EEXIST, "exists", str(target))
    if _is_stream(target):
        _write_stream(target, data)
        return target
    real = Path(os.path.realpath(target)) if target.is_symlink() else target
    if real != target:
        check_target(real)  # a link into a folder that is gone gets the folder's message
    try:
        linked = real.exists() and real.stat().st_nlink > 1
    except OSError:
        linked = False
    if linked:
        _rewrite_in_place(real, data)
    else:
        atomic_write_bytes(real, data, replace=replace)
    return target


def _write_stream(target: Path, data: bytes) -> None:
    try:
        # never O_CREAT or O_TRUNC: a device or pipe is written to, not made or emptied
        fd = os.open(target, os.O_WRONLY | getattr(os, "O_NOCTTY", 0))  # POSIX only
    except OSError as exc:
        nl, en = _describe(exc, target)
        raise ExportError(nl, en, path=target) from exc
    try:
        _write_stream_fd(fd, data, target)
    finally:
        os.close(fd)


def _write_stream_fd(fd: int, data: bytes, target: Path) -> None:
    try:
        for stream in (sys.stdout, sys.stderr):  # what Python already buffered goes first
            if stream is not None and _fileno(stream) == fd:
                stream.flush()
        _write_all(fd, data)
    except OSError as exc:
        nl, en = _describe(exc, target)
        raise ExportError(nl, en, path=target) from exc


def _write_stdout(data: bytes, target: Path) -> None:
    try:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    except OSError as exc:
        nl, en = _describe(exc, Path("/dev/stdout"))
        raise ExportError(nl, en, path=target) from exc


def _fileno(stream) -> int | None:
    try:
        return stream.fileno()
    except (OSError, ValueError, AttributeError):  # pytest's capture has no descriptor
        return None


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _rewrite_in_place(target: Path, data: bytes) -> None:
    """A file with several names (hard links): replacing it would split the names, so it is
    rewritten in place. The space is claimed first, so a full disk leaves it unchanged."""
    try:
        fd = os.open(target, os.O_WRONLY)
    except OSError as exc:
        nl, en = _describe(exc, target)
        raise ExportError(nl, en, path=target) from exc
    try:
        if data and hasattr(os, "posix_fallocate"):
            os.posix_fallocate(fd, 0, len(data))
        _write_all(fd, data)
        os.ftruncate(fd, len(data))
        os.fsync(fd)
    except OSError as exc:
        nl, en = _describe(exc, target)
        raise ExportError(nl, en, path=target) from exc
    finally:
        os.close(fd)


def atomic_write_bytes(path: str | os.PathLike, data: bytes, *, replace: bool = True) -> Path:
    """Write ``data`` to ``path`` atomically. Raises :class:`ExportError` naming the path;
    with ``replace=False``, :class:`FileExistsError` when a file appeared there meanwhile."""
    target = check_target(path)
    folder = target.parent
    try:
        old_mode = target.stat().st_mode & 0o7777 if target.exists() else None
    except OSError:
        old_mode = None
    try:
        # the temporary name stays short: a long target name must not make it too long
        fd, tmp_name = tempfile.mkstemp(dir=folder, prefix=f".{target.name[:80]}.", suffix=".tmp")
    except OSError as exc:
        nl, en = _describe(exc, target)
        raise ExportError(nl, en, path=target) from exc
    tmp = Path(tmp_name)
    try:
        try:
            _write_all(fd, data)
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
        if replace:
            os.replace(tmp, target)
        else:  # a link fails where a name exists: nothing is overwritten, even in a race
            os.link(tmp, target)
            tmp.unlink()
    except FileExistsError:
        tmp.unlink(missing_ok=True)
        raise
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


def write_text(path: str | os.PathLike, text: str, *, replace: bool = True) -> Path:
    """:func:`write_bytes` for UTF-8 text."""
    return write_bytes(path, text.encode("utf-8"), replace=replace)


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
