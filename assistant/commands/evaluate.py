"""`stappenplan eval QUESTIONS.jsonl`: retrieval and answer metrics on a question set."""

from __future__ import annotations

import json
import sys

from assistant.commands.ask import answer_record
from assistant.commands.common import open_knowledge_base, settings_from_args, setup_logging


def add_parser(subparsers, name: str) -> None:
    parser = subparsers.add_parser(name, help="meet zoekkwaliteit op een vragenset / evaluate on a question set")
    parser.add_argument("questions", help="JSONL met id, question, gold, doc, lang")
    parser.add_argument("--k", type=int, default=10)
    parser.add_argument("--lexical", action="store_true", help="alleen lexicaal zoeken")
    parser.add_argument("--json", action="store_true", help="samenvatting als JSON")


def run(args) -> int:
    from assistant.knowledge.evaluation import format_summary, load_jsonl, score, summarise

    settings = settings_from_args(args)
    setup_logging(settings)
    try:
        questions = load_jsonl(args.questions)
    except (OSError, ValueError) as exc:
        print(f"stappenplan: {exc}", file=sys.stderr)
        return 2
    kb = open_knowledge_base(settings, dense=not args.lexical, quiet=args.json)
    results = [answer_record(q["id"], q["question"], kb.ask(q["question"], k=args.k), args.k) for q in questions]
    summary = summarise(score(questions, results))
    print(json.dumps(summary) if args.json else format_summary(summary))
    return 0
