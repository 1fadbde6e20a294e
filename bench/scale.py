"""How the product behaves on an organisation's whole library (issue 26): corpora of 1x, 10x and
100x the shipped text, indexed with `stappenplan index FOLDER`, side by side.

    .venv/bin/python bench/scale.py [--scales 1,10,100] [--chroma] [--sample 300] [--queries 30]
                                    [--out DIR] [--json FILE]

The corpora are synthesised from the shipped guidance (corpus/*.txt, deterministic seed): each
document is cut into blocks of whole sentences (about 1.5 KB, ending where a sentence ends), the
sentences of every block are put in another order, and N copies of all blocks are shuffled and
dealt into plain .txt files of the shipped documents' sizes (about 5N files, N x 0.41 MB). Every
word of the shipped text is kept, so vocabulary, passage and window lengths stay realistic; the
reshuffled sentences also keep the windows apart from the shipped ones, whose vectors ship with
the product (so no embedding figure comes from that cache). The bench's homes set
use_default_corpus = false: the index holds the synthesised library alone, N x the shipped text.

Per scale, in fresh child processes (peak RSS per child from os.wait4, as ru_maxrss):
  lexical build   `index --lexical FOLDER` in a fresh home, cold (wall time, peak RSS)
  unchanged rerun the same again: what every later start pays before the first answer
  index on disk   the index folder after the lexical build (bm25, passages, manifest)
  warm query      p50/p95 of KnowledgeBase.ask (what `ask --json` runs), lexical, over --queries
                  questions of bench/questions/test.jsonl, after one pass to warm up; peak RSS
  embedding       PROJECTED at every scale: windows per passage and windows per second are
                  measured on a random sample of about --sample passages of the 1x library
                  (KnowledgeBase.ensure_index on a sample folder, the default model, timed from
                  its "embedden" progress), then passages x windows/passage / (windows/s)
  vectors         PROJECTED: windows x 384 float32, the matrix every query holds in memory
  first answer    `index FOLDER` (with vectors, as a user runs it) is started in a fresh home and
                  `ask --lexical` is tried every second from the same home; the time of the first
                  answer, or "—" when none came before the cap (see --first-answer-cap); then
                  how long the next `ask --lexical` takes while `index` still runs
The 1x column is the baseline: every other column prints its ratio against it (same run, since
these machines are noisy). No figure here is asserted in a test.

Behaviour checks on the sample folder (printed after the table):
  resume          `index` on the sample is killed (SIGKILL) halfway through embedding, then run
                  again: does it embed only what is missing?
  --chroma        `chroma run` on 127.0.0.1 (a free port, a fresh --path), heartbeat awaited;
                  the sample is indexed through STAPPENPLAN_CHROMA_URL (vectors embedded into the
                  server: the full 100x would take hours here, so the shared index is measured on
                  the sample, say the output), warm query p50/p95 through the server beside the
                  same questions on the local vector store; then two clients index at once (one
                  the team's folder, one the team's folder plus a folder of its own) while a third
                  asks questions; then each client runs `index` again, one after the other, and
                  what such a rerun has to embed is what that client lost from the server
                  (nothing may be lost); the windows per document in the server are printed.

Targets at 100x (issue 26): lexical index <= 60 s, warm query p50 <= 100 ms, peak memory <= 2 GB;
through Chroma: warm query p50 <= 150 ms, two clients lose nothing. The exit status is 0 when the
bench ran, whatever the figures (read the table).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "corpus"
QUESTIONS = ROOT / "bench" / "questions" / "test.jsonl"
PYTHON = sys.executable
SEED = 26
BLOCK_CHARS = 1500
VECTOR_BYTES = 384 * 4  # multilingual-e5-small: 384 float32 per window
TARGETS = {"lexical_s": 60.0, "query_p50_ms": 100.0, "peak_mb": 2048.0, "chroma_p50_ms": 150.0}
_SENTENCE_END_RE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9“\"‘(•])")
_LINE_RE = re.compile(r"^.*$", re.MULTILINE)
_SUMMARY_RE = re.compile(r"(\d+) documenten, (\d+) passages; index (.+?); (\d+) passages ingebed")


def log(message: str) -> None:
    print(f"[scale] {message}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------- the product
def product_api():
    """The only imports of the product (its facade); everything else goes through the CLI.
    One place to fix when the package moves."""
    from assistant.answer.extractive import ExtractiveAnswerer
    from assistant.cli.common import open_knowledge_base
    from assistant.core.settings import load_settings
    from assistant.knowledge.base import KnowledgeBase

    return load_settings, KnowledgeBase, open_knowledge_base, ExtractiveAnswerer


# ---------------------------------------------------------------------------- corpora
def blocks_of(text: str) -> list[str]:
    """The text cut into runs of lines of about BLOCK_CHARS, each ending at a sentence's end."""
    blocks, current, size = [], [], 0
    for line in text.split("\n"):
        current.append(line)
        size += len(line)
        if size >= BLOCK_CHARS and line.rstrip().endswith((".", "!", "?", ":")):
            blocks.append("\n".join(current).strip("\n"))
            current, size = [], 0
    if any(line.strip() for line in current):
        blocks.append("\n".join(current).strip("\n"))
    return [b for b in blocks if b.strip()]


def reordered(block: str, rng: random.Random) -> str:
    """The block's sentences in another order; the words, line breaks and debris inside a
    sentence stay as they are."""
    sentences = _SENTENCE_END_RE.split(block)
    rng.shuffle(sentences)
    return "\n\n".join(s.strip("\n") for s in sentences)


def shipped_documents() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(SHIPPED.glob("*.txt"))]


def synthesise(scale: int, folder: Path, seed: int = SEED) -> dict:
    """Write a library of `scale` x the shipped text into `folder` (reused when already made
    with the same scale and seed); returns its files and size."""
    stamp = folder / ".made"
    wanted = f"scale={scale} seed={seed} block={BLOCK_CHARS}"
    if stamp.is_file() and stamp.read_text() == wanted:
        return library_size(folder)
    if folder.exists():
        for old in folder.glob("*.txt"):
            old.unlink()
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(f"{seed}-{scale}")
    documents = shipped_documents()
    sizes = [len(d) for d in documents]
    blocks = [b for d in documents for b in blocks_of(d)]
    copies = [reordered(b, rng) for _ in range(scale) for b in blocks]
    rng.shuffle(copies)
    number = 0
    while copies:
        target = rng.choice(sizes) * rng.uniform(0.5, 1.5)
        body, size = [], 0
        while copies and size < target:
            body.append(copies.pop())
            size += len(body[-1])
        number += 1
        (folder / f"bibliotheek_{number:05d}.txt").write_text("\n\n".join(body) + "\n", encoding="utf-8")
    stamp.write_text(wanted)
    return library_size(folder)


def library_size(folder: Path) -> dict:
    files = sorted(folder.glob("*.txt"))
    return {"files": len(files), "mb": sum(f.stat().st_size for f in files) / 1e6}


def sample_library(source: Path, folder: Path, passages: int, seed: int = SEED) -> dict:
    """A folder of randomly drawn blocks of `source` of about `passages` passages (the shipped
    text holds about 780 characters per passage), in files of about 40 KB."""
    if folder.exists():
        for old in folder.glob("*.txt"):
            old.unlink()
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(f"{seed}-sample")
    blocks = [b for f in sorted(source.glob("*.txt")) for b in blocks_of(f.read_text(encoding="utf-8"))]
    rng.shuffle(blocks)
    wanted, taken = passages * 780, []
    while blocks and sum(len(b) for b in taken) < wanted:
        taken.append(blocks.pop())
    per_file = max(1, 40_000 // BLOCK_CHARS)
    for n in range(0, len(taken), per_file):
        (folder / f"steekproef_{n // per_file:04d}.txt").write_text("\n\n".join(taken[n:n + per_file]) + "\n",
                                                                    encoding="utf-8")
    return library_size(folder)


# ---------------------------------------------------------------------------- child processes
@dataclass
class Run:
    seconds: float
    rc: int | None
    stdout: str
    stderr: str
    peak_mb: float


def fresh_home(path: Path, chroma_url: str | None = None) -> dict[str, str]:
    """A new empty home that holds only what it is given, and the environment that uses it."""
    if path.exists():
        subprocess.run(["rm", "-rf", str(path)], check=True)
    path.mkdir(parents=True)
    (path / "config.toml").write_text("use_default_corpus = false\n", encoding="utf-8")
    return home_env(path, chroma_url)


def home_env(home: Path, chroma_url: str | None = None) -> dict[str, str]:
    """The environment of a bench home: none of the user's STAPPENPLAN_ settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("STAPPENPLAN_")}
    # the checkout's own package (src/), also from a worktree beside an editable install of another
    env.update(STAPPENPLAN_HOME=str(home), PYTHONPATH=str(ROOT / "src"), ANONYMIZED_TELEMETRY="False")
    if chroma_url:
        env["STAPPENPLAN_CHROMA_URL"] = chroma_url
    return env


def start(args: list[str], env: dict[str, str]) -> tuple[subprocess.Popen, float]:
    """A child that runs beside the bench (its peak RSS is not kept: poll() reaps it without)."""
    process = subprocess.Popen(args, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return process, time.perf_counter()


def finish(process: subprocess.Popen, started: float) -> Run:
    stdout, stderr = process.communicate()
    return Run(time.perf_counter() - started, process.returncode, stdout, stderr, 0.0)


def run_child(args: list[str], env: dict[str, str], timeout: float | None = None) -> Run:
    """Run a child to its end (killed at `timeout`); its own peak RSS comes from os.wait4, which
    reaps it (so output goes to files, not pipes that Popen would wait on)."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        process = subprocess.Popen(args, env=env, cwd=ROOT, stdout=out, stderr=err, text=True)
        started = time.perf_counter()
        timer = threading.Timer(timeout, process.kill) if timeout else None
        if timer:
            timer.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            if timer:
                timer.cancel()
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)  # reaped here: Popen must not wait again
        out.seek(0)
        err.seek(0)
        return Run(seconds, process.returncode, out.read(), err.read(), usage.ru_maxrss / 1024)


def cli(*args: str) -> list[str]:
    return [PYTHON, "-m", "assistant", *args]


def summary(run: Run) -> dict:
    """documents, passages, rebuilt?, embedded from `index`'s last lines."""
    match = _SUMMARY_RE.search(run.stdout)
    if not match:
        raise RuntimeError(f"index failed (exit {run.rc}): {run.stderr.strip()[-800:]}")
    return {"documents": int(match[1]), "passages": int(match[2]), "state": match[3], "embedded": int(match[4])}


def du_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


# ---------------------------------------------------------------------------- in-child measurements
def child_queries(count: int, repeats: int, dense: bool) -> None:
    """(in a child) warm extractive-answer timings over the test questions, as JSON on stdout."""
    load_settings, _, open_knowledge_base, ExtractiveAnswerer = product_api()
    questions = [json.loads(line)["question"] for line in QUESTIONS.read_text(encoding="utf-8").splitlines()
                 if line.strip()][:count]
    started = time.perf_counter()
    kb = open_knowledge_base(load_settings(), dense=dense, quiet=True)
    opened = time.perf_counter() - started
    answerer = ExtractiveAnswerer(kb)
    for question in questions:  # warm-up: word lists, speller, the vector matrix
        answerer.ask(question, k=5)
    samples, found = [], 0
    for _ in range(repeats):
        for question in questions:
            started = time.perf_counter()
            answer = answerer.ask(question, k=5)
            samples.append((time.perf_counter() - started) * 1000)
            found += bool(answer.found)
    print(json.dumps({"open_s": opened, "p50_ms": percentile(samples, 50), "p95_ms": percentile(samples, 95),
                      "asked": len(samples), "found": found, "dense": kb.dense_ready, "dense_error": kb.dense_error}))


def child_embed() -> None:
    """(in a child) build the index of the home's folders with vectors, timing the embedding
    from the product's own progress calls; JSON on stdout."""
    load_settings, KnowledgeBase, _, _ = product_api()
    marks: dict[str, list[tuple[float, int, int]]] = {}

    def progress(stage: str, done: int, total: int) -> None:
        marks.setdefault(stage, []).append((time.perf_counter(), done, total))

    kb = KnowledgeBase(load_settings())
    report = kb.ensure_index(progress, dense=True)
    embedding = marks.get("embedden", [])
    seconds = embedding[-1][0] - embedding[0][0] if len(embedding) > 1 else 0.0
    windows = embedding[-1][2] if embedding else 0
    print(json.dumps({"passages": len(kb.chunks), "windows": windows, "embedded": report.embedded,
                      "embed_s": seconds, "dense": kb.dense_ready, "dense_error": kb.dense_error}))


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, max(0, math.ceil(q / 100 * len(ordered)) - 1))]  # nearest rank


def bench_child(mode: str, env: dict[str, str], queries: int = 30, repeats: int = 2,
                dense: bool = False, timeout: float | None = None) -> tuple[dict, Run]:
    args = [PYTHON, str(Path(__file__).resolve()), f"--child-{mode}", "--queries", str(queries),
            "--repeats", str(repeats)] + (["--dense"] if dense else [])
    run = run_child(args, env, timeout)
    if run.rc != 0:
        raise RuntimeError(f"{mode} child failed (exit {run.rc}): {run.stderr.strip()[-800:]}")
    return json.loads(run.stdout.strip().splitlines()[-1]), run


# ---------------------------------------------------------------------------- per scale
@dataclass
class ScaleFigures:
    scale: int
    files: int = 0
    text_mb: float = 0.0
    passages: int = 0
    lexical_s: float = 0.0
    lexical_peak_mb: float = 0.0
    unchanged_s: float = 0.0
    index_mb: float = 0.0
    query_p50_ms: float = 0.0
    query_p95_ms: float = 0.0
    query_open_s: float = 0.0
    query_peak_mb: float = 0.0
    windows_projected: float = 0.0
    embed_s_projected: float = 0.0
    vectors_mb_projected: float = 0.0
    first_answer_s: float | None = None
    first_answer_cap_s: float = 0.0
    next_ask_s: float | None = None
    first_answer_note: str = ""
    notes: list[str] = field(default_factory=list)


def measure_scale(scale: int, out: Path, args: argparse.Namespace) -> ScaleFigures:
    figures = ScaleFigures(scale)
    library = out / f"library-{scale}x"
    log(f"{scale}x: synthesising {library}")
    made = synthesise(scale, library)
    figures.files, figures.text_mb = made["files"], made["mb"]
    home = out / f"home-{scale}x"
    env = fresh_home(home)
    log(f"{scale}x: index --lexical ({figures.files} files, {figures.text_mb:.1f} MB)")
    built = run_child(cli("index", "--lexical", str(library)), env)
    figures.passages = summary(built)["passages"]
    figures.lexical_s, figures.lexical_peak_mb = built.seconds, built.peak_mb
    figures.index_mb = du_mb(home / "data" / "index")
    again = run_child(cli("index", "--lexical"), env)
    summary(again)
    figures.unchanged_s = again.seconds
    log(f"{scale}x: warm queries")
    timing, run = bench_child("queries", env, args.queries, args.repeats)
    figures.query_p50_ms, figures.query_p95_ms = timing["p50_ms"], timing["p95_ms"]
    figures.query_open_s, figures.query_peak_mb = timing["open_s"], run.peak_mb
    if not args.no_first_answer:
        log(f"{scale}x: first answer after `index FOLDER` starts")
        cap = args.first_answer_cap or max(60.0, 2 * figures.lexical_s + 30)
        figures.first_answer_cap_s = cap
        figures.first_answer_s, figures.next_ask_s, figures.first_answer_note = first_answer(
            library, out / f"home-{scale}x-first", cap)
    return figures


NEXT_ASK_CAP = 60.0


def first_answer(library: Path, home: Path, cap: float) -> tuple[float | None, float | None, str]:
    """Seconds from the start of `index FOLDER` (with vectors) to the first answer of
    `ask --lexical` from the same home, tried every second (None past `cap`); then how long the
    next `ask --lexical` takes while the index is still being built (None past NEXT_ASK_CAP)."""
    env = fresh_home(home)
    indexing, started = start(cli("index", str(library)), env)
    answered = following = None
    note = "ask waited on the index lock until the cap"
    try:
        while (remaining := cap - (time.perf_counter() - started)) > 0:
            asked = timed_ask(env, max(1.0, remaining))
            if asked is None:
                break
            if asked:
                answered = time.perf_counter() - started
                note = "index still running" if indexing.poll() is None else "index had finished"
                break
            time.sleep(1.0)
        if answered is not None and indexing.poll() is None:
            asked_at = time.perf_counter()
            following = time.perf_counter() - asked_at if timed_ask(env, NEXT_ASK_CAP) else None
            note += (f"; the next ask answered after {following:.1f} s" if following
                     else f"; the next ask had no answer within {NEXT_ASK_CAP:.0f} s (index still running: "
                          f"{indexing.poll() is None})")
    finally:
        if indexing.poll() is None:
            indexing.kill()
        indexing.communicate()
    return answered, following, note


def timed_ask(env: dict[str, str], timeout: float) -> bool | None:
    """Whether `ask --lexical` answered; None when it had not within `timeout`."""
    try:
        asked = subprocess.run(cli("ask", "--lexical", "--json", "Wat is een innovatiepartnerschap?"), env=env,
                               cwd=ROOT, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None
    return asked.returncode == 0 and bool(asked.stdout.strip())


# ---------------------------------------------------------------------------- embedding sample
def measure_embedding(out: Path, args: argparse.Namespace) -> dict:
    """Windows per passage and windows per second on a random sample of the 1x library."""
    library = out / "library-1x"
    synthesise(1, library)
    sample = out / "sample"
    made = sample_library(library, sample, args.sample)
    env = fresh_home(out / "home-sample")
    log(f"embedding sample: {made['files']} files, {made['mb']:.2f} MB, default model")
    summary(run_child(cli("index", "--lexical", str(sample)), env))  # adds the folder to the home's index
    result, run = bench_child("embed", env)
    if not result["dense"] or not result["embed_s"]:
        raise RuntimeError(f"the sample was not embedded: {result['dense_error']}")
    result.update(windows_per_passage=result["windows"] / result["passages"],
                  windows_per_s=result["embedded"] / result["embed_s"], peak_mb=run.peak_mb,
                  index_mb=du_mb(out / "home-sample" / "data" / "index"), sample_mb=made["mb"])
    return result


def project(figures: ScaleFigures, embedding: dict) -> None:
    figures.windows_projected = figures.passages * embedding["windows_per_passage"]
    figures.embed_s_projected = figures.windows_projected / embedding["windows_per_s"]
    figures.vectors_mb_projected = figures.windows_projected * VECTOR_BYTES / 1e6


def check_resume(out: Path, embedding: dict) -> dict:
    """Kill `index` on the sample halfway through its embedding (SIGKILL), run it again: how
    many windows does the second run embed, of how many? When the embedding was done before the
    kill (the machine got faster), again with half the wait, three times at most."""
    for share in (0.5, 0.25, 0.125):
        env = fresh_home(out / "home-resume")
        killed, killed_after = kill_while_embedding(env, out / "home-resume", out / "sample",
                                                    share * embedding["embed_s"])
        if killed:
            break
    again = run_child(cli("index", str(out / "sample")), env)
    second = summary(again)
    return {"killed_after_s": killed_after, "killed": killed,
            "windows": embedding["windows"], "embedded_after_kill": second["embedded"],
            "lexical_after_kill": second["state"], "rerun_s": again.seconds}


def kill_while_embedding(env: dict[str, str], home: Path, folder: Path, wait: float) -> tuple[bool, float]:
    """Start `index FOLDER`, SIGKILL it `wait` seconds after its lexical index is written;
    whether it was still running then, and when."""
    indexing, started = start(cli("index", str(folder)), env)
    manifest = home / "data" / "index" / "manifest.json"
    while not manifest.exists() and indexing.poll() is None:
        time.sleep(0.2)
    time.sleep(wait)
    killed = indexing.poll() is None
    if killed:
        indexing.send_signal(signal.SIGKILL)
    killed_after = time.perf_counter() - started
    indexing.communicate()
    return killed, killed_after


# ---------------------------------------------------------------------------- Chroma
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_chroma(path: Path) -> tuple[subprocess.Popen, str]:
    """`chroma run` on loopback with its own --path (its log beside it), once it answers."""
    port = free_port()
    chroma = Path(PYTHON).with_name("chroma")
    path.mkdir(parents=True, exist_ok=True)
    log_file = (path.parent / f"{path.name}.log").open("w")
    server = subprocess.Popen([str(chroma), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
                              stdout=log_file, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"chroma run ended (exit {server.returncode}); see {log_file.name}")
        try:
            with urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=2) as reply:
                if reply.status == 200:
                    return server, url
        except OSError:
            time.sleep(0.3)
    server.kill()
    raise RuntimeError("chroma run gave no heartbeat within 60 s")


def stored_windows(url: str) -> dict[str, int]:
    """Windows per document in the server's stappenplan collection(s), read with chromadb."""
    import chromadb

    client = chromadb.HttpClient(host="127.0.0.1", port=int(url.rsplit(":", 1)[1]))
    per_doc: dict[str, int] = {}
    for existing in client.list_collections():
        name = existing if isinstance(existing, str) else existing.name
        if name.startswith("stappenplan-"):
            # a window's id starts with its document's ("<doc>-<digest>:<n>"); no metadata is stored
            for window_id in client.get_collection(name).get(include=[])["ids"]:
                doc = window_id.rpartition(":")[0].rpartition("-")[0]
                per_doc[doc] = per_doc.get(doc, 0) + 1
    return per_doc


def measure_chroma(out: Path, args: argparse.Namespace, embedding: dict) -> dict:
    sample = out / "sample"
    data = out / "chroma-data"
    if data.exists():
        subprocess.run(["rm", "-rf", str(data)], check=True)
    server, url = start_chroma(data)
    log(f"chroma: server at {url}")
    try:
        return _chroma_figures(out, args, sample, url)
    finally:
        stop_chroma(server)


def stop_chroma(server: subprocess.Popen) -> None:
    """Stop a server start_chroma started: asked first, killed after 20 s."""
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def _chroma_figures(out: Path, args: argparse.Namespace, sample: Path, url: str) -> dict:
    figures: dict = {"url": url}
    env_a = fresh_home(out / "home-chroma-a", url)
    log("chroma: client A indexes the sample into the server")
    built = run_child(cli("index", str(sample)), env_a)
    figures["index_s"], figures["windows_a"] = built.seconds, summary(built)["embedded"]
    log("chroma: warm queries through the server, and on the local store (baseline)")
    timing, run = bench_child("queries", env_a, args.queries, args.repeats, dense=True)
    local, local_run = bench_child("queries", home_env(out / "home-sample"), args.queries, args.repeats, dense=True)
    figures.update(p50_ms=timing["p50_ms"], p95_ms=timing["p95_ms"], peak_mb=run.peak_mb, dense=timing["dense"],
                   local_p50_ms=local["p50_ms"], local_p95_ms=local["p95_ms"], local_peak_mb=local_run.peak_mb,
                   stored_after_a=sum(stored_windows(url).values()))
    figures.update(two_clients(out, sample, url, env_a))
    return figures


def two_clients(out: Path, sample: Path, url: str, env_a: dict[str, str]) -> dict:
    """B indexes the team's folder plus a folder of its own, C the team's folder, at once,
    while A asks questions through the server. Then each client runs `index` again, one after
    the other: what a rerun embeds is what that client had lost from the server."""
    own = out / "client-b-own"
    own.mkdir(exist_ok=True)
    for old in own.glob("*.txt"):
        old.unlink()
    blocks = blocks_of((out / "library-1x" / "bibliotheek_00001.txt").read_text(encoding="utf-8"))
    (own / "eigen_notitie.txt").write_text("\n\n".join(blocks[:6]) + "\n", encoding="utf-8")
    env_b, env_c = fresh_home(out / "home-chroma-b", url), fresh_home(out / "home-chroma-c", url)
    log("chroma: clients B and C index at once while A asks")
    b, b_started = start(cli("index", str(sample), str(own)), env_b)
    c, c_started = start(cli("index", str(sample)), env_c)
    asked = failed = 0
    while b.poll() is None or c.poll() is None:
        reply = subprocess.run(cli("ask", "--json", "Wat is een innovatiepartnerschap?"), env=env_a, cwd=ROOT,
                               capture_output=True, text=True)
        asked += 1
        failed += reply.returncode != 0 or not reply.stdout.strip()
    b_sum, c_sum = summary(finish(b, b_started)), summary(finish(c, c_started))
    figures = {"b_embedded": b_sum["embedded"], "c_embedded": c_sum["embedded"], "asked_during": asked,
               "asks_failed": failed, "stored_after_both": stored_windows(url)}
    log("chroma: each client indexes again, one after the other (nothing changed for any)")
    for name, env in (("a", env_a), ("b", env_b), ("c", env_c), ("b_after_c", env_b)):
        figures[f"lost_{name}"] = summary(run_child(cli("index"), env))["embedded"]
    figures["stored_at_end"] = stored_windows(url)
    return figures


# ---------------------------------------------------------------------------- the table
def ratio(value: float | None, base: float | None) -> str:
    if value is None or not base:
        return ""
    return f" ({value / base:.1f}x)"


def table(rows: list[ScaleFigures], embedding: dict | None) -> str:
    base = rows[0]
    lines = []

    def row(label: str, values: list[float | None], fmt: str, target: str = "") -> None:
        cells = []
        for n, value in enumerate(values):
            text = "—" if value is None else format(value, fmt)
            cells.append(text + (ratio(value, values[0]) if n else ""))
        lines.append(f"{label:<34}" + "".join(f"{c:>20}" for c in cells) + (f"   {target}" if target else ""))

    lines.append(f"{'':<34}" + "".join(f"{f'{r.scale}x':>20}" for r in rows))
    row("files", [r.files for r in rows], "d")
    row("text (MB)", [r.text_mb for r in rows], ".1f")
    row("passages", [r.passages for r in rows], "d")
    row("lexical index build (s)", [r.lexical_s for r in rows], ".1f", "target at 100x <= 60 s")
    row("  peak RSS of that build (MB)", [r.lexical_peak_mb for r in rows], ".0f", "target <= 2048 MB")
    row("unchanged rerun of index (s)", [r.unchanged_s for r in rows], ".1f")
    row("index on disk, lexical (MB)", [r.index_mb for r in rows], ".1f")
    row("warm query p50 (ms), lexical", [r.query_p50_ms for r in rows], ".0f", "target at 100x <= 100 ms")
    row("warm query p95 (ms), lexical", [r.query_p95_ms for r in rows], ".0f")
    row("  open before first query (s)", [r.query_open_s for r in rows], ".1f")
    row("  peak RSS of the asking process (MB)", [r.query_peak_mb for r in rows], ".0f", "target <= 2048 MB")
    if embedding:
        row("windows to embed (projected)", [r.windows_projected for r in rows], ".0f")
        row("embedding time (s, projected)", [r.embed_s_projected for r in rows], ".0f")
        row("vector matrix in memory (MB, proj.)", [r.vectors_mb_projected for r in rows], ".0f")
    if any(r.first_answer_cap_s for r in rows):
        row("first answer after index starts (s)", [r.first_answer_s for r in rows], ".1f", "— = none before the cap")
        row("  cap (s)", [r.first_answer_cap_s for r in rows], ".0f")
        row("  the next ask, while indexing (s)", [r.next_ask_s for r in rows], ".1f", "— = none within 60 s")
    return "\n".join(lines)


def report(rows: list[ScaleFigures], embedding: dict | None, resume: dict | None, chroma: dict | None) -> str:
    parts = [f"stappenplan scale bench: {os.cpu_count()} CPUs, load average "
             f"{' '.join(f'{v:.2f}' for v in os.getloadavg())} (ratios are against the 1x column, same run)", "",
             table(rows, embedding)]
    for r in rows:
        if r.first_answer_note:
            parts.append(f"first answer at {r.scale}x: {r.first_answer_note}")
    if embedding:
        parts += ["", f"embedding (measured on a sample of {embedding['passages']} passages, {embedding['sample_mb']:.2f} MB "
                      f"of the 1x library, default model): {embedding['windows']} windows, "
                      f"{embedding['windows_per_passage']:.2f} windows/passage, {embedding['windows_per_s']:.1f} windows/s, "
                      f"peak RSS {embedding['peak_mb']:.0f} MB, index with vectors {embedding['index_mb']:.1f} MB on disk. "
                      "Figures marked projected = passages x windows/passage / (windows/s); vector matrix = "
                      "windows x 384 float32."]
    if resume:
        parts += ["", f"resume after kill: `index` killed {resume['killed_after_s']:.0f} s after start "
                      f"(killed: {resume['killed']}); the rerun ({resume['rerun_s']:.0f} s) found the lexical index "
                      f"{resume['lexical_after_kill']} and embedded {resume['embedded_after_kill']} of "
                      f"{resume['windows']} windows"]
    if chroma:
        parts += ["", chroma_report(chroma)]
    return "\n".join(parts)


def chroma_report(c: dict) -> str:
    lost = {k[5:]: v for k, v in c.items() if k.startswith("lost_")}
    return "\n".join([
        f"shared index through `chroma run` ({c['url']}), on the sample (vectors embedded into the server; "
        f"the 100x library would take hours on this machine):",
        f"  client A's index with vectors: {c['index_s']:.0f} s, {c['windows_a']} windows embedded",
        f"  warm query p50 {c['p50_ms']:.0f} ms, p95 {c['p95_ms']:.0f} ms through the server (target <= 150 ms) "
        f"against {c['local_p50_ms']:.0f} / {c['local_p95_ms']:.0f} ms on the local store "
        f"({c['p50_ms'] / c['local_p50_ms']:.1f}x); peak RSS {c['peak_mb']:.0f} MB against "
        f"{c['local_peak_mb']:.0f} MB; dense side on: {c['dense']}",
        f"  two clients at once: B (team folder + its own) embedded {c['b_embedded']}, C (team folder) "
        f"{c['c_embedded']}; A asked {c['asked_during']} questions meanwhile, {c['asks_failed']} failed",
        f"  windows per document in the server after both: {c['stored_after_both']}",
        "  windows each client's next `index` had to embed again (= lost to the others), in this order: "
        + ", ".join(f"{name} {count}" for name, count in lost.items())
        + (" -> nothing lost" if not any(lost.values()) else " -> LOST"),
        f"  windows per document in the server at the end: {c['stored_at_end']}",
    ])


# ---------------------------------------------------------------------------- main
def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="1,10,100", help="comma-separated multiples of the shipped text")
    parser.add_argument("--chroma", action="store_true", help="also the shared index through `chroma run`")
    parser.add_argument("--sample", type=int, default=300, help="passages in the embedding sample (default 300)")
    parser.add_argument("--no-embedding", action="store_true", help="skip the embedding sample (and resume, chroma)")
    parser.add_argument("--no-first-answer", action="store_true", help="skip the first-answer measurement")
    parser.add_argument("--first-answer-cap", type=float, default=0.0,
                        help="seconds to wait for the first answer (default 2 x lexical build + 30, at least 60)")
    parser.add_argument("--queries", type=int, default=30, help="questions timed per scale (default 30)")
    parser.add_argument("--repeats", type=int, default=2, help="times each question is timed (default 2)")
    parser.add_argument("--out", type=Path, help="working folder: libraries, homes (default: a new temporary one)")
    parser.add_argument("--json", type=Path, help="also write every figure to this JSON file")
    parser.add_argument("--dense", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--child-queries", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--child-embed", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.child_queries:
        child_queries(args.queries, args.repeats, args.dense)
        return 0
    if args.child_embed:
        child_embed()
        return 0
    scales = [int(s) for s in args.scales.split(",") if s.strip()]
    out = (args.out or Path(tempfile.mkdtemp(prefix="stappenplan-scale-"))).resolve()
    out.mkdir(parents=True, exist_ok=True)
    log(f"working in {out}")
    embedding = resume = chroma = None
    if not args.no_embedding:
        embedding = measure_embedding(out, args)
    rows = []
    for scale in scales:
        rows.append(measure_scale(scale, out, args))
        if embedding:
            project(rows[-1], embedding)
        print(report(rows, embedding, None, None), file=sys.stderr, flush=True)  # what we have so far
    if embedding:
        log("resume after kill, on the sample")
        resume = check_resume(out, embedding)
    if embedding and args.chroma:
        chroma = measure_chroma(out, args, embedding)
    print(report(rows, embedding, resume, chroma), flush=True)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"scales": [asdict(r) for r in rows], "embedding": embedding, "resume": resume,
                                         "chroma": chroma, "cpus": os.cpu_count(), "load": os.getloadavg(),
                                         "targets": TARGETS}, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
