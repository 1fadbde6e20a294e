"""Where the settings file and the data folder are, as README says."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the Linux folders README names")
def test_the_readme_says_where_the_settings_file_and_the_data_are(tmp_path, monkeypatch):
    # README said "config.toml in the user's config folder" and no more: an administrator
    # preparing a rollout could not tell where to put it
    from assistant.core.settings_file import config_path, data_path_for, stappenplan_home

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    settings = readme[readme.index("## Settings"):readme.index("## Controles")]
    monkeypatch.setenv("HOME", str(tmp_path))
    for unset in ("STAPPENPLAN_HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME"):
        monkeypatch.delenv(unset, raising=False)
    said = {"~/.config/stappenplan/config.toml": config_path(), "~/.local/share/stappenplan/": data_path_for(None, None)}
    monkeypatch.setenv("STAPPENPLAN_HOME", str(tmp_path / "home"))
    said |= {"$STAPPENPLAN_HOME/config.toml": config_path(),
             "$STAPPENPLAN_HOME/data/": data_path_for(None, stappenplan_home())}
    for written, path in said.items():
        assert f"`{written}`" in settings
        assert Path(written.replace("~", str(tmp_path)).replace("$STAPPENPLAN_HOME", str(tmp_path / "home"))) == path


def test_a_relative_home_is_an_absolute_folder_in_every_path_and_message(tmp_path, monkeypatch):
    # STAPPENPLAN_HOME=relhome: "De gegevensmap relhome/data kan niet worden aangemaakt" named no
    # folder anyone could find, and each working folder had a home of its own
    from assistant.core.settings import load_settings
    from assistant.core.settings_file import config_path, relative_home
    from assistant.store import StoreError, open_store

    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("STAPPENPLAN_HOME", "a-file/home")
    settings = load_settings()
    assert relative_home() == "a-file/home" and config_path() == tmp_path / "a-file" / "home" / "config.toml"
    assert settings.data_path == tmp_path / "a-file" / "home" / "data"
    with pytest.raises(StoreError) as info:
        open_store(settings)
    assert f"De gegevensmap {tmp_path / 'a-file' / 'home' / 'data'} kan niet worden aangemaakt" in info.value.message("nl")
    monkeypatch.setenv("STAPPENPLAN_HOME", str(tmp_path / "home"))
    assert relative_home() is None
