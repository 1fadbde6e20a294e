"""The app's first frame (issue 26): what it needs and nothing more, and the settings that it
no longer validates before that frame still refused with their message right after it."""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assistant.core.settings import Settings
from assistant.core.settings_file import StartSettings
from assistant.tui.app import StappenplanApp
from assistant.tui.widgets.prompt import PromptInput

SRC = Path(__file__).resolve().parents[2] / "src"

#: Modules the first frame must not wait for: the settings' validation, Markdown, the store,
#: the knowledge base and its models (also its types), the conversation engine and its ports.
HEAVY = ("pydantic", "markdown_it", "textual.widgets._markdown", "sqlite3", "numpy", "torch",
         "chromadb", "bm25s", "assistant.core.settings", "assistant.store", "assistant.plan.conversation",
         "assistant.plan.ports", "assistant.knowledge.types", "assistant.tui.session")

#: Starts the app as `stappenplan` does, and looks at it when its first frame is drawn (where
#: the app would go on with its start). The index's progress bar comes with the first progress.
FIRST_FRAME = """
import json, sys
from pathlib import Path
from assistant.core.settings_file import StartSettings
from assistant.tui import app as tui_app
from assistant.tui.app import StappenplanApp
from assistant.tui.widgets.prompt import PromptInput

class FirstFrame(StappenplanApp):
    CSS_PATH = Path(tui_app.__file__).with_name(StappenplanApp.CSS_PATH)

    def _startup(self):
        self.seen = {"prompt": len(self.main.query(PromptInput)),
                     "progress bars": len(self.main.query("ProgressBar")),
                     "loaded": [m for m in sys.argv[1:] if m in sys.modules]}
        self.exit()

app = FirstFrame(StartSettings.read())
app.run(headless=True, size=(120, 40))
print(json.dumps(app.seen))
"""


def test_the_first_frame_is_composed_without_the_heavy_modules(tmp_path):
    env = dict(os.environ, STAPPENPLAN_HOME=str(tmp_path), PYTHONPATH=str(SRC))
    done = subprocess.run([sys.executable, "-c", FIRST_FRAME, *HEAVY], env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result == {"prompt": 1, "progress bars": 0, "loaded": []}


def test_start_settings_read_the_first_frames_values_as_written(tmp_path, monkeypatch):
    monkeypatch.setenv("STAPPENPLAN_HOME", str(tmp_path))
    (tmp_path / "config.toml").write_text('language = "en"\ntheme = "nord"\ndata_dir = "~/elders"\n')
    start = StartSettings.read()
    full = start.validated()
    assert (start.language, start.theme, start.data_path) == ("en", "nord", Path("~/elders").expanduser())
    assert (full.language, full.theme, full.data_path, full.log_path) == (
        start.language, start.theme, start.data_path, start.log_path)
    monkeypatch.setenv("STAPPENPLAN_LANG", "nl")
    assert StartSettings.read({"language": None}).language == "nl"
    assert StartSettings.read({"language": "en"}).language == "en"


async def test_the_app_validates_its_settings_after_the_first_frame(tmp_path, monkeypatch):
    monkeypatch.setenv("STAPPENPLAN_HOME", str(tmp_path))
    app = StappenplanApp(StartSettings.read(), build_index=False, load_model=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.settings, Settings) and app.settings_error is None
        assert app.main.work.workspace is not None


@pytest.mark.parametrize(("written", "said"), [
    ('language = "fr"\n', ["Ongeldige instelling", "language"]),
    # a misspelt setting was accepted without a word
    ('langauge = "en"\n[llm]\nprovidr = "ollama"\n',
     ["langauge (bedoelt u language?)", "llm.providr (bedoelt u llm.provider?)"]),
])
async def test_a_wrong_or_misspelt_setting_closes_the_app_with_its_message(tmp_path, monkeypatch, written, said):
    monkeypatch.setenv("STAPPENPLAN_HOME", str(tmp_path))
    (tmp_path / "config.toml").write_text(written)
    app = StappenplanApp(StartSettings.read(), build_index=False, load_model=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
    assert app.return_code == 2 and app.main.work.workspace is None
    assert all(part in str(app.settings_error) for part in said)


@pytest.mark.skipif(sys.platform == "win32", reason="a pseudo-terminal")
def test_stappenplan_with_a_wrong_setting_prints_its_message_and_exits_2(tmp_path):
    """The real start, on a terminal: the message reaches the user after the app has closed."""
    (tmp_path / "config.toml").write_text("[llm]\ntimeout_s = \"lang\"\n")
    master, slave = os.openpty()
    env = dict(os.environ, STAPPENPLAN_HOME=str(tmp_path), PYTHONPATH=str(SRC), TERM="xterm-256color")
    code = "from assistant.cli.main import main; raise SystemExit(main([]))"
    proc = subprocess.Popen([sys.executable, "-c", code], stdin=slave, stdout=slave, stderr=slave,
                            env=env, start_new_session=True)
    os.close(slave)
    seen = b""
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline:
            if select.select([master], [], [], 0.1)[0]:
                try:
                    chunk = os.read(master, 65536)
                except OSError:
                    break
                if not chunk:
                    break
                seen += chunk
            elif proc.poll() is not None:
                break
        returncode = proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(master)
    text = seen.decode("utf-8", "replace")
    assert returncode == 2
    assert "Ongeldige instelling" in text and "llm.timeout_s" in text


def test_stappenplan_keeps_its_modules_out_of_the_collectors_full_scans(tmp_path, monkeypatch):
    """What the imports made (the app's class among it) lives as long as the app: `run` moves it
    out of the collector's generations before the app starts, so the full collection that would
    otherwise come before the first frame does not walk it all."""
    import argparse
    import gc

    from assistant.cli import tui

    monkeypatch.setenv("STAPPENPLAN_HOME", str(tmp_path))
    monkeypatch.setattr(tui, "_setup_logging", lambda settings: None)  # pytest keeps its own
    monkeypatch.setattr(tui, "_has_terminal", lambda: True)  # headless here: no terminal to check
    monkeypatch.setenv("TERM", "xterm-256color")  # one that can draw the app (TERM=dumb gets plain text)
    walked: list[bool] = []

    def run_app(self, *args, **kwargs):
        walked.append(any(o is StappenplanApp for o in gc.get_objects()))

    monkeypatch.setattr(StappenplanApp, "run", run_app)
    args = argparse.Namespace(project=None, lang=None, llm=None, llm_base_url=None, llm_model=None)
    try:
        assert tui.run(args) == 0
    finally:
        gc.unfreeze()
    assert walked == [False]


def test_stappenplan_collects_no_garbage_until_its_first_frame(tmp_path, monkeypatch):
    """`stappenplan` starts with the collector off (the start's objects live as long as the app)
    and the app turns it back on once its first frame is drawn, before the rest of its start."""
    import argparse
    import gc

    from textual.app import App

    from assistant.cli import tui

    monkeypatch.setenv("STAPPENPLAN_HOME", str(tmp_path))
    monkeypatch.setattr(tui, "_setup_logging", lambda settings: None)  # pytest keeps its own
    monkeypatch.setattr(tui, "_has_terminal", lambda: True)  # headless here: no terminal to check
    monkeypatch.setenv("TERM", "xterm-256color")  # one that can draw the app (TERM=dumb gets plain text)
    collecting: dict[str, bool] = {}
    default_screen = StappenplanApp.get_default_screen

    def composing(self):
        collecting["composing the first frame"] = gc.isenabled()
        return default_screen(self)

    def after_the_first_frame(self):
        collecting["after the first frame"] = gc.isenabled()
        self.exit()

    monkeypatch.setattr(StappenplanApp, "get_default_screen", composing)
    monkeypatch.setattr(StappenplanApp, "_startup", after_the_first_frame)
    monkeypatch.setattr(StappenplanApp, "run", lambda self: App.run(self, headless=True, size=(120, 40)))
    args = argparse.Namespace(project=None, lang=None, llm=None, llm_base_url=None, llm_model=None)
    try:
        assert tui.run(args) == 0
    finally:
        gc.unfreeze()
    assert collecting == {"composing the first frame": False, "after the first frame": True}
    assert gc.isenabled()


def test_a_dumb_terminal_gets_the_plain_conversation_with_a_notice(monkeypatch, capsys):
    """TERM=dumb (an editor's shell): the app drew its full screen of colour and box characters
    anyway, as garbage; the conversation goes on in plain text, and says why."""
    import io

    from assistant.cli import tui
    from assistant.cli.main import main

    monkeypatch.setenv("TERM", "dumb")
    monkeypatch.setattr(tui, "_has_terminal", lambda: True)
    monkeypatch.setattr(StappenplanApp, "run", lambda self: pytest.fail("the app was drawn"))
    monkeypatch.setattr(sys, "stdin", io.StringIO("Containers raken onvoorspelbaar vol\n"))
    assert main(["--project", "Dom"]) == 0
    out, err = capsys.readouterr()
    assert "TERM=dumb" in err and "stappenplan chat --plain" in err
    assert "Welkom bij project Dom." in out and "Opgeslagen bij" in out
    # the lessons too (`stappenplan learn` at a terminal starts the app on them), in their plain form
    from assistant.cli.main import build_parser

    learn = build_parser().parse_args(["--lang", "en", "learn"])
    learn.start = "learn"
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    assert tui.run(learn) == 0
    out, err = capsys.readouterr()
    assert "stappenplan learn --plain" in err and "cannot draw" in err and "Each lesson explains one step" in out


def test_the_temporary_index_is_removed_when_the_app_raises(tmp_path, monkeypatch):
    """The temporary index's folder (an index folder that cannot be used) was removed only where
    the app returned normally: an app that raised left it behind in the temp folder."""
    import argparse
    import gc
    import tempfile

    from assistant.cli import tui

    monkeypatch.setenv("STAPPENPLAN_HOME", str(tmp_path / "home"))
    monkeypatch.setattr(tui, "_setup_logging", lambda settings: None)  # pytest keeps its own
    monkeypatch.setattr(tui, "_has_terminal", lambda: True)  # headless here: no terminal to check
    monkeypatch.setenv("TERM", "xterm-256color")
    scratch = tmp_path / "tmp"
    scratch.mkdir()

    def run_and_fail(self):
        # what the knowledge start does where the index folder cannot hold an index
        self.knowledge.elsewhere.enter_context(tempfile.TemporaryDirectory(dir=scratch))
        assert len(list(scratch.iterdir())) == 1
        raise RuntimeError("the app broke")

    monkeypatch.setattr(StappenplanApp, "run", run_and_fail)
    args = argparse.Namespace(project=None, lang=None, llm=None, llm_base_url=None, llm_model=None)
    try:
        with pytest.raises(RuntimeError, match="the app broke"):
            tui.run(args)
    finally:
        gc.unfreeze()
    assert not list(scratch.iterdir())
