"""Build the frozen question bank from the hand-written rows in bank_*.py.

Checks every gold against the corpus (verbatim after collapsing whitespace, 6-14 words, inside its
sampled passage for the passage questions), checks that no key word of an off-topic question occurs
in the corpus, then writes bank.jsonl (all main questions, ids assigned after a seeded shuffle so
an id says nothing about answerability), tune.jsonl / test.jsonl (split once by a seeded hash of
the id) and faq.jsonl. Run from anywhere: python bench/questions/build_bank.py
"""
import hashlib
import json
import random
import re
import sys
from pathlib import Path

from bank_faq import F as FAQ_ROWS
from bank_offtopic import OFFTOPIC
from bank_passages import PASSAGE_QUESTIONS, SKIPPED
from sample_passages import CORPUS, OUT as SAMPLED, SEED

HERE = Path(__file__).resolve().parent
FIELDS = ("id", "question", "lang", "doc", "gold", "answer", "type", "step")
NOT_COVERED = {"nl": "De handreikingen beantwoorden deze vraag niet.",
               "en": "The guidance does not answer this question."}


def collapse(text: str) -> str:
    return " ".join(text.split())


def check_gold(gold: str, where: str, label: str) -> list[str]:
    problems = []
    words = len(gold.split())
    if not 6 <= words <= 14:
        problems.append(f"{label}: gold has {words} words")
    if gold not in where:
        problems.append(f"{label}: gold not verbatim: {gold!r}")
    return problems


def row(qid, question, lang, doc, gold, answer, qtype, step) -> dict:
    return dict(zip(FIELDS, (qid, question, lang, doc, gold, answer, qtype, step)))


def main_rows(passages, corpus, problems) -> list[dict]:
    rows = []
    for index, lang, question, gold, answer, qtype, step in PASSAGE_QUESTIONS:
        passage = passages[index]
        label = f"passage {index}"
        problems += check_gold(gold, passage["text"], label)
        problems += check_gold(gold, corpus[passage["doc"]], label)
        rows.append(row(None, question, lang, passage["doc"], gold, answer, qtype, step))
    everything = " ".join(corpus.values()).lower()
    for lang, question, keys, category in OFFTOPIC:
        for key in keys:
            if collapse(key).lower() in everything:
                problems.append(f"off-topic {question!r}: corpus contains {key!r}")
        rows.append(row(None, question, lang, None, None, NOT_COVERED[lang],
                        f"not_covered:{category}", None))
    return rows


def faq_rows(corpus, problems) -> list[dict]:
    rows = []
    for lang, question, doc, gold, answer, qtype, step in FAQ_ROWS:
        if gold is not None:
            problems += check_gold(gold, corpus[doc], f"faq {question!r}")
        rows.append(row(None, question, lang, doc, gold, answer, qtype, step))
    return rows


def assign_ids(rows: list[dict], prefix: str) -> list[dict]:
    rows = list(rows)
    random.Random(f"{SEED}:{prefix}").shuffle(rows)
    for number, item in enumerate(rows, 1):
        item["id"] = f"{prefix}-{number:03d}"
    return rows


def in_tune_half(qid: str) -> bool:
    return int(hashlib.sha256(f"{SEED}:{qid}".encode()).hexdigest(), 16) % 2 == 0


def write(name: str, rows: list[dict]) -> None:
    with (HERE / name).open("w", encoding="utf-8") as fh:
        for item in rows:
            fh.write(json.dumps(item, ensure_ascii=False) + "\n")


def describe(name: str, rows: list[dict]) -> str:
    answerable = sum(r["gold"] is not None for r in rows)
    english = sum(r["lang"] == "en" for r in rows)
    return (f"{name}: {len(rows)} questions, {answerable} answerable, "
            f"{len(rows) - answerable} unanswerable, {english} English")


def main() -> int:
    passages = [json.loads(line) for line in SAMPLED.read_text(encoding="utf-8").splitlines()]
    corpus = {p.stem: collapse(p.read_text(encoding="utf-8")) for p in sorted(CORPUS.glob("*.txt"))}
    used = {q[0] for q in PASSAGE_QUESTIONS}
    problems = []
    if used & set(SKIPPED) or used | set(SKIPPED) != set(range(len(passages))):
        problems.append("every sampled passage must be either used once or skipped")
    bank = assign_ids(main_rows(passages, corpus, problems), "q")
    faq = assign_ids(faq_rows(corpus, problems), "faq")
    if problems:
        print("\n".join(problems))
        return 1
    tune = [r for r in bank if in_tune_half(r["id"])]
    test = [r for r in bank if not in_tune_half(r["id"])]
    for name, rows in (("bank.jsonl", bank), ("tune.jsonl", tune), ("test.jsonl", test),
                       ("faq.jsonl", faq)):
        write(name, rows)
        print(describe(name, rows))
    print(f"sampled passages: {len(passages)}, skipped: {len(SKIPPED)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
