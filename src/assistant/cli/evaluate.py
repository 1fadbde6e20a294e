"""`stappenplan eval QUESTIONS.jsonl [MORE.jsonl …]`: retrieval and answer metrics on question sets.

One file prints its summary as before; several files are answered by one loaded knowledge base and
printed side by side, one column per file (named by its stem).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from assistant.answer.extractive import ExtractiveAnswerer
from assistant.cli.ask import answer_record
from assistant.cli.common import open_knowledge_base, settings_from_args, setup_logging


def add_parser(subparsers, name: str) -> None:
    parser = subparsers.add_parser(
        name, help="meet zoekkwaliteit op vragensets / evaluate on question sets",
        description="Meet de zoekkwaliteit (recall@k, MRR@10, …) op vragensets met de passages die het antwoord "
                    "geven. / Measure retrieval quality (recall@k, MRR@10, …) on question sets with the passages "
                    "that answer them.")
    parser.add_argument("questions", nargs="+",
                        help="JSONL met id, question, gold, doc, lang (één of meer) / one or more JSONL files")
    parser.add_argument("--k", type=int, default=10,
                        help="aantal passages per vraag (standaard 10) / passages per question (default 10)")
    parser.add_argument("--lexical", action="store_true", help="alleen lexicaal zoeken / words only")
    parser.add_argument("--json", action="store_true",
                        help="samenvatting als JSON, één regel per bestand / JSON summary, a line per file")


def set_names(paths: list[str]) -> list[str]:
    """Each file's stem; the parent folder is added where two files share a stem."""
    stems = [Path(p).stem for p in paths]
    return [f"{Path(p).parent.name}/{stem}" if stems.count(stem) > 1 else stem for p, stem in zip(paths, stems)]


def run(args) -> int:
    from assistant.knowledge.evaluation import format_summary, format_table, load_jsonl, score, summarise

    settings = settings_from_args(args)
    setup_logging(settings)
    try:  # read every file first: a broken one is reported before the model loads
        question_sets = {name: load_jsonl(path, ("id", "question"))
                         for name, path in zip(set_names(args.questions), args.questions)}
    except (OSError, ValueError) as exc:
        print(f"stappenplan: {exc}", file=sys.stderr)
        return 2
    kb = open_knowledge_base(settings, dense=not args.lexical, quiet=args.json)
    summaries = {}
    for name, questions in question_sets.items():
        results = [answer_record(q["id"], q["question"], ExtractiveAnswerer(kb).ask(q["question"], k=args.k), args.k) for q in questions]
        summaries[name] = summarise(score(questions, results))
    if args.json:
        for (name, summary), path in zip(summaries.items(), args.questions):
            print(json.dumps(summary if len(summaries) == 1 else {"set": name, "file": path} | summary))
    elif len(summaries) == 1:
        print(format_summary(next(iter(summaries.values()))))
    else:
        print(format_table(summaries))
    return 0
