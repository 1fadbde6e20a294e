"""Markdown and DOCX export: structure, content, open parts, escaping, and that both formats
show the same headings and tables."""

from __future__ import annotations

import re
import zipfile

import pytest
from docx import Document
from markdown_it import MarkdownIt

from assistant.export import export_record, to_markdown
from assistant.export.build import guidance_documents, open_checks, step_title
from assistant.plan.checks import run_checks
from assistant.plan import record as rec
from assistant.plan.record import STEP_NUMBERS, judgement_items

from export_support import NASTY, full_record, half_record, nasty_record, own_full_record

OPEN = {"nl": "Nog niet ingevuld", "en": "Not yet filled in"}


# --- reading the outputs back ------------------------------------------------------------------
def _inline_text(token) -> str:
    out = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            out.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            out.append("\n")
        elif child.type == "html_inline" and child.content.lower() == "<br>":
            out.append("\n")
        elif child.type == "html_inline":
            out.append(child.content)
    return "".join(out)


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def parse_markdown(text: str) -> dict:
    """Headings (level, text), tables (list of rows of cell texts), all paragraph texts, and
    the token types, as a Markdown renderer sees them."""
    md = MarkdownIt("commonmark").enable("table")
    tokens = md.parse(text)
    headings, tables, paragraphs, types = [], [], [], []
    table = row = None
    heading_level = None
    for i, tok in enumerate(tokens):
        types.append(tok.type)
        if tok.type == "heading_open":
            heading_level = int(tok.tag[1])
        elif tok.type == "table_open":
            table = []
        elif tok.type == "table_close":
            tables.append(table)
            table = None
        elif tok.type == "tr_open":
            row = []
        elif tok.type == "tr_close":
            table.append(row)
        elif tok.type == "inline":
            text = _inline_text(tok)
            if heading_level is not None:
                headings.append((heading_level, text))
                heading_level = None
            elif row is not None and tokens[i - 1].type in ("th_open", "td_open"):
                row.append(text)
            else:
                paragraphs.append(text)
            for child in tok.children or []:
                types.append(child.type)
                if child.type == "html_inline":
                    types.append(f"html:{child.content}")
    return {"headings": headings, "tables": tables, "paragraphs": paragraphs, "types": types}


def read_docx(path) -> dict:
    doc = Document(str(path))
    headings, paragraphs = [], []
    for para in doc.paragraphs:
        name = para.style.name
        if name == "Title":
            headings.append((1, para.text))
        elif name == "TOC Heading":
            headings.append((2, para.text))
        elif name.startswith("Heading "):
            headings.append((int(name.split()[1]) + 1, para.text))
        paragraphs.append((name, para.text))
    tables = [[[cell.text for cell in row.cells] for row in table.rows] for table in doc.tables]
    styles = [table.style.name for table in doc.tables]
    with zipfile.ZipFile(path) as zf:
        xml = zf.read("word/document.xml").decode("utf-8")
    return {"doc": doc, "headings": headings, "paragraphs": paragraphs, "tables": tables,
            "table_styles": styles, "xml": xml}


def _all_text(parsed_docx: dict) -> str:
    parts = [t for _, t in parsed_docx["paragraphs"]]
    for table in parsed_docx["tables"]:
        for row in table:
            parts.extend(row)
    return "\n".join(parts)


def _md_all_text(parsed_md: dict) -> str:
    parts = [t for _, t in parsed_md["headings"]] + parsed_md["paragraphs"]
    for table in parsed_md["tables"]:
        for row in table:
            parts.extend(row)
    return "\n".join(parts)


def _table_cells(tables) -> set[str]:
    return {_norm(cell) for table in tables for row in table for cell in row}


# --- fixtures ------------------------------------------------------------------------------------
@pytest.fixture(params=["nl", "en"])
def lang(request):
    return request.param


_MAKERS = {"full": full_record, "own_full": own_full_record, "half": half_record}
_CACHE: dict[tuple[str, str], dict] = {}


@pytest.fixture(params=sorted(_MAKERS))
def kind(request):
    return request.param


@pytest.fixture
def record(kind, lang):
    return _MAKERS[kind](lang)


@pytest.fixture
def exported(tmp_path_factory, kind, lang):
    """Each record is exported once per language (read-only for the tests)."""
    key = (kind, lang)
    if key not in _CACHE:
        record = _MAKERS[kind](lang)
        folder = tmp_path_factory.mktemp(f"export-{kind}-{lang}")
        md_path = export_record(record, "md", folder / "dossier.md")
        docx_path = export_record(record, "docx", folder / "dossier.docx")
        md_text = md_path.read_text(encoding="utf-8")
        _CACHE[key] = {"record": record, "lang": lang, "md_text": md_text,
                       "md": parse_markdown(md_text), "docx": read_docx(docx_path)}
    return _CACHE[key]


# --- tests ---------------------------------------------------------------------------------------
def test_docx_uses_builtin_heading_styles_and_toc(exported):
    d = exported["docx"]
    lang = exported["lang"]
    styles = [name for name, _ in d["paragraphs"]]
    assert styles[0] == "Title"
    assert d["paragraphs"][0][1] == exported["record"].project.title
    assert "Subtitle" in styles and "TOC Heading" in styles
    heading1 = [text for name, text in d["paragraphs"] if name == "Heading 1"]
    for n in STEP_NUMBERS:
        assert any(text.endswith(step_title(n, lang)) and f" {n} ·" in text for text in heading1), n
    assert "Heading 2" in styles
    assert 'TOC \\o "1-1"' in d["xml"]  # a real TOC field Word can update
    props = d["doc"].core_properties
    assert props.title == exported["record"].project.title
    assert props.author == (exported["record"].project.owner or exported["record"].project.organisation)
    assert props.language == {"nl": "nl-NL", "en": "en-GB"}[lang]


def test_the_guidances_words_are_marked_dutch_in_an_english_docx(tmp_path):
    # Word marked the quoted guidance as misspelt English
    from docx import Document
    from docx.oxml.ns import qn

    record = half_record("en")
    assert open_checks(record, "en")
    path = export_record(record, "docx", tmp_path / "en.docx")
    refs = [run for p in Document(str(path)).paragraphs for run in p.runs
            if run.italic and run.text.startswith(" (Handreiking")]
    assert refs
    for run in refs:
        lang = run._r.rPr.find(qn("w:lang"))
        assert lang is not None and lang.get(qn("w:val")) == "nl-NL"


def test_docx_tables_use_builtin_style(exported):
    assert exported["docx"]["table_styles"]
    assert set(exported["docx"]["table_styles"]) <= {"Light Grid Accent 1", "Table Grid"}


def test_title_page_has_progress_organisation_owner(exported):
    record, lang = exported["record"], exported["lang"]
    done = sum(1 for n in STEP_NUMBERS if record.status(n) == "done")
    progress = f"{done} van 11 stappen afgerond" if lang == "nl" else f"{done} of 11 steps done"
    text = _all_text(exported["docx"])
    assert progress in text
    assert progress in exported["md_text"]
    if record.project.organisation:
        assert record.project.organisation in text
    if record.project.owner:
        assert record.project.owner in text


def test_markdown_renders_to_the_same_headings_and_tables_as_docx(exported):
    md, docx = exported["md"], exported["docx"]
    assert md["headings"] == docx["headings"]
    assert [[[_norm(c) for c in row] for row in t] for t in md["tables"]] == \
           [[[_norm(c) for c in row] for row in t] for t in docx["tables"]]


def test_lists_are_tables_with_their_columns(exported):
    record, lang = exported["record"], exported["lang"]
    # a row an open check is about ends in its mark ("Gebruiksvriendelijk voor chauffeurs ⚠")
    cells = {cell.removesuffix(" ⚠") for cell in _table_cells(exported["docx"]["tables"])}
    for req in record.step3.requirements:
        assert _norm(req.text) in cells
        if req.aspect is not None:
            assert _norm(req.aspect.label(lang)).lower() in {c.lower() for c in cells}
        if req.kind is not None:
            assert _norm(req.kind.label(lang)).lower() in {c.lower() for c in cells}
    for crit in record.step4.criteria:
        assert _norm(crit.text) in cells
        if crit.target:
            assert _norm(crit.target) in cells
    # once step 5 is started, the three outcomes always have a row (filled or open)
    labels = {"nl": ("Succes", "Mislukking", "Onduidelijk"), "en": ("Success", "Failure", "Unclear")}[lang]
    if record.status(5) != "not_started":
        for label in labels:
            assert label in cells
    for tech in record.step1.technologies:
        assert _norm(tech.name) in cells


def test_every_requirement_and_criterion_has_a_step9_row(exported):
    record, lang = exported["record"], exported["lang"]
    step9_tables = [t for t in exported["docx"]["tables"]
                    if t and t[0][0] in ("Soort", "Kind") and len(t[0]) == 4]
    if record.status(9) == "not_started":
        assert not step9_tables  # the step says it is not filled in and what it asks
        return
    assert len(step9_tables) == 1
    rows = step9_tables[0][1:]
    texts = [_norm(r[1]) for r in rows]
    for ref_id, kind, text in judgement_items(record):
        assert _norm(text) in texts
    for j in record.step9.judgements:
        if j.verdict is not None and any(j.ref_id == i[0] for i in judgement_items(record)):
            row = rows[texts.index(_norm(j.ref_text))]
            assert row[2].lower() == j.verdict.label(lang).lower()


def test_open_parts_are_marked(exported):
    record, lang = exported["record"], exported["lang"]
    open_steps = [n for n in STEP_NUMBERS if record.status(n) != "done"]
    text = _all_text(exported["docx"])
    if open_steps:
        assert OPEN[lang] in text or ("nog niet ingevuld" if lang == "nl" else "not been filled in") in text
        assert OPEN[lang] in _md_all_text(exported["md"]) or "nog niet" in exported["md_text"].lower()


def test_half_record_marks_missing_fields(tmp_path, lang):
    record = half_record(lang)
    text = to_markdown(record, lang)
    assert OPEN[lang] in text
    assert ("Nog niet begonnen" if lang == "nl" else "Not started") in text
    # a hole in a started step is named in the status line
    assert ("Wie heeft de behoefte" if lang == "nl" else "Who has the need") in text


def test_a_precondition_there_in_part_is_secured_in_part(lang):
    # the "Geregeld" column said "Nee" beside "Deels: …", a no never typed
    record = full_record(lang)
    typed = "Deels: een projectleider voor 0,5 fte" if lang == "nl" else "Partly: a project lead at 0.5 FTE"
    record.step0.preconditions.time = rec.Precondition.from_text(typed)
    tables = parse_markdown(to_markdown(record, lang))["tables"]
    note = typed.split(": ", 1)[1]  # the column says "Deels" already
    rows = [row for table in tables for row in table if row[-1] == note]
    # marked: the check on a precondition not (wholly) in place is about its row
    assert rows and rows[0][1] == ("Deels ⚠" if lang == "nl" else "Partly ⚠")


def test_prose_answers_appear_literally(exported):
    record = exported["record"]
    md_text = _md_all_text(exported["md"])
    docx_text = _all_text(exported["docx"])
    for value in (record.step0.need, record.step3.budget_ceiling, record.step9.bit_rules):
        for line in value.split("\n"):
            if line.strip():
                assert _norm(line) in _norm(docx_text)
                assert _norm(line) in _norm(md_text)


def test_sources_listed_with_attribution(exported):
    lang = exported["lang"]
    text = _all_text(exported["docx"])
    assert "PIANOo" in text
    assert "Handreiking: stappenplan voor het inkopen en ontwikkelen van digitale innovaties" in text
    assert ("Bronnen" if lang == "nl" else "Sources") in [t for _, t in exported["docx"]["headings"]]
    markdown = _md_all_text(exported["md"])
    assert "PIANOo" in markdown
    # in the document's language (a Dutch export said "PIANOo and Rijkswaterstaat", "supported by")
    for text_ in (text, markdown):
        if lang == "nl":
            assert "PIANOo en Rijkswaterstaat" in text_ and "hoofdstuk 2, door Evert-Jan Mulder" in text_
            assert "supported by" not in text_ and " and Rijkswaterstaat" not in text_
        else:
            assert "PIANOo and Rijkswaterstaat" in text_ and "chapter 2, by Evert-Jan Mulder" in text_


def test_both_documents_end_saying_what_they_rest_on_and_that_they_are_no_legal_advice(exported):
    lang = exported["lang"]
    said = {"nl": ("volgen de openbare documenten hierboven", "eigen richtlijn van de assistent",
                   "geen juridisch advies"),
            "en": ("follow the public documents above", "the assistant's own rule of thumb",
                   "no legal advice")}[lang]
    last_md = exported["md"]["paragraphs"][-1]
    last_docx = [text for _, text in exported["docx"]["paragraphs"] if text.strip()][-1]
    for last in (last_md, last_docx):
        assert all(part in _norm(last) for part in said), last


def test_the_sources_table_names_the_documents_of_the_shipped_corpus_as_sources_md_does():
    import re

    from assistant.core.resources import DEFAULT_CORPUS_DIR
    from assistant.export.labels import GUIDANCE_DOCUMENTS
    from assistant.knowledge.loaders import source_attribution

    listed = source_attribution(DEFAULT_CORPUS_DIR)
    assert set(GUIDANCE_DOCUMENTS) == set(listed)
    english, dutch = guidance_documents("en"), guidance_documents("nl")
    for (stem, (title, _, _)), (title_en, publisher_en), (title_nl, _) in zip(GUIDANCE_DOCUMENTS.items(), english, dutch):
        # SOURCES.md is the attribution as shipped: its title begins with the Dutch title, and
        # names the publisher as the English export does
        assert listed[stem][0].startswith(title) and publisher_en == listed[stem][1]
        # the Dutch title first in both, and in English its gloss after it ("(innovating across
        # borders)"): three of the five had none
        assert title_nl.startswith(title) and re.match(rf"{re.escape(title)} \([^)]+\)", title_en)


def test_open_checks_are_shown_with_reference(exported):
    record, lang = exported["record"], exported["lang"]
    checks = open_checks(record, lang)
    md_text = _norm(_md_all_text(exported["md"]))
    docx_text = _norm(_all_text(exported["docx"]))
    for check in checks:
        assert _norm(check.message) in docx_text
        assert _norm(check.message) in md_text
        if check.reference:
            assert _norm(check.reference) in docx_text


def test_half_record_has_an_open_check_with_reference(lang):
    record = half_record(lang)
    checks = open_checks(record, lang)
    assert checks and all(c.reference for c in checks)
    parsed = parse_markdown(to_markdown(record, lang))
    assert ("Open controles" if lang == "nl" else "Open checks") in [t for _, t in parsed["headings"]]
    assert any(c.reference.startswith("Handreiking") for c in checks)
    # in English, the Dutch quote a check cites is said to be Dutch, as a step's quote is
    assert all(("(in Dutch): “" in c.reference) is (lang == "en") for c in checks if "“" in c.reference)
    # and the step it names is said in the interface's language ("Handreiking · Stap 5" in English)
    labels = [c.reference.split("“")[0] for c in checks]
    step, other = ("Step", "Stap") if lang == "en" else ("Stap", "Step")
    assert any(f" · {step} " in label for label in labels) and not any(f" · {other} " in label for label in labels)


def test_a_verdict_on_a_requirements_earlier_wording_says_so_in_the_judgements_table(tmp_path):
    # "| Eis 1 | … met een DPIA vooraf | Voldaan |": judged before the DPIA was added to it
    record = full_record("nl")
    requirement = record.step3.requirements[0]
    before = requirement.text
    requirement.text = f"{before}, met een DPIA vooraf"
    parsed = read_docx(export_record(record, "docx", tmp_path / "r.docx"))
    [table] = [t for t in parsed["tables"] if t and t[0][0] == "Soort" and len(t[0]) == 4]
    row = next(r for r in table if r[1] == requirement.text)
    assert row[2].startswith("Voldaan (gegeven over de eerdere tekst") and before in row[2]
    assert "opnieuw beoordelen" in row[2] and "opnieuw beoordelen" in to_markdown(record, "nl")
    # one judged as it reads says only its verdict
    other = next(r for r in table if r[1] == record.step3.requirements[1].text)
    assert "eerdere tekst" not in other[2]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_check_says_what_to_fix_in_words_in_both_documents(tmp_path, lang):
    # "(`/stap 4`, dan `/wijzig 1 … eis: N`, …)" and "Voeg toe: 'doel: …'" reached the document
    # handed to a steering group, where no command means anything
    record = full_record(lang)
    record.step4.criteria[0].requirement = "Werkt ook onder water"
    record.step4.criteria[0].requirement_id = None
    record.step4.criteria[1].target = ""
    record.step4.criteria[1].text = "Bewoners zijn tevreden"
    [unknown] = [c for c in open_checks(record, lang) if c.step == 4 and c.entry_id == record.step4.criteria[0].id]
    [target] = [c for c in open_checks(record, lang) if c.step == 4 and c.entry_id == record.step4.criteria[1].id]
    assert unknown.message.endswith(("Koppel het criterium aan een eis die er staat, of zet de eis terug in stap 3.",
                                     "Link the criterion to a requirement that is there, or put the requirement "
                                     "back in step 3."))
    assert "bijvoorbeeld '90% binnen 48 uur'" in target.message or "for example '90% within 48 hours'" in target.message
    docx_text = _all_text(read_docx(export_record(record, "docx", tmp_path / "r.docx", lang=lang)))
    md = to_markdown(record, lang)
    for text in (docx_text, md):
        assert _norm(unknown.message) in _norm(text) and _norm(target.message) in _norm(text)
        for typed in ("/stap", "/step", "/wijzig", "/edit", "`", "eis: N", "requirement: N", "'doel: …'", "'target: …'"):
            assert typed not in text, typed
    # the app says how, with its commands (its Controles and the conversation)
    assert any("/stap 4" in check.plain_message(lang) or "/step 4" in check.plain_message(lang)
               for check in run_checks(record))


def test_language_follows_record_by_default(tmp_path):
    en = full_record("en")
    assert en.project.language == "en"
    text = to_markdown(en)
    assert "Contents" in text and "Step 3" in text
    nl_text = to_markdown(en, "nl")
    assert "Inhoud" in nl_text and "Stap 3" in nl_text


def test_markdown_escapes_record_text(tmp_path):
    record = nasty_record("nl")
    record.step0.who = "Aanpak -> resultaat"
    text = export_record(record, "md", tmp_path / "x.md").read_text(encoding="utf-8")
    assert "Aanpak -> resultaat" in text  # a ">" inside a line means nothing: it read "-\\>"
    parsed = parse_markdown(text)
    rendered = _md_all_text(parsed)
    for line in NASTY:
        assert line in rendered, line
    assert parsed["headings"][0] == (1, record.project.title)
    for kind in ("link_open", "code_inline", "html_block", "blockquote_open", "ordered_list_open", "s_open"):
        assert kind not in parsed["types"], kind
    html = [t for t in parsed["types"] if t.startswith("html:")]
    assert set(html) <= {"html:<br>"}
    # the requirements table keeps its four columns although a cell holds '|'
    req_table = next(t for t in parsed["tables"] if t[0][:2] == ["Nr.", "Eis"])
    assert all(len(row) == 4 for row in req_table)
    assert [row[1] for row in req_table[1:]] == NASTY


def test_docx_keeps_nasty_text_and_drops_xml_invalid_characters(tmp_path):
    record = nasty_record("nl")
    record.step0.why_digital = "bel\x07 en nul\x00 tekens"  # e.g. from a hand-edited JSON file
    path = export_record(record, "docx", tmp_path / "x.docx")
    d = read_docx(path)
    cells = _table_cells(d["tables"])
    for line in NASTY:
        assert _norm(line) in cells
    assert "bel en nul tekens" in _all_text(d)


# --- issue 22: the step-2 table holds each part in its own column --------------------------------
def test_docx_step2_table_has_each_part_in_its_column_and_headers_fit(tmp_path):
    from assistant.plan.record import apply_text, new_record

    r = new_record("RPA", language="nl")
    apply_text(r, "step2.assessments",
               "Robotic process automation; middel; 9; matig; veel partijen; schijnoplossing")
    apply_text(r, "step2.assessments",
               "Vulgraadsensoren; potentie: 25-30% minder ritten; TRL 8; fit: past bij de "
               "routeplanning, data-expertise aanwezig; markt: vijf leveranciers bij de "
               "marktverkenning; risico's: batterijduur, netwerkdekking")
    doc = Document(str(export_record(r, "docx", tmp_path / "d.docx")))
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "Technologie")
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0] == ["Technologie", "Potentie", "TRL", "Organisatorische fit", "Marktpartijen",
                       "Risico's"]
    assert rows[1] == ["Robotic process automation", "middel", "9", "matig", "veel partijen",
                       "schijnoplossing"]
    # a header never breaks inside a word: its longest word fits the column (about 0.17 cm a
    # character at 9 pt bold, plus Word's 0.38 cm of cell margins)
    for cell in table.rows[0].cells:
        word = max(cell.text.split(), key=len)
        assert cell.width.cm >= len(word) * 0.17 + 0.38, cell.text


def test_an_empty_owner_is_left_out_not_shown_as_open(tmp_path):
    from assistant.plan.record import new_record

    for lang, owner in (("nl", "Eigenaar:"), ("en", "Owner:")):
        r = new_record("Slimme afvalinzameling", "Gemeente Voorbeeldstad", language=lang)
        md = to_markdown(r, lang)
        assert f"**{owner}**" not in md and "Gemeente Voorbeeldstad" in md
        docx = read_docx(export_record(r, "docx", tmp_path / f"{lang}.docx"))
        assert not [t for _, t in docx["paragraphs"] if t.startswith(owner)]
        r.project.owner = "Fatima el Amrani"
        assert f"**{owner}** Fatima el Amrani" in to_markdown(r, lang)


def test_a_text_answer_typed_as_a_list_is_a_list_in_both_documents(tmp_path):
    # "- fietsers" lines read "\- fietsers\" in Markdown and "- …" in one Word paragraph, while
    # the app showed bullets
    record = half_record("nl")
    record.step0.who = "- fietsers (scholieren, forenzen)\n- verkeersregelaars\n• de afdeling Mobiliteit"
    record.step0.why_digital = "Sensoren - geen camera's\nen een regel zonder streepje"
    md = export_record(record, "md", tmp_path / "x.md").read_text(encoding="utf-8")
    assert "\\- fietsers" not in md
    tokens = MarkdownIt("commonmark").parse(md)
    items = [tokens[i + 2].content for i, tok in enumerate(tokens) if tok.type == "list_item_open"]
    assert ["fietsers (scholieren, forenzen)", "verkeersregelaars", "de afdeling Mobiliteit"] == \
        [item for item in items if item in ("fietsers (scholieren, forenzen)", "verkeersregelaars",
                                            "de afdeling Mobiliteit")]
    assert "Sensoren - geen camera's\\\nen een regel zonder streepje" in md  # not a list: as typed
    d = read_docx(export_record(record, "docx", tmp_path / "x.docx"))
    bullets = [text for style, text in d["paragraphs"] if style == "List Bullet"]
    assert {"fietsers (scholieren, forenzen)", "verkeersregelaars", "de afdeling Mobiliteit"} <= set(bullets)


def test_list_lines_under_a_line_of_text_are_a_list_in_markdown_and_their_markup_stays_text(tmp_path):
    # a pasted "Planning:" with four "- …" lines showed as bullets in the app, and the .md read
    # "Planning:\" and "\- Q3 2025 marktconsultatie\"
    record = half_record("nl")
    record.step0.why_digital = ("Planning:\n- Q3 2025 marktconsultatie\n- Q4 2025 *aanbesteding* [fase 1]\n"
                                "• Q1 2026 # pilot <b>start</b>\n- 2027 opschalen\nDaarna _evaluatie_")
    md = export_record(record, "md", tmp_path / "x.md").read_text(encoding="utf-8")
    assert "\\- Q3" not in md and "Planning:\\" not in md
    assert ("Planning:\n\n- Q3 2025 marktconsultatie\n- Q4 2025 \\*aanbesteding\\* \\[fase 1\\]\n"
            "- Q1 2026 # pilot \\<b>start\\</b>\n- 2027 opschalen\n\nDaarna \\_evaluatie\\_") in md
    tokens = MarkdownIt("commonmark").parse(md)
    items = [tokens[i + 2].content for i, tok in enumerate(tokens) if tok.type == "list_item_open"]
    planned = ["Q3 2025 marktconsultatie", "Q4 2025 \\*aanbesteding\\* \\[fase 1\\]",
               "Q1 2026 # pilot \\<b>start\\</b>", "2027 opschalen"]
    assert [item for item in items if item in planned] == planned
    html = MarkdownIt("commonmark").render(md)
    assert "<li>Q4 2025 *aanbesteding* [fase 1]</li>" in html and "<p>Daarna _evaluatie_</p>" in html
    assert "<b>" not in html and "<h1>" not in html.split("Planning:")[1]
    # a line alone is no list: its dash is escaped as before
    record.step0.why_digital = "- alleen deze regel"
    assert "\\- alleen deze regel" in export_record(record, "md", tmp_path / "y.md").read_text(encoding="utf-8")


def test_list_lines_under_a_line_of_text_are_a_text_paragraph_and_a_real_list_in_docx_as_in_markdown(tmp_path):
    # the .md showed "Planning:" and its "- …" lines as a paragraph and a list, while Word showed
    # them as one paragraph with the dashes typed in it
    record = half_record("nl")
    record.step0.why_digital = ("Planning:\n- Q3 2025 marktconsultatie\n- Q4 2025 *aanbesteding*\n"
                                "• Q1 2026 pilot\nDaarna evaluatie\n\nTot slot:\n- opschalen\n- borgen")
    d = read_docx(export_record(record, "docx", tmp_path / "x.docx"))
    texts = [text for _, text in d["paragraphs"]]
    start = texts.index("Planning:")
    assert d["paragraphs"][start:start + 8] == [
        ("Normal", "Planning:"),
        ("List Bullet", "Q3 2025 marktconsultatie"),
        ("List Bullet", "Q4 2025 *aanbesteding*"),
        ("List Bullet", "Q1 2026 pilot"),
        ("Normal", "Daarna evaluatie"),
        ("Normal", "Tot slot:"),
        ("List Bullet", "opschalen"),
        ("List Bullet", "borgen"),
    ]
    # the list style numbers its paragraphs: Word shows them as bullets, not as plain text
    assert d["doc"].styles["List Bullet"].element.pPr.numPr is not None
    # the same runs as the Markdown's paragraphs and list
    md = parse_markdown(to_markdown(record, "nl"))
    assert "Planning:" in md["paragraphs"] and "Daarna evaluatie" in md["paragraphs"]
    assert "Q3 2025 marktconsultatie" in md["paragraphs"]


def test_a_table_cell_escapes_only_what_acts_inline():
    # "400\.000 euro" and "3\. Sensoren …" in the file read badly as text, and a cell makes no block
    from markdown_it import MarkdownIt

    from assistant.export.markdown import escape_cell

    assert escape_cell("400.000 euro") == "400.000 euro"
    assert escape_cell("3. Sensoren werken 5 jaar") == "3. Sensoren werken 5 jaar"
    assert escape_cell("- a | b *c*") == r"- a \| b \*c\*"
    row = "| " + " | ".join(escape_cell(c) for c in ("# geen kop", "3. geen lijst", "a | b")) + " |"
    html = MarkdownIt("commonmark").enable("table").render(f"| x | y | z |\n| --- | --- | --- |\n{row}\n")
    assert "<td># geen kop</td><td>3. geen lijst</td><td>a | b</td>" in html.replace("\n", "")


def test_a_criterions_requirement_no_longer_in_step_3_is_said_so_in_the_export():
    # removed, its words still stood in "Gekoppelde eis" as if the criterion were linked
    from assistant.plan import record as rec
    from assistant.plan.example import example_record

    record = example_record("nl")
    criterion = record.step4.criteria[0]
    linked = next(r for r in record.step3.requirements if r.id == criterion.requirement_id)
    assert f"| {criterion.target} | 5. {linked.text} |" in to_markdown(record)
    rec.remove_entry(record, "step3.requirements", linked.id)
    assert f"| {criterion.target} | {linked.text} (staat niet in stap 3) |" in to_markdown(record)


def test_a_criterions_link_by_an_id_that_points_nowhere_falls_back_on_its_words():
    # an exported file edited by hand ("requirement_id": "deadbeef") read "(staat niet in stap 3)"
    # beside a requirement that was there, while no check said a word
    from assistant.plan.checks import run_checks
    from assistant.plan.example import example_record

    record = example_record("nl")
    criterion = record.step4.criteria[0]
    linked = next(r for r in record.step3.requirements if r.id == criterion.requirement_id)
    criterion.requirement, criterion.requirement_id = linked.text, "deadbeef"
    assert f"| {criterion.target} | 5. {linked.text} |" in to_markdown(record)
    assert "criterion_unknown_requirement" not in [c.id for c in run_checks(record)]


def test_a_criterions_weight_is_its_own_part_with_a_column_in_markdown_and_docx(tmp_path, lang):
    # "…; eis: 1; gewicht: 40%" named the criterion "Energiebesparing t.o.v. 2024; gewicht: 40%",
    # in step 9's questions and the export's Criterium column, though the weight check read it
    record = own_full_record(lang)
    record.step4.criteria = []
    rec.apply_text(record, "step4.criteria", "Energiebesparing t.o.v. 2024; doel: 30% minder kWh; eis: 1; gewicht: 40%\n"
                                             "Storingen; doel: binnen 4 uur verholpen; weging: 60%")
    assert [(c.text, c.weight) for c in record.step4.criteria] == [("Energiebesparing t.o.v. 2024", "40%"),
                                                                   ("Storingen", "60%")]
    assert [text for _, _, text in judgement_items(record)][-2:] == ["Energiebesparing t.o.v. 2024", "Storingen"]
    assert "criteria_weights_not_100" not in [c.id for c in run_checks(record)]  # the weight still read: 100%
    weight = {"nl": "Weging", "en": "Weight"}[lang]
    md = parse_markdown(to_markdown(record))
    docx = read_docx(export_record(record, "docx", tmp_path / "dossier.docx"))
    for tables in (md["tables"], docx["tables"]):
        criteria = next(t for t in tables if weight in t[0])
        assert [row[1] for row in criteria[1:]] == ["Energiebesparing t.o.v. 2024", "Storingen"]
        assert [row[criteria[0].index(weight)] for row in criteria[1:]] == ["40%", "60%"]


def test_a_weight_typed_in_a_criterions_name_is_its_weight_in_the_check_and_the_exports(tmp_path, lang):
    # "… (weging 40%); doel: …": the check added up 110% from the names while the weight column
    # said "—" and the JSON had "weight": "", and the question named no weight part
    from assistant.plan.steps import load_plan

    question = next(q for q in load_plan(lang).step(4).questions if q.id == "criteria")
    assert {"nl": "weging:", "en": "weight:"}[lang] in question.prompt
    assert {"nl": "'weging: 40%'", "en": "'weight: 40%'"}[lang] in question.help
    record = own_full_record(lang)
    record.step4.criteria = []
    rec.apply_text(record, "step4.criteria", "Wachttijd tot keukentafelgesprek (weging 40%); doel: binnen 2 weken\n"
                                             "Klanttevredenheid; doel: 8 of hoger; weging: 70%")
    assert [(c.text, c.weight) for c in record.step4.criteria] == [("Wachttijd tot keukentafelgesprek", "40%"),
                                                                   ("Klanttevredenheid", "70%")]
    said = next(c for c in run_checks(record) if c.id == "criteria_weights_not_100")
    assert "110%" in said.message(lang) and "Wachttijd tot keukentafelgesprek (we" in said.message(lang)
    # a record that kept the weight in the name (typed before, or imported) shows it in the column
    record.step4.criteria[0].text, record.step4.criteria[0].weight = "Wachttijd tot keukentafelgesprek (weging 40%)", ""
    weight = {"nl": "Weging", "en": "Weight"}[lang]
    md = parse_markdown(to_markdown(record))
    docx = read_docx(export_record(record, "docx", tmp_path / "dossier.docx"))
    for tables in (md["tables"], docx["tables"]):
        criteria = next(t for t in tables if weight in t[0])
        assert [row[criteria[0].index(weight)] for row in criteria[1:]] == ["40%", "70%"]


def test_a_criterions_target_in_its_own_words_is_shown_as_the_check_reads_it(tmp_path, lang):
    # "Gemiddelde wachttijd fietsers daalt met 20% (weging 50%)" raised no check (its words are
    # measurable) while the criteria table said "Meetbaar doel: Nog niet ingevuld"; the weight
    # column said "Gewicht" where the app and the question say "weging"
    record = own_full_record(lang)
    record.step4.criteria = []
    rec.apply_text(record, "step4.criteria", "Gemiddelde wachttijd fietsers daalt met 20% (weging 50%)\n"
                                             "Klanttevredenheid (weging 50%)")
    unmeasurable = [c.message(lang) for c in run_checks(record) if c.id == "criterion_not_measurable"]
    assert len(unmeasurable) == 1 and "Klanttevredenheid" in unmeasurable[0]
    headers = {"nl": ("Meetbaar doel", "Weging"), "en": ("Measurable target", "Weight")}[lang]
    in_text = {"nl": "In het criterium zelf", "en": "In the criterion itself"}[lang]
    md = parse_markdown(to_markdown(record))
    docx = read_docx(export_record(record, "docx", tmp_path / "dossier.docx"))
    for tables in (md["tables"], docx["tables"]):
        criteria = next(t for t in tables if headers[0] in t[0])
        assert headers[1] in criteria[0]
        assert [row[criteria[0].index(headers[0])] for row in criteria[1:]] == [in_text, OPEN[lang]]


def test_a_preconditions_note_leaves_out_the_partly_yes_or_no_word_in_either_language(tmp_path, lang):
    # "Tijd | Deels | partly, the team is busy until spring" and "Time | Partly | deels, de planning
    # …": the answer column says it already, as a "ja" or "nee" is taken out of the note
    record = own_full_record(lang)
    preconditions = record.step0.preconditions
    preconditions.time = rec.Precondition.from_text("partly, the team is busy until spring")
    preconditions.budget = rec.Precondition.from_text("Deels: de planning loopt uit")
    preconditions.support = rec.Precondition(ok=True, note="yes, the alderman backs it")  # as a model fills it
    preconditions.mandate = rec.Precondition.from_text("niet echt, niemand beslist")  # part of the phrase: kept
    md = parse_markdown(to_markdown(record))
    docx = read_docx(export_record(record, "docx", tmp_path / "dossier.docx"))
    for tables in (md["tables"], docx["tables"]):
        rows = next(t for t in tables if len(t) == 5 and t[1][0] in ("Draagvlak", "Support"))[1:]
        assert [row[2] for row in rows] == ["the alderman backs it", "the team is busy until spring",
                                            "de planning loopt uit", "niet echt, niemand beslist"]


def test_an_english_export_glosses_the_guidances_dutch_titles_and_a_dutch_one_keeps_them_bare(exported):
    # "Based on: … box 'Zijn regels echt regels?'" and three of the five documents stood in Dutch
    # alone in an English document
    markdown = _md_all_text(exported["md"])
    glossed = ["'Zijn regels echt regels?' (are rules really rules?)", "Innoveren over grenzen heen (innovating across borders)"]
    for text_ in (markdown, _all_text(exported["docx"])):
        assert "Zijn regels echt regels?" in text_ and "Innoveren over grenzen heen" in text_
        assert all((gloss in text_) == (exported["lang"] == "en") for gloss in glossed)


@pytest.mark.parametrize(("lang", "label"), [("nl", "Toelichting op het eindoordeel"),
                                             ("en", "Explanation of the final verdict")])
def test_the_final_verdicts_why_is_in_both_documents_after_the_verdict(tmp_path, lang, label):
    # "Meer onderzoek nodig", and not why: the line a steering group reads first was not kept
    record = full_record(lang)
    record.step9.verdict = rec.FinalVerdict.MORE_RESEARCH
    record.step9.verdict_note = "camerabeelden opnieuw auditen en de API sneller maken"
    md = parse_markdown(to_markdown(record, lang))
    docx = read_docx(export_record(record, "docx", tmp_path / "r.docx"))
    verdict = rec.FinalVerdict.MORE_RESEARCH.label(lang)
    for text in (_md_all_text(md), _all_text(docx)):
        said = _norm(text)
        assert re.search(rf"{verdict}\W+{label}\W+{record.step9.verdict_note}", said, re.IGNORECASE), said[-2000:]


def test_a_required_question_a_check_is_about_is_counted_as_a_required_question_still_open(tmp_path):
    # step 5's outcome "unclear" left open: the app said "Nog open (verplicht): Uitkomst 3,
    # onduidelijk" and the cover "Verplichte vragen nog open: 0" (the check about it counted it)
    from assistant.plan.open_items import open_items

    record = full_record("nl")
    record.step5.unclear = type(record.step5.unclear)()
    assert rec.step_status(record, 5) == "in_progress" and "step5.unclear" in rec.missing_fields(record, 5)
    found = open_items(record)
    assert found.of_step(5).every_required == ("step5.unclear",)
    markdown = to_markdown(record, "nl")
    assert f"**Verplichte vragen nog open:** {found.every_required}" in markdown
    row = next(line for line in markdown.splitlines() if line.startswith("| 5 | Werk de mogelijke uitkomsten"))
    assert row.endswith(f"| {len(found.of_step(5).checks)} | 1 |")
    assert "_Status: Bezig · Nog open (verplicht): Onduidelijk_" in markdown


def test_a_row_an_open_check_is_about_is_marked_in_both_documents(tmp_path, lang):
    # "| Mandate | Yes | … but only until the market consultation |" read as settled to a manager,
    # three lines above the check that said the mandate does not last the whole trajectory
    record = full_record(lang)
    record.step0.preconditions.mandate = rec.Precondition.from_text(
        "Ja, de directeur mag beslissen tot 200 duizend euro, maar alleen tot de marktconsultatie" if lang == "nl"
        else "Yes, the director can decide up to 200 thousand euros, but only until the market consultation")
    record.step4.criteria[1].target = ""
    record.step4.criteria[1].text = "Bewoners zijn tevreden"
    checked = {(c.field, c.entry_id) for c in open_checks(record, lang)}
    assert ("step0.preconditions.mandate", None) in checked
    assert ("step4.criteria", record.step4.criteria[1].id) in checked
    yes = "Ja" if lang == "nl" else "Yes"
    note = "⚠ markeert een rij" if lang == "nl" else "⚠ marks a row"
    md = parse_markdown(to_markdown(record, lang))
    docx = read_docx(export_record(record, "docx", tmp_path / "r.docx", lang=lang))
    for tables, text in ((md["tables"], _md_all_text(md)), (docx["tables"], _all_text(docx))):
        [preconditions] = [table for table in tables if len(table) == 5 and table[4][0] in ("Mandaat", "Mandate")]
        assert [row[1] for row in preconditions[1:]] == [yes, yes, yes, f"{yes} ⚠"]
        # step 4's, before step 9's judgements of the same criteria
        criteria = [table for table in tables if any(row[1].startswith("Bewoners zijn tevreden") for row in table)][0]
        assert [row[1].endswith(" ⚠") for row in criteria[1:]] == [i == 1 for i in range(len(criteria) - 1)]
        # step 9's check that the criterion changed after it was judged marks its verdict
        judgements = [table for table in tables if any(row[1].startswith("Bewoners zijn tevreden") for row in table)][1]
        criterion = "Criterium" if lang == "nl" else "Criterion"
        assert [row[0] for row in judgements if row[2].endswith(" ⚠")] == [f"{criterion}\u00a02"]
        assert text.count(note) == 3  # under each table with a row marked


def test_a_checks_source_document_is_glossed_in_an_english_documents_open_checks(tmp_path):
    record = full_record("en")
    record.step7.procedure = rec.Procedure.SBIR  # with step 6's direct purchase: the SBIR check
    cited = ("Innovatiepartnerschap in praktijk (innovation partnership in practice) · Minder natuurbranden door "
             "slim datagebruik (fewer wildfires through smart use of data)")
    docx = _all_text(read_docx(export_record(record, "docx", tmp_path / "r.docx", lang="en")))
    for text in (to_markdown(record, "en"), docx):
        assert cited in text
