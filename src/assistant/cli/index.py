"""`stappenplan index [PATH…]`: build or refresh the index; added folders stay part of it."""

from __future__ import annotations

from pathlib import Path

from assistant.cli.common import (open_knowledge_base, say_on_stderr, say_on_stdout, settings_from_args,
                                  setup_logging)
from assistant.core.errors import os_reason
from assistant.core.i18n import catalog

_TEXT = catalog("cli.index")


def add_parser(subparsers, name: str) -> None:
    parser = subparsers.add_parser(
        name, help="bouw of vernieuw de index / build or refresh the index",
        description="Bouw of vernieuw de index van de handreikingen, eventueel met eigen documenten (.txt, .md, "
                    ".pdf, .docx). / Build or refresh the index of the guidance, optionally with your own "
                    "documents (.txt, .md, .pdf, .docx).")
    parser.add_argument("paths", nargs="*",
                        help="mappen of bestanden om toe te voegen (blijven in de index) / folders to add (kept)")
    parser.add_argument("--forget", nargs="+", metavar="PATH", default=[],
                        help="eerder toegevoegde mappen weer weglaten / drop previously added folders")
    parser.add_argument("--lexical", action="store_true", help="alleen de lexicale index / lexical index only")


def run(args) -> int:
    from assistant.knowledge.base import KnowledgeError, index_lock
    from assistant.knowledge.index import stored_chunks

    settings = settings_from_args(args)
    setup_logging(settings)
    lang = settings.language

    def say(key: str, **fields: object) -> str:
        return _TEXT.text(key, lang, **fields)
    new = [Path(p).expanduser().resolve() for p in args.paths]
    missing = [p for p in new if not p.exists()]
    if missing:
        for p in missing:
            say_on_stderr(f"stappenplan: {say('no_such_path', path=p)}")
        return 2
    forget = {Path(p).expanduser().resolve() for p in args.forget}
    server = settings.chroma_url
    # a server's collection keeps what this library drops: the forgotten documents' passages are
    # read before the table is rebuilt without them, to remove their vectors there too
    before = stored_chunks(settings.index_path) if server and forget else []
    try:
        with index_lock(settings.index_path):  # another process may be adding folders too
            folders = _update_added_folders(settings.index_path, new, forget, lang=lang)
    except KnowledgeError as exc:
        say_on_stderr(f"stappenplan: {exc}")
        return 1
    except OSError as exc:
        nl, en = os_reason(exc)
        reason = en if lang == "en" else nl
        say_on_stderr(f"stappenplan: {say('cannot_write', path=settings.index_path, reason=reason)}")
        return 1
    if server and new and not args.lexical:
        say_on_stdout(say("to_server", url=server))
    kb = open_knowledge_base(settings, dense=not args.lexical, every_skipped=True)
    dropped = _forgotten_passages(before, forget, {c.id for c in kb.chunks})
    removed = kb.remove_vectors(dropped) if dropped and not args.lexical else None
    report = kb.last_report
    say_on_stdout(say("summary", documents=len(kb.documents), chunks=report.chunks, embedded=report.embedded,
                      state=say("rebuilt" if report.rebuilt_lexical else "unchanged"), seconds=f"{report.seconds:.1f}"))
    # a script installing it must see what failed: the vectors (a full disk said "0 passages
    # embedded" with status 0), or a file named here that could not be read (a folder with an
    # unreadable file goes on: the rest of it is searched); such a file is not kept as added
    # (it was listed as added, and every later index warned about it again)
    skipped = {Path(s.path).resolve() for s in report.skipped}
    unread = [p for p in new if p.is_file() and p in skipped]
    if unread:
        with index_lock(settings.index_path):
            folders = _update_added_folders(settings.index_path, [], set(unread), lang=lang, say=False)
    for folder in folders:
        say_on_stdout(say("added", path=folder))
    say_on_stdout(f"index: {settings.index_path}")
    if dropped and removed is not None:
        say_on_stdout(say("removed_from_server", count=removed, url=server))
    elif dropped:
        say_on_stderr(f"stappenplan: {say('not_removed_from_server', url=server)}")
    for path in unread:
        say_on_stderr(f"stappenplan: {say('not_read', path=path)}")
    # why the vectors failed was said as the index opened (services.open_knowledge_base): said
    # again here, the cause came three times, twice in both languages
    vectors_failed = not args.lexical and not kb.dense_ready
    # a folder of corpus_dirs (or one added before) that is not there was said as skipped: an
    # install script saw status 0 for a typo in the settings
    return 1 if unread or vectors_failed or kb.missing_folders else 0


def _forgotten_passages(before: list, forget: set[Path], kept: set[str]) -> list:
    """The passages of `before` that came from a forgotten path and are no longer indexed."""
    return [c for c in before if c.id not in kept and any(Path(c.source).is_relative_to(p) for p in forget)]


def _update_added_folders(index_dir: Path, new: list[Path], forget: set[Path], *, lang: str,
                          say: bool = True) -> list[Path]:
    """The added folders with `new` and without `forget`, saved; a damaged list is kept aside
    first. With `say`, what `forget` did is said for each path, in `lang`."""
    from assistant.knowledge.base import added_folders, keep_damaged_added_folders, save_added_folders

    if damaged := keep_damaged_added_folders(index_dir):
        say_on_stderr(f"stappenplan: {damaged.message(lang)}")
    known = added_folders(index_dir)
    for p in sorted(forget) if say else ():
        if p in known:
            say_on_stdout(_TEXT.text("dropped", lang, path=p))
        else:
            say_on_stderr(f"stappenplan: {_TEXT.text('was_not_added', lang, path=p)}")
    folders = [p for p in dict.fromkeys([*known, *new]) if p not in forget]
    if folders != known:
        save_added_folders(index_dir, folders)
    return folders
