"""The settings as written: the TOML file, STAPPENPLAN_* environment variables and CLI flags,
merged but not yet validated; and the few values the app's first frame needs, read from them
without the validated model (pydantic alone takes longer to import than a bare Textual app
takes to draw its first frame). `assistant.core.settings` validates the same values.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from assistant.core.settings import Settings

APP_NAME = "stappenplan"
LANGUAGES = ("nl", "en")
DEFAULT_THEME = "textual-dark"
LOG_FILE = "stappenplan.log"


class SettingsError(Exception):
    """The settings file or an environment variable holds a value we cannot use."""


def stappenplan_home() -> Path | None:
    home = os.environ.get("STAPPENPLAN_HOME")
    return Path(home).expanduser() if home else None


def config_path() -> Path:
    home = stappenplan_home()
    if home:
        return home / "config.toml"
    import platformdirs  # only without STAPPENPLAN_HOME

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "config.toml"


def data_path_for(data_dir: Path | str | None, home: Path | None) -> Path:
    """Where projects, the index and the log live: `data_dir`, else under STAPPENPLAN_HOME,
    else the platform's data dir."""
    if data_dir:
        return Path(data_dir).expanduser()
    if home:
        return home / "data"
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


ENV_KEYS = {
    "STAPPENPLAN_LANG": ("language",),
    "STAPPENPLAN_EMBEDDING_MODEL": ("embedding_model",),
    "STAPPENPLAN_EMBEDDING_DEVICE": ("embedding_device",),
    "STAPPENPLAN_CHROMA_URL": ("chroma_url",),
    "STAPPENPLAN_INDEX_DIR": ("index_dir",),
    "STAPPENPLAN_DATA_DIR": ("data_dir",),
    "STAPPENPLAN_CORPUS_DIRS": ("corpus_dirs",),
    "STAPPENPLAN_THEME": ("theme",),
    "STAPPENPLAN_LLM_PROVIDER": ("llm", "provider"),
    "STAPPENPLAN_LLM_BASE_URL": ("llm", "base_url"),
    "STAPPENPLAN_LLM_MODEL": ("llm", "model"),
    "STAPPENPLAN_LLM_API_KEY": ("llm", "api_key"),
    "STAPPENPLAN_LLM_TIMEOUT": ("llm", "timeout_s"),
}


def _set(target: dict, keys: tuple[str, ...], value: Any) -> None:
    for key in keys[:-1]:
        target = target.setdefault(key, {})
    target[keys[-1]] = value


def raw_settings(overrides: dict[str, Any] | None = None, path: Path | None = None) -> tuple[dict[str, Any], Path]:
    """The config file (if any), then the environment, then `overrides` (CLI flags), merged;
    with the file's path. An unreadable file is a SettingsError."""
    raw: dict[str, Any] = {}
    path = path or config_path()
    if path.is_file():
        try:
            raw = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise SettingsError(f"Instellingenbestand {path} is onleesbaar / settings file is unreadable: "
                                f"{exc}") from exc
    for env, keys in ENV_KEYS.items():
        if os.environ.get(env):
            _set(raw, keys, os.environ[env])
    for dotted, value in (overrides or {}).items():
        if value is not None:
            _set(raw, tuple(dotted.split(".")), value)
    return raw, path


@dataclass
class StartSettings:
    """What the first frame needs (its language, theme, and the data dir for the interface's
    remembered choices and the log), read from the settings as written. A value the validated
    model would refuse falls back to its default here: `validated()` reports it."""

    raw: dict[str, Any]
    path: Path

    @classmethod
    def read(cls, overrides: dict[str, Any] | None = None, path: Path | None = None) -> StartSettings:
        return cls(*raw_settings(overrides, path))

    @property
    def language(self) -> str:
        value = self.raw.get("language")
        return value if value in LANGUAGES else LANGUAGES[0]

    def prefer_language(self, language: str) -> None:
        """Start in `language` (the one last chosen in the app) instead of the written one."""
        self.raw["language"] = language

    @property
    def theme(self) -> str:
        value = self.raw.get("theme")
        return value if isinstance(value, str) else DEFAULT_THEME

    @property
    def data_path(self) -> Path:
        data_dir = self.raw.get("data_dir")
        return data_path_for(data_dir if isinstance(data_dir, str) else None, stappenplan_home())

    @property
    def log_path(self) -> Path:
        return self.data_path / LOG_FILE

    def validated(self) -> Settings:
        """The full settings (imports pydantic); a SettingsError says what is wrong."""
        from assistant.core.settings import validate_settings  # deliberately late: pydantic

        return validate_settings(self.raw, self.path)
