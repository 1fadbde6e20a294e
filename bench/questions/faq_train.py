"""Labelled questions phrased as procurement bodies' FAQ pages phrase them (PIANOo, TenderNed,
VNG, Rijksoverheid, regional purchasing offices), for calibrating whether the guidance covers a
question (`found`; bench/fit_coverage.py), written before the system was run on any of them.

Answerable: one question per passage of faqtrain_passages.jsonl (drawn at random by
sample_faqtrain_passages.py, seed 20261207, none of the bank's, the coverage or the fact
questions' passages), as a full FAQ question ("Mag ik ...?", "Moet een aanbestedende dienst
...?", "Wat is het verschil ...?", "Kan een ...?"), about a third English; passages with no
askable point (headings, fragments) are skipped with the reason (SKIPPED). Off-topic: FAQ
questions on general procurement (procedures, thresholds, deadlines, forms, TenderNed,
complaints, contract management, framework agreements, lots, subcontracting, social return,
sustainability, VAT, invoices, KvK, eHerkenning) that the five documents do not answer. Each lists
the key words an answering passage would need; `main` checks that none occurs in the corpus
(case-insensitive, whitespace collapsed) and refuses to write the file otherwise. Keys that did
occur were read in context. Dropped, as the corpus answers part of them: the negotiated procedure
(GVB's choice, described), the competitive dialogue (listed as a way to buy innovation), EMVI
(the innovation partnership awards on it), bidding as a combination (a story's four bureaus with a
penvoerder). Narrowed, as the corpus uses the word for something else or only in passing:
vooraankondiging, gratis, intrekken, (ver)storing, geschiktheidseisen (not too strict, step 7;
the question is on relying on others), raamovereenkomst and "vier jaar", percelen(regeling),
keurmerk, (natural) language, inkoopbeleid. Training data only: never a measure of the product.

Run: python bench/questions/faq_train.py  (writes faq_train.jsonl)
"""
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parents[1] / "corpus"
PASSAGES = HERE / "faqtrain_passages.jsonl"
OUT = HERE / "faq_train.jsonl"

#: passage number (1-based line of faqtrain_passages.jsonl) -> (lang, question)
ANSWERABLE = {
    1: ("nl", "Welke bronnen kan een aanbestedende dienst gebruiken om nieuwe technologische ontwikkelingen in beeld te krijgen?"),
    2: ("en", "How can a contracting authority find out whether companies are willing to help develop a new technology?"),
    3: ("nl", "Hoe moet ik de criteria formuleren waarmee een te ontwikkelen technologie later wordt beoordeeld?"),
    4: ("nl", "Waarom moet een aanbestedende dienst vooraf de mogelijke uitkomsten van een ontwikkeltraject uitwerken?"),
    5: ("en", "What should a contracting authority keep in mind when it starts scaling up an innovation?"),
    6: ("nl", "Wie voert het programma Innovatiegericht Inkopen uit, en in opdracht van wie?"),
    7: ("nl", "Wat is de rol van de markt bij een innovatiepartnerschap?"),
    8: ("nl", "Hoe wordt bij een innovatiepartnerschap bepaald welke partij het prototype mag uitwerken?"),
    9: ("en", "Which requirements did the municipality of Hof van Twente set for its new child centres?"),
    10: ("nl", "Welke mogelijkheden onderzocht GVB voor de aanschaf van zero-emissiebussen?"),
    11: ("en", "Why did GVB find an innovation partnership less suitable for its buses?"),
    12: ("nl", "Hoe kan een publieke opdrachtgever de financiering van een innovatie regelen?"),
    14: ("en", "Why should I carry out a market exploration when procuring innovation?"),
    15: ("nl", "Leidt een innovatiepartnerschap altijd tot meer vernieuwing in de publieke sector?"),
    16: ("en", "What role does Mazzucato see for government in creating new markets?"),
    17: ("nl", "Wat wordt bedoeld met pre-commercieel inkopen?"),
    18: ("en", "How can you tell how often SBIR and the innovation partnership are used in the Netherlands?"),
    19: ("nl", "Hoeveel SBIR-trajecten zijn er in Nederland uitgevoerd, en wie voert ze uit?"),
    21: ("nl", "Welke juridische belemmeringen ervaren aanbestedende diensten bij het inkopen van innovatie?"),
    22: ("nl", "Wat zijn de belangrijkste aandachtspunten om innovatiegericht inkopen in Nederland te verbeteren?"),
    23: ("en", "How can government help connect parties for innovation and scaling up?"),
    24: ("nl", "Waarom kiezen overheid en markt voor een publiek-private samenwerking?"),
    25: ("nl", "Wat wordt bedoeld met 'common ground' in een samenwerking?"),
    26: ("en", "What role should a public body take in the governance of a public-private partnership?"),
    27: ("nl", "Hoe kan een samenwerking onafhankelijk worden van de eigen organisatie?"),
    28: ("nl", "Op welke manieren kan een innovatieve samenwerking worden opgeschaald?"),
    29: ("en", "What is the most important condition for a successful collaboration?"),
    30: ("nl", "Moet ik alle partijen al vanaf het begin betrekken bij een innovatie-experiment?"),
    31: ("nl", "Is er sprake van staatssteun als nieuwe partijen altijd bij het initiatief kunnen aansluiten?"),
    32: ("en", "How were the themes of the innovation district chosen?"),
    33: ("nl", "Wat vraagt de gemeente in ruil voor haar investering in het innovatiegebied?"),
    34: ("nl", "Waarom wordt er voor Cumulus Park een aparte stichting opgericht?"),
    35: ("en", "What is the biggest success factor for a team that innovates together?"),
    36: ("nl", "Welke rol hebben private partijen bij publieke innovaties zoals SchuldenlabNL?"),
    37: ("nl", "Kun je menselijke relaties, zoals in de kinderopvang, aanbesteden?"),
    38: ("en", "What does the ministry of Infrastructure and Water Management want to solve in the transport sector?"),
    39: ("nl", "Welke verbindende rol kan de overheid spelen bij innovatie?"),
    40: ("nl", "Wat is een single point of failure bij het vastleggen van identiteitsgegevens?"),
    41: ("en", "Which parties may test their innovations at the TU Delft test site?"),
    42: ("nl", "Wat is het voordeel van een ecosysteem boven een aanbesteding bij een technologisch vraagstuk?"),
    43: ("nl", "Welke soorten partners onderscheid je in een samenwerking?"),
    44: ("en", "Should I already think about adoption when I start a small experiment?"),
    45: ("nl", "Wat is het verschil tussen digitale transformatie en digitalisering?"),
    46: ("nl", "Hoe kunnen gemeenten publieke waarden borgen bij de inzet van technologie?"),
    47: ("en", "Is 5G a disruptive innovation?"),
    48: ("nl", "Hoe kan een gemeente de mogelijkheden van digitalisering benutten?"),
    49: ("nl", "Moet digitale innovatie gekoppeld worden aan maatschappelijke opgaven?"),
    50: ("en", "Why should a municipality work from an overarching smart city vision?"),
}

SKIPPED = {13: "a heading and the cut-off first words of a list", 20: "a sentence fragment about speakers at a meeting"}

#: (lang, question, keys, kind)
OFFTOPIC = [
    ("nl", "Wat is het verschil tussen een openbare en een niet-openbare procedure?", ["niet-openbare procedure", "openbare procedure"], "procedure"),
    ("nl", "Mag ik onder de Europese drempel een nationale procedure volgen?", ["nationale procedure", "nationale aanbestedingsprocedure"], "procedure"),
    ("nl", "Wat zijn de Europese drempelbedragen voor werken in 2026?", ["drempelbedragen", "5.538.000", "opdracht voor werken"], "threshold"),
    ("en", "How often are the European procurement thresholds revised?", ["elke twee jaar", "every two years", "herzien"], "threshold"),
    ("nl", "Moet ik de waarde van opties en verlengingen meetellen bij het bepalen van de opdrachtwaarde?", ["verlengingen", "opties mee"], "threshold"),
    ("nl", "Moet ik de Alcatel-termijn ook aanhouden bij een opdracht onder de drempel?", ["Alcatel", "opschortende termijn", "standstill"], "deadline"),
    ("en", "What is the minimum time limit for receipt of tenders in a restricted procedure?", ["termijn voor ontvangst", "time limit", "30 dagen"], "deadline"),
    ("nl", "Mag de inschrijftermijn worden verkort als ik een vooraankondiging heb gepubliceerd?", ["inschrijftermijn", "inschrijvingstermijn", "termijn verkorten", "verkorte termijn"], "deadline"),
    ("nl", "Binnen welke termijn moet de nota van inlichtingen gepubliceerd worden?", ["nota van inlichtingen"], "deadline"),
    ("en", "Can I ask questions about the tender documents after the Q&A round has closed?", ["vragenronde", "questions round", "Q&A"], "deadline"),
    ("nl", "Wat is het Uniform Europees Aanbestedingsdocument en wanneer moet ik het gebruiken?", ["UEA", "Uniform Europees Aanbestedingsdocument"], "form"),
    ("en", "Does a supplier have to submit a Gedragsverklaring Aanbesteden?", ["Gedragsverklaring", "GVA"], "form"),
    ("nl", "Moet ik een Verklaring Omtrent het Gedrag overleggen bij een inschrijving?", ["Verklaring Omtrent het Gedrag", "VOG"], "form"),
    ("en", "Do foreign companies need to be registered with the Dutch Chamber of Commerce to tender?", ["Chamber of Commerce", "KvK", "Kamer van Koophandel", "beroepsregister"], "kvk"),
    ("en", "What is the best price-quality ratio award criterion?", ["BPKV", "prijs-kwaliteitverhouding", "price-quality"], "award"),
    ("nl", "Wat moet er in een gunningsbeslissing staan?", ["gunningsbeslissing"], "award"),
    ("nl", "Hoe moet een aanbestedende dienst omgaan met een abnormaal lage inschrijving?", ["abnormaal lage", "abnormally low"], "award"),
    ("en", "Can I correct an obvious mistake in my bid after the closing date?", ["kennelijke fout", "kennelijke vergissing", "obvious mistake", "rectify"], "award"),
    ("nl", "Wat gebeurt er als er maar één inschrijving binnenkomt?", ["één inschrijving", "enige inschrijver", "single bid"], "award"),
    ("nl", "Waar kan ik als ondernemer een klacht indienen over een aanbesteding?", ["klacht", "klachtenmeldpunt"], "complaint"),
    ("en", "Do I have to start summary proceedings within the standstill period to challenge an award?", ["kort geding", "summary proceedings"], "complaint"),
    ("en", "How do I report a suspected cartel among bidders?", ["ACM", "kartel", "cartel", "Autoriteit Consument"], "complaint"),
    ("nl", "Hoe registreer ik mijn bedrijf op TenderNed met eHerkenning?", ["eHerkenning", "betrouwbaarheidsniveau"], "tenderned"),
    ("en", "How can I get notified of new tenders on TenderNed?", ["attendering", "zoekprofiel", "notification"], "tenderned"),
    ("nl", "Wat kost het gebruik van TenderNed voor ondernemers?", ["kosteloos", "TenderNed is gratis", "gratis voor ondernemers"], "tenderned"),
    ("nl", "Kan ik een ingediende inschrijving op TenderNed nog intrekken?", ["inschrijving intrekken", "withdraw"], "tenderned"),
    ("en", "What if the tender portal is down just before the closing time?", ["storing op", "storing bij", "sluitingstijd", "closing time"], "tenderned"),
    ("en", "Can I rely on the capacity of another company to meet the suitability requirements?", ["beroep op derden", "rely on the capacity", "draagkracht van"], "bidding"),
    ("nl", "Mag een aanbestedende dienst een minimale jaaromzet eisen?", ["jaaromzet", "omzeteis"], "bidding"),
    ("nl", "Welke referentieopdrachten mag een aanbestedende dienst vragen?", ["referentieopdracht", "referentie"], "bidding"),
    ("en", "Will I receive compensation for the cost of preparing a bid?", ["tenderkostenvergoeding", "inschrijfvergoeding", "offertekosten"], "bidding"),
    ("nl", "Moet ik in mijn inschrijving vermelden welke onderaannemers ik inzet?", ["onderaanneme", "subcontract"], "subcontracting"),
    ("en", "Is the main contractor liable for a subcontractor's unpaid wage tax?", ["ketenaansprakelijkheid", "loonheffing", "wage tax"], "subcontracting"),
    ("nl", "Hoe lang mag een raamovereenkomst maximaal duren?", ["maximale looptijd", "looptijd van een raamovereenkomst", "raamovereenkomst van vier jaar", "four years"], "framework"),
    ("en", "Can I award call-offs under a framework agreement with several suppliers through a mini-competition?", ["minicompetitie", "mini-competition", "nadere offerte"], "framework"),
    ("nl", "Mag ik het aantal percelen beperken dat één inschrijver kan winnen?", ["gunningsbeperking", "per inschrijver", "aantal percelen"], "lots"),
    ("nl", "Telt de Prestatieladder Socialer Ondernemen mee voor social return?", ["Prestatieladder", "PSO"], "social return"),
    ("en", "How do I check whether a supplier meets its social return obligation?", ["SROI", "social return obligation", "Werkgeversservicepunt"], "social return"),
    ("nl", "Welke MVI-criteria zijn er voor kantoormeubilair?", ["MVI-criteria", "criteriatool", "kantoormeubilair"], "sustainability"),
    ("en", "Is the CO2 performance ladder allowed as an award criterion?", ["CO2-prestatieladder", "CO2 performance ladder"], "sustainability"),
    ("nl", "Mag ik een keurmerk zoals het EU Ecolabel eisen in mijn aanbesteding?", ["Ecolabel", "keurmerk eisen", "keurmerken eisen"], "sustainability"),
    ("nl", "Moet ik de btw meenemen in de geraamde opdrachtwaarde?", ["btw", "omzetbelasting"], "vat"),
    ("en", "Are public bodies required to accept e-invoices?", ["e-factur", "e-invoic", "Peppol"], "invoice"),
    ("nl", "Mag een aanbestedende dienst een bankgarantie eisen van de opdrachtnemer?", ["bankgarantie", "bank guarantee"], "contract"),
    ("nl", "Hoe leg ik een boete op als de leverancier de afgesproken servicelevels niet haalt?", ["servicelevel", "service level", "boeteclausule"], "contract management"),
    ("en", "When may a contracting authority terminate a public contract early?", ["ontbinden", "ontbinding", "terminate", "opzeggen"], "contract management"),
    ("nl", "Mag ik een lopend contract verlengen zonder nieuwe aanbesteding?", ["verlengen", "verlenging"], "contract management"),
    ("nl", "Wat doet een contractmanager na de gunning?", ["contractmanage", "contract management"], "contract management"),
    ("nl", "Wat is de Gids Proportionaliteit en wanneer moet ik die toepassen?", ["Gids Proportionaliteit", "proportionaliteit"], "law"),
    ("en", "Is a contracting authority allowed to combine several contracts into one tender?", ["clusteren", "clustering", "samenvoegen"], "law"),
    ("nl", "Wat is het verschil tussen een opdracht voor leveringen en een opdracht voor diensten?", ["leveringen", "opdracht voor diensten"], "law"),
    ("nl", "Hoe zit het met het lichte regime voor sociale en andere specifieke diensten?", ["sociale en andere specifieke diensten", "licht regime", "lichte regime"], "law"),
    ("en", "What is the difference between a tender and a request for quotation?", ["offerteaanvraag", "request for quotation", "RFQ"], "procedure"),
    ("nl", "Hoe lang moet ik de stukken van een aanbesteding bewaren?", ["archiveren", "bewaartermijn", "Archiefwet"], "records"),
    ("en", "May a contracting authority require bids to be written in Dutch?", ["Nederlandse taal", "in het Nederlands", "written in Dutch", "taaleis"], "bidding"),
    ("nl", "Wat is het Aanbestedingsreglement Werken en wanneer geldt het?", ["ARW", "Aanbestedingsreglement"], "law"),
    ("nl", "Hoe zit het met de Wet Markt en Overheid als een gemeente zelf diensten aanbiedt?", ["Markt en Overheid"], "law"),
    ("en", "Must a municipality publish its procurement policy?", ["inkoopbeleid vast", "inkoopbeleid publiceren", "procurement policy", "inkoop- en aanbestedingsbeleid"], "law"),
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
        rows.append({"id": f"faqt-a{number:03d}", "question": question, "lang": lang, "covered": True,
                     "doc": passage["doc"], "paragraph": passage["paragraph"], "kind": "passage"})
    for n, (lang, question, _, kind) in enumerate(OFFTOPIC, 1):
        rows.append({"id": f"faqt-o{n:03d}", "question": question, "lang": lang, "covered": False,
                     "doc": None, "paragraph": None, "kind": kind})
    OUT.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    english = sum(r["lang"] == "en" for r in rows)
    print(f"{len(ANSWERABLE)} answerable, {len(OFFTOPIC)} off-topic, {english} English")
    return 0


if __name__ == "__main__":
    sys.exit(main())
