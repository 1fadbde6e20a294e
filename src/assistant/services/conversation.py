"""Opening a project's conversation with the real parts: the language model that proposes
record values (when one is configured), the document exporter and the exports folder."""

from __future__ import annotations


from assistant.core.settings import Settings
from assistant.export import export_record
from assistant.llm.extraction import ModelProposalMaker
from assistant.plan.conversation import Conversation
from assistant.plan.conversation.guidance import GuidanceSource
from assistant.store import ProjectInfo, Store


def proposal_maker(settings: Settings, lang: str) -> ModelProposalMaker | None:
    """The configured language model as the conversation's ProposalMaker, or None without one.
    The chat model itself is built on first use; a failure to build it is a notice then."""
    if settings.llm.provider == "none":
        return None
    return ModelProposalMaker(llm=settings.llm, lang=lang)


def project_to_open(store: Store, opened: int | None) -> ProjectInfo | None:
    """The project a start without one named opens: the one opened last (`opened`, where it is
    still there), else the one last worked on, else the one changed last; None without any.
    The one changed last alone opened a project just imported by a script, never opened."""
    projects = store.list_projects()
    if not projects:
        return None
    remembered = next((p for p in projects if p.id == opened), None)
    return remembered or store.last_worked_on() or projects[0]


def open_conversation(
    settings: Settings,
    store: Store,
    project: ProjectInfo | str,
    *,
    lang: str | None,
    guidance: GuidanceSource,
    organisation: str = "",
    multiline_hint: str = "list_hint",
    refuse_similar: bool = False,
    asks_which_meant: bool = True,
) -> Conversation:
    """The conversation of `project` (a name opens or creates it; with `refuse_similar` not a
    name that looks like a typo of another project's), wired to the real parts."""
    if isinstance(project, str):
        project, _created = store.open_project(project, organisation=organisation,
                                               language=lang or settings.language,
                                               refuse_similar=refuse_similar)
    conversation_lang = lang if lang in ("nl", "en") else (project.language or "nl")
    return Conversation(
        store, project, guidance=guidance, proposer=proposal_maker(settings, conversation_lang),
        exporter=export_record, exports_dir=settings.exports_path, lang=lang,
        multiline_hint=multiline_hint, asks_which_meant=asks_which_meant,
    )
