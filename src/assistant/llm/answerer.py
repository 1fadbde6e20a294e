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
from assistant.knowledge.types import Answer, Citation, Passage
from assistant.llm.models import (
    StreamStalled,
    StreamTruncated,
    describe_error,
    message,
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
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
_WORD = re.compile(r"\w{3,}", re.UNICODE)
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
_SENTENCE_BREAK = re.compile(r"(?<=[.!?…])\s+|\n+")
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


def check_citations(text: str, count: int) -> tuple[str, list[int], list[int]]:
    """Keep only citations to passages 1..count.

    Returns (text with every valid citation written as [n] and invalid ones removed,
    valid numbers in order of first use, invalid numbers in order of first use).
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
            elif n not in invalid:
                invalid.append(n)
        lead = match.group(0)[0] if match.group(0)[0] in " \t" else ""
        if not kept:
            # keep the space when a kept citation follows directly: "B [4][1]" -> "B [1]"
            return lead if match.string[match.end() : match.end() + 1] == "[" else ""
        return lead + "".join(f"[{n}]" for n in kept)

    cleaned = _CITATION_GROUP.sub(replace, text)
    cleaned = re.sub(r"[ \t]+([.,;:!?])", r"\1", cleaned) if invalid else cleaned
    return cleaned, valid, invalid


def _support_stems(text: str) -> set[str]:
    return {w.lower()[:_STEM_CHARS] for w in _SUPPORT_WORD.findall(text)}


def _language(text: str) -> str | None:
    """"nl" or "en" by their function words; None when the text has too few to tell."""
    words = re.findall(r"[^\W\d_]+", text.lower())
    counts = {lang: sum(w in table for w in words) for lang, table in _FUNCTION_WORDS.items()}
    best = max(counts, key=counts.__getitem__)
    others = sum(counts.values()) - counts[best]
    return best if counts[best] > 2 * others else None


def _supported(claim: str, passage_text: str) -> bool | None:
    """Whether enough of the claim's words (four letters or more) occur in the passage; None
    where that cannot be told: a claim in another language than the passage (an English answer
    on the Dutch guidance). A claim too short to judge (no such word) counts as supported.
    """
    claim = _CITATION_GROUP.sub(" ", claim)
    words = _support_stems(claim)
    if not words:
        return True
    claim_lang, passage_lang = _language(claim), _language(passage_text)
    if claim_lang and passage_lang and claim_lang != passage_lang:
        return None
    return len(words & _support_stems(passage_text)) / len(words) >= SUPPORT_MIN_OVERLAP


def check_support(text: str, passages: Sequence[Passage]) -> tuple[str, list[int], list[int]]:
    """Remove each citation [n] whose sentence passage n does not support.

    `text` has its citations written as [n] (see check_citations). A citation at the start of
    a sentence ("… zijn. [1]") belongs to the sentence before it. Returns (text, the numbers of
    removed citations in order of first removal, the numbers kept without a check: their
    sentence is in another language than the passage).
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for gap in _SENTENCE_BREAK.finditer(text):
        spans.append((start, gap.start()))
        start = gap.end()
    spans.append((start, len(text)))
    removed: list[int] = []
    unchecked: list[int] = []
    pieces: list[str] = []
    last = 0
    for i, (begin, end) in enumerate(spans):
        sentence = text[begin:end]
        leading = _LEADING_MARKS.match(sentence)
        claim_before = text[spans[i - 1][0] : spans[i - 1][1]] if i and leading else ""

        def judge(match: re.Match[str]) -> str:
            n = int(match.group(1))
            claim = claim_before if leading and match.end() <= leading.end() else sentence
            supported = _supported(claim, passages[n - 1].text)
            if supported is None and n not in unchecked:
                unchecked.append(n)
            if supported is not False:
                return match.group(0)
            if n not in removed:
                removed.append(n)
            return ""

        pieces.append(text[last:begin])
        pieces.append(re.sub(r"[ \t]?\[(\d{1,4})\]", judge, sentence))
        last = end
    pieces.append(text[last:])
    return ("".join(pieces) if removed else text), removed, unchecked


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
    sentences = _sentences(passage_text) or [passage_text.strip()]
    claim_words = {w.lower() for w in _WORD.findall(claim)}
    best = max(sentences, key=lambda s: len(claim_words & {w.lower() for w in _WORD.findall(s)}))
    return best if len(best) <= _QUOTE_MAX else best[: _QUOTE_MAX - 1].rstrip() + "…"


def build_citations(text: str, numbers: Sequence[int], passages: Sequence[Passage]) -> list[Citation]:
    """Citation objects for the valid `numbers` used in `text`, numbered like the passages."""
    claims = _sentences(text)
    citations = []
    for n in sorted(numbers):
        claim = " ".join(s for s in claims if f"[{n}]" in s) or text
        passage = passages[n - 1]
        citations.append(Citation(number=n, passage=passage, quote=best_quote(passage.text, claim)))
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
            raw, cancelled, cut = self._stream(messages, on_token, cancel)
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
            answer.notes.append(note)
        return answer

    def _fallback(self, question: str, k: int, lang: str, reason: str) -> Answer:
        answer = ExtractiveAnswerer(self.kb).ask(question, k=k, lang=lang)
        return dataclasses.replace(answer, warnings=[reason, *answer.warnings])

    def _finish(
        self, question: str, raw: str, passages: list[Passage], k: int, lang: str, cancelled: bool
    ) -> Answer:
        text = _THINK.sub("", strip_escapes(raw)).strip()
        if not text and not cancelled:
            return self._fallback(question, k, lang, message("empty", lang, model=self.llm.model))
        if not text:
            # stopped before the model wrote a word (a server that does not answer): the guidance's
            # own passages, not an empty "incomplete" answer without a source
            return self._fallback(question, k, lang, _text("cancelled_before_text", lang))
        text, valid, invalid = check_citations(text, len(passages))
        text, unsupported, unchecked = check_support(text, passages)
        valid = [n for n in valid if f"[{n}]" in text]
        text, foreign_hosts = defuse_links(text, passages)
        warnings: list[str] = []
        if cancelled:
            warnings.append(_text("cancelled", lang))
        if invalid:
            warnings.append(_text("invalid", lang, refs="".join(f"[{n}]" for n in invalid)))
        if unsupported:
            warnings.append(_text("unsupported", lang, refs="".join(f"[{n}]" for n in unsupported)))
        if unchecked:
            # an English answer on the Dutch guidance: its sentences were kept with their
            # citations without a word said, as if they had been checked
            warnings.append(_text("unchecked", lang, refs="".join(f"[{n}]" for n in unchecked)))
        if foreign_hosts:
            warnings.append(_text("links", lang, hosts=", ".join(foreign_hosts)))
        invented = quotes_not_in(text, passages)
        if invented:
            warnings.append(_text("quote_not_found", lang, quote=_shortened(invented[0], 60)))
        citations = build_citations(text, valid, passages)
        if not valid and not cancelled:
            # Ungrounded as far as we can tell: show it, flagged, with the extractive answer
            # beside it. The extractive citations (and their numbering) are the ones shown.
            extractive = ExtractiveAnswerer(self.kb).ask(question, k=k, lang=lang)
            warnings.append(_text("uncited", lang))
            warnings.extend(extractive.warnings)
            text = f"{text}\n\n{_text('beside', lang)}\n\n{extractive.text}"
            citations = list(extractive.citations)
            passages = list(extractive.passages) or passages
        return Answer(
            question=question,
            found=True,
            text=text,
            citations=citations,
            passages=passages,
            generated=True,
            warnings=warnings,
        )

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
