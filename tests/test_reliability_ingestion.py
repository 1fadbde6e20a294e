"""What indexing a user's own documents promises, whatever the files hold (issue 23).

- A figure in a user's document is quoted as written: a number glued to a word goes only when
  the document has a footnote with that number; Markdown and Word get no PDF cleaning at all.
"""

from pathlib import Path

import docx
import pytest

from assistant.knowledge.base import KnowledgeBase
from assistant.settings import Settings


def build(tmp_path: Path, folder: Path) -> tuple[KnowledgeBase, object]:
    kb = KnowledgeBase(Settings(data_dir=tmp_path / "data", use_default_corpus=False, corpus_dirs=[folder]))
    return kb, kb.ensure_index(dense=False)


def passages_of(kb: KnowledgeBase, doc: str) -> str:
    return "\n".join(c.text for c in kb.chunks if c.doc == doc)


FIGURES = ("Het budget voor de dijkversterking is 200000 euro. De dijk is in 20228 meter vernieuwd, "
           "het gemaal is van 19501 en de gemeente kocht parkeersensoren3 van een leverancier.")


# --------------------------------------------------------------------------- figures
def test_figures_in_a_users_text_markdown_and_word_files_are_quoted_as_written(tmp_path):
    folder = tmp_path / "eigen"
    folder.mkdir()
    (folder / "dijk.txt").write_text(f"Budget dijkversterking\n\n{FIGURES}\n", encoding="utf-8")
    (folder / "notitie.md").write_text(f"# Budget dijkversterking\n\n{FIGURES}\n", encoding="utf-8")
    document = docx.Document()
    document.add_heading("Budget dijkversterking", level=1)
    document.add_paragraph(FIGURES)
    document.save(folder / "besluit.docx")
    kb, _ = build(tmp_path, folder)
    for doc in ("dijk", "notitie", "besluit"):
        text = passages_of(kb, doc)
        for figure in ("200000 euro", "20228 meter", "19501", "parkeersensoren3"):
            assert figure in text, (doc, figure, text)


def test_a_marker_goes_only_when_the_document_has_that_footnote(tmp_path):
    folder = tmp_path / "eigen"
    folder.mkdir()
    notes = "\n\n".join(f"{n} Bron: rapport van de provincie over de dijken, deel {n}, met alle cijfers en tabellen "
                        f"van de metingen in het voorjaar en het najaar." for n in (1, 2, 3))
    (folder / "rapport.txt").write_text(
        "Dijkversterking\n\nDe gemeente kocht parkeersensoren3 en telde 64 miljoen2 bezoekers in 20191. "
        f"Het budget is 200000 euro en er staan 40 sensoren7 langs de dijk.\n\n{notes}\n", encoding="utf-8")
    kb, _ = build(tmp_path, folder)
    text = passages_of(kb, "rapport")
    # footnotes 1, 2 and 3 exist: their markers go
    assert "parkeersensoren en" in text and "miljoen bezoekers" in text and "in 2019." in text
    # no footnote 0 or 7: those numbers are the writer's
    assert "200000 euro" in text and "sensoren7" in text


def test_markdown_keeps_lines_that_look_like_page_numbers_and_footnotes(tmp_path):
    folder = tmp_path / "eigen"
    folder.mkdir()
    (folder / "planning.md").write_text(
        "# Planning\n\nWe verwachten de oplevering in\n\n2027\n\n"
        "1 Marktconsultatie houden met alle leveranciers in de regio.\n\n"
        "2 Offertes vergelijken op prijs, kwaliteit en duurzaamheid.\n\n"
        "3 Gunnen aan de beste inschrijver.\n", encoding="utf-8")
    kb, _ = build(tmp_path, folder)
    text = passages_of(kb, "planning")
    assert "2027" in text and "Gunnen aan de beste inschrijver" in text and "Voetnoot" not in text
