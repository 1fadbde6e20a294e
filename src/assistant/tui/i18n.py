"""Interface labels of the terminal app, Dutch and English.

Only words of the interface live here (buttons, titles, hints); what the assistant says comes
from the domain (`assistant.plan`, `prompts/`). `t(key, lang, **values)` formats a label.
"""

from __future__ import annotations

LANGUAGES = ("nl", "en")

_LABELS: dict[str, tuple[str, str]] = {
    # key: (nl, en)
    "app.title": ("Stappenplan", "Stappenplan"),
    "app.no_project": ("geen project", "no project"),
    # fallback step titles, used only when the domain has none
    "step.0": ("Behoefte", "Need"),
    "step.1": ("Verkennen", "Explore"),
    "step.2": ("Voorselectie", "Preselect"),
    "step.3": ("Minimale eisen", "Minimum requirements"),
    "step.4": ("Criteria", "Criteria"),
    "step.5": ("Uitkomsten", "Outcomes"),
    "step.6": ("Opschalingsplan", "Scale-up plan"),
    "step.7": ("Procedure", "Procedure"),
    "step.8": ("Ontwikkelen", "Development"),
    "step.9": ("Evalueren", "Evaluate"),
    "step.10": ("Opschalen", "Scale up"),
    "area.steps": ("Stappen", "Steps"),
    "area.conversation": ("Gesprek", "Conversation"),
    "area.record": ("Dossier · stap {step}", "Record · step {step}"),
    "area.record_empty": ("Nog niets ingevuld.", "Nothing filled in yet."),
    "area.checks": ("Controles", "Checks"),
    "area.no_checks": ("Geen open controles.", "No open checks."),
    "checks.step": ("Stap {step} · {title}", "Step {step} · {title}"),
    "checks.general": ("Hele dossier", "Whole record"),
    "turn.assistant": ("Assistent", "Assistant"),
    "turn.user": ("U", "You"),
    "turn.sources": ("Bronnen ({n})", "Sources ({n})"),
    "turn.earlier": ("⋯ {n} eerdere berichten: scroll omhoog om ze te tonen",
                     "⋯ {n} earlier messages: scroll up to show them"),
    "turn.thinking": ("even zoeken…", "searching…"),
    "turn.not_found": (
        "Daar zegt de handreiking niets over.",
        "The guidance does not cover that.",
    ),
    "prompt.placeholder": (
        "Antwoord of vraag? · /help · ctrl+j nieuwe regel · ↑ eerder",
        "Answer or question? · /help · ctrl+j new line · ↑ earlier",
    ),
    "prompt.empty": ("Typ eerst iets.", "Type something first."),
    "status.index_building": ("index bouwen: {stage}", "building index: {stage}"),
    "status.embedding": ("semantisch zoeken: passages inbedden {done}/{total}",
                         "semantic search: embedding passages {done}/{total}"),
    "stage.lezen": ("lezen", "reading"),
    "stage.opschonen": ("opschonen", "cleaning"),
    "stage.lexicale index": ("woordenindex", "keyword index"),
    "stage.embedden": ("passages inbedden", "embedding passages"),
    "stage.model laden": ("model laden", "loading model"),
    "status.index_ready": ("index klaar", "index ready"),
    "status.model_loading": ("semantisch zoeken: zoekmodel laden", "semantic search: loading the model"),
    "status.semantic": ("semantisch zoeken actief", "semantic search active"),
    "status.lexical": ("zoeken op woorden", "keyword search"),
    "status.index_failed": ("index niet beschikbaar", "index unavailable"),
    "status.waiting_for_index": ("even wachten op de index…", "waiting for the index…"),
    "status.busy": ("bezig…", "working…"),
    "status.busy_cancel": ("bezig… (Esc: antwoord afbreken)", "working… (Esc: cancel the answer)"),
    "status.cancelling": ("antwoord afbreken…", "cancelling the answer…"),
    "key.cancel_answer": ("antwoord afbreken", "cancel the answer"),
    "key.palette": ("opdrachten", "commands"),
    "key.export": ("exporteren", "export"),
    "key.export.short": ("export", "export"),
    "key.new": ("nieuw project", "new project"),
    "key.new.short": ("nieuw", "new"),
    "key.projects": ("projecten", "projects"),
    "key.projects.short": ("open", "open"),
    "key.learn": ("leren", "learn"),
    "key.back": ("terug", "back"),
    "key.lessons": ("lessen", "lessons"),
    "key.help": ("hulp", "help"),
    "key.quit": ("stoppen", "quit"),
    "key.quit.short": ("stop", "quit"),
    "key.steps": ("stappen", "steps"),
    "key.record": ("dossier", "record"),
    "key.sources": ("bronnen", "sources"),
    "key.prev_step": ("vorige stap", "previous step"),
    "key.next_step": ("volgende stap", "next step"),
    "key.page_up": ("gesprek omhoog", "conversation up"),
    "key.page_down": ("gesprek omlaag", "conversation down"),
    "key.open": ("openen", "open"),
    "key.rename": ("hernoemen", "rename"),
    "key.delete": ("verwijderen", "delete"),
    "key.close": ("sluiten", "close"),
    "key.newline": ("nieuwe regel", "new line"),
    "projects.title": ("Projecten", "Projects"),
    "projects.empty": (
        "Nog geen projecten. Druk op n of ctrl+n om er een te maken.",
        "No projects yet. Press n or ctrl+n to create one.",
    ),
    "projects.progress": ("{done}/{total} stappen klaar", "{done}/{total} steps done"),
    "projects.updated": ("bijgewerkt {date}", "updated {date}"),
    "projects.new": ("Nieuw project", "New project"),
    "projects.rename": ("Naam en organisatie wijzigen", "Change name and organisation"),
    "projects.name": ("Naam van het project", "Project name"),
    "projects.organisation": ("Organisatie (mag leeg)", "Organisation (optional)"),
    "projects.confirm_delete": (
        "Project “{name}” verwijderen? Dit kan niet ongedaan worden.",
        "Delete project “{name}”? This cannot be undone.",
    ),
    "projects.deleted": ("Project “{name}” verwijderd.", "Project “{name}” deleted."),
    "projects.created": ("Project “{name}” aangemaakt.", "Project “{name}” created."),
    "projects.opened": ("Project “{name}” geopend.", "Project “{name}” opened."),
    "projects.name_required": ("Geef een naam op.", "Please enter a name."),
    "button.ok": ("OK", "OK"),
    "button.cancel": ("Annuleren", "Cancel"),
    "button.delete": ("Verwijderen", "Delete"),
    "button.delete_key": ("Verwijderen (d)", "Delete (d)"),
    "button.create": ("Aanmaken", "Create"),
    "button.save": ("Opslaan", "Save"),
    "button.new": ("Nieuw (n)", "New (n)"),
    "button.open": ("Openen ⏎", "Open ⏎"),
    "button.rename": ("Hernoemen (r)", "Rename (r)"),
    "cmd.new_project": ("Nieuw project", "New project"),
    "cmd.new_project.help": ("Begin een nieuw traject", "Start a new trajectory"),
    "cmd.open_project": ("Project openen", "Open project"),
    "cmd.open_project.help": ("Kies, hernoem of verwijder projecten", "Pick, rename or delete projects"),
    "cmd.learn": ("Leren: de tien stappen, met lessen en een quiz", "Learn: the ten steps, with lessons and a quiz"),
    "cmd.learn.help": ("Lessen met citaten, het voorbeeldproject en controlevragen; zonder project",
                       "Lessons with quotes, the example project and check questions; no project needed"),
    "learn.pick": ("Kies links een les met `enter` (of klik). `f6` springt terug naar de lessen, `f5` toont "
                   "de begrippen van de les, `f8` de procedures naast elkaar, `escape` sluit.",
                   "Pick a lesson on the left with `enter` (or click). `f6` jumps back to the lessons, `f5` shows "
                   "the lesson's terms, `f8` the procedures side by side, `escape` closes."),
    "learn.next": ("Volgende vraag", "Next question"),
    "learn.terms_title": ("Begrippen in les {step}", "Terms in lesson {step}"),
    "key.terms": ("begrippen", "terms"),
    "key.search": ("zoeken", "search"),
    # the palette finds the glossary by any of these words
    "cmd.glossary": ("Woordenlijst: alle begrippen · begrippenlijst, glossary",
                     "Glossary: all terms · woordenlijst, begrippenlijst"),
    "cmd.glossary.help": ("Zoek een begrip: definitie, Engelse term, bron en verwante begrippen",
                          "Look up a term: definition, Dutch term, source and related terms"),
    "cmd.procedures": ("Procedures naast elkaar: proeftuin, SBIR, innovatiepartnerschap, prijsvraag",
                       "Procedures side by side: proeftuin, SBIR, innovation partnership, prize contest"),
    "cmd.procedures.help": ("Wanneer, wat u koopt, fasen, daarna inkopen, IE, partijen, duur; elke cel geciteerd",
                            "When, what is bought, phases, buying afterwards, IP, parties, duration; every cell cited"),
    "key.procedures": ("procedures", "procedures"),
    "cmd.example": ("Voorbeeldproject: een ingevuld traject openen als kopie",
                    "Example project: open a filled-in trajectory as a copy"),
    "cmd.example.help": ("Slimme afvalinzameling, alle stappen ingevuld; pas aan en zie de controles reageren",
                         "Smart waste collection, every step filled in; change it and watch the checks respond"),
    "example.opened": ("Kopie van het voorbeeldproject geopend: {name}. Pas gerust aan; het origineel blijft "
                       "zoals het was, en de controles reageren op wat u verandert.",
                       "A copy of the example project is open: {name}. Change what you like; the original stays "
                       "as it was, and the checks respond to what you change."),
    "cmd.answer_terms": ("Begrippen in het laatste antwoord (f5)", "Terms in the latest reply (f5)"),
    "cmd.answer_terms.help": ("De kaarten van de begrippen die het laatste antwoord gebruikt",
                              "The cards of the terms the latest reply uses"),
    "glossary.answer_title": ("Begrippen in het laatste antwoord", "Terms in the latest reply"),
    "glossary.no_terms": ("Het laatste antwoord bevat geen begrippen uit de woordenlijst.",
                          "The latest reply holds no terms from the glossary."),
    "glossary.title": ("Woordenlijst", "Glossary"),
    "glossary.search": ("Zoek een begrip (Nederlands of Engels)…", "Search a term (English or Dutch)…"),
    "glossary.see_also": ("Zie ook", "See also"),
    "glossary.count": ("{n} van {total} begrippen", "{n} of {total} terms"),
    "glossary.none": ("Geen begrip gevonden voor “{query}”.", "No term found for “{query}”."),
    "learn.again": ("Les opnieuw", "Lesson again"),
    "learn.next_lesson": ("Volgende les", "Next lesson"),
    "cmd.jump": ("Ga naar stap {n}: {title}", "Go to step {n}: {title}"),
    "cmd.jump.help": ("Spring naar deze stap", "Jump to this step"),
    "cmd.export": ("Exporteren als {fmt}", "Export as {fmt}"),
    "cmd.export.help": ("Schrijf het dossier naar een bestand", "Write the record to a file"),
    "cmd.toggle_steps": ("Stappenpaneel tonen/verbergen", "Show/hide steps panel"),
    "cmd.toggle_record": ("Dossierpaneel tonen/verbergen", "Show/hide record panel"),
    "cmd.toggle.help": ("Meer ruimte voor het gesprek", "More room for the conversation"),
    "cmd.sources": ("Bronnen van het laatste antwoord tonen/verbergen", "Show/hide the sources of the latest answer"),
    "cmd.sources.help": ("Document, sectie en geciteerde passage", "Document, section and quoted passage"),
    "cmd.language": ("Taal: English", "Language: Nederlands"),
    "cmd.language.help": ("Wissel de taal van de interface", "Switch the interface language"),
    "cmd.help": ("Hulp", "Help"),
    "cmd.help.help": ("Toetsen en opdrachten", "Keys and commands"),
    "cmd.term": ("Begrip: {name}", "Term: {name}"),
    "cmd.term.help": ("Betekenis en bron, in het gesprek", "Meaning and source, in the conversation"),
    # Textual's own commands, by their English title
    "cmd.system.Theme": ("Thema", "Theme"),
    "cmd.system.Theme.help": ("Kies de kleuren van de app", "Change the current theme"),
    "cmd.system.Quit": ("Stoppen", "Quit"),
    "cmd.system.Quit.help": ("Sluit de app; alles is al opgeslagen", "Quit the app; everything is already saved"),
    "cmd.system.Keys": ("Toetsen", "Keys"),
    "cmd.system.Keys.help": ("Toon of verberg de toetsen van het gekozen onderdeel",
                             "Show or hide the keys of the focused widget"),
    "cmd.system.Maximize": ("Maximaliseren", "Maximize"),
    "cmd.system.Maximize.help": ("Vergroot het gekozen onderdeel tot het hele scherm", "Maximize the focused widget"),
    "cmd.system.Minimize": ("Herstellen", "Minimize"),
    "cmd.system.Minimize.help": ("Terug naar de gewone indeling", "Restore the normal layout"),
    "cmd.system.Screenshot": ("Schermafdruk", "Screenshot"),
    "cmd.system.Screenshot.help": ("Bewaar het scherm als SVG-afbeelding in de gegevensmap",
                                   "Save an SVG screenshot of the screen in the data folder"),
    "screenshot.saved": ("Schermafdruk bewaard: {path}", "Screenshot saved: {path}"),
    "screenshot.failed": (
        "Schermafdruk niet bewaard: {error}. Controleer of {folder} schrijfbaar is. Details: {log}.",
        "Screenshot not saved: {error}. Check that {folder} is writable. Details: {log}.",
    ),
    "palette.placeholder": ("Zoek een opdracht…", "Search for commands…"),
    "palette.themes": ("Zoek een thema…", "Search for themes…"),
    "palette.no_matches": ("Niets gevonden", "No matches found"),
    "export.done": ("Dossier geëxporteerd naar {path}", "Record exported to {path}"),
    "export.failed": (
        "Exporteren mislukt: {error}. Controleer of de map schrijfbaar is.",
        "Export failed: {error}. Check that the folder is writable.",
    ),
    "export.no_project": (
        "Open eerst een project (ctrl+o) om te exporteren.",
        "Open a project first (ctrl+o) to export.",
    ),
    "error.generic": (
        "Er ging iets mis: {error}. Details staan in {log}.",
        "Something went wrong: {error}. Details are in {log}.",
    ),
    "error.index": (
        "De index kon niet worden gebouwd: {error}. Vragen aan de handreiking werken nog niet; "
        "probeer `stappenplan index` in een terminal. Details: {log}.",
        "The index could not be built: {error}. Questions to the guidance do not work yet; "
        "try `stappenplan index` in a terminal. Details: {log}.",
    ),
    "error.model": (
        "Het embeddingmodel laadde niet ({error}); zoeken gaat verder op woorden.",
        "The embedding model did not load ({error}); search continues by keywords.",
    ),
    "error.store": (
        "Projecten konden niet worden geopend: {error}. Controleer {path}.",
        "Projects could not be opened: {error}. Check {path}.",
    ),
    "error.kb_not_ready": (
        "De index is nog niet klaar; probeer het zo opnieuw.",
        "The index is not ready yet; try again in a moment.",
    ),
    "error.no_project": (
        "Er is nog geen project. Maak er een met ctrl+n; vragen aan de handreiking (eindig met ?) "
        "kunnen altijd.",
        "There is no project yet. Create one with ctrl+n; questions to the guidance (end with ?) "
        "always work.",
    ),
    "no_project.command": (
        "`{command}` werkt in een project. Maak er een met `ctrl+n` of open er een met `ctrl+o`. "
        "Zonder project kunnen wel: vragen aan de handreiking (eindig met `?`), `/begrip` en `/help`.",
        "`{command}` works in a project. Create one with `ctrl+n` or open one with `ctrl+o`. "
        "Without a project you can still ask the guidance (end with `?`), and use `/term` and `/help`.",
    ),
    "no_project.help": (
        "Er is nog geen project open. Maak er een met `ctrl+n` of open er een met `ctrl+o`; daarna "
        "lopen we het stappenplan samen door.\n\n"
        "Zonder project kunnen:\n"
        "- een vraag aan de handreiking: eindig met `?`, of `/vraag …`\n"
        "- `/begrip TERM` · betekenis van een begrip; `/begrip` alleen · alle begrippen\n"
        "- `/help` · deze hulp\n\n"
        "In een project ook: `/volgende`, `/terug`, `/stap N`, `/dossier`, `/uitleg`, `/export`, "
        "`/wijzig`, `/verwijder`, `/stelvoor`. Alle toetsen: `f1`; alle opdrachten: `ctrl+p`.",
        "No project is open yet. Create one with `ctrl+n` or open one with `ctrl+o`; then we go "
        "through the plan together.\n\n"
        "Without a project you can:\n"
        "- ask the guidance: end with `?`, or `/ask …`\n"
        "- `/term TERM` · meaning of a term; `/term` alone · all terms\n"
        "- `/help` · this help\n\n"
        "In a project also: `/next`, `/back`, `/step N`, `/record`, `/explain`, `/export`, "
        "`/edit`, `/remove`, `/suggest`. All keys: `f1`; all commands: `ctrl+p`.",
    ),
    "glossary.overview": (
        "**Begrippenlijst** ({n} begrippen). Typ `/begrip NAAM` voor de betekenis, of zoek een "
        "begrip in het opdrachtenpalet (`ctrl+p`).",
        "**Glossary** ({n} terms). Type `/term NAME` for its meaning, or find a term in the "
        "command palette (`ctrl+p`).",
    ),
    "welcome": (
        "**Welkom bij het Stappenplan.** Drie manieren om te beginnen:\n\n"
        "- **Een project starten**: `ctrl+n` maakt een project (`ctrl+o` opent er een); dan lopen "
        "we samen de tien stappen door.\n"
        "- **De stappen leren**: `ctrl+l` opent elf korte lessen met controlevragen, zonder project.\n"
        "- **Een vraag stellen**: typ hieronder een vraag aan de handreiking en eindig met een vraagteken.\n\n"
        "Eerst rondkijken? `ctrl+p` → *Voorbeeldproject* opent een ingevuld traject als kopie.",
        "**Welcome to the Stappenplan.** Three ways to begin:\n\n"
        "- **Start a project**: `ctrl+n` creates one (`ctrl+o` opens one); then we go through the "
        "ten steps together.\n"
        "- **Learn the steps**: `ctrl+l` opens eleven short lessons with check questions, no project needed.\n"
        "- **Ask a question**: type a question to the guidance below and end it with a question mark.\n\n"
        "Look around first? `ctrl+p` → *Example project* opens a filled-in trajectory as a copy.",
    ),
    "how_to_begin": (
        "Begin met een project: `ctrl+n` maakt er een (of open er een met `ctrl+o`). Daarna lopen we samen "
        "het stappenplan door: eerst de behoefte (stap 0), dan stap 1 tot en met 10. Per stap leg ik uit wat "
        "de stap vraagt, met de tekst uit de handreiking, en stel ik de vragen die de stap nodig heeft; uw "
        "antwoorden komen in het dossier rechts. Een vraag aan de handreiking kan altijd: eindig met een "
        "vraagteken.",
        "Begin with a project: `ctrl+n` creates one (or open one with `ctrl+o`). Then we go through the "
        "ten-step plan together: first the need (step 0), then steps 1 to 10. For each step I explain what "
        "it asks, with the text of the guidance, and ask the questions it needs answered; your answers go "
        "into the record on the right. You can always ask the guidance a question: end it with a question "
        "mark.",
    ),
    "help.title": ("Hulp", "Help"),
    "help.body": (
        "## Toetsen\n\n"
        "- `enter` versturen · `ctrl+j` nieuwe regel (voor lijsten) · `esc` een antwoord afbreken\n"
        "- `↑` / `↓` vorige / volgende invoer · `page up` / `page down` door het gesprek bladeren\n"
        "- `alt+↑` / `alt+↓` vorige / volgende stap; of klik op een stap, "
        "of `tab` naar de stappen en een cijfer\n"
        "- `ctrl+p` alle opdrachten: project, stap, exporteren, panelen, taal, thema, begrippen\n"
        "- `ctrl+n` nieuw project · `ctrl+o` projecten · `ctrl+e` exporteren (Markdown) · `ctrl+l` leren\n"
        "- `f5` de begrippen in het laatste antwoord (woordenlijst)\n"
        "- `f2` / `f3` stappen / dossier tonen of verbergen · `f4` bronnen van het laatste antwoord\n"
        "- `ctrl+q` stoppen\n\n"
        "## Invoer\n\n"
        "Wat u typt is een antwoord op de open vraag, of een vraag aan de handreiking "
        "(eindigt op `?`, begint met een vraagwoord, of `/vraag …`).\n\n"
        "Opdrachten: `/volgende`, `/terug`, `/stap N`, `/dossier`, `/export md|docx|json`, "
        "`/uitleg`, `/begrip TERM`, `/wijzig N tekst`, `/verwijder N`, `/help`.\n",
        "## Keys\n\n"
        "- `enter` send · `ctrl+j` new line (for lists) · `esc` cancel an answer\n"
        "- `↑` / `↓` previous / next input · `page up` / `page down` page through the conversation\n"
        "- `alt+↑` / `alt+↓` previous / next step; or click a step, or `tab` to the steps "
        "and type a digit\n"
        "- `ctrl+p` all commands: project, step, export, panels, language, theme, glossary\n"
        "- `ctrl+n` new project · `ctrl+o` projects · `ctrl+e` export (Markdown) · `ctrl+l` learn\n"
        "- `f5` the terms in the latest reply (glossary)\n"
        "- `f2` / `f3` show or hide steps / record · `f4` sources of the latest answer\n"
        "- `ctrl+q` quit\n\n"
        "## Input\n\n"
        "What you type is an answer to the open question, or a question to the guidance "
        "(ends with `?`, starts with a question word, or `/ask …`).\n\n"
        "Commands: `/next`, `/back`, `/step N`, `/record`, `/export md|docx|json`, "
        "`/explain`, `/term TERM`, `/edit N text`, `/remove N`, `/help`.\n",
    ),
}


def has_label(key: str) -> bool:
    return key in _LABELS


def t(key: str, lang: str = "nl", /, **values: object) -> str:
    """The label `key` in `lang` (falls back to Dutch, then to the key itself)."""
    pair = _LABELS.get(key)
    if pair is None:
        return key
    text = pair[1] if lang == "en" else pair[0]
    return text.format(**values) if values else text


def keys() -> list[str]:
    return list(_LABELS)
