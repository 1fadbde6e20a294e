"""The example project as a copy to explore and play with: a complete trajectory in the store."""

from __future__ import annotations

from assistant.learn.messages import say
from assistant.plan.example import example_record
from assistant.store import ProjectExists, ProjectInfo, Store

MAX_COPIES = 99


def copy_example(store: Store, lang: str) -> ProjectInfo:
    """A new project holding the example record, named "Voorbeeld: …" (" (2)" etc. when taken)."""
    record = example_record(lang)
    base = say("example_project_name", lang, title=record.project.title)
    for n in range(1, MAX_COPIES + 1):
        name = base if n == 1 else f"{base} ({n})"
        if store.find_project(name) is not None:
            continue
        try:
            project = store.create_project(name, organisation=record.project.organisation, language=lang)
        except ProjectExists:  # created by another process just now
            continue
        record.project.title = project.name
        store.save_record(project.id, record)
        return project
    raise ProjectExists(base)
