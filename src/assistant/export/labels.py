"""The words of the exported document, in Dutch and English.

Step titles come from the step files only (``assistant.plan.steps``). Field labels are keyed
by their dotted record path.
"""

from __future__ import annotations

from datetime import datetime

#: Document text: key -> (nl, en)
TEXT: dict[str, tuple[str, str]] = {
    "subtitle": ("Projectdossier · Stappenplan inkopen en ontwikkelen van digitale innovaties",
                 "Project record · Step plan for procuring and developing digital innovations"),
    "organisation": ("Organisatie", "Organisation"),
    "owner": ("Eigenaar", "Owner"),
    "date": ("Datum", "Date"),
    "updated": ("Laatst bijgewerkt", "Last updated"),
    "progress": ("Voortgang", "Progress"),
    "progress_value": ("{done} van {total} stappen afgerond", "{done} of {total} steps done"),
    "open_checks_count": ("Open controles", "Open checks"),
    # counted apart from the checks: the ⟳ notes under their step (and in the overview's column)
    "to_review_count": ("Antwoorden na te gaan (⟳)", "Answers to review (⟳)"),
    # counted apart from the checks, as the app's Controles list them beside the checks
    "open_required_count": ("Verplichte vragen nog open", "Required questions still open"),
    # after the guidance's section a check cites, where the quote that follows is Dutch
    "quote_language": ("", " (in Dutch)"),
    "toc": ("Inhoud", "Contents"),
    "overview": ("Overzicht", "Overview"),
    "step": ("Stap", "Step"),
    "step_col": ("Stap", "Step"),
    "title_col": ("Onderwerp", "Subject"),
    "status_col": ("Status", "Status"),
    "checks_col": ("Open controles", "Open checks"),
    "required_col": ("Verplichte vragen open", "Required questions open"),
    "status": ("Status", "Status"),
    "status.not_started": ("Nog niet begonnen", "Not started"),
    "status.in_progress": ("Bezig", "In progress"),
    "status.done": ("Afgerond", "Done"),
    "still_open": ("Nog open (verplicht)", "Still open (required)"),  # as the app says it
    # an answer given with another in view that was replaced since (the app's "⟳" mark)
    "to_review": ("⟳ {field}: gegeven met het vorige antwoord in stap {step} in gedachten, dat "
                  "sindsdien is gewijzigd; nagaan of het nog klopt.",
                  "⟳ {field}: given with the previous answer in step {step} in view, which has "
                  "changed since; check that it still holds."),
    "open": ("Nog niet ingevuld", "Not yet filled in"),
    # a criterion whose own words state its target, as the measurability check reads them
    "target_in_text": ("In het criterium zelf", "In the criterion itself"),
    "step_empty": ("Deze stap is nog niet ingevuld.", "This step has not been filled in yet."),
    "checks": ("Open controles", "Open checks"),
    # under a table with a row marked: the table alone read as settled above the check
    "row_checked": ("⚠ markeert een rij waarover hieronder een open controle gaat.",
                    "⚠ marks a row that an open check below is about."),
    "based_on": ("Gebaseerd op", "Based on"),
    "to_answer": ("Deze stap vraagt om", "This step asks for"),
    "no_title": ("Naamloos project", "Untitled project"),
    "yes": ("Ja", "Yes"),
    "no": ("Nee", "No"),
    "partly": ("Deels", "Partly"),
    "unknown": ("Onbekend", "Unknown"),
    "not_judged": ("Nog niet beoordeeld", "Not yet judged"),
    "judged_earlier": ("gegeven over de eerdere tekst “{text}”: opnieuw beoordelen",
                       "given on the earlier wording “{text}”: judge again"),
    "requirement": ("Eis", "Requirement"),
    "criterion": ("Criterium", "Criterion"),
    "removed": ("(niet meer in het dossier)", "(no longer in the record)"),
    "not_in_step3": ("(staat niet in stap 3)", "(not in step 3)"),
    "sources": ("Bronnen", "Sources"),
    "sources_intro": (
        "Dit dossier volgt de handreiking van PIANOo. De assistent baseert zijn uitleg en "
        "controles op deze openbare documenten:",
        "This record follows PIANOo's guidance. The assistant bases its explanations and checks "
        "on these public documents:"),
    # the document's last line: what its explanations and checks rest on, and what they are not
    "closing_note": (
        "De uitleg en controles van deze assistent volgen de openbare documenten hierboven; een "
        "enkele regel is een eigen richtlijn van de assistent en staat dan ook zo vermeld. Dit "
        "dossier is geen juridisch advies.",
        "The explanations and checks of this assistant follow the public documents above; a few "
        "rules are the assistant's own rule of thumb and say so. This record is no legal advice."),
    "doc_col": ("Document", "Document"),
    "publisher_col": ("Uitgever", "Publisher"),
    "reference": ("Bron", "Source"),
    "generated_by": ("Gemaakt met de stappenplan-assistent", "Made with the stappenplan assistant"),
    "keywords": ("stappenplan, innovatiegericht inkopen, PIANOo",
                 "step plan, innovation procurement, PIANOo"),
}

#: Field and column labels by dotted path (entry fields: "<list path>.<field>")
FIELDS: dict[str, tuple[str, str]] = {
    # project
    "project.title": ("Projecttitel", "Project title"),
    "project.organisation": ("Organisatie", "Organisation"),
    "project.owner": ("Eigenaar", "Owner"),
    "project.language": ("Taal", "Language"),
    # step 0
    "step0.need": ("Behoefte", "Need"),
    "step0.who": ("Wie heeft de behoefte", "Who has the need"),
    "step0.why_digital": ("Waarom digitale technologie", "Why digital technology"),
    "step0.preconditions": ("Randvoorwaarden", "Preconditions"),
    "step0.preconditions.support": ("Draagvlak", "Support"),
    "step0.preconditions.time": ("Tijd", "Time"),
    "step0.preconditions.budget": ("Budget", "Budget"),
    "step0.preconditions.mandate": ("Mandaat", "Mandate"),
    "step0.preconditions.name": ("Randvoorwaarde", "Precondition"),
    "step0.preconditions.ok": ("Geregeld", "Secured"),
    "step0.preconditions.note": ("Toelichting", "Note"),
    "step0.duration": ("Verwachte duur", "Expected duration"),
    # step 1
    "step1.technologies": ("Technologieën en ontwikkelingen", "Technologies and developments"),
    "step1.technologies.name": ("Technologie", "Technology"),
    "step1.technologies.source_kind": ("Soort bron", "Source kind"),
    "step1.technologies.note": ("Notitie", "Note"),
    "step1.contacts": ("Contacten met andere organisaties", "Contacts with other organisations"),
    "step1.contacts.name": ("Organisatie of contact", "Organisation or contact"),
    "step1.contacts.note": ("Notitie", "Note"),
    "step1.ideas": ("Ideeën met een open blik", "Ideas from an open look"),
    # step 2
    "step2.assessments": ("Beoordeling per technologie", "Assessment per technology"),
    "step2.assessments.technology": ("Technologie", "Technology"),
    "step2.assessments.potential": ("Potentie", "Potential"),
    "step2.assessments.trl": ("TRL", "TRL"),
    "step2.assessments.fit": ("Organisatorische fit", "Organisational fit"),
    "step2.assessments.market_parties": ("Marktpartijen", "Market parties"),
    "step2.assessments.risks": ("Risico's", "Risks"),
    # not "toets": it is no formal fundamental-rights impact assessment (IAMA, FRIA)
    "step2.rights": ("Grondrechten in beeld", "Fundamental rights mapped"),
    "step2.rights.right": ("Grondrecht", "Fundamental right"),
    "step2.rights.impact": ("Effect", "Impact"),
    "step2.rights.mitigation": ("Maatregel", "Mitigation"),
    "step2.public_values": ("Publieke waarden", "Public values"),
    "step2.shortlist": ("Shortlist", "Shortlist"),
    "step2.shortlist.name": ("Technologie", "Technology"),
    "step2.shortlist.reason": ("Reden", "Reason"),
    # step 3
    "step3.requirements": ("Minimale eisen", "Minimum requirements"),
    "step3.requirements.number": ("Nr.", "No."),
    "step3.requirements.text": ("Eis", "Requirement"),
    "step3.requirements.aspect": ("Aspect", "Aspect"),
    "step3.requirements.kind": ("Soort", "Kind"),
    "step3.budget_ceiling": ("Maximaal budget", "Budget ceiling"),
    "step3.pm_funding": ("Financiering projectmanagement", "Project-management funding"),
    "step3.timeline": ("Tijdlijn", "Timeline"),
    "step3.expertise": ("Benodigde expertise", "Expertise"),
    "step3.basis": ("Basis van de eisen", "Basis of the requirements"),
    "step3.use_case": ("Use case / publieke business case", "Use case / public business case"),
    # step 4
    "step4.criteria": ("Beoordelingscriteria", "Assessment criteria"),
    "step4.criteria.number": ("Nr.", "No."),
    "step4.criteria.text": ("Criterium", "Criterion"),
    "step4.criteria.target": ("Meetbaar doel", "Measurable target"),
    "step4.criteria.requirement": ("Gekoppelde eis", "Linked requirement"),
    "step4.criteria.weight": ("Weging", "Weight"),  # as the app and the question name it
    "step4.deliverables": ("Op te leveren voor de beoordeling", "Deliverables for the evaluation"),
    "step4.communication": ("Communicatie van de criteria", "Communicating the criteria"),
    # step 5
    "step5.outcomes": ("De drie uitkomsten", "The three outcomes"),
    "step5.outcome": ("Uitkomst", "Outcome"),
    "step5.success": ("Succes", "Success"),
    "step5.failure": ("Mislukking", "Failure"),
    "step5.unclear": ("Onduidelijk", "Unclear"),
    "step5.description": ("Wat gebeurt er", "What happens"),
    "step5.who": ("Wie doet wat", "Who does what"),
    "step5.expectations": ("Verwachtingen", "Expectations"),
    "step5.objections": ("Bezwaren", "Objections"),
    "step5.trends": ("Trends (scenarioplanning)", "Trends (scenario planning)"),
    "step5.scenarios": ("Scenario's", "Scenarios"),
    # step 6
    "step6.policy_changes": ("Beleidswijzigingen", "Policy changes"),
    "step6.training": ("Training en communicatie", "Training and communication"),
    "step6.ip": ("Intellectueel eigendom", "Intellectual property"),
    "step6.ip.subject": ("Onderwerp", "Subject"),
    "step6.ip.arrangement": ("Afspraak", "Arrangement"),
    "step6.ip.ownership": ("Eigendom", "Ownership"),
    "step6.ip.licences": ("Licenties", "Licences"),
    "step6.ip.source_code": ("Broncode", "Source code"),
    "step6.ip.patents": ("Octrooien", "Patents"),
    "step6.ip.data": ("Data", "Data"),
    "step6.ip.confidentiality": ("Vertrouwelijkheid", "Confidentiality"),
    "step6.ip.vendor_lock_in": ("Vendor lock-in", "Vendor lock-in"),
    "step6.financial_cover": ("Financiële dekking", "Financial cover"),
    "step6.procurement_strategy": ("Inkoopstrategie", "Procurement strategy"),
    "step6.market_consultation": ("Marktconsultatie", "Market consultation"),
    "step6.project_manager": ("Projectleider", "Project manager"),
    # step 7
    # the question's own word: SBIR "is geen aanbestedingsprocedure" (Innovatiepartnerschap in praktijk)
    "step7.procedure": ("Vorm van het ontwikkeltraject", "Form of the development trajectory"),
    "step7.rationale": ("Waarom deze vorm", "Why this form"),
    "step7.finish_line": ("Finishlijn", "Finish line"),
    "step7.duration": ("Duur", "Duration"),
    "step7.people": ("Betrokken medewerkers en experts", "People involved"),
    "step7.suitability": ("Geschiktheidseisen", "Suitability requirements"),
    "step7.tender_contents": ("Inhoud van de uitvraag", "Contents of the tender documents"),
    "step7.selection": ("Selectie van deelnemers", "Selection of participants"),
    # step 8
    "step8.agreements": ("Afspraken over succes en opschaling", "Agreements on success and scaling"),
    "step8.risk_allocation": ("Risicoverdeling", "Risk allocation"),
    "step8.test_environment": ("Testomgeving", "Test environment"),
    "step8.course_corrections": ("Bijsturingen", "Course corrections"),
    # step 9
    "step9.judgements": ("Beoordeling van eisen en criteria", "Judgement of requirements and criteria"),
    "step9.judgements.kind": ("Soort", "Kind"),
    "step9.judgements.ref_text": ("Eis of criterium", "Requirement or criterion"),
    "step9.judgements.verdict": ("Oordeel", "Verdict"),
    "step9.judgements.evidence": ("Onderbouwing", "Evidence"),
    "step9.external_vs_own": ("Externe omstandigheden tegenover eigen prestatie",
                              "External circumstances versus own performance"),
    "step9.imperfections": ("Kleine onvolkomenheden", "Small imperfections"),
    "step9.lessons": ("Lessen", "Lessons"),
    # not "Toets aan …": the BIT carries out a formal review only of large projects; the user
    # goes through its rules
    "step9.bit_rules": ("De tien BIT-regels nagelopen", "The ten BIT rules checked"),
    "step9.support": ("Draagvlak en commitment", "Support and commitment"),
    "step9.verdict": ("Eindoordeel", "Final verdict"),
    "step9.verdict_note": ("Toelichting op het eindoordeel", "Explanation of the final verdict"),
    # step 10
    "step10.plan_changes": ("Wijzigingen in het opschalingsplan", "Changes to the scale-up plan"),
    "step10.alignment": ("Afstemming met alle partijen", "Alignment with all parties"),
    "step10.barriers": ("Nieuwe belemmeringen", "New barriers"),
    "step10.barriers.barrier": ("Belemmering", "Barrier"),
    "step10.barriers.handling": ("Aanpak", "Approach"),
    "step10.keeping_current": ("Actueel houden", "Keeping it current"),
}

#: The shipped guidance documents as the export's "Bronnen" table names them, per language:
#: file stem -> (document's Dutch title, what follows it in (Dutch, English), its publisher in
#: (Dutch, English)). In English the title has its gloss after it (plan.titles: resources/prompts/
#: guidance_titles.toml). corpus/SOURCES.md, the attribution as shipped (kept as it is), begins each
#: document with its Dutch title and names its publisher as the English export does; a Dutch
#: document named the publisher so too ("PIANOo and Rijkswaterstaat"). A test holds the titles
#: and publishers to SOURCES.md's.
GUIDANCE_DOCUMENTS: dict[str, tuple[str, tuple[str, str], tuple[str, str]]] = {
    "000_0a8fe956f5fc1910": (
        "Handreiking: stappenplan voor het inkopen en ontwikkelen van digitale innovaties",
        (" (het stappenplan)", ""),
        ("PIANOo, Expertisecentrum Aanbesteden", "PIANOo, Expertisecentrum Aanbesteden")),
    "001_612382e3c074afb7": (
        "Innovatiepartnerschap in praktijk", ("", ""),
        ("PIANOo en Rijkswaterstaat", "PIANOo and Rijkswaterstaat")),
    "002_e82ae1860d97a4e4": (
        "Rapport van de Werkgroep Innovatiegericht Inkopen aan het ministerie van EZK",
        (" (knelpunten en oplossingen)", ""),
        ("Werkgroep Innovatiegericht Inkopen, met steun van PIANOo",
         "Werkgroep Innovatiegericht Inkopen, supported by PIANOo")),
    "003_992f5af630caf58b": (
        "Innoveren over grenzen heen", ("", ""), ("Digicampus", "Digicampus")),
    "004_989769d4bda357ff": (
        "Digitale innovatie binnen gemeenten",
        (" (hoofdstuk 2, door Evert-Jan Mulder)", " (chapter 2, by Evert-Jan Mulder)"), ("—", "—")),
}


MONTHS = {
    "nl": ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
           "september", "oktober", "november", "december"],
    "en": ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"],
}


def t(key: str, lang: str) -> str:
    nl, en = TEXT[key]
    return en if lang == "en" else nl


def field_label(path: str, lang: str) -> str:
    pair = FIELDS.get(path)
    if pair is None and path.startswith("step2.rights."):
        from assistant.plan.record import FundamentalRight

        try:
            return FundamentalRight(path.rsplit(".", 1)[-1]).label(lang).capitalize()
        except ValueError:
            pass
    if pair is None:
        # unknown (newer) field: a readable version of its name
        name = path.rsplit(".", 1)[-1].replace("_", " ")
        return name[:1].upper() + name[1:]
    return pair[1] if lang == "en" else pair[0]


def format_date(value, lang: str) -> str:
    """23 november 2026 / 23 November 2026."""
    return f"{value.day} {MONTHS['en' if lang == 'en' else 'nl'][value.month - 1]} {value.year}"


def local_time(stamp: str, lang: str) -> str:
    """The store's UTC time stamp as the day and time where the user is ("5 december 2026, 16:45");
    a stamp that does not read as one, as it is."""
    moment = local_moment(stamp)
    return stamp if moment is None else f"{format_date(moment, lang)}, {moment:%H:%M}"


def local_date(stamp: str, lang: str) -> str:
    """The store's UTC time stamp as the day where the user is ("5 december 2026"), as the
    exports date it; a stamp that does not read as one, as it is."""
    moment = local_moment(stamp)
    return stamp if moment is None else format_date(moment, lang)


def local_moment(stamp: str) -> datetime | None:
    """The store's UTC time stamp as a moment where the user is; None where it reads as none."""
    try:
        return datetime.fromisoformat(stamp).astimezone()
    except (TypeError, ValueError):
        return None
