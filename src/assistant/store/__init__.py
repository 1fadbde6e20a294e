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
    DatabaseKeptAside,
    DatabaseMovedAside,
    DatabaseReplaced,
    DatabaseTooNew,
    DatabaseUpgraded,
    InvalidProjectName,
    ProjectExists,
    ProjectNameNearlyTaken,
    ProjectNameTooLong,
    ProjectNotFound,
    Recovered,
    StoreError,
    StoreReadOnly,
    StoreUnavailable,
)
from assistant.store.repair import RecordRepaired

__all__ = [
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "ConversationState",
    "DatabaseKeptAside",
    "DatabaseMovedAside",
    "DatabaseReplaced",
    "DatabaseTooNew",
    "DatabaseUpgraded",
    "InvalidProjectName",
    "ProjectExists",
    "ProjectInfo",
    "ProjectNameNearlyTaken",
    "ProjectNameTooLong",
    "ProjectNotFound",
    "RecordRepaired",
    "Recovered",
    "Store",
    "StoreError",
    "StoreReadOnly",
    "StoreUnavailable",
    "StoredTurn",
    "open_store",
]
