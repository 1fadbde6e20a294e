"""A realistic example trajectory: a municipality's smart waste collection.

`example_record(lang)` is complete: every step is done and no check is open. It is deterministic
(fixed ids and dates), so export and TUI tests can compare output. `half_filled_record(lang)` stops
halfway: steps 0-4 done, step 5 in progress, the rest not started. Both are for tests, demos and
onboarding ("practise on an example"); the story is invented, the method follows the guidance.
"""

from __future__ import annotations

from datetime import UTC, datetime

from assistant.plan.record import (
    Aspect,
    Assessment,
    Barrier,
    Contact,
    Criterion,
    FinalVerdict,
    IPArrangements,
    Judgement,
    JudgementVerdict,
    OutcomePlan,
    Precondition,
    Preconditions,
    Procedure,
    ProcurementStrategy,
    ProjectMeta,
    ProjectRecord,
    Requirement,
    RequirementKind,
    RightImpact,
    RightsCheck,
    ShortlistItem,
    SourceKind,
    Step0,
    Step1,
    Step2,
    Step3,
    Step4,
    Step5,
    Step6,
    Step7,
    Step8,
    Step9,
    Step10,
    Technology,
    TextEntry,
)

CREATED = datetime(2025, 1, 15, 9, 0, tzinfo=UTC)
UPDATED = datetime(2026, 9, 30, 16, 30, tzinfo=UTC)


def _t(lang: str, nl: str, en: str) -> str:
    return en if lang == "en" else nl


def _steps_0_to_4(lang: str) -> tuple[Step0, Step1, Step2, Step3, Step4]:
    t = lambda nl, en: _t(lang, nl, en)  # noqa: E731
    step0 = Step0(
        need=t("Ondergrondse containers in de binnenstad raken onvoorspelbaar vol. De inzameldienst "
               "rijdt vaste routes langs halflege containers, terwijl volle containers te laat "
               "worden geleegd en er afval naast komt te staan.",
               "Underground containers in the city centre fill up unpredictably. The collection "
               "service drives fixed routes past half-empty containers, while full ones are "
               "emptied too late and rubbish ends up next to them."),
        who=t("Bewoners en ondernemers in de binnenstad, de chauffeurs en planners van de "
              "inzameldienst, en de afdeling Stadsbeheer die de klachten afhandelt.",
              "Residents and businesses in the city centre, the drivers and planners of the "
              "collection service, and the public-space department that handles complaints."),
        why_digital=t("Als we weten hoe vol containers zijn, kunnen we routes plannen op de "
                      "werkelijke vraag. Sensoren en data-analyse maken dat mogelijk.",
                      "If we know how full containers are, we can plan routes on actual demand. "
                      "Sensors and data analysis make that possible."),
        preconditions=Preconditions(
            support=Precondition(ok=True, note=t(
                "wethouder en directeur Stadsbeheer steunen het; chauffeurs via de OR betrokken",
                "the alderman and the director of public space back it; drivers involved through "
                "the works council")),
            time=Precondition(ok=True, note=t(
                "projectleider 0,6 fte en data-analist 0,4 fte vrijgemaakt",
                "project lead 0.6 FTE and data analyst 0.4 FTE freed up")),
            budget=Precondition(ok=True, note=t(
                "€ 300.000 uit het innovatiebudget 2025-2026",
                "€ 300,000 from the 2025-2026 innovation budget")),
            mandate=Precondition(ok=True, note=t(
                "collegebesluit tot en met de evaluatie; opschaling vraagt een nieuw besluit",
                "board decision up to the evaluation; scaling up needs a new decision")),
        ),
        duration=t("Ongeveer twee jaar tot en met de evaluatie.",
                   "About two years up to the evaluation."),
    )
    step1 = Step1(
        technologies=[
            Technology(id="tech0001", name=t("Vulgraadsensoren in ondergrondse containers",
                                             "Fill-level sensors in underground containers"),
                       source_kind=SourceKind.PILOTS,
                       note=t("twee gemeenten meten al een jaar", "two municipalities have "
                              "measured for a year")),
            Technology(id="tech0002", name=t("Beeldherkenning (AI) op camera's van vuilniswagens",
                                             "Image recognition (AI) on collection-truck cameras"),
                       source_kind=SourceKind.PUBLICATIONS,
                       note=t("proef in Amsterdam herkent afval naast containers",
                              "Amsterdam trial recognises rubbish next to containers")),
            Technology(id="tech0003", name=t("Dynamische routeplanning", "Dynamic route planning"),
                       source_kind=SourceKind.MARKET,
                       note=t("uit de marktverkenning", "from the market exploration")),
            Technology(id="tech0004", name=t("LoRaWAN-netwerk voor sensordata",
                                             "LoRaWAN network for sensor data"),
                       source_kind=SourceKind.RESEARCH, note=""),
        ],
        contacts=[
            Contact(id="cont0001", name=t("Gemeente Y, afdeling Afval", "Municipality Y, waste "
                                          "department"),
                    note=t("ervaringen met een sensorpilot", "experience with a sensor pilot")),
        ],
        ideas=t("Camerabeelden kunnen ook zwerfafval en bijplaatsingen signaleren.",
                "Camera images could also flag litter and rubbish dumped next to containers."),
    )
    step2 = Step2(
        assessments=[
            Assessment(id="asse0001", technology=t("Vulgraadsensoren", "Fill-level sensors"),
                       potential=t("25-30% minder ritten", "25-30% fewer trips"), trl=8,
                       fit=t("past bij de routeplanning; data-expertise aanwezig",
                             "fits route planning; data expertise in house"),
                       market_parties=t("vijf leveranciers in de marktverkenning",
                                        "five suppliers in the market exploration"),
                       risks=t("batterijduur, netwerkdekking", "battery life, network coverage")),
            Assessment(id="asse0002", technology=t("Beeldherkenning op vuilniswagens",
                                                   "Image recognition on trucks"),
                       potential=t("bijplaatsingen dezelfde dag opruimen",
                                   "clear dumped rubbish the same day"), trl=6,
                       fit=t("vraagt aanpassing werkwijze chauffeurs",
                             "requires drivers to change how they work"),
                       market_parties=t("twee start-ups en een kennisinstelling",
                                        "two start-ups and a knowledge institute"),
                       risks=t("privacy van voorbijgangers", "privacy of passers-by")),
        ],
        rights=RightsCheck(
            dignity=RightImpact(impact=t("klein: contact met bewoners blijft via het KCC",
                                         "small: residents keep contact through customer service"),
                                mitigation=t("geen automatische antwoorden op klachten",
                                             "no automated replies to complaints")),
            autonomy=RightImpact(impact=t("geen: bewoners worden niet gestuurd",
                                          "none: residents are not steered"),
                                 mitigation=t("niet van toepassing", "not applicable")),
            privacy=RightImpact(impact=t("camerabeelden kunnen personen en kentekens bevatten",
                                         "camera images may show people and number plates"),
                                mitigation=t("verwerking op het apparaat, beelden direct gewist",
                                             "processed on the device, images deleted at once")),
            non_discrimination=RightImpact(
                impact=t("wijken met minder meldingen kunnen minder vaak worden bediend",
                         "districts with fewer complaints could be served less"),
                mitigation=t("plannen op gemeten vulgraad; servicegraad per wijk vergelijken",
                             "plan on measured fill level; compare service per district")),
            expression=RightImpact(impact=t("geen effect", "no impact"),
                                   mitigation=t("niet van toepassing", "not applicable")),
            fair_trial=RightImpact(impact=t("klein: handhaving blijft mensenwerk",
                                            "small: enforcement stays human work"),
                                   mitigation=t("camerasignaal nooit enige grond voor een boete",
                                                "a camera signal is never the only ground for a "
                                                "fine")),
        ),
        public_values=t("Sensoren meten alleen vulgraad; de planning is uitlegbaar voor planners.",
                        "Sensors measure fill level only; planning is explainable to planners."),
        shortlist=[
            ShortlistItem(id="shor0001", name=t("Vulgraadsensoren", "Fill-level sensors"),
                          reason=t("volwassen, direct bruikbaar", "mature, directly usable")),
            ShortlistItem(id="shor0002", name=t("Beeldherkenning (AI) voor bijplaatsingen",
                                                "Image recognition (AI) for dumped rubbish"),
                          reason=t("grote winst voor de openbare ruimte",
                                   "large gain for public space")),
        ],
    )
    step3 = Step3(
        requirements=[
            Requirement(id="req00001", text=t("Verwerking van persoonsgegevens is AVG-conform",
                                              "Processing of personal data complies with the GDPR"),
                        aspect=Aspect.DATA, kind=RequirementKind.BOUNDARY),
            Requirement(id="req00002", text=t("Koppeling met het bestaande routeplanningssysteem "
                                              "via een open API",
                                              "Link with the existing route-planning system "
                                              "through an open API"),
                        aspect=Aspect.TECHNICAL, kind=RequirementKind.NEED),
            Requirement(id="req00003", text=t("Voldoet aan de Aanbestedingswet en de "
                                              "arbeidsomstandighedenregels voor chauffeurs",
                                              "Complies with procurement law and the working "
                                              "conditions rules for drivers"),
                        aspect=Aspect.LEGAL, kind=RequirementKind.BOUNDARY),
            Requirement(id="req00004", text=t("Camerabeelden worden niet gebruikt om personen te "
                                              "identificeren",
                                              "Camera images are not used to identify people"),
                        aspect=Aspect.ETHICAL, kind=RequirementKind.BOUNDARY),
            Requirement(id="req00005", text=t("Alle wijken krijgen dezelfde servicegraad",
                                              "Every district gets the same level of service"),
                        aspect=Aspect.PUBLIC_VALUES, kind=RequirementKind.NEED),
        ],
        budget_ceiling=t("Maximaal € 250.000 voor ontwikkeling en test",
                         "At most € 250,000 for development and testing"),
        pm_funding=t("€ 60.000 voor projectleiding over twee jaar, apart begroot",
                     "€ 60,000 for project management over two years, budgeted separately"),
        timeline=t("Uitvraag in Q2 2025, twaalf maanden ontwikkelen en testen, evaluatie Q3 2026",
                   "Tender in Q2 2025, twelve months of development and testing, evaluation "
                   "Q3 2026"),
        expertise=t("Inkoop en data-analyse intern; privacy via de FG; juridisch advies extern",
                    "Procurement and data analysis in house; privacy through the DPO; legal advice "
                    "external"),
        basis=t("Servicenormen uit het inzamelcontract en wensen van chauffeurs",
                "Service levels from the collection contract and drivers' wishes"),
        use_case=t("Sensor meldt vulgraad → planning maakt de route → chauffeur leegt alleen "
                   "containers boven 70%",
                   "Sensor reports fill level → planning builds the route → driver only empties "
                   "containers above 70%"),
    )
    step4 = Step4(
        criteria=[
            Criterion(id="crit0001", text=t("Aantal ritten voor restafval",
                                            "Number of trips for residual waste"),
                      target=t("25% minder ritten bij gelijke servicegraad",
                               "25% fewer trips at the same level of service"),
                      requirement=t("Alle wijken krijgen dezelfde servicegraad",
                                    "Every district gets the same level of service"),
                      requirement_id="req00005"),
            Criterion(id="crit0002", text=t("Doorlooptijd melding bijplaatsing tot ophalen",
                                            "Time from report of dumped rubbish to collection"),
                      target=t("90% binnen 48 uur", "90% within 48 hours"),
                      requirement=t("Camerabeelden worden niet gebruikt om personen te "
                                    "identificeren",
                                    "Camera images are not used to identify people"),
                      requirement_id="req00004"),
            Criterion(id="crit0003", text=t("Nauwkeurigheid vulgraadmeting",
                                            "Accuracy of fill-level measurement"),
                      target=t("afwijking hooguit 10% bij 95% van de metingen",
                               "deviation at most 10% in 95% of measurements"),
                      requirement=t("Koppeling met het bestaande routeplanningssysteem via een "
                                    "open API",
                                    "Link with the existing route-planning system through an "
                                    "open API"),
                      requirement_id="req00002"),
        ],
        deliverables=[
            TextEntry(id="deli0001", text=t("Meetrapport van een onafhankelijk kennisinstituut",
                                            "Measurement report by an independent knowledge "
                                            "institute")),
            TextEntry(id="deli0002", text=t("Businessplan voor beheer en opschaling",
                                            "Business plan for maintenance and scale-up")),
        ],
        communication=t("Concept besproken met planners, chauffeurs en de privacy officer",
                        "Draft discussed with planners, drivers and the privacy officer"),
    )
    return step0, step1, step2, step3, step4


def _step5(lang: str) -> Step5:
    t = lambda nl, en: _t(lang, nl, en)  # noqa: E731
    return Step5(
        success=OutcomePlan(
            description=t("Opschalen naar alle 900 containers", "Scale up to all 900 containers"),
            who=t("Stadsbeheer als opdrachtgever; leverancier levert en beheert sensoren",
                  "Public-space department as client; supplier delivers and maintains sensors"),
            expectations=t("deelnemer verwacht een vervolgopdracht",
                           "participant expects a follow-up contract"),
            objections=t("chauffeurs vrezen voor werkdruk", "drivers fear a higher workload")),
        failure=OutcomePlan(
            description=t("Stoppen na de evaluatie en vaste routes houden",
                          "Stop after the evaluation and keep fixed routes"),
            who=t("projectleider legt de lessen vast", "project lead records the lessons"),
            expectations=t("deelnemers krijgen een vergoeding voor de ontwikkelfase",
                           "participants are paid for the development phase"),
            objections=t("geen", "none")),
        unclear=OutcomePlan(
            description=t("Pilot zes maanden verlengen in een tweede wijk",
                          "Extend the pilot by six months in a second district"),
            who=t("projectleider en kennisinstelling", "project lead and knowledge institute"),
            expectations=t("deelnemer blijft betrokken tegen vergoeding",
                           "participant stays involved for a fee"),
            objections=t("extra budget nodig", "extra budget needed")),
        trends=[TextEntry(id="tren0001", text=t("Afvalscheiding: iedereen scheidt <> niemand "
                                                "scheidt", "Waste separation: everyone separates "
                                                "<> nobody separates")),
                TextEntry(id="tren0002", text=t("Binnenstad: wonen neemt toe <> winkels "
                                                "domineren", "City centre: housing grows <> shops "
                                                "dominate"))],
        scenarios=[],
    )


def example_record(lang: str = "nl") -> ProjectRecord:
    """A complete, deterministic example: every step done, no open checks."""
    t = lambda nl, en: _t(lang, nl, en)  # noqa: E731
    step0, step1, step2, step3, step4 = _steps_0_to_4(lang)
    step6 = Step6(
        policy_changes=t("Inzamelbeleid van vaste ophaaldagen naar ophalen op vulgraad",
                         "Collection policy from fixed days to collection by fill level"),
        training=t("Training voor planners en chauffeurs; kwartaalupdate voor bestuur en wijkraden",
                   "Training for planners and drivers; quarterly update for the board and "
                   "district councils"),
        ip=IPArrangements(
            ownership=t("IE blijft bij de ondernemer; de gemeente krijgt een eeuwigdurende licentie",
                        "IP stays with the entrepreneur; the municipality gets a perpetual "
                        "licence"),
            licences=t("Niet-exclusieve licentie, ook voor regiogemeenten",
                       "Non-exclusive licence, also for municipalities in the region"),
            source_code=t("Broncode van de koppeling wordt open source",
                          "Source code of the link becomes open source"),
            patents=t("Deelnemers raadplegen octrooidatabanken", "Participants search patent "
                      "databases"),
            data=t("Alle meetdata is van de gemeente", "All measurement data belongs to the "
                   "municipality"),
            confidentiality=t("Wederzijdse geheimhoudingsovereenkomst",
                              "Mutual non-disclosure agreement"),
            vendor_lock_in=t("Open dataformaat en open API; exitregeling met overdracht van data "
                             "binnen drie maanden",
                             "Open data format and open API; exit arrangement with data handover "
                             "within three months"),
        ),
        financial_cover=t("Opschaling (€ 450.000) in de meerjarenbegroting 2027",
                          "Scale-up (€ 450,000) in the 2027 multi-year budget"),
        procurement_strategy=ProcurementStrategy.DIRECT_PURCHASE,
        market_consultation=t("Marktconsultatie met vragenlijst en twee sessies in maart 2025",
                              "Market consultation with a questionnaire and two sessions in "
                              "March 2025"),
        project_manager=t("Fatima de Vries, senior projectleider Stadsbeheer",
                          "Fatima de Vries, senior project lead, public space"),
    )
    step7 = Step7(
        procedure=Procedure.INNOVATIEPARTNERSCHAP,
        rationale=t("We willen bij succes direct afnemen; een innovatiepartnerschap combineert "
                    "ontwikkeling en afname met exitmomenten",
                    "We want to buy directly on success; an innovation partnership combines "
                    "development and purchase with exit points"),
        finish_line=t("Werkende oplossing op 150 containers, zes maanden in gebruik",
                      "Working solution on 150 containers, in use for six months"),
        duration=t("Twaalf maanden in drie fasen", "Twelve months in three phases"),
        people=t("Twee planners, een chauffeur, de data-analist, inkoop en de privacy officer; "
                 "tweewekelijks op de werf",
                 "Two planners, a driver, the data analyst, procurement and the privacy officer; "
                 "every two weeks at the depot"),
        suitability=t("Eén vergelijkbaar IoT-project; geen omzeteis",
                      "One comparable IoT project; no turnover requirement"),
        tender_contents=t("Behoefte, eisen, criteria, fasering met exitmomenten, IE, intentie tot "
                          "afname, regeling per uitkomst",
                          "Need, requirements, criteria, phasing with exit points, IP, intention "
                          "to purchase, arrangements per outcome"),
        selection=t("Aankondiging op TenderNed; drie partijen geselecteerd op pitch en plan",
                    "Announced on TenderNed; three parties selected on pitch and plan"),
    )
    step8 = Step8(
        agreements=t("Kick-off: succescriteria, opschalingsplan en IE-afspraken ondertekend",
                     "Kick-off: success criteria, scale-up plan and IP arrangements signed"),
        risk_allocation=t("Hardwarerisico bij de deelnemer, netwerkdekking bij de gemeente",
                          "Hardware risk with the participant, network coverage with the "
                          "municipality"),
        test_environment=t("150 containers in Centrum en Oost, toegang tot planningsdata",
                           "150 containers in the Centre and East districts, access to planning "
                           "data"),
        course_corrections=[TextEntry(id="corr0001", text=t(
            "Maand 4: storing in metalen containers — andere antenne",
            "Month 4: failures in metal containers — different antenna"))],
    )
    verdicts = {
        "req00001": (JudgementVerdict.MET, t("DPIA goedgekeurd door de FG", "DPIA approved by "
                                             "the DPO")),
        "req00002": (JudgementVerdict.MET, t("koppeling sinds maand 3 in productie", "link in "
                                             "production since month 3")),
        "req00003": (JudgementVerdict.MET, t("juridische toets zonder bevindingen", "legal review "
                                             "without findings")),
        "req00004": (JudgementVerdict.MET, t("audit: beelden op het apparaat gewist", "audit: "
                                             "images deleted on the device")),
        "req00005": (JudgementVerdict.PARTLY, t("Oost iets lager bediend; planning aangepast",
                                                "East served slightly less; planning adjusted")),
        "crit0001": (JudgementVerdict.MET, t("28% minder ritten", "28% fewer trips")),
        "crit0002": (JudgementVerdict.PARTLY, t("84% binnen 48 uur (doel 90%)",
                                                "84% within 48 hours (target 90%)")),
        "crit0003": (JudgementVerdict.MET, t("afwijking < 10% bij 96% van de metingen",
                                             "deviation < 10% in 96% of measurements")),
    }
    texts = {r.id: r.text for r in step3.requirements} | {c.id: c.text for c in step4.criteria}
    judgements = [
        Judgement(id=f"judg{i:04d}", ref_id=ref,
                  ref_kind="requirement" if ref.startswith("req") else "criterion",
                  ref_text=texts[ref], verdict=v, evidence=ev)
        for i, (ref, (v, ev)) in enumerate(verdicts.items(), start=1)
    ]
    step9 = Step9(
        judgements=judgements,
        external_vs_own=t("Twee maanden storing door het mobiele netwerk, niet door de sensoren",
                          "Two months of outage due to the mobile network, not the sensors"),
        imperfections=t("Sensoren ontkalibreren na legen bij vorst",
                        "Sensors lose calibration after emptying in frost"),
        lessons=[TextEntry(id="less0001", text=t("Betrek chauffeurs vanaf het ontwerp",
                                                 "Involve drivers from the design on")),
                 TextEntry(id="less0002", text=t("Test netwerkdekking vóór plaatsing",
                                                 "Test network coverage before installation"))],
        bit_rules=t("Regels 1-3, 6-7 en 10 op orde; regel 4: werkproces planning eerst aangepast; "
                    "regel 8: open standaard voor de API; regel 9: evaluatie gepubliceerd",
                    "Rules 1-3, 6-7 and 10 in order; rule 4: planning process adapted first; "
                    "rule 8: open standard for the API; rule 9: evaluation published"),
        support=t("Planners willen niet terug; bestuur steunt opschaling",
                  "Planners don't want to go back; the board supports scaling up"),
        verdict=FinalVerdict.SCALE_UP,
    )
    step10 = Step10(
        plan_changes=t("Opschaling in drie tranches; extra budget voor antennes",
                       "Scale up in three tranches; extra budget for antennas"),
        alignment=t("Maandelijkse stuurgroep met inzameldienst, ICT en leverancier",
                    "Monthly steering group with collection service, IT and supplier"),
        barriers=[Barrier(id="barr0001", barrier=t("Geen netwerkdekking in kelders van flats",
                                                   "No network coverage in basements of flats"),
                          handling=t("LoRa-gateway op twee daken", "LoRa gateway on two roofs"))],
        keeping_current=t("Beheer- en doorontwikkelcontract voor vier jaar met jaarlijkse roadmap",
                          "Four-year maintenance and development contract with a yearly roadmap"),
    )
    return ProjectRecord(
        project=ProjectMeta(
            title=t("Slimme afvalinzameling", "Smart waste collection"),
            organisation=t("Gemeente Voorbeeldstad", "Municipality of Exampletown"),
            owner="Fatima de Vries", created=CREATED, updated=UPDATED,
            language="en" if lang == "en" else "nl"),
        step0=step0, step1=step1, step2=step2, step3=step3, step4=step4, step5=_step5(lang),
        step6=step6, step7=step7, step8=step8, step9=step9, step10=step10,
    )


def half_filled_record(lang: str = "nl") -> ProjectRecord:
    """Steps 0-4 done, step 5 in progress (only 'success' written), steps 6-10 not started."""
    step0, step1, step2, step3, step4 = _steps_0_to_4(lang)
    step5 = Step5(success=_step5(lang).success)
    return ProjectRecord(
        project=ProjectMeta(
            title=_t(lang, "Slimme afvalinzameling", "Smart waste collection"),
            organisation=_t(lang, "Gemeente Voorbeeldstad", "Municipality of Exampletown"),
            owner="Fatima de Vries", created=CREATED, updated=CREATED,
            language="en" if lang == "en" else "nl"),
        step0=step0, step1=step1, step2=step2, step3=step3, step4=step4, step5=step5,
    )


__all__ = ["example_record", "half_filled_record"]
