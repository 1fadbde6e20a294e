"""Questions about the plan as a whole ("Welke stappen heeft het stappenplan?", "What are the
steps?"): answered with the plan's outline, each step's own heading cited to its opening passage.

Their words alone find whatever passage says "tien" and "stappen" most (the ten rules of Bureau
ICT-Toetsing in step 9), and no single passage of the guidance lists the steps: its overview is an
illustration. The headings are the guidance's own words for each step.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from assistant.answer.messages import message
from assistant.knowledge.text import TOKEN_RE, fold, stopwords
from assistant.knowledge.types import SECTION_SEPARATOR, Answer, Chunk, Citation, Passage

_STEPS = re.compile(r"\b(?:stappen|stappenplan|steps|step plan)\b")
#: Words that name the plan or ask for its outline. A question with any other content word asks
#: about something within the plan ("Welke stappen zet ik bij een marktconsultatie?"), which the
#: search answers.
_PLAN_WORDS = frozenset("""
    stap stappen stappenplan plan step steps tien elf ten eleven 10 11 alle all allemaal
    handreiking guide guidance overzicht overview opsomming outline
    digitale digital innovatie innovaties innovation innovations inkopen ontwikkelen procuring developing procurement
    welke wat hoeveel noem geef toon which what how many list name give show tell
    bestaat bestaan consist consists heeft hebben has have kent zijn are is doorloop doorlopen go through
    hoe ziet eruit look like
""".split())

#: Words that ask what or which the steps are. Without one the question asks something of them
#: ("Moet ik altijd alle stappen doen?"), which the search answers.
_ASKING_WORDS = frozenset("""
    welke wat hoeveel noem geef toon overzicht opsomming eruit
    which what many list name give show tell overview outline like
""".split())


def asks_for_outline(question: str) -> bool:
    """Whether the question asks which steps the plan has, and nothing besides."""
    text = fold(question)
    if not _STEPS.search(text):
        return False
    tokens = TOKEN_RE.findall(text)
    words = [w for w in tokens if w not in stopwords()]
    return bool(words) and all(w in _PLAN_WORDS for w in words) and any(w in _ASKING_WORDS for w in tokens)


def outline_answer(question: str, openings: list[Chunk], passages: list[Passage], *, lang: str = "nl",
                   titles: Mapping[int, str] | None = None, need: Citation | None = None) -> Answer | None:
    """The plan's steps, one list item per step: its heading, cited to the step's opening passage
    (`openings`, in step order); None when the library has no step headings.

    `titles` are the plan's own titles of its steps in `lang`: in English each step's title comes
    first, the guidance's Dutch heading beside it. `need` is the guidance's passage for step 0 (the
    need), a step the plan has before the guidance's first heading: it is listed first, by its title.
    A source quotes the sentence after the heading, not the heading the line already shows."""
    if not openings:
        return None
    titles = titles or {}
    with_need = need is not None and 0 in titles
    # the lead says how many steps there are: step 0, listed first, is not one of them
    intro = "outline_intro_need" if with_need else "outline_intro_titled" if titles else "outline_intro"
    lines = [message(intro, lang).format(count=len(openings), last=openings[-1].step)]
    citations: list[Citation] = []
    if with_need:
        citations.append(Citation(1, need.passage, need.quote))
        lines.append(f"- {message('outline_step', lang).format(number=0, title=titles[0])} [1]")
    for chunk in openings:
        number = len(citations) + 1
        heading = chunk.section.split(SECTION_SEPARATOR)[0].strip()
        title = titles.get(chunk.step) if chunk.step is not None and lang != "nl" else None
        line = f"{message('outline_step', lang).format(number=chunk.step, title=title)} ({heading})" if title else heading
        lines.append(f"- {line} [{number}]")
        passage = Passage(chunk, rank=number, score=1.0)
        citations.append(Citation(number, passage, _first_sentence(passage) or heading))
    return Answer(question, True, "\n".join(lines), citations, passages)


def _first_sentence(passage: Passage) -> str:
    """The passage's first sentence under its heading ("" when it has none)."""
    from assistant.answer.extractive import sentence_lines  # extractive imports this module

    return next((sentence for sentence, _ in sentence_lines(passage)), "")
