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
    assert "Ongeldige instelling: language (STAPPENPLAN_LANG) " in str(info.value)
    monkeypatch.delenv("STAPPENPLAN_LANG")
    (tmp_path / "config.toml").write_text('language = "fr"\n', encoding="utf-8")
    with pytest.raises(SettingsError) as info:
        load_settings()
    assert f"language ({tmp_path / 'config.toml'}) " in str(info.value)


@pytest.mark.parametrize("timeout", ["-1", "0"])
def test_a_language_model_timeout_must_be_above_zero(tmp_path, monkeypatch, timeout):
    # -5 was taken: "went on writing for more than -25 seconds", of a server that was not there
    monkeypatch.setenv("STAPPENPLAN_HOME", str(tmp_path))
    monkeypatch.setenv("STAPPENPLAN_LLM_TIMEOUT", timeout)
    with pytest.raises(SettingsError) as info:
        load_settings()
    assert "llm.timeout_s (STAPPENPLAN_LLM_TIMEOUT)" in str(info.value)
    monkeypatch.setenv("STAPPENPLAN_LLM_TIMEOUT", "30")
    assert load_settings().llm.timeout_s == 30


def test_an_unreadable_settings_file_is_said_in_both_languages(tmp_path, monkeypatch):
    # every other settings error named both; this one was Dutch only, under an English interface
    monkeypatch.setenv("STAPPENPLAN_HOME", str(tmp_path))
    (tmp_path / "config.toml").write_text('language = "en\n', encoding="utf-8")
    with pytest.raises(SettingsError) as info:
        load_settings()
    assert info.value.message("nl").startswith(f"Instellingenbestand {tmp_path / 'config.toml'} is onleesbaar: ")
    assert info.value.message("en").startswith(f"Settings file {tmp_path / 'config.toml'} is unreadable: ")
