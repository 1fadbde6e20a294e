"""A benchmark runs on default settings in a temporary data folder of its own."""

from __future__ import annotations

import os
import tempfile


def use_fresh_home(prefix: str) -> str:
    """Drop every STAPPENPLAN_ setting of the environment and point STAPPENPLAN_HOME at a new
    temporary folder, so the first build is cold and nothing of the user's is read or touched."""
    for name in list(os.environ):
        if name.startswith("STAPPENPLAN_"):
            del os.environ[name]
    home = tempfile.mkdtemp(prefix=prefix)
    os.environ["STAPPENPLAN_HOME"] = home
    return home


def lexical_knowledge_base(prefix: str):
    """The knowledge base on the shipped corpus, lexical side only, in a fresh home."""
    use_fresh_home(prefix)
    from assistant.knowledge.base import KnowledgeBase
    from assistant.core.settings import load_settings

    kb = KnowledgeBase(load_settings())
    kb.ensure_index(dense=False)
    return kb
