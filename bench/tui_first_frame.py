"""Time to the first frame of the Stappenplan app, beside a bare Textual app started the same way.

Each run starts a fresh Python process on a pseudo-terminal (120×40), exactly as a user's shell
would, and the clock stops when a text that only the first frame contains has been written to the
terminal: the input placeholder of our app, a fixed label of the bare app. The process is then
stopped. Every run gets a fresh STAPPENPLAN_HOME, so our app also meets its first start (no
index yet; the index is built in a worker after the first frame, which the clock does not wait
for). The median of N runs is printed for both, and their ratio; and our app started through
the `stappenplan` entry point (its command line read first), beside the same bare app.

Both start from byte-compiled modules, as installed packages do (pip compiles a wheel's modules
when it installs them): the checkout's package is compiled once before the runs. Without that,
a checkout run with PYTHONDONTWRITEBYTECODE (or on a read-only tree) compiled our sources on every
start while Textual's came compiled from the venv (about 20 ms of ours, none of the bare app's).
The children import the checkout's own package (src/), not an editable install of another tree.

    .venv/bin/python bench/tui_first_frame.py [-n 7]

Target: our app's first frame within 1 s on the 2-core machine.
"""

from __future__ import annotations

import argparse
import compileall
import fcntl
import os
import select
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

BARE = """
from textual.app import App
from textual.widgets import Footer, Header, Static

class Bare(App):
    def compose(self):
        yield Header()
        yield Static("BARE-FIRST-FRAME")
        yield Footer()

Bare().run()
"""

OURS = """
from assistant.cli.tui import run
import argparse
raise SystemExit(run(argparse.Namespace(project=None, lang=None, llm=None, llm_base_url=None, llm_model=None)))
"""

#: The same app through the `stappenplan` entry point (its command line read first).
ENTRY = """
from assistant.cli.main import main
raise SystemExit(main([]))
"""

sys.path.insert(0, str(ROOT / "src"))  # the package, also without an installed venv
from assistant.tui.i18n import t  # noqa: E402 (a tiny module: the interface labels)

#: Text that only a drawn first frame contains: our input's placeholder (Dutch, the default).
MARKERS = {"bare": b"BARE-FIRST-FRAME", "ours": t("prompt.placeholder", "nl")[:18].encode()}
MARKERS["entry"] = MARKERS["ours"]
CODE = {"bare": BARE, "ours": OURS, "entry": ENTRY}


def first_frame(kind: str, timeout: float = 20.0) -> float:
    """Seconds from process start until the marker of `kind` appears on the terminal."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    home = tempfile.mkdtemp(prefix="sp-bench-")
    env = dict(os.environ, STAPPENPLAN_HOME=home, TERM="xterm-256color", COLORTERM="truecolor",
               HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", PYTHONPATH=str(ROOT / "src"))
    env.pop("TEXTUAL", None)
    code = CODE[kind]
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code], stdin=slave, stdout=slave, stderr=slave,
                            cwd=ROOT, env=env, start_new_session=True, close_fds=True)
    os.close(slave)
    seen = b""
    elapsed = None
    try:
        while time.perf_counter() - started < timeout:
            ready, _, _ = select.select([master], [], [], 0.05)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:
                    break
                if not chunk:
                    break
                seen += chunk
                if MARKERS[kind] in seen:
                    elapsed = time.perf_counter() - started
                    break
            elif proc.poll() is not None:
                break
    finally:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        os.close(master)
    if elapsed is None:
        tail = seen[-2000:].decode("utf-8", "replace")
        raise RuntimeError(f"{kind}: no first frame within {timeout}s; output ended with:\n{tail}")
    return elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=7, help="runs per app (default 7)")
    args = parser.parse_args(argv)
    # as installed: byte-compiled (the venv's Textual is; __pycache__ is ignored by git)
    compileall.compile_dir(ROOT / "src" / "assistant", quiet=1)
    first_frame("bare")  # warm the file cache once, for both
    first_frame("ours")
    results: dict[str, list[float]] = {"bare": [], "ours": [], "entry": []}
    for _ in range(args.n):  # interleaved, so drift hits all alike
        for kind in ("bare", "ours", "entry"):
            results[kind].append(first_frame(kind))
    bare = statistics.median(results["bare"])
    ours = statistics.median(results["ours"])
    print(f"first frame, median of {args.n} runs on a 120x40 pty ({os.cpu_count()} cores)")
    print(f"  bare Textual app : {bare * 1000:7.0f} ms  (min {min(results['bare']) * 1000:.0f}, "
          f"max {max(results['bare']) * 1000:.0f})")
    print(f"  stappenplan      : {ours * 1000:7.0f} ms  (min {min(results['ours']) * 1000:.0f}, "
          f"max {max(results['ours']) * 1000:.0f})")
    print(f"  ratio            : {ours / bare:7.2f}x")
    entry = statistics.median(results["entry"])
    print(f"  via `stappenplan`: {entry * 1000:7.0f} ms  (min {min(results['entry']) * 1000:.0f}, "
          f"max {max(results['entry']) * 1000:.0f}), {entry / bare:.2f}x")
    print(f"  target < 1000 ms : {'met' if ours < 1.0 else 'NOT met'}")
    return 0 if ours < 1.0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
