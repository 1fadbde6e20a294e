"""The example project as a copy to explore and play with: a complete trajectory in the store."""

from __future__ import annotations

from assistant.learn.messages import say
from assistant.plan.example import example_record
from assistant.plan.record import ProjectRecord
from assistant.store import ProjectExists, ProjectInfo, Store, StoreError

MAX_COPIES = 99


def copy_example(store: Store, lang: str) -> ProjectInfo:
    """A project holding the example record, named "Voorbeeld: …" (" (2)" etc. when taken): a
    copy still as it came is opened again (each time the palette made another), a changed one
    is kept and a new copy made."""
    record = example_record(lang)
    base = say("example_project_name", lang, title=record.project.title)
    for n in range(1, MAX_COPIES + 1):
        name = base if n == 1 else f"{base} ({n})"
        taken = store.find_project(name)
        if taken is not None:
            if _unchanged(store, taken, record):
                return taken
            continue
        try:
            project = store.create_project(name, organisation=record.project.organisation, language=lang)
        except ProjectExists:  # created by another process just now
            continue
        record.project.title = project.name
        store.save_record(project.id, record)
        return project
    raise ProjectExists(base)


def _unchanged(store: Store, project: ProjectInfo, example: ProjectRecord) -> bool:
    """Whether the project's record is the example as copied (its name and times aside)."""
    try:
        held = store.load_record(project.id, ProjectRecord)
    except StoreError:
        return False
    return held is not None and held.model_dump(exclude={"project"}) == example.model_dump(exclude={"project"})
