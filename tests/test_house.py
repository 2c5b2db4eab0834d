"""The house's map: every module of govcrawl is named in the README's "How it is built", and every
subpackage says in its docstring what it owns and what it may import."""

from __future__ import annotations

import importlib
import pkgutil
import re
from pathlib import Path

import govcrawl

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "govcrawl"
STAGES = ("registry", "crawl", "extract", "text", "dedupe", "store", "research", "cli")


def _map_section() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("## How it is built")
    return readme[start : readme.index("\n## ", start + 1)]


def _named_in_map() -> set[str]:
    """Module paths the map names, relative to govcrawl/ (``crawl/traps.py``, ``urls.py``)."""
    named: set[str] = set()
    stage = ""
    for line in _map_section().splitlines():
        heading = re.match(r"\*\*`(\w+)/`\*\*", line)
        if heading:
            stage = heading.group(1) + "/"
        elif line.startswith("**Shared modules**"):
            stage = ""
        elif line.startswith("| `"):
            cell = line.split("|")[1]
            named.update(stage + name for name in re.findall(r"`([\w/.]+)`", cell))
    return named


def _modules() -> set[str]:
    """Every module file of the package (``__init__`` and ``__main__`` apart), and each
    platform family and the demo as their folder."""
    found: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PACKAGE).as_posix()
        if path.name in {"__init__.py", "__main__.py"}:
            continue
        top = relative.split("/")[0]
        found.add(f"{top}/" if top in {"platforms", "demo"} else relative)
    return found


def test_every_module_is_on_the_map() -> None:
    named = _named_in_map()
    missing = sorted(m for m in _modules() if m not in named)
    assert not missing, f"modules missing from README 'How it is built': {missing}"


def test_the_map_names_no_module_that_does_not_exist() -> None:
    stale = sorted(m for m in _named_in_map() if m.endswith(".py") and not (PACKAGE / m).exists())
    assert not stale, f"README 'How it is built' names modules that do not exist: {stale}"


def test_every_stage_says_what_it_owns_and_may_import() -> None:
    for stage in STAGES:
        doc = importlib.import_module(f"govcrawl.{stage}").__doc__ or ""
        assert "May import" in doc, f"govcrawl.{stage} docstring does not say what it may import"


def test_every_module_has_a_docstring() -> None:
    undocumented = [
        info.name
        for info in pkgutil.walk_packages(govcrawl.__path__, "govcrawl.")
        if not info.name.endswith("__main__")
        and not (importlib.import_module(info.name).__doc__ or "").strip()
    ]
    assert not undocumented, undocumented
