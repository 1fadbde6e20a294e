"""The one text catalog (assistant.core.i18n): the data files say exactly what the catalog
modules said before issue 24, and a broken file is refused with its file and key named."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.answer.messages import message
from assistant.core.i18n import CatalogError, catalog, load_texts
from assistant.core.resources import MESSAGES_DIR
from assistant.learn.messages import say
from assistant.llm.models import message as model_message
from assistant.plan.messages import msg
from assistant.tui.i18n import has_label, t

#: every text of the four catalog modules as they were before the move (generated from them once)
BEFORE = json.loads((Path(__file__).parent / "data" / "messages_before_issue24.json").read_text(encoding="utf-8"))
#: each area's accessor, unformatted: what the call sites get (the smaller areas have none:
#: their modules look up `catalog(area)` themselves)
ACCESSORS = {"plan": msg, "answer": message, "learn": say, "tui": t}
#: taken out on purpose: the interface's stale copy of the step titles (they are read from the
#: step files only, tests/test_step_titles.py); "could not read the TRL from …", once every part
#: left unread came with its reason (part_unread_why); the Controles' group of checks that belong
#: to no single step, once every check names its step; "Project … aangemaakt", a toast that covered
#: the new project's welcome, which names it
REMOVED = {"tui": {*(f"step.{n}" for n in range(11)), "checks.general", "projects.created"}, "plan": {"part_unread"},
           "learn": {"which_step"}}
#: reworded on purpose: leaving a step with open questions said "Step 6 · … is done" in English
#: and without a project ctrl+e named only ctrl+o, which opens nothing when there are no projects yet
#: and counts said as "regel(s)" / "entr(y/ies)", and a question label run into a sentence
#: and F1 help said a question needs only a question word, and left out /vraag and /stelvoor
#: and /verwijder on a question of one value did not say how to replace or clear its answer
#: and the TRL's follow-up named its candidate after the range (cut off in the input's placeholder)
#: and the usage of /wijzig ended a shortened label in "…." (the label is quoted now)
CHANGED = {"plan": {("step_summary", "en"), ("help", "nl"), ("help", "en"), ("entry_removed", "nl"),
                    ("step_usage", "nl"), ("step_usage", "en"),  # "/stap N V" goes to question V
                    # the exported file's name and folder apart: the path broke in the name at 80×24
                    ("export_done", "nl"), ("export_done", "en"),
                    # /export takes no folder: the command that does (plain), ctrl+e (the app)
                    ("export_failed", "nl"), ("export_failed", "en"),
                    # a list waits for its next line after each one: the hint says so first
                    ("list_hint", "nl"), ("list_hint", "en"), ("list_hint_app", "nl"), ("list_hint_app", "en"),
                    ("entry_removed", "en"),
                    # "1 invoer(en)": the count said right
                    ("inputs_not_saved", "nl"), ("inputs_not_saved", "en"),
                    # /stelvoor in a step without a list named a field ("step4.criteria"), not a step to go to
                    ("draft_no_list_in_step", "nl"), ("draft_no_list_in_step", "en"),
                    # /stelvoor on a field that is not a list named lists `requirements`: now by question
                    ("draft_no_list", "nl"), ("draft_no_list", "en"), *((key, lang) for key in ("stored_entries", "no_such_entry", "no_list", "refill_trl", "remove_usage",
                                                                      "edit_usage")
                                              for lang in ("nl", "en"))}, "tui": {("projects.confirm_delete", "nl"),  # "ongedaan gemaakt worden"
                 # deleting goes to the bin; the actions' keys are ctrl keys (letters go to the filter)
                 *((key, lang) for key in ("projects.confirm_delete", "projects.deleted", "projects.empty",
                                           "button.delete_key", "button.new", "button.rename") for lang in ("nl", "en")),
                 ("export.no_project", "nl"), ("export.no_project", "en"), ("export.done", "nl"), ("export.done", "en"), ("help.body", "nl"), ("help.body", "en"),
                                              # the palette's exports open the export dialog
                                              ("cmd.export.help", "nl"), ("cmd.export.help", "en"),
                                              ("how_to_begin", "nl"), ("how_to_begin", "en"),
                                              # the procedures "side by side", "every cell cited" over
                                              # a screen that lists them one after the other below 130 columns
                                              *((key, lang) for key in ("learn.pick", "cmd.procedures", "cmd.procedures.help")
                                                for lang in ("nl", "en")),
                                              # "alles staat op de standaardwaarde" above a model set by a flag
                                              ("settings.no_file", "nl"), ("settings.no_file", "en"),
                                              # found by "language" in Dutch and by "taal" in English
                                              ("cmd.language", "nl"), ("cmd.language", "en"),
                                              # where to export instead (a read-only data folder)
                                              ("export.failed", "nl"), ("export.failed", "en"),
                                              # /help without a project named no way to learn
                                              ("no_project.help", "nl"), ("no_project.help", "en"),
                                              # the first start was all Dutch, with no word on English
                                              ("welcome", "nl"), ("welcome", "en"),
                                              # a Chroma server out of reach is no model that did not load
                                              ("error.model", "nl"), ("error.model", "en"),
                                              # the glossary's "did you mean" says that enter shows the first
                                              ("glossary.none_like", "nl"), ("glossary.none_like", "en"),
                                              # "contrast" in the palette found no theme
                                              *((key, lang) for key in ("cmd.system.Theme", "cmd.system.Theme.help")
                                                for lang in ("nl", "en")),
                                              # the palette adds each command's key (f5 was in this text
                                              # alone), and a step's says alt+↑/↓
                                              *((key, lang) for key in ("cmd.answer_terms", "cmd.jump.help")
                                                for lang in ("nl", "en"))},
           # a lesson with a wrong answer said "herhalen" while the summary counted it done
           # and "started, 1 of 3 questions" was read as one right
           # plain's prompt and refusal name the numbers it takes, as the app's hint does
           # and the procedures were promised "side by side" where they come one after the other
           # and a cell the documents are silent on named the guidance alone, where the intro names both
           "learn": {(key, lang) for key in ("status_revisit", "revisit_hint", "status_started", "plain_answer",
                                             "plain_bad_answer", "plain_menu", "procedures_silent")
                     for lang in ("nl", "en")},
           "cli.export": {("not_found", "nl"), ("not_found", "en")},  # "uw projecten", as everywhere else
           # "the answer from the guidance is below it" stood under that answer: no direction words
           "llm.answerer": {("uncited", "nl"), ("uncited", "en")},
           # "foo" as the server's address was "connection refused": it says what an address starts with
           # and a rejected key names where it was set, not always the environment variable
           "llm.models": {("bad_url", "nl"), ("bad_url", "en"), ("auth", "nl"), ("auth", "en")},
           # and both say "Did you mean …?" where a project's name is nearly the one given
           "cli.import": {("not_found", "nl"), ("not_found", "en")}}
#: added since, each for what it says (issue 21: the plan's outline; an English question's terms;
#: a precondition stored without yes or no says it is open; step 2's hint, where ";" separates parts;
#: a list waiting for its next line, in the input; the glossary's entry beside a quote that only names the term;
#: an answer without the amount, name or date asked for says so; a bare "ja" to an open question
#: says it says little; ctrl+c says how to quit in the interface's language; unsent text put back;
#: an answer cleared with /verwijder; the hint where a ";" separates a criterion's parts;
#: /help's line on lists, per front end: the app's said nothing of ctrl+j; why a part went unread;
#: the input's placeholder while 1 or 2 is asked; a project deleted in another window said by name;
#: the app started without a terminal; a damaged record read back in part;
#: how a lesson's check question is answered; which project is open, in the list;
#: a question after the index could not be built; the outline by the plan's own step titles, from step 0,
#: its lead saying step 0 comes before the ten steps; a question how long something takes, answered
#: by no length of time)
ADDED = {"answer": {"outline_intro", "no_fact_amount", "no_fact_duration", "no_fact_person", "no_fact_moment",
                    "no_fact_reference", "outline_intro_titled", "outline_step", "outline_intro_need",
                    # "wat betekent dat?" with nothing before it: what does "dat" refer to
                    "refers_back",
                    # a sentence quoted from a passage of footnotes says it is one
                    "footnote_mark"},
         # a finished lesson taken again: its retake under way, beside the result that stands
         "learn": {"status_retake",
                   # a finished lesson opened again shows its answers (plain: `opnieuw` takes it again)
                   "choice_not_kept", "plain_review", "plain_again",
                   # whose progress the summary shows, where it is kept under another name (--learner)
                   "progress_of",
                   # the last lesson's end said nothing of the course
                   "course_end",
                   # a lesson begun is one to continue; with every lesson done, a project to practise in
                   "continue_hint", "practice_plain", "practice_app",
                   # amid a check question: `help` lists the commands; a question is told how to ask
                   "plain_lesson_help", "plain_question", "plain_term",
                   # a read-only data folder: the lesson goes on, said once; leaving does not say "bewaard"
                   "progress_not_saved", "plain_left_not_kept", "plain_bye_not_kept",
                   # the procedures one after the other: the comparison's intro promised them side by side
                   "procedures_in_turn",
                   # the procedures screen's title where it stacks them: "naast elkaar" contradicted its intro
                   "procedures_title_in_turn",
                   # a new learner's name one letter off another's; "weet ik niet" counted as wrong
                   "learner_similar", "not_known",
                   # `begrip NAAM` in learn --plain: "begrip SBIR" was "geen les"
                   "plain_term_nearest", "plain_term_more", "plain_term_none", "plain_term_like",
                   "plain_terms_lesson", "plain_terms_all", "plain_term_how"},
         # DOCX refused at a terminal; a format that is not the file name's
         # and -o naming a file that is there: asked at a terminal, refused without one (--force)
         "cli.export": {"docx_to_terminal", "format_not_name", "control_chars", "did_you_mean", "exists_confirm", "exists_no_tty",
                        "not_overwritten",
                        # a name part of several projects' names names them all
                        "did_you_mean_several"},
         # `ask` with a model: a line while it writes, ctrl+c stopping it; ctrl+c said in the run's language
         "cli.ask": {"writing", "stopping", "interrupted", "batch_and_question",
                     # a question over the app's limit, refused as the app refuses it
                     "too_long",
                     # how to quit, above the first prompt: "stop" was answered as a question
                     "prompt_intro"},
         # a model that kept writing a word now and then; English sentences citing Dutch passages
         "llm.answerer": {"cut_time", "unchecked", "quote_not_found", "cancelled_before_text",
                          # each sentence checked against its sources, marked; who wrote it; after a failure
                          "mark_unsupported", "mark_contradicted", "mark_unchecked", "mark_cancelled", "flagged",
                          "mostly_flagged", "written_by", "fallback"},
         # a server that did not answer is left alone for a while
         "llm.models": {"resting", "unknown_host",
                        # a 404 for the address, a reply that is no OpenAI reply, where the key was set
                        "not_found_path", "not_openai", "key_in_file", "auth_no_key",
                        # what was wrong with the model's output, said in the user's language, not the parser's
                        "bad_json", "not_json", "bad_value", "whole_answer", "entry_number", "drafted_items",
                        "expected_list", "expected_object", "expected_text", "expected_whole_number",
                        "expected_number", "expected_yes_no", "expected_one_of", "expected_at_most",
                        "expected_at_least", "expected_present", "expected_other"},
         "cli.import": {"did_you_mean", "name_shortened", "relinked", "relink_none", "relink_kept", "absent",
                        # an updated record beside the project of its name; a --name cut to the limit
                        "name_exists", "name_cut",
                        # a link to an unknown id, without words: said with the id, and kept in the words
                        "relink_unknown",
                        # the same record imported twice made "Name (2)" without a word; now refused
                        "same_record", "same_record_refused",
                        # a record without a title imported under the file's name without a word
                        "no_title",
                        "more_fields", "read_as_legacy", "name_taken", "name_empty",
                        # --name of a project in the bin made a new one beside it
                        "name_in_bin"},
         "plan": {# the 1-or-2 question's third choice (store the answer, ask the question), and a reply
                  # that is none of its choices ("ja" and "3" replaced the line waiting there)
                  "which_did_you_mean_split", "disambiguation_not_a_choice",
                  # a question about the open question: its step data says whether it is required, why, an example
                  "question_is_required", "question_is_optional", "question_why", "question_example", "pointing_not_in_guidance",
                  "export_failed_app", "draft_list_name", "step_passed_open", "english_terms", "step_in_short", "stored_open_bool", "list_hint_parts", "list_hint_app_parts",
                  "list_hint_keyed", "list_hint_app_keyed", "help_lists", "help_lists_app", "list_kept", "part_unread_why", "project_gone",
                  "record_repaired", "record_unreadable", "record_kept_at",
                  "glossary_supplement", "stored_bare_reply", "list_bare_reply", "kept", "greeting",
                  "unknown_command_like", "entry_count_one", "entry_count", "entry_was", "open_not_saved", "entry_linked_criteria", "bye_saved",
                  "entries_repeated", "entries_split", "step_no_checks", "record_usage", "step_after", "step_before", "welcome_filled",
                  # answers given and no step done: not "al deels ingevuld (0 van de 11 stappen klaar)"
                  "welcome_started",
                  "welcome_complete", "quit_how", "replaced_other_window",
                  # a choice replaced: the answers given with the old one in view are named
                  "given_with_old", "answer_cleared",
                  # … also those of a later step (step 7's, given with step 6's strategy), several in one note
                  "given_with_old_step", "given_with_old_many", "given_with_old_line", "replaced", "inputs_not_saved", "parts_empty", "list_stays",
                  # … and marked beside them and among the open items until looked at again
                  "to_review", "to_review_item",
                  "question_out_of_range", "stored_open_verdict",
                  # "weet ik nog niet, hangt af van …": kept with its reason, the question open
                  "stored_not_known_yet",
                  "current_entries_count", "step_again", "entry_parts_emptied", "entries_removed", "warnings_more", "stored_no_amount",
                  # an answer about money whose amount could not be read; a single character at an open question
                  "stored_amount_unread", "reply_too_short",
                  # a requirement or criterion removed: step 9's verdict on it, which went with it, quoted
                  "judgement_removed",
                  # another window on the project: a list's numbers changed there, an answer of this
                  # window's changed or cleared there, the question asked again answered there
                  "list_changed_elsewhere", "answer_changed_elsewhere", "answer_cleared_elsewhere",
                  "answered_elsewhere",
                  # piped in, a line that may be a question is the open question's answer: said so
                  "taken_as_answer",
                  # a check a changed answer put right is said so (it showed only in /dossier)
                  "check_resolved",
                  # one that gave way to another of its rule is said replaced, with the one now open;
                  # /wijzig N with a line evidently for another list of the step changes nothing
                  "check_replaced", "edit_meant_for_parts", "edit_meant_for_name",
                  # chat --plain's last word on an input cut short, and one not saved, in the singular
                  "inputs_cut", "inputs_cut_one", "inputs_not_saved_one",
                  # what was typed after a choice, which the record has no place for, is said not stored
                  "stored_choice_rest",
                  # the 1-or-2 question left by a step chosen on screen: nothing was typed
                  "disambiguation_left_for_step",
                  # Escape while the model fills the fields or drafts: the wait ends, and says so
                  "llm_cancelled", "draft_cancelled",
                  # a step done after a correction from a later one: back there, said so
                  "back_to_step", "open_step_before",
                  # /begrip with a card that does not show the name asked for: only the nearest
                  "term_found_under",
                  # every step filled in while checks are open: how many, and where to see them
                  "all_done_open", "open_count_checks_one", "open_count_checks", "open_count_review_one",
                  "open_count_review",
                  # step 2: a part typed as not known yet ("potential: unknown") said kept open
                  "parts_unknown",
                  # "ik weet niet wat een behoefteanalyse is" stays open, and says where to learn the term
                  "unsure_term",
                  # a check the user was sent to by a link, still open after one answer: on to its next question
                  "check_goes_on",
                  # a question still open asked again before its step is left: why it comes back
                  "still_open_unsure", "still_open_no_yes_no", "still_open",
                  # a source's step and box in the interface's language ("Stap 6, kader '…'" in English)
                  "source_step", "source_box",
                  # a note's way back to its question: `/terug` led from another step to its last question
                  "back_command", "question_command",
                  # a bare /verwijder where nothing is stored: it advised the /verwijder just typed
                  "nothing_to_clear",
                  # several lines removed at once were not quoted; nor was an answer a bare /verwijder
                  # erased; a bare /verwijder at an empty question offered the usage of another list
                  "entries_removed_two", "entries_removed_all", "entries_were", "answer_cleared_was",
                  "answer_cleared_was_lines",
                  # numbers typed at a question that is no list: the way to the step's lists
                  "entries_not_here", "entries_not_here_empty", "entries_way",
                  # a list typed line by line left before it was closed: its held checks follow
                  "list_left",
                  # a step explained earlier in the session opens with one line (it printed 40 three times)
                  "step_explained", "back_to_step_at", "explain_again",
                  # a step done from a later one: not all its answers read back again
                  "step_summary_brief",
                  # a word typed in brackets stored as the label it chose, said
                  "word_read_as", "remove_line_command", "edit_line_command",
                  # a check gone with what it was about (a list emptied) was said "✓ Opgelost"
                  "check_lapsed", "check_lapsed_entry", "check_lapsed_list", "check_lapsed_answer",
                  # "weet ik niet" at a yes/no holding a note: "blijft open" read as if nothing were kept
                  "unsure_kept_open",
                  # a line that is only a criterion's target: which entry it could belong to, and how
                  "entry_parts_only", "entry_parts_only_first",
                  # a step done, a project reopened: the earlier steps with required questions open
                  "open_before", "open_before_step", "open_before_more", "open_before_more_one",
                  # back at a question that holds an answer, where text typed for it was set aside
                  "back_to_draft",
                  # a list given whole closes without waiting for another line: said before the next question
                  "list_closed",
                  # a ";" kept in a note before what reads as a name; an empty Enter at an optional question
                  "semicolon_kept", "empty_input_optional",
                  # "zie boven" stores nothing: the record keeps each answer on its own (with the phrases
                  # read so, and the answer before it to copy); an amount alone at "Is er budget?" is a yes
                  "refers_elsewhere_phrases", "refers_elsewhere", "refers_elsewhere_previous",
                  "stored_amount_as_yes",
                  # a pasted table's first row that names its columns: no entry, said
                  "header_row_skipped"},
         "tui": {# the 1-or-2 question's third choice, as a link too, and in the input's placeholder
                 "turn.choices_split", "prompt.placeholder_choice_split",
                 "input_set_aside_until_back", "status.not_saving",
                 # the step being answered, in the status line where the steps panel is hidden
                 "status.step",
                 # --new with a name that is there opens that one, said; a name taken offers to open it
                 "projects.new_but_exists", "projects.name_taken_open",
                 # the projects screen's filter and bin (a deleted project is restored from there),
                 # and a project with answers told from an empty one
                 "key.bin", "projects.filter", "projects.no_match", "projects.started", "projects.deleted_on",
                 "projects.bin_title", "projects.bin_empty", "projects.bin_new", "projects.name_in_bin",
                 "projects.restored", "projects.restored_as", "button.restore",
                 # the export dialog (ctrl+e): the format, the folder and the name chosen
                 "export.title", "export.format", "export.format_md", "export.format_docx", "export.format_json",
                 "export.folder", "export.name", "export.folder_required", "export.name_required", "export.exists",
                 "export.writing", "export.not_written", "button.export", "button.replace",
                 # what is wrong with a name or a folder, said before writing; the last folder gone
                 "export.name_control", "export.name_chars", "export.name_dot", "export.name_other_format",
                 "export.name_is_folder", "export.folder_gone",
                 # ↑ brought back text typed at another question than the one asked now
                 "input_recalled_elsewhere",
                 # text set aside and back at its question: said, and a command typed after it runs alone
                 "input_back", "input_back_kept",  # the database file changed under the app: said until it closes
                 "notice.index_repaired",  # the index repaired at the start, as `stappenplan index` says it
                 "refused_under_up",  # an answer refused while the user typed on: where it went
                 "quit_hint.title", "quit_hint.body", "quit_hint.body_project", "draft_restored", "unkept_text", "draft_elsewhere", "key.lesson_up", "key.lesson_down",
                 # home and end scroll the lesson wherever the focus is in it
                 "key.lesson_top", "key.lesson_end",
                 "prompt.placeholder_question", "prompt.placeholder_choice", "prompt.placeholder_more", "turn.cut", "draft_under_up", "no_terminal", "learn.answer_hint", "projects.open_here", "error.kb_failed",
                 "glossary.none_like", "no_project.answer_hint",
                 "projects.confirm_delete_open", "prompt.too_long", "sources.none",
                 # the palette's panel entries over a hidden panel: what choosing them does then
                 "cmd.toggle.help_hidden",
                 # the settings in use, from the palette
                 "cmd.settings", "cmd.settings.help", "settings.body", "settings.no_file", "settings.default",
                 "settings.dense_ready", "settings.dense_loading", "settings.dense_off", "settings.vectors_local",
                 "settings.vectors_server", "settings.llm_none", "settings.llm_on", "settings.language.nl",
                 "settings.language.en",
                 # which environment variables set a value
                 "settings.from_env",
                 # a Chroma server started after the app is used once it answers
                 "notice.server_back", "notice.server_retrying", "notice.meaning_failing", "notice.meaning_back",
                 # a folder of corpus_dirs that is not there
                 "notice.folder_missing",
                 # a data or index folder that cannot be made: said at the start, in ctrl+n's
                 # dialog, and without advising `stappenplan index`, which fails the same way
                 "error.store_start", "projects.cannot_create", "error.index_folder", "error.kb_failed_folder",
                 # TERM=dumb: plain text instead of the app's screen
                 "dumb_terminal",
                 # enter in a check question's options with none marked
                 "learn.answer_unmarked",
                 # a letter marks an option, and enter gives it: the hint says which is marked
                 "learn.answer_marked",
                 # f1 on the learning screen, the glossary and the procedures: that screen's keys
                 "help.learn", "help.glossary", "help.procedures",
                 # a finished lesson opened again: its answers, and which went wrong
                 "learn.review", "learn.review_wrong",
                 # the theme list's line on the themes in the terminal's own colours (high contrast)
                 "theme.terminal_colours",
                 # after the last lesson: back to the list ("Les opnieuw" had the focus)
                 "learn.to_lessons",
                 # an input sent right before a kill -9 and never answered, put back on opening
                 "unanswered_restored", "unanswered_under_up",
                 # a term chosen in the palette over the lessons opens the glossary at it
                 "cmd.term.help_glossary",
                 # a search that names no term says its card is only the nearest ("DPIA": privacy)
                 "glossary.nearest",
                 # and those sent after it before it was answered: each was kept, not the last only
                 "unanswered_more",
                 # an answer too long to show: its start and its end (warnings, the guidance's answer)
                 "turn.answer_cut",
                 # an input typed in one project and sent after another opened: under ↑ in its own
                 # project (one history for all sent it into another), said by name
                 "input_kept_for_project", "input_not_sent_no_project",
                 # the open project's record changed or replaced outside this window: said once
                 "changed.outside", "changed.step", "changed.steps", "changed.replaced",
                 # …pointing to the record where it is seen: the panel, or f3 where it is hidden
                 "changed.shown", "changed.shown_hidden", "changed.replaced_shown", "changed.replaced_shown_hidden",
                 # the projects screen, ordered by the last update: today's and yesterday's with their time
                 "projects.updated_today", "projects.updated_yesterday",
                 # the palette over the lessons: a step's lesson, where it went to the project behind
                 "cmd.lesson", "cmd.lesson.help", "cmd.lesson.help_project",
                 # the 1-or-2 question's choices as links to click, and a click on an old one
                 "turn.choices", "turn.choice_gone",
                 # a new name one letter off another project's, said in the dialog with a way to open
                 # that one; an answer typed without a project, in the input of the project made next
                 "projects.name_similar", "projects.open_similar", "input_back_from_no_project",
                 # a line of the record clicked with unsent text in the input: clicked again, it goes
                 "record.click_again"}}
#: areas added since: `stappenplan projects` had its two texts inline; the index build's progress had
#: Dutch stage names under --lang en; an import said only where its JSON broke, not why, and
#: told a Word file to be saved as UTF-8; a settings file or value was refused in the TOML reader's
#: and the validator's English, with no word on how to fix it; argparse's usage errors and help headings
#: were English for Dutch users; the system's reasons ("Is a directory") stood in English in Dutch sentences
#: (services: what opening the index says, in the run's language; it said both at once; and
#: knowledge.loaders: why a file was not indexed, which `index` said in both at once too)
ADDED_AREAS = {"cli.projects", "cli.index", "cli.input", "export.file_problems", "core.settings", "cli.usage",
               "services", "core.os", "knowledge.loaders",
               # learn --plain: an answer typed as a number said back; a lesson's number, the way there
               "cli.learn",
               # the store's full disk: read-only until there is room
               "store",
               # an embedding device that is not there (its text was inline in Python)
               "knowledge.device",
               # why an exported file could not be written (inline in Python before)
               "export.atomic",
               # why a value could not be read into or set at a field of the record (the same)
               "plan.record.paths"}


@pytest.mark.parametrize("area", sorted(BEFORE))
def test_every_text_is_the_one_the_module_had(area):
    lookup = ACCESSORS.get(area, catalog(area).text)
    before = {key: texts for key, texts in BEFORE[area].items() if key not in REMOVED.get(area, ())}
    assert [key for key in catalog(area).entries if key not in ADDED.get(area, ())] == list(before)
    for key in ADDED.get(area, ()):
        assert lookup(key, "nl") != lookup(key, "en"), (area, key)  # both languages, each its own
    for key, texts in before.items():
        for lang, text in texts.items():
            if (key, lang) not in CHANGED.get(area, ()):
                assert lookup(key, lang) == text, (area, key, lang)


def test_a_language_at_once_as_the_commands_use_it():
    export_texts = catalog("cli.export").language("en")
    assert export_texts["done"] == "Exported: {path}"
    assert len(export_texts) == len(BEFORE["cli.export"]) + len(ADDED["cli.export"])
    assert catalog("cli.ask").language(None)["full"] == "de schijf of het apparaat is vol"


def test_unknown_language_gets_dutch_and_fields_are_filled():
    assert model_message("timeout", "en", model="m", url="http://x", timeout=2.5) == \
        "The language model (m at http://x) did not answer within 2.5 s (timeout)."
    assert msg("welcome_back", "de", project="P", step=2, title="T") == \
        "Welkom terug bij project **P**. U was bij stap 2 · T."
    assert say("lesson_label", "en", step=3) == "Lesson 3"
    assert t("area.record", "en", step=4) == "Record · step 4"


def test_unknown_keys_as_before():
    assert t("no.such.label") == "no.such.label" and not has_label("no.such.label")
    with pytest.raises(KeyError):
        msg("no_such_message")


def test_the_shipped_files_are_the_areas():
    assert sorted(p.stem for p in MESSAGES_DIR.glob("*.toml")) == sorted([*BEFORE, *ADDED_AREAS])
    for area in ADDED_AREAS:
        texts = catalog(area)
        assert texts.entries and all(texts.text(key, "nl") != texts.text(key, "en") for key in texts.entries)


@pytest.mark.parametrize(("body", "problem"), [
    ('["greet"]\nnl = "Hallo {name}"\n', "needs exactly the languages nl and en"),
    ('["greet"]\nnl = "Hallo {name}"\nen = "Hello {naam}"\n', "placeholders differ"),
    ('["greet"]\nnl = "Hallo {name"\nen = "Hello {name}"\n', "nl: "),
    ('["greet"]\nnl = "Hallo"\nen = ""\n', "en: expected a non-empty text"),
    ('["greet"]\nnl = "Hallo"\nen = "Hello"\nde = "Hallo"\n', "needs exactly the languages nl and en"),
    ('greet = "Hallo"\n', "expected a table"),
])
def test_a_broken_file_names_file_and_key(tmp_path, body, problem):
    path = tmp_path / "area.toml"
    path.write_text(body + '\n["fine"]\nnl = "goed"\nen = "fine"\n', encoding="utf-8")
    with pytest.raises(CatalogError) as caught:
        load_texts(path)
    assert str(path) in str(caught.value) and "key 'greet'" in str(caught.value)
    assert problem in str(caught.value)


def test_invalid_toml_names_the_file(tmp_path):
    path = tmp_path / "area.toml"
    path.write_text('["greet"\nnl = "x"\n', encoding="utf-8")
    with pytest.raises(CatalogError, match="area.toml.*unreadable"):
        load_texts(path)


def test_both_gives_the_dutch_and_the_english_text_formatted_alike():
    texts = catalog("store")
    nl, en = texts.both("disk_full_write", path="/x/db")
    assert (nl, en) == (texts.text("disk_full_write", "nl", path="/x/db"), texts.text("disk_full_write", "en", path="/x/db"))
    assert nl != en and "/x/db" in nl and "/x/db" in en
