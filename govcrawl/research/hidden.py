"""Hidden near-duplicates a search would have found: "N near-duplicates hidden" that counts
what the search itself keeps, ``--exact`` included.

The filters hide republications (govcrawl.research.filters.hidden_duplicates); of those, the
hits of a query are the ones its FTS5 expression matches (filters.hidden_matches) and, with
``exact``, that hold every term accent-exact as the search checks it (search.exact_count):
"tông kết" --exact does not count a hidden copy that says "tổng kết". Only the hidden copies
that match are read.
"""

from __future__ import annotations

from dataclasses import fields, replace

import sqlite_utils

from govcrawl.research.filters import Filters, hidden_duplicates, hidden_matches
from govcrawl.research.search import (
    Candidate,
    exact_count,
    index_for,
    query_terms,
    search_expression,
)

# the columns of search.Candidate, articles columns after its rank (a count needs none: 0)
_CANDIDATE = ", ".join(["0.0", *(field.name for field in fields(Candidate)[1:])])
_HIDDEN_ROWS = f"""
    SELECT {_CANDIDATE} FROM articles WHERE id IN (
        SELECT rowid FROM {{index}} WHERE {{index}} MATCH ? AND +rowid IN (
            SELECT id FROM articles WHERE duplicate_of IS NOT NULL AND {{where}}))
"""


def hidden_hits(
    db: sqlite_utils.Database,
    query: str,
    filters: Filters,
    *,
    exact: bool = False,
    any_order: bool = False,
) -> int:
    """How many near-duplicates ``filters`` hide that ``search(query, exact=, any_order=)``
    would otherwise have found (every match, not only the best ``limit``); 0 when the
    filters include duplicates."""
    index = index_for(db)  # the search's own index (the word index when it is up to date)
    expression = search_expression(query, index, any_order=any_order)
    if not exact:
        return hidden_matches(db, expression, filters, index.table)
    if not hidden_duplicates(db, filters):
        return 0
    terms = query_terms(query, any_order=any_order)
    where, params = replace(filters, include_duplicates=True).where(db)
    sql = _HIDDEN_ROWS.format(index=index.table, where=where)
    cursor = db.conn.execute(sql, [expression, *params])
    return sum(1 for row in cursor if exact_count(Candidate(*row), terms) == len(terms))
