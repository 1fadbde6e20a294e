"""Where the shipped data lives: inside the package, found through importlib.resources, so that
an installed wheel finds it as well as a checkout does."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


class ResourcesMissing(RuntimeError):
    """The package's data folder cannot be read as files (e.g. installed zipped)."""


def resources_dir() -> Path:
    """The folder `assistant/resources` as a real path; readers glob and open files in it."""
    root = files("assistant.resources")
    if not isinstance(root, Path):
        # Step files, lexicons and the corpus are globbed and memory-mapped: they need real files.
        raise ResourcesMissing(f"assistant/resources is not a folder on disk ({root!r}); "
                               "install the package unpacked (pip does by default)")
    return root


RESOURCES_DIR = resources_dir()
#: The shipped guidance documents and their attribution (SOURCES.md).
DEFAULT_CORPUS_DIR = RESOURCES_DIR / "corpus"
#: Step texts, lessons, lexicons, glossary and LLM templates.
PROMPTS_DIR = RESOURCES_DIR / "prompts"
#: Window vectors of the shipped corpus, one file per embedding model.
VECTORS_DIR = RESOURCES_DIR / "vectors"
#: What the assistant says, one TOML file per area, Dutch and English side by side.
MESSAGES_DIR = RESOURCES_DIR / "messages"
