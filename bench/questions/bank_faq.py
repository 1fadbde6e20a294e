"""Questions in the style of FAQ pages of Dutch procurement organisations (PIANOo, a
municipality's inkoop page, RVO's SBIR pages), written without looking at the system. The answering
passage was then found by grep and reading; gold is a verbatim 6-14 word run of it, or None
where the guidance does not answer.

Rows: (lang, question, doc, gold, answer, type, step).
"""
D0, D1, D2, D3, D4 = ("000_0a8fe956f5fc1910", "001_612382e3c074afb7", "002_e82ae1860d97a4e4",
                      "003_992f5af630caf58b", "004_989769d4bda357ff")
F = [
("nl","Wat is innovatiegericht inkopen?",D2,"Het doel daarbij is om samen met bedrijven en onderzoekers tot innovaties te komen","Inkopen van onderzoek en ontwikkeling en van innovatieve oplossingen, samen met bedrijven en onderzoekers.","definition",None),
("nl","Hoe lang duurt een SBIR?",None,None,"De handreikingen noemen de fasen van een SBIR, maar geen doorlooptijd.","duration",None),
("en","Can we talk to suppliers before the tender?",D1,"Een marktconsultatie is een manier om marktpartijen te raadplegen over een voorgenomen aanbesteding.","Yes, through a market consultation.","procedural",None),
("nl","Wie wordt eigenaar van de ontwikkelde software?",D0,"kan bij de ondernemer liggen, of u kunt het naar eigen inzicht verdelen","Het IE kan bij de ondernemer liggen of u verdeelt het zelf; leg dat vooraf vast.","ownership",None),
("nl","Wat is een innovatiepartnerschap?",D1,"geïntrodu- ceerd om innovaties te laten ontwikkelen en vervolgens uit te rollen","Een aanbestedingsprocedure (sinds 2014) om innovaties te laten ontwikkelen en daarna af te nemen.","definition",None),
("en","What is SBIR?",D1,"De SBIR-aanpak1 is geen aanbestedingspro- cedure, maar een pre-commercieel inkoopin- strument","A pre-commercial procurement instrument, not a tender procedure, to use the market's creativity on a problem.","definition",None),
("nl","Mag ik na een SBIR de oplossing meteen inkopen?",D1,"De ontwikkelde oplossing mag in beginsel niet direct na de SBIR ingekocht worden.","In beginsel niet; daarvoor is een reguliere aanbesteding nodig.","legal",None),
("en","What are the phases of an SBIR?",D2,"De 3 fases zijn: haalbaarheidsonderzoek (fase 1), onderzoek, ontwikkeling en demonstratie","Feasibility study, R&D and prototype demonstration, and commercialisation.","procedural",None),
("nl","Wat is pre-commerciële inkoop?",D2,"Bij pre-commercieel inkopen gaat het om directe O&O-investeringen door de overheid","Inkoop van onderzoek en ontwikkeling door de overheid om innovatie te stimuleren, bv. SBIR.","definition",None),
("nl","Welke inkoopprocedures kan ik gebruiken voor innovatie?",D2,"Een overheidsorganisatie kan bijvoorbeeld gebruikmaken van een prijsvraag, concurrentiegerichte dialoog, proeftuinen of pilots","SBIR, innovatiepartnerschap, prijsvraag, concurrentiegerichte dialoog, proeftuinen, challenges, marktconsultaties.","overview",None),
("nl","Wat is een proeftuin of pilot eigenlijk?",D0,"die u aanbiedt aan ondernemers om innovatieve oplossingen te ontwikkelen en bestuderen","Een praktijksituatie die u ondernemers aanbiedt om innovaties te ontwikkelen en te bestuderen.","definition",None),
("nl","Wat is een vendor lock-in?",D0,"waarbij een organisatie zo afhankelijk wordt van een leverancier dat afscheid nemen","Zo afhankelijk worden van een leverancier dat overstappen niet kan zonder grote gevolgen.","definition",None),
("en","How do we avoid vendor lock-in?",D0,"overheden regelmatig het intellectuele eigendom bij zichzelf houden om een vendor lock-in te voorkomen","Keep the IP yourself, or take a licence, and make agreements so you can switch later.","advice",None),
("nl","Waarom moet ik een behoefteanalyse doen?",D1,"gericht zal zijn op het oplossen van het juiste probleem","Zodat een aanbesteding het juiste probleem oplost.","rationale",None),
("nl","Wat levert een marktconsultatie op?",D0,"Een consultatie zorgt voor steun en zo kunt u verifiëren of er partijen zijn","Steun, en u ziet of partijen bezwaren zien.","rationale",None),
("en","How do I manage the risks of innovation?",D1,"inventariseer risico’s, kwantificeer deze en formuleer beheersmaatregelen","List risks, quantify them and define control measures.","procedural",None),
("nl","Uit hoeveel stappen bestaat het stappenplan?",D0,"De handreiking biedt u belangrijke afwegingen bij de eerste tien stappen","Tien stappen, van verkennen van technologieën tot opschalen.","overview",None),
("en","What counts as a digital innovation?",D0,"In dit stappenplan is de term ‘digitale innovatie’ een overkoepelende term voor innovaties","Innovations in which the use of digital technology (AI, blockchain, IoT...) is a key driver.","definition",None),
("nl","Hoe bepaal ik hoe volwassen een technologie is?",D0,"Wat is de volwassenheid van de technologie? Gebruik hierbij bijvoorbeeld de Technology Readiness Levels","Gebruik bijvoorbeeld de Technology Readiness Levels (TRL's).","procedural",2),
("nl","Is staatssteun altijd verboden?",D3,"Bepaalde staatssteun is toegestaan op basis van de Algemene Groepsvrijstellingsverordening","Nee, bepaalde steun mag onder de AGV of na goedkeuring van de Europese Commissie.","legal",None),
("en","What's the difference between SBIR and an innovation partnership?",D1,"combineert de ontwikkelings- en aanschaffase, waardoor een opdracht direct na ontwikkeling gegund kan worden","The partnership combines development and purchase; after an SBIR a regular tender is needed.","comparison",None),
("nl","Hoe stel ik criteria op om de innovatie te beoordelen?",D0,"bij deze criteria de focus ligt op de toegevoegde waarde van de technologie","Leg de focus op de toegevoegde waarde en maak ze voor iedereen duidelijk.","procedural",4),
("en","Do I need a scale-up plan?",D0,"U stelt alvast een opschalingsplan op voor als het ontwikkeltraject succesvol verloopt.","Yes, draw one up before development starts (step 6).","procedural",6),
("nl","Wat is functioneel specificeren?",D2,"Andere mogelijkheden zijn functioneel specificeren met ambitieuze prestatie-eisen om innovatie te verkrijgen","Specificeren met (ambitieuze) prestatie-eisen in plaats van een oplossing voor te schrijven.","definition",None),
("nl","Hoeveel innovatiepartnerschappen zijn er al geweest in Nederland?",D2,"tot 2021 in totaal 38 innovatiepartnerschappen zijn aangekondigd","38 aangekondigd tussen 2016 en 2021.","factual",None),
("nl","Hoeveel geld is er naar SBIR gegaan?",D2,"In de periode 2011 tot 2020 is bijna € 64 miljoen beschikbaar gesteld","Bijna 64 miljoen euro in 2011-2020.","factual",None),
("en","Why does innovation procurement take longer than normal buying?",D2,"Innovatiegericht inkopen heeft doorgaans een langere doorlooptijd nodig dan reguliere inkooptrajecten.","Because products still have to be developed or tested in practice.","rationale",None),
("nl","Met welke ethische principes moet ik rekening houden bij algoritmes?",D0,"in lijn is met de principes van de Toolbox Ethisch Verantwoorde Innovatie","Volg de Toolbox Ethisch Verantwoorde Innovatie en zet publieke waarden centraal.","advice",None),
("nl","Hoe zit het met privacy als de leverancier met onze data werkt?",D0,"evenals eventuele privacyaspecten rondom eventuele gebruik van persoonsgegevens","Maak afspraken over databeveiliging, privacy en of de ondernemer de data mag gebruiken.","advice",None),
("nl","Hoe maak ik het startups makkelijker om mee te doen?",D2,"De uitdaging is hoe je startups gemakkelijker mee kan laten dingen naar opdrachten","Bv. een korte uitvraag van maximaal 3 A4'tjes die alleen het probleem schetst (Startup in Residence).","advice",None),
("nl","Wat is blockchain?",D0,"Een blockchain is een gedecentraliseerde verzameling van data, die opgeslagen wordt","Een gedecentraliseerde verzameling data, opgeslagen in volgorde van binnenkomst, die niet aan te passen is.","definition",None),
("nl","Hoe registreer ik me op TenderNed?",None,None,"Niet in de handreikingen.","platform",None),
("en","What is the European threshold for works contracts?",None,None,"Not in the guidance.","threshold",None),
("nl","Wanneer is de volgende SBIR-oproep van RVO?",None,None,"Niet in de handreikingen.","deadline",None),
("en","How do I file a complaint about a tender?",None,None,"Not in the guidance.","legal",None),
("nl","Wat is het verschil tussen een meervoudig onderhandse en een nationale procedure?",None,None,"Niet uitgelegd in de handreikingen.","legal",None),
("en","Do I need eHerkenning to submit a bid?",None,None,"Not in the guidance.","platform",None),
("nl","Mag ik een opdracht opsplitsen om onder de drempel te blijven?",None,None,"Niet in de handreikingen.","legal",None),
("en","Which general purchasing conditions (ARVODI) apply to an SBIR?",None,None,"Not in the guidance.","legal",None),
("nl","Waar vind ik een modelovereenkomst voor een innovatiepartnerschap?",None,None,"Niet in de handreikingen.","reference",None),
]
