"""The data folder and what the app writes in it are for their user only: on a shared machine
the projects database, the log and the interface's choices were readable by every other user
(a folder 755, files 644). Folders and files that are there already are left as they are: a
folder the user made (STAPPENPLAN_HOME), or one shared on purpose, keeps the access given it."""

from __future__ import annotations

import os
from pathlib import Path

#: rwx for the owner only
PRIVATE_FOLDER = 0o700
#: rw for the owner only
PRIVATE_FILE = 0o600


def private_folder(folder: Path) -> Path:
    """`folder`, made for its owner only where it is missing (the folders above it that are
    missing too are made as the system makes them); one that exists keeps its mode."""
    folder = Path(folder)
    folder.mkdir(mode=PRIVATE_FOLDER, parents=True, exist_ok=True)
    return folder


def private_file(path: Path) -> Path:
    """`path`, made empty for its owner only where it is missing, so that what opens it next (a
    log handler, SQLite) writes into a file no one else can read; one that exists is left as it is."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE))
    except FileExistsError:
        pass
    return Path(path)
