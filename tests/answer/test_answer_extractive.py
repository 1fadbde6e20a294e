"""The extractive answer on the real corpus (the shared `kb` fixture): what it quotes, and what
it never quotes."""

import re
from pathlib import Path

import pytest

from assistant.answer import quoted
from assistant.answer.extractive import (ExtractiveAnswerer, announces, asks_for_list, compose_answer, continues_list,
                                         continues_run,
                                         defining_passage, introduces_list, list_end,
                                         footnote_text,
                                         balanced_quotes, holds_note_number, is_byline, is_reference_entry,
                                         quote_speaker,
                                         sentence_closeness,
                                         sentence_lines)
from assistant.knowledge.chunk import NAME_LIST_CACHE, is_name_list, split_sentences
from assistant.knowledge.definitions import definition_pattern, defines, explained_subject
from assistant.knowledge.dense import passage_windows
from assistant.knowledge.evaluation import load_jsonl
from assistant.knowledge.types import Chunk, Passage, Retrieval

ROOT = Path(__file__).resolve().parents[2]

#: Page debris and footnotes as they would show in an answer: a note's label or bare number
#: opening a sentence ("Voetnoot 32: …", "39 Zo stelde …"), a note number run into the text
#: ("… (europa.eu) 34 Europese Commissie …"), a note number glued to a sentence's last word
#: ("… innovatiegericht inkopen.39").
_DEBRIS = [re.compile(r"(?:^|\] |\n- |\n)(?:Voetnoot \d+:|\d{1,2} [A-Z][a-z])"),
           re.compile(r"\)\s\d{1,2} [A-Z][a-z]"),
           re.compile(r"[a-zà-ÿ][.,;:]?\d{1,2}[.!?]?(?= \[\d+\])"),
           # ... or behind a quotation's closing mark ("… keuzes vraagt.’26 Het gebrek …")
           re.compile(r"[a-zà-ÿ][.!?][’”\"']\d{1,2}\b"),
           # ... or set apart before the sentence's end ("… van een marktconsultatie 42.")
           re.compile(r"\b(?!(?:stap|stappen|fase|pagina|tabel|figuur|hoofdstuk)\b)[a-zà-ÿ]{4,} \d{1,2}[.!?]?(?= \[\d+\])"),
           # a pointer to a page of the printed guidance: there are no pages in a terminal
           re.compile(r"\b(?:pagina|page)\s+\d+|\b(?:volgende|vorige) pagina\b", re.I)]


def _debris(text: str) -> list[str]:
    return [m.group(0) for pattern in _DEBRIS for m in pattern.finditer(text)]


def test_no_sentence_the_answer_can_quote_is_a_footnote_or_page_debris(kb):
    # every answer is made of these sentences: none of the corpus's passages offers debris
    quotable = [s for chunk in kb.chunks for s, _ in sentence_lines(Passage(chunk, rank=1, score=1.0))]
    assert len(quotable) > 3000
    assert [s for s in quotable if _debris(f"{s} [1]")] == []


def test_the_corpus_has_the_footnotes_the_answer_leaves_out(kb):
    # the test above can fail: the guidance's passages hold its notes ("Voetnoot 16: …"), and a
    # note that cleaning left in a passage's text (a document of the user's) is still read as one
    lines = [line for chunk in kb.chunks for line in chunk.text.split("\n")]
    assert sum(line.startswith("Voetnoot ") for line in lines) >= 20
    note = "39 Zo stelde bijvoorbeeld Rijkswaterstaat zich ten doel om aan 9 trajecten te werken."
    assert footnote_text(note) == note[3:]
    assert holds_note_number("Commission (europa.eu) 34 Europese Commissie, 2021, Richtsnoeren.")


def _passage(kb, words: str, rank: int = 1) -> Passage:
    return Passage(next(c for c in kb.chunks if words in c.text), rank=rank, score=1.0)


def test_a_footnote_that_says_something_is_quotable_without_its_number_one_that_names_a_source_is_not(kb):
    says = [s for s, _ in sentence_lines(_passage(kb, "Voetnoot 8: In 1982 trad"))]
    assert "Toonaangevende bedrijven zijn ooit gestart met een SBIR opdracht, zoals telecombedrijf Qualcomm en " \
           "softwareproducent Symantec." in says
    assert not any(s.startswith("Voetnoot") or "1982" in s and s.startswith("8") for s in says)
    assert [s for s, _ in sentence_lines(_passage(kb, "Voetnoot 8: In 1982 trad"), notes=False)
            if "Qualcomm" in s] == []
    sources = [s for s, _ in sentence_lines(_passage(kb, "Voetnoot 32: O.a. ABDTOPConsult"))]
    assert sources and not any("ABDTOPConsult" in s for s in sources)


def test_a_notes_sentences_that_describe_its_source_are_not_quoted_but_what_it_says_is():
    # "Berekening gebaseerd op … i.o.v." was quoted as the guidance's own statement (and cut at
    # "i.o.v."); a note's sentence after its source that gives a figure is the guidance's all the same
    text = ("Het budget voor innovatie groeide de laatste jaren snel.\n"
            "Voetnoot 5: Bron: Oratie Prof. dr. ir. F. Jansen, 2022, ‘Inkoop in cijfers’. Berekening gebaseerd op "
            "bedragen uit diverse onderzoeken van voorgaande jaren, waaronder de ‘Monitor 2017-2019’ i.o.v. EZK.\n"
            "Voetnoot 6: Bron: Bureau X in opdracht van PIANOo, 2021, Inventarisatie. In 2017 was het inkoopbudget "
            "circa 70 miljard euro.\n"
            "Voetnoot 7: Precommercieel inkopen verschilt van het verstrekken van innovatiesubsidies aan bedrijven.\n"
            # a title, then its source: "Benchmark rapport, The strategic use … [3]" was quoted as an answer
            "Voetnoot 8: Benchmark rapport, The strategic use of public procurement for innovation in the digital "
            "economy. Bron: Final Report, Europese Commissie, 2021.\n"
            "Voetnoot 9: Mededeling van de Commissie - Richtsnoeren inzake innovatiegericht aanbesteden.")
    passage = Passage(Chunk("c", "d", "t", "S", text, None, "s", 0), rank=1, score=1.0)
    assert [s for s, _ in sentence_lines(passage)] == [
        "Het budget voor innovatie groeide de laatste jaren snel.",
        "In 2017 was het inkoopbudget circa 70 miljard euro.",
        "Precommercieel inkopen verschilt van het verstrekken van innovatiesubsidies aan bedrijven."]


def test_a_window_at_a_passages_end_does_not_reach_back_into_the_footnote_before(kb):
    # the note that says what precommercieel inkopen is ended the passage; the window, moved back
    # to hold three sentences, opened with the note before it ("… De Vegetarische Slager aanbiedt.")
    text = ("Voetnoot 8: In 1982 trad in de VS een wet in werking. Toonaangevende bedrijven zijn ooit zo gestart. "
            "Geïnspireerd door dat succes is Nederland in 2005 gestart met een eigen programma.\n"
            "Voetnoot 9: Precommercieel inkopen verschilt met het verstrekken van innovatiesubsidies. "
            "Bij precommercieel inkopen is het doel het ontwikkelen van een innovatieve oplossing.")
    passage = Passage(Chunk("c", "d", "t", "S", text, None, "s", 0), rank=1, score=1.0)
    answer = compose_answer(Retrieval("Wat is precommercieel inkopen?", [passage], found=True, relevance=1.0), kb)
    assert answer.text.startswith("Precommercieel inkopen verschilt")
    assert "Geïnspireerd" not in answer.text and "Bij precommercieel inkopen is het doel" in answer.text


def test_a_footnote_that_glosses_a_word_without_a_sentence_of_its_own_is_not_quoted(kb):
    # "Het jaar waarin de gewijzigde Aanbestedingswet in werking trad, …" (note 18, on the year
    # 2016) was quoted among an answer's sentences as if the guidance said it; the note beside it
    # that is a sentence stays quotable
    lines = [s for s, _ in sentence_lines(_passage(kb, "Voetnoot 18: Het jaar waarin de gewijzigde"))]
    assert not any(s.startswith("Het jaar waarin de gewijzigde Aanbestedingswet") for s in lines)
    assert "Tegelijkertijd voert bijvoorbeeld het Netherlands Space Office (NSO) regelmatig zelf SBIRs uit." in lines


def test_an_entry_of_a_reference_list_is_not_quoted(kb):
    # "Verordening (EG) nr. 800/2008 van de Europese Commissie …", an item of a list of sources,
    # was quoted as an answer's last sentence; running text that names a directive stays
    references = _passage(kb, "Verordening (EG) nr. 800/2008")
    assert [s for s, _ in sentence_lines(references)] == []
    running = [s for s, _ in sentence_lines(_passage(kb, "Europese richtlijn 2014/24/EU"))]
    assert any("2014/24/EU" in s for s in running)


def test_a_tables_rows_are_quoted_under_its_title_one_row_to_a_line(kb):
    # "2011 2 2012 2 … 2019 4 …" answered how many SBIR projects 2019 had: neither what the
    # numbers counted nor which went with which year
    answer = ExtractiveAnswerer(kb).ask("Hoeveel SBIR-trajecten zijn er in 2019 aangekondigd?")
    title = "Tabel 2. Aantal SBIR-trajecten aangekondigd door RVO:"
    assert answer.text.startswith(f"{title}\n- 2011: 2\n- 2012: 2\n")
    assert "\n- 2019: 4\n" in answer.text
    quote = answer.citations[0].quote
    assert quote.startswith(f"{title} 2011: 2; 2012: 2;") and "; 2019: 4;" in quote
    # the table's words as the guidance prints them, in its order
    table = next(c for c in kb.chunks if c.section.endswith(title))
    assert re.findall(r"\w+", answer.text.split(" [1]")[0]) == re.findall(r"\w+", table.text)
    assert re.findall(r"\w+", quote) == re.findall(r"\w+", table.text)


def test_an_entry_of_a_bibliography_is_quoted_only_in_the_list_that_introduces_it(kb):
    # "Dialogic, 2017, Evaluatie SBIR (https://…)", alone after another passage's answer, was
    # quoted as if the guidance said it
    assert "Dialogic" not in ExtractiveAnswerer(kb).ask("Hoeveel SBIR-trajecten zijn er in 2019 aangekondigd?").text
    # under the lead-in that says what it is, it is a source the guidance names: it stays
    answer = ExtractiveAnswerer(kb).ask("Welke rapporten van Dialogic zijn voor de deskresearch gebruikt?").text
    assert "onder meer:\n- Dialogic, 2017, Evaluatie SBIR" in answer
    # the sentences of a passage that has no lead-in to them do not hold them
    lines = [s for s, _ in sentence_lines(Passage(Chunk("c", "d", "t", "Bronnen", "Dialogic, 2017, Evaluatie SBIR\n"
                                                        "De evaluatie was positief over de aanpak.", None, "s", 0),
                                                  rank=1, score=1.0))]
    assert lines == ["De evaluatie was positief over de aanpak."]


@pytest.mark.parametrize(("sentence", "entry"), [
    ("Dialogic, 2017, Evaluatie SBIR (https://www.dialogic.nl/file/2018/05/Dialogic-Eindrapport-Evaluatie-SBIR.pdf)",
     True),
    ("Dialogic (2017), Innoveren in de keten: IenW als launching customer.", True),
    ("Meer informatie over vendor lock-in (https://www.pianoo.nl/nl/markten/ict/inkopen-van-ict/vendor-lock-in)", True),
    # running text that names a year, a source, or an address in passing
    ("In 2017 evalueerde Dialogic de SBIR, met een positieve uitkomst.", False),
    ("Volgens Dialogic (2017) werkt SBIR goed voor kleine bedrijven.", False),
    ("Op de website van PIANOo (www.pianoo.nl) staan de modellen die u kunt gebruiken bij de aanbesteding.", False),
    # a statement that names its source and year before its verb (review)
    ("Volgens Dialogic (2017), is de SBIR een succes.", False),
    ("Uit onderzoek van PIANOo (2019): overheden besteden jaarlijks 85 miljard euro.", False),
])
def test_a_reference_is_told_from_running_text(sentence, entry):
    assert is_reference_entry(sentence) is entry


def test_a_lead_in_that_announces_a_count_comes_with_the_items_it_announces(kb):
    # "Grofweg zien we een onderscheid tussen drie redenen …:" led an answer with one reason: each
    # reason heads a text of its own, one passage each, and the answer ended in the first one's text
    answer = ExtractiveAnswerer(kb).ask("Waarom zou je een collaboratieve innovatie starten?")
    assert "drie redenen" in answer.text
    # the guidance numbers them: so does the answer
    assert ":\n1. Samenwerken aan maatschappelijke opgave vanuit medeverantwoordelijkheid" in answer.text
    assert "\n2. Samen leren, kennis en expertise delen" in answer.text
    assert "\n3. Risico’s delen en efficiënter innoveren" in answer.text


def test_a_numbered_list_is_quoted_with_its_numbers(kb):
    # the guidance numbers the aspects of state aid ("1.", "2a.", "2b.", …): a bullet for each lost them
    answer = ExtractiveAnswerer(kb).ask("Wat zijn de kenmerken van staatssteun?")
    assert "aspecten:\n1. De steun wordt door de staat verleend" in answer.text
    assert "\n2a. De begunstigde is een onderneming.\n2b. Door de steunmaatregel" in answer.text
    # ... and so does the quote of its source, word for word
    quote = next(c for c in answer.citations if "De steun wordt door de staat" in c.quote)
    assert "… 1. De steun wordt door de staat verleend" in quote.quote
    assert "1. De steun wordt door de staat verleend" in quote.passage.chunk.text


@pytest.mark.parametrize(("sentence", "announcing"), [
    ("Het innovatiepartnerschap bestaat uit een aantal stappen.", True),
    ("Daaruit kwamen twee opties.", True),
    ("Onze begroting bestaat uit drie gelijke delen.”", True),
    ("In dat geval zijn er drie mogelijkheden.", True),
    ("Daarna doorloopt u de volgende stappen.", True),
    ("Dit gaat als volgt.", True),
    ("The process consists of several steps.", True),
    ("It works as follows.", True),
    # a count of things named before, a count that is the fact, a sentence that goes on after its count
    ("Daarin zitten de bestuurders van de vier partijen.", False),
    ("De werkplaats heeft een looptijd van vier jaar.", False),
    ("Na een voorselectie bleven er drie deelnemers over.", False),
    ("Dat gebeurt het volgende jaar.", False),
    ("De voorbereiding bestaat uit zeven stappen die u grotendeels vanuit de kant als opdrachtgever doorloopt.", False),
    ("Het stappenplan ziet er als volgt uit: De eerste fase is de voorbereidingsfase.", False),
])
def test_a_sentence_that_only_announces_what_follows_it(sentence, announcing):
    assert announces(sentence) is announcing


def test_a_sentence_that_announces_a_list_introduces_it_as_a_colon_does():
    sentences = ["Er zijn drie mogelijkheden.", "Een SBIR-traject.", "Een innovatiepartnerschap.", "Een pilot.",
                 "Daarna kiest u."]
    items = [None, 1, 2, 3, None]
    assert introduces_list(sentences, items, 0)
    assert list_end(sentences, items, 0, 1) == 4  # the window that ends on it shows the items


def _run_ends(text: str) -> list[str]:
    """The last sentence of each run of an answer cited at once, without its speaker."""
    runs = [re.sub(r"\s*\([^()]*\)$", "", run.strip()) for run in re.split(r" \[\d+\]", text)]
    return [split_sentences(run)[-1] for run in runs if run]


def test_a_quote_does_not_end_on_a_sentence_that_announces_what_follows_it(kb):
    # "Het innovatiepartnerschap bestaat uit een aantal stappen. [3]" ended an answer: what it
    # announces ("Het begint met een leveranciersselectie …") follows it in the passage
    core = ExtractiveAnswerer(kb).ask("Waaruit bestaat de begroting van de werkplaats?").text
    assert "Onze begroting bestaat uit drie gelijke delen. Eén derde bestaat uit de uren die bedrijven inbrengen." \
        in core
    supporting = ExtractiveAnswerer(kb).ask("Waarom koos GVB uiteindelijk niet voor het innovatiepartnerschap?").text
    assert "heeft verschillende oorzaken. Om te beginnen bleek de markt nog niet echt rijp" in supporting
    reported = ExtractiveAnswerer(kb).ask("What are the phases of an innovation partnership?", lang="en").text
    for text in (core, supporting, reported):
        assert not any(announces(sentence) for sentence in _run_ends(text)), text
    # a step's quote, too
    passage = _passage(kb, "Onze begroting bestaat uit drie gelijke delen")
    assert ExtractiveAnswerer(kb).quote("Hoe is de begroting verdeeld?", passage, size=1).endswith(
        "Eén derde bestaat uit de uren die bedrijven inbrengen.")


@pytest.mark.parametrize("connector", ["of/en", "en/of", "and/or", "of"])
def test_a_word_that_joins_two_list_items_is_neither_part_of_the_item_above_nor_a_sentence(connector):
    # "… bijvoorbeeld door middel van een SBIR. of/en" ended a quote
    text = ("Het gaat om één of beide aspecten:\n"
            "• Inkoop van onderzoek, bijvoorbeeld door middel van een SBIR.\n"
            f"{connector}\n"
            "• Inkoop van innovatieve oplossingen. Het gaat daarbij om nieuwe oplossingen.")
    passage = Passage(Chunk("c", "d", "t", "S", text, None, "s", 0), rank=1, score=1.0)
    assert sentence_lines(passage) == [
        ("Het gaat om één of beide aspecten:", None),
        ("Inkoop van onderzoek, bijvoorbeeld door middel van een SBIR.", 1),
        ("Inkoop van innovatieve oplossingen.", 3), ("Het gaat daarbij om nieuwe oplossingen.", 3)]


def test_a_pointer_to_a_page_is_left_out_and_a_sentence_about_a_page_is_no_answer(kb):
    item = _passage(kb, "Het intellectuele eigendom (zie het oranje kader op de volgende pagina)")
    assert "Het intellectuele eigendom" in [s for s, _ in sentence_lines(item)]
    about_a_page = _passage(kb, "Meer uitleg over digitale technologie vindt u op pagina 6.")
    assert [s for s, _ in sentence_lines(about_a_page) if "Meer uitleg over digitale technologie" in s] == []


def test_a_number_that_names_a_step_or_figure_is_no_footnote():
    assert not holds_note_number("Dit staat beschreven in Stap 3 Beschrijf de minimale eisen.")
    assert not holds_note_number("Zie figuur 2 Overzicht van de fases.")
    assert not holds_note_number("In 2021 zijn 55 SBIR-trajecten uitgevoerd.")
    assert holds_note_number("Richtsnoeren (europa.eu) 34 Europese Commissie, 2021.")


def test_no_answer_to_many_questions_carries_a_footnote_or_page_debris(kb):
    sets = (ROOT / "bench" / "questions" / "tune.jsonl", ROOT / "bench" / "heldout.jsonl")
    questions = [row["question"] for path in sets for row in load_jsonl(path)]
    answerer = ExtractiveAnswerer(kb)
    answers = [answerer.ask(question, k=10) for question in questions]
    assert sum(answer.found for answer in answers) > 50
    assert {a.question: _debris(a.text) for a in answers if _debris(a.text)} == {}


def test_the_search_scores_each_window_once_and_the_answer_reuses_it(kb, monkeypatch):
    question = "Welke bedrijven begonnen met een SBIR-opdracht?"
    retrieval = kb.retrieve(question)
    chunk = retrieval.passages[0].chunk
    monkeypatch.setattr(kb.dense.embedder, "embed_query", lambda text: pytest.fail("embedded again"))
    closeness = kb.window_closeness(retrieval.question, chunk)
    assert len(closeness) == len(passage_windows(chunk)) and all(0 < c <= 1 for c in closeness)


def test_a_sentence_is_as_close_to_the_question_as_the_window_it_is_in(kb):
    passage = _passage(kb, "Voetnoot 8: In 1982 trad")
    question = kb.retrieve("Welke bedrijven begonnen met een SBIR-opdracht?").question
    sentences = [s for s, _ in sentence_lines(passage)]
    closeness = sentence_closeness(question, passage, sentences, kb)
    windows = kb.window_closeness(question, passage.chunk)
    assert len(closeness) == len(sentences) and set(closeness) <= set(windows)
    qualcomm = next(n for n, s in enumerate(sentences) if "Qualcomm" in s)
    other_note = next(n for n, s in enumerate(sentences) if s.startswith("Precommercieel inkopen verschilt"))
    assert closeness[qualcomm] > closeness[other_note]


def test_each_later_passage_adds_its_best_sentence_when_it_answers_part_of_the_question(kb):
    question = "Welke bedrijven begonnen met een SBIR-opdracht en hoeveel SBIR-trajecten zijn uitgevoerd?"
    text = kb.retrieve(question).question
    passages = [_passage(kb, "SBIR is een gefaseerde werkwijze", 1), _passage(kb, "in totaal 55 SBIR-trajecten", 2),
                _passage(kb, "Voetnoot 8: In 1982 trad", 3)]
    answer = compose_answer(Retrieval(text, passages, found=True, relevance=1.0), kb)
    assert "55 SBIR-trajecten zijn uitgevoerd. [2]" in answer.text
    assert "Qualcomm en softwareproducent Symantec. (voetnoot 8) [3]" in answer.text  # a passage of notes
    assert len(re.findall(r"\[\d\]", answer.text)) <= 6  # a few sentences


def test_how_a_term_works_is_answered_by_the_passage_that_says_what_it_is():
    assert explained_subject("Hoe werkt SBIR?") == "sbir"
    assert explained_subject("How does pre-commercial procurement work?") == "pre-commercial procurement"
    assert explained_subject("Wat is een proeftuin?") is None  # the ranking's (definitions.definition_subject)
    assert explained_subject("Hoe werken we samen met de markt en de kennisinstellingen?") is None


def test_a_question_how_a_term_works_opens_with_what_it_is_though_its_statistics_rank_first(kb):
    retrieval = kb.retrieve("Hoe werkt SBIR?")
    pattern = definition_pattern("sbir", spelled_out=False)
    # the words favour the passage that repeats the term: the statistics, which define nothing
    assert not any(defines(pattern, s) for s, _ in sentence_lines(retrieval.passages[0]))
    home = defining_passage(retrieval)
    assert home is not None and home > 0
    answer = compose_answer(retrieval, kb)
    first = answer.text.split(" [1]")[0]
    assert defines(pattern, first), answer.text
    assert answer.citations[0].passage == retrieval.passages[home]


def test_without_the_model_a_sentence_is_chosen_by_its_words(shared_home):
    from assistant.core.settings import Settings
    from assistant.knowledge.base import KnowledgeBase

    lexical = KnowledgeBase(Settings(data_dir=shared_home / "data"))
    lexical.ensure_index(dense=False)
    passage = _passage(lexical, "Voetnoot 8: In 1982 trad")
    assert lexical.window_closeness("Welke bedrijven begonnen met een SBIR-opdracht?", passage.chunk) == []
    sentences = [s for s, _ in sentence_lines(passage)]
    assert sentence_closeness("Welke bedrijven?", passage, sentences, lexical) == [0.0] * len(sentences)
    answer = ExtractiveAnswerer(lexical).ask("Welke bedrijven begonnen met een SBIR-opdracht?")
    assert "Qualcomm" in answer.text


@pytest.mark.parametrize(("line", "byline"), [
    ("Joris de Vries, adviseur bij een waterschap", True),
    ("Anna van der Berg, Ministerie EZK", True),
    ("Prof. dr. ir. Fredo Schotanus, Universiteit Utrecht", True),  # titles before the name
    ("Ministerie van Infrastructuur, Directie Innovatie", True),
    ("Joris de Vries, adviseur bij een waterschap, zegt dat het werkt.", False),  # a sentence
    ("Rijkswaterstaat koopt innovatief in, ook bij wegen", False),  # a verb: no name and a role
    ("De gemeente, de provincie en het waterschap werken samen.", False),
])
def test_a_line_naming_a_speaker_and_their_role_is_a_byline(line, byline):
    assert is_byline(line) is byline


def test_no_answer_quotes_a_byline(kb):
    # the interviews' bylines were quotable: "Gerben Hofmeijer, consultant bij AT Osborne [1]"
    bylines = [s for chunk in kb.chunks for s in chunk.text.split("\n") if is_byline(s.strip())]
    assert len(bylines) >= 10
    quotable = {s for chunk in kb.chunks for s, _ in sentence_lines(Passage(chunk, rank=1, score=1.0))}
    assert not quotable & {s.strip() for s in bylines}
    answer = ExtractiveAnswerer(kb).ask("Wordt de opdrachtgever bij een innovatiepartnerschap een launching customer?")
    assert answer.found and not any(is_byline(line.split(" [")[0]) for line in answer.text.split("] "))


def test_a_list_of_names_and_job_titles_gives_no_answer_sentences_unless_the_question_asks_who(kb):
    # "wat is het inkoopbeleid van de gemeente Rotterdam voor innovatie" opened with "Patrick
    # Hermans Adviseur wetenschap, technologie en innovatie [1] Leon Hombergen Senior adviseur …"
    lists = [chunk for chunk in kb.chunks if is_name_list(chunk.text)]
    assert {chunk.section for chunk in lists} == {"Deelnemers werkgroep"}  # the working group's members
    question = "wat is het inkoopbeleid van de gemeente Rotterdam voor innovatie"
    assert kb.retrieve(question).passages[0].chunk in lists  # they hold its words most
    answer = ExtractiveAnswerer(kb).ask(question)
    assert answer.found and answer.citations
    assert not any(is_name_list(c.passage.chunk.text) for c in answer.citations) and "Hermans" not in answer.text
    retrieval = Retrieval("Wie zaten er in de werkgroep?", [Passage(lists[0], rank=1, score=1.0)], found=True)
    who = compose_answer(retrieval, kb)  # a question who took part: the list answers it
    assert who.found and who.citations[0].passage.chunk == lists[0]


def test_an_answer_reads_whether_a_passage_is_a_list_of_names_from_what_the_index_load_found(kb):
    # the index's load judged every passage (judged here again, should a later index have pushed
    # them out of the cache): an answer judges none of them again
    assert len(kb.chunks) < NAME_LIST_CACHE
    for chunk in kb.chunks:
        is_name_list(chunk.text)
    before = is_name_list.cache_info()
    answer = ExtractiveAnswerer(kb).ask("Wat is een marktconsultatie?")
    after = is_name_list.cache_info()
    assert answer.found and after.hits > before.hits and after.misses == before.misses


@pytest.mark.parametrize(("words", "sentence", "speaker"), [
    # said after the quote, in the sentence before the one shown
    ("legt Louwerse uit", "“Dan heb je wel geld uitgegeven en er tijd aan besteed, zonder dat het een eindproduct "
                          "oplevert.”", "Louwerse"),
    # said before the quote opens, sentences earlier
    ("Rutger Zuidam zegt hierover", "Hoe gaan we om met de vraagstukken die ons wel raken, maar waarbij we niet de "
                                    "enige eigenaar zijn?", "Rutger Zuidam"),
    # the byline under the quote
    ("veranderopgave", "Dit geldt zeker voor betrokkenen bij inkoop die zelf geen inkoper zijn, zoals bestuurders en "
                       "opdrachtgevers.", "Prof. dr. ir. Fredo Schotanus, Universiteit Utrecht"),
    # the interview's section names the person
    ("Onze primaire drive is het delen van kennis", "Want zonder kennis is er geen innovatie.",
     "Saskia Noordewier, The Hague Security Delta"),
    # "vindt" says who speaks as "zegt" does; the section names two people, so it tells nothing
    ("geen positieve effecten op een langdurige", "Het is terecht dat mensen betaald krijgen voor de uren die ze "
                                                  "ergens insteken, maar het idee moet niet een vorm van eigendom "
                                                  "zijn.", "Wouter Welling"),
    # the attribution's surname, as fully as the section names it
    ("vult Van Zuidam aan", "“We zijn in feite een neutrale plek,” vult Van Zuidam aan.", "Rutger van Zuidam"),
    # a quote nobody is named for, under a section that names two people
    ("Odyssey is een samenwerking van allerlei", "Dit seizoen hebben we 21 challenges verzameld in 14 tracks.", None),
    # the guidance's own sentence before a quote
    ("veranderopgave", "Dit kan praktisch gezien lastig zijn wanneer nog niet duidelijk is welke oplossing je laat "
                       "ontwikkelen en gaat inkopen (van pilot naar groot schaalbaar).", None),
])
def test_a_quoted_sentence_has_the_speaker_the_passage_names(kb, words, sentence, speaker):
    passage = _passage(kb, words)
    assert sentence in [s for s, _ in sentence_lines(passage)]
    assert quote_speaker(passage, sentence) == speaker


def test_an_answer_that_quotes_an_interview_names_the_speaker(kb):
    # Schotanus's words read as the guidance's, or as those of whoever the question named
    answer = ExtractiveAnswerer(kb).ask("wat vindt wethouder Jansen van Utrecht van innovatief inkopen")
    assert "“Ik denk dat de voordelen" in answer.text
    assert "gezien.” (Prof. dr. ir. Fredo Schotanus, Universiteit Utrecht) [1]" in answer.text
    # a run that names its speaker itself gets no name after it
    assert not re.search(r"Louwerse uit\.[^\[]*\(", ExtractiveAnswerer(kb).ask(
        "Wat zijn de risico's van een innovatiepartnerschap volgens Louwerse?").text)


_RUN_TEXT = "Een.\nTwee. Kort. Drie. Vier:\n• Item.\n• Item. Nog een."


@pytest.mark.parametrize(("pair", "continues"), [
    ([(0, 3, "Een.", None), (0, 4, "Twee.", None)], True),  # the next sentence, across a line break
    ([(0, 3, "Een.", None), (0, 5, "Drie.", None)], False),  # a quotable sentence left out between them
    ([(0, 4, "Twee.", None), (0, 5, "Drie.", None)], False),  # one too short to quote left out ("Kort.")
    ([(0, 3, "Een.", None), (1, 4, "Twee.", None)], False),  # another passage
    ([(0, 6, "Vier:", None), (0, 7, "Item.", 7)], False),  # a list item begins
    ([(0, 7, "Item.", 7), (0, 8, "Item.", 8)], False),  # each list item is a line of its own
    ([(0, 8, "Item.", 8), (0, 9, "Nog een.", 8)], True),  # two sentences of one item
    ([(0, 3, "Een.", None)], False),  # the answer's last sentence
])
def test_a_run_goes_on_only_with_the_next_sentence_of_the_same_running_text(pair, continues):
    assert continues_run(pair, _RUN_TEXT) is continues


@pytest.mark.parametrize(("pair", "continues"), [
    ([(0, 6, "Vier:", None), (0, 7, "Item.", 7)], True),  # the lead-in and the list's first item
    ([(0, 7, "Item.", 7), (0, 8, "Item.", 8)], True),  # an item and the next
    ([(0, 5, "Drie.", None), (0, 6, "Vier:", None)], False),  # running text: continues_run's
    ([(0, 3, "Een.", None), (0, 4, "Item.", 7)], False),  # not the sentence before it
    ([(0, 5, "Drie.", None), (0, 6, "Item.", 7)], False),  # a sentence that leads into no list
    ([(0, 7, "Item.", 7), (1, 8, "Item.", 8)], False),  # another passage
    ([(0, 7, "Item.", 7)], False),  # the answer's last sentence
])
def test_a_list_goes_on_only_with_its_next_item(pair, continues):
    assert continues_list(pair, _RUN_TEXT) is continues


def test_a_list_of_one_passage_is_cited_once_after_its_last_item(kb):
    # a note number after every item ("- Het intellectuele eigendom [1]" after two more "[1]"s)
    answer = ExtractiveAnswerer(kb).ask("Wat hoort in een opschalingsplan?")
    items = [line for line in answer.text.splitlines() if line.startswith("- ")]
    assert len(items) >= 2 and all("[" not in line for line in items[:-1]) and items[-1].endswith("[1]")
    assert answer.text.count("[1]") == 1
    assert all(line.removeprefix("- ").removesuffix(" [1]") in answer.citations[0].quote for line in items)


def test_consecutive_sentences_of_a_passage_are_cited_once_after_the_run(kb):
    # "Hoe werkt SBIR?" opens with three sentences of one passage: a note number between each two
    # broke the guidance's text ("… op de markt te brengen. [1] Een oproep …")
    answer = ExtractiveAnswerer(kb).ask("Hoe werkt SBIR?")
    first = answer.citations[0]
    run = first.quote.split(" … ")[0]
    assert run.count(". ") >= 1 and "[" not in run
    assert answer.text.startswith(f"{run} [1]")
    assert answer.text.count("[1]") == 1
    assert " ".join(run.split()) in " ".join(first.passage.chunk.text.split())


@pytest.mark.parametrize(("question", "gives"), [
    ("Hoeveel tijd kost een marktconsultatie?", False),  # the passages name no length of time
    ("How much does a market consultation cost?", False),
    ("Hoeveel SBIR-trajecten zijn er uitgevoerd?", True),  # "in totaal 55 SBIR-trajecten"
    ("Hoe lang duurt een innovatietraject?", True),  # "kan soms wel enkele jaren duren"
    # "We hebben twee grote marktconsultaties gehad" counts, but says nothing of how long
    ("Hoe lang duurt een marktconsultatie?", False),
])
def test_an_answer_without_the_amount_asked_for_says_so(kb, question, gives):
    answer = ExtractiveAnswerer(kb).ask(question)
    assert answer.found
    said = [note for note in answer.notes if note.startswith(("Geen bedrag, aantal of duur gevonden",
                                                              "Geen duur gevonden"))]
    assert bool(said) != gives, (answer.text, answer.notes)
    if said:
        assert answer.notes[0] == said[0]  # before the note that the quotes are Dutch


def test_a_run_cut_from_quoted_speech_gets_its_quotation_marks_paired():
    assert balanced_quotes("“Ook de financiering bespreken we vooraf.") == "“Ook de financiering bespreken we vooraf.”"
    assert balanced_quotes("Dat werkt goed,” zegt hij.") == "“Dat werkt goed,” zegt hij."
    assert balanced_quotes("“Een.” En “twee.”") == "“Een.” En “twee.”"
    assert balanced_quotes("Geen citaat.") == "Geen citaat."


def _marks_in_order(text: str) -> bool:
    """Whether each “ of `text` closes after it opens, and each ” closes one opened before it (a
    speech's next paragraph opens with “ again, after a sentence's end: it opens nothing new)."""
    depth = 0
    for mark in re.finditer(r"[“”]", text):
        if mark.group() == "“" and depth and re.search(r"[.!?…]\s{1,2}$", text[:mark.start()]):
            continue
        depth += 1 if mark.group() == "“" else -1
        if depth < 0:
            return False
    return depth == 0


def test_a_speech_over_two_paragraphs_is_closed_once(kb):
    # the guidance opens each paragraph of a speech with “ and closes the last only: a run over two
    # of them was shown ending "… horizontale bouwstenen.””", a quote closed that never opened
    sentences = [s for s, _ in sentence_lines(_passage(kb, "winst te behalen"))]
    first = next(n for n, s in enumerate(sentences) if s.startswith("“De basis van onze samenwerking"))
    last = next(n for n, s in enumerate(sentences) if s.endswith("horizontale bouwstenen."))
    run = " ".join(sentences[first:last + 1])
    assert "behalen. “Deze" in run
    assert balanced_quotes(run) == f"{run}”"
    assert quoted(run) == f"{run}”"
    assert _marks_in_order(quoted(run))


def test_a_sentence_keeps_the_quotation_mark_that_closes_it(kb):
    # the split dropped a mark after a sentence's stop ("… oplevert.”"): a run that took the
    # sentence with it closed its quote one sentence late, after "… legt Louwerse uit."
    lost = []
    for chunk in kb.chunks:
        text = " ".join(chunk.text.split())
        sentences = {s for s, _ in sentence_lines(Passage(chunk, rank=1, score=1.0))}
        lost += [s for s in sentences if not s.endswith(("”", "’"))  # (one passage may say it twice)
                 and any(f"{s}{mark}" in text and f"{s}{mark}" not in sentences for mark in "”’")]
    assert lost == []
    sentences = [s for s, _ in sentence_lines(_passage(kb, "legt Louwerse uit"))]
    assert "“Dan heb je wel geld uitgegeven en er tijd aan besteed, zonder dat het een eindproduct oplevert.”" \
        in sentences


def test_a_quote_opened_apart_from_its_word_or_nested_and_cut_is_closed_up_and_closed():
    # the guidance's own sentences: "“ Ik denk …" (the PDF's space) and Menno Lanting's ‘…’ cut
    assert balanced_quotes("“ Ik denk dat de voordelen van en mogelijkheden voor innovatiegerichte publieke inkoop "
                           "nog te weinig worden gezien.") == ("“Ik denk dat de voordelen van en mogelijkheden voor "
                                                              "innovatiegerichte publieke inkoop nog te weinig worden gezien.”")
    assert balanced_quotes("Innovatiedeskundige Menno Lanting zegt daarover: ‘Niet elke innovatie leidt tot disruptie.") \
        == "Innovatiedeskundige Menno Lanting zegt daarover: ‘Niet elke innovatie leidt tot disruptie.’"
    # an apostrophe, or a mark set before a number, opens no quote
    assert balanced_quotes("De jaren ‘80 kenden minder risico’s.") == "De jaren ‘80 kenden minder risico’s."
    assert balanced_quotes("“De kans bestaat dat je het traject aangaat, maar dat de innovatie mislukt”, legt "
                           "Louwerse uit. “Dan heb je wel geld uitgegeven") == (
        "“De kans bestaat dat je het traject aangaat, maar dat de innovatie mislukt”, legt Louwerse uit. “Dan heb je "
        "wel geld uitgegeven”")


@pytest.mark.parametrize("question", [
    "hoeveel geld is normaal voor zo'n project?", "what is an innovation partnership?",
    "Hoe werkt samenwerken met startups?", "Waarom is vertrouwen belangrijk in een samenwerking?",
    "Wat zeggen gemeenten over hun ervaringen met innovatie?", "How do partners share the costs?",
])
def test_every_run_of_an_answer_opens_and_closes_its_quotes(kb, question):
    # interviews quote speech over several sentences: "“Ook de financiering bespreken we …" never closed
    answer = ExtractiveAnswerer(kb).ask(question)
    for run in re.split(r"\s*\[\d+\]\s*", answer.text):
        assert _marks_in_order(run) and "“ " not in run, run
    for citation in answer.citations:
        assert _marks_in_order(citation.quote) and _marks_in_order(quoted(citation.quote)), citation.quote


def test_a_lists_short_items_are_quoted_and_an_aside_to_a_page_does_not_break_the_list(kb):
    # "Financiële dekking" and "Inkoopstrategie" (shorter than a sentence the answer quotes) were
    # left out, and the list was quoted as if it ended at "Het intellectuele eigendom [1]"
    passage = _passage(kb, "Onderdelen van dit opschalingsplan")
    items = [s for s, item in sentence_lines(passage) if item is not None]
    assert "Financiële dekking" in items and "Inkoopstrategie" in items
    retrieval = Retrieval("Wat hoort er in een opschalingsplan?", [passage], True)
    text = compose_answer(retrieval, kb).text
    assert "- Het intellectuele eigendom\n- Financiële dekking\n- Inkoopstrategie [1]" in text


def test_a_list_item_shown_alone_is_a_paragraph_not_a_list_of_one():
    # "- Overheden willen risico's en kosten van innovatie mijden [1]" opened an answer
    from assistant.answer.extractive import lone_items

    picked = [(0, 4, "Overheden willen risico’s en kosten van innovatie mijden", 3),
              (0, 6, "Naast de voordelen brengt het ook risico’s met zich mee.", None),
              (1, 0, "Onderdelen kunnen zijn:", None), (1, 1, "Financiële dekking", 1), (1, 2, "Inkoopstrategie", 2),
              (2, 5, "Er moet voldoende budget zijn voor ontwikkelkosten.", 7),
              (2, 6, "Het is gebruikelijk dat de dienst ontwikkelbudget biedt.", 7)]
    assert lone_items(picked) == {0, 5, 6}


@pytest.mark.parametrize("name", ["Kees van der Klauw", "Floris den Boer", "Nathalie van der Meyden"])
def test_a_speaker_whose_name_has_der_or_den_is_named_whole(name):
    # "de" was tried before "der" and "den", and the name ended there: "(Kees van de)"
    text = f"“Samen leer je sneller dan alleen, ook als het soms schuurt.” zegt {name}."
    passage = Passage(Chunk("c", "d", "t", "S", text, None, "s", 0), rank=1, score=1.0)
    assert quote_speaker(passage, "“Samen leer je sneller dan alleen, ook als het soms schuurt.”") == name


@pytest.mark.parametrize("question, asks", [
    ("Wat zijn de voordelen van een marktconsultatie?", True),
    ("Welke mogelijke risico’s noemt de handreiking?", True),
    ("Hoe verloopt een traject in drie fasen?", True),
    ("Which steps does the guidance describe?", True),
    ("Which possible outcomes does the guidance name?", True),
    ("What are the main risks?", True),
    ("Wat is SBIR?", False),
    ("Welke rol speelt de jurist?", False),
    ("Welke informatie kunnen ondernemers krijgen?", False),
    ("Which procedure applies?", False),
    ("Mag ik binnen 3 maanden inkopen?", False),
])
def test_a_question_that_asks_for_several_things_asks_for_a_list(question, asks):
    assert asks_for_list(question) is asks


#: The list the guidance gives of a development project's outcomes ("Meerdere uitkomsten zijn
#: mogelijk"), after the sentences that name them in the question's words.
_OUTCOMES = ("De uitwerking maakt u voor de volgende drie mogelijke uitkomsten:\n1. Succes:",
             "\n2. Mislukt:", "\n3. Onduidelijk: er is meer onderzoek nodig.")


@pytest.mark.parametrize("question, lang", [
    ("Welke drie uitkomsten kan een ontwikkeltraject hebben?", "nl"),
    ("Which outcomes of a development project should the buyer work out?", "en"),
    ("What are the three possible outcomes of a development project?", "en"),
])
def test_a_question_that_asks_for_several_things_is_answered_with_the_list_the_passage_gives(kb, question, lang):
    # the answer quoted "U kunt de verschillende uitkomsten het beste expliciet uitwerken …" and
    # "… de drie situaties, die u bij Stap 6 deelt …" from the passage, not the three outcomes
    text = ExtractiveAnswerer(kb).ask(question, lang=lang).text
    assert text.startswith(_OUTCOMES[0]), text
    assert all(part in text for part in _OUTCOMES), text


def test_a_list_from_a_later_passage_is_quoted_with_its_items_for_a_list_question(kb):
    # the list was in the third passage, which added "Het is raadzaam een uitwerking te maken van
    # de mogelijke uitkomsten van het ontwikkeltraject. [3]": the sentence before the list
    first, listing = _passage(kb, "In de uitwerkingen van de mogelijke uitkomsten"), _passage(kb, "Succes: de digitale")
    text = compose_answer(Retrieval("Welke mogelijke uitkomsten van een traject beschrijft de handreiking?",
                                    [first, listing], True), kb).text
    assert all(part in text for part in _OUTCOMES), text


def test_a_question_that_asks_for_no_list_gets_no_list_of_the_passage(kb):
    # when to work out the outcomes: the sentence that says so, without the list before it
    text = ExtractiveAnswerer(kb).ask("Wanneer werkt u de mogelijke uitkomsten van het ontwikkeltraject uit?").text
    assert text.startswith("U kunt de verschillende uitkomsten het beste expliciet uitwerken vóórdat"), text
    assert "Succes:" not in text


def test_a_footnote_printed_under_another_sections_text_is_not_quoted_as_that_text(kb):
    # the EZK report prints a page's notes under the next section's title: note 16 (on SBIR) closes
    # "Gebruik van innovatiepartnerschap in Nederland" and was quoted as what that section says
    answer = ExtractiveAnswerer(kb).ask("Hoe vaak is het innovatiepartnerschap in Nederland gebruikt?", k=10)
    assert answer.found and "38 innovatiepartnerschappen" in answer.text
    assert "SBIR" not in answer.text and "Netherlands Space Office" not in answer.text


def test_a_passage_of_footnotes_alone_is_quoted_marked_as_a_footnote(kb):
    # note 8 says since when the Netherlands has SBIR: quoted, it says it is a note, not the guidance's text
    answer = ExtractiveAnswerer(kb).ask("Sinds wanneer heeft Nederland een eigen SBIR-programma?", k=10)
    assert re.search(r"in 2005 gestart met een eigen SBIR-programma[^\[]*\(voetnoot 8\) \[\d\]", answer.text)
    assert "Voetnoot" not in answer.text
