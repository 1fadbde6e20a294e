"""Which frequent Dutch words of the guidance can an English question not reach?

An English question reaches a Dutch passage by its words only through the English->Dutch
lexicon (prompts/lexicon/en_nl.tsv). This lists, from the corpus side alone, the Dutch words
whose index term is among the N most frequent index terms of the guidance (document frequency
over passages) and that no lexicon value produces: the words the lexicon should translate
next. Names (mostly written with a capital), numbers and function words are left out.

    python bench/lexicon_gaps.py [--top 3000] [--out FILE]

Prints the coverage of the top 1000/2000/N terms, then one line per missing term:
term<TAB>df<TAB>surface form (df), ... (surface forms as the corpus spells them, folded to
lower case, most frequent first). Coverage is counted as /work/s4/lexcov.py counts it:
`query_terms` of passages and of lexicon values.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fresh_home import lexical_knowledge_base  # noqa: E402

from assistant.knowledge.text import LEXICON_DIR, english_lexicon_words, fold, stopwords  # noqa: E402

#: A word written with a capital this often (not first in its sentence) is a name.
NAME_SHARE = 0.5
CAPITALISED_RE = re.compile(r"(?<![.!?:]\s)(?<!^)\b([A-Z][A-Za-z]+)\b", re.M)


def lexicon_terms(analyzer) -> set[str]:
    """Index terms that some Dutch value of the lexicon produces."""
    terms: set[str] = set()
    for line in (LEXICON_DIR / "en_nl.tsv").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or "\t" not in line:
            continue
        for value in line.split("\t", 1)[1].split("|"):
            terms.update(analyzer.query_terms(value))
    return terms


def corpus_counts(kb):
    """Document frequency of each index term, and of each surface word under its own stem."""
    analyzer = kb.lexical.analyzer
    term_df: Counter[str] = Counter()
    surface_df: dict[str, Counter[str]] = defaultdict(Counter)
    capitalised: Counter[str] = Counter()
    occurrences: Counter[str] = Counter()
    for chunk in kb.chunks:
        term_df.update(set(analyzer.query_terms(chunk.text)))
        words = analyzer.words(chunk.text)
        occurrences.update(words)
        capitalised.update(fold(w) for w in CAPITALISED_RE.findall(chunk.text))
        for word in set(words):
            surface_df[analyzer.stem(word)][word] += 1
    names = {w for w, n in capitalised.items() if n >= NAME_SHARE * occurrences[w]}
    return term_df, surface_df, names


def is_content_word(word: str, names: set[str], english: frozenset[str]) -> bool:
    """Not a number, a name or a function word, not an English word the lexicon already has as
    a key (a loanword such as 'pilot' is typed and found as it is)."""
    return (len(word) > 2 and not any(ch.isdigit() for ch in word)
            and word not in names and word not in english and word not in stopwords())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--top", type=int, default=3000)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    kb = lexical_knowledge_base("sp-lexgaps-")
    analyzer = kb.lexical.analyzer
    reached = lexicon_terms(analyzer)
    term_df, surface_df, names = corpus_counts(kb)
    top = [t for t, _ in term_df.most_common(args.top)]
    lines = []
    for n in sorted({1000, 2000, args.top}):
        covered = sum(1 for t in top[:n] if t in reached)
        lines.append(f"# coverage top {n}: {covered}/{n} = {covered / n:.3f}")
    english = english_lexicon_words()
    missing = 0
    for term in top:
        if term in reached or any(ch.isdigit() for ch in term):
            continue
        forms = [(w, n) for w, n in surface_df.get(term, Counter()).most_common()
                 if is_content_word(w, names, english)]
        if not forms:
            continue
        missing += 1
        lines.append(f"{term}\t{term_df[term]}\t" + ", ".join(f"{w} ({n})" for w, n in forms[:6]))
    lines.insert(3, f"# missing content terms: {missing}")
    text = "\n".join(lines) + "\n"
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
