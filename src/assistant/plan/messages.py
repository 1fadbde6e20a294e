"""Everything the conversation engine says, in Dutch and English (resources/messages/plan.toml).

``msg(key, lang, **values)`` formats one message. Values that come from the user must be
escaped by the caller (see :func:`assistant.core.textsafe.escape_markdown`) before they go in.
"""

from __future__ import annotations

import re

from assistant.core.i18n import catalog

_TEXTS = catalog("plan")
#: key -> {"nl": …, "en": …}, read from resources/messages/plan.toml
MESSAGES = _TEXTS.entries


#: A quotation's own quotation marks, inside the message's: the other pair, as in print
_INNER_QUOTES = str.maketrans("“”", "‘’")


def msg(key: str, lang: str = "nl", /, **values: object) -> str:
    """The message ``key`` in ``lang`` (Dutch when unknown), formatted with ``values``. A value
    the message quotes (“{field}”) has its own “…” as ‘…’: “Minimale eis (stap 3): “Opschalen
    naar 100%…”” read as two quotations run together."""
    if values:
        template = _TEXTS.text(key, lang)
        values = {name: value.translate(_INNER_QUOTES) if isinstance(value, str) and f"“{{{name}}}”" in template
                  else value for name, value in values.items()}
    return _TEXTS.text(key, lang, **values)


#: "Stap 6" named by a source, not a heading quoted ("Stap 7: Ontwerp het ontwikkeltraject …")
_SOURCE_STEP = re.compile(r"\bStap (\d+)\b(?!:)")
#: "kader 'Aspecten van het intellectuele eigendom'": a box of the guidance, by its quoted title
_SOURCE_BOX = re.compile(r"\bkader ('[^']*')")


def source_label(source: str, lang: str = "nl") -> str:
    """A source as the glossary and the checks write it ("Handreiking, Stap 6, kader '…'") with
    its step and box in `lang`: in English they stood in Dutch beside "Source:", as if quoted."""
    source = _SOURCE_STEP.sub(lambda m: msg("source_step", lang, step=m.group(1)), source)
    return _SOURCE_BOX.sub(lambda m: msg("source_box", lang, title=m.group(1)), source)


def entry_count(count: int, lang: str = "nl") -> str:
    """A count of list entries, said right: "1 regel", "3 regels" ("1 entry", "3 entries")."""
    return msg("entry_count_one" if count == 1 else "entry_count", lang, count=count)


def open_counts_text(checks: int, review: int, lang: str = "nl") -> str:
    """What is open, the checks and the answers to review counted apart, as every view counts
    them (plan.open_items): "3 controles open, 3 antwoorden na te gaan"; "" where nothing is."""
    parts = []
    if checks:
        parts.append(msg("open_count_checks_one" if checks == 1 else "open_count_checks", lang, count=checks))
    if review:
        parts.append(msg("open_count_review_one" if review == 1 else "open_count_review", lang, count=review))
    return ", ".join(parts)


def cannot_parse(reason: str, lang: str = "nl") -> str:
    """Why an answer could not be used, after "Dat kan ik niet als antwoord gebruiken:": the
    reason goes on the sentence ("…: kies een van: …", not "…: Kies een van: …"), an
    abbreviation keeps its capitals ("TRL")."""
    if len(reason) > 1 and reason[0].isupper() and not reason[1].isupper():
        reason = reason[0].lower() + reason[1:]
    return msg("cannot_parse", lang, reason=reason)
