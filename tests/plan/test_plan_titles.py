"""The guidance's Dutch titles keep their Dutch words and, in English, get their gloss."""

from __future__ import annotations

import pytest

from assistant.export.labels import GUIDANCE_DOCUMENTS
from assistant.plan.checks import REFS
from assistant.plan.glossary import load_glossary
from assistant.plan.steps import load_plan
from assistant.plan.titles import TitlesError, glosses, guidance_source, load_glosses, title_in, titles_named


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


#: The guidance's titles that are English already (a gloss would repeat them).
ENGLISH_TITLES = {"Artificial Intelligence"}


def test_every_dutch_title_the_english_interface_shows_has_a_gloss():
    shown = _titles_shown()
    # the titles the testers found untranslated are among them
    assert {"Leveranciersafhankelijkheid", "Vooraf enkele tips en randvoorwaarden", "Zijn regels echt regels?",
            "De tien regels van Bureau ICT Toetsing", "Innoveren over grenzen heen",
            "Wat is digitale technologie?", "Wie doet wat"} <= set(shown)
    missing = {title: where for title, where in shown.items() if title not in glosses() and title not in ENGLISH_TITLES}
    assert not missing, f"add these to resources/prompts/guidance_titles.toml: {missing}"


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
