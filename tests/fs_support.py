"""Helpers for tests of what the app does with folders it cannot write: shared by the store's
and the TUI's tests."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


@contextmanager
def made_read_only(folder: Path, size: str, fill: Callable[[], object] | None = None) -> Iterator[Path]:
    """`folder`, new, made read-only for real once `fill` has written what it should hold: a
    small file system (tmpfs of `size`) remounted read-only as root (root writes past the
    permission bits), the permission bits otherwise."""
    folder.mkdir()
    as_root = os.geteuid() == 0
    if as_root and subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                                  capture_output=True).returncode != 0:
        pytest.skip("cannot mount a small file system here")
    try:
        if fill is not None:
            fill()
        if as_root:
            subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
        else:
            folder.chmod(0o555)
        yield folder
    finally:
        if as_root:
            subprocess.run(["umount", "-l", str(folder)], capture_output=True)
        else:
            folder.chmod(0o755)
