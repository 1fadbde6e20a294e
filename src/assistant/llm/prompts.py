"""Prompt templates under `prompts/llm/{lang}/` and the fencing of untrusted text.

A template file holds a system and a user message, separated by lines `=== system ===` and
`=== user ===`; placeholders are `$name` (string.Template), so braces in the corpus are harmless
and inserted text is never expanded again.

Retrieved passages and the user's free text are *data*. They are put inside tags the code
controls (`<passages>`, `<passage number="n">`, `<answer>`), and any look-alike of those tags in
the data is defanged first, so a document cannot close the fence and speak as the system.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from string import Template

from assistant.knowledge.types import Passage
from assistant.core.resources import PROMPTS_DIR

#: Longest passage text put in a prompt (characters); chunks are normally far shorter.
MAX_PASSAGE_CHARS = 4000
_SECTION = re.compile(r"^=== (system|user) ===[ \t]*$", re.MULTILINE)
#: Tags we use as fences; their look-alikes in data are defanged.
_FENCE_TAGS = ("passages", "passage", "answer", "record", "fields", "field")
_FENCE_RE = re.compile(r"<(\s*/?\s*)(" + "|".join(_FENCE_TAGS) + r")\b", re.IGNORECASE)


class PromptError(Exception):
    """A prompt template is missing or malformed."""


@dataclass(frozen=True, slots=True)
class PromptTemplate:
    system: Template
    user: Template

    def render(self, **values: object) -> tuple[str, str]:
        try:
            return self.system.substitute(values), self.user.substitute(values)
        except (KeyError, ValueError) as exc:
            raise PromptError(f"prompt template placeholder problem: {exc}") from exc


def template_path(name: str, lang: str, prompts_dir: Path = PROMPTS_DIR) -> Path:
    lang = lang if lang in ("nl", "en") else "nl"
    return Path(prompts_dir) / "llm" / lang / f"{name}.md"


def load_template(name: str, lang: str, prompts_dir: Path = PROMPTS_DIR) -> PromptTemplate:
    path = template_path(name, lang, prompts_dir)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise PromptError(f"prompt template {path} unreadable: {exc}") from exc
    parts = _SECTION.split(text)
    # ["preamble", "system", "…", "user", "…"]
    sections = {parts[i]: parts[i + 1].strip("\n") for i in range(1, len(parts) - 1, 2)}
    if set(sections) != {"system", "user"}:
        raise PromptError(f"prompt template {path} needs '=== system ===' and '=== user ===' sections")
    return PromptTemplate(Template(sections["system"]), Template(sections["user"]))


def defang(text: str) -> str:
    """`text` with anything that looks like one of our fence tags made inert (< becomes ‹)."""
    return _FENCE_RE.sub(lambda m: "‹" + m.group(1) + m.group(2), text)


def _one_line(text: str) -> str:
    return " ".join(defang(text).replace('"', "'").split())


def format_passages(passages: Sequence[Passage]) -> str:
    """Passages numbered 1..n, each fenced with its document title and section."""
    blocks = []
    for number, passage in enumerate(passages, start=1):
        body = defang(passage.text.strip())
        if len(body) > MAX_PASSAGE_CHARS:
            body = body[:MAX_PASSAGE_CHARS].rstrip() + " …"
        blocks.append(
            f'<passage number="{number}" document="{_one_line(passage.title)}" '
            f'section="{_one_line(passage.section)}">\n{body}\n</passage>'
        )
    return "\n\n".join(blocks)
