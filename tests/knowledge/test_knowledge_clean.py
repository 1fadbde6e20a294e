"""Cleaning PDF-extraction debris: hyphenation, headings, bullets, page furniture, footnotes."""

import re

import pytest

from assistant.knowledge.chunk import chunk_document, split_sentences
from assistant.knowledge.clean import (PDF_TEXT, REVIEWED_PDF_TEXT, Block, blocks_from_text, clean_document,
                                       is_table_row, sections_from_blocks, sentence_case, word_counts)
from assistant.knowledge.loaders import debris_of
from assistant.core.resources import DEFAULT_CORPUS_DIR

PLAN = DEFAULT_CORPUS_DIR / "000_0a8fe956f5fc1910.txt"
CASES = DEFAULT_CORPUS_DIR / "001_612382e3c074afb7.txt"
REPORT = DEFAULT_CORPUS_DIR / "002_e82ae1860d97a4e4.txt"


@pytest.fixture(scope="module")
def vocabulary():
    return word_counts([p.read_text(encoding="utf-8") for p in sorted(DEFAULT_CORPUS_DIR.glob("*.txt"))])


@pytest.fixture(scope="module")
def plan(vocabulary):
    return clean_document("000", PLAN.read_text(encoding="utf-8"), title="Handreiking", source=str(PLAN),
                          vocabulary=vocabulary)


def paragraphs(text: str, vocabulary=None, debris=PDF_TEXT) -> list[str]:
    return [b.text for b in blocks_from_text(text, vocabulary, debris) if b.kind != "heading"]


def test_hyphen_at_line_end_joins_the_word():
    assert paragraphs("De traditionele manier van aanbeste-\nden is anders.") == [
        "De traditionele manier van aanbesteden is anders."]


def test_hyphen_before_a_conjunction_is_a_real_compound_ellipsis():
    text = "Van behoeftefase tot afname/inkoop- \n\nen implementatiefase duurt het jaren."
    assert paragraphs(text) == ["Van behoeftefase tot afname/inkoop- en implementatiefase duurt het jaren."]


def test_a_hyphenated_phrase_broken_at_its_hyphen_keeps_it():
    # "kant-" / "en-klare" was quoted as "kanten-klare" (SBIR's passage in the working group's report)
    assert paragraphs("Het wordt ingezet als er nog geen kant-\nen-klare producten zijn.") == [
        "Het wordt ingezet als er nog geen kant-en-klare producten zijn."]


def test_hyphen_after_an_acronym_stays():
    assert paragraphs("Er zijn 55 SBIR-\ntrajecten uitgevoerd.") == ["Er zijn 55 SBIR-trajecten uitgevoerd."]


def test_word_broken_without_hyphen_is_rejoined_when_the_corpus_knows_the_word(vocabulary):
    text = "Via de procedure Innovatie\npartnerschap betrekken zij ook bedrijven bij deze samen\nwerking."
    joined = paragraphs(text, vocabulary)[0]
    assert "Innovatiepartnerschap" in joined and "samenwerking" in joined


def test_a_word_before_a_note_number_at_a_line_end_is_whole(vocabulary):
    # "sociale zorg21" / "en dergelijke": without its note number "zorg" + "en" was read as a word
    # broken at the line end, and the answer quoted "sociale zorgen dergelijke"
    text = ("Het gaat om woningbouw, bereikbaarheid, sociale zorg21\nen dergelijke. Bovendien spelen "
            "besparingen een rol.\n\n21 Zie de toelichting.")
    assert "sociale zorg en dergelijke" in paragraphs(text, vocabulary, REVIEWED_PDF_TEXT)[0]


def test_ordinary_words_across_a_line_break_stay_apart(vocabulary):
    text = "Dit komt over\neen aantal jaren terug in het plan."
    assert "over een aantal" in paragraphs(text, vocabulary)[0]


def test_bullet_broken_over_a_blank_line_is_one_item():
    text = "•\t Zorg voor voldoende draagvlak, tijd, budget en bevoegdheid \n\nom beslissingen te maken.  \n"
    blocks = blocks_from_text(text)
    assert [(b.kind, b.text) for b in blocks] == [
        ("bullet", "Zorg voor voldoende draagvlak, tijd, budget en bevoegdheid om beslissingen te maken.")]


def test_page_numbers_urls_and_replacement_characters_are_dropped():
    text = ("Een zin die doorloopt over\n\n88\n\nhttps://www.pianoo.nl/nl/stappenplan-behoefteanalyse\n"
            "de paginagrens heen \ufffd met\u00a0een harde spatie.")
    assert paragraphs(text) == ["Een zin die doorloopt over de paginagrens heen met een harde spatie."]


def test_footnote_numbers_glued_to_words_and_years_are_removed_from_the_reviewed_guidance():
    # the shipped guidance lost some footnotes in extraction; every marker in it was checked by hand
    text = "In de periode 201618 tot 2021 is bijna € 64 miljoen17 beschikbaar gesteld, zegt de group44 ter wereld3."
    cleaned = paragraphs(text, debris=REVIEWED_PDF_TEXT)[0]
    assert "2016 tot 2021" in cleaned
    assert "miljoen beschikbaar" in cleaned and "group " in cleaned and "wereld." in cleaned
    assert "Covid-19" in paragraphs("De Covid-19 crisis.", debris=REVIEWED_PDF_TEXT)[0]
    assert paragraphs("De SBIR-aanpak1 is geen procedure.", debris=REVIEWED_PDF_TEXT) == [
        "De SBIR-aanpak is geen procedure."]


FOOTNOTED_PAGES = (
    "AANPAK\n\n"
    "De werkgroep kijkt naar kansen1 en naar het\n"
    "innovatiepartnerschap als instrument.\n\n"
    "1 De motie Bruins verzoekt de regering om (a) afspraken te maken met aanbestedende diensten om inno-\n"
    "vatiegericht inkopen de komende drie jaar te bevorderen en hierover streefcijfers vast te leggen (Kamerstuk 35570-\n"
    "XIII, nr. 50).\n"
    "2 Zie Van Dijk (2015).\n\n"
    " Daarnaast onderzoekt de werkgroep de rol\n"
    "van de markt.\n\n"
    "3 Het staat elke aanbestedende dienst vrij om zelf een SBIR op te zetten, en in de praktijk blijkt dat ook\n\n"
    "vaak te gebeuren met ondersteuning van RVO bij de uitvoering ervan, zoals bij het Netherlands Space Office.\n\n"
    "RESULTATEN\n\n"
    "Er zijn twaalf trajecten gestart.\n"
)


def test_footnotes_leave_the_body_and_close_their_section():
    cleaned = clean_document("002", FOOTNOTED_PAGES, title="Rapport", source="r.txt")
    sections = {s.heading: s.paragraphs for s in cleaned.sections}
    assert sections["Aanpak"] == [
        "De werkgroep kijkt naar kansen en naar het innovatiepartnerschap als instrument.",
        "Daarnaast onderzoekt de werkgroep de rol van de markt.",
        "Voetnoot 1: De motie Bruins verzoekt de regering om (a) afspraken te maken met aanbestedende diensten om "
        "innovatiegericht inkopen de komende drie jaar te bevorderen en hierover streefcijfers vast te leggen "
        "(Kamerstuk 35570-XIII, nr. 50).",
        "Voetnoot 3: Het staat elke aanbestedende dienst vrij om zelf een SBIR op te zetten, en in de praktijk blijkt "
        "dat ook vaak te gebeuren met ondersteuning van RVO bij de uitvoering ervan, zoals bij het Netherlands Space "
        "Office."]
    # a bare reference is dropped; the next section is untouched
    assert not any("Van Dijk" in p for ps in sections.values() for p in ps)
    assert sections["Resultaten"] == ["Er zijn twaalf trajecten gestart."]


def test_numbered_lines_out_of_footnote_sequence_stay_body_text():
    text = ("Aantallen per jaar.\n\n2016 1 2017 7 2018 12\n\n1 partij schreef zich in voor de tweede ronde.\n\n"
            "2 partijen trokken zich terug.\n")
    cleaned = " ".join(paragraphs(text))
    assert "2016 1 2017 7 2018 12" in cleaned
    assert "1 partij schreef zich in" in cleaned and "2 partijen trokken zich terug." in cleaned
    assert "Voetnoot" not in cleaned


@pytest.mark.parametrize("debris", [PDF_TEXT, REVIEWED_PDF_TEXT])
def test_a_note_number_behind_a_quotations_closing_mark_goes_from_the_guidance(debris):
    # "… om politieke keuzes vraagt.’26 Het gebrek …": note 26 of the document ("26 Zie Verhoeven
    # (2019)."), which answers quoted with its number
    path = DEFAULT_CORPUS_DIR / "004_989769d4bda357ff.txt"
    document = clean_document("004", path.read_text(encoding="utf-8"), title="t", source=str(path), debris=debris)
    text = " ".join(p for s in document.sections for p in s.paragraphs)
    assert "politieke keuzes vraagt.’ Het gebrek aan inzicht" in text
    assert "vraagt.’26" not in text


def test_the_reports_footnotes_are_not_mixed_into_its_paragraphs(vocabulary):
    report = clean_document("002", REPORT.read_text(encoding="utf-8"), title="Rapport", source=str(REPORT),
                            vocabulary=vocabulary)
    body = [p for s in report.sections for p in s.paragraphs if not p.startswith("Voetnoot ")]
    notes = [p for s in report.sections for p in s.paragraphs if p.startswith("Voetnoot ")]
    assert not any("De motie Bruins verzoekt" in p or "Het staat elke aanbestedende dienst vrij" in p for p in body)
    assert any(p.startswith("Voetnoot 16: Het staat elke aanbestedende dienst vrij") for p in notes)
    assert any("38 innovatiepartnerschappen zijn aangekondigd." in p for p in body)
    # a note whose last words stand on a line of their own, over the next note or a gap, ends
    # there: the notes after it were read as text, and those words as the title of the text after
    assert not any("Zoals de Vlaamse overheid PIO" in p or "Commission (europa.eu)" in p for p in body)
    assert any(p.startswith("Voetnoot 39: Zo stelde bijvoorbeeld Rijkswaterstaat") for p in notes)
    assert not any("Ecosystems" in s.heading for s in report.sections)
    assert any(p.startswith("Voetnoot 38: Recentelijk") and p.endswith("(HORIZON-EIE-2022-CONNECT-02)") for p in notes)


def test_running_headers_are_dropped_but_numbered_tables_are_kept():
    header = "Innovatiepartnerschap in praktijk {}\n"
    text = "".join(header.format(n) + f"Tekst op pagina {n} loopt door.\n\n" for n in (3, 9, 19))
    text += "Tabel 2.1\n\nTabel 2.2\n\nTabel 2.3\n\nEen tabel hierboven."
    cleaned = "\n".join(b.text for b in blocks_from_text(text))
    assert "Innovatiepartnerschap in praktijk" not in cleaned
    assert "Tabel 2.1" in cleaned


def test_a_short_caps_line_that_finishes_a_sentence_is_not_a_heading_of_its_own():
    text = ("Diederik van Leeuwen\nNew Trust Foundation / Ministerie van\nBZK UBR\n\n"
            "SINGLE POINT OF FAILURE\n\nDe data moet te vertrouwen zijn.")
    blocks = blocks_from_text(text)
    assert [b.text for b in blocks if b.kind == "heading"][-1] == "Single point of failure"
    assert [b.text for b in blocks if b.text.endswith("BZK UBR")] == ["New Trust Foundation / Ministerie van BZK UBR"]


def test_a_line_that_stops_where_no_line_can_end_is_no_title():
    text = ("Casestudy B\n\nDefensie zoekt een oplossing om faciliteiten duurzaam te verwarmen.\n\n"
            "Onderstaande personen zijn deelnemers aan de\nWerkgroep. Zij hebben bijgedragen door te lezen.\n\n"
            "Ramona Apostol Senior inkoopadviseur")
    blocks = blocks_from_text(text)
    assert [b.text for b in blocks if b.kind == "heading"] == ["Casestudy B"]
    assert "Onderstaande personen zijn deelnemers aan de Werkgroep. Zij hebben" in blocks[2].text


def test_a_byline_wrapped_where_no_line_can_end_is_one_title():
    text = ("Op neutraal terrein\n\nRutger van Zuidam, Odyssey\nWouter Welling, ministerie van\n"
            "Binnenlandse Zaken en Koninkrijksrelaties\n\n“We zien bij veel partijen een zoektocht,” zegt Van Zuidam.")
    headings = [b.text for b in blocks_from_text(text) if b.kind == "heading"]
    assert "Wouter Welling, ministerie van Binnenlandse Zaken en Koninkrijksrelaties" in headings


def test_the_next_of_a_numbered_run_of_caps_titles_opens_its_own_heading():
    text = ("BIJLAGE 1. BIJDRAGEN VAN EXPERTS\nEN ERVARINGSDESKUNDIGEN\n BIJLAGE 2. CASE STUDIES TIJDENS\n"
            "WERKCONGRES\n\nCasestudy A – Demo\n\nDe studenten onderzoeken de transitie in aanverwante richtingen.")
    headings = [b.text for b in blocks_from_text(text) if b.kind == "heading"]
    assert headings[:2] == ["Bijlage 1. Bijdragen van experts en ervaringsdeskundigen",
                            "Bijlage 2. Case studies tijdens werkcongres"]


def test_a_title_wrapped_over_two_lines_above_glued_text_is_a_heading():
    text = ("Bij afronding worden de kindcentra overgedragen.\n\n"
            "Demografische krimp vraagt om nieuwe\noplossingen\n"
            "De gemeente Hof van Twente is een gebied\ndat te maken heeft met krimp.")
    blocks = blocks_from_text(text)
    assert [b.text for b in blocks if b.kind == "heading"] == ["Demografische krimp vraagt om nieuwe oplossingen"]
    assert paragraphs(text)[-1] == "De gemeente Hof van Twente is een gebied dat te maken heeft met krimp."


def test_a_title_wrapped_over_two_lines_above_a_list_is_a_heading():
    # the guidance's tips and preconditions were cited to the section before them
    text = ("het stappenplan te doorlopen.\n\n"
            "Vooraf enkele tips en randvoorwaarden bij innovatie\nmet digitale technologie\n"
            "•\t Zorg voor voldoende draagvlak, tijd, budget en bevoegdheid\n\nom beslissingen te maken.")
    blocks = blocks_from_text(text)
    assert [b.text for b in blocks if b.kind == "heading"] == [
        "Vooraf enkele tips en randvoorwaarden bij innovatie met digitale technologie"]


def test_a_question_over_a_paragraph_is_a_heading_however_the_paragraph_was_wrapped():
    # its first line shorter than the question, the question was glued to the speaker's byline
    text = ("innovatiepartnerschap Rijkswaterstaat\n\n"
            "Hoe ziet het innovatiepartnerschap eruit?\n"
            "In een innovatiepartnerschap start de\noverheid een ontwikkeltraject met markt-\n"
            "partijen en gaan daarna over tot de uitrol.")
    assert [b.text for b in blocks_from_text(text) if b.kind == "heading"] == ["Hoe ziet het innovatiepartnerschap eruit?"]


@pytest.mark.parametrize("text", [
    # a question that a list answers introduces the list
    "Wat legt een basis voor vertrouwen?\n• Een basisset aan omgangsregels\n• Snel naar kleine resultaten",
    # an item of a numbered run, the next one longer: a figure's list of the steps
    "Stap 4: Bepalen criteria\nStap 5: Uitwerken mogelijke uitkomsten\nStap 6: Opstellen opschalingsplan",
    # a short line over a paragraph's shorter first line, no question
    "Afspraken over de samenwerking\nSamenwerken biedt\nvoordelen voor beide partijen, zegt hij.",
])
def test_lines_that_open_a_list_or_a_paragraph_are_not_taken_for_titles(text):
    assert not [b for b in blocks_from_text("Vooraf.\n\n" + text) if b.kind == "heading"]


def test_a_title_over_a_sentence_that_a_function_word_opens_is_a_heading_however_it_was_wrapped():
    # the paragraph's first line shorter than the title: the title was quoted as its first words
    text = ("2021 6\n\nGebruik van innovatiepartnerschap in Nederland\n"
            "Op basis van gegevens van TenderNed blijkt\ndat er in de periode 2016 tot 2021 in totaal\n"
            "38 innovatiepartnerschappen zijn aangekondigd.")
    blocks = blocks_from_text(text)
    assert [b.text for b in blocks if b.kind == "heading"] == ["Gebruik van innovatiepartnerschap in Nederland"]
    assert paragraphs(text)[-1].startswith("Op basis van gegevens")
    # a name's particle is no function word opening a sentence: "vertelt" / "Van Kessel" runs on
    text = ("Afspraken over de samenwerking\nDe samenwerking biedt voordelen, vertelt\n"
            "Van Kessel: “Als meer mensen ergens over\nnadenken, dan krijg je een beter product.”")
    assert [b.text for b in blocks_from_text(text) if b.kind == "heading"] == ["Afspraken over de samenwerking"]


REPORTS_SIBLINGS = ("1.2 Context innovatiegericht inkopen\n\nDe SBIR en het innovatiepartnerschap zijn instrumenten "
                    "voor de vroege fasen van innovatie.\n\nSBIR\nDe kern van SBIR is dat de overheid ondernemers "
                    "uitdaagt om te ontwikkelen.\n\nInnovatiepartnerschap\nDe kern van innovatiepartnerschap is "
                    "dat overheden een ontwikkeltraject starten.\n")


def test_a_title_of_acronyms_is_a_sibling_of_the_titles_beside_it_not_a_chapter_over_them():
    headings = [s.heading for s in clean_document("x", REPORTS_SIBLINGS, title="t", source="s").sections]
    assert headings == ["1.2 Context innovatiegericht inkopen", "1.2 Context innovatiegericht inkopen › SBIR",
                        "1.2 Context innovatiegericht inkopen › Innovatiepartnerschap"]


def test_the_text_after_a_tables_rows_goes_on_in_the_section_the_table_stands_in():
    prose = ("Ondanks wijdverbreide Europese toezeggingen om publieke inkoop strategisch te benutten voor "
             "innovatie zijn de resultaten ervan beperkt.")
    text = ("1.2 Context\n\nGebruik van SBIR in Nederland\nIn Nederland is met name RVO de partij die SBIR-\n"
            "trajecten opzet in opdracht van andere diensten.\n\nTABEL 2. AANTAL SBIR-TRAJECTEN DOOR RVO:\n\n"
            "2011 2\n\n2012 2\n\n" + prose)
    document = clean_document("x", text, title="t", source="s")
    assert [(s.heading, s.paragraphs) for s in document.sections][1:] == [
        ("1.2 Context › Tabel 2. Aantal SBIR-trajecten door RVO:", ["2011 2", "2012 2"]),
        ("1.2 Context › Gebruik van SBIR in Nederland", [prose])]
    # it goes on where the section's heading was written: not again over it
    assert chunk_document(document)[-1].text == prose


def test_a_tables_rows_stay_rows_with_their_words_in_order(vocabulary):
    # the report's tables print a row to a line ("2019 4"); run together ("… 2018 3 2019 4 2020
    # 9 …"), which number went with which year was lost
    raw = REPORT.read_text(encoding="utf-8")
    document = clean_document("002", raw, title="t", source="s", vocabulary=vocabulary)
    tables = {s.heading.rsplit(" › ", 1)[-1]: s.paragraphs for s in document.sections
              if s.heading.rsplit(" › ", 1)[-1].startswith("Tabel")}
    rows = tables["Tabel 2. Aantal SBIR-trajecten aangekondigd door RVO:"]
    assert rows == [f"{year} {count}" for year, count in zip(range(2011, 2022), (2, 2, 3, 7, 3, 12, 4, 3, 4, 9, 6))]
    assert tables["Tabel 1. Aantal innovatiepartnerschappen, gegevens van tenderned:"][:2] == ["2016 1", "2017 7"]
    # the words as the report prints them, in its order
    printed = raw[raw.index("DIGD DOOR RVO:") + len("DIGD DOOR RVO:"):raw.index("Gebruik van innovatiepartnerschap")]
    assert " ".join(rows).split() == printed.split()
    passage = next(c for c in chunk_document(document) if c.section.endswith("door RVO:"))
    assert "\n2018 3\n2019 4\n2020 9\n" in passage.text


@pytest.mark.parametrize(("line", "row"), [
    ("2019 4", True), ("Totaal 12,5%", True), ("Budget € 24", True),
    # a wrapped sentence's line that ends on a number, a sentence, a number alone
    ("Het aantal trajecten nam toe in 2019", False), ("Dat was 2019.", False), ("2019", False),
    # a caption or a reference that ends on its number
    ("Figuur 2.1", False), ("Tabel 2.3", False), ("Stap 3", False), ("zie artikel 2.115", False),
])
def test_a_table_row_is_a_short_label_and_a_number(line, row):
    assert is_table_row(line) is row


def test_an_address_broken_over_lines_goes_with_its_last_piece_and_a_title_after_it_stays():
    text = ("De oplossing wordt uitgerold onder de afgesproken voorwaarden.\n"
            "https://www.pianoo.nl/nl/inkoopproces/\nfase-1-voorbereiden/mogelijke-procedures/\n"
            "europese-specifieke-procedures\nhttp://innovatiekoffer.nl/instrumenten/\n Samenwerking\n"
            "Het eerste project was in samenwerking met het ministerie.")
    blocks = blocks_from_text(text)
    assert "procedures" not in " ".join(b.text for b in blocks)
    assert [b.text for b in blocks if b.kind == "heading"] == ["Samenwerking"]


@pytest.mark.parametrize("text", [
    # an ordinary paragraph whose second line is full width
    "Het stappenplan helpt organisaties bij\nhet verkennen van technologieën en meer\nDe gemeente volgt.",
    # a short last line that ends the sentence
    "De opdracht ging naar vier bureaus die\nsamenwerken.\nDe gemeente volgt.",
])
def test_wrapped_sentences_are_not_taken_for_two_line_titles(text):
    assert not [b for b in blocks_from_text("Vooraf.\n\n" + text) if b.kind == "heading"]


@pytest.mark.parametrize(("first", "second", "name"), [
    ("Tabel 2.1", "Interne en externe innovatie", "Tabel 2.1: Interne en externe innovatie"),
    ("Een traject is gericht op:", "Het ontwikkeltraject slaagt als", "Een traject is gericht op: Het ontwikkeltraject slaagt als"),
])
def test_stacked_titles_name_one_section(first, second, name):
    blocks = [Block("heading", "Hoofdstuk", 1, 1), Block("heading", first, 2), Block("heading", second, 3),
              Block("paragraph", "Tekst.", 4)]
    assert [s.heading for s in sections_from_blocks(blocks, is_step_plan=False)] == [f"Hoofdstuk › {name}"]


def test_titles_stacked_beyond_a_titles_length_are_the_sections_text():
    cells = ["Ontwerpfocus Eenheid/silo Proces/keten Ecosysteem", "Scope De organisatie De overheid",
             "Middelpunt Medewerker Klant Mens"]
    blocks = [Block("heading", "Hoofdstuk", 1, 1), Block("heading", "Figuur 2.5", 2),
              Block("heading", "Innovaties Goedkoper/sneller Game changers", 3),
              *(Block("heading", cell, 4 + n) for n, cell in enumerate(cells)), Block("paragraph", "Tekst.", 9)]
    [section] = sections_from_blocks(blocks, is_step_plan=False)
    assert section.heading == "Hoofdstuk › Figuur 2.5: Innovaties Goedkoper/sneller Game changers"
    assert section.paragraphs == [*cells, "Tekst."]


def test_a_list_of_names_and_organisations_under_a_title_is_its_text_not_titles_of_its_own():
    # one member to a row (name, function, organisation); a row's organisation wrapped onto a
    # line of its own, set apart by gaps, had become the title over the next member
    text = ("Onderstaande personen hebben aan het rapport bijgedragen:\n\n"
            "LEDEN VAN DE WERKGROEP\n\n"
            "Anna de Vries Senior adviseur Gemeente Utrecht\n\n"
            "Bram Jansen Beleidsmedewerker inkopen Provincie Gelderland\n\n"
            "Carla Smit Coördinator innovatie en \ninkoop\n\n"
            "Expertisecentrum Inkoop\n\n"
            "Dirk Bakker Senior adviseur Ministerie van Financiën - Afdeling \nBegroting\n\n"
            "Eva Mulder Adviseur digitale zaken\n\n"
            "Waterschap Rivierenland\n\n"
            "Frank de Boer Strategisch adviseur Gemeente Almere\n")
    sections = _paragraphs_by_heading(text)
    assert list(sections) == ["", "Leden van de werkgroep"]
    assert sections["Leden van de werkgroep"][2:5] == [
        "Carla Smit Coördinator innovatie en inkoop", "Expertisecentrum Inkoop",
        "Dirk Bakker Senior adviseur Ministerie van Financiën - Afdeling Begroting"]
    # a title over sentences after the list stays one
    after = "\nVerantwoording\n\nDe werkgroep sprak met al deze mensen over hun ervaringen met innovatie.\n"
    assert list(_paragraphs_by_heading(text + after)) == [
        "", "Leden van de werkgroep", "Leden van de werkgroep › Verantwoording"]


def test_a_sentence_glued_to_the_next_after_a_bracket_gets_its_space_and_loses_its_note_number():
    text = ("Denk aan innovatiepartnerschap (IPS).Verder zijn er andere methoden (van O&O tot aan opschaling)10 en "
            "zoals t.o.v. (zie www.pianoo.nl) in (fase 2) 3 keer, de (AGV)3 en Zeger van der Wal46 over PSD2.")
    assert paragraphs(text, debris=REVIEWED_PDF_TEXT) == [
        "Denk aan innovatiepartnerschap (IPS). Verder zijn er andere methoden (van O&O tot "
        "aan opschaling) en zoals t.o.v. (zie www.pianoo.nl) in (fase 2) 3 keer, de (AGV) en "
        "Zeger van der Wal over PSD2."]


def test_a_note_number_glued_to_an_acronym_goes_only_where_it_is_one_of_the_documents_notes():
    body = ("De SBIR is een instrument.\n\nZie de evaluatie SBIR23 voor cijfers, en de richtlijn PSD2 en\n"
            "COVID19 en de MKB12 regeling.\n\n")
    notes = "".join(f"{n} Noot {n}.\n\n" for n in range(1, 24))
    text = " ".join(paragraphs(body + notes))
    assert "evaluatie SBIR voor cijfers" in text
    assert "PSD2" in text and "COVID19" in text  # names; COVID is nowhere written bare
    assert "MKB12" in text  # no such acronym bare in the text


def test_a_note_number_glued_to_an_acronym_goes_where_its_footnote_names_the_acronym():
    body = ("Daarvoor heeft de school DEDA14 ontwikkeld, naast de regeling MKB12 en de norm NEN15.\n\n")
    notes = "".join(f"{n} Zie dataschool.nl/deda.\n\n" if n == 14 else f"{n} Noot {n}.\n\n" for n in range(1, 16))
    text = " ".join(paragraphs(body + notes))
    assert "de school DEDA ontwikkeld" in text
    assert "MKB12" in text and "NEN15" in text  # their notes do not name them: perhaps names


def test_a_story_title_printed_again_over_its_opening_does_not_become_a_subsection():
    text = ("CHARM EN CHARM PCP VOOR INNOVATIE-PARTNERSCHAP\n\nHet wegverkeer wordt drukker.\n\n"
            "CHARM en CHARM PCP voor innovatie\npartnerschap\nRijkswaterstaat startte twee aanbestedingen.")
    doc = clean_document("001", text, title="Praktijk", source="x.txt")
    headings = [s.heading for s in doc.sections]
    assert len(headings) == 2 and headings[0] == headings[1]
    assert headings[0].lower() == "charm en charm pcp voor innovatie-partnerschap"


def test_caps_headings_become_sentence_case_keeping_acronyms():
    assert sentence_case("STAP 3: BESCHRIJF DE MINIMALE EISEN") == "Stap 3: Beschrijf de minimale eisen"
    assert sentence_case("CHARM EN CHARM PCP", {"CHARM", "PCP"}) == "CHARM en CHARM PCP"


def test_a_caps_title_keeps_the_capitals_of_the_names_the_text_writes_capitalised(vocabulary):
    # sources read "Zo kan almere nog meer plastic recyclen", "Waterschap rivierenland daagt …"
    headings = {s.heading.split(" › ")[0] for path in (CASES, REPORT) for s in clean_document(
        path.stem[:3], path.read_text(encoding="utf-8"), title="", source=str(path), vocabulary=vocabulary).sections}
    assert "Zo kan Almere nog meer plastic recyclen" in headings
    assert "Waterschap Rivierenland daagt marktpartijen uit voor innovatieve onderzoeksaanpak" in headings
    assert "Hof van Twente krijgt twee duurzame kindcentra" in headings
    # a word capitalised once, in a byline ("Assistant Professor Innovation Studies"), is no name
    assert "Bijlage 2. Case studies tijdens werkcongres" in headings
    # the words of `names` keep their capital, the rest are lowered
    assert sentence_case("ZO KAN ALMERE NOG MEER", names={"Almere"}) == "Zo kan Almere nog meer"


def test_step_headings_are_moved_to_the_start_of_their_page(plan):
    by_heading = {s.heading: s for s in plan.sections}
    step3 = by_heading["Stap 3: Beschrijf de minimale eisen"]
    # the PDF printed the heading halfway the step's first page; its first paragraph belongs to step 3
    assert step3.paragraphs[0].startswith("U gaat eisen opstellen waar de nieuwe technologie tenminste")
    step1 = by_heading["Stap 1: Verken nieuwe technologieën"]
    assert step1.paragraphs[0].startswith("Een ontwikkeltraject begint met onderzoeken welke nieuwe technologieën")
    # the sentence the heading interrupted is whole again
    assert any("eisen uit de behoeften als de randvoorwaardelijke eisen" in p
               for s in plan.sections for p in s.paragraphs)


def test_a_chapter_title_printed_below_its_pages_opening_heads_that_page():
    # each story opens a page (a running footer with its page number ends the page before);
    # one story's title came out after its introduction, which was cited to the story before
    text = (" EERSTE VERHAAL OVER BOMEN\n\nDe gemeente plant elk jaar duizend bomen in de wijken.\n\n"
            "Tips van de gemeente\n• Plant de bomen vroeg in het seizoen.\n\nVerhalen uit de praktijk 4\n\n"
            "Veel steden willen minder hitte in de zomer. De stad werkte met bedrijven aan een oplossing.\n\n"
            "TWEEDE VERHAAL OVER\nKOELE STRATEN\n"
            " Het project begon met een proef in twee straten.\n\nVerhalen uit de praktijk 5\n\n"
            "DERDE VERHAAL OVER WATER\n\nHet waterschap zocht een nieuwe pomp.\n\nVerhalen uit de praktijk 6\n\n"
            "VIERDE VERHAAL OVER LICHT\n\nDe provincie koos zuinige lampen.\n")
    sections = _paragraphs_by_heading(text)
    assert sections["Tweede verhaal over koele straten"] == [
        "Veel steden willen minder hitte in de zomer. De stad werkte met bedrijven aan een oplossing.",
        "Het project begon met een proef in twee straten."]
    tips = "Eerste verhaal over bomen › Tips van de gemeente"
    assert sections[tips] == ["• Plant de bomen vroeg in het seizoen."]
    # where most chapters do not open a page, a title stays where it was printed
    mid_page = text.replace("\n\nDERDE", "\nDe pomp.\n\nDERDE").replace("\n\nVIERDE", "\nHet licht.\n\nVIERDE")
    assert "Veel steden willen" in _paragraphs_by_heading(mid_page)[tips][1]


def test_every_step_of_the_plan_has_sections_with_its_number(plan):
    steps = {s.step for s in plan.sections if s.step is not None}
    assert steps == set(range(1, 11))
    box = next(s for s in plan.sections if s.heading.endswith("Publieke waarden en mensenrechten"))
    assert box.step == 2 and box.heading.startswith("Stap 2:")


def test_chunks_carry_document_section_and_step(plan):
    chunks = chunk_document(plan)
    target = [c for c in chunks if "Beperk uzelf enkel tot díe eisen" in c.text]
    assert len(target) == 1
    chunk = target[0]
    assert chunk.doc == "000" and chunk.title == "Handreiking" and chunk.step == 3
    assert chunk.section.startswith("Stap 3: Beschrijf de minimale eisen")
    assert all(len(c.text) <= 1700 for c in chunks)
    # ids come from content: the same text gives the same ids
    again = chunk_document(plan)
    assert [c.id for c in chunks] == [c.id for c in again]
    assert len({c.id for c in chunks}) == len(chunks)


def _section_chunks(*paragraphs):
    from assistant.knowledge.clean import CleanDocument, Section

    document = CleanDocument("999", "Proef", "proef.txt", [Section("Proef", None, list(paragraphs))])
    return [c.text for c in chunk_document(document)]


def _filler(n, word):
    return " ".join(f"Zin {i} gaat over {word} en meer." for i in range(n))


def test_a_list_stays_in_the_passage_of_the_sentence_that_introduces_it():
    # the lead-in alone would end a passage on "… drie fases:" and its items would open the next
    body = f"{_filler(22, 'samenwerking')} Grofweg bestaat dit proces uit drie fases:"
    items = [f"• {_filler(14, f'fase {n}')}" for n in (1, 2, 3)]
    chunks = _section_chunks(body, *items)
    # the list does not fit after the body: its lead-in moves on with it
    assert chunks[0] == f"Proef\n{_filler(22, 'samenwerking')}"
    assert chunks[1].startswith("Grofweg bestaat dit proces uit drie fases:\n• Zin 0 gaat over fase 1")
    assert all(not c.rstrip().endswith(":") for c in chunks)
    # a shorter lead-in and list fit together whole, past the passage's usual size
    short = _section_chunks(f"{_filler(19, 'de markt')} Onderdelen zijn:", *[f"• Onderdeel {n} van het plan." for n in range(8)])
    assert len(short) == 1


def test_a_paragraph_that_leans_on_the_one_before_stays_with_it():
    before = _filler(21, "financiering")
    assert 800 < len(before) < 1000
    leaning = ("Dat wilden we juist niet. Die mensen zijn onderdeel van het traject, naast hun huurcontract "
               "hebben ze een contract voor proeven getekend.")
    assert _section_chunks(before, leaning) == [f"Proef\n{before}\n{leaning}"]
    # a paragraph that opens on its own subject starts a passage of its own
    own = ("Ondernemers testen hun oplossing in een proeftuin en leren van de gebruikers daar. "
           "Zo weten zij na een paar maanden wat werkt.")
    assert _section_chunks(before, own)[-1] == own
    # "Dat" as the start of a name or a title ("Dat Project") leans on nothing
    named = "Dat Project van de gemeente liep goed af. " + own
    assert _section_chunks(before, named)[-1] == named


def test_sentence_split_survives_dutch_abbreviations():
    text = "Denk bijv. aan sensoren. Dit geldt o.a. voor AI. Klaar!"
    assert split_sentences(text) == ["Denk bijv. aan sensoren.", "Dit geldt o.a. voor AI.", "Klaar!"]
    # any run of small letters with stops is one: "i.o.v." had ended "… 2017-2019’ i.o.v." before "EZK."
    text = "Een monitor i.o.v. EZK. Dat was t.a.v. Rijkswaterstaat c.q. RVO. Klaar!"
    assert split_sentences(text) == ["Een monitor i.o.v. EZK.", "Dat was t.a.v. Rijkswaterstaat c.q. RVO.", "Klaar!"]


def test_a_word_ending_like_an_abbreviation_still_ends_its_sentence():
    # "p." and "art." matched as endings: "stap." and "start." ran into the next sentence; and
    # "dd." ("dated") ended one, leaving "… de kamerbrief dd." in answers
    assert split_sentences("Dit is de eerste stap. Daarna volgt de start. Dan de rest.") == [
        "Dit is de eerste stap.", "Daarna volgt de start.", "Dan de rest."]
    assert split_sentences("Zie de kamerbrief dd. 8 juli 2022 en art. 4. Daarna meer.") == [
        "Zie de kamerbrief dd. 8 juli 2022 en art. 4.", "Daarna meer."]


def test_no_debris_survives_in_the_whole_corpus(vocabulary):
    for path in sorted(DEFAULT_CORPUS_DIR.glob("*.txt")):
        document = clean_document(path.stem, path.read_text(encoding="utf-8"), title=path.stem, source=str(path),
                                  vocabulary=vocabulary, debris=debris_of(path))
        text = document.text
        assert "\ufffd" not in text and "\u00a0" not in text and "\t" not in text
        assert "mailto:" not in text
        # link annotations dumped as lines are gone; a URL written in a sentence stays, once
        assert not any(line.strip().startswith(("http://", "https://", "www.")) for line in text.split("\n"))
        urls = re.findall(r"https?://\S+", text)
        assert len(urls) == len(set(urls))
        assert not any(line.strip().isdigit() and len(line.strip()) <= 3 for line in text.split("\n"))
        # note numbers glued after a bracket, sentences glued together, doubled colons
        assert not re.findall(r"[^\W\d_]{2}\)\d{1,2}(?=[\s,.;:])|\w\)\.[A-Z][a-z]|::", text), path.name


def test_a_word_broken_in_a_caps_heading_is_mended_where_the_text_uses_it_whole():
    text = ("Er zijn 38 innovatiepartnerschappen aangekondigd, zegt RVO.\n\n"
            "TABEL 2. AANTAL SBIR-TRAJECTEN AANGEKON-\nDIGD DOOR RVO:\n\n2011 2\n\n2012 2\n\nDe rest.")
    headings = [b.text for b in blocks_from_text(text, word_counts([text])) if b.kind == "heading"]
    assert headings == ["Tabel 2. Aantal sbir-trajecten aangekondigd door RVO:"]
    # a hyphen that belongs to the word stays ("SBIR-" + "TRAJECTEN" is not one word of the text)
    text = "Vooraf.\n\nAANTAL SBIR-\nTRAJECTEN PER JAAR\n\nDe rest van de tekst over SBIR."
    headings = [b.text for b in blocks_from_text(text, word_counts([text])) if b.kind == "heading"]
    assert headings == ["Aantal SBIR-trajecten per jaar"]


@pytest.mark.parametrize(("text", "expected"), [
    # a full-width line without an end runs on over the blank line, into a name
    ("Om te bepalen of er aan de eisen wordt voldaan, kan het Bureau ICT \n\nToetsing (BIT) een toets doen.",
     ["Om te bepalen of er aan de eisen wordt voldaan, kan het Bureau ICT Toetsing (BIT) een toets doen."]),
    # a capital function word opens a new paragraph (a sentence, a table row)
    ("Voor een doelgroep van binnen Voor een doelgroep van buiten en meer\n\nMet technologie van binnen",
     ["Voor een doelgroep van binnen Voor een doelgroep van buiten en meer", "Met technologie van binnen"]),
    # a short line is no wrapped line
    ("Er is een eerste zin die hier eindigt.\nDit zegt de directeur van\n\nToetsing is nodig.",
     ["Er is een eerste zin die hier eindigt. Dit zegt de directeur van", "Toetsing is nodig."]),
    # a footnote's leftovers are not the sentence's continuation
    ("Dat is een belangrijk gegeven aangezien de meeste partijen\n\nCommission (europa.eu) 34 Europese Commissie.",
     ["Dat is een belangrijk gegeven aangezien de meeste partijen", "Commission (europa.eu) 34 Europese Commissie."]),
])
def test_a_sentence_broken_over_a_blank_line_into_a_capital(text, expected):
    assert paragraphs(text) == expected


def test_short_piece_broken_at_a_line_end_joins_when_the_corpus_knows_the_whole_word(vocabulary):
    text = "Daarom organiseerde de ge-\nmeente een sessie voor het on-\nderzoek, met co-\ncreatie."
    assert paragraphs(text, vocabulary) == [
        "Daarom organiseerde de gemeente een sessie voor het onderzoek, met co-creatie."]


def test_a_web_address_written_in_a_sentence_stays_and_link_annotation_lines_go():
    text = ("Op de website www.innovatiekoffer.nl staan de generieke stappen van het\n"
            "innovatiepartnerschap.\n\nhttp://www.innovatiekoffer.nl\n\n"
            "•\t De website van PIANOo: www.pianoo.nl \n")
    assert paragraphs(text) == [
        "Op de website www.innovatiekoffer.nl staan de generieke stappen van het innovatiepartnerschap.",
        "De website van PIANOo: www.pianoo.nl"]


def test_a_line_that_stops_on_a_preposition_runs_on_over_a_blank_line():
    text = "•\t Publieke waarden en grondrechten: zie de uitleg hierover bij \n\nStap 2.\n\nDe volgende alinea.\n"
    assert [b.text for b in blocks_from_text(text)] == [
        "Publieke waarden en grondrechten: zie de uitleg hierover bij Stap 2.", "De volgende alinea."]
    # in a narrow column: a line about as long as the one above it was wrapped
    narrow = "De ambitie is het realiseren van het\nmeest duurzame project binnen\n\nEuropa: de bouw van twee kindcentra."
    assert paragraphs(narrow) == [
        "De ambitie is het realiseren van het meest duurzame project binnen Europa: de bouw van twee kindcentra."]


def test_numbered_items_with_a_letter_are_list_items_and_a_dash_glued_to_a_word_is_not():
    text = ("1. \t\ufffd De steun wordt door de staat verleend. \n\n2a.\tDe begunstigde is een onderneming.\n"
            "2b.\t\ufffdDoor de steunmaatregel worden ondernemingen begunstigd.\n\n"
            "Vier bureaus combineren hun onderzoeksmethoden en \n–instrumenten voor de monitoring.\n")
    assert [(b.kind, b.text) for b in blocks_from_text(text)] == [
        ("bullet", "De steun wordt door de staat verleend."),
        ("bullet", "De begunstigde is een onderneming."),
        ("bullet", "Door de steunmaatregel worden ondernemingen begunstigd."),
        ("paragraph", "Vier bureaus combineren hun onderzoeksmethoden en –instrumenten voor de monitoring.")]


def test_a_numbered_list_keeps_its_numbers_in_the_passage_text(plan):
    # the lead-in counts the items ("drie mogelijke uitkomsten:"): as bullets they lost their numbers
    passages = [c.text for c in chunk_document(plan)]
    listed = next(t for t in passages if "drie mogelijke uitkomsten:" in t)
    assert "uitkomsten:\n1. Succes: de digitale technologie is waardevol voor de organisatie.\n" \
           "2. Mislukt: de digitale technologie biedt geen toegevoegde waarde voor de organisatie.\n" \
           "3. Onduidelijk: er is meer onderzoek nodig." in listed
    # an item's number opens its sentence and ends none (the first item goes on from its lead-in, as a bullet did)
    sentences = split_sentences(listed)
    assert sentences[sentences.index("3. Onduidelijk: er is meer onderzoek nodig.") - 2:][:3] == [
        "De uitwerking maakt u voor de volgende drie mogelijke uitkomsten:\n"
        "1. Succes: de digitale technologie is waardevol voor de organisatie.",
        "2. Mislukt: de digitale technologie biedt geen toegevoegde waarde voor de organisatie.",
        "3. Onduidelijk: er is meer onderzoek nodig."]


def test_a_numbered_items_marker_is_written_as_its_number_and_a_bracket_closed_by_a_number_is_none():
    text = ("1. OVER DE AANPAK\n\nDe punten zijn:\n1)\tOverheden erkennen de potentie.\n"
            "2a.\tDe begunstigde is een onderneming.\n•\t Een bullet blijft een bullet.\n\n"
            "Bij de contractuele uitwerking kunnen de uitkomsten (uit Stap \n"
            "5) handige informatie opleveren.\n")
    cleaned = clean_document("x", text, title="x", source="x.txt")
    assert [(s.heading, s.paragraphs) for s in cleaned.sections] == [("1. Over de aanpak", [
        "De punten zijn:", "1. Overheden erkennen de potentie.", "2a. De begunstigde is een onderneming.",
        "• Een bullet blijft een bullet.",
        "Bij de contractuele uitwerking kunnen de uitkomsten (uit Stap 5) handige informatie opleveren."])]


def test_a_numbered_title_over_its_text_is_an_item_of_its_own_not_the_texts_first_words(vocabulary):
    # "Risico’s delen en efficiënter innoveren De eerste publiek-private samenwerkingen …" led an answer
    doc = clean_document("003", STORIES.read_text(encoding="utf-8"), title="Verhalen", source=str(STORIES),
                         vocabulary=vocabulary)
    paragraphs_ = [p for section in doc.sections for p in section.paragraphs]
    for title, opening in [("3. Risico’s delen en efficiënter innoveren", "De eerste publiek-private"),
                           ("2. Samen leren, kennis en expertise delen", "Vanuit de gedachte dat")]:
        at = paragraphs_.index(title)
        assert paragraphs_[at + 1].startswith(opening)
    # a wrapped item's line that is not yet a sentence's end still runs on
    assert paragraphs("• Frido Smulders – Hoogleraar Entrepreneurial\nEngineering by Design, TU Delft\n") == [
        "Frido Smulders – Hoogleraar Entrepreneurial Engineering by Design, TU Delft"]


def test_a_line_ending_in_a_bracket_runs_on_into_a_small_letter_over_a_blank_line():
    text = ("Adviseer ondernemers in octrooidatabanken te kijken. Octrooicentrum Nederland (RVO) \n\n"
            "kan hen hierbij ondersteunen.\n\nDe regels gelden voor alle projecten (zie Stap 2.)\n\n"
            "daarna volgt de toets.\n")
    assert paragraphs(text) == [
        "Adviseer ondernemers in octrooidatabanken te kijken. Octrooicentrum Nederland (RVO) kan hen hierbij "
        "ondersteunen.",
        "De regels gelden voor alle projecten (zie Stap 2.)", "daarna volgt de toets."]


def test_a_word_broken_at_a_line_end_is_mended_when_the_word_lists_know_it():
    from assistant.knowledge.spelling import WORD_LIST

    text = ("Zij helpen branden te beheersen, bestrij\nden en voorkomen. Het gebouw haalt de hoogste "
            "duurzaamheidsstan\ndaarden. Het bureau kiest een onderzoeksaanpak\nte midden van alle andere opties.")
    mended = paragraphs(text, word_counts([text], WORD_LIST.__contains__))[0]
    # a Dutch word; a compound of two, broken elsewhere than between them; a word and "te" stay two
    assert "beheersen, bestrijden en" in mended and "hoogste duurzaamheidsstandaarden." in mended
    assert "onderzoeksaanpak te midden" in mended
    # without word lists only the corpus itself tells: it never writes these words whole
    assert "bestrij den" in paragraphs(text, word_counts([text]))[0]


def test_a_word_broken_without_a_hyphen_in_a_caps_title_is_mended_as_in_running_text():
    from assistant.knowledge.spelling import WORD_LIST

    text = ("Vooraf.\n\nKIEZEN VOOR DE ONDER\nHANDELINGSPROCEDURE\n\nDe gemeente koos een procedure.\n\n"
            "SAMENWERKEN MET DE\nMARKT\n\nDe markt werkt mee.")
    headings = [b.text for b in blocks_from_text(text, word_counts([text], WORD_LIST.__contains__))
                if b.kind == "heading"]
    # a Dutch word the corpus never writes whole; two words stay two
    assert headings == ["Kiezen voor de onderhandelingsprocedure", "Samenwerken met de markt"]


def test_a_link_address_at_the_foot_of_the_page_goes_with_the_item_that_names_it():
    text = (" Meer weten?\n\n•\t Brochure ‘De basis van intellectueel eigendom’ van RVO\n\n"
            "•\t Meer informatie over vendor lock-in\n\n"
            "•\t Geef aandacht aan de vendor lock-in bij \n\nhet ontwerp van het traject.\n\n"
            "https://www.rvo.nl/sites/default/files/2019/06/brochure_De_basis_van_intellectueel_eigendom.pdf\n"
            "https://www.pianoo.nl/nl/markten/ict/inkopen-van-ict/vendor-lock-in\n"
            "https://www.example.nl/nl/iets-heel-anders\n")
    assert paragraphs(text) == [
        "Brochure ‘De basis van intellectueel eigendom’ van RVO "
        "(https://www.rvo.nl/sites/default/files/2019/06/brochure_De_basis_van_intellectueel_eigendom.pdf)",
        # the one whole item that names the address's words; not the one whose sentence runs on
        "Meer informatie over vendor lock-in (https://www.pianoo.nl/nl/markten/ict/inkopen-van-ict/vendor-lock-in)",
        "Geef aandacht aan de vendor lock-in bij het ontwerp van het traject."]


def test_a_numbered_caps_chapter_title_is_a_heading_and_a_line_after_an_open_preposition_is_not():
    text = ("1. OVER INNOVATIEGERICHT INKOPEN\n\nDe werkgroep kreeg een vraag mee.\n\n"
            "•\t Of neem contact op met het Octrooicentrum Nederland van \n\nRVO via octrooicentrum@rvo.nl \n\n"
            "•\t Meer informatie\n")
    assert [(b.kind, b.text) for b in blocks_from_text(text)] == [
        ("heading", "1. Over innovatiegericht inkopen"), ("paragraph", "De werkgroep kreeg een vraag mee."),
        ("bullet", "Of neem contact op met het Octrooicentrum Nederland van RVO via octrooicentrum@rvo.nl"),
        ("bullet", "Meer informatie")]


def test_a_link_address_is_looked_for_only_a_page_back():
    from assistant.knowledge.clean import LINK_LOOKBACK

    item = "•\t Meer informatie over vendor lock-in\n\n"
    url = "https://www.pianoo.nl/nl/markten/ict/inkopen-van-ict/vendor-lock-in\n"
    filler = "".join(f"Regel {n} van de tekst.\n\n" for n in range(LINK_LOOKBACK + 5))
    assert "(https://" in paragraphs(item + "Een regel.\n\n" + url)[0]
    assert "(https://" not in paragraphs(item + filler + url)[0]


STORIES = DEFAULT_CORPUS_DIR / "003_992f5af630caf58b.txt"


def _paragraphs_by_heading(text: str) -> dict[str, list[str]]:
    return {s.heading: s.paragraphs for s in clean_document("x", text, title="t", source="s").sections}


def _interview_sections(text: str) -> list[str]:
    return [s.heading for s in clean_document("x", text, title="t", source="s").sections]


def test_an_interviews_speaker_heads_its_sections_and_a_story_title_ends_it():
    text = ("Vertelt Saskia Noordewier over haar werk bij het netwerk.\n\n"
            "Saskia Noordewier\nThe Hague Security Delta\n\n"
            "“The Hague Security Delta is een netwerk van ondernemingen en overheden, zegt ze.\n\n"
            "Governance\n“De gemeente Den Haag heeft meegewerkt aan de oprichting van de stichting.\n\n"
            "Samen innoveren met oog voor de gebruiker\n\n"
            "Het ministerie wil de knelpunten in de transportsector oplossen met partners.\n\n"
            "Financiering\n“Om dit mogelijk te maken zijn er publieke middelen beschikbaar gesteld.\n")
    assert _interview_sections(text) == [
        "", "Saskia Noordewier, The Hague Security Delta",
        "Saskia Noordewier, The Hague Security Delta › Governance",
        # the next story's title ends the interview: its sections are not hers
        "Samen innoveren met oog voor de gebruiker", "Samen innoveren met oog voor de gebruiker › Financiering"]


def test_a_storys_introduction_printed_before_its_title_goes_under_it():
    # the extractor starts a page with one space; the introduction opens the page after a quote
    text = ("Kees van der Klauw\nNederlandse AI Coalitie\n\n"
            "“We werken samen aan AI, zegt Kees van der Klauw, en dat gaat goed.\n\n"
            "“Er moet concurrentie mogelijk blijven tussen bedrijven in de coalitie.”\n"
            " Zorgen dat Nederland veiliger wordt. Dat is de missie van het cluster. \n"
            "Saskia Noordewier vertelt hoe ze dat klaarspelen.\n\n"
            "Alles begint\nbij energie\n\n"
            "Saskia Noordewier\nThe Hague Security Delta\n\n"
            "“The Hague Security Delta is een netwerk van ondernemingen, zegt ze.\n")
    doc = clean_document("x", text, title="t", source="s")
    sections = {s.heading: s.paragraphs for s in doc.sections}
    assert sections["Alles begint bij energie"][0].startswith("Zorgen dat Nederland veiliger wordt.")
    assert sections["Kees van der Klauw, Nederlandse AI Coalitie"][-1] == \
        "“Er moet concurrentie mogelijk blijven tussen bedrijven in de coalitie.”"
    assert sections["Saskia Noordewier, The Hague Security Delta"][0].startswith("“The Hague Security Delta")


def test_a_paragraph_before_a_title_that_does_not_name_the_next_speaker_stays():
    text = ("Kees van der Klauw\nNederlandse AI Coalitie\n\n"
            "“We werken samen aan AI, zegt Kees van der Klauw, en dat gaat goed.\n\n"
            "De coalitie telt inmiddels honderden deelnemers uit het hele land.\n\n"
            "Alles begint\nbij energie\n\n"
            "Saskia Noordewier\nThe Hague Security Delta\n\n"
            "“The Hague Security Delta is een netwerk van ondernemingen, zegt Saskia Noordewier.\n")
    sections = _paragraphs_by_heading(text)
    assert sections["Kees van der Klauw, Nederlandse AI Coalitie"][-1].startswith("De coalitie telt")
    assert "Alles begint bij energie" not in sections


def test_a_title_over_short_lines_at_the_top_of_a_page_is_a_heading_and_an_exclamation_is_not():
    text = ("Je bent altijd welkom bij ons om samen te innoveren op de agenda.\n\n"
            "Veel leesplezier!\n\n"
            "Danja von Salisch en Giulietta Marani\n"
            " Bouwen  \naan vertrouwen\n\n"
            "Waardecreatie door samen te werken met de markt vindt steeds vaker plaats.\n")
    sections = _paragraphs_by_heading(text)
    assert sections["Bouwen aan vertrouwen"] == ["Waardecreatie door samen te werken met de markt vindt steeds vaker plaats."]
    assert "Veel leesplezier!" in sections[""]  # it closes the text before, over its authors' names
    # short lines at a page's top with text glued under them are that text
    glued = clean_document("x", " Bouwen\naan vertrouwen\nis wat partners doen.\n", title="t", source="s")
    assert [s.heading for s in glued.sections] == [""]


def test_a_figures_labels_are_dropped_and_a_page_title_before_a_new_column_heads_it():
    text = ("3. Verordening van de Europese Commissie (“de algemene groeps-\n"
            "vrijstellingsverordening”)\n\n"
            "TIP 1\n\nTIP 3\n\nTIP 4\n\nTIP 2\n"
            " Verhalen van \ncollaboratieve \ninnovatie\n"
            " Samenwerking en innovatie faciliteren, dat is wat Cumulus Park doet.\n")
    sections = _paragraphs_by_heading(text)
    assert sections["Verhalen van collaboratieve innovatie"] == [
        "Samenwerking en innovatie faciliteren, dat is wat Cumulus Park doet."]
    assert not any("TIP" in heading or any("TIP" in p for p in paragraphs) for heading, paragraphs in sections.items())
    # one label alone is text like any other
    alone = clean_document("x", "Het nummer staat in de kop.\n\nTIP 1\n\nZorg voor draagvlak.\n", title="t", source="s")
    assert any("TIP 1" in s.heading or any("TIP 1" in p for p in s.paragraphs) for s in alone.sections)


def test_a_name_shaped_heading_the_text_never_introduces_is_no_speaker():
    text = ("Een inleiding over het programma en wat het doet voor gemeenten.\n\n"
            "Talking Traffic\nPartnership Nederland\n\n"
            "“Een quote uit de brochure over verkeerslichten en data.\n\n"
            "Governance\nHet bestuur bestaat uit drie partijen met elk een stem.\n")
    assert not any(", " in heading or " › " in heading for heading in _interview_sections(text))


def test_the_stories_sections_say_whose_interview_they_are_from(vocabulary):
    doc = clean_document("003", STORIES.read_text(encoding="utf-8"), title="Verhalen", source=str(STORIES),
                         vocabulary=vocabulary)
    headings = [s.heading for s in doc.sections]
    assert "Saskia Noordewier, The Hague Security Delta › Governance" in headings
    assert "Marjan Kreijns, The Green Village › Financiering op maat" in headings
    assert "Irene Duyn, Cumulus Park › Co-creatie: samenwerking in drie fases" in headings
    # a story whose speaker is not printed as a heading is not taken for the one before it
    assert not any(h.startswith("Saskia") and h.endswith("Financiering") for h in headings)
    assert not any(h.startswith("Rutger van Zuidam") and h.endswith("Huisregels") for h in headings)
    # a story's introduction, printed before its title, sits under that title, not in the story before
    sections = {sec.heading: sec.paragraphs for sec in doc.sections}
    for title, opening in [("Alles begint bij energie", "Zorgen dat Nederland veiliger wordt"),
                           ("Samenwerken op basis van vertrouwen", "Er zou in het sociaal domein minder aanbesteed"),
                           ("Samen het meeste uit blockchain halen", "Dutch Blockchain Coalition (DBC) is een")]:
        assert sections[title][0].startswith(opening)
        assert sum(p.count(opening) for paragraphs in sections.values() for p in paragraphs) == 1
    # a chapter's title printed over two lines at the top of its page heads it
    assert sections["Bouwen aan vertrouwen"][0].startswith("Waardecreatie door samen te werken")
    assert "Veel leesplezier!" not in headings
    # and the canvas after the last interview is nobody's
    assert "Canvas collaboratieve innovatie" in headings
    assert not any(" › " in h for h in headings[headings.index("Canvas collaboratieve innovatie"):]
                   if not h.startswith(("Overige stakeholders", "Pitch")))


@pytest.mark.parametrize(("printed", "clean"), [
    # after an upper-case word or an apostrophe
    ("genaamd FIWARE.27 Dit zou", "genaamd FIWARE. Dit zou"),
    ("start-up-in-residence programma’s,43 en worden", "start-up-in-residence programma’s, en worden"),
    ("Innovatieconvenant 2024-2027 (KIC).37 Daarbij", "Innovatieconvenant 2024-2027 (KIC). Daarbij"),
    # behind the closing mark of a quotation that ends its sentence
    ("om politieke keuzes vraagt.’26 Het gebrek", "om politieke keuzes vraagt.’ Het gebrek"),
    ("zegt de wethouder: “We kopen het in.”3 Daarna", "zegt de wethouder: “We kopen het in.” Daarna"),
    # set apart by a space before the sentence's end
    ("het organiseren van een marktconsultatie 42. Door de", "het organiseren van een marktconsultatie. Door de"),
    ("zoals de werkgroep adviseert 7, maar", "zoals de werkgroep adviseert, maar"),
    # a number the sentence counts stays
    ("Ga daarna door naar stap 4. Dan", "Ga daarna door naar stap 4. Dan"),
    ("Zie de uitleg op pagina 6.", "Zie de uitleg op pagina 6."),
    ("Er kwamen ongeveer 12. Daarna", "Er kwamen ongeveer 12. Daarna"),
    ("de stappen 3 tot en met 6.", "de stappen 3 tot en met 6."),
    ("Het is nu 2024.", "Het is nu 2024."),
])
def test_a_note_number_after_a_word_goes(printed, clean):
    from assistant.knowledge.clean import strip_footnote_markers

    assert strip_footnote_markers(printed) == clean
    assert strip_footnote_markers(printed, notes={99}) == printed  # only a note of the document goes


def test_a_single_note_the_pdf_set_with_a_tab_is_a_note_not_text():
    from assistant.knowledge.clean import blocks_from_text

    raw = ("Satellietdata\n\nWe willen marktpartijen de kans geven om iets nieuws te ontwikkelen,\n"
           "om met innovatieve toepassingen te komen. Om te pionieren.\n\n"
           "1\t SBIR (Small Business Innovation Research) is een vorm van \n"
           "precommercieel inkopen en een specifieke inkoopvorm om \n"
           "onderzoek en ontwikkeldiensten af te nemen.\n\n"
           "Als overheden doen we nu ook ervaring op met het innovatiepartnerschap.\n")
    texts = [block.text for block in blocks_from_text(raw)]
    assert not any(text.startswith("1 SBIR") or "\n1 SBIR" in text for text in texts)
    # the note runs on to the gap, and closes the section as a note of its own
    assert "Voetnoot 1: SBIR (Small Business Innovation Research) is een vorm van precommercieel inkopen en een " \
           "specifieke inkoopvorm om onderzoek en ontwikkeldiensten af te nemen." in texts
    assert any("innovatiepartnerschap" in text for text in texts)
    # a number and a space, without the tab, may be a numbered line of the text: it stays
    plain = raw.replace("1\t SBIR", "1 SBIR")
    assert any("1 SBIR" in block.text for block in blocks_from_text(plain))


def _fold_one_pass(text: str) -> str:
    """The reference: decompose the whole text, drop the combining marks."""
    import unicodedata

    text = unicodedata.normalize("NFKD", text.lower().replace("’", "'").replace("‘", "'"))
    return "".join(c for c in text if not unicodedata.combining(c))


def _normalise_one_pass(text: str) -> str:
    """The reference: every character judged in turn."""
    import unicodedata

    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    out = []
    for ch in text:
        if ch in "\n\t":
            out.append(ch)
        elif ch in "\u00a0\u2007\u202f\u2009\u200a":
            out.append(" ")
        elif ch == "\ufffd" or 0xE000 <= ord(ch) <= 0xF8FF or ch in "\u200b\u200c\u200d\ufeff\u00ad":
            continue
        elif unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co"):
            out.append(ch)
    return "".join(out)


TRICKY = ["Technologieën", "ΟΔΟΣ ΣΟΦΟΣ", "ﬁnanciële ﬂexibiliteit", "e\u0301e\u0300\u0327", "İstanbul ǅ",
          "a\u00a0b\u202fc\u00adde\u200bf\ufeffg\x07h\x85i\ue000j\ufffdk\ud800l\tm\r\nn\ro", "’t ‘ja’", "ÅNGSTRÖM №5 ½"]


def test_folding_and_normalising_by_character_give_what_a_pass_over_the_text_gives():
    """Both are decided once per distinct character (a library has millions of characters): the
    result is the same as judging the text as a whole, on the shipped corpus and odd cases."""
    from assistant.knowledge.clean import normalise_characters
    from assistant.knowledge.text import fold

    texts = TRICKY + [p.read_text(encoding="utf-8") for p in sorted(DEFAULT_CORPUS_DIR.glob("*.txt"))]
    for text in texts:
        assert fold(text) == _fold_one_pass(text)
        assert normalise_characters(text) == _normalise_one_pass(text)


def test_a_paragraph_without_a_sentence_end_to_cut_at_is_cut_at_its_lines_or_words():
    # lines that start in lower case (no sentence end found) made passages of 25,000
    # characters in a document of one's own, each shown whole as an answer
    from assistant.knowledge.chunk import MAX_CHARS

    lines = "\n".join(f"fiets stalling onderhoud regel {i} van het beleid voor de gemeente." for i in range(400))
    words = " ".join(f"woord{i}" for i in range(4000))
    for paragraph in (lines, words):
        texts = _section_chunks(paragraph)
        assert len(texts) > 10 and max(len(t) for t in texts) <= MAX_CHARS
        assert " ".join(" ".join(texts).split()).removeprefix("Proef ") == " ".join(paragraph.split())
