"""Where the palette's screenshots go (the remembered choices are assistant.core.prefs)."""

from __future__ import annotations

from pathlib import Path

#: Where the palette's screenshots go (under the data dir: always ours to write).
SCREENSHOT_DIR = "screenshots"


def screenshot_dir(settings) -> Path:
    return settings.data_path / SCREENSHOT_DIR
