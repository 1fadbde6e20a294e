"""The house rules that keep the package in one shape, checked on the source itself.

Layers point one way: tui | cli → services → export | llm | learn → plan → answer →
knowledge → store → core. A module may import its own layer and any layer below it; never one
above, also not inside a function (where such imports used to hide). And the code does not
defend itself against its own modules: no `except ImportError` around our imports.
"""

from __future__ import annotations

import ast
from pathlib import Path

import assistant

PACKAGE = Path(assistant.__file__).resolve().parent

#: Lower number = lower layer. Layers on one level may not import each other either.
LAYERS: dict[str, int] = {
    "core": 0,
    "resources": 0,
    "store": 1,
    "knowledge": 2,
    "answer": 3,
    "plan": 4,
    "export": 5,
    "llm": 5,
    "learn": 5,
    "services": 6,
    "tui": 7,
    "cli": 7,
}
#: The package's own entry points, above everything.
ENTRY_POINTS = {"assistant", "assistant.__main__"}
#: A front end may start the other one (`stappenplan` with no subcommand opens the app).
ALLOWED_SIDEWAYS = {("cli", "tui")}


def _modules() -> list[tuple[str, Path]]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found.append((name, path))
    return found


def _imported(name: str, path: Path) -> list[tuple[str, int]]:
    """Every `assistant.*` module `path` imports, anywhere in it, with the line."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            if target == "assistant":  # `from assistant import plan`: the subpackage itself
                out += [(f"assistant.{alias.name}", node.lineno) for alias in node.names]
            else:
                out.append((target, node.lineno))
    return [(t, line) for t, line in out if t == "assistant" or t.startswith("assistant.")]


def _layer(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else None


def test_every_top_level_part_of_the_package_has_a_layer():
    parts = {p.name for p in PACKAGE.iterdir() if p.is_dir() and not p.name.startswith("__")}
    parts |= {p.stem for p in PACKAGE.glob("*.py") if not p.stem.startswith("__")}
    assert parts - set(LAYERS) == set(), "a new top-level module needs a place in LAYERS"


def test_imports_point_down_the_layers():
    upward = []
    for name, path in _modules():
        if name in ENTRY_POINTS:
            continue
        here = _layer(name)
        for target, line in _imported(name, path):
            there = _layer(target)
            if there is None or there == here or there not in LAYERS:
                continue
            if (here, there) in ALLOWED_SIDEWAYS:
                continue
            if LAYERS[there] >= LAYERS[here]:
                upward.append(f"{path.relative_to(PACKAGE.parent)}:{line}: {here} -> {there} ({target})")
    assert upward == []


def test_no_fallbacks_for_our_own_modules():
    """`try: from assistant… import x / except ImportError` hides a broken house; optional
    third-party packages (the LLM clients) may still be probed."""
    probes = []
    for name, path in _modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Try):
                continue
            catches = {ast.unparse(h.type) for h in node.handlers if h.type is not None}
            if not catches & {"ImportError", "ModuleNotFoundError"}:
                continue
            for inner in node.body:
                for sub in ast.walk(inner):
                    if isinstance(sub, ast.ImportFrom) and (sub.level or (sub.module or "").startswith("assistant")):
                        probes.append(f"{path.relative_to(PACKAGE.parent)}:{sub.lineno}")
    assert probes == []


def test_the_rules_catch_an_upward_import(tmp_path):
    """The checker itself: a knowledge module importing the plan is reported."""
    module = tmp_path / "probe.py"
    module.write_text("def f():\n    from assistant.plan import steps\n    from ..answer import extractive\n")
    found = _imported("assistant.knowledge.probe", module)
    assert ("assistant.plan", 2) in found and ("assistant.answer", 3) in found
