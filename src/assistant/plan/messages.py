"""Everything the conversation engine says, in Dutch and English.

``msg(key, lang, **values)`` formats one message. Values that come from the user must be
escaped by the caller (see :func:`assistant.core.textsafe.escape_markdown`) before they go in.
"""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    # --- opening and steps -------------------------------------------------------------
    "welcome_new": {
        "nl": "Welkom bij project **{project}**. We lopen samen het stappenplan voor het inkopen "
              "van digitale innovaties door: eerst de behoefte (stap 0), dan stap 1 tot en met 10. "
              "Elke vraag kunt u beantwoorden of overslaan; stel tussendoor gerust een vraag aan de "
              "handreiking. Typ `/help` voor alle opdrachten.",
        "en": "Welcome to project **{project}**. Together we go through the ten-step plan for "
              "procuring digital innovations: first the need (step 0), then steps 1 to 10. "
              "Answer or skip each question; feel free to ask the guidance a question at any "
              "time. Type `/help` for all commands.",
    },
    "welcome_back": {
        "nl": "Welkom terug bij project **{project}**. U was bij stap {step} · {title}.",
        "en": "Welcome back to project **{project}**. You were at step {step} · {title}.",
    },
    "step_header": {"nl": "Stap {step} · {title}", "en": "Step {step} · {title}"},
    "guidance_quote_intro": {"nl": "Uit de handreiking:", "en": "From the guidance (in Dutch):"},
    "no_quote": {
        "nl": "(De handreiking is nu niet beschikbaar; de uitleg hierboven staat op zichzelf.)",
        "en": "(The guidance is not available right now; the explanation above stands on its own.)",
    },
    "question_of": {"nl": "Vraag {n} van {total}", "en": "Question {n} of {total}"},
    "required": {"nl": "verplicht", "en": "required"},
    "optional": {"nl": "optioneel", "en": "optional"},
    "example": {"nl": "Voorbeeld: {example}", "en": "Example: {example}"},
    "choices": {"nl": "Kies uit:\n\n{choices}", "en": "Choose from:\n\n{choices}"},
    "current_value": {
        "nl": "Huidig antwoord: {value}\n\nTyp een nieuw antwoord om het te vervangen, of `/volgende` om het te houden.",
        "en": "Current answer: {value}\n\nType a new answer to replace it, or `/next` to keep it.",
    },
    "current_entries": {
        "nl": "Al ingevuld ({count}):\n{entries}\n\nNieuwe regels worden toegevoegd; `/wijzig N tekst` of `/verwijder N` past een regel aan; `/volgende` gaat door.",
        "en": "Already filled in ({count}):\n{entries}\n\nNew lines are added; `/edit N text` or `/remove N` changes an entry; `/next` moves on.",
    },
    "list_hint": {
        "nl": "Meerdere regels? Scheid ze met `;`, of gebruik een blok tussen `\"\"\"` en `\"\"\"`.",
        "en": "Several entries? Separate them with `;`, or use a block between `\"\"\"` and `\"\"\"`.",
    },
    "list_hint_app": {
        "nl": "Meerdere regels? `ctrl+j` begint een nieuwe regel, en ook `;` scheidt regels.",
        "en": "Several entries? `ctrl+j` starts a new line, and `;` separates entries too.",
    },
    "stored": {"nl": "Opgeslagen bij “{field}”:", "en": "Saved for “{field}”:"},
    "stored_entries": {
        "nl": "{count} regel(s) toegevoegd bij “{field}” (nu {total} in totaal):",
        "en": "{count} entr(y/ies) added for “{field}” (now {total} in all):",
    },
    "truncated": {
        "nl": "Uw tekst was te lang; de eerste {max} tekens zijn bewaard, de rest is weggelaten.",
        "en": "Your text was too long; the first {max} characters were kept, the rest was left out.",
    },
    "part_unread": {
        "nl": "Niet opgeslagen bij “{entry}”: de {part} kon ik niet lezen uit “{text}”.",
        "en": "Not saved for “{entry}”: I could not read the {part} from “{text}”.",
    },
    "part_trl": {"nl": "TRL", "en": "TRL"},
    "refill_trl": {
        "nl": "Welke TRL (1 tot en met 9) heeft “{entry}”? Typ een getal, of ‘weet ik niet’ om verder te gaan.",
        "en": "Which TRL (1 to 9) does “{entry}” have? Type a number, or ‘don't know’ to move on.",
    },
    "cannot_parse": {
        "nl": "Dat kan ik niet als antwoord gebruiken: {reason}",
        "en": "I cannot use that as an answer: {reason}",
    },
    "bad_choice": {
        "nl": "kies een van de mogelijkheden (nummer of naam): {choices}.",
        "en": "pick one of the options (number or name): {choices}.",
    },
    "bad_number": {
        "nl": "geef een getal{range}.", "en": "give a number{range}.",
    },
    "bad_bool": {"nl": "antwoord met ja of nee.", "en": "answer yes or no."},
    "bad_date": {
        "nl": "geef een datum als JJJJ-MM-DD.", "en": "give a date as YYYY-MM-DD.",
    },
    "empty_input": {
        "nl": "Er kwam geen tekst door. Typ een antwoord, een vraag, of `/help`.",
        "en": "Nothing came through. Type an answer, a question, or `/help`.",
    },
    "skipped": {"nl": "Overgeslagen.", "en": "Skipped."},
    "skipped_required": {
        "nl": "Overgeslagen; deze vraag is verplicht en blijft open.",
        "en": "Skipped; this question is required and stays open.",
    },
    "unsure": {
        "nl": "Geen probleem, dat kan later. Deze vraag blijft open: u komt erop terug met `/stap {step}`. "
              "`/uitleg` laat zien wat de handreiking over deze stap zegt, en u kunt haar altijd een vraag stellen.",
        "en": "No problem, that can wait. This question stays open: come back to it with `/step {step}`. "
              "`/explain` shows what the guidance says about this step, and you can always ask it a question.",
    },
    "unsure_required": {
        "nl": "Geen probleem, dat kan later. Deze vraag is verplicht en blijft open: u komt erop terug met "
              "`/stap {step}`. `/uitleg` laat zien wat de handreiking over deze stap zegt, en u kunt haar "
              "altijd een vraag stellen.",
        "en": "No problem, that can wait. This question is required and stays open: come back to it with "
              "`/step {step}`. `/explain` shows what the guidance says about this step, and you can always "
              "ask it a question.",
    },
    "unsure_kept": {
        "nl": "Geen probleem. Het antwoord dat er al stond, blijft staan; u past het later aan met `/stap {step}`.",
        "en": "No problem. The answer already there stays; change it later with `/step {step}`.",
    },
    "step_summary": {
        "nl": "Stap {step} · {title} is doorlopen. Opgeslagen:",
        "en": "Step {step} · {title} is done. Saved:",
    },
    "nothing_stored": {"nl": "(nog niets ingevuld)", "en": "(nothing filled in yet)"},
    "open_required": {
        "nl": "Nog open (verplicht): {fields}", "en": "Still open (required): {fields}",
    },
    "checks_header": {"nl": "Controles:", "en": "Checks:"},
    "next_open": {
        "nl": "Volgende open stap: {step} · {title}. We gaan daar verder; kies een andere met `/stap N`.",
        "en": "Next open step: {step} · {title}. We continue there; pick another with `/step N`.",
    },
    "all_done": {
        "nl": "Alle stappen zijn ingevuld. Bekijk het dossier met `/dossier`, exporteer het met "
              "`/export md|docx|json`, of stel een vraag aan de handreiking.",
        "en": "All steps are filled in. View the record with `/record`, export it with "
              "`/export md|docx|json`, or ask the guidance a question.",
    },
    "no_pending": {
        "nl": "Er staat geen vraag open. Kies een stap met `/stap N` of stel een vraag.",
        "en": "No question is pending. Pick a step with `/step N` or ask a question.",
    },
    # --- guidance ------------------------------------------------------------------------
    "guidance_unavailable": {
        "nl": "De handreiking kan nu niet worden doorzocht: {error}",
        "en": "The guidance cannot be searched right now: {error}",
    },
    "not_in_guidance": {
        "nl": "Daar zegt de handreiking niets over dat ik kan vinden.",
        "en": "I cannot find anything about that in the guidance.",
    },
    "sources": {"nl": "Bronnen", "en": "Sources"},
    "back_to_question": {
        "nl": "Terug naar de vraag:", "en": "Back to the question:",
    },
    "ask_usage": {
        "nl": "Gebruik: `/vraag uw vraag`.", "en": "Usage: `/ask your question`.",
    },
    # --- disambiguation ------------------------------------------------------------------
    "which_did_you_mean": {
        "nl": "Bedoelt u “{text}” als **antwoord** op de vraag, of als **vraag** aan de handreiking?\n"
              "Typ `1` (antwoord) of `2` (vraag).",
        "en": "Do you mean “{text}” as an **answer** to the question, or as a **question** to the guidance?\n"
              "Type `1` (answer) or `2` (question).",
    },
    "disambiguation_dropped": {
        "nl": "Ik heb “{text}” laten liggen en ga verder met wat u nu typte.",
        "en": "I set “{text}” aside and continue with what you typed now.",
    },
    # --- commands ------------------------------------------------------------------------
    "unknown_command": {
        "nl": "Onbekende opdracht `{command}`. Typ `/help` voor de lijst.",
        "en": "Unknown command `{command}`. Type `/help` for the list.",
    },
    "step_usage": {
        "nl": "Gebruik: `/stap N`, met N van 0 tot en met 10.",
        "en": "Usage: `/step N`, with N from 0 to 10.",
    },
    "step_out_of_range": {
        "nl": "Stap {value} bestaat niet; kies een stap van 0 tot en met 10.",
        "en": "Step {value} does not exist; pick a step from 0 to 10.",
    },
    "at_start": {
        "nl": "Dit is de eerste vraag; verder terug kan niet.",
        "en": "This is the first question; there is nothing before it.",
    },
    "term_overview": {
        "nl": "De begrippenlijst ({count} begrippen). Typ `/begrip NAAM` voor de uitleg van één begrip.",
        "en": "The glossary ({count} terms). Type `/term NAME` for the explanation of one term.",
    },
    "judgements_label": {
        "nl": "Oordelen over de minimale eisen en criteria",
        "en": "Verdicts on the minimum requirements and criteria",
    },
    "term_unknown": {
        "nl": "“{term}” staat niet in de begrippenlijst.",
        "en": "“{term}” is not in the glossary.",
    },
    "term_suggest": {"nl": "Bedoelt u: {terms}?", "en": "Did you mean: {terms}?"},
    "glossary_fallback": {
        "nl": "Wel in de begrippenlijst van deze assistent (`/begrip`):\n\n{entry}",
        "en": "This assistant's glossary has it (`/term`):\n\n{entry}",
    },
    "glossary_missing": {
        "nl": "De begrippenlijst is niet beschikbaar.", "en": "The glossary is not available.",
    },
    "term_from_guidance": {
        "nl": "Niet in de begrippenlijst; dit zegt de handreiking:",
        "en": "Not in the glossary; this is what the guidance says:",
    },
    "edit_usage": {
        "nl": "Gebruik: `/wijzig N nieuwe tekst` voor regel N van {field}.",
        "en": "Usage: `/edit N new text` for entry N of {field}.",
    },
    "remove_usage": {
        "nl": "Gebruik: `/verwijder N` voor regel N van {field}.",
        "en": "Usage: `/remove N` for entry N of {field}.",
    },
    "no_list": {
        "nl": "Er is geen lijst om aan te passen: de openstaande vraag is geen lijstvraag.",
        "en": "There is no list to change: the pending question is not a list question.",
    },
    "no_such_entry": {
        "nl": "Regel {n} bestaat niet; {field} heeft {count} regel(s).",
        "en": "Entry {n} does not exist; {field} has {count} entr(y/ies).",
    },
    "entry_edited": {"nl": "Regel {n} bij “{field}” gewijzigd:", "en": "Entry {n} for “{field}” changed:"},
    "entry_removed": {"nl": "Regel {n} bij “{field}” verwijderd:", "en": "Entry {n} for “{field}” removed:"},
    "export_usage": {
        "nl": "Gebruik: `/export md`, `/export docx` of `/export json`.",
        "en": "Usage: `/export md`, `/export docx` or `/export json`.",
    },
    "export_done": {"nl": "Dossier geëxporteerd naar: {path}", "en": "Record exported to: {path}"},
    "export_failed": {"nl": "Exporteren mislukt: {error}", "en": "Export failed: {error}"},
    "export_format_unavailable": {
        "nl": "Het formaat {format} is niet beschikbaar; gebruik `/export json`.",
        "en": "The format {format} is not available; use `/export json`.",
    },
    "store_failed": {
        "nl": "Opslaan is mislukt; uw laatste antwoord staat nog niet in het dossier. {error}",
        "en": "Saving failed; your last answer is not in the record yet. {error}",
    },
    "record_header": {"nl": "Dossier · {project}", "en": "Record · {project}"},
    "status_not_started": {"nl": "niet begonnen", "en": "not started"},
    "status_in_progress": {"nl": "bezig", "en": "in progress"},
    "status_done": {"nl": "klaar", "en": "done"},
    "how_to_proceed": {
        "nl": "U bent bij stap {step} · {title}. Zo gaat het: per stap leg ik uit wat de stap vraagt, met de "
              "tekst uit de handreiking erbij, en stel ik de vragen die de stap nodig heeft. Uw antwoorden komen "
              "in het projectdossier (`/dossier`). Een vraag slaat u over met `/volgende`, met `/stap N` gaat u "
              "naar een andere stap, en tussendoor kunt u de handreiking alles vragen (eindig met `?`). "
              "`/help` toont alle opdrachten. Hieronder de uitleg van deze stap.",
        "en": "You are at step {step} · {title}. This is how it goes: for each step I explain what the step "
              "asks, with the text of the guidance, and then ask the questions the step needs answered. Your "
              "answers go into the project record (`/record`). Skip a question with `/next`, go to another "
              "step with `/step N`, and ask the guidance anything in between (end with `?`). `/help` shows "
              "all commands. Below is this step's explanation.",
    },
    "help": {
        "nl": "Typ uw antwoord op de vraag, of stel een vraag aan de handreiking (eindig met `?`). Weet u het "
              "antwoord nog niet, typ dan bijvoorbeeld \"weet ik nog niet\": de vraag blijft open.\n\n"
              "Opdrachten:\n"
              "- `/volgende` · vraag overslaan\n"
              "- `/terug` · vorige vraag\n"
              "- `/stap N` · naar stap N (0 tot en met 10)\n"
              "- `/dossier` · wat er tot nu toe is ingevuld, met controles\n"
              "- `/uitleg` · uitleg van deze stap nog eens\n"
              "- `/begrip TERM` · betekenis van een begrip\n"
              "- `/vraag …` · altijd een vraag aan de handreiking\n"
              "- `/wijzig N tekst` · regel N van de lijst aanpassen\n"
              "- `/verwijder N` · regel N van de lijst verwijderen\n"
              "- `/stelvoor [veld]` · het taalmodel stelt regels voor de lijst voor (concept, u kiest wat blijft; vraagt een ingesteld taalmodel)\n"
              "- `/export md|docx|json` · dossier exporteren\n"
              "- `/help` · deze hulp\n\n"
              "Lijsten: scheid regels met `;`, eindig een regel met een backslash (\\\\) om door te gaan, of zet ze tussen `\"\"\"` en `\"\"\"`.",
        "en": "Type your answer to the question, or ask the guidance a question (end with `?`). Don't know "
              "the answer yet? Type for example \"I don't know yet\": the question stays open.\n\n"
              "Commands:\n"
              "- `/next` · skip the question\n"
              "- `/back` · previous question\n"
              "- `/step N` · go to step N (0 to 10)\n"
              "- `/record` · what has been filled in so far, with checks\n"
              "- `/explain` · this step's explanation again\n"
              "- `/term TERM` · meaning of a term\n"
              "- `/ask …` · always a question to the guidance\n"
              "- `/edit N text` · change entry N of the list\n"
              "- `/remove N` · remove entry N of the list\n"
              "- `/suggest [field]` · the language model drafts entries for the list (drafts; you choose what stays; needs a configured language model)\n"
              "- `/export md|docx|json` · export the record\n"
              "- `/help` · this help\n\n"
              "Lists: separate entries with `;`, end a line with a backslash (\\\\) to continue, or put them between `\"\"\"` and `\"\"\"`.",
    },
    # --- language model: proposals and drafts (issue 6) -----------------------------------
    "proposal_intro": {
        "nl": "Uit uw antwoord zou ik dit opslaan (er is nog niets opgeslagen):",
        "en": "From your answer I would store this (nothing has been stored yet):",
    },
    "draft_intro": {
        "nl": "Voorstel van het taalmodel voor “{field}”, als concept (er is nog niets opgeslagen):",
        "en": "The language model's draft for “{field}” (nothing has been stored yet):",
    },
    "proposal_confirm": {
        "nl": "Typ `ja` om alles op te slaan, `nee` om alleen uw antwoord op deze vraag op te slaan, "
              "nummers (bijv. `1,3`) om alleen die op te slaan, of `/wijzig N tekst` om voorstel N aan te passen.",
        "en": "Type `yes` to store all, `no` to store only your answer to this question, numbers "
              "(e.g. `1,3`) to store only those, or `/edit N text` to change proposal N.",
    },
    "draft_confirm": {
        "nl": "Typ `ja` om alle concepten over te nemen, `nee` om ze te laten vallen, nummers (bijv. `1,3`) "
              "om alleen die over te nemen, of `/wijzig N tekst` om concept N aan te passen.",
        "en": "Type `yes` to accept all drafts, `no` to drop them, numbers (e.g. `1,3`) to accept only "
              "those, or `/edit N text` to change draft N.",
    },
    "proposal_stored": {
        "nl": "Opgeslagen ({count}):", "en": "Saved ({count}):",
    },
    "proposal_none_kept": {
        "nl": "Geen van de concepten is overgenomen; er is niets opgeslagen.",
        "en": "None of the drafts was accepted; nothing was stored.",
    },
    "proposal_unclear": {
        "nl": "Ik wacht nog op uw keuze bij het voorstel.",
        "en": "I am still waiting for your choice on the proposal.",
    },
    "proposal_bad_number": {
        "nl": "Voorstel {n} bestaat niet; kies uit 1 tot en met {count}.",
        "en": "Proposal {n} does not exist; pick from 1 to {count}.",
    },
    "proposal_edit_usage": {
        "nl": "Gebruik: `/wijzig N tekst` voor voorstel N, of `/verwijder N` om het weg te laten.",
        "en": "Usage: `/edit N text` for proposal N, or `/remove N` to leave it out.",
    },
    "proposal_edited": {"nl": "Voorstel {n} aangepast.", "en": "Proposal {n} changed."},
    "proposal_removed": {"nl": "Voorstel {n} weggelaten.", "en": "Proposal {n} left out."},
    "proposal_dropped": {
        "nl": "Het voorstel is vervallen; er is niets van opgeslagen.",
        "en": "The proposal was dropped; nothing of it was stored.",
    },
    "proposal_lost": {
        "nl": "Het openstaande voorstel kon niet worden gelezen en is vervallen; er is niets van opgeslagen.",
        "en": "The pending proposal could not be read and was dropped; nothing of it was stored.",
    },
    "proposal_failed": {
        "nl": "Het voorstel kon niet worden opgeslagen: {reason}",
        "en": "The proposal could not be stored: {reason}",
    },
    "llm_fallback": {
        "nl": "Let op: het taalmodel kon uw antwoord niet over de velden verdelen ({error}); uw antwoord wordt opgeslagen zoals getypt.",
        "en": "Note: the language model could not spread your answer over the fields ({error}); your answer is stored as typed.",
    },
    "draft_needs_llm": {
        "nl": "Voorstellen (`/stelvoor`) vraagt een ingesteld taalmodel. Start met bijvoorbeeld "
              "`--llm openai --llm-base-url URL --llm-model NAAM` (of `--llm ollama --llm-model NAAM`), "
              "of zet STAPPENPLAN_LLM_PROVIDER, STAPPENPLAN_LLM_BASE_URL en STAPPENPLAN_LLM_MODEL.",
        "en": "Drafting (`/suggest`) needs a configured language model. Start with for example "
              "`--llm openai --llm-base-url URL --llm-model NAME` (or `--llm ollama --llm-model NAME`), "
              "or set STAPPENPLAN_LLM_PROVIDER, STAPPENPLAN_LLM_BASE_URL and STAPPENPLAN_LLM_MODEL.",
    },
    "draft_llm_unusable": {
        "nl": "Het ingestelde taalmodel is niet bruikbaar: {error}",
        "en": "The configured language model cannot be used: {error}",
    },
    "draft_no_list": {
        "nl": "Voorstellen kan alleen voor een lijst. Lijsten in deze stap: {fields}.",
        "en": "Drafts can only be made for a list. Lists in this step: {fields}.",
    },
    "draft_no_list_in_step": {
        "nl": "Deze stap heeft geen lijst om voorstellen voor te maken; geef een veld, bijvoorbeeld `/stelvoor step4.criteria`.",
        "en": "This step has no list to draft entries for; name a field, for example `/suggest step4.criteria`.",
    },
    "draft_empty": {
        "nl": "het taalmodel stelde niets nieuws voor.", "en": "the language model suggested nothing new.",
    },
    "draft_failed": {
        "nl": "Er kwam geen bruikbaar voorstel: {reason}",
        "en": "No usable draft came back: {reason}",
    },
    "yes": {"nl": "ja", "en": "yes"},
    "no": {"nl": "nee", "en": "no"},
}


def msg(key: str, lang: str = "nl", /, **values: object) -> str:
    """The message ``key`` in ``lang`` (Dutch when unknown), formatted with ``values``."""
    entry = MESSAGES[key]
    text = entry.get(lang) or entry["nl"]
    return text.format(**values) if values else text
