"""Characterisation test (issue 24): one scripted `stappenplan chat --plain` session, run as a real
subprocess with an OpenAI-compatible stand-in model, pinned end to end: the transcript, the rows
of the database, the Markdown export and what the app sent the model are compared with the files
in tests/characterisation/.

It pins today's behaviour, right or wrong, so that the coming restructuring can prove it changed
nothing. After a deliberate change of behaviour, regenerate the expected files with
`CHARACTERISATION_UPDATE=1 pytest tests/test_characterisation.py` and read the diff before
committing it.
"""

from __future__ import annotations

import difflib
import json
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

from fakes import StandInServer, completion, stream_reply

HERE = Path(__file__).resolve().parent
EXPECTED = HERE / "characterisation"
REPO = HERE.parent
# not assistant.settings.PROJECT_ROOT: the package is about to move
PYTHON = str(REPO / ".venv" / "bin" / "python")
if not Path(PYTHON).exists():  # e.g. running the tests with another interpreter
    PYTHON = sys.executable
UPDATE = os.environ.get("CHARACTERISATION_UPDATE") == "1"
MODEL = "stand-in-model"
PROJECT = "Karakterisering"

#: the one answer the stand-in model reads more into than the question asked (step0.need)
PROPOSAL_ANSWER = ("Ondergrondse containers in de binnenstad raken onvoorspelbaar vol; "
                   "bewoners en chauffeurs klagen over afval naast de containers")
PROPOSED = {
    "step0__need": "Ondergrondse containers in de binnenstad raken onvoorspelbaar vol.",
    "step0__who": "Bewoners van de binnenstad en de chauffeurs van de inzameldienst.",
}
#: what the stand-in model drafts for `/stelvoor` on step1.contacts (declined in the script)
DRAFTED = {"items": [{"name": "Gemeente Y, afdeling Afval", "note": "ervaringen met een sensorpilot"}]}
#: the answer to every guidance question that reaches the model
GUIDANCE_REPLY = ["Volgens ", "de ", "passages ", "begint ", "u ", "met ", "de ", "behoefte ", "[1]."]

SCRIPT = [
    "/hulp",
    PROPOSAL_ANSWER,  # step 0, question 1: the model proposes need and who
    "ja",  # accept the proposal: question 2 is answered with it
    "wat is een behoefteanalyse?",  # a guidance question without a command
    "/dossier",
    "/uitleg",
    "/begrip innovatiepartnerschap",
    "/vraag wat is een marktconsultatie?",
    "Sensoren kunnen de vulgraad meten en routes sturen",  # question 3, as typed
    "ja, de wethouder steunt het",  # question 4: yes/no with a note
    "/volgende",  # skip question 5
    "/terug",  # and back to it
    "ja, een projectleider is vrijgemaakt",
    "ja",  # a bare confirmation
    "nee, daar is nog geen besluit over",
    "Ongeveer twee jaar",  # last question: on to step 1
    "Vulgraadsensoren (pilots bij andere overheden); Slimme routeplanning (marktrijp); Weegsystemen op wagens",
    "",  # one line split at its ";": the list waits for another line, an empty one closes it
    "/wijzig 2 Slimme routeplanning met verkeersdata (marktrijp)",  # at the next question: refused, the way named
    "/terug",  # to the list: /wijzig and /verwijder work on the open question's list only
    "/wijzig 2 Slimme routeplanning met verkeersdata (marktrijp)",
    "/verwijder 3",
    "/volgende",  # the list kept: on to the contacts
    "/stelvoor",  # the model drafts a contact
    "nee",  # declined: nothing stored
    "/stap 7",
    "3",  # a choice by its number
    "/terug",
    "Innovatiepartnerschap?",  # answer or question? piped in, taken as the answer (and said so)
    "/export markdown",
    "/exporteer pdf",  # an unknown format
]


# ---------------------------------------------------------------------------------------------
# the stand-in model
# ---------------------------------------------------------------------------------------------
def _schema_properties(body: dict) -> set[str]:
    fmt = body.get("response_format") or {}
    schema = (fmt.get("json_schema") or {}).get("schema") or {}
    return set(schema.get("properties") or {})


def _model_behaviour(handler, body: dict) -> None:
    """Structured requests (extraction, drafts) get a JSON reply; the rest a streamed answer."""
    fields = _schema_properties(body)
    if not fields:
        stream_reply(GUIDANCE_REPLY)(handler, body)
        return
    if fields == {"items"}:
        reply: dict = DRAFTED
    elif PROPOSAL_ANSWER in json.dumps(body["messages"], ensure_ascii=False):
        reply = {name: PROPOSED.get(name) for name in fields}
    else:  # nothing beyond the question asked: the answer is stored as typed
        reply = {name: None for name in fields}
    content = json.dumps(reply, ensure_ascii=False)
    handler.send_json(200, completion({"content": content}, model=body.get("model", MODEL)))


# ---------------------------------------------------------------------------------------------
# normalisation: only what differs from run to run
# ---------------------------------------------------------------------------------------------
_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[+-]\d{2}:?\d{2}|Z)?")
#: the export's file name carries the time it was written (…-20261204-221016.md)
_FILE_STAMP = re.compile(r"-\d{8}-\d{6}\b")
_DUTCH_DATE = re.compile(r"\b\d{1,2} (?:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober"
                         r"|november|december) \d{4}\b")
_RANDOM_ID = re.compile(r"[0-9a-f]{8}")  # plan.record.new_id: uuid4().hex[:8]


def random_ids(value: object, key: str = "") -> list[str]:
    """The entry ids in a stored JSON value (keys `id`, `…_id`), in order."""
    if isinstance(value, dict):
        return [i for k, v in value.items() for i in random_ids(v, str(k))]
    if isinstance(value, list):
        return [i for v in value for i in random_ids(v, key)]
    is_id = key == "id" or key.endswith("_id")
    return [value] if is_id and isinstance(value, str) and _RANDOM_ID.fullmatch(value) else []


_CORPUS_PATH = re.compile(r'("source": ")[^"]*/corpus/')


class _Normaliser:
    def __init__(self, tmp: Path, base_url: str, ids: list[str]) -> None:
        self.tmp = str(tmp)
        self.base_url = base_url
        self.ids = {i: f"<ID{n}>" for n, i in enumerate(dict.fromkeys(ids), 1)}

    def __call__(self, text: str) -> str:
        # pytest's tmp_path differs per run; a stored turn holds it Markdown-escaped (\_)
        text = text.replace(self.tmp, "<TMP>").replace(self.tmp.replace("_", "\\_"), "<TMP>")
        # a stored source names the shipped document by its absolute path: where the checkout is
        text = _CORPUS_PATH.sub(r'\1<CORPUS>/', text)
        # the stand-in server listens on a free port chosen by the OS
        text = text.replace(self.base_url, "<LLM_URL>")
        # the clock: creation and update times of rows, dates in the export
        text = _TIMESTAMP.sub("<TIME>", text)
        text = _FILE_STAMP.sub("-<STAMP>", text)
        text = _DUTCH_DATE.sub("<DATE>", text)
        # random entry ids (uuid4): numbered in the order the database holds them, so that the
        # same id in two places (record, state, transcript) stays recognisably the same
        for entry_id, placeholder in self.ids.items():
            text = re.sub(rf"\b{entry_id}\b", placeholder, text)
        return text


# ---------------------------------------------------------------------------------------------
# what is compared
# ---------------------------------------------------------------------------------------------
def _pretty_json(text: str | None) -> str:
    if text is None:
        return "null"
    try:
        return json.dumps(json.loads(text), ensure_ascii=False, indent=2, sort_keys=True)
    except json.JSONDecodeError:
        return text


def _stored_ids(db: Path) -> list[str]:
    con = sqlite3.connect(db)
    try:
        rows = con.execute("SELECT json FROM records UNION ALL SELECT data FROM state").fetchall()
    finally:
        con.close()
    return [i for (text,) in rows for i in random_ids(json.loads(text))]


def _database_dump(db: Path) -> str:
    """The rows that matter, without the rowids and timestamps that vary (see _Normaliser)."""
    con = sqlite3.connect(db)
    con.row_factory = sqlite3.Row
    try:
        lines: list[str] = []
        for p in con.execute("SELECT id, name, name_key, organisation, language FROM projects ORDER BY id"):
            lines.append(f"[project] {p['name']!r} key={p['name_key']!r} organisation={p['organisation']!r} "
                         f"language={p['language']}")
            # ids are database row numbers: the project is named by its name above instead
            r = con.execute("SELECT schema_version, json FROM records WHERE project_id = ?", (p["id"],)).fetchone()
            lines.append(f"[record] schema {r['schema_version']}")
            lines.append(_pretty_json(r["json"]))
            s = con.execute("SELECT current_step, pending, data FROM state WHERE project_id = ?", (p["id"],)).fetchone()
            lines.append(f"[state] current_step={s['current_step']} pending={s['pending']!r}")
            lines.append(_pretty_json(s["data"]))
            lines.append("[turns]")
            for t in con.execute("SELECT seq, role, kind, step, field, text, sources FROM turns "
                                 "WHERE project_id = ? ORDER BY seq", (p["id"],)):
                lines.append(f"[turn {t['seq']}] {t['role']}/{t['kind']} step={t['step']} field={t['field']}")
                lines.append(t["text"])
                if t["sources"]:
                    lines.append("sources: " + _pretty_json(t["sources"]))
        for table in ("lesson_answers",):
            count = con.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
            lines.append(f"[{table}] {count} rows")
        return "\n".join(lines) + "\n"
    finally:
        con.close()


def _model_requests(requests: list[dict]) -> str:
    """What the app sent the model, call by call: whether it streamed, the fields it asked for
    and the messages (prompts, passages, the user's words)."""
    lines: list[str] = []
    for n, request in enumerate(requests, 1):
        body = request["body"]
        lines.append(f"[request {n}] {request['path']} model={body.get('model')} stream={bool(body.get('stream'))} "
                     f"fields={sorted(_schema_properties(body))}")
        for message in body.get("messages", []):
            lines.append(f"--- {message.get('role')}")
            lines.append(str(message.get("content")))
    return "\n".join(lines) + "\n"


def _compare(name: str, actual: str) -> str | None:
    """Write the expected file (update mode) or return a unified diff when it differs."""
    path = EXPECTED / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        return None
    if not path.exists():
        return f"{path} is missing: run with CHARACTERISATION_UPDATE=1 to write it"
    expected = path.read_text(encoding="utf-8")
    if expected == actual:
        return None
    diff = difflib.unified_diff(expected.splitlines(keepends=True), actual.splitlines(keepends=True),
                                fromfile=f"expected/{name}", tofile=f"actual/{name}")
    return "".join(diff)


# ---------------------------------------------------------------------------------------------
# the session
# ---------------------------------------------------------------------------------------------
def test_one_scripted_session_behaves_as_recorded(shared_home, tmp_path):
    home = tmp_path / "stappenplan-home"  # conftest's isolated_home: the subprocess's own data
    with StandInServer(_model_behaviour) as server:
        env = dict(os.environ)
        env.update({
            "STAPPENPLAN_HOME": str(home),
            "STAPPENPLAN_INDEX_DIR": str(shared_home / "data" / "index"),  # reuse the built index
            "STAPPENPLAN_LLM_PROVIDER": "openai",
            "STAPPENPLAN_LLM_BASE_URL": server.base_url,
            "STAPPENPLAN_LLM_MODEL": MODEL,
            "PYTHONIOENCODING": "utf-8",
        })
        proc = subprocess.run(
            [PYTHON, "-m", "assistant", "chat", "--plain", "--lang", "nl", "--project", PROJECT],
            input="\n".join(SCRIPT) + "\n", capture_output=True, text=True, encoding="utf-8",
            env=env, cwd=REPO, timeout=180,
        )
    assert proc.returncode == 0, proc.stderr[-3000:]
    databases = list(home.rglob("stappenplan.sqlite3"))
    assert len(databases) == 1, databases
    normalise = _Normaliser(tmp_path, server.base_url, _stored_ids(databases[0]))
    exports = sorted((p for p in home.rglob("exports/*") if p.is_file()), key=lambda p: p.name)
    assert len(exports) == 1, exports  # `/export markdown` made one file; `pdf` none

    outcomes = {
        "transcript.txt": normalise(proc.stdout),
        "database.txt": normalise(_database_dump(databases[0])),
        "export.md": normalise(exports[0].read_text(encoding="utf-8")),
        "export-name.txt": normalise(str(exports[0].relative_to(home))) + "\n",
        "model-requests.txt": normalise(_model_requests(server.requests)),
    }
    diffs = [d for name, actual in outcomes.items() if (d := _compare(name, actual))]
    assert not diffs, "behaviour changed:\n" + "\n".join(diffs)
