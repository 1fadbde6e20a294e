"""Project storage: SQLite in the data dir (projects, records, conversation, state)."""

from assistant.store.db import (
    MIGRATIONS,
    SCHEMA_VERSION,
    ConversationState,
    ProjectInfo,
    Store,
    StoredTurn,
    open_store,
)
from assistant.store.errors import (
    DatabaseMovedAside,
    DatabaseTooNew,
    InvalidProjectName,
    ProjectExists,
    ProjectNotFound,
    StoreError,
    StoreUnavailable,
)

__all__ = [
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "ConversationState",
    "DatabaseMovedAside",
    "DatabaseTooNew",
    "InvalidProjectName",
    "ProjectExists",
    "ProjectInfo",
    "ProjectNotFound",
    "Store",
    "StoreError",
    "StoreUnavailable",
    "StoredTurn",
    "open_store",
]
