"""Fixtures of the conversation tests: the settings of the test's own home, and its store."""

import pytest

from assistant.core.settings import load_settings
from assistant.store import Store


@pytest.fixture
def settings():
    return load_settings()


@pytest.fixture
def store(settings):
    s = Store(settings.database_path)
    yield s
    s.close()
