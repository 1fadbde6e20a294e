"""Numbers written as words, in Dutch and English."""

import pytest

from assistant.core.numbers import names_number


@pytest.mark.parametrize("text", [
    "Gemeenten leveren meer dan tweehonderd verschillende producten en diensten.",
    "Er deden vijfentwintig bedrijven mee.", "tweeëntwintig aanvragen", "zestig deelnemers",
    "ongeveer drieduizend inwoners", "honderden projecten", "een kwart miljoen euro",
    "twenty-five suppliers", "hundreds of pilots", "a dozen municipalities", "dertien weken",
])
def test_a_number_written_as_a_word_is_found(text):
    assert names_number(text)


@pytest.mark.parametrize("text", [
    "Een aanbesteding is een van de manieren.", "One of the steps is a market consultation.",
    "Een krachtige en prachtige, aandachtige aanpak.", "De tiende stap gaat over opschalen.",
    "Het vertrouwen groeit.",
])
def test_words_that_only_look_like_numbers_are_not(text):
    assert not names_number(text)
