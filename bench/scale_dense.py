"""Dense search on an organisation's whole library (issue 26): the vector side at 1x, 10x and 100x
the shipped windows, in a local store and through a `chroma run` server, side by side.

    .venv/bin/python bench/scale_dense.py [--scales 1,10,100] [--queries 30] [--repeats 2]
                                          [--no-server] [--baseline DIR] [--out DIR] [--json FILE]

Embedding 100x the shipped text takes hours on two cores, so no model fills the stores here:
the shipped real window vectors (resources/vectors, the default model's) are repeated N times,
each copy with small seeded noise (sigma NOISE per dimension) and re-normalised, under window ids
and metadata shaped exactly as DenseIndex.sync writes them ("<chunk id>:<n>"; chunk, doc,
section, step), copy k of passage P being passage "P~k". The passages and their windows are the
shipped corpus's (a lexical build in a temporary home). DenseIndex then reads them as its own;
only the questions are embedded, by the real default model.

Per scale, a fresh local store (PersistentClient, filled in a child) and a fresh `chroma run`
server (127.0.0.1, a free port, its own --path; filled through HttpClient). Then per case, in a
fresh child process (peak RSS from os.wait4, as ru_maxrss):
  open            DenseIndex on the store (client + collection)
  model           loading the default model (not part of the first query)
  first query     window_similarities of the first question: reading every window's vector
                  into the matrix, then embedding and scoring; "read" is that minus one embed
  warm query      p50/p95 of window_similarities over --queries questions of
                  bench/questions/tune.jsonl (a pass to warm up, then --repeats timed passes)
  peak RSS        the child's; for the server case also the server's own peak (VmHWM)
  next start      (local) the same child once more on the same store: what a later start pays,
                  with the matrix file the product keeps beside a local store (dense.MatrixCache)
--baseline DIR: the same query children also with the product of another checkout (DIR/src,
e.g. `git archive main | tar -x -C DIR`), on the same stores, before this code's: before/after
in one run. Every figure is printed beside the 1x figure of the same case in the same run (ratio): these
machines are noisy. No figure is asserted anywhere. Exit status 0 when the bench ran.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from scale import free_port, percentile, ratio, start_chroma, stop_chroma  # noqa: E402 - bench/ is the script's folder

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = ROOT / "bench" / "questions" / "tune.jsonl"
PYTHON = sys.executable
SEED = 26
NOISE = 0.01  # per dimension: a copy's cosine to its original is about 0.98
FILL_BATCH = 4000
TARGETS = {"local_p50_ms": 100.0, "server_p50_ms": 150.0, "peak_mb": 2048.0, "first_s": 30.0}


def log(message: str) -> None:
    print(f"[scale-dense] {message}", file=sys.stderr, flush=True)


def env_for_children() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("STAPPENPLAN_")}
    env.update(PYTHONPATH=str(ROOT / "src"), ANONYMIZED_TELEMETRY="False")
    return env


# ---------------------------------------------------------------------------- the windows
def shipped_windows(out: Path) -> Path:
    """The shipped corpus's windows with their shipped vectors: ids, metadatas, vectors in
    out/windows-1x.npz (written once; a lexical build in a temporary home)."""
    target = out / "windows-1x.npz"
    if target.exists():
        return target
    import numpy as np

    from assistant.core.settings import DEFAULT_EMBEDDING_MODEL, Settings
    from assistant.knowledge.base import KnowledgeBase
    from assistant.knowledge.dense import VectorCache, passage_windows

    cache = VectorCache.shipped(DEFAULT_EMBEDDING_MODEL)
    with tempfile.TemporaryDirectory() as home:
        kb = KnowledgeBase(Settings(data_dir=Path(home)))
        kb.ensure_index(dense=False)
        chunks = list(kb.chunks)
    ids, chunk_ids, docs, sections, steps, vectors = [], [], [], [], [], []
    missing = 0
    for chunk in chunks:
        for n, (text, vector) in enumerate(zip(texts := passage_windows(chunk), cache.lookup(texts))):
            if vector is None:  # the corpus changed since the cache was written
                missing += 1
                continue
            ids.append(f"{chunk.id}:{n}")
            chunk_ids.append(chunk.id)
            docs.append(chunk.doc)
            sections.append(chunk.section[:500])
            steps.append(chunk.step if chunk.step is not None else -1)
            vectors.append(vector)
    if missing:
        log(f"{missing} windows have no shipped vector and are left out")
    np.savez(target, ids=np.asarray(ids), chunks=np.asarray(chunk_ids), docs=np.asarray(docs),
             sections=np.asarray(sections), steps=np.asarray(steps), vectors=np.asarray(vectors, dtype=np.float32))
    return target


def scaled_batches(source: Path, scale: int, batch: int = FILL_BATCH):
    """(ids, embeddings, metadatas) batches of `scale` noisy copies of the shipped windows."""
    import numpy as np

    data = np.load(source)
    base = data["vectors"]
    rng = np.random.default_rng(SEED)
    for copy in range(scale):
        suffix = f"~{copy}" if copy else ""  # copy 0 is the shipped library itself
        vectors = base if not copy else base + rng.normal(0.0, NOISE, base.shape).astype(np.float32)
        vectors = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
        ids = [f"{c}{suffix}:{w.rpartition(':')[2]}" for c, w in zip(data["chunks"], data["ids"])]
        metas = [{"chunk": f"{c}{suffix}", "doc": f"{d}{suffix}", "section": str(s), "step": int(t)}
                 for c, d, s, t in zip(data["chunks"], data["docs"], data["sections"], data["steps"])]
        for start in range(0, len(ids), batch):
            yield ids[start:start + batch], vectors[start:start + batch], metas[start:start + batch]


def passage_ids(source: Path, scale: int) -> list[str]:
    import numpy as np

    chunks = list(dict.fromkeys(str(c) for c in np.load(source)["chunks"]))
    return [f"{c}~{copy}" if copy else c for copy in range(scale) for c in chunks]


# ---------------------------------------------------------------------------- children
def open_index(store: str):
    """(in a child) DenseIndex on a local index folder (the store in its chroma/) or a server
    URL, opened by the product's own opener."""
    from assistant.core.settings import DEFAULT_EMBEDDING_MODEL
    from assistant.knowledge.dense import LazyEmbedder
    from assistant.knowledge.index import open_dense

    url = store if store.startswith("http") else None
    embedder = LazyEmbedder(DEFAULT_EMBEDDING_MODEL)
    index_dir = Path(tempfile.mkdtemp(prefix="scale-dense-unused-")) if url else Path(store)
    return open_dense(index_dir, url, embedder, DEFAULT_EMBEDDING_MODEL, read_only=False, report=None), embedder


def child_fill(store: str, source: Path, scale: int) -> None:
    started = time.perf_counter()
    index, _ = open_index(store)
    count = 0
    for ids, vectors, metas in scaled_batches(source, scale):
        index.collection.add(ids=ids, embeddings=vectors, metadatas=metas)
        count += len(ids)
    print(json.dumps({"windows": count, "fill_s": time.perf_counter() - started}))


def child_query(store: str, source: Path, scale: int, queries: int, repeats: int) -> None:
    questions = [json.loads(line)["question"] for line in QUESTIONS.read_text(encoding="utf-8").splitlines()
                 if line.strip()][:queries]
    ids = tuple(passage_ids(source, scale))
    started = time.perf_counter()
    index, embedder = open_index(store)
    opened = time.perf_counter() - started
    started = time.perf_counter()
    embedder.load().embed_query("warm")
    model_s = time.perf_counter() - started
    started = time.perf_counter()
    scores, owners = index.window_similarities(questions[0], ids)
    first_s = time.perf_counter() - started
    started = time.perf_counter()
    embedder.embed_query(questions[0])
    embed_s = time.perf_counter() - started
    for question in questions[1:]:  # warm-up
        index.window_similarities(question, ids)
    samples = []
    for _ in range(repeats):
        for question in questions:  # consecutive questions differ: the last query's cache never answers
            started = time.perf_counter()
            index.window_similarities(question, ids)
            samples.append((time.perf_counter() - started) * 1000)
    print(json.dumps({"open_s": opened, "model_s": model_s, "first_s": first_s, "read_s": max(0.0, first_s - embed_s),
                      "windows": int(len(scores)), "passages": int(len(set(owners.tolist()))),
                      "p50_ms": percentile(samples, 50), "p95_ms": percentile(samples, 95), "asked": len(samples)}))


def run_child(args: list[str], src: Path = ROOT / "src") -> tuple[dict, float]:
    """A child of this script to its end, importing the product from `src`; its JSON line and
    its own peak RSS in MB (os.wait4)."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        process = subprocess.Popen([PYTHON, str(Path(__file__).resolve()), *args], env={**env_for_children(),
                                   "PYTHONPATH": str(src)}, cwd=ROOT, stdout=out, stderr=err, text=True)
        try:
            _, status, usage = os.wait4(process.pid, 0)
        except BaseException:
            process.kill()
            raise
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if process.returncode != 0:
            raise RuntimeError(f"child {args[:2]} failed (exit {process.returncode}): {err.read().strip()[-1500:]}")
        return json.loads(out.read().strip().splitlines()[-1]), usage.ru_maxrss / 1024


def query_case(args: list[str], src: Path = ROOT / "src") -> dict:
    """A query child's figures and peak RSS, or what made it fail (the table says so)."""
    try:
        query, peak = run_child(args, src)
    except RuntimeError as exc:
        log(str(exc))
        return {"error": str(exc).strip().splitlines()[-1][:200]}
    return {**query, "peak_mb": peak}


# ---------------------------------------------------------------------------- the server
def peak_rss_mb(pid: int) -> float | None:
    """A live process's peak resident memory (VmHWM), MB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


# ---------------------------------------------------------------------------- per scale
def measure(scale: int, source: Path, out: Path, args: argparse.Namespace) -> dict:
    figures: dict = {"scale": scale}
    local = out / f"local-{scale}x"
    shutil.rmtree(local, ignore_errors=True)
    log(f"{scale}x: filling the local store {local}")
    fill, _ = run_child(["--child-fill", str(local), str(source), str(scale)])
    figures["windows"], figures["local_fill_s"] = fill["windows"], fill["fill_s"]
    query_args = [str(source), str(scale), str(args.queries), str(args.repeats)]
    if args.baseline:
        log(f"{scale}x: local queries, baseline code {args.baseline}")
        figures["local-baseline"] = query_case(["--child-query", str(local), *query_args], args.baseline / "src")
    log(f"{scale}x: local queries")
    figures["local"] = query_case(["--child-query", str(local), *query_args])
    log(f"{scale}x: local queries again (a next start: the matrix file where the product keeps one)")
    again = query_case(["--child-query", str(local), *query_args])
    figures["local"].update(next_first_s=again.get("first_s"), next_read_s=again.get("read_s"),
                            next_peak_mb=again.get("peak_mb"))
    figures["local"]["matrix_file_mb"] = sum(f.stat().st_size for f in local.rglob("*.matrix.npz")) / 1e6
    figures["local"]["store_mb"] = sum(f.stat().st_size for f in local.rglob("*") if f.is_file()) / 1e6
    if args.no_server:
        return figures
    data = out / f"server-{scale}x"
    shutil.rmtree(data, ignore_errors=True)
    server, url = start_chroma(data)
    try:
        log(f"{scale}x: filling the server {url}")
        fill, _ = run_child(["--child-fill", url, str(source), str(scale)])
        figures["server_fill_s"] = fill["fill_s"]
        if args.baseline:
            log(f"{scale}x: queries through the server, baseline code {args.baseline}")
            figures["server-baseline"] = {**query_case(["--child-query", url, *query_args], args.baseline / "src"),
                                          "server_peak_mb": peak_rss_mb(server.pid)}
        log(f"{scale}x: queries through the server")
        figures["server"] = {**query_case(["--child-query", url, *query_args]),
                             "server_peak_mb": peak_rss_mb(server.pid)}
    finally:
        stop_chroma(server)
    return figures


# ---------------------------------------------------------------------------- the table
def table(rows: list[dict]) -> str:
    base = rows[0]
    lines = [f"dense search at scale: shipped window vectors x N with noise (sigma {NOISE}); "
             f"ratios against the {base['scale']}x column of the same run",
             f"{'':28}" + "".join(f"{str(r['scale']) + 'x':>22}" for r in rows)]

    def row(label: str, case: str, key: str, fmt: str, target: str = "") -> None:
        if not all(case in r or not case for r in rows):
            return
        cells = []
        for r in rows:
            value = (r[case] if case else r).get(key)
            base_value = (base[case] if case else base).get(key) if not case or case in base else None
            cells.append("—" if value is None else format(value, fmt) + ratio(value, base_value))
        if all(c == "—" for c in cells):
            return
        lines.append(f"{label:28}" + "".join(f"{c:>22}" for c in cells) + (f"   {target}" if target else ""))

    row("windows", "", "windows", "d")
    for case in ("local-baseline", "local", "server-baseline", "server"):
        if case not in rows[0]:
            continue
        target = TARGETS["local_p50_ms" if case.startswith("local") else "server_p50_ms"]
        kind = "PersistentClient" if case.startswith("local") else "chroma run, HttpClient"
        lines.append(f"-- {case} ({kind}{', the baseline code' if 'baseline' in case else ''})")
        row("  fill (bench only) s", "", f"{case}_fill_s", ".1f")
        for r in rows:
            if "error" in r[case]:
                lines.append(f"  {r['scale']}x FAILED: {r[case]['error']}")
        row("  open s", case, "open_s", ".2f")
        row("  first query s", case, "first_s", ".2f", f"target <= {TARGETS['first_s']:.0f} s (task)")
        row("    of which read s", case, "read_s", ".2f")
        row("  warm query p50 ms", case, "p50_ms", ".1f", f"target <= {target:.0f} ms")
        row("  warm query p95 ms", case, "p95_ms", ".1f")
        row("  peak RSS MB (client)", case, "peak_mb", ".0f", f"target <= {TARGETS['peak_mb']:.0f} MB")
        if case == "local":
            row("  next start: first query s", case, "next_first_s", ".2f")
            row("    of which read s", case, "next_read_s", ".2f")
            row("  next start: peak RSS MB", case, "next_peak_mb", ".0f")
            row("  store on disk MB", case, "store_mb", ".0f")
            row("    of which matrix file MB", case, "matrix_file_mb", ".1f")
        if case.startswith("server"):  # (the server's peak so far: the fill's included)
            row("  peak RSS MB (server)", case, "server_peak_mb", ".0f")
    return "\n".join(lines)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scales", default="1,10,100")
    parser.add_argument("--queries", type=int, default=30)
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--no-server", action="store_true", help="the local store only")
    parser.add_argument("--baseline", type=Path, default=None,
                        help="a checkout of other code (e.g. `git archive main`): its queries too, on the same stores")
    parser.add_argument("--out", type=Path, default=None, help="working folder (default: a temporary one)")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures as JSON here")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "--child-fill":
        child_fill(argv[1], Path(argv[2]), int(argv[3]))
        return 0
    if argv and argv[0] == "--child-query":
        child_query(argv[1], Path(argv[2]), int(argv[3]), int(argv[4]), int(argv[5]))
        return 0
    args = parse_args(argv)
    out = args.out or Path(tempfile.mkdtemp(prefix="scale-dense-"))
    out.mkdir(parents=True, exist_ok=True)
    sys.path.insert(0, str(ROOT / "src"))
    source = shipped_windows(out)
    rows = [measure(int(s), source, out, args) for s in args.scales.split(",")]
    print(table(rows), flush=True)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
