"""The Datasette plugin (entry point ``govcrawl`` in the ``datasette`` group): Datasette finds it
when govcrawl is installed beside it (``pip install 'govcrawl[datasette]'``).

Every connection Datasette opens gets govcrawl_fold, govcrawl_expand and govcrawl_match
(govcrawl.research.sql_functions), which archive/metadata.yml's canned search query uses. On a
govcrawl archive (a database with ``articles_fts``), Datasette's own ``escape_fts``, through
which the table search box passes what is typed, is replaced by ``govcrawl_match``: the box
folds accents and đ, knows the abbreviations, and never answers 400. The hook runs after
Datasette's (``trylast``), so the replacement is the one that stays. Only this module imports
Datasette; nothing else in govcrawl needs it.
"""

from __future__ import annotations

import sqlite3

from datasette import hookimpl

from govcrawl.research.sql_functions import has_search_index, match_expression, register


@hookimpl(trylast=True)  # type: ignore[untyped-decorator]  # pluggy ships no types
def prepare_connection(conn: sqlite3.Connection) -> None:
    """Register govcrawl's SQL functions; on an archive, route the search box through them."""
    register(conn)
    if has_search_index(conn):
        conn.create_function("escape_fts", 1, match_expression, deterministic=True)
