"""The layers import one way: kernel <- store <- stages (in pipeline order) <- report <- api <- cli, serve, webui, jobs.

A module may import its own layer or any below it, never one above: the store knows no stage, a
stage knows no report, and nothing but the command line knows the API's callers.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "storyline"
# The first part of a module's name under storyline -> its layer; higher imports lower only.
LAYERS = {
    "models": 0, "config": 0, "errors": 0, "identity": 0, "lexicon": 0, "parallel": 0, "serialize": 0, "sentences": 0,
    "version": 0,
    "store": 1,
    "ingest": 2, "watch": 2, "analyse": 3, "link": 4, "explain": 5,
    "report": 6,
    "api": 7,
    "cli": 8, "serve": 8, "webui": 8, "jobs": 8, "": 8,  # "" is the package itself, whose __init__ exports the API
}


def _layer(module: str) -> int:
    parts = module.split(".")
    return LAYERS[parts[1] if len(parts) > 1 else ""]


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "storyline":
            found |= {node.module} if node.module != "storyline" else {f"storyline.{a.name}" for a in node.names}
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == "storyline"}
    return found


def test_every_module_has_a_layer() -> None:
    names = {path.relative_to(PACKAGE).parts[0].removesuffix(".py") for path in PACKAGE.rglob("*.py")}
    assert names - {"__init__"} <= set(LAYERS)


def test_no_module_imports_a_layer_above_its_own() -> None:
    upward = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        module = ".".join(("storyline", *parts)).removesuffix(".__init__")
        upward += [f"{module} imports {name}" for name in sorted(_imports(path)) if _layer(name) > _layer(module)]
    assert upward == []


def test_the_walker_sees_an_upward_import(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("from storyline.api import Storyline\nfrom storyline import report\nimport storyline.models\n")
    imports = _imports(module)
    assert imports == {"storyline.api", "storyline.report", "storyline.models"}
    assert [name for name in sorted(imports) if _layer(name) > _layer("storyline.store.db")] == [
        "storyline.api", "storyline.report"]
