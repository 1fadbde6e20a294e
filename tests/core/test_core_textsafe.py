"""User text shown through Markdown: literal, web addresses included."""

from __future__ import annotations

import pytest
from markdown_it import MarkdownIt

from assistant.core.textsafe import escape_markdown, short


def shown(text: str) -> str:
    """What a reader sees of `text` escaped and rendered as the app renders it (tags removed)."""
    import re

    html = MarkdownIt("gfm-like").render(escape_markdown(text))
    return re.sub(r"<[^>]+>", "", html).replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").strip()


@pytest.mark.parametrize("text, seen", [
    # a web address is linked as Markdown reads it, and a backslash put in to escape "[" showed
    ("https://www.zwolle.nl/afval?x=1&y=[2].", "https://www.zwolle.nl/afval?x=1&y=[2]."),
    ("Zie <https://www.pianoo.nl/nl/themas/innovatie>", "Zie https://www.pianoo.nl/nl/themas/innovatie"),
    ("(zie www.pianoo.nl), en *niet* [vet]", "(zie www.pianoo.nl), en *niet* [vet]"),
    ("# geen kop\n- geen lijst", "# geen kop\n- geen lijst"),
])
def test_user_text_shows_as_typed(text, seen):
    assert shown(text) == seen


@pytest.mark.parametrize(("text", "limit", "shortened"), [
    ("Minimale eis (stap 3): ‘Sturingsadviezen zijn uitlegbaar voor de beheerder’. Voldoet", 60,
     "Minimale eis (stap 3): ‘Sturingsadviezen zijn uitlegbaar…’"),
    ("Een “citaat met ‘binnen’ en nog veel meer woorden” eind", 40, "Een “citaat met ‘binnen’ en nog veel…”"),
    ("de foto’s van de wijk en nog veel meer woorden erbij", 30, "de foto’s van de wijk en nog…"),
    ('he said "hello there and many more words" end', 30, 'he said "hello there and many…"'),
    # a bracket too: "✓ Opgelost: … privacy (“Groot: de camera's bij de roosters kunnen…”" had no )
    ("Risico voor privacy (“Groot: de camera's bij de roosters kunnen gezichten vastleggen”) zonder maatregel",
     60, "Risico voor privacy (“Groot: de camera's bij de roosters…”)"),
    ("1) eerst [zie bijlage (deel 2) en nog veel meer woorden] eind", 40, "1) eerst [zie bijlage (deel 2) en nog…]"),
])
def test_short_closes_a_quotation_its_cut_left_open(text, limit, shortened):
    assert short(text, limit) == shortened


@pytest.mark.parametrize("name, stem", [
    # "…-met-provincie-en-wa-20261207-….docx": a file name cut a word in two
    ("Zoutstrooien op provinciale wegen samen met provincie en waterschap Hollandse Delta",
     "Zoutstrooien-op-provinciale-wegen-samen-met-provincie-en"),
    ("x" * 70, "x" * 60),  # one long word: cut inside it
    ("Kort project", "Kort-project"),
])
def test_a_file_name_is_cut_between_words(name, stem):
    from assistant.core.textsafe import safe_filename

    assert safe_filename(name) == stem
