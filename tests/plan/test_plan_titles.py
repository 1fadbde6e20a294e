"""The guidance's Dutch titles keep their Dutch words and, in English, get their gloss."""

from __future__ import annotations

import pytest

from functools import cache

from assistant.core.resources import DEFAULT_CORPUS_DIR
from assistant.export.labels import GUIDANCE_DOCUMENTS
from assistant.knowledge.cleaning import cleaned_chunks
from assistant.knowledge.loaders import load_documents
from assistant.plan.checks import REFS
from assistant.plan.glossary import load_glossary
from assistant.plan.steps import load_plan
from assistant.plan.titles import (SECTION_SEPARATOR, TitlesError, glosses, guidance_source, heading_gloss,
                                   load_glosses, section_in, title_in, titles_as_is, titles_named)


def _titles_shown() -> dict[str, str]:
    """Every Dutch title the English interface shows, with where it is shown."""
    shown = {title: f"check {key}" for key, ref in REFS.items() for title in titles_named(ref.section)}
    for spec in load_plan("en").steps.values():
        shown |= {title: f"step {spec.number}: Based on" for source in spec.sources for title in titles_named(source)}
        shown |= {title: f"step {spec.number}: checklist {c.id}" for c in spec.checklists
                  for title in titles_named(c.source)}
    shown |= {title: f"glossary card {key}" for key, term in load_glossary().terms.items()
              for title in titles_named(term.source)}
    return shown | {title: f"sources table ({stem})" for stem, (title, _, _) in GUIDANCE_DOCUMENTS.items()}


def test_every_dutch_title_the_english_interface_shows_has_a_gloss():
    shown = _titles_shown()
    # the titles the testers found untranslated are among them
    assert {"Leveranciersafhankelijkheid", "Vooraf enkele tips en randvoorwaarden", "Zijn regels echt regels?",
            "De tien regels van Bureau ICT Toetsing", "Innoveren over grenzen heen",
            "Wat is digitale technologie?", "Wie doet wat"} <= set(shown)
    missing = {title: where for title, where in shown.items() if title not in glosses() and title not in titles_as_is()}
    assert not missing, f"add these to resources/prompts/guidance_titles.toml: {missing}"


@cache
def _shipped_sections() -> dict[str, str]:
    """Every section path of the shipped guidance as the index cuts it into passages, with its document."""
    documents, _skipped = load_documents([DEFAULT_CORPUS_DIR])
    chunks, _counts = cleaned_chunks([(d.doc, d.text, d.title, d.source, d.debris) for d in documents],
                                     lambda *_: None, workers=1)
    return {chunk.section: chunk.doc for chunk in chunks if chunk.section}


def test_every_heading_of_the_shipped_guidance_has_a_gloss():
    # the sources of an answer, the lessons and the procedures name a passage by its section's
    # path ("Inleiding › Vooraf enkele tips …"): in English that path was the one thing left Dutch
    sections = _shipped_sections()
    assert len(sections) > 300
    missing = {heading: doc for section, doc in sections.items() for heading in section.split(SECTION_SEPARATOR)
               if heading_gloss(heading.strip()) is None and heading.strip() not in titles_as_is()}
    assert not missing, f"add these to resources/prompts/guidance_titles.toml: {missing}"


def test_a_step_heading_is_glossed_with_the_steps_one_english_name():
    # the export's "Based on" said "(design the development process and draw up specifications)"
    # where the app said "Design the development trajectory and set the specifications"
    plan = load_plan("en")
    headings = {h.strip() for section in _shipped_sections() for h in section.split(SECTION_SEPARATOR)}
    step_headings = {h for h in headings if h.startswith("Stap ")}
    assert len(step_headings) == 10
    for heading in step_headings:
        number = int(heading.split(":")[0].removeprefix("Stap "))
        title = plan.step(number).title
        assert heading_gloss(heading) == f"step {number}: {title[0].lower()}{title[1:]}", heading


@pytest.mark.parametrize(("section", "english"), [
    ("Inleiding › Vooraf enkele tips en randvoorwaarden bij innovatie met digitale technologie",
     "Inleiding › Vooraf enkele tips en randvoorwaarden bij innovatie met digitale technologie "
     "(introduction › first, some tips and preconditions for innovating with digital technology)"),
    # a step's heading says the step's English title; a name stays as it is
    ("Stap 2: Maak een voorselectie van relevante technologieën voor de behoefte › Privacy",
     "Stap 2: Maak een voorselectie van relevante technologieën voor de behoefte › Privacy "
     "(step 2: pre-select the technologies relevant to the need › Privacy)"),
    ("Governance", "Governance"),
    ("", ""),
])
def test_a_section_path_keeps_its_dutch_and_gets_its_glosses_in_english_only(section, english):
    assert section_in(section, "en") == english
    assert section_in(section, "nl") == section


@pytest.mark.parametrize(("source", "english"), [
    ("Stap 6 · Leveranciersafhankelijkheid", "Step 6 · Leveranciersafhankelijkheid (supplier dependency)"),
    ("Het stappenplan · Vooraf enkele tips en randvoorwaarden",
     "Het stappenplan (the ten-step plan) · Vooraf enkele tips en randvoorwaarden (some tips and preconditions first)"),
    ("Handreiking (guidance), Stap 1: Verken nieuwe technologieën",
     "Handreiking (guidance), Stap 1: Verken nieuwe technologieën (explore new technologies)"),
    ("Handreiking (guidance), box 'Zijn regels echt regels?'",
     "Handreiking (guidance), box 'Zijn regels echt regels?' (are rules really rules?)"),
    ("Stap 4", "Step 4"),
    # section numbers and a box described, not named, are no titles
    ("Rapport Werkgroep Innovatiegericht Inkopen, 1.2, 'Methoden van innovatiegericht inkopen'",
     "Rapport Werkgroep Innovatiegericht Inkopen (report of the working group on innovation procurement), 1.2, "
     "'Methoden van innovatiegericht inkopen' (methods of innovation procurement)"),
    ("Handreiking (guidance), Stap 4, box with examples", "Handreiking (guidance), Step 4, box with examples"),
])
def test_a_source_keeps_its_dutch_title_and_gets_its_gloss_in_english_only(source, english):
    assert guidance_source(source, "en") == english
    assert guidance_source(source, "nl") == source


def test_a_title_is_glossed_in_english_and_left_as_it_is_in_dutch():
    assert title_in("Innoveren over grenzen heen", "en") == "Innoveren over grenzen heen (innovating across borders)"
    assert title_in("Innoveren over grenzen heen", "nl") == "Innoveren over grenzen heen"


@pytest.mark.parametrize(("line", "problem"), [
    ('"Inleiding" = ""', "empty"),
    ('"Inleiding" = "inleiding"', "the gloss is the title itself"),
    ('"Inleiding" = 3', "string"),
])
def test_a_broken_titles_file_is_refused_naming_the_title(tmp_path, line, problem):
    path = tmp_path / "guidance_titles.toml"
    path.write_text(f'[gloss]\n"Eindoordeel" = "final verdict"\n{line}\n', encoding="utf-8")
    with pytest.raises(TitlesError, match=problem) as caught:
        load_glosses(path)
    assert caught.value.line == 3 and "Inleiding" in str(caught.value)


def test_a_checks_reference_glosses_its_section_in_english():
    ref = REFS["vendor_lock_in_missing"]
    assert ref.label("en") == "Handreiking · Step 6 · Leveranciersafhankelijkheid (supplier dependency)"
    assert ref.label("nl") == "Handreiking · Stap 6 · Leveranciersafhankelijkheid"
