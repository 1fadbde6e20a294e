"""A setting refused names where its value was written."""

from __future__ import annotations

import pytest

from assistant.core.settings import SettingsError, load_settings


def test_a_bad_value_from_the_environment_names_its_variable_not_a_file(tmp_path, monkeypatch):
    # "Ongeldige instelling (…/config.toml): language …" for STAPPENPLAN_LANG=fr, with no such file
    monkeypatch.setenv("STAPPENPLAN_HOME", str(tmp_path))
    monkeypatch.setenv("STAPPENPLAN_LANG", "fr")
    with pytest.raises(SettingsError) as info:
        load_settings()
    assert "Ongeldige instelling / invalid setting: language (STAPPENPLAN_LANG): " in str(info.value)
    monkeypatch.delenv("STAPPENPLAN_LANG")
    (tmp_path / "config.toml").write_text('language = "fr"\n', encoding="utf-8")
    with pytest.raises(SettingsError) as info:
        load_settings()
    assert f"language ({tmp_path / 'config.toml'}): " in str(info.value)
