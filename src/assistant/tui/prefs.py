"""Where the palette's screenshots go and where the export dialog writes (the remembered
choices are assistant.core.prefs)."""

from __future__ import annotations

import os
from pathlib import Path

from assistant.core.prefs import load_prefs

#: Where the palette's screenshots go (under the data dir: always ours to write).
SCREENSHOT_DIR = "screenshots"
#: The remembered choices of the export dialog: the folder and the format exported to last.
EXPORT_FOLDER_PREF = "export_folder"
EXPORT_FORMAT_PREF = "export_format"
#: The user's documents folder, by the names it has (Dutch Linux desktops name it Documenten).
DOCUMENTS_FOLDERS = ("Documenten", "Documents")


def screenshot_dir(settings) -> Path:
    return settings.data_path / SCREENSHOT_DIR


def export_folder(settings) -> Path:
    """The folder the export dialog offers: the one exported to last (while it is there), else
    the user's documents folder, else the data folder's exports/. A newcomer looked for the
    file in Documents, not in a hidden data folder."""
    remembered = load_prefs(settings).get(EXPORT_FOLDER_PREF)
    if remembered and Path(remembered).is_dir():
        return Path(remembered)
    home = Path(os.path.expanduser("~"))  # "~" itself where no home is known: no such folder
    for name in DOCUMENTS_FOLDERS:
        if (home / name).is_dir():
            return home / name
    return settings.exports_path


def gone_export_folder(settings) -> Path | None:
    """The folder exported to last where it is no longer there (the dialog then says so, above
    the folder it offers instead: it offered another without a word)."""
    remembered = load_prefs(settings).get(EXPORT_FOLDER_PREF)
    return Path(remembered) if remembered and not Path(remembered).is_dir() else None
