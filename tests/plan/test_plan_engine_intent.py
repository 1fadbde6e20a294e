"""Telling answers from questions, commands, and splitting list answers."""

from __future__ import annotations

import pytest

from assistant.plan.conversation import split_list_answer
from assistant.plan import command_syntax
from assistant.plan import intent as intents
from assistant.plan.command_syntax import parse_command
from assistant.plan.intent import classify, resolve_choice, split_entries
from assistant.plan.steps import load_plan


@pytest.mark.parametrize("text", [
    "AVG-conform (data)\nWerkt dit ook offline?\nmax € 250k (randvoorwaarde)",
    "AVG-conform; werkt het offline?; open standaarden",
    "- AVG-conform\n- welke data is nodig?",
    "- welke data mag de leverancier gebruiken?",
    "1. Is de oplossing uitlegbaar?",
])
def test_lists_with_question_marks_are_answers(text):
    assert classify(text, pending=True) == "answer"


@pytest.mark.parametrize("text", [
    "wat is een SBIR?",
    "Mag ik na een SBIR direct inkopen?",
    "Hoe lang duurt een innovatiepartnerschap?",
    "welke procedures zijn er?",
    "Kan een pilot zonder aanbesteding?",
    "Is een marktconsultatie verplicht?",
    "What is a prize contest?",
    "how do I pick a procedure?",
    "Should we consult the market first?",
    "Does the SBIR allow direct purchase?",
    "What's a TRL?", "what's the difference between SBIR and a prize contest?", "Who’s involved in step 7?",
    # typed without the apostrophe it was asked whether it was an answer
    "whats the difference between SBIR and an innovation partnership?", "whos involved in step 7?",
])
def test_question_word_and_question_mark_is_a_question(text):
    assert classify(text, pending=True) == "question"


@pytest.mark.parametrize(("text", "proceed"), [
    ("Waar begin ik?", True), ("Ik ben nieuw, waar moet ik beginnen?", True), ("Hoe werkt dit?", True),
    ("Wat moet ik nu doen?", True), ("Where do I start?", True), ("I'm new here", True),
    ("What should I do next?", True), ("help", True), ("Hulp!", True), ("help me", True),
    ("ik heb hulp nodig", True), ("I am new here, what should I learn first", True),
    ("Wat moet ik eerst leren?", True), ("Hulp bij een marktconsultatie?", False),
    ("Help met de eisen", False), ("Wat moet ik leren over SBIR?", False),
    ("Waar begin ik met een marktconsultatie?", False), ("Wat moet ik hier invullen?", False),
    ("Hoe werkt een SBIR?", False), ("Wat moet ik doen bij stap 3?", False), ("Ik ben nieuw in dit vak", False),
])
def test_asking_how_to_go_on_with_the_plan(text, proceed):
    assert intents.asks_how_to_proceed(text) is proceed


@pytest.mark.parametrize(("text", "lost"), [
    ("ik ben de weg kwijt, wat nu", True), ("ik snap het niet", True), ("Ik begrijp het niet meer.", True),
    ("geen idee wat ik hier moet", True), ("sorry, ik snap er niks van", True), ("ik ben het spoor bijster", True),
    ("ik weet niet wat ik hier moet invullen", True), ("I'm lost", True), ("I don't get it", True),
    ("i am a bit confused, what now", True), ("I don't understand this question", True),
    # answers (or questions) that hold such words say more
    ("de gebruiker is de weg kwijt in het huidige systeem", False), ("medewerkers snappen het niet", False),
    ("ik snap niet wat een SBIR is", False), ("residents get lost in the forms", False),
    ("I don't get why SBIR is cheaper", False),
])
def test_saying_you_are_lost_asks_how_to_go_on_not_an_answer(text, lost):
    # "ik ben de weg kwijt, wat nu" was stored as a line of step 4's criteria, and checked as one
    assert intents.asks_how_to_proceed(text) is lost


@pytest.mark.parametrize("text", ["?", " ?? ", "…?"])
def test_a_question_mark_without_any_word_is_a_question_not_an_answer(text):
    assert classify(text, pending=True) == "question"


@pytest.mark.parametrize("text", ["Sensoren?", "Twee jaar?", "misschien blockchain?", "€ 250.000?"])
def test_short_line_with_question_mark_but_no_question_word_is_ambiguous(text):
    assert classify(text, pending=True) == "ambiguous"


@pytest.mark.parametrize("text", [
    "hoe lang duurt zo'n traject meestal",
    "Hoe werkt een SBIR",
    "welke eisen gelden voor de data",
    "wat is een proeftuin",
    "Hoeveel budget is er meestal nodig",
    "kan ik een SBIR gebruiken",
    "Is er een voorbeeld van",
    "what happens after the pilot",
    "should we consult the market first",
    "hoe pak ik een marktconsultatie aan",  # any verb before its subject
    "waar vind je voorbeelden van criteria",
    # a yes/no question whose subject is a noun: "can maintenance be paid …" replaced an answer
    "can maintenance be paid from the innovation budget",
    "should the pilot costs be shared",
    "Is the budget enough for phase 2",
    "Kan de leverancier de data meenemen",
    "does maintenance count as innovation",
    "who owns the source code if the supplier builds the software",  # stored as the answer
    "what if the supplier goes bankrupt",
    "wat bedoelen jullie precies met behoefte",  # stored as the need
    "wat verstaan jullie onder een proeftuin",
    "hoe hoog moet het budget zijn",  # a measure, then its verb: stored as the budget
    "how high should the ceiling be",
])
def test_a_line_shaped_like_a_question_without_its_question_mark_is_ambiguous(text):
    # stored as an answer it would fill the record with a question
    assert classify(text, pending=True) == "ambiguous"


@pytest.mark.parametrize("text", [
    "ik snap niet goed wat een SBIR is, kun je dat uitleggen",
    "leg uit wat een finishlijn is",
    "Leg me eens uit hoe een prijsvraag werkt",
    "Kunt u toelichten wat hier bedoeld wordt",
    "Ik begrijp niet wat hier bedoeld wordt",
    "explain the TRL scale",
    "could you explain what a living lab is",
    "I don't understand what a finish line is",
])
def test_a_request_to_explain_is_no_answer_to_the_question_asked(text):
    # "leg uit wat een finishlijn is" was stored as step 7's finish line, a request for an
    # explanation as the reason for the chosen procedure
    assert classify(text, pending=True) == "ambiguous"


@pytest.mark.parametrize(("text", "asks"), [
    ("difference between SBIR and innovation partnership", True), ("verschil tussen SBIR en een prijsvraag", True),
    ("De verschillen tussen de procedures", True), ("uitleg over de finishlijn", True), ("meaning of TRL", True),
    ("betekenis van publieke waarden.", True), ("pros and cons of a prize contest", True),
    # statements that open so
    ("het verschil tussen oud en nieuw is groot", False), ("Uitleg over de resultaten geven we aan de raad", False),
    ("The difference between the two suppliers was small", False), ("Bewoners in de binnenstad", False),
])
def test_a_request_for_information_without_a_question_mark_reads_as_a_question(text, asks):
    # "difference between SBIR and innovation partnership", typed without a project, got its
    # answer and "Did you mean this as an answer? There is no project to store it in yet"
    assert intents.reads_as_question(text) is asks
    assert classify(text, pending=True) == ("ambiguous" if asks else "answer")


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_no_example_answer_in_the_step_files_reads_as_a_request_for_information(lang):
    examples = [q.example for step in load_plan(lang) for q in step.questions]
    assert [e for e in examples if intents.asks_for_information(e)] == []


@pytest.mark.parametrize(("text", "term"), [
    ("ik weet niet wat een behoefteanalyse is", "behoefteanalyse"),
    ("Ik weet eigenlijk niet wat de TRL betekent", "TRL"),
    ("I don't know what a needs analysis is", "needs analysis"),
    ("I don't know who experiences it", None),
    ("weet ik niet hoe dat bij ons zit", None),
])
def test_saying_only_what_one_does_not_know_is_unsure(text, term):
    # "ik weet niet wat een behoefteanalyse is" was stored as who experiences the need
    from assistant.plan.intent import term_not_known

    assert classify(text, pending=True) == "unsure"
    assert term_not_known(text) == term


@pytest.mark.parametrize("text", [
    "We leggen aan bewoners uit wat er verandert",
    "De leverancier legt uit hoe het werkt",
    "Wij willen dat leveranciers uitleggen hoe hun oplossing werkt",
    "Ik weet niet wat de kosten worden, maar maximaal 2 ton",
    "Explainable AI is a must",
])
def test_answers_that_speak_of_explaining_are_answers(text):
    assert classify(text, pending=True) == "answer"


@pytest.mark.parametrize("text", [
    "Binnen hoeveel dagen moet een bezwaar tegen een gunningsbeslissing bij de rechter liggen?",
    "Bij wie kan ik terecht met vragen over de aanbesteding?", "Voor welke stap is een marktconsultatie nodig?",
    "Van wie is het IE?", "In hoeverre mag de leverancier meedenken?", "Tot wanneer loopt de termijn?",
    "In wat voor situatie kies je een SBIR?",
    "In which step do we consult the market?", "For how long does a pilot run?", "By when must we decide?",
    "To whom do we send the report?", "With whom should we talk first?", "Under what conditions is this allowed?",
])
def test_a_preposition_before_the_asking_word_and_a_question_mark_is_a_question(text):
    # "Binnen hoeveel dagen …?" was asked whether it was an answer: only its first word was read
    assert intents.starts_with_question_word(text)
    assert classify(text, pending=True) == "question"


@pytest.mark.parametrize(("text", "kind"), [
    # without its question mark, read as from its asking word: a question's shape, or a clause
    ("binnen hoeveel dagen moet een bezwaar bij de rechter liggen", "ambiguous"),
    ("in welke stap hoort de marktconsultatie", "ambiguous"), ("for how long does a pilot run", "ambiguous"),
    ("to whom should we send the report", "ambiguous"),
    ("Bij wie we beginnen, hangt af van de planning", "answer"),
    # a preposition before anything but an asking word opens an answer
    ("Binnen de gemeente willen we minder afval", "answer"),
    ("Voor de burgers is het belangrijk dat de bus op tijd rijdt", "answer"),
    ("Met wat hulp van de provincie lukt het", "answer"),  # Dutch "wat" after a preposition: "some"
    ("In is het", "answer"), ("Bij mag ik?", "ambiguous"),  # a verb after a preposition asks nothing
])
def test_a_preposition_opens_a_question_only_before_an_asking_word(text, kind):
    assert classify(text, pending=True) == kind


@pytest.mark.parametrize("text", [
    "Hoe kunnen we fietsers sneller laten doorrijden?",
    "Hoe kunnen wij zwerfafval voorkomen",
    "How might we reduce waiting times?",
])
def test_a_need_put_as_how_can_we_is_ambiguous_with_or_without_its_question_mark(text):
    # the usual way to put a need or challenge, as often as a question to the guidance
    assert classify(text, pending=True) == "ambiguous"


@pytest.mark.parametrize("text", [
    "Containers raken onvoorspelbaar vol",
    "wat we nodig hebben is een betere planning",  # question word, no question mark
    "Wanneer het regent, rijden er minder fietsers",  # a clause that opens like a question
    "Wie de oplossing gebruikt: de verkeersregelaars",
    "Hoe sneller hoe beter",
    "Hoe eerder we beginnen, hoe beter",
    "Wanneer nodig schakelen we de leverancier in",
    "Waar nodig schakelen we externe expertise in",
    "Is het budget rond.",  # a statement
    "Wie: de gemeente",
    "ja, de wethouder steunt het",
    "[bold]vet[/bold] en [@click=app.quit]",
    "Must be open source",  # a requirement's fragment: "be" right after the modal
    "Should be decided by the board",
    "Does not apply to us",
    "Is geregeld via de provincie",
])
def test_plain_lines_are_answers(text):
    assert classify(text, pending=True) == "answer"


def test_without_a_pending_question_everything_is_a_question():
    assert classify("Containers raken vol", pending=False) == "question"
    assert classify("/help", pending=False) == "command"


def test_empty_and_whitespace():
    assert classify("", pending=True) == "empty"
    assert classify("   \n\t ", pending=True) == "empty"


@pytest.mark.parametrize("typed,name,arg", [
    ("/volgende", "next", ""), ("/next", "next", ""), ("/terug", "back", ""), ("/back", "back", ""),
    ("/stap 3", "step", "3"), ("/step 10", "step", "10"), ("/dossier", "record", ""),
    ("/record", "record", ""), ("/uitleg", "explain", ""), ("/explain", "explain", ""),
    ("/begrip SBIR", "term", "SBIR"), ("/term vendor lock-in", "term", "vendor lock-in"),
    ("/vraag wat is TRL?", "ask", "wat is TRL?"), ("/ask what is TRL?", "ask", "what is TRL?"),
    ("/export md", "export", "md"), ("/help", "help", ""), ("/HELP", "help", ""),
    ("/wijzig 2 nieuwe tekst", "edit", "2 nieuwe tekst"), ("/edit 1 x", "edit", "1 x"),
    ("/verwijder 3", "remove", "3"), ("/remove 3", "remove", "3"), ("/foo bar", "", "bar"),
])
def test_commands_and_aliases(typed, name, arg):
    command = parse_command(typed)
    assert command is not None and command.name == name and command.arg == arg


@pytest.mark.parametrize(("typed", "name"), [
    ("/", ""), ("//", ""), ("/ volgende", "next"), ("//volgende", "next"), ("\\volgende", "next"),
    ("\\stap 3", "step"),
])
def test_a_slash_alone_or_a_slip_before_a_command_is_no_answer(typed, name):
    # "/", "//" and "/ volgende" were stored as step 3's requirements, "\\volgende" as its budget
    command = parse_command(typed)
    assert command is not None and command.name == name
    assert classify(typed, pending=True) == "command"


def test_paths_are_not_commands():
    assert parse_command("/dev/null is de plek") is None
    assert parse_command("/ 2 weken") is None
    assert parse_command("\\\\server\\map") is None
    assert classify("/dev/null is de plek", pending=True) == "answer"


def test_resolving_the_disambiguation():
    for text in ("1", "antwoord", "Answer", " a "):
        assert resolve_choice(text) == "answer"
    for text in ("2", "vraag", "question", "q"):
        assert resolve_choice(text) == "question"
    assert resolve_choice("iets anders") is None


def test_split_entries_and_list_answers():
    assert split_entries("- a\n* b\n3. c\n\n") == ["a", "b", "c"]
    assert split_list_answer("AVG-conform (data); max € 250k (randvoorwaarde)", "step3.requirements") == [
        "AVG-conform (data)", "max € 250k (randvoorwaarde)"]
    # key: value segments belong to one criterion
    one = "Onderhoud daalt; doel: 20% minder; eis: AVG-conform"
    assert split_list_answer(one, "step4.criteria") == [one]
    # a key that comes again opens the next entry (two criteria were run together into one)
    assert split_list_answer("Ongevallen; doel: 20% minder; Uptime; doel: 99,5%", "step4.criteria") == [
        "Ongevallen; doel: 20% minder", "Uptime; doel: 99,5%"]
    assert split_list_answer("A; doel: 1; eis: 2; B; C; doel: 3", "step4.criteria") == ["A; doel: 1; eis: 2", "B; C; doel: 3"]
    assert split_list_answer("A; doel: 1; doel: 3", "step4.criteria") == ["A; doel: 1; doel: 3"]
    # a colon inside a plain entry does not glue entries together
    assert split_list_answer("Rapport: meting; Businessplan: kosten", "step4.deliverables") == [
        "Rapport: meting", "Businessplan: kosten"]
    assert split_list_answer("a\nb; c", "step4.deliverables") == ["a", "b", "c"]  # as the hint says
    # lines pasted one entry each, a ";" inside a sentence: one entry ("resultaten positief" was a
    # technology of its own, "5+ leveranciers" a candidate)
    pasted = ("AI-routeplanning – pilots bij andere overheden; resultaten positief\n"
              "Verwerking is AVG-conform; een DPIA is uitgevoerd vóór livegang\n"
              "Semantisch zoeken (hackathon); Kennisgrafen (onderzoek)")
    assert split_list_answer(pasted, "step1.technologies") == [
        "AI-routeplanning – pilots bij andere overheden; resultaten positief",
        "Verwerking is AVG-conform; een DPIA is uitgevoerd vóór livegang",
        "Semantisch zoeken (hackathon)", "Kennisgrafen (onderzoek)"]
    # one typed line: each ";" separates entries, as the hint says, long clauses too (a ";"
    # between two clauses of four words or more was kept, against the hint)
    assert split_list_answer("A human inspector always decides on repairs; the AI only flags (ethics, boundary)",
                             "step3.requirements") == [
        "A human inspector always decides on repairs", "the AI only flags (ethics, boundary)"]
    # rows copied from a spreadsheet: the cells are the entry's parts (they were glued into its name)
    assert split_list_answer("AI-routeplanning\tmiddel\tTRL 5\nSensoren\thoog\tTRL 8", "step2.assessments") == [
        "AI-routeplanning; middel; TRL 5", "Sensoren; hoog; TRL 8"]
    assert split_list_answer("Gemeente Deventer\tJ. Jansen\nROVA\tP. de Vries", "step1.contacts") == [
        "Gemeente Deventer — J. Jansen", "ROVA — P. de Vries"]
    assert split_list_answer("1.\tVulgraad\n\ta)\tzonder graafwerk\n\t•\tOpen API", "step3.requirements") == [
        "Vulgraad", "zonder graafwerk", "Open API"]
    # a sentence that goes on after its ";" is one entry (the lesson "they know where …" stood apart)
    assert split_list_answer("Involve inspectors from day one; they know where the weak spots are",
                             "step9.lessons") == ["Involve inspectors from day one; they know where the weak spots are"]
    assert split_list_answer("Start klein; dan kun je opschalen; Betrek de OR", "step9.lessons") == [
        "Start klein; dan kun je opschalen", "Betrek de OR"]
    assert split_list_answer("AVG-conform; het systeem werkt offline", "step3.requirements") == [
        "AVG-conform", "het systeem werkt offline"]  # an entry may open with "het"


@pytest.mark.parametrize(("text", "about"), [
    ("Wat moet ik hier invullen?", True),
    ("Wat bedoelt u met deze vraag?", True),
    ("What do I fill in here?", True),
    # asked without "hier" / "here": a Dutch answer from the guidance came first, the question after
    ("What should I put here?", True), ("What do you mean?", True), ("What is meant here?", True),
    ("What should I fill in?", True), ("what do I enter", True), ("What does that mean?", True),
    ("Wat bedoelt u?", True), ("Wat bedoel je daarmee?", True), ("Wat wordt er bedoeld?", True),
    ("Wat moet ik invullen?", True), ("Wat vul ik in?", True), ("Wat wordt hiermee bedoeld?", True),
    ("What do you mean by TRL?", False), ("Wat bedoelt de handreiking met een finishlijn?", False),
    ("What should I put in a market consultation?", False), ("What does TRL mean?", False),
    ("Wat is een innovatiepartnerschap?", False),
    ("Hierbij een vraag: wat is SBIR?", False),  # "hierbij" is not "hier"
    ("Wat is hier in de handreiking het verschil tussen SBIR en een innovatiepartnerschap?", False),  # long
])
def test_a_short_question_about_the_question_asked(text, about):
    assert intents.about_this_question(text) is about


@pytest.mark.parametrize("text", [
    "weet ik niet", "Weet ik nog niet.", "ik weet het nog niet", "Geen idee!", "eh, geen idee",
    "nog onbekend", "Dat moet ik nog uitzoeken", "n.t.b.", "sorry, weet ik eigenlijk nog niet precies",
    "I don't know yet", "not sure", "No idea", "tbd", "I do not know",
    # "dunno yet" was stored as the need
    "dunno yet", "idk", "no clue for now", "weet ik niet, voorlopig",
])
def test_a_reply_that_only_says_the_answer_is_not_known_yet_is_unsure(text):
    assert classify(text, pending=True) == "unsure"


@pytest.mark.parametrize("text", [
    "Weet ik niet, hangt af van de begroting", "Ik weet niet of er budget is", "nog niet besloten",
    "nee", "geen budget", "onbekende technologie", "n.v.t.", "not sure about the budget, maybe 200k",
])
def test_a_reply_that_says_more_than_not_knowing_is_an_answer(text):
    assert classify(text, pending=True) == "answer"


@pytest.mark.parametrize(("text", "kind"), [
    ("hallo", "greeting"), ("Hallo!", "greeting"), ("goedemorgen", "greeting"), ("hi there", "greeting"),
    ("Good morning.", "greeting"), ("hoi assistent", "greeting"),
    ("hallo, de containers lopen over", "answer"), ("Dag en nacht bereikbaar", "answer"),
    ("hallo?", "ambiguous"),
])
def test_a_greeting_alone_is_a_greeting_not_an_answer(text, kind):
    # a newcomer's first "hallo" was stored as the organisation's need
    assert classify(text, pending=True) == kind


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_no_example_answer_in_the_step_files_reads_as_unsure(lang):
    examples = [q.example for step in load_plan(lang) for q in step.questions]
    assert len(examples) > 60
    assert [e for e in examples if intents.is_unsure(e) or intents.is_greeting(e)] == []


@pytest.mark.parametrize(("text", "leaves"), [
    ("quit", True), ("Exit", True), ("/stop", True), ("/quit", True), ("/exit", True), ("/afsluiten", True),
    ("/stoppen", True), (":q", True),
    # alone, "stop" answers "Wat doet u als het mislukt?" as well
    ("stop", False), ("stoppen", False), ("quit smoking", False), ("/stap 3", False),
])
def test_what_leaves_the_conversation(text, leaves):
    assert command_syntax.is_quit(text) is leaves


@pytest.mark.parametrize(("text", "name", "arg"), [
    ("overslaan", "next", ""), ("Volgende.", "next", ""), ("skip", "next", ""), ("volgende vraag", "next", ""),
    ("terug", "back", ""), ("Go back", "back", ""), ("vorige", "back", ""),
    ("ga naar stap 3", "step", "3"), ("naar stap drie", "step", "drie"), ("Go to step 4", "step", "4"),
])
def test_a_navigation_word_alone_is_its_command(text, name, arg):
    # the welcome says a question can be skipped ("overslaan"): typed so, it was stored as the answer
    command = command_syntax.as_command(text)
    assert command is not None and (command.name, command.arg) == (name, arg)
    assert classify(text, pending=True) == "command"


@pytest.mark.parametrize("text", [
    "stop", "terug naar de tekentafel", "volgende week beginnen we", "de vorige aanbesteding liep mis",
    "skip de marktconsultatie niet", "we gaan naar stap 3 als het budget er is",
])
def test_words_that_merely_contain_a_navigation_word_are_answers(text):
    assert command_syntax.as_command(text) is None
    assert classify(text, pending=True) == "answer"


@pytest.mark.parametrize("text", ["what's a TRL", "where's the scale-up plan described", "how's the IP divided",
                                  "who's responsible for the evaluation"])
def test_an_english_question_with_a_contraction_is_not_taken_for_an_answer(text):
    # "what's a TRL" was stored as the answer, over the one that was there
    assert classify(text, pending=True) == "ambiguous"
    assert classify(text + "?", pending=True) == "question"


def test_a_contracted_definition_question_gets_the_glossary_card():
    from assistant.plan.glossary import glossary_note

    assert glossary_note("what's a TRL?", "en") == glossary_note("What is a TRL?", "en") is not None


def test_a_semicolon_within_a_line_of_several_separates_entries_as_on_one_line():
    # the hint says "; separates entries too": on the last of three lines it did not
    text = ("Large language models (publicaties)\nSpraakassistenten [pilot Utrecht]\n"
            "Semantisch zoeken (hackathon); Kennisgrafen (onderzoek)")
    assert split_list_answer(text, "step1.technologies") == [
        "Large language models (publicaties)", "Spraakassistenten [pilot Utrecht]",
        "Semantisch zoeken (hackathon)", "Kennisgrafen (onderzoek)"]
    assert split_list_answer(text.replace("\n", "; "), "step1.technologies") == split_list_answer(text, "step1.technologies")
    # step 2's parts in a fixed order stay one entry a line
    assessed = "iVRI; hoog; TRL 7; past goed\nCamera's; middel; TRL 8; past matig"
    assert len(split_list_answer(assessed, "step2.assessments")) == 2


@pytest.mark.parametrize("text", [
    # its subject first, then a question in Dutch word order: stored as the answer to a required question
    "innovatiepartnerschap wat is dat", "opschalen hoe doe je dat", "behoeftestelling hoe formuleer ik die functioneel",
    "sbir hoe werkt dat", "de marktconsultatie, welke vragen stel je dan", "SBIR: wanneer kies je dat",
    "budget hoeveel is er meestal nodig", "de finishlijn waar leg je die",
    "the pilot, how long does that take", "the scale-up plan what does it contain", "prize contest, who do we invite",
    "market consultation, which questions do we ask",
    # a preposition and an asking word, without "?"
    "op welk platform zet ik de aankondiging, tenderned of negometrix", "met welke partijen moet ik praten",
    "van wie is de broncode dan", "in which step do I do that", "to which supplier do we send it",
    # a comparison named by its subjects alone
    "verschil sbir en innovatiepartnerschap", "verschillen prijsvraag en SBIR", "difference sbir and pcp",
    "het verschil marktconsultatie of marktverkenning",
])
def test_a_question_typed_fast_without_its_question_mark_is_ambiguous(text):
    # stored silently as answers to required questions, they stood in the exported record as filled in
    assert classify(text, pending=True, question_kind="text") == "ambiguous"


@pytest.mark.parametrize("text", ["trl", "TRL", "tco", "emvi", "Sbir."])
def test_a_glossary_abbreviation_alone_at_a_text_question_is_ambiguous(text):
    # "trl" typed at "Wie ervaart deze behoefte?" was stored as who experiences the need
    assert classify(text, pending=True, question_kind="text") == "ambiguous"


@pytest.mark.parametrize("text", ["Eindgebruikers", "Privacy", "Budget", "Innovatiepartnerschap", "vendor lock-in",
                                  # a law's or a measure's abbreviation is an answer as often ("Welke risico's?")
                                  "AVG", "DPIA", "KPI",
                                  # idioms that only look like a question after their subject
                                  "gemeente Utrecht, welke afdeling weet ik niet", "de gemeente en wie weet de provincie",
                                  "in welke vorm dan ook", "op welke manier dan ook", "Met wie dan ook, als het maar werkt"])
def test_a_glossary_word_alone_at_a_text_question_stays_an_answer(text):
    # "Eindgebruikers" answers "Wie ervaart deze behoefte?": asking whether it was a question cost a turn
    assert classify(text, pending=True, question_kind="text") == "answer"


@pytest.mark.parametrize("kind", ["choice", "list", None])
@pytest.mark.parametrize("text", ["Innovatiepartnerschap", "SBIR", "trl"])
def test_a_glossary_term_alone_at_a_choice_or_a_list_is_an_answer(text, kind):
    assert classify(text, pending=True, question_kind=kind) == "answer"


@pytest.mark.parametrize("text", [
    "Bewoners in de wijk, want wat we nu doen werkt niet",
    "Wanneer het regent lopen de kelders vol",
    "Met de afdeling wat betreft beheer",
    "Stadsbeheer en de burgers",
    "ja, de wethouder steunt het",
    "Bij wie we beginnen, hangt af van de planning",
    "Over hoe we dat doen beslist de stuurgroep",
    "Behouden wat werkt en verbeteren wat niet werkt",
    "Alles wat is afgesproken met de leverancier",
    "Hoe meer we meten, hoe beter we plannen",
    "Data: hoe meer we meten hoe beter",
    "Weten waar je staat en wanneer je moet bijsturen",
    "We willen zien wat het oplevert voor de wijk",
    "Zoals de proeftuin in Eindhoven, wat goed werkte",
    "De chauffeurs, wie het eerst last heeft van volle containers",
    "Verschil maken voor bewoners en ondernemers",
    "Verschil in kosten en tijd",
    "Drivers who are the first to notice full containers",
    "A planning system which does the routing at night",
    "Residents, since what we do now fails",
    "Innovatiepartnerschap met een Europese aankondiging",
    "Water", "Schoon water", "eh, latr", "AI",  # a two-letter name is an everyday word
])
def test_answers_with_an_asking_word_or_a_term_inside_stay_answers(text):
    assert classify(text, pending=True, question_kind="text") == "answer"


@pytest.mark.parametrize("text", ["weet nie", "weet ik nie", "geen iede", "ik weet het nog neit", "I dont knwo",
                                  "no idae", "nog onbekent", "kom ik op teurg"])
def test_saying_the_answer_is_not_known_with_one_slip_is_unsure(text):
    # "weet nie" was stored as an answer, while "weet niet" was read as not known
    assert classify(text, pending=True, question_kind="text") == "unsure"


def test_a_no_for_now_with_a_slip_is_still_a_no_at_a_yes_or_no_question():
    assert classify("nit nu", pending=True, question_kind="bool") == "answer"
    assert classify("nit nu", pending=True, question_kind="text") == "unsure"


@pytest.mark.parametrize("text", ["maybe water", "kost nog", "Water"])
def test_a_changed_letter_in_a_short_word_is_no_slip_into_not_knowing(text):
    # "maybe water" read as "maybe later" would store nothing of an answer
    assert classify(text, pending=True, question_kind="text") != "unsure"


@pytest.mark.parametrize(("text", "points"), [
    ("Can we skip the pilot?", False), ("Kunnen we de pilot overslaan?", False), ("Can we skip the SBIR?", False),
    ("Mag ik overslaan?", True), ("Kan ik stap 7 overslaan?", True), ("Can I skip this step?", True),
    ("Can I skip this question?", True),
])
def test_a_skipping_verb_with_a_subject_of_its_own_asks_the_guidance(text, points):
    # at step 7's form question, which lists the pilot, "Can we skip the pilot?" was answered "This
    # question is required …", read by an English user as "a pilot is required"
    prompt = "Welke vorm kiest u voor het ontwikkeltraject? proeftuin (pilot), SBIR, innovatiepartnerschap, prijsvraag"
    assert intents.points_at_question(text, prompt) is points


@pytest.mark.parametrize(("text", "kind"), [("Hoe vaak: minimaal elke week een vlucht (technisch, behoefte)", "list"),
                                            ("Hoe vaak: elke week gevlogen, dus voldaan", "text")])
def test_a_label_and_what_it_says_is_an_answer_however_the_label_opens(text, kind):
    # a requirement labelled "Hoe vaak:" was asked about as a question
    assert classify(text, pending=True, question_kind=kind) == "answer"


@pytest.mark.parametrize("text", ["Strak", "Late", "Volt", "Nuclear", "Laters"])
def test_a_word_alone_is_no_slip_into_not_knowing(text):
    # "Strak" (a tight planning) read as "straks" stored nothing of the answer
    assert classify(text, pending=True, question_kind="text") == "answer"


@pytest.mark.parametrize("text", ["Wat bedoel je met: eindgebruiker", "Moet ik hier: de namen invullen",
                                  "How does this work: SBIR", "Waar vind ik: de handreiking"])
def test_a_label_that_asks_itself_is_asked_about(text):
    assert classify(text, pending=True, question_kind="text") == "ambiguous"
