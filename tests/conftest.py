"""Shared fixtures: an isolated data dir per test, no network, one shared built index."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

_LOOPBACK = ("127.", "::1", "localhost")


def _is_loopback(address) -> bool:
    if isinstance(address, tuple) and address:
        host = str(address[0])
    else:
        host = str(address)
    return host.startswith(_LOOPBACK) or host == ""


@pytest.fixture(autouse=True)
def isolated_home(tmp_path, monkeypatch):
    """Every test gets its own STAPPENPLAN_HOME; nothing touches the user's real data."""
    home = tmp_path / "stappenplan-home"
    home.mkdir()
    monkeypatch.setenv("STAPPENPLAN_HOME", str(home))
    for var in ("STAPPENPLAN_LLM_PROVIDER", "STAPPENPLAN_LLM_BASE_URL", "STAPPENPLAN_LLM_MODEL",
                "STAPPENPLAN_LLM_API_KEY", "STAPPENPLAN_CHROMA_URL", "STAPPENPLAN_EMBEDDING_MODEL",
                "STAPPENPLAN_EMBEDDING_DEVICE", "STAPPENPLAN_LANG", "STAPPENPLAN_INDEX_DIR", "STAPPENPLAN_DATA_DIR"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.delenv("COLUMNS", raising=False)  # a terminal's width is the terminal's, unless a test sets it
    # the export dialog offers the user's Documents folder: never the real one (a test that
    # wants one makes it under a home of its own)
    monkeypatch.setattr("assistant.tui.prefs.DOCUMENTS_FOLDERS", ())
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")
    monkeypatch.setenv("ANONYMIZED_TELEMETRY", "False")
    return home


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Fail any connection that leaves this machine: the product must work offline."""
    real_connect = socket.socket.connect

    def guarded_connect(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_loopback(address):
            raise AssertionError(f"network access attempted: {address!r}")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    yield


@pytest.fixture(scope="session")
def shared_home(tmp_path_factory) -> Path:
    """A STAPPENPLAN_HOME whose index (lexical + vectors) over the real corpus is built once.

    Tests that start subprocesses can point STAPPENPLAN_INDEX_DIR at `shared_home / "data" / "index"`
    to reuse it instead of building their own.
    """
    from assistant.knowledge.base import KnowledgeBase
    from assistant.core.settings import Settings

    home = tmp_path_factory.mktemp("shared-home")
    settings = Settings(data_dir=home / "data")
    KnowledgeBase(settings).ensure_index(dense=True)
    return home


@pytest.fixture(scope="session")
def kb(shared_home):
    """The knowledge base over the real corpus and the real embedding model, loaded once."""
    from assistant.knowledge.base import KnowledgeBase
    from assistant.core.settings import Settings

    base = KnowledgeBase(Settings(data_dir=shared_home / "data"))
    base.ensure_index(dense=True)
    assert base.dense_ready, base.dense_error
    return base
