"""The knowledge layer imports nothing above it, and answers are composed in the answer layer."""

import ast
import inspect
from pathlib import Path

import assistant.knowledge
from assistant.answer import Answerer, SearchIndex
from assistant.answer.extractive import ExtractiveAnswerer
from assistant.knowledge.base import KnowledgeBase

#: What knowledge may import of our own: itself and the layers below it.
ALLOWED = ("assistant.knowledge", "assistant.core", "assistant.store")


def imported_modules(path: Path) -> list[str]:
    """Every module `path` imports, at its top or inside a function."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.append(node.module)
    return found


def test_knowledge_imports_nothing_of_the_layers_above_it():
    folder = Path(assistant.knowledge.__file__).parent
    upward = {f"{path.name}: {module}" for path in sorted(folder.glob("*.py")) for module in imported_modules(path)
              if module.startswith("assistant") and not module.startswith(ALLOWED)}
    assert upward == set()


def test_the_knowledge_base_searches_and_no_longer_answers():
    assert not hasattr(KnowledgeBase, "ask") and not hasattr(KnowledgeBase, "quote")
    assert callable(KnowledgeBase.retrieve)


def test_the_extractive_answerer_is_an_answerer_over_what_it_uses_of_the_knowledge_base():
    assert set(inspect.signature(ExtractiveAnswerer.ask).parameters) == set(inspect.signature(Answerer.ask).parameters)
    used = {name for name in dir(SearchIndex) if not name.startswith("_")}
    assert used == {"lexical", "retrieve", "concepts", "following", "preceding", "window_closeness", "step_openings"}
    assert all(hasattr(KnowledgeBase, name) or name == "lexical" for name in used)


def test_the_extractive_answer_is_the_search_s_passages_with_its_sentences(tmp_path):
    from fakes import QUESTION, build_small_kb

    kb = build_small_kb(tmp_path)
    tokens: list[str] = []
    answer = ExtractiveAnswerer(kb).ask(QUESTION, k=3, on_token=tokens.append)
    assert answer.found and tokens == [answer.text]
    assert [p.chunk.id for p in answer.passages] == [p.chunk.id for p in kb.retrieve(QUESTION, k=10).passages][:3]
    assert "Beperk de eisen aan de oplossing tot wat echt nodig is." in answer.text
    quote = ExtractiveAnswerer(kb).quote(QUESTION, answer.passages[0], size=1)
    assert quote and quote in answer.passages[0].text
