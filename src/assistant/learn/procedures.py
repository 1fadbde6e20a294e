"""The procedures of step 7 side by side: `prompts/lessons/procedures.toml`, validated at load.

Every pair of procedure and aspect is in the file once: a summary in Dutch and English with the
verbatim passage it rests on, or `silent = true` where the guidance says nothing (the view then
says so). Whether each passage is in the guidance is checked by `assistant.learn.citations`.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, model_validator

from assistant.answer import quoted
from assistant.learn.citations import citation, normalise
from assistant.learn.lessons import LESSONS_DIR, LessonFileError, Quote
from assistant.learn.messages import say
from assistant.plan.datafile import load_validated

PROCEDURES_PATH = LESSONS_DIR / "procedures.toml"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Named(_Strict):
    key: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name_nl: str = Field(min_length=1)
    name_en: str = Field(min_length=1)

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name_nl


class Cell(_Strict):
    procedure: str
    aspect: str
    silent: bool = False
    text_nl: str = ""
    text_en: str = ""
    quote: Quote | None = None

    @model_validator(mode="after")
    def _cited_or_silent(self) -> Cell:
        if self.silent and (self.quote or self.text_nl or self.text_en):
            raise ValueError("een stille cel heeft geen tekst of citaat / a silent cell has no text or quote")
        if not self.silent and not (self.quote and self.text_nl and self.text_en):
            raise ValueError("tekst (nl, en) en citaat nodig, of silent = true / "
                             "text (nl, en) and a quote needed, or silent = true")
        return self

    def text(self, lang: str) -> str:
        return self.text_en if lang == "en" else self.text_nl


class Comparison(_Strict):
    intro_nl: str
    intro_en: str
    choice_nl: str
    choice_en: str
    choice_quote: Quote
    procedures: tuple[Named, ...] = Field(min_length=2)
    aspects: tuple[Named, ...] = Field(min_length=1)
    cells: tuple[Cell, ...]

    @model_validator(mode="after")
    def _every_pair_once(self) -> Comparison:
        procedures = {p.key for p in self.procedures}
        aspects = {a.key for a in self.aspects}
        seen: set[tuple[str, str]] = set()
        for cell in self.cells:
            pair = (cell.procedure, cell.aspect)
            if cell.procedure not in procedures or cell.aspect not in aspects:
                raise ValueError(f"onbekende procedure of aspect / unknown procedure or aspect: {pair}")
            if pair in seen:
                raise ValueError(f"dubbele cel / duplicate cell: {pair}")
            seen.add(pair)
        missing = sorted({(p, a) for p in procedures for a in aspects} - seen)
        if missing:
            raise ValueError(f"cellen ontbreken / cells missing: {missing}")
        return self

    def cell(self, procedure: str, aspect: str) -> Cell:
        return next(c for c in self.cells if (c.procedure, c.aspect) == (procedure, aspect))

    def quotes(self) -> list[Quote]:
        return [self.choice_quote, *(c.quote for c in self.cells if c.quote is not None)]


def load_comparison_file(path: Path) -> Comparison:
    return load_validated(Path(path), Comparison, LessonFileError)[0]


@lru_cache(maxsize=2)
def load_comparison(path: str = str(PROCEDURES_PATH)) -> Comparison:
    return load_comparison_file(Path(path))


def _source(quote: Quote, lang: str) -> str:
    """A quote with its source, the titles glossed in English. That the quotes are Dutch the
    intro says once (before every quote, it stood 17 times on the screen)."""
    return f"{quoted(normalise(quote.text))} ({citation(quote, lang)})"


def cell_markdown(cell: Cell, lang: str) -> str:
    """One procedure's answer on one aspect with its quote, or that the guidance is silent."""
    if cell.silent:
        return f"*{say('procedures_silent', lang)}*"
    return f"{cell.text(lang)}  \n{_source(cell.quote, lang)}"


def choice_markdown(comparison: Comparison, lang: str) -> str:
    choice = comparison.choice_en if lang == "en" else comparison.choice_nl
    return "\n".join([f"### {say('procedures_choice', lang)}", "", choice, "", f"> {_source(comparison.choice_quote, lang)}"])


def comparison_markdown(comparison: Comparison, lang: str, *, heading: bool = True) -> str:
    """Aspect by aspect, every procedure's answer with its quote, or that the guidance is silent;
    without the heading where a screen's title says it already. Its intro says the forms come in
    turn, and so does its heading: the file's intro and the wide screen's title promise them side
    by side, as only a wide screen shows them."""
    intro = say("procedures_in_turn", lang)
    lines = [f"## {say('procedures_title_in_turn', lang)}", "", intro] if heading else [intro]
    for aspect in comparison.aspects:
        lines += ["", f"### {aspect.name(lang)}", ""]
        for procedure in comparison.procedures:
            answer = cell_markdown(comparison.cell(procedure.key, aspect.key), lang)
            # its quote's line indented, in the list item
            lines.append(f"- **{procedure.name(lang)}**: {answer}".replace("\n", "\n  "))
    lines += ["", choice_markdown(comparison, lang)]
    return "\n".join(lines)
