"""Grounded generative answers: retrieval, a fenced prompt, a streamed reply, checked citations.

`GenerativeAnswerer` implements the Answerer protocol (assistant.answer). It never raises for
model trouble: any failure becomes a one-line warning on the extractive answer
(`answer.extractive.ExtractiveAnswerer`).
"""

from __future__ import annotations

import dataclasses
import logging
import queue
import re
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from linkify_it import LinkifyIt

from assistant.answer.extractive import ExtractiveAnswerer
from assistant.answer.messages import spelling_note
from assistant.answer.outline import asks_for_outline
from assistant.knowledge.text import AFTER_NO_ITEM_NUMBER, ITEM_MARKER_RE
from assistant.knowledge.types import Answer, Citation, Passage
from assistant.llm.models import (
    StreamStalled,
    StreamTruncated,
    call_within,
    describe_error,
    message,
    not_streamed,
    settings_for_model,
)
from assistant.llm.prompts import PromptError, format_passages, load_template
from assistant.core.i18n import catalog
from assistant.core.resources import PROMPTS_DIR
from assistant.core.settings import LLMSettings
from assistant.core.textsafe import MAX_MODEL_CHARS, StreamCleaner, strip_escapes
from assistant.plan.ports import CancelFlag, TokenSink

if TYPE_CHECKING:  # slow imports (bm25s, numpy; langchain): only their types are needed here
    from langchain_core.language_models import BaseChatModel
    from langchain_core.messages import BaseMessage

    from assistant.knowledge.base import KnowledgeBase

log = logging.getLogger(__name__)

#: One citation group: [1], [1, 2], [1-3], [2;4]
_CITATION_GROUP = re.compile(r"[ \t]?\[(\s*\d{1,4}\s*(?:[,;–-]\s*\d{1,4}\s*)*)\]")
#: (a list item's number opens its sentence and ends none: "1. Succes: …" is one claim)
_SENTENCE_END = re.compile(AFTER_NO_ITEM_NUMBER + r"(?<=[.!?…])\s+", re.MULTILINE)
_THINK = re.compile(r"<think>.*?(?:</think>|\Z)", re.DOTALL | re.IGNORECASE)
_QUOTE_MAX = 300
#: A cited sentence must share at least this share of its words with the passage it cites.
SUPPORT_MIN_OVERLAP = 0.25
#: Words compared by their first letters, so that "eisen" and "eis" or "wijzigen" and
#: "gewijzigd" do not count as different words.
_STEM_CHARS = 5
_SUPPORT_WORD = re.compile(r"[^\W\d_]{4,}", re.UNICODE)
# Function words that tell Dutch from English: an English answer about Dutch passages shares
# few words with them, and word overlap cannot judge it.
_FUNCTION_WORDS = {
    "nl": frozenset("de het een van en dat die niet voor met zijn wordt worden ook als bij aan naar".split()),
    "en": frozenset("the a an and that which not for with are be been also as by to or".split()),
}
_SENTENCE_BREAK = re.compile(AFTER_NO_ITEM_NUMBER + r"(?<=[.!?…])\s+|\n+", re.MULTILINE)
# Words that say "not": a claim whose best-matching passage sentence has one where the claim has
# none (or the reverse) turns the guidance round ("mag in beginsel niet" -> "mag altijd").
_NEGATION_WORDS = frozenset("niet geen nooit niets nergens noch not no never none nothing cannot neither nor".split())
#: A "not" is weighed only against a passage sentence that shares this many words with the claim:
#: one word in common says too little about what the sentence is about.
_POLARITY_MIN_WORDS = 2
#: citation marks, one or more, where a sentence starts: they belong to the sentence before
_MARKS = re.compile(r"(?:[ \t]*\[\d{1,4}\])+")
_URLISH = re.compile(r"`[^`\n]*`|\]\([^)\s]*\)|<[a-z][a-z0-9+.-]*:[^>\s]*>|\b[a-z][a-z0-9+.-]*://\S+|\bwww\.\S+", re.IGNORECASE)
#: a figure: 14, 2.32a, 1.000.000, 2019, 15-03-2024
_FIGURE = re.compile(r"(?<![\w.])\d+(?:[.,:/-]\d+)*[a-z]?(?!\w)", re.IGNORECASE)
_LIST_NUMBER = re.compile(r"^\s*(?:#+\s*)?\d{1,2}[.)]\s+", re.MULTILINE)
#: the plan's own steps (stap 0-10) are the app's vocabulary, not a fact from a source
_STEP_NUMBER = re.compile(r"\b(?:stap|stappen|step|steps)\s+\d{1,2}(?:\s*(?:,|en|and|t/m|tot|to|-|–)\s*\d{1,2})*", re.IGNORECASE)
#: an article of law or a named source
_FACT_WORD = re.compile(r"\b(?:artikel|article|art\.|bron:|source:)|§", re.IGNORECASE)
_LEADING_MARKS = re.compile(r"^(?:\s*\[\d{1,4}\])+")
_CODE_SPAN = re.compile(r"(`[^`\n]*`)")
# A Markdown link or an autolink; what else the app's Markdown would make a link of (a bare
# address, "evil.com/login", an e-mail address) is found by linkify, as the app finds it.
_MARKDOWN_LINK = re.compile(
    r"\[(?P<label>[^\]\n]*)\]\((?P<target>[^)\s]+)(?:\s+\"[^\"]*\")?\)"
    r"|<(?P<auto>[a-z][a-z0-9+.-]*:[^>\s]+)>",
    re.IGNORECASE,
)
_LINKIFY = LinkifyIt()
_POLL_S = 0.05
#: An answer may be written for at most this many times the timeout in all (GenerativeAnswerer.answer_limit_s).
ANSWER_TIME_FACTOR = 5

_TEXTS = catalog("llm.answerer")


def _text(key: str, lang: str, **values: Any) -> str:
    return _TEXTS.text(key, lang, **values)


def _expand(group: str) -> list[int]:
    numbers: list[int] = []
    for part in re.split(r"[,;]", group):
        part = part.strip()
        bounds = re.split(r"\s*[–-]\s*", part)
        if len(bounds) == 2 and bounds[0].isdigit() and bounds[1].isdigit():
            lo, hi = int(bounds[0]), int(bounds[1])
            if 0 < hi - lo <= 20:
                numbers.extend(range(lo, hi + 1))
                continue
        numbers.extend(int(b) for b in bounds if b.isdigit())
    return numbers


def check_citations(text: str, count: int, *, keep_invalid: bool = False) -> tuple[str, list[int], list[int]]:
    """Keep only citations to passages 1..count.

    Returns (text with every valid citation written as [n] and invalid ones removed,
    valid numbers in order of first use, invalid numbers in order of first use). With
    `keep_invalid` the invalid ones stay, written as [n] too: check_claims marks their
    sentences and removes them.
    """
    valid: list[int] = []
    invalid: list[int] = []

    def replace(match: re.Match[str]) -> str:
        kept: list[int] = []
        for n in _expand(match.group(1)):
            if 1 <= n <= count:
                if n not in kept:
                    kept.append(n)
                if n not in valid:
                    valid.append(n)
            else:
                if n not in invalid:
                    invalid.append(n)
                if keep_invalid and n not in kept:
                    kept.append(n)
        lead = match.group(0)[0] if match.group(0)[0] in " \t" else ""
        if not kept:
            # keep the space when a kept citation follows directly: "B [4][1]" -> "B [1]"
            return lead if match.string[match.end() : match.end() + 1] == "[" else ""
        return lead + "".join(f"[{n}]" for n in kept)

    cleaned = _CITATION_GROUP.sub(replace, text)
    cleaned = _tidy(cleaned) if invalid and not keep_invalid else cleaned
    return cleaned, valid, invalid


def _tidy(text: str) -> str:
    """No space left before punctuation where a citation was removed."""
    return re.sub(r"[ \t]+([.,;:!?])", r"\1", text)


def _support_stems(text: str) -> set[str]:
    return {w.lower()[:_STEM_CHARS] for w in _SUPPORT_WORD.findall(text)}


def _language(text: str) -> str | None:
    """"nl" or "en" by their function words; None when the text has too few to tell."""
    words = re.findall(r"[^\W\d_]+", text.lower())
    counts = {lang: sum(w in table for w in words) for lang, table in _FUNCTION_WORDS.items()}
    best = max(counts, key=counts.__getitem__)
    others = sum(counts.values()) - counts[best]
    return best if counts[best] > 2 * others else None


#: Words after a "not" that only limit a rule: "niet zomaar", "niet altijd", "not always" say
#: the rule has exceptions, not the reverse of it ("Onder de drempel mag u onderhands gunnen")
_LIMITING_WORDS = frozenset("zomaar altijd alleen per noodzakelijk automatisch always only necessarily".split())


def _negated(text: str) -> bool:
    """Whether the sentence says "not": niet, geen, nooit, not, never, can't … (a "not" that only
    limits, "niet zomaar", "not always", is none)."""
    lowered = text.lower().replace("’", "'")
    words = re.findall(r"[^\W\d_]+", lowered)
    return any(word in _NEGATION_WORDS and (at + 1 == len(words) or words[at + 1] not in _LIMITING_WORDS)
               for at, word in enumerate(words)) \
        or re.search(r"n't\b(?!\s+(?:always|only|necessarily)\b)", lowered) is not None


def _numbers(text: str) -> set[str]:
    """The figures a sentence states (amounts, years, articles of law), not its citations,
    links, list numbering or step numbers: each must be in a passage the sentence cites."""
    text = _CITATION_GROUP.sub(" ", _URLISH.sub(" ", text))
    text = _LIST_NUMBER.sub("", _STEP_NUMBER.sub(" ", text))
    return {n.rstrip(".,:").lower() for n in _FIGURE.findall(text)}


def _states_a_fact(sentence: str) -> bool:
    """A figure, an article of law or a named source: a claim a reader takes as checked."""
    return bool(_numbers(sentence)) or bool(_FACT_WORD.search(_URLISH.sub(" ", sentence)))


def _passage_sentences(passage_text: str) -> list[str]:
    """The passage's sentences, without its heading (the section's title on its first line): a
    title is no claim of the guidance, and a claim that shares its one word with it was quoted
    the title alone ("“Behoefteanalyse”") rather than the sentence under it."""
    lines = [line for line in passage_text.splitlines() if line.strip()]
    if len(lines) > 1 and not lines[0].rstrip().endswith((".", "!", "?", ":", ";")) \
            and not ITEM_MARKER_RE.match(lines[0]):
        lines = lines[1:]
    out = []
    for line in lines:
        out += [s for s in (" ".join(p.split()) for p in _SENTENCE_END.split(line)) if s]
    return out


@dataclasses.dataclass
class _Judgement:
    verdict: str  # "supported", "unsupported", "contradicted" or "unchecked" (another language)
    quote: str  # the passage sentence the claim rests on (or that it turns round)


def _judge(claim: str, passage: Passage) -> _Judgement:
    """How passage supports claim: enough of the claim's words (four letters or more) in the
    passage's best sentence, the claim's figures in the passage, and the best sentence not
    saying "not" where the claim does not (or the reverse). A claim too short to judge (no such
    word) counts as supported; one in another language than the passage cannot be judged."""
    claim = _CITATION_GROUP.sub(" ", claim)
    sentences = _passage_sentences(passage.text) or [" ".join(passage.text.split())]
    words = _support_stems(claim)
    scores = [len(words & _support_stems(s)) for s in sentences]
    top = max(scores)
    best = [s for s, score in zip(sentences, scores) if score == top]
    claim_negated = _negated(claim)
    agreeing = [s for s in best if _negated(s) == claim_negated]
    quote = (agreeing or best)[0]
    if not words:
        return _Judgement("supported", quote)
    claim_lang, passage_lang = _language(claim), _language(passage.text)
    if claim_lang and passage_lang and claim_lang != passage_lang:
        return _Judgement("unchecked", quote)
    source = f"{passage.title} {passage.text}".lower()
    missing = [n for n in _numbers(claim) if not re.search(rf"(?<![\w]){re.escape(n)}(?!\w)", source)]
    if top / len(words) < SUPPORT_MIN_OVERLAP or missing:
        return _Judgement("unsupported", quote)
    if not agreeing and top >= _POLARITY_MIN_WORDS:
        return _Judgement("contradicted", quote)
    return _Judgement("supported", quote)


def _claim_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of a model's answer, the citations written after its full
    stop ("… zijn. [1]") included; no break inside "p. 42" or "o.a. de"."""
    pieces: list[tuple[int, int, bool]] = []
    start = 0
    for gap in _SENTENCE_BREAK.finditer(text):
        pieces.append((start, gap.start(), "\n" in gap.group()))
        start = gap.end()
    pieces.append((start, len(text), True))
    spans: list[tuple[int, int]] = []
    newline_before = True
    for begin, end, newline_after in pieces:
        if spans and not newline_before:
            marks = _MARKS.match(text, begin, end)
            if marks:
                spans[-1] = (spans[-1][0], marks.end())
                begin = marks.end() + (len(text[marks.end() : end]) - len(text[marks.end() : end].lstrip()))
            elif begin < end and (text[begin].isdigit() or text[begin].islower()):
                spans[-1] = (spans[-1][0], end)
                newline_before = newline_after
                continue
        if begin < end:
            spans.append((begin, end))
        newline_before = newline_after
    return spans


@dataclasses.dataclass
class ClaimCheck:
    """What check_claims found in a model's answer."""

    text: str  # the answer, its flagged sentences marked (when a language was given)
    removed: list[int]  # citations removed: their passage does not support the sentence
    unchecked: list[int]  # citations kept unchecked: their sentence is in another language
    invalid: list[int]  # citations of passages that were not given, removed
    supported: int = 0  # sentences the passages they cite support
    flagged: dict[str, int] = dataclasses.field(default_factory=dict)  # sentences per mark
    quotes: dict[int, list[str]] = dataclasses.field(default_factory=dict)  # per passage, what claims rest on


def check_claims(text: str, passages: Sequence[Passage], lang: str | None = "nl") -> ClaimCheck:
    """Check each sentence of `text` against the passages it cites (see _judge).

    `text` has its citations written as [n] (check_citations, invalid ones kept). A citation
    the passage does not support is removed; a sentence left without a supporting citation is
    marked "not in the source", one that turns its cited sentence round "the source says
    otherwise" (its citation kept, to read the source), and one that states a fact (figure,
    article, source) without a citation, or cites a passage not given, "not checked". Marks
    are written in `lang`; None writes none.
    """
    result = ClaimCheck(text=text, removed=[], unchecked=[], invalid=[])
    pieces: list[str] = []
    last = 0
    for begin, end in _claim_spans(text):
        sentence = text[begin:end]
        cited = [int(n) for n in re.findall(r"\[(\d{1,4})\]", sentence)]
        verdicts: dict[int, str] = {}
        for n in dict.fromkeys(cited):
            if not 1 <= n <= len(passages):
                if n not in result.invalid:
                    result.invalid.append(n)
                continue
            judged = _judge(sentence, passages[n - 1])
            verdicts[n] = judged.verdict
            if judged.verdict != "unsupported":
                quotes = result.quotes.setdefault(n, [])
                if judged.quote not in quotes:
                    quotes.append(judged.quote)
            if judged.verdict == "unchecked" and n not in result.unchecked:
                result.unchecked.append(n)
            if judged.verdict == "unsupported" and n not in result.removed:
                result.removed.append(n)

        def keep(match: re.Match[str]) -> str:
            n = int(match.group(1))
            return match.group(0) if verdicts.get(n, "unsupported") != "unsupported" else ""

        checked = _tidy(re.sub(r"[ \t]?\[(\d{1,4})\]", keep, sentence)) if cited else sentence
        kinds = set(verdicts.values())
        if "contradicted" in kinds:
            mark = "contradicted"
        elif kinds - {"unsupported"}:
            mark = None
        elif verdicts:
            mark = "unsupported"
        elif cited or _states_a_fact(sentence):
            mark = "unchecked"
        else:
            mark = None
        if mark:
            result.flagged[mark] = result.flagged.get(mark, 0) + 1
            if lang:
                checked = f"{checked.rstrip()} {_text('mark_' + mark, lang)}"
        elif "supported" in kinds:
            result.supported += 1
        pieces += [text[last:begin], checked]
        last = end
    pieces.append(text[last:])
    result.text = "".join(pieces)
    return result


def check_support(text: str, passages: Sequence[Passage]) -> tuple[str, list[int], list[int]]:
    """Remove each citation [n] whose sentence passage n does not support (check_claims,
    without marks). Returns (text, the numbers of removed citations in order of first removal,
    the numbers kept without a check: their sentence is in another language than the passage).
    """
    result = check_claims(text, passages, lang=None)
    return result.text, result.removed, result.unchecked


#: A quotation in a model's answer: text between quotation marks, of a few words at least.
_QUOTATION = re.compile(r"[“\"„«]([^“”\"„«»]{20,600})[”\"»]")


def quotes_not_in(text: str, passages: Sequence[Passage]) -> list[str]:
    """The quotations in `text` (four words or more between quotation marks) that no passage
    holds: a model's "Zoals de leidraad letterlijk zegt: "…"" stayed in the answer, attributed
    to the guidance, though the guidance says nothing of the kind."""
    sources = " ".join(_folded_words(" ".join(p.text for p in passages)))
    out = []
    for match in _QUOTATION.finditer(text):
        words = _folded_words(_CITATION_GROUP.sub(" ", match.group(1)))
        if len(words) >= 4 and f" {' '.join(words)} " not in f" {sources} ":
            out.append(match.group(1).strip())
    return out


def _shortened(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _folded_words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", text.lower())


def defuse_links(text: str, passages: Sequence[Passage]) -> tuple[str, list[str]]:
    """Links in model output as plain text (in code spans, which are never clickable).

    Returns (text, the hosts linked to that none of the passages mention).
    """
    foreign: list[str] = []
    sources = " ".join(p.text for p in passages).lower()

    def as_text(target: str) -> str:
        host = _host(target)
        if host and host not in sources and host not in foreign:
            foreign.append(host)
        return f"`{target.replace('`', '')}`"

    def markdown_link(match: re.Match[str]) -> str:
        shown = as_text(match.group("target") or match.group("auto"))
        label = (match.group("label") or "").strip()
        return f"{label} ({shown})" if label else shown

    def bare_links(part: str) -> str:
        pieces, last = [], 0
        for found in _LINKIFY.match(part) or []:
            pieces += [part[last : found.index], as_text(found.text)]
            last = found.last_index
        return "".join(pieces) + part[last:]

    def outside_code(function: Callable[[str], str], text: str) -> str:
        return "".join(part if _CODE_SPAN.fullmatch(part) else function(part) for part in _CODE_SPAN.split(text))

    text = outside_code(lambda part: _MARKDOWN_LINK.sub(markdown_link, part), text)
    return outside_code(bare_links, text), foreign


def _host(url: str) -> str:
    """The host a link points at: of "x@host" too, and of "host/path" without a scheme."""
    url = url.rsplit("@", 1)[-1] if "://" not in url else url
    try:
        return (urlsplit(url if "://" in url else f"//{url}").hostname or "").lower()
    except ValueError:
        return url.lower()


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(" ".join(text.split())) if s.strip()]


def best_quote(passage_text: str, claim: str) -> str:
    """The sentence of the passage that shares most words with the claim citing it."""
    sentences = _passage_sentences(passage_text) or [passage_text.strip()]
    claim_words = _support_stems(claim)
    best = max(sentences, key=lambda s: len(claim_words & _support_stems(s)))
    return _quote(best)


def _quote(text: str) -> str:
    return text if len(text) <= _QUOTE_MAX else text[: _QUOTE_MAX - 1].rstrip() + "…"


def build_citations(
    text: str,
    numbers: Sequence[int],
    passages: Sequence[Passage],
    quotes: dict[int, list[str]] | None = None,
) -> list[Citation]:
    """Citation objects for the valid `numbers` used in `text`, numbered like the passages.

    A citation's quote is what the claims citing it rest on (`quotes`, from check_claims), else
    the passage sentence closest to those claims.
    """
    claims = _sentences(text)
    citations = []
    for n in sorted(numbers):
        passage = passages[n - 1]
        if quotes and quotes.get(n):
            quote = _quote(" ".join(quotes[n]))
        else:
            claim = " ".join(s for s in claims if f"[{n}]" in s) or text
            quote = best_quote(passage.text, claim)
        citations.append(Citation(number=n, passage=passage, quote=quote))
    return citations


class _ThinkFilter:
    """Hides a leading <think>…</think> block (reasoning models) from the streamed tokens."""

    def __init__(self) -> None:
        self._buffer = ""
        self._decided = False
        self._inside = False

    def feed(self, token: str) -> str:
        if self._decided and not self._inside:
            return token
        self._buffer += token
        if not self._decided:
            stripped = self._buffer.lstrip()
            if len(stripped) < len("<think>") and "<think>".startswith(stripped.lower()):
                return ""  # not sure yet
            self._decided = True
            self._inside = stripped.lower().startswith("<think>")
            if not self._inside:
                out, self._buffer = self._buffer, ""
                return out
        end = self._buffer.lower().find("</think>")
        if end < 0:
            return ""
        self._inside = False
        out, self._buffer = self._buffer[end + len("</think>") :].lstrip(), ""
        return out

    def flush(self) -> str:
        out = "" if self._inside else self._buffer
        self._buffer = ""
        return out


class GenerativeAnswerer:
    """Answers from retrieved passages through a chat model; falls back to `kb` on failure.

    `kb` is the knowledge base (its search, and what the extractive fallback uses of it:
    `answer.SearchIndex`).
    `llm` (the settings the model was built from) names the model and server in messages;
    `stall_timeout_s` (default: derived from `llm.timeout_s`) ends a stream that goes silent.
    A partial answer streamed before a failure is replaced by the fallback answer: callers
    show the returned Answer, not the concatenated tokens.
    """

    def __init__(
        self,
        kb: KnowledgeBase,
        chat_model: BaseChatModel,
        *,
        prompts_dir: Path = PROMPTS_DIR,
        llm: LLMSettings | None = None,
        stall_timeout_s: float | None = None,
    ) -> None:
        self.kb = kb
        self.chat_model = chat_model
        self.prompts_dir = Path(prompts_dir)
        self.llm = llm or settings_for_model(chat_model)
        # The whole wait for the next token, the one the timeout message names: the HTTP
        # client's own timeout is per attempt, and it retries (MAX_RETRIES) after a timeout.
        if stall_timeout_s is None:
            stall_timeout_s = self.llm.timeout_s
        self.stall_timeout_s = stall_timeout_s
        #: the longest an answer may be written in all: a server that keeps sending a word now
        #: and then never went silent, and ran on past any timeout (ten minutes and more)
        self.answer_limit_s = stall_timeout_s * ANSWER_TIME_FACTOR if stall_timeout_s else None

    def __repr__(self) -> str:  # the chat model's repr is long and not ours to show
        return f"GenerativeAnswerer(provider={self.llm.provider!r}, model={self.llm.model!r})"

    # --- prompt -----------------------------------------------------------------------------
    def build_messages(self, question: str, passages: Sequence[Passage], lang: str) -> list[BaseMessage]:
        from langchain_core.messages import HumanMessage, SystemMessage

        template = load_template("answer", lang, self.prompts_dir)
        system, user = template.render(
            passages=format_passages(passages),
            question=" ".join(question.split()),
            count=len(passages),
        )
        return [SystemMessage(content=system), HumanMessage(content=user)]

    # --- Answerer protocol ------------------------------------------------------------------
    def ask(
        self,
        question: str,
        *,
        k: int = 5,
        lang: str = "nl",
        on_token: TokenSink | None = None,
        cancel: CancelFlag | None = None,
    ) -> Answer:
        retrieval = self.kb.retrieve(question, k=k)
        passages = list(retrieval.passages)
        if not retrieval.found or not passages or asks_for_outline(retrieval.question):
            # The guidance does not cover it: the model is not asked to improvise. Nor is it for
            # the plan's steps: their headings are the answer, and no passage lists them.
            return ExtractiveAnswerer(self.kb).ask(question, k=k, lang=lang, on_token=on_token, cancel=cancel)
        started = time.monotonic()
        try:
            messages = self.build_messages(question, passages, lang)
            unstreamed = False
            try:
                raw, cancelled, cut = self._stream(messages, on_token, cancel)
            except Exception as exc:  # noqa: BLE001 - handled below, or raised on
                if not not_streamed(exc):
                    raise
                unstreamed = True
            if unstreamed:
                # no stream came back: a server that does not stream answers this, and one that
                # sends broken JSON or a proxy's page says so (it was "an empty answer"); asked
                # outside the except block, so that its error is not read as the stream's
                raw, cancelled, cut = self._invoke(messages, on_token, cancel), False, None
        except PromptError as exc:
            log.error("prompt template: %s", exc)
            return self._fallback(question, k, lang, str(exc))
        except Exception as exc:  # noqa: BLE001 - every model failure becomes a message
            reason = describe_error(exc, self.llm, lang)
            log.warning("generative answer failed: %s", reason)
            return self._fallback(question, k, lang, reason)
        log.info(
            "generative answer: model=%s passages=%d chars=%d %.2fs%s",
            self.llm.model, len(passages), len(raw), time.monotonic() - started, " (cancelled)" if cancelled else "",
        )
        answer = self._finish(question, raw, passages, k, lang, cancelled)
        if cut == "chars":
            answer.warnings.insert(0, _text("cut", lang, limit=MAX_MODEL_CHARS))
        elif cut == "time":
            answer.warnings.insert(0, _text("cut_time", lang, seconds=round(self.answer_limit_s or 0)))
        note = spelling_note(retrieval.corrections, lang)
        if note and note not in answer.notes:
            answer.notes.insert(0, note)  # before "written by the model": that one leads to the sources
        return answer

    def _fallback(self, question: str, k: int, lang: str, reason: str, *, failed: bool = True) -> Answer:
        """The extractive answer with `reason`; after a failure (`failed`) it also says that
        this answer is the guidance's own and what to do about the model."""
        answer = ExtractiveAnswerer(self.kb).ask(question, k=k, lang=lang)
        notes = [*answer.notes, _text("fallback", lang)] if failed else answer.notes
        return dataclasses.replace(answer, warnings=[reason, *answer.warnings], notes=notes)

    def _finish(
        self, question: str, raw: str, passages: list[Passage], k: int, lang: str, cancelled: bool
    ) -> Answer:
        text = _THINK.sub("", strip_escapes(raw)).strip()
        if not text and not cancelled:
            return self._fallback(question, k, lang, message("empty", lang, model=self.llm.model))
        if not text:
            # stopped before the model wrote a word (a server that does not answer): the guidance's
            # own passages, not an empty "incomplete" answer without a source
            return self._fallback(question, k, lang, _text("cancelled_before_text", lang), failed=False)
        warnings: list[str] = []
        if cancelled:
            # a fragment cannot be checked sentence by sentence; it stays, marked, with the
            # guidance's own answer and its sources under it
            text = f"{_tidy(_CITATION_GROUP.sub('', text)).rstrip()} … {_text('mark_cancelled', lang)}"
            text, foreign_hosts = defuse_links(text, passages)
            warnings.append(_text("cancelled", lang))
            if foreign_hosts:
                warnings.append(_text("links", lang, hosts=", ".join(foreign_hosts)))
            return self._beside(question, text, passages, k, lang, warnings)
        text, valid, _ = check_citations(text, len(passages), keep_invalid=True)
        claims = check_claims(text, passages, lang)
        text = claims.text
        valid = [n for n in valid if f"[{n}]" in text]
        text, foreign_hosts = defuse_links(text, passages)
        if claims.invalid:
            warnings.append(_text("invalid", lang, refs="".join(f"[{n}]" for n in claims.invalid)))
        if claims.removed:
            warnings.append(_text("unsupported", lang, refs="".join(f"[{n}]" for n in claims.removed)))
        if claims.unchecked:
            # an English answer on the Dutch guidance: its sentences were kept with their
            # citations without a word said, as if they had been checked
            warnings.append(_text("unchecked", lang, refs="".join(f"[{n}]" for n in claims.unchecked)))
        flagged = sum(claims.flagged.values())
        if flagged:
            warnings.append(_text("flagged", lang))
        if foreign_hosts:
            warnings.append(_text("links", lang, hosts=", ".join(foreign_hosts)))
        invented = quotes_not_in(text, passages)
        if invented:
            warnings.append(_text("quote_not_found", lang, quote=_shortened(invented[0], 60)))
        if not valid:
            # Ungrounded as far as we can tell: show it, flagged, with the extractive answer beside it.
            warnings.append(_text("uncited", lang))
            return self._beside(question, text, passages, k, lang, warnings)
        if flagged > claims.supported:
            # Most of what it says is not in the sources or says the opposite: the marked text
            # alone would leave the reader little to go on, and dropping it would hide what the
            # model claimed. It stays, marked, without its citations (the numbers shown are the
            # guidance's), above the guidance's own answer.
            warnings.append(_text("mostly_flagged", lang))
            return self._beside(question, _tidy(_CITATION_GROUP.sub("", text)), passages, k, lang, warnings)
        return Answer(
            question=question,
            found=True,
            text=text,
            citations=build_citations(text, valid, passages, claims.quotes),
            passages=passages,
            generated=True,
            warnings=warnings,
            notes=[_text("written_by", lang, model=self.llm.model)],
        )

    def _beside(
        self, question: str, text: str, passages: list[Passage], k: int, lang: str, warnings: list[str]
    ) -> Answer:
        """The model's text (without citations of its own) above the extractive answer, whose
        citations (and numbering) are the ones shown."""
        extractive = ExtractiveAnswerer(self.kb).ask(question, k=k, lang=lang)
        return Answer(
            question=question,
            found=True,
            text=f"{text}\n\n{_text('beside', lang)}\n\n{extractive.text}",
            citations=list(extractive.citations),
            passages=list(extractive.passages) or passages,
            generated=True,
            warnings=[*warnings, *extractive.warnings],
        )

    def _invoke(self, messages: list[BaseMessage], on_token: TokenSink | None, cancel: CancelFlag | None) -> str:
        """The reply asked for once more, without streaming; raises what the model raises."""
        reply = call_within(self.llm.timeout_s, self.chat_model.invoke, messages, cancel=cancel)
        text = strip_escapes(reply.text)[:MAX_MODEL_CHARS]
        if text and on_token is not None:
            on_token(_THINK.sub("", text).strip())
        return text

    # --- streaming ----------------------------------------------------------------------------
    def _stream(
        self,
        messages: list[BaseMessage],
        on_token: TokenSink | None,
        cancel: CancelFlag | None,
    ) -> tuple[str, bool, str | None]:
        """Stream the reply; returns (text, cancelled, cut: None, "chars" or "time"). Raises
        whatever the model (or `on_token`) raised, unless `cancel` was set by then.

        The model is read on a worker thread so that `cancel` and the stall timeout act at
        once, even while the HTTP client is blocked waiting for the next chunk. Escape
        sequences and control characters never get through; reading stops at
        MAX_MODEL_CHARS (cut).
        """
        events: queue.Queue[tuple[str, Any]] = queue.Queue()
        stop = threading.Event()
        model = self.chat_model

        def produce() -> None:
            stream = None
            # A real provider (its chunks name `model_provider`) ends a complete reply with a
            # finish reason (OpenAI) or done flag (Ollama); a stream that just stops was cut off.
            provider_seen = finished = False
            try:
                stream = model.stream(messages)
                for chunk in stream:
                    if stop.is_set():
                        break
                    meta = getattr(chunk, "response_metadata", None) or {}
                    provider_seen = provider_seen or "model_provider" in meta
                    finished = finished or bool(
                        meta.get("finish_reason") or meta.get("done_reason") or meta.get("done") is True
                    )
                    token = chunk.text if hasattr(chunk, "text") else str(chunk)
                    if token:
                        events.put(("token", token))
                real = provider_seen or type(model).__module__.startswith(("langchain_openai", "langchain_ollama"))
                if real and not finished and not stop.is_set():
                    raise StreamTruncated("stream ended without a finish reason")
                events.put(("end", None))
            except BaseException as exc:  # noqa: BLE001 - handed to the reading thread
                events.put(("error", exc))
            finally:
                close = getattr(stream, "close", None)
                if close is not None:
                    try:
                        close()  # closes the HTTP response when we stopped early
                    except Exception:  # noqa: BLE001
                        pass

        worker = threading.Thread(target=produce, name="llm-stream", daemon=True)
        worker.start()
        think = _ThinkFilter()
        clean = StreamCleaner()
        parts: list[str] = []
        size = 0
        last = began = time.monotonic()

        def show(text: str) -> None:
            visible = think.feed(text)
            if visible and on_token is not None:
                on_token(visible)

        try:
            while True:
                if cancel is not None and cancel.is_set():
                    return "".join(parts), True, None
                if self.answer_limit_s and time.monotonic() - began > self.answer_limit_s:
                    stop.set()
                    return "".join(parts) + clean.flush(), False, "time"
                try:
                    kind, value = events.get(timeout=_POLL_S)
                except queue.Empty:
                    if self.stall_timeout_s and time.monotonic() - last > self.stall_timeout_s:
                        raise StreamStalled(self.stall_timeout_s) from None
                    continue
                last = time.monotonic()
                if kind == "token":
                    value = clean.feed(value)
                    cut = size + len(value) > MAX_MODEL_CHARS
                    value = value[: MAX_MODEL_CHARS - size]
                    parts.append(value)
                    size += len(value)
                    show(value)
                    if cut:
                        return "".join(parts), False, "chars"
                elif kind == "end":
                    value = clean.flush()[: MAX_MODEL_CHARS - size]
                    parts.append(value)
                    show(value)
                    tail = think.flush()
                    if tail and on_token is not None:
                        on_token(tail)
                    return "".join(parts), False, None
                else:
                    raise value
        except Exception:
            # once stopped, what fails is the stop's doing: the closing app drops the token it
            # was being handed (a cancelled future), a model cut off mid-reply raises
            if cancel is not None and cancel.is_set():
                return "".join(parts), True, None
            raise
        finally:
            stop.set()
