"""A knowledge base over one small document, lexical only: built in about a second."""

from __future__ import annotations

from pathlib import Path

from assistant.knowledge.base import KnowledgeBase
from assistant.core.settings import Settings

QUESTION = "Wat zijn minimale eisen aan de oplossing?"
EISEN = (
    "Minimale eisen aan de oplossing\n\n"
    "Beperk de eisen aan de oplossing tot wat echt nodig is. Eisen die na het ontwikkeltraject niet "
    "meer te wijzigen zijn, horen in het programma van eisen. Orden de eisen naar behoefte en "
    "randvoorwaarden. Meer informatie staat op https://www.pianoo.nl/eisen.\n"
)


def build_small_kb(root: Path) -> KnowledgeBase:
    corpus = root / "corpus"
    corpus.mkdir()
    (corpus / "eisen.txt").write_text(EISEN, encoding="utf-8")
    base = KnowledgeBase(Settings(data_dir=root / "data", use_default_corpus=False), folders=[Path(corpus)])
    base.ensure_index(dense=False)
    assert base.retrieve(QUESTION, k=3).found
    return base
