"""The English->Dutch lexicon (prompts/lexicon/en_nl.tsv): it loads, keeps its header's rules, and
lets an English question reach the Dutch passage by its words.

The questions are written for these tests; they are not from any question set.
"""

import dataclasses

import pytest

from assistant.knowledge.evaluation import holds, normalise
from assistant.knowledge.text import LEXICON_DIR, english_dutch_lexicon, glossary_english_names, stopwords


def _words(phrase):
    return tuple(phrase.split())


@pytest.mark.parametrize(("english", "dutch"), [
    ("letter of intent", "intentieovereenkomst"),
    ("silos", "verkokering"),
    ("pitfalls", "valkuil"),
    ("aid ceilings", "steunplafonds"),
    ("fragmentation", "versnippering"),
    ("frontrunners", "koplopers"),
    ("purchasing power", "inkoopkracht"),
    # second corpus-side round
    ("recovery act", "herstelwet"),
    ("think along", "meedenken"),
    ("disagreement", "verdeeldheid"),
    ("school building project", "onderwijsbouwproject"),
    # from our own English texts (steps, lessons, glossary)
    ("measurable", "meetbaar"),
    ("explainable", "uitlegbaar"),
    ("co-finance", "cofinanciering"),
    ("sensitivities", "gevoeligheden"),
])
def test_the_corpus_side_entries_load(english, dutch):
    assert dutch in english_dutch_lexicon()[_words(english)]


def _entries():
    for line in (LEXICON_DIR / "en_nl.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            english, dutch = line.split("\t")
            yield english, dutch.split("|")


def test_no_value_is_a_dutch_stopword_and_no_key_an_english_one():
    english_stops = {w.strip() for w in (LEXICON_DIR / "stopwords_en.txt").read_text().splitlines()}
    dutch_stops = stopwords() - english_stops
    entries = list(_entries())
    assert not [english for english, _ in entries if english in english_stops]
    assert not [(english, v) for english, values in entries for v in values if v in dutch_stops]
    assert all(english == english.lower() and all(v == v.lower() for v in values) for english, values in entries)


@pytest.mark.parametrize("general", ["say", "look", "likely", "exactly", "whole", "everyone"])
def test_general_english_words_are_not_keys(general):
    # a general word translated pulls in every passage that merely uses its Dutch word
    assert (general,) not in english_dutch_lexicon()


@pytest.mark.parametrize(("question", "dutch"), [
    ("What is a letter of intent between the partners?", "intentieovereenkomst"),
    ("How do you break down silos between departments?", "verkokering"),
    ("Which pitfalls should a buyer watch out for?", "valkuil"),
    ("What are the aid ceilings under state aid rules?", "steunplafonds"),
    ("How do you avoid fragmentation of innovation budgets?", "versnippering"),
    ("Who are the frontrunners in innovative procurement?", "koplopers"),
    ("What is the purchasing power of the government?", "inkoopkracht"),
    # second corpus-side round
    ("Which rules were set aside under the Recovery Act?", "herstelwet"),
    ("Can suppliers think along about the project?", "meedenken"),
    ("Where does disagreement stand in the way?", "verdeeldheid"),
    ("Was this the first school building project of its kind?", "onderwijsbouwproject"),
    # from our own English texts
    ("Can partners co-finance the project?", "cofinanciering"),
    # phrasal verbs: "team up" is samenwerken, not a team; "set up" inrichten
    ("How do we team up with small companies?", "samenwerken met (kleine) bedrijven"),
    ("How do we set up digital innovation management?", "de inrichting van digitaal innovatiemanagement"),
])
def test_an_english_word_reaches_the_passage_with_its_dutch_translation(kb, monkeypatch, question, dutch):
    # by words alone (the meaning's weight off): the lexicon is the route under test
    monkeypatch.setattr(kb, "params", dataclasses.replace(kb.params, dense_weight=0.0, dense_weight_english=0.0))
    passages = kb.retrieve(question, k=5).passages
    assert any(holds(normalise(p.text), normalise(dutch)) for p in passages)


def test_a_glossary_name_is_translated_where_its_words_are_not():
    names = glossary_english_names()
    assert len(names) > 200
    lexicon = english_dutch_lexicon()
    # "line" has no entry: the name reaches its term
    assert ("line",) not in lexicon and lexicon[("finish", "line")] == ("finishlijn",)
    assert lexicon[("rfi",)] == ("marktconsultatie",)
    # every word of "knowledge institute" has one: read word by word, as its plural is
    assert ("knowledge", "institute") in names and ("knowledge", "institute") not in lexicon
    # where the lexicon file lists a name, the file's words stand
    assert lexicon[("needs", "assessment")] == ("behoefteanalyse", "behoeftestelling")


@pytest.mark.parametrize(("question", "dutch"), [
    ("Where is the finish line of the trajectory?", "finishlijn"),
    ("What does a market sounding involve?", "marktverkenning"),
])
def test_an_english_name_of_a_glossary_term_reaches_the_passage_with_its_dutch_name(kb, monkeypatch, question,
                                                                                   dutch):
    monkeypatch.setattr(kb, "params", dataclasses.replace(kb.params, dense_weight=0.0, dense_weight_english=0.0))
    passages = kb.retrieve(question, k=3).passages
    assert any(dutch in p.text.lower() for p in passages)


def test_an_english_plural_or_verb_form_is_looked_up_by_its_base_form():
    from assistant.knowledge.text import english_base_forms, lexicon_translations

    lexicon = english_dutch_lexicon()
    assert ("licences",) not in lexicon
    assert lexicon_translations(lexicon, ("licences",)) == lexicon[("licence",)]
    # a phrase only as listed
    assert ("market", "explorations") not in lexicon
    assert lexicon_translations(lexicon, ("market", "explorations")) == ()
    assert english_base_forms("identifying")[0] == "identify" and english_base_forms("applies")[0] == "apply"
    # a past form by its base ("consulted" as "consult", "stopped" as "stop", "tried" as "try")
    assert ("consulted",) not in lexicon and lexicon_translations(lexicon, ("consulted",)) == lexicon[("consult",)]
    assert ("stopped",) not in lexicon and lexicon_translations(lexicon, ("stopped",)) == lexicon[("stop",)]
    assert english_base_forms("tried")[0] == "try"
    assert english_base_forms("does") == []  # too short to be worth guessing


def test_an_english_word_not_listed_is_looked_up_by_a_word_of_its_root():
    from assistant.knowledge.text import lexicon_translations

    lexicon = english_dutch_lexicon()
    for word, listed in (("personally", "personal"), ("contribute", "contribution"), ("easily", "easy")):
        assert (word,) not in lexicon and lexicon_translations(lexicon, (word,)) == lexicon[(listed,)]
    assert lexicon_translations(lexicon, ("procure",)) == lexicon[("procure",)]  # a listed word as listed


@pytest.mark.parametrize(("plural", "singular"), [
    ("What are market explorations?", "What is a market exploration?"),
    ("What are knowledge institutes?", "What is a knowledge institute?"),
    ("What are licences?", "What is a licence?"),
])
def test_a_question_in_the_plural_finds_what_the_singular_finds(kb, plural, singular):
    found, expected = kb.retrieve(plural, k=3), kb.retrieve(singular, k=3)
    assert found.found and found.passages[0].chunk.id == expected.passages[0].chunk.id


@pytest.mark.parametrize(("typed", "read"), [
    ("What's SBIR?", "What is SBIR?"),
    ("whats an innovation partnership", "what is an innovation partnership"),
    ("Who’s responsible for the pilot?", "Who is responsible for the pilot?"),
    ("Why don't suppliers join?", "Why do not suppliers join?"),
    # no contraction: a possessive, Dutch, or a word of its own
    ("Its role in step 4", "Its role in step 4"),
    ("Wat doet zo'n traject in 's-Hertogenbosch?", "Wat doet zo'n traject in 's-Hertogenbosch?"),
])
def test_english_contractions_are_written_out(typed, read):
    from assistant.knowledge.text import with_contractions

    assert with_contractions(typed) == read


def test_the_contractions_file_is_lower_case_pairs():
    from assistant.knowledge.text import english_contractions

    contractions = english_contractions()
    assert len(contractions) >= 30
    assert all(k == k.lower() and v == v.lower() and " " not in k for k, v in contractions.items())


def test_a_question_with_a_contraction_finds_what_it_written_out_finds(kb):
    # "What's" is "What is": the question what SBIR is, answered from the passage that defines it
    contracted, written = kb.retrieve("What's SBIR?", k=3), kb.retrieve("What is SBIR?", k=3)
    assert contracted.found and contracted.passages[0].chunk.id == written.passages[0].chunk.id


def test_the_words_that_name_who_asks_weigh_less_than_the_question_s_subject():
    from assistant.knowledge.text import ROLE_WORD_WEIGHT, Analyzer, role_word_positions

    words = Analyzer.words("Hoe kan een aanbestedende dienst de financiering regelen?")
    assert role_word_positions(words) == {words.index("aanbestedende"), words.index("dienst")}
    assert role_word_positions(Analyzer.words("What are public values?")) == set()  # "public" alone is no body
    analyzer = Analyzer()
    terms = analyzer.query_terms("Hoe kan een aanbestedende dienst de financiering regelen?")
    assert terms[analyzer.stem("dienst")] == ROLE_WORD_WEIGHT * terms[analyzer.stem("financiering")]
    # an English role's translations too ("municipality" -> "gemeente")
    english = analyzer.query_terms("How can a municipality fund an innovation?")
    assert english[analyzer.stem("gemeente")] < english[analyzer.stem("financieren")]
