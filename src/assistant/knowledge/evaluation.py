"""Retrieval metrics, defined as in the evaluation kit (recall@k, MRR@10, answer holds gold)."""

from __future__ import annotations

import json
import math
import re
import unicodedata
from pathlib import Path
from typing import Any

KS = (1, 3, 5, 10)


def normalise(text: str | None) -> list[str]:
    text = unicodedata.normalize("NFKC", text or "").lower()
    return re.sub(r"[^\w]+|_", " ", text).split()


def holds(passage_words: list[str], gold_words: list[str]) -> bool:
    """True when the passage has max(5, 60%) of the gold's words in a row."""
    if not gold_words:
        return False
    need = min(max(5, math.ceil(0.6 * len(gold_words))), len(gold_words))
    text = " " + " ".join(passage_words) + " "
    return any(" " + " ".join(gold_words[s:s + need]) + " " in text for s in range(0, len(gold_words) - need + 1))


def load_jsonl(path: Path, required: tuple[str, ...] = ("question",), *,
               data: bytes | None = None) -> list[dict[str, Any]]:
    """The question lines of a JSONL file, each an object with the `required` fields. Raises
    ValueError naming the file and line of the first that is not (a list, a line without its
    question, bytes that are not UTF-8: they ended in a traceback). `data`: the file's bytes,
    read already (standard input, named `path` "-")."""
    rows = []
    try:
        lines = (Path(path).read_bytes() if data is None else data).splitlines()
    except FileNotFoundError as exc:
        raise ValueError(f"{path}: bestand niet gevonden / file not found") from exc
    except OSError as exc:
        raise ValueError(f"{path}: niet te lezen / cannot be read ({exc.strerror or exc})") from exc
    for number, raw in enumerate(lines, start=1):
        where = f"{path}:{number}"
        try:
            line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError as exc:
            raise ValueError(f"{where}: geen UTF-8-tekst / not UTF-8 text") from exc
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{where}: geen geldige JSON / invalid JSON ({exc.msg})") from exc
        if not isinstance(row, dict):
            raise ValueError(f"{where}: geen JSON-object / not a JSON object ({{\"id\": …, \"question\": …}})")
        missing = [key for key in required if not isinstance(row.get(key), (str, int)) or isinstance(row.get(key), bool)]
        if missing:
            raise ValueError(f"{where}: {', '.join(missing)} ontbreekt / missing")
        rows.append(row)
    return rows


def score(questions: list[dict], results: list[dict]) -> list[dict]:
    by_id = {r["id"]: r for r in results}
    rows = []
    for q in questions:
        r = by_id.get(q["id"])
        if r is None:
            raise ValueError(f"no result for question {q['id']}")
        passages = sorted(r.get("passages", []), key=lambda p: p.get("rank", 0))
        row = {"id": q["id"], "lang": q.get("lang", "nl"), "found": bool(r.get("found", bool(passages)))}
        if q.get("gold"):
            gold = normalise(q["gold"])
            rank = next((i + 1 for i, p in enumerate(passages[:10]) if holds(normalise(p.get("text", "")), gold)), None)
            row.update(answerable=True, rank=rank, answer_holds=holds(normalise(r.get("answer", "")), gold))
        else:
            row.update(answerable=False)
        rows.append(row)
    return rows


def summarise(rows: list[dict]) -> dict[str, Any]:
    def block(subset: list[dict]) -> dict[str, Any]:
        answerable = [r for r in subset if r["answerable"]]
        out: dict[str, Any] = {"n": len(answerable)}
        if answerable:
            for k in KS:
                out[f"recall@{k}"] = round(sum(1 for r in answerable if r["rank"] and r["rank"] <= k) / len(answerable), 3)
            out["mrr@10"] = round(sum(1 / r["rank"] for r in answerable if r["rank"]) / len(answerable), 3)
            out["answer_holds_gold"] = round(sum(1 for r in answerable if r["answer_holds"]) / len(answerable), 3)
            out["falsely_rejected"] = sum(1 for r in answerable if not r["found"])
        return out

    summary: dict[str, Any] = {"all": block(rows)}
    for lang in sorted({r["lang"] for r in rows}):
        summary[lang] = block([r for r in rows if r["lang"] == lang])
    unanswerable = [r for r in rows if not r["answerable"]]
    summary["unanswerable"] = {"n": len(unanswerable), "rejected": sum(1 for r in unanswerable if not r["found"])}
    summary["misses"] = [r["id"] for r in rows if r["answerable"] and not (r["rank"] and r["rank"] <= 5)]
    return summary


def format_summary(summary: dict[str, Any]) -> str:
    lines = []
    for name, block in summary.items():
        if name == "misses":
            lines.append(f"not in top 5: {' '.join(block) or '-'}")
        else:
            lines.append(f"{name:13s} " + "  ".join(f"{k}={v}" for k, v in block.items()))
    return "\n".join(lines)


# One row per figure of the side-by-side table: (label, how to read it from a summary).
TABLE_ROWS = (
    ("beantwoordbaar / answerable (n)", lambda s: s["all"].get("n")),
    ("recall@1", lambda s: s["all"].get("recall@1")),
    ("recall@5", lambda s: s["all"].get("recall@5")),
    ("recall@10", lambda s: s["all"].get("recall@10")),
    ("MRR@10", lambda s: s["all"].get("mrr@10")),
    ("antwoord bevat gold / answer holds gold", lambda s: s["all"].get("answer_holds_gold")),
    ("Engels / English recall@5 (n)", lambda s: _with_n(s.get("en", {}).get("recall@5"), s.get("en", {}).get("n"))),
    ("onterecht afgewezen / falsely rejected", lambda s: _of(s["all"].get("falsely_rejected"), s["all"].get("n"))),
    ("onbeantwoordbaar afgewezen / unanswerable rejected",
     lambda s: _of(s["unanswerable"]["rejected"], s["unanswerable"]["n"])),
)


def _with_n(value, n) -> str | None:
    return None if value is None else f"{value:.3f} ({n})"


def _of(count, n) -> str | None:
    return None if not n else f"{count} / {n}"


def _cell(value) -> str:
    if value is None:
        return "-"
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def format_table(summaries: dict[str, dict[str, Any]]) -> str:
    """The summaries of several question sets side by side, one column per set."""
    names = list(summaries)
    cells = [[_cell(read(summaries[name])) for name in names] for _, read in TABLE_ROWS]
    widths = [max(len(name), *(len(row[i]) for row in cells)) for i, name in enumerate(names)]
    label_width = max(len(label) for label, _ in TABLE_ROWS)
    lines = [" " * label_width + "".join(f"  {name:>{w}s}" for name, w in zip(names, widths))]
    for (label, _), row in zip(TABLE_ROWS, cells):
        lines.append(f"{label:{label_width}s}" + "".join(f"  {cell:>{w}s}" for cell, w in zip(row, widths)))
    return "\n".join(lines)
