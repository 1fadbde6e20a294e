"""Value types shared by retrieval, answering and everything that shows sources."""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.core.errors import BilingualError

#: Between the headings of a passage's section path ("Stap 3: … › Opstellen van de eisen"), as
#: cleaning writes it and everything that reads a section's last or first heading splits it
SECTION_SEPARATOR = " › "


class QuestionError(BilingualError, ValueError):
    """The question cannot be searched (no word in it once cleaned). `refers_to`: the word that
    refers back where that word and asking words are all it has ("wat betekent dat?"), else ""."""

    def __init__(self, nl: str, en: str | None = None, *, refers_to: str = "") -> None:
        super().__init__(nl, en)
        self.refers_to = refers_to


@dataclass(frozen=True, slots=True)
class Chunk:
    """One indexed passage: cleaned text plus where it comes from."""

    id: str
    doc: str  # document id: the source file's stem, e.g. "000_0a8fe956f5fc1910"
    title: str  # human title of the document
    section: str  # section heading path, e.g. "Stap 3: Beschrijf de minimale eisen"
    text: str
    step: int | None = None  # step number of the ten-step plan, when the chunk belongs to one
    source: str = ""  # file name the document came from
    position: int = 0  # order of the chunk inside its document


@dataclass(frozen=True, slots=True)
class Passage:
    """A retrieved chunk with its rank and relevance score (0..1, higher is better)."""

    chunk: Chunk
    rank: int
    score: float

    @property
    def doc(self) -> str:
        return self.chunk.doc

    @property
    def title(self) -> str:
        return self.chunk.title

    @property
    def section(self) -> str:
        return self.chunk.section

    @property
    def text(self) -> str:
        return self.chunk.text

    @property
    def step(self) -> int | None:
        return self.chunk.step


@dataclass(frozen=True, slots=True)
class Citation:
    """A numbered source shown under an answer: [n] title · section · quoted passage."""

    number: int
    passage: Passage
    quote: str  # the sentence(s) of the passage the answer relies on


@dataclass(slots=True)
class Answer:
    """What the user sees for a question to the guidance."""

    question: str
    found: bool  # False: the guidance does not cover this question
    text: str  # the answer, with [n] markers referring to `citations`
    citations: list[Citation] = field(default_factory=list)
    passages: list[Passage] = field(default_factory=list)  # all retrieved, best first
    generated: bool = False  # True when an LLM wrote `text`
    warnings: list[str] = field(default_factory=list)  # what may be wrong with the answer
    notes: list[str] = field(default_factory=list)  # what the user should know, such as a corrected slip
    # what holds for every answer like it ("the quotes are in Dutch"): a conversation says each
    # once (services.guidance.answer_question moves the ones not yet said into `notes`)
    standing_notes: list[str] = field(default_factory=list)

    @property
    def leading_notes(self) -> list[str]:
        """The notes to read before the text: a standing note says how to read it (under an
        English question's answer, "the guidance is in Dutch" came after the Dutch text)."""
        return [note for note in self.notes if note in self.standing_notes]

    @property
    def trailing_notes(self) -> list[str]:
        """The notes about this answer ("Gezocht op …"), read after it."""
        return [note for note in self.notes if note not in self.standing_notes]


@dataclass(frozen=True, slots=True)
class CoverageSignals:
    """What says whether the guidance covers a question (coverage.signals). The words' signals
    are there always; the meaning's (`meaning`) once the dense model has loaded, 0 before."""

    focus: float  # the weighted share of the question's words the best single candidate holds
    coverage: float  # ... that the best candidates hold together (at least the focus)
    unseen: float  # ... that no passage of the index holds at all
    english: float  # 1 for an English question: its words reach the Dutch text through a lexicon
    similarity: float = 0.0  # the dense model's best similarity to a passage
    margin: float = 0.0  # that best similarity above the median passage's
    standout: float = 0.0  # ... above the mean of the next closest passages: one passage that means it
    agreement: float = 0.0  # 1 / (1 + the closest passage's place among the lexical candidates), 0 if absent
    overlap: float = 0.0  # the share of the closest passages that are among the best lexical candidates
    meaning_focus: float = 0.0  # the focus of the closest passages: the most of the words one of them holds
    lacks_fact: float = 0.0  # 1: it asks for an amount, a person or a moment the best passages do not hold
    meaning: bool = False  # whether the dense signals were measured
    about_step: bool = False  # the question names a step of the plan and that step's passage leads
    unknown_name: bool = False  # it names something the guidance never mentions (coverage.unknown_names)
    fact_of_others: bool = False  # the fact it asks for is, in its best passages, not of what it names


@dataclass(slots=True)
class Retrieval:
    """Fused search result: passages best first, and whether the guidance covers the question."""

    question: str
    passages: list[Passage]
    found: bool
    relevance: float = 0.0  # share of the question the best passages address together
    focus: float = 0.0  # share the single best-matching passage addresses by itself
    corrections: tuple[tuple[str, str], ...] = ()  # (word as typed, word searched) for typing slips
    signals: CoverageSignals | None = None  # what `found` was judged on
