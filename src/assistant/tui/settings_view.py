"""The settings in use, as the palette's "Instellingen bekijken" shows them: each value, where
the file is, and how to change them (the app has no screen to edit them: the file and the
environment are where they are kept, for the app and the commands alike)."""

from __future__ import annotations

import os
import re

from assistant.core.settings import DEFAULT_EMBEDDING_MODEL, Settings
from assistant.core.settings_file import ENV_KEYS, config_path
from assistant.core.textsafe import escape_markdown, strip_escapes
from assistant.tui.i18n import t
from assistant.tui.views import TurnView


def code(text: str) -> str:
    """`text` as a Markdown code span: a path or an address shown as written, and copyable
    (escaped, its underscores showed as "\\_" in the text copied)."""
    text = " ".join(strip_escapes(text).split())
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def settings_turn(settings: Settings, *, dense_ready: bool, dense_problem: str | None, lang: str) -> TurnView:
    """The settings as a turn of the interface's own: language, data folder, embedding model and
    whether search by meaning works, where the vectors are, the language model."""
    path = config_path()
    model = code(settings.embedding_model)
    if settings.embedding_model == DEFAULT_EMBEDDING_MODEL:
        model += f" ({t('settings.default', lang)})"
    dense = t("settings.dense_ready", lang) if dense_ready else \
        t("settings.dense_off", lang, reason=escape_markdown(dense_problem)) if dense_problem else \
        t("settings.dense_loading", lang)
    vectors = t("settings.vectors_server", lang, url=code(settings.chroma_url)) if settings.chroma_url \
        else t("settings.vectors_local", lang, path=code(str(settings.index_path)))
    llm = settings.llm
    language_model = t("settings.llm_none", lang) if llm.provider == "none" else t(
        "settings.llm_on", lang, provider=llm.provider, model=code(llm.model or "?"),
        url=code(llm.base_url) if llm.base_url else t("settings.default", lang))
    # the settings keep no origin per value; the environment is this process's own, so it can be
    # named (a file that is not there said "everything at its default" above a model set by a flag)
    env = [name for name in ENV_KEYS if os.environ.get(name)]
    origin = ("" if path.is_file() else t("settings.no_file", lang)) + (
        t("settings.from_env", lang, names=", ".join(map(code, env))) if env else "")
    text = t("settings.body", lang, config=code(str(path)), file=origin,
             language=t(f"settings.language.{settings.language}", lang),
             data=code(str(settings.data_path)), model=model, dense=dense, vectors=vectors,
             llm=language_model)
    return TurnView("assistant", text, kind="info")
