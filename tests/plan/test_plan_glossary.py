"""The glossary's English terms as the guidance names them: the lexicon's phrases by their
normalised form."""

from collections import Counter

import pytest

from assistant.knowledge.text import english_dutch_phrases
from assistant.plan.glossary import _norm, _phrases_by_norm, load_glossary


def test_phrases_the_lexicon_writes_two_ways_give_the_dutch_words_of_both_in_the_files_order():
    # "scale up" and "scale-up" are two rows of the file and one name to a question
    normed = {key: _norm(key) for key in english_dutch_phrases()}
    twice = {n for n, count in Counter(normed.values()).items() if count > 1}
    assert {"scale up", "start up"} <= twice
    for n in twice:
        rows = [english_dutch_phrases()[key] for key, other in normed.items() if other == n]
        assert _phrases_by_norm()[n] == tuple(dict.fromkeys(w for words in rows for w in words))
    assert _phrases_by_norm()[_norm("Start-Up")] == _phrases_by_norm()["start up"]


@pytest.mark.parametrize(("lang", "typed", "meant", "also"), [
    # SBIR lists "precommercial procurement" among its synonyms: spaced and hyphenated otherwise,
    # the own name of pre-commercial procurement was less close, and SBIR came first
    ("en", "precomercial procurment", "pre_commercieel_inkopen", "sbir"),
    ("en", "precommercial proucrement", "pre_commercieel_inkopen", "sbir"),
    ("nl", "precomercial procurment", "pre_commercieel_inkopen", "sbir"),
    ("en", "pcp", "pre_commercieel_inkopen", "sbir"),  # both list it: the term it abbreviates
    ("nl", "vervolgafnam", "vervolgafname", "inkoopstrategie"),  # inkoopstrategie lists vervolgafname
    ("en", "folow-up purchase", "vervolgafname", "inkoopstrategie"),
    ("nl", "randvoorwarden", "randvoorwaarden", "randvoorwaardelijke_eisen"),
])
def test_a_misspelt_search_suggests_the_term_of_that_name_before_one_that_lists_it_as_a_synonym(
        lang, typed, meant, also):
    glossary = load_glossary()
    suggested = glossary.suggest(typed, lang, n=3)
    assert suggested[0] == glossary.terms[meant].name(lang)
    assert glossary.terms[also].name(lang) in suggested[1:]  # the other, as close by its synonym, after it


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_card_says_it_is_only_the_nearest_for_each_alias_it_does_not_show(lang):
    # a term's card found by an alias or synonym that is not on it was read as that alias's card
    from assistant.core.textsafe import escape_markdown
    from assistant.plan.glossary import found_under_other_name, term_card

    glossary = load_glossary()
    said = "“"
    hidden = 0
    for term in glossary:
        for name in term.names():
            if glossary.lookup(name, lang) is not term:
                continue  # another term's name first
            card = term_card(name, lang)
            assert card.endswith(term.render(lang))
            if found_under_other_name(term, name, lang):
                hidden += 1
                first = card.split("\n")[0]  # as Markdown: "10\\-step plan"
                assert first.startswith(said + escape_markdown(name) + "”")
                assert first.endswith(f"“{escape_markdown(term.name(lang))}”:")
            else:
                assert card == term.render(lang)
        assert term_card(term.name(lang), lang) == term.render(lang)  # its own name: the card alone
    assert hidden > 0
    assert term_card("xyzzy-onbekend", lang) is None


def test_a_cards_source_keeps_its_dutch_title_and_gets_its_gloss_in_english_only():
    # "Source: Handreiking, box 'Blockchain technologie'": checks and "Based on" lines glossed
    # the guidance's Dutch titles, the glossary's cards did not
    term = load_glossary().terms["blockchain"]
    assert "Source: Handreiking, box 'Blockchain technologie' (blockchain technology)" in term.render("en")
    assert "Bron: Handreiking, kader 'Blockchain technologie'\n" in term.render("nl") + "\n"
