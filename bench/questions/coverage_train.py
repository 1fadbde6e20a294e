"""Labelled questions for calibrating whether the guidance covers a question
(`found`; bench/fit_coverage.py), written before the system was run on any of them.

Answerable: one short, general question per passage of coverage_passages.jsonl (drawn at random
by sample_coverage_passages.py, seed 20261205, none of the bank's passages), as a user would type
it; passages with nothing a user would ask (footnotes, URL lists, sentence fragments,
acknowledgements) are skipped (SKIPPED). Off-topic: questions that sound like procurement or
government work, often in the guidance's words, that the five documents do not answer. Each lists
the key words an answering passage would need; `main` checks that none occurs in the corpus
(case-insensitive, whitespace collapsed). Training data only: never a measure of the product.

Run: python bench/questions/coverage_train.py  (writes coverage_train.jsonl)
"""
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parents[1] / "corpus"
PASSAGES = HERE / "coverage_passages.jsonl"
OUT = HERE / "coverage_train.jsonl"

#: passage number (1-based line of coverage_passages.jsonl) -> (lang, question)
ANSWERABLE = {
    1: ("nl", "Helpt het stappenplan bij het inkopen van AI of blockchain?"),
    2: ("en", "what counts as a digital innovation in the step plan?"),
    3: ("nl", "wat doe je bij de voorselectie van technologieën?"),
    4: ("en", "how do I set criteria to assess a digital technology"),
    5: ("nl", "Wanneer is een ontwikkeltraject een succes?"),
    6: ("nl", "Moet ik de concept criteria met collega's bespreken?"),
    7: ("en", "What goes into a scaling plan?"),
    8: ("nl", "hoe voorkom je weerstand tegen de innovatie in de organisatie"),
    9: ("en", "how do I select participants for the development track?"),
    10: ("nl", "Wanneer leg ik de specificaties contractueel vast?"),
    11: ("en", "How do you evaluate the solution after development?"),
    12: ("nl", "Hoe kom ik tot een eindoordeel over de oplossing?"),
    13: ("nl", "Waarvoor gebruikt het IFV satellietdata?"),
    14: ("en", "Can I buy the solution directly after an SBIR?"),
    15: ("nl", "Hoeveel fases heeft een innovatiepartnerschap?"),
    16: ("en", "when should you use an innovation partnership"),
    17: ("nl", "Waarom koos de gemeente een innovatiepartnerschap voor de schoolgebouwen?"),
    18: ("nl", "wat levert innovatiegericht inkopen een gemeente later op"),
    19: ("en", "What is In Motion Charging?"),
    20: ("nl", "Waarom was er weerstand tegen bovenleidingen voor de bussen?"),
    21: ("en", "How do you manage risks in an innovation partnership?"),
    22: ("nl", "wat bleek uit de marktconsultatie over de markt"),
    23: ("nl", "Hoe help je kleine ondernemers met alle eisen?"),
    24: ("en", "What was the goal of the fish migration partnership?"),
    25: ("nl", "Waarom is vismigratie belangrijk?"),
    26: ("nl", "Wat zijn nadelen van samenwerking tussen partijen?"),
    28: ("en", "What is DYNAC?"),
    29: ("nl", "Wat vindt de werkgroep van de Kamerbrief van EZK?"),
    30: ("en", "What is the ministry's ambition for innovation procurement?"),
    31: ("nl", "Wat is de valley of death?"),
    32: ("en", "why is innovation procurement hard to measure"),
    33: ("nl", "Hoeveel innovatiepartnerschappen zijn er aangekondigd in Nederland?"),
    34: ("en", "Which experts were consulted for the advice?"),
    36: ("nl", "Waarom zijn overheden zo voorzichtig met innoveren?"),
    37: ("en", "What skills does an innovation buyer need?"),
    38: ("nl", "Zien bestuurders de voordelen van innovatiegericht inkopen?"),
    39: ("en", "what is the recommendation about a strategic action plan"),
    40: ("nl", "Waarom marktconsultaties stimuleren?"),
    42: ("en", "What lessons came from the SBIR on sustainable heating of barracks?"),
    43: ("nl", "Waarom is een andere samenwerking tussen overheid en markt nodig?"),
    44: ("en", "What does the government still fail at with new technology?"),
    45: ("nl", "Wat is quadruple helix?"),
    47: ("en", "how do you build trust in a partnership"),
    48: ("nl", "Hoe creëer je draagvlak voor een gezamenlijke visie?"),
    49: ("nl", "Wat heeft MVO met samenwerking te maken?"),
    50: ("en", "How does the Dutch Blockchain Coalition make decisions?"),
    51: ("nl", "Wat doet een intermediair in een samenwerking?"),
    52: ("en", "what does it take personally to innovate"),
    53: ("nl", "Wat moeten partijen bedenken voordat ze een partnership aangaan?"),
    54: ("en", "Is European procurement law a burden for partnerships?"),
    55: ("nl", "Maakt de rechtsvorm uit voor de hoogte van staatssteun?"),
    56: ("en", "Who researches innovative procurement at Digicampus?"),
    57: ("nl", "Waarom begon ING een open ecosysteem?"),
    58: ("nl", "wat zijn de randvoorwaarden voor projecten in de samenwerking"),
    59: ("en", "Do all partners have to contribute money?"),
    61: ("nl", "Heeft de NL AIC subsidie gekregen?"),
    62: ("en", "How does the coalition handle intellectual property?"),
    63: ("nl", "Wat is een goede basis voor samenwerken?"),
    65: ("en", "How is funding decided in the logistics partnership?"),
    66: ("nl", "Hoe forceer je een doorbraak in een samenwerking?"),
    67: ("en", "What did the workplace do with ethical hacking?"),
    68: ("nl", "Hoe is de begroting van de werkplaats verdeeld?"),
    69: ("en", "should companies provide their hours for free"),
    70: ("nl", "Wat hebben studenten aan de werkplaats gehad?"),
    71: ("en", "What is Startup in Residence?"),
    72: ("nl", "Welke hulp krijgen startups in het programma?"),
    73: ("en", "why do startups struggle to scale with government"),
    74: ("nl", "Wat als er niks uitkomt bij een startup?"),
    75: ("en", "What are the houses in the village used for?"),
    76: ("nl", "Waarom is een onafhankelijke organisatie als Odyssey nuttig?"),
    77: ("en", "Who should own the intellectual property in an ecosystem?"),
    78: ("nl", "Waarom werd het MaaS project een innovatiepartnerschap?"),
    79: ("en", "What happens when a good idea gets stuck at the parent organisations?"),
    80: ("nl", "Hoe krijg je organisaties mee als ze op landelijk beleid wachten?"),
    81: ("en", "What should I watch out for when government funds part of a collaboration?"),
    82: ("nl", "Waarom zou je je inzetten voor maatschappelijke vraagstukken?"),
    83: ("nl", "hoe creëer je vertrouwen in het begin van een samenwerking"),
    84: ("en", "What roles does a municipality have in smart cities?"),
    85: ("nl", "Wat is de fosbury flop als voorbeeld van innovatie?"),
    86: ("en", "What are social innovations?"),
    87: ("nl", "Kan lowtech ook een slimme toepassing zijn?"),
    88: ("en", "How many products and services do municipalities deliver?"),
    89: ("nl", "Welke maatschappelijke thema's hebben prioriteit voor gemeenten?"),
    90: ("en", "why do municipalities have a limited view of technology"),
    91: ("nl", "Wat is DEDA?"),
    92: ("en", "Is the IT manager the right person to organise digital innovation?"),
    94: ("nl", "Wat zei de AWTI over digitale innovatie bij de overheid?"),
}

#: passages with nothing a user would ask, and why
SKIPPED = {27: "a story's closing line and heading", 35: "who was asked (as 34)", 41: "acknowledgements",
           46: "sentence fragment", 60: "sentence fragment", 64: "sentence fragment", 93: "footnotes",
           95: "footnotes"}

#: (lang, question, keys, kind)
OFFTOPIC = [
    ("nl", "Wat is de drempelwaarde voor diensten van decentrale overheden?", ["drempelwaarde", "221.000"], "threshold"),
    ("en", "What is the EU threshold for supplies contracts of central government?", ["threshold"], "threshold"),
    ("nl", "Tot welk bedrag mag ik enkelvoudig onderhands gunnen?", ["enkelvoudig"], "threshold"),
    ("nl", "Hoeveel dagen heb ik voor een bezwaar tegen de gunning?", ["bezwaartermijn", "kort geding"], "legal deadline"),
    ("en", "How long is the minimum tender period for an open procedure?", ["35 dagen", "35 days", "minimumtermijn"], "legal deadline"),
    ("nl", "Binnen welke termijn moet een factuur van een leverancier betaald worden?", ["betaaltermijn", "factuur"], "legal deadline"),
    ("nl", "Wanneer moet ik een aankondiging van een gegunde opdracht publiceren?", ["aankondiging van gegunde", "48 dagen"], "legal deadline"),
    ("nl", "Hoe maak ik een account aan op TenderNed?", ["account aan", "inloggen"], "portal"),
    ("en", "How do I upload my bid in Mercell?", ["Mercell"], "portal"),
    ("nl", "Werkt DigiInkoop ook voor facturen van zzp'ers?", ["DigiInkoop", "zzp"], "portal"),
    ("nl", "Hoe vraag ik een PKIoverheid certificaat aan?", ["PKIoverheid", "PKI"], "portal"),
    ("en", "Is SAP Ariba suitable for small municipalities?", ["Ariba"], "product"),
    ("nl", "Hoe koppel ik onze inkoopadministratie aan Exact Online?", ["Exact Online", "inkoopadministratie"], "product"),
    ("nl", "Wat staat er in de GIBIT over aansprakelijkheid?", ["GIBIT"], "terms"),
    ("nl", "Wie is de huidige staatssecretaris van Digitalisering?", ["staatssecretaris van Digitalisering", "staatssecretaris voor Digitalisering"], "politics"),
    ("en", "When are the next national elections in the Netherlands?", ["Tweede Kamerverkiezingen", "elections"], "politics"),
    ("nl", "Wat staat er in het regeerakkoord over defensie-uitgaven?", ["defensie-uitgaven"], "politics"),
    ("nl", "Hoeveel zetels heeft de VVD in de Tweede Kamer?", ["VVD", "zetels"], "politics"),
    ("en", "Who is the prime minister of the Netherlands?", ["prime minister", "premier", "minister-president"], "politics"),
    ("nl", "Hoe vraag ik een uitkering aan bij de gemeente?", ["uitkering aanvragen", "bijstand"], "municipal"),
    ("nl", "Wanneer wordt het grofvuil opgehaald?", ["grofvuil", "afvalkalender"], "municipal"),
    ("en", "How do I register my new address with the municipality?", ["verhuizing", "new address", "adreswijziging"], "municipal"),
    ("nl", "Hoe hoog is de afvalstoffenheffing dit jaar?", ["afvalstoffenheffing"], "municipal"),
    ("nl", "Hoe vraag ik een rijbewijs aan?", ["rijbewijs"], "municipal"),
    ("en", "Can I get a permit to cut down a tree in my garden?", ["kapvergunning"], "municipal"),
    ("nl", "Wat kost trouwen op het gemeentehuis?", ["huwelijk", "trouwlocatie"], "municipal"),
    ("nl", "Hoeveel vakantiedagen heeft een ambtenaar?", ["vakantiedagen", "verlof"], "hr"),
    ("en", "How much parental leave do civil servants get?", ["ouderschapsverlof", "parental"], "hr"),
    ("nl", "Hoe plan ik een functioneringsgesprek met mijn leidinggevende?", ["functioneringsgesprek"], "hr"),
    ("nl", "Krijgen inkopers een thuiswerkvergoeding?", ["thuiswerkvergoeding"], "hr"),
    ("en", "What is the notice period when I resign from a government job?", ["opzegtermijn", "ontslag"], "hr"),
    ("nl", "Hoe werkt het pensioen bij het ABP?", ["ABP"], "hr"),
    ("nl", "Binnen hoeveel uur moet ik een datalek melden?", ["datalek", "72 uur"], "gdpr"),
    ("en", "Do I need a data processing agreement with a cloud supplier?", ["verwerkersovereenkomst", "processing agreement"], "gdpr"),
    ("nl", "Wanneer is een functionaris gegevensbescherming verplicht?", ["functionaris gegevensbescherming"], "gdpr"),
    ("nl", "Hoe lang mag ik sollicitatiegegevens bewaren volgens de AVG?", ["sollicitatie", "bewaartermijn"], "gdpr"),
    ("en", "What fines can the Dutch DPA impose for a GDPR breach?", ["boetes", "Autoriteit Persoonsgegevens"], "gdpr"),
    ("nl", "Welke laptops moeten we kopen voor nieuwe medewerkers?", ["laptop"], "ict goods"),
    ("en", "Which printer lease contract is cheapest for an office?", ["printer"], "ict goods"),
    ("nl", "Hoeveel kost een Microsoft 365 licentie per gebruiker?", ["Microsoft 365", "licentie per gebruiker"], "ict goods"),
    ("nl", "Moeten we iPhones of Android telefoons aanschaffen voor het team?", ["iPhone", "Android"], "ict goods"),
    ("en", "How do I order new monitors through the national framework contract?", ["monitoren bestellen", "beeldscherm"], "ict goods"),
    ("nl", "Welke antivirussoftware is het beste voor een gemeente?", ["antivirus"], "ict goods"),
    ("nl", "Hoeveel subsidie geeft het SIDN fonds per project?", ["SIDN"], "funding"),
    ("en", "What is the maximum grant from the EIC Accelerator?", ["EIC"], "funding"),
    ("nl", "Hoe hoog is de Innovatiebox in de vennootschapsbelasting?", ["Innovatiebox", "vennootschapsbelasting"], "funding"),
    ("nl", "Hoeveel geld zit er in het Groeifonds voor AI?", ["Groeifonds"], "funding"),
    ("nl", "Wat is het verschil tussen een raamovereenkomst en een dynamisch aankoopsysteem?", ["dynamisch aankoopsysteem"], "legal"),
    ("en", "When may I use the negotiated procedure without prior publication?", ["zonder voorafgaande bekendmaking", "without prior publication"], "legal"),
    ("nl", "Hoe bereken ik de geraamde waarde van een opdracht?", ["geraamde waarde"], "legal"),
    ("nl", "Wat zijn de uitsluitingsgronden in een aanbesteding?", ["uitsluitingsgrond"], "legal"),
    ("en", "What is the Eigen Verklaring in a tender?", ["Eigen Verklaring"], "legal"),
    ("en", "What are the ARVODI general terms for services?", ["ARVODI"], "terms"),
    ("nl", "Welke social return eis moet ik opnemen in mijn aanbesteding?", ["social return eis", "SROI"], "legal"),
    ("nl", "Wanneer is een wijziging van een lopend contract een wezenlijke wijziging?", ["wezenlijke wijziging"], "legal"),
    ("nl", "Wat is de weersverwachting voor morgen in Den Haag?", ["weersverwachting"], "offtopic"),
    ("en", "How do I book a meeting room at the ministry?", ["vergaderruimte", "meeting room"], "offtopic"),
    ("nl", "Hoe declareer ik mijn reiskosten?", ["reiskosten", "declar"], "hr"),
    ("nl", "Hoe schrijf ik een goede sollicitatiebrief voor een inkoopfunctie?", ["sollicitatiebrief"], "hr"),
    ("en", "What is the best Python library for machine learning?", ["Python", "scikit"], "product"),
    ("nl", "Hoe train ik een taalmodel op eigen data?", ["taalmodel", "LLM"], "product"),
    ("nl", "Hoeveel kost een blockchain-node per maand in de cloud?", ["per maand", "blockchain-node"], "cost"),
    ("en", "How do I get a drone pilot licence?", ["drone pilot", "dronebewijs", "brevet"], "offtopic"),
    ("nl", "Welke gemeenten gebruiken slimme lantaarnpalen?", ["lantaarnpa", "straatverlichting"], "offtopic"),
    ("nl", "Hoe schrijf ik een subsidieaanvraag voor Horizon Europe?", ["subsidieaanvraag"], "funding"),
    ("en", "How do I apply for a Dutch residence permit?", ["verblijfsvergunning", "residence permit"], "municipal"),
    ("nl", "Hoe lang duurt een beroepszaak bij de Raad van State?", ["Raad van State"], "legal"),
    ("nl", "Welke cao geldt voor gemeenteambtenaren?", ["cao "], "hr"),
    ("en", "How do I get a security clearance for defence projects?", ["veiligheidsonderzoek", "AIVD"], "hr"),
    ("nl", "Hoe meld ik een gat in de weg?", ["gat in de weg"], "municipal"),
    ("en", "What is the interest rate of a BNG loan?", ["BNG", "interest rate"], "funding"),
    ("nl", "Wat is de begroting van de gemeente Eindhoven voor volgend jaar?", ["begroting van de gemeente"], "municipal"),
    ("nl", "Hoe dien ik een Woo-verzoek in?", ["Woo-verzoek", "Wet open overheid"], "legal"),
    ("en", "Which cloud provider complies with the government information security baseline?", ["Baseline Informatiebeveiliging"], "product"),
    ("nl", "Hoe organiseer ik een heidag voor mijn inkoopteam?", ["heidag"], "hr"),
    ("nl", "Wat is het minimumloon dit jaar?", ["minimumloon"], "hr"),
    ("en", "How do I file a complaint with the Commissie van Aanbestedingsexperts?", ["Commissie van Aanbestedingsexperts", "klacht"], "legal"),
    ("en", "What does a procurement officer earn in the Netherlands?", ["salaris", "salary"], "hr"),
    ("nl", "Welke certificaten moet een schoonmaakbedrijf hebben?", ["schoonmaak"], "offtopic"),
    ("en", "When is the deadline for the annual CBS survey on procurement spending?", ["CBS"], "deadline"),
    ("nl", "Moet ik een inkoopstrategie voor catering opstellen?", ["catering"], "offtopic"),
    ("en", "How do I apply for a job at PIANOo?", ["vacature", "vacancy"], "hr"),
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
        rows.append({"id": f"cov-a{number:03d}", "question": question, "lang": lang, "covered": True,
                     "doc": passage["doc"], "paragraph": passage["paragraph"], "kind": "passage"})
    for n, (lang, question, _, kind) in enumerate(OFFTOPIC, 1):
        rows.append({"id": f"cov-o{n:03d}", "question": question, "lang": lang, "covered": False,
                     "doc": None, "paragraph": None, "kind": kind})
    OUT.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    english = sum(r["lang"] == "en" for r in rows)
    print(f"{len(ANSWERABLE)} answerable, {len(OFFTOPIC)} off-topic, {english} English")
    return 0


if __name__ == "__main__":
    sys.exit(main())
