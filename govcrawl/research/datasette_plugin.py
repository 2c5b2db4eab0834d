"""The Datasette plugin (entry point ``govcrawl`` in the ``datasette`` group): Datasette finds it
when govcrawl is installed beside it (``pip install 'govcrawl[datasette]'``).

Every connection Datasette opens gets govcrawl_fold, govcrawl_expand and govcrawl_match
(govcrawl.research.sql_functions), which archive/metadata.yml's canned search query uses. On a
govcrawl archive (a database with ``articles_fts``), Datasette's own ``escape_fts``, through
which the table search box passes what is typed, is replaced by ``govcrawl_match``: the box
folds accents and đ, knows the abbreviations, and never answers 400. The hook runs after
Datasette's (``trylast``), so the replacement is the one that stays. An empty search box
(``?_search=``, what the form sends) is dropped from the request, so it shows the whole table
as if nothing was searched (FTS5 has no expression that matches every row). Only this module
imports Datasette; nothing else in govcrawl needs it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import parse_qsl, urlencode

from datasette import hookimpl

from govcrawl.research.sql_functions import has_search_index, match_expression, register


@hookimpl(trylast=True)  # type: ignore[untyped-decorator]  # pluggy ships no types
def prepare_connection(conn: sqlite3.Connection) -> None:
    """Register govcrawl's SQL functions; on an archive, route the search box through them."""
    register(conn)
    if has_search_index(conn):
        conn.create_function("escape_fts", 1, match_expression, deterministic=True)


Asgi = Callable[[dict[str, Any], Any, Any], Awaitable[None]]


@hookimpl  # type: ignore[untyped-decorator]  # pluggy ships no types
def asgi_wrapper() -> Callable[[Asgi], Asgi]:
    """Wrap Datasette so that blank ``_search`` parameters never reach it."""
    return without_blank_search


def without_blank_search(app: Asgi) -> Asgi:
    """``app``, seeing HTTP requests without their blank ``_search``/``_search_COLUMN``."""

    async def wrapped(scope: dict[str, Any], receive: Any, send: Any) -> None:
        query = scope.get("query_string", b"")
        if scope.get("type") == "http" and b"_search" in query:
            pairs = parse_qsl(query.decode("latin-1"), keep_blank_values=True)
            kept = [(k, v) for k, v in pairs if v.strip() or not k.startswith("_search")]
            if len(kept) < len(pairs):
                scope = {**scope, "query_string": urlencode(kept).encode("latin-1")}
        await app(scope, receive, send)

    return wrapped
