"""Opening a project's conversation with the real parts (assistant.services.conversation)."""

from __future__ import annotations

import json

from assistant.core.settings import load_settings
from assistant.services.conversation import open_conversation
from assistant.store import Store


def test_the_apps_json_export_takes_the_step_the_project_is_at(tmp_path):
    # ctrl+e and /export json left the current step out, so an import opened at the first step not done
    settings = load_settings()
    with Store(settings.database_path) as store:
        conversation = open_conversation(settings, store, "Zoutstrooien", lang="nl", guidance=None)
        conversation.start()
        conversation.handle("/stap 3")
        path = conversation.export("json", tmp_path / "zout.json")
    assert json.loads(path.read_text(encoding="utf-8"))["current_step"] == 3


def test_a_start_without_a_project_opens_the_one_worked_on_not_the_one_imported_last(tmp_path):
    # a project imported by a script and never opened was the one the app opened next
    from assistant.cli.chat import default_project
    from assistant.plan.record import new_record
    from assistant.services.conversation import project_to_open

    settings = load_settings()
    with Store(settings.database_path) as store:
        conversation = open_conversation(settings, store, "Zoutstrooien", lang="nl", guidance=None)
        conversation.start()
        conversation.handle("Minder zout op de weg")
        imported = store.create_project("../../etc/x")
        store.save_record(imported.id, new_record(title="../../etc/x"))
        assert store.list_projects()[0].name == "../../etc/x"  # changed last
        assert project_to_open(store, None).name == "Zoutstrooien"
        assert default_project(store, "nl", None) == "Zoutstrooien"
        assert project_to_open(store, imported.id).name == "../../etc/x"  # opened last: that one
        assert project_to_open(store, 999).name == "Zoutstrooien"  # remembered, and deleted since


def test_a_json_export_takes_the_step_on_this_windows_screen_not_the_stores(tmp_path):
    # the step was read back from the store: another window's step, or, in a read-only folder,
    # the step the session began at
    settings = load_settings()
    with Store(settings.database_path) as store:
        here = open_conversation(settings, store, "Zoutstrooien", lang="nl", guidance=None)
        here.start()
        here.handle("/stap 3")
        there = open_conversation(settings, store, "Zoutstrooien", lang="nl", guidance=None)
        there.start()
        there.handle("/stap 7")
        assert store.get_state(here.project.id).current_step == 7
        path = here.export("json", tmp_path / "zout.json")
    assert json.loads(path.read_text(encoding="utf-8"))["current_step"] == 3


def test_a_lone_surrogate_typed_or_imported_is_stored_as_a_replacement_character(tmp_path):
    # bytes that were no text (what Backspace leaves of "€" in a C locale, kept by surrogateescape)
    # reached SQLite: UnicodeEncodeError, a traceback, and the answer was lost
    from assistant.export.jsonio import import_json
    from assistant.plan import record as rec

    settings = load_settings()
    with Store(settings.database_path) as store:
        conversation = open_conversation(settings, store, "Bytes", lang="nl", guidance=None)
        conversation.start()
        outcome = conversation.handle("ja, tot € 1 mln \udce2\udc82")
        assert not outcome.not_saved
        record = store.load_record(conversation.project.id, rec.ProjectRecord)
        exported = conversation.export("json", tmp_path / "bytes.json")
    assert record.step0.need == "ja, tot € 1 mln \ufffd\ufffd"
    data = json.loads(exported.read_text(encoding="utf-8"))
    data["step0"]["who"] = "bewoners \ud800"  # written "\\ud800" by json.dumps: read back alone
    exported.write_text(json.dumps(data), encoding="utf-8")
    assert import_json(exported).step0.who == "bewoners \ufffd"
