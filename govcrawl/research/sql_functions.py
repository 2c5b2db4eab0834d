"""SQL functions that give SQLite (Datasette, the sqlite3 shell, a notebook) govcrawl's reading
of a query: ``govcrawl_fold(text)``, ``govcrawl_expand(text)`` and ``govcrawl_match(query)``.

``govcrawl_match`` turns whatever a person types into an FTS5 expression for ``articles_fts
MATCH`` that is always valid: the search's own query builder (``search.fts_query``), checked by
parsing it against an empty FTS5 table; if it is not valid, its chunks as literal phrases; if
it has no words, ``""`` (matches nothing). A query is cut to ``MAX_QUERY_CHARS`` and
``MAX_QUERY_TERMS`` first (a search box answers, it does not refuse). Folding and abbreviation
expansion are the text stage's (``search_fold`` and ``canonical_name`` when that code is
present, else ``normalise.fold``). ``register(conn)`` adds the three functions to a connection;
the Datasette plugin (datasette_plugin) calls it for every connection Datasette opens.
"""

from __future__ import annotations

import importlib
import re
import sqlite3
import threading
from collections.abc import Callable

from govcrawl.research.search import MAX_QUERY_CHARS, MAX_QUERY_TERMS, fts_query
from govcrawl.text.normalise import fold, strip_controls

NOTHING = '""'  # a valid FTS5 expression that matches no row
_WORD = re.compile(r"\w+")
_probe = threading.local()


def _text_function(module: str, name: str) -> Callable[[str], str]:
    """``module.name`` of the text stage when it exists (issue 19's orthography and
    abbreviations), else ``normalise.fold``."""
    try:
        found: Callable[[str], str] = getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        return fold
    return found


_search_fold = _text_function("govcrawl.text.orthography", "search_fold")
_canonical_name = _text_function("govcrawl.text.abbreviations", "canonical_name")


def fold_text(text: str | None) -> str | None:
    """``text`` as the search index compares it: no accents, đ as d, lower case (None stays)."""
    return None if text is None else _search_fold(str(text))


def expand_names(text: str | None) -> str | None:
    """``text`` folded, with abbreviations written out ("Sở KH&CN" = "so khoa hoc va cong
    nghe" where the abbreviation table is present); None stays None."""
    return None if text is None else _canonical_name(str(text))


def bounded(query: str) -> str:
    """``query`` cut to MAX_QUERY_CHARS characters and its first MAX_QUERY_TERMS words, its
    control characters as spaces (SQLite ends a string at NUL)."""
    query = strip_controls(query[:MAX_QUERY_CHARS])
    words = list(_WORD.finditer(query))
    return query[: words[MAX_QUERY_TERMS].start()] if len(words) > MAX_QUERY_TERMS else query


def match_expression(query: str | None, *, any_order: bool = False) -> str:
    """A valid FTS5 expression for ``articles_fts MATCH`` from any text a person types."""
    text = bounded(str(query or ""))
    expression = fts_query(text, any_order=any_order)
    if expression.strip() and is_valid(expression):
        return expression
    # not FTS5 syntax ("KH&CN", an unbalanced quote): each chunk as a literal phrase, as search does
    chunks = [chunk.replace('"', '""') for chunk in fold(text).split() if _WORD.search(chunk)]
    return " ".join(f'"{chunk}"' for chunk in chunks) or NOTHING


def is_valid(expression: str) -> bool:
    """True when FTS5 parses ``expression`` (against an empty table with the index's columns)."""
    connection = getattr(_probe, "connection", None)
    if connection is None:
        connection = sqlite3.connect(":memory:")
        connection.execute("CREATE VIRTUAL TABLE probe USING fts5(title, text)")
        _probe.connection = connection
    try:
        connection.execute("SELECT 1 FROM probe WHERE probe MATCH ?", [expression]).fetchall()
    except sqlite3.Error:
        return False
    return True


def register(conn: sqlite3.Connection) -> None:
    """Add govcrawl_fold, govcrawl_expand and govcrawl_match to ``conn`` (deterministic)."""
    conn.create_function("govcrawl_fold", 1, fold_text, deterministic=True)
    conn.create_function("govcrawl_expand", 1, expand_names, deterministic=True)
    conn.create_function("govcrawl_match", 1, match_expression, deterministic=True)


def has_search_index(conn: sqlite3.Connection) -> bool:
    """True when ``conn``'s main database is a govcrawl archive (it has ``articles_fts``)."""
    try:
        row = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'articles_fts'"
        ).fetchone()
    except sqlite3.Error:
        return False
    return row is not None
