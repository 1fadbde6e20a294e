"""What indexing a user's own documents promises, whatever the files hold (issue 23).

- A figure in a user's document is quoted as written: a number glued to a word goes only when
  the document has a footnote with that number; Markdown and Word get no PDF cleaning at all.
- A link in an indexed folder that leads out of it is not followed, and the user is told.
- A file that cannot be read (encrypted PDF, damaged DOCX, anything a parser raises on) is skipped
  with its reason; every other file is indexed, and `index` and `ask` go on working.
- A Word file may unpack to so much (MAX_XML_BYTES) and reading a document may take so long
  (MAX_READ_SECONDS); a file skipped for that is not read again until it changes. A file that
  is cheap to try (a damaged or encrypted one) is tried again at the next start.
- A damaged list of added folders is reported and kept aside, and every folder that can still be
  read from it stays in the index; the list is changed under the index's lock.
- An index lock that is a folder is named as such, not as an unwritable index folder.
- A full disk is named as such: while the vectors are stored, lexical answers go on (then and at
  every later start); while the lexical index is written, the build stops with that message.
"""

import io
import json
import subprocess
import time
import zipfile
from pathlib import Path

import docx
import pytest

from assistant.cli.main import main
from assistant.answer.extractive import ExtractiveAnswerer
from assistant.knowledge import loaders
from assistant.knowledge.base import ADDED_FOLDERS_FILE, KnowledgeBase, KnowledgeError
from assistant.core.resources import DEFAULT_CORPUS_DIR
from assistant.core.settings import Settings, load_settings

GOOD = ("Marktconsultatie\n\nMet een marktconsultatie vraagt de aanbestedende dienst ondernemers vooraf om advies "
        "over de haalbaarheid van de opdracht.\n")


def build(tmp_path: Path, folder: Path) -> tuple[KnowledgeBase, object]:
    kb = KnowledgeBase(Settings(data_dir=tmp_path / "data", use_default_corpus=False, corpus_dirs=[folder]))
    return kb, kb.ensure_index(dense=False)


def passages_of(kb: KnowledgeBase, doc: str) -> str:
    return "\n".join(c.text for c in kb.chunks if c.doc == doc)


FIGURES = ("Het budget voor de dijkversterking is 200000 euro. De dijk is in 20228 meter vernieuwd, "
           "het gemaal is van 19501 en de gemeente kocht parkeersensoren3 van een leverancier.")


# --------------------------------------------------------------------------- figures
def test_figures_in_a_users_text_markdown_and_word_files_are_quoted_as_written(tmp_path):
    folder = tmp_path / "eigen"
    folder.mkdir()
    (folder / "dijk.txt").write_text(f"Budget dijkversterking\n\n{FIGURES}\n", encoding="utf-8")
    (folder / "notitie.md").write_text(f"# Budget dijkversterking\n\n{FIGURES}\n", encoding="utf-8")
    document = docx.Document()
    document.add_heading("Budget dijkversterking", level=1)
    document.add_paragraph(FIGURES)
    document.save(folder / "besluit.docx")
    kb, _ = build(tmp_path, folder)
    for doc in ("dijk", "notitie", "besluit"):
        text = passages_of(kb, doc)
        for figure in ("200000 euro", "20228 meter", "19501", "parkeersensoren3"):
            assert figure in text, (doc, figure, text)


def test_a_marker_goes_only_when_the_document_has_that_footnote(tmp_path):
    folder = tmp_path / "eigen"
    folder.mkdir()
    notes = "\n\n".join(f"{n} Bron: rapport van de provincie over de dijken, deel {n}, met alle cijfers en tabellen "
                        f"van de metingen in het voorjaar en het najaar." for n in (1, 2, 3))
    (folder / "rapport.txt").write_text(
        "Dijkversterking\n\nDe gemeente kocht parkeersensoren3 en telde 64 miljoen2 bezoekers in 20191. "
        f"Het budget is 200000 euro en er staan 40 sensoren7 langs de dijk.\n\n{notes}\n", encoding="utf-8")
    kb, _ = build(tmp_path, folder)
    text = passages_of(kb, "rapport")
    # footnotes 1, 2 and 3 exist: their markers go
    assert "parkeersensoren en" in text and "miljoen bezoekers" in text and "in 2019." in text
    # no footnote 0 or 7: those numbers are the writer's
    assert "200000 euro" in text and "sensoren7" in text


def test_markdown_keeps_lines_that_look_like_page_numbers_and_footnotes(tmp_path):
    folder = tmp_path / "eigen"
    folder.mkdir()
    (folder / "planning.md").write_text(
        "# Planning\n\nWe verwachten de oplevering in\n\n2027\n\n"
        "1 Marktconsultatie houden met alle leveranciers in de regio.\n\n"
        "2 Offertes vergelijken op prijs, kwaliteit en duurzaamheid.\n\n"
        "3 Gunnen aan de beste inschrijver.\n", encoding="utf-8")
    kb, _ = build(tmp_path, folder)
    text = passages_of(kb, "planning")
    assert "2027" in text and "Gunnen aan de beste inschrijver" in text and "Voetnoot" not in text


def test_markdown_headings_are_the_title_and_sections_and_its_marks_are_not_quoted(tmp_path):
    # "# Provinciaal beleid dijken De provincie …" was the title and the answer's first words
    folder = tmp_path / "eigen"
    folder.mkdir()
    (folder / "beleid.md").write_text(
        "# Provinciaal beleid dijken\n\nDe provincie Zeeland gebruikt het **zeepaardjesprotocol** bij elke "
        "inspectie van de dijken, zie [de regeling](https://example.org/regeling).\n\n"
        "## Uitvoering\n\n- Het waterschap meet `twee keer per jaar` de hoogte van de dijk.\n"
        "- De provincie controleert de metingen steekproefsgewijs.\n", encoding="utf-8")
    kb, _ = build(tmp_path, folder)
    chunks = [c for c in kb.chunks if c.doc == "beleid"]
    assert {c.title for c in chunks} == {"Provinciaal beleid dijken"}
    text = passages_of(kb, "beleid")
    assert "#" not in text and "**" not in text and "`" not in text and "](" not in text
    assert "het zeepaardjesprotocol bij elke" in text and "de regeling (https://example.org/regeling)" in text
    measured = next(c for c in chunks if "twee keer per jaar" in c.text)
    assert measured.section.endswith("Uitvoering"), measured.section


# --------------------------------------------------------------------------- links
def test_a_link_that_leaves_the_folder_is_not_followed(tmp_path):
    secret = tmp_path / "elders"
    secret.mkdir()
    (secret / "geheim.txt").write_text("Het wachtwoord van de beheerder is zonnebloem42.\n", encoding="utf-8")
    folder = tmp_path / "eigen"
    folder.mkdir()
    (folder / "goed.txt").write_text(GOOD, encoding="utf-8")
    (folder / "binnen.txt").symlink_to(folder / "goed.txt")  # stays within: read
    (folder / "schaduw.txt").symlink_to(secret / "geheim.txt")
    (folder / "map").symlink_to(secret, target_is_directory=True)
    (folder / "lus.txt").symlink_to(folder / "lus.txt")
    kb, report = build(tmp_path, folder)
    assert "zonnebloem" not in "\n".join(c.text for c in kb.chunks)
    reasons = {Path(s.path).name: s.reason for s in report.skipped}
    assert "buiten de map" in reasons["schaduw.txt"]
    assert "leaves the folder" in {Path(s.path).name: s.reason_in("en") for s in report.skipped}["map"]
    assert "lus.txt" in reasons
    assert {c.doc for c in kb.chunks} == {"goed", "binnen"}


# --------------------------------------------------------------------------- unreadable files
def _pdf(objects: list[bytes], trailer: bytes) -> bytes:
    out, offsets = b"%PDF-1.7\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    return out + b"trailer\n<< /Size %d /Root 1 0 R %s >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, trailer, xref)


def aes_encrypted_pdf() -> bytes:
    """A PDF encrypted with AES-256 (revision 6): checking even an empty password needs AES."""
    encrypt = (b"<< /Filter /Standard /V 5 /R 6 /Length 256 /P -4 /O <%s> /U <%s> /OE <%s> /UE <%s> /Perms <%s> "
               b"/CF << /StdCF << /CFM /AESV3 /AuthEvent /DocOpen /Length 32 >> >> /StmF /StdCF /StrF /StdCF >>"
               % (b"00" * 48, b"00" * 48, b"00" * 32, b"00" * 32, b"00" * 16))
    return _pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                 b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>", encrypt],
                b"/Encrypt 4 0 R /ID [<0011> <0011>]")


def docx_bytes(body_xml: bytes | None = None, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A Word file made by python-docx; `body_xml` replaces what its body holds."""
    made = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("De dijk wordt versterkt met een innovatiepartnerschap.")
    document.save(made)
    source, out = zipfile.ZipFile(made), io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as target:
        for member in source.infolist():
            data = source.read(member.filename)
            if body_xml is not None and member.filename == "word/document.xml":
                head, rest = data.split(b"<w:body>", 1)
                data = head + b"<w:body>" + body_xml + b"<w:sectPr" + rest.split(b"<w:sectPr", 1)[1]
            target.writestr(member.filename, data)
    return out.getvalue()


def damaged_in(data: bytes, member: str) -> bytes:
    """`data` with bytes in the middle of `member`'s stored data overwritten."""
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(member)
    name_and_extra = int.from_bytes(data[info.header_offset + 26:info.header_offset + 28], "little") + \
        int.from_bytes(data[info.header_offset + 28:info.header_offset + 30], "little")
    start = info.header_offset + 30 + name_and_extra + info.compress_size // 2
    return data[:start] + b"\x00\xff" * 4 + data[start + 8:]


@pytest.fixture
def hostile(tmp_path) -> Path:
    folder = tmp_path / "eigen"
    folder.mkdir()
    (folder / "goed.txt").write_text(GOOD, encoding="utf-8")
    (folder / "versleuteld.pdf").write_bytes(aes_encrypted_pdf())
    (folder / "crc.docx").write_bytes(damaged_in(docx_bytes(compression=zipfile.ZIP_STORED), "word/document.xml"))
    (folder / "deflate.docx").write_bytes(damaged_in(docx_bytes(), "word/document.xml"))
    return folder


def test_an_unreadable_file_is_skipped_with_its_reason_and_the_rest_is_indexed(tmp_path, hostile):
    kb, report = build(tmp_path, hostile)
    reasons = {Path(s.path).name: s.reason for s in report.skipped}
    assert set(reasons) == {"versleuteld.pdf", "crc.docx", "deflate.docx"}
    assert "versleuteld" in reasons["versleuteld.pdf"]
    assert "encrypted" in {Path(s.path).name: s.reason_in("en") for s in report.skipped}["versleuteld.pdf"]
    assert "beschadigd" in reasons["crc.docx"] and "beschadigd" in reasons["deflate.docx"]
    assert {c.doc for c in kb.chunks} == {"goed"}
    # not remembered: installing 'cryptography' or repairing the file is enough
    assert json.loads((kb.index_dir / "manifest.json").read_text(encoding="utf-8"))["failed"] == {}


def test_index_and_ask_go_on_after_an_unreadable_file(tmp_path, hostile, capsys):
    assert main(["index", "--lexical", str(hostile)]) == 0
    err = capsys.readouterr().err
    assert "overgeslagen " in err and "crc.docx" in err and "Traceback" not in err
    assert "onvolledig" not in err  # the first build of a new index is no repair
    assert main(["ask", "--lexical", "Wat is een marktconsultatie?"]) == 0
    assert "marktconsultatie" in capsys.readouterr().out.lower()


# --------------------------------------------------------------------------- zip bombs, slow files
def test_a_docx_zip_bomb_is_refused_quickly_and_not_read_again(tmp_path, monkeypatch):
    folder = tmp_path / "eigen"
    folder.mkdir()
    (folder / "goed.txt").write_text(GOOD, encoding="utf-8")
    paragraph = b"<w:p><w:r><w:t>Het budget is 200000 euro.</w:t></w:r></w:p>"
    bomb = docx_bytes(paragraph * (loaders.MAX_XML_BYTES // len(paragraph) + 1))
    assert len(bomb) < loaders.MAX_XML_BYTES // 100
    (folder / "bom.docx").write_bytes(bomb)
    reads = []
    real_read = loaders.read_text
    monkeypatch.setattr(loaders, "read_text", lambda path, *rest: reads.append(path.name) or real_read(path, *rest))
    kb, report = build(tmp_path, folder)
    reasons = {Path(s.path).name: (s.reason, s.reason_in("en")) for s in report.skipped}
    assert "pakt uit" in reasons["bom.docx"][0] and "unpacks" in reasons["bom.docx"][1]
    assert {c.doc for c in kb.chunks} == {"goed"}
    # the next start remembers it from the manifest and does not read it again ...
    reads.clear()
    _, again = build(tmp_path, folder)
    assert reads == ["goed.txt"]
    assert {Path(s.path).name: (s.reason, s.reason_in("en")) for s in again.skipped} == reasons  # in each language
    # ... until it changes
    (folder / "bom.docx").write_bytes(docx_bytes())
    kb, changed = build(tmp_path, folder)
    assert changed.skipped == [] and "bom" in kb.documents


def test_reading_a_document_stops_when_it_takes_too_long(tmp_path, monkeypatch):
    folder = tmp_path / "eigen"
    folder.mkdir()
    (folder / "goed.txt").write_text(GOOD, encoding="utf-8")
    (folder / "traag.docx").write_bytes(docx_bytes())
    monkeypatch.setattr(loaders, "MAX_READ_SECONDS", -1)
    _, report = build(tmp_path, folder)
    assert "te lang" in {Path(s.path).name: s.reason for s in report.skipped}["traag.docx"]


def test_a_large_word_file_is_read_in_seconds(tmp_path):
    paragraph = b"<w:p><w:r><w:t>De dijk wordt versterkt.</w:t></w:r></w:p>"
    path = tmp_path / "groot.docx"
    path.write_bytes(docx_bytes(paragraph * 20_000))  # 1 MB of XML: 20,000 paragraphs
    started = time.perf_counter()
    documents, _ = loaders.load_documents([path])
    assert documents[0].text.count("De dijk wordt versterkt.") == 20_000
    assert time.perf_counter() - started < 10  # was 30 s: each paragraph looked up its style


# --------------------------------------------------------------------------- the index's own files
def folder_with(tmp_path: Path, name: str, text: str) -> Path:
    folder = tmp_path / name
    folder.mkdir()
    (folder / f"{name}.md").write_text(f"# {name}\n\n{text}\n", encoding="utf-8")
    return folder


def test_a_damaged_list_of_added_folders_is_reported_kept_aside_and_its_folders_kept(tmp_path, capsys):
    first = folder_with(tmp_path, "dijken", "De dijkversterking wordt aanbesteed met een innovatiepartnerschap.")
    second = folder_with(tmp_path, "bruggen", "De brug wordt vervangen na een marktconsultatie met bouwbedrijven.")
    assert main(["index", "--lexical", str(first), str(second)]) == 0
    index_dir = load_settings().index_path
    listed = index_dir / ADDED_FOLDERS_FILE
    damaged = listed.read_text(encoding="utf-8")[:-12]  # cut off halfway through the second folder
    listed.write_text(damaged, encoding="utf-8")
    capsys.readouterr()
    third = folder_with(tmp_path, "sluizen", "De sluis krijgt nieuwe deuren via een aanbesteding.")
    assert main(["index", "--lexical", str(third)]) == 0
    out, err = capsys.readouterr()
    assert "mappen beschadigd" in err and "folders damaged" not in err  # in the user's language only
    assert f"toegevoegd: {first}\n" in out and f"toegevoegd: {third}\n" in out
    aside = [p for p in index_dir.iterdir() if p.name.startswith(f"{ADDED_FOLDERS_FILE}.damaged")]
    assert [p.read_text(encoding="utf-8") for p in aside] == [damaged]
    assert json.loads(listed.read_text(encoding="utf-8")) == [str(first), str(third)]


def test_a_damaged_list_found_at_a_later_start_is_reported_too(tmp_path):
    first = folder_with(tmp_path, "dijken", "De dijkversterking wordt aanbesteed met een innovatiepartnerschap.")
    assert main(["index", "--lexical", str(first)]) == 0
    index_dir = load_settings().index_path
    (index_dir / ADDED_FOLDERS_FILE).write_text(f'["{first}", 12, nul', encoding="utf-8")
    kb = KnowledgeBase(load_settings())
    report = kb.ensure_index(dense=False)
    assert any("added folders damaged" in repair.en for repair in report.repaired)
    assert "dijken" in kb.documents


def test_an_index_lock_that_is_a_folder_is_named(tmp_path, capsys):
    folder = folder_with(tmp_path, "dijken", "De dijkversterking wordt aanbesteed met een innovatiepartnerschap.")
    settings = Settings(data_dir=tmp_path / "data", use_default_corpus=False, corpus_dirs=[folder])
    (settings.index_path / ".lock").mkdir(parents=True)
    with pytest.raises(KnowledgeError, match="(?s)is een map.*is a folder"):
        KnowledgeBase(settings).ensure_index(dense=False)
    (load_settings().index_path / ".lock").mkdir(parents=True)
    assert main(["index", "--lexical", str(folder)]) == 1
    assert "is a folder, not a file" in capsys.readouterr().err


# --------------------------------------------------------------------------- a full disk
@pytest.fixture
def small_disk(tmp_path):
    """A real, small file system (tmpfs, as root); its size is set by the test with remount."""
    disk = tmp_path / "disk"
    disk.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(disk)], capture_output=True).returncode:
        pytest.skip("mounting a small file system needs root")
    def sized(size: str) -> Path:
        subprocess.run(["mount", "-o", f"remount,size={size}", str(disk)], check=True)
        return disk

    yield sized
    subprocess.run(["umount", "-l", str(disk)], check=False)


def slice_of_the_guidance(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    lines = (DEFAULT_CORPUS_DIR / "004_989769d4bda357ff.txt").read_text(encoding="utf-8").splitlines()[:300]
    (folder / "gemeenten.txt").write_text("\n".join(lines), encoding="utf-8")
    return folder


# the lexical index takes ~110 KB, the vector store ~400 KB: it fails as it is made, or later
@pytest.mark.parametrize("size", ["256k", "440k"])
def test_a_full_disk_while_storing_the_vectors_is_said_and_lexical_answers_go_on(tmp_path, small_disk, size):
    disk = small_disk(size)
    settings = Settings(data_dir=disk / "data", use_default_corpus=False, corpus_dirs=[slice_of_the_guidance(tmp_path)])
    kb = KnowledgeBase(settings)
    report = kb.ensure_index(dense=True)
    assert report.chunks > 10 and not kb.dense_ready
    assert kb.dense_error_in("nl").startswith("Schijf vol") and kb.dense_error_in("en").startswith("Disk full")
    assert ExtractiveAnswerer(kb).ask("Hoe adopteren gemeenten innovaties?").passages
    # the next start reuses the lexical index and answers, the disk still full
    again = KnowledgeBase(settings)
    assert not again.ensure_index(dense=True).rebuilt_lexical
    assert "Disk full" in again.dense_error and ExtractiveAnswerer(again).ask("Hoe adopteren gemeenten innovaties?").passages


def test_a_full_disk_while_writing_the_lexical_index_is_said(tmp_path, small_disk):
    disk = small_disk("48k")
    settings = Settings(data_dir=disk / "data", use_default_corpus=False, corpus_dirs=[slice_of_the_guidance(tmp_path)])
    with pytest.raises(KnowledgeError, match="(?s)Schijf vol.*Disk full"):
        KnowledgeBase(settings).ensure_index(dense=False)


def test_the_index_command_fails_where_a_file_named_is_not_read(tmp_path, hostile, capsys):
    # "index kapot.pdf" said the file was unreadable, listed it as added and ended with status 0;
    # then it was kept as added, and every later index warned about it again
    assert main(["index", "--lexical", str(hostile / "crc.docx")]) == 1
    out, err = capsys.readouterr()
    assert f"{hostile / 'crc.docx'} is niet gelezen (zie hierboven) en niet toegevoegd\n" in err
    assert "toegevoegd" not in out
    assert main(["index", "--lexical"]) == 0
    assert "crc.docx" not in "".join(capsys.readouterr())
    # a folder dropped says so
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "a.md").write_text("# Aantekeningen\n\nDe gemeente verkent drones voor inspectie.\n", encoding="utf-8")
    assert main(["index", "--lexical", str(folder)]) == 0
    assert main(["index", "--lexical", "--forget", str(folder)]) == 0
    assert f"weggelaten: {folder.resolve()}\n" in capsys.readouterr().out


def test_the_index_command_says_everything_in_the_runs_language_only(tmp_path, hostile, capsys):
    # "index opnieuw opgebouwd / rebuilt", "overgeslagen …: DOCX beschadigd / damaged DOCX": each
    # line in both languages at once, where every other command speaks the user's
    (hostile / "plaatje.xyz").write_bytes(b"x")
    (hostile / "binair.txt").write_bytes(b"\x00\x01binary\x00")
    named = [str(hostile), str(hostile / "crc.docx")]
    assert main(["--lang", "en", "index", "--lexical", *named]) == 1
    out, err = capsys.readouterr()
    said = out + err
    for english in ("documents", "index rebuilt", f"added: {hostile.resolve()}", "skipped ",
                    "damaged DOCX", "encrypted PDF", "file type .xyz is not supported", "binary file, not text",
                    f"{hostile / 'crc.docx'} was not read (see above) and is not added"):
        assert english in said
    assert not [word for word in ("documenten", "opgebouwd", "toegevoegd", "overgeslagen", "beschadigd",
                                  "is versleuteld", "wordt niet", "binair bestand", " / ") if word in said]
    assert main(["index", "--lexical", *named]) == 1  # Dutch: the language when none is chosen
    said = "".join(capsys.readouterr())
    assert "index ongewijzigd" in said and "bestandstype .xyz wordt niet ondersteund" in said
    assert not [word for word in ("documents", "unchanged", "added", "skipped", "damaged", "encrypted",
                                  "not supported", " / ") if word in said]


def test_a_folder_of_corpus_dirs_that_is_not_there_fails_the_index_and_is_said_by_ask(tmp_path, monkeypatch,
                                                                                       capsys):
    # "overgeslagen …: map bestaat niet" with status 0 from `index`, and `ask` said nothing: an
    # install script could not tell a typo in the settings from a good run
    missing = tmp_path / "bestaat-niet"
    monkeypatch.setenv("STAPPENPLAN_CORPUS_DIRS", str(missing))
    assert main(["index", "--lexical"]) == 1
    err = capsys.readouterr().err
    # in the run's language only: "overgeslagen / skipped …: map bestaat niet / folder does not exist"
    assert f"overgeslagen {missing}: map bestaat niet\n" in err and "skipped" not in err \
        and "folder does not exist" not in err
    assert main(["ask", "--lexical", "Wat is een marktconsultatie?"]) == 0
    assert capsys.readouterr().err.count(f"{missing}: map bestaat niet") == 1  # the index is reused: said once
    assert main(["--lang", "en", "ask", "--lexical", "What is a market consultation?"]) == 0
    err = capsys.readouterr().err
    assert f"skipped {missing}: folder does not exist\n" in err and "overgeslagen" not in err and "map " not in err
    monkeypatch.delenv("STAPPENPLAN_CORPUS_DIRS")
    assert main(["index", "--lexical"]) == 0


def test_the_index_command_fails_where_the_vectors_could_not_be_stored(tmp_path, small_disk, monkeypatch, capsys):
    # a full disk said "0 passages ingebed" and the command ended with status 0: an install
    # script could not tell it from a good run
    monkeypatch.setenv("STAPPENPLAN_HOME", str(small_disk("3m")))
    assert main(["index"]) == 1
    err = capsys.readouterr().err
    assert "alleen zoeken op woorden, niet op betekenis: " in err and "Schijf vol" in err and "by words only" not in err
    # said once, in the run's language: it came three times, twice in both languages
    assert err.count("Schijf vol") == 1 and "Disk full" not in err, err


def test_skipped_files_are_said_when_the_index_is_built_not_before_every_answer(tmp_path, hostile, capsys):
    # every `ask` printed all the skipped files first
    assert main(["index", "--lexical", str(hostile)]) == 0
    assert "overgeslagen " in capsys.readouterr().err
    assert main(["ask", "--lexical", "Wat is een marktconsultatie?"]) == 0
    assert "overgeslagen " not in capsys.readouterr().err
    assert main(["index", "--lexical"]) == 0  # the index command says them each time
    assert "crc.docx" in capsys.readouterr().err
