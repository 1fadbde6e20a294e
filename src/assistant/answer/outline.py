"""Questions about the plan as a whole ("Welke stappen heeft het stappenplan?", "What are the
steps?"): answered with the plan's outline, each step's own heading cited to its opening passage.

Their words alone find whatever passage says "tien" and "stappen" most (the ten rules of Bureau
ICT-Toetsing in step 9), and no single passage of the guidance lists the steps: its overview is an
illustration. The headings are the guidance's own words for each step.
"""

from __future__ import annotations

import re

from assistant.answer.messages import message
from assistant.knowledge.text import TOKEN_RE, fold, stopwords
from assistant.knowledge.types import Answer, Chunk, Citation, Passage

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


def asks_for_outline(question: str) -> bool:
    """Whether the question asks which steps the plan has, and nothing besides."""
    text = fold(question)
    if not _STEPS.search(text):
        return False
    words = [w for w in TOKEN_RE.findall(text) if w not in stopwords()]
    return bool(words) and all(w in _PLAN_WORDS for w in words)


def outline_answer(question: str, openings: list[Chunk], passages: list[Passage], *, lang: str = "nl") -> Answer | None:
    """The plan's steps, one list item per step: its heading, cited to the step's opening passage
    (`openings`, in step order); None when the library has no step headings."""
    if not openings:
        return None
    lines, citations = [message("outline_intro", lang)], []
    for number, chunk in enumerate(openings, start=1):
        heading = chunk.section.split(" › ")[0].strip()
        lines.append(f"- {heading} [{number}]")
        citations.append(Citation(number, Passage(chunk, rank=number, score=1.0), heading))
    return Answer(question, True, "\n".join(lines), citations, passages)
