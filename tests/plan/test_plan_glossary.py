"""The glossary's English terms as the guidance names them: the lexicon's phrases by their
normalised form."""

from collections import Counter

from assistant.knowledge.text import english_dutch_phrases
from assistant.plan.glossary import _norm, _phrases_by_norm


def test_phrases_the_lexicon_writes_two_ways_give_the_dutch_words_of_both_in_the_files_order():
    # "scale up" and "scale-up" are two rows of the file and one name to a question
    normed = {key: _norm(key) for key in english_dutch_phrases()}
    twice = {n for n, count in Counter(normed.values()).items() if count > 1}
    assert {"scale up", "start up"} <= twice
    for n in twice:
        rows = [english_dutch_phrases()[key] for key, other in normed.items() if other == n]
        assert _phrases_by_norm()[n] == tuple(dict.fromkeys(w for words in rows for w in words))
    assert _phrases_by_norm()[_norm("Start-Up")] == _phrases_by_norm()["start up"]
