"""Labelled questions that ask for a fact (an amount, a number, a duration, a date, a person), for
calibrating whether the guidance covers a question (`found`; bench/fit_coverage.py), written
before the system was run on any of them.

Answerable: one question per passage of fact_passages.jsonl (drawn at random by
sample_fact_passages.py, seed 20261206: blocks that hold a number), asking for the amount,
number, duration, date or person the passage gives, as a user would type it; passages without
such a fact a user would ask for (footnotes, URL lists, step numbers only) are skipped (SKIPPED).
Off-topic: questions asking for a fact of those kinds that the five documents do not give, many
in procurement or government words. Each lists the key words an answering passage would need;
`main` checks that none occurs in the corpus (case-insensitive, whitespace collapsed). Training
data only: never a measure of the product. Keys that did occur were read in context: where the
corpus answers even in part the question was dropped (the minister of Economic Affairs: it names
one), otherwise the key was narrowed (a telecom "abonnement", other foundations "opgericht", the
VNG in passing, "vat" inside Dutch words, a "Digicommissaris", a Belgian Smart City Award, an
SBIR "winnaar").

Run: python bench/questions/fact_train.py  (writes fact_train.jsonl)
"""
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parents[1] / "corpus"
PASSAGES = HERE / "fact_passages.jsonl"
OUT = HERE / "fact_train.jsonl"

#: passage number (1-based line of fact_passages.jsonl) -> (lang, question)
ANSWERABLE = {
    1: ("nl", "Hoeveel stappen heeft het stappenplan?"),
    2: ("en", "How many steps does the preparation phase have?"),
    10: ("nl", "Wanneer wordt bekend wie de oplossing gaat leveren?"),
    11: ("nl", "Hoeveel budget had de gemeente per kindcentrum?"),
    12: ("en", "How much was the building budget for the two IKCs together?"),
    13: ("nl", "Wie is de programmamanager bij GVB?"),
    14: ("en", "When would GVB award the contract?"),
    15: ("nl", "Hoe lang duurde de mededingingsfase bij het waterschap?"),
    16: ("nl", "In welk jaar werd de werkgroep innovatiegericht inkopen gevraagd?"),
    17: ("en", "How much does the Dutch government spend on procurement per year?"),
    19: ("nl", "Hoeveel procent van het bbp wil Nederland aan R&D besteden?"),
    22: ("en", "What share of procurement spending should go to innovative solutions?"),
    23: ("nl", "In welk jaar verscheen de evaluatie van SBIR door Dialogic?"),
    24: ("nl", "Hoeveel deelnemers waren er bij het Werkcongres Innovatiegericht Inkopen?"),
    25: ("nl", "Wie van PIANOo besprak de belemmeringen met de deelnemers?"),
    27: ("en", "When was the Kamerbrief on green industrial policy published?"),
    33: ("nl", "Hoeveel pagina's mag het aanbestedingsdocument van Startup in Residence Intergov zijn?"),
    34: ("en", "How many practical tests are running in the Startup in Residence approach?"),
    36: ("nl", "Hoe lang duurde de co-creatiesessie bij Modal Shift?"),
    37: ("nl", "Uit hoeveel succesvolle samenwerkingen komen de tips van ervaringsexperts?"),
    39: ("en", "What is the maximum state aid for a medium-sized company investing in renewable energy infrastructure?"),
    40: ("nl", "Hoeveel sessies heeft het partnership assessment?"),
    41: ("en", "How many hours must a company contribute to become a partner in the workshop?"),
    42: ("nl", "Hoe lang geleden werden ze uitgenodigd door een lid van het Britse parlement?"),
    44: ("nl", "Hoeveel geld zet een gemeente minimaal uit voor de prototypefase?"),
    45: ("en", "How many themes does The Green Village look at during the intake?"),
    47: ("nl", "In welk jaar werd de fosbury flop voor het eerst gesprongen?"),
    48: ("nl", "Hoeveel randvoorwaarden noemt Lanting voor disruptieve innovatie?"),
    49: ("en", "How many years ago did ING have to withdraw its plans for bank data?"),
    50: ("nl", "Hoeveel procent van innovatiesucces komt volgens Volberda uit technologie?"),
    52: ("en", "How many kinds of digital interaction does the NSOB distinguish?"),
    58: ("en", "Who sees a tension between vertical bureaucracy and horizontal networks?"),
    60: ("nl", "In welk jaar zei de AWTI dat ICT in het hart van het beleid moet komen?"),
}
#: passage number -> why no question was written for it
SKIPPED = {
    3: "only a step number", 4: "only a step number", 5: "only a step number", 6: "only step numbers",
    7: "only step numbers", 8: "only a step number", 9: "URL list; no figure", 18: "footnotes",
    20: "a footnote number only", 21: "footnotes", 26: "no figure, only 'hoeveel miljard' said",
    28: "no figure", 29: "a footnote number only", 30: "a footnote number only", 31: "URLs, footnote",
    32: "a footnote number only", 35: "a list number only", 38: "a footnote number only",
    43: "24/7 as a phrase, no fact asked", 46: "an ordinal in a phrase", 51: "URL list",
    53: "footnotes", 54: "URL list", 55: "no figure", 56: "footnotes, URLs", 57: "a footnote number only",
    59: "a figure's caption and footnotes",
}

#: (lang, question, key words an answering passage would need, kind)
OFFTOPIC = [
    ("nl", "Hoeveel bedraagt de Europese drempelwaarde voor werken?", ["5.538.000", "drempelwaarde voor werken"], "threshold"),
    ("en", "How much is the EU threshold for central government supplies?", ["143.000", "140.000"], "threshold"),
    ("nl", "Hoeveel dagen duurt de Alcatel-termijn?", ["Alcatel"], "deadline"),
    ("nl", "Hoe lang is de minimale inschrijftermijn bij een openbare procedure?", ["inschrijftermijn", "35 dagen"], "deadline"),
    ("en", "How many days does a supplier have to object to an award decision?", ["bezwaartermijn", "20 dagen"], "deadline"),
    ("nl", "Wie is de voorzitter van de Commissie van Aanbestedingsexperts?", ["Commissie van Aanbestedingsexperts"], "person"),
    ("nl", "Wie is de burgemeester van Eindhoven?", ["burgemeester van Eindhoven", "Dijsselbloem"], "person"),
    ("nl", "Wanneer sluit de inschrijving voor de PIANOo-prijs?", ["PIANOo-prijs", "Inkoopprijs"], "date"),
    ("en", "When is the next PIANOo congress?", ["PIANOo-congres", "PIANOo congres", "congress"], "date"),
    ("nl", "Hoeveel kost een abonnement op TenderNed?", ["abonnement op TenderNed", "TenderNed-abonnement"], "price"),
    ("nl", "Wat kost een laptop voor een ambtenaar gemiddeld?", ["laptop"], "price"),
    ("en", "How much does a cloud server cost per month?", ["cloud server", "cloudserver"], "price"),
    ("nl", "Hoeveel ambtenaren werken er bij het Rijk?", ["ambtenaren werken", "rijksambtenaren"], "count"),
    ("en", "How many municipalities does the Netherlands have?", ["342 gemeenten", "gemeenten telt"], "count"),
    ("nl", "Hoeveel inwoners heeft Utrecht?", ["inwonertal", "inwoners heeft"], "count"),
    ("nl", "Hoe hoog is het uurtarief van een ICT-consultant?", ["uurtarief"], "price"),
    ("en", "What is the hourly rate for an interim procurement advisor?", ["hourly rate", "uurtarief"], "price"),
    ("nl", "Hoe lang moet ik aanbestedingsdossiers archiveren?", ["archiveren", "bewaartermijn"], "duration"),
    ("en", "How long is a Dutch passport valid?", ["paspoort", "passport"], "duration"),
    ("nl", "Hoeveel vakantiedagen heb ik als parttimer?", ["vakantiedagen", "parttime"], "hr"),
    ("en", "How much is the travel allowance for civil servants?", ["reiskosten", "travel allowance"], "hr"),
    ("nl", "Wie is de CIO van de Rijksoverheid?", ["CIO Rijk", "CIO van"], "person"),
    ("en", "Who founded PIANOo?", ["PIANOo opgericht", "PIANOo is opgericht", "founded"], "person"),
    ("nl", "Wanneer is de volgende Inkoopdag van de VNG?", ["Inkoopdag"], "date"),
    ("en", "What year was TenderNed launched?", ["gelanceerd", "launched"], "date"),
    ("nl", "Hoeveel procent btw geldt voor software?", ["btw", "21%"], "tax"),
    ("en", "How much VAT do I pay on consultancy services?", ["btw", "consultancy"], "tax"),
    ("nl", "Hoe hoog is de boete voor het te laat betalen van een factuur?", ["wettelijke rente", "factuur"], "finance"),
    ("en", "Within how many days must a government invoice be paid?", ["30 dagen", "betaaltermijn"], "finance"),
    ("nl", "Hoeveel zetels heeft de Eerste Kamer?", ["Eerste Kamer"], "politics"),
    ("en", "When is the next municipal council meeting in Delft?", ["gemeenteraadsvergadering"], "date"),
    ("nl", "Wie is de Europese commissaris voor de interne markt?", ["Europese commissaris", "eurocommissaris", "interne markt"], "person"),
    ("en", "Who won the PIANOo innovation award last year?", ["innovation award", "PIANOo-prijs", "prijswinnaar"], "person"),
    ("nl", "Hoeveel kost een inschrijving bij de KvK?", ["KvK", "Kamer van Koophandel"], "price"),
    ("en", "How much does eHerkenning level 3 cost?", ["eHerkenning"], "price"),
    ("nl", "Hoe lang duurt het aanvragen van een VOG?", ["VOG", "verklaring omtrent"], "duration"),
    ("en", "How many hours a week does a full-time civil servant work?", ["36 uur", "fulltime"], "hr"),
    ("nl", "Hoeveel kost een datacenter per jaar aan stroom?", ["datacenter"], "price"),
    ("en", "When does the WBSO application period close?", ["WBSO"], "date"),
    ("nl", "Hoe groot is het budget van de Regio Deal voor Twente?", ["Regio Deal", "Regiodeal"], "funding"),
    ("en", "How much money is in the National Growth Fund for quantum technology?", ["Groeifonds", "quantum"], "funding"),
]


def collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def main() -> int:
    passages = PASSAGES.read_text(encoding="utf-8").splitlines()
    everything = " ".join(collapse(p.read_text(encoding="utf-8")) for p in sorted(CORPUS.glob("*.txt"))).lower()
    problems = [f"off-topic {q!r}: corpus contains {k!r}" for _, q, keys, _ in OFFTOPIC for k in keys
                if collapse(k).lower() in everything]
    missing = set(range(1, len(passages) + 1)) - set(ANSWERABLE) - set(SKIPPED)
    if missing:
        problems.append(f"passages without a question or a reason to skip: {sorted(missing)}")
    if problems:
        print("\n".join(problems))
        return 1
    rows = []
    for number, (lang, question) in ANSWERABLE.items():
        passage = json.loads(passages[number - 1])
        rows.append({"id": f"fact-a{number:03d}", "question": question, "lang": lang, "covered": True,
                     "doc": passage["doc"], "paragraph": passage["paragraph"], "kind": "passage"})
    for n, (lang, question, _, kind) in enumerate(OFFTOPIC, 1):
        rows.append({"id": f"fact-o{n:03d}", "question": question, "lang": lang, "covered": False,
                     "doc": None, "paragraph": None, "kind": kind})
    OUT.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    english = sum(r["lang"] == "en" for r in rows)
    print(f"{len(ANSWERABLE)} answerable, {len(OFFTOPIC)} off-topic, {english} English")
    return 0


if __name__ == "__main__":
    sys.exit(main())
