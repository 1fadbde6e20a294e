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
