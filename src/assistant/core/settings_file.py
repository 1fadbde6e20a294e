"""The settings as written: the TOML file, STAPPENPLAN_* environment variables and CLI flags,
merged but not yet validated; and the few values the app's first frame needs, read from them
without the validated model (pydantic alone takes longer to import than a bare Textual app
takes to draw its first frame). `assistant.core.settings` validates the same values.
"""

from __future__ import annotations

import errno
import os
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.core.errors import BilingualError, os_reason

if TYPE_CHECKING:
    from assistant.core.settings import Settings

APP_NAME = "stappenplan"
LANGUAGES = ("nl", "en")
DEFAULT_THEME = "textual-dark"
LOG_FILE = "stappenplan.log"


class SettingsError(BilingualError):
    """The settings file or an environment variable holds a value we cannot use: what is
    wrong and what to do, in Dutch and English. `written`: the settings as far as they could be
    read, to tell the language to say it in (`chosen_language`)."""

    def __init__(self, nl: str, en: str, *, path: Path | None = None, written: dict[str, Any] | None = None) -> None:
        super().__init__(nl, en, path=path)
        self.written = written or {}

    def said_in(self, flag: str | None = None) -> str:
        """This problem in the run's language (`chosen_language`)."""
        return self.message(chosen_language(self.written, self.path or config_path(), flag))


def stappenplan_home() -> Path | None:
    """STAPPENPLAN_HOME as an absolute folder: a relative one is taken from the folder the run
    started in (the app never changes it), so that every path under it, and every message that
    names one, is the same wherever it is used (`relative_home` says when it was relative)."""
    home = os.environ.get("STAPPENPLAN_HOME")
    return Path(home).expanduser().absolute() if home else None


def relative_home() -> str | None:
    """STAPPENPLAN_HOME as written where it is a relative path ("relhome"), else None: such a
    home depends on the folder the run starts in, and another folder silently found no projects."""
    home = os.environ.get("STAPPENPLAN_HOME")
    return home if home and not Path(home).expanduser().is_absolute() else None


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
    if path.is_dir():  # a folder in its place was passed over without a word, the defaults used
        error = IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
        raise unreadable_file(path, error, _merged({}, overrides))
    if path.is_file():
        try:
            raw = tomllib.loads(path.read_bytes().decode("utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise unreadable_file(path, exc, _merged({}, overrides)) from exc
    return _merged(raw, overrides), path


def _merged(raw: dict[str, Any], overrides: dict[str, Any] | None) -> dict[str, Any]:
    """`raw` with the environment, then `overrides`, over it."""
    for env, keys in ENV_KEYS.items():
        if os.environ.get(env):
            _set(raw, keys, os.environ[env])
    for dotted, value in (overrides or {}).items():
        if value is not None:
            _set(raw, tuple(dotted.split(".")), value)
    return raw


def chosen_language(written: dict[str, Any], path: Path, flag: str | None = None) -> str:
    """The run's language, as prefs.run_language decides it: `flag` (--lang), else
    STAPPENPLAN_LANG, else the one last chosen in the app, else the file's, else Dutch."""
    if flag in LANGUAGES:
        return flag
    from assistant.core.prefs import run_language  # that module imports this one

    return run_language(StartSettings(dict(written), path))


_TOML_WHERE = re.compile(r"\s*\((?:at line (\d+), column (\d+)|at end of document)\)$")
#: How a TOML value starts that a bare word is not (true, false, numbers, dates, inf, nan).
_TOML_WORD = re.compile(r"(?!(?:true|false|inf|nan)\b)[^\W\d_]\w*")
#: A word processor's quote where a value starts (‘en’): a word, to be quoted plainly.
_TYPOGRAPHIC_QUOTE = re.compile(r"[‘’“”„]")


def unreadable_file(path: Path, exc: Exception, written: dict[str, Any]) -> SettingsError:
    """Why the settings file cannot be read, in the user's words, and what to do: the TOML
    reader's and the decoder's reasons are English, and named no way to fix them."""
    from assistant.core.i18n import catalog  # read on a problem only: the first frame needs none

    texts = catalog("core.settings")
    line = None
    if isinstance(exc, UnicodeDecodeError):
        data = exc.object
        line = data.count(b"\n", 0, exc.start) + 1
        where = {"line": line, "column": exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1}
        reasons = {lang: texts.text("not_utf8", lang, **where) for lang in LANGUAGES}
    elif isinstance(exc, tomllib.TOMLDecodeError):
        key, where = _toml_cause(path.read_bytes().decode("utf-8"), str(exc))
        line = where.get("line")
        reasons = {lang: texts.text(key, lang, **where) for lang in LANGUAGES}
    else:
        reasons = dict(zip(LANGUAGES, os_reason(exc) if isinstance(exc, OSError) else (str(exc), str(exc))))
    said = {}
    for lang in LANGUAGES:
        if isinstance(exc, IsADirectoryError):  # "Pas … aan, of verwijder het bestand": there is none
            fix = texts.text("fix_folder", lang, path=path)
        elif line:
            fix = texts.text("fix_lines", lang, lines=line, path=path)
        else:
            fix = texts.text("fix_file", lang, path=path)
        said[lang] = f"{texts.text('unreadable', lang, path=path, reason=reasons[lang])} {fix}"
    return SettingsError(said["nl"], said["en"], path=path, written=written)


def _toml_cause(text: str, said: str) -> tuple[str, dict[str, Any]]:
    """(message key, its fields) for the TOML reader's error `said` about `text`."""
    where = _TOML_WHERE.search(said)
    reason = said[:where.start()] if where else said
    if where is None or where.group(1) is None:  # at the end: an unclosed list or text
        line = text.count("\n", 0, len(text.rstrip())) + 1
        return ("toml.unclosed_text" if reason.startswith("Expected") and "'" in reason[9:] else "toml.end"), \
            {"line": line}
    line, column = int(where.group(1)), int(where.group(2))
    fields: dict[str, Any] = {"line": line, "column": column}
    row = text.splitlines()[line - 1] if line <= len(text.splitlines()) else ""
    if reason == "Invalid value" and (word := _TOML_WORD.match(row, column - 1)
                                         or _TYPOGRAPHIC_QUOTE.match(row, column - 1)):
        before = row[:column - 1].rstrip()
        value = re.match(r"[^#,\]}]*", row[word.start():]).group().strip().strip("‘’“”„'\"")
        example = f'{before[:-1].strip()} = "{value}"' if before.endswith("=") else f'"{value}"'
        return "toml.unquoted", {**fields, "example": example}
    if reason.startswith("Illegal character") and "\\n" in reason or reason.startswith("Unterminated string"):
        return "toml.unclosed_text", fields
    if reason.startswith("Unescaped '\\'"):
        # the reader names the character after the backslash
        return "toml.backslash", {**fields, "column": row.rfind("\\", 0, column) + 1 or column}
    if reason.startswith(("Cannot overwrite", "Cannot declare")):
        return "toml.twice", fields
    return "toml.syntax", fields


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
