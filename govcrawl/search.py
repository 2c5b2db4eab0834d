"""Full-text search over the archive: accent-insensitive by default, bm25-ranked, with snippets.

The index holds text with tone marks and đ folded away, so ``khoa hoc`` finds "khoa học" and
``da nang`` finds "Đà Nẵng". ``exact=True`` keeps only hits where every query word appears with
its accents as typed. Snippets are cut from the original accented text.
"""

from __future__ import annotations

import itertools
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import asdict, dataclass

import sqlite_utils

from govcrawl.normalise import fold, fold_d, nfc

HIGHLIGHT = ("[", "]")
SNIPPET_WORDS = 24
# bm25 weights of the indexed columns (title, text): a hit in the title counts ten times.
BM25_WEIGHTS = (10.0, 1.0)
_OPERATORS = {"AND", "OR", "NOT", "NEAR"}
_WORD = re.compile(r"\w+")
_QUERY_TERM = re.compile(r"(\w+)(\*?)")


class SearchError(Exception):
    """The query cannot be run; the message says what is wrong with it."""


@dataclass(frozen=True)
class Hit:
    """One search result, best first; ``snippet`` marks matches with ``[`` and ``]``."""

    id: int
    url: str
    title: str | None
    published: str | None
    site: str
    author: str | None
    lang: str | None
    snippet: str
    rank: float

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


@dataclass(frozen=True)
class Term:
    """A word of the query: its folded and accent-exact forms, and whether it is a prefix."""

    folded: str
    exact: str
    prefix: bool

    def matches(self, word: str, *, exact: bool) -> bool:
        candidate = nfc(word).casefold() if exact else fold(word)
        target = self.exact if exact else self.folded
        return candidate.startswith(target) if self.prefix else candidate == target


def fts_query(query: str) -> str:
    """Return ``query`` as an FTS5 expression over the folded index (đ -> d, NFC)."""
    return fold_d(query).strip()


def quoted_fts_query(query: str) -> str:
    """Return ``query`` with each space-separated chunk as a literal FTS5 phrase.

    The fallback for text that is not valid FTS5 syntax: ``KH&CN`` or ``"unbalanced``.
    """
    chunks = [chunk.replace('"', '""') for chunk in fold_d(query).split()]
    return " ".join(f'"{chunk}"' for chunk in chunks if _WORD.search(chunk))


def query_terms(query: str) -> list[Term]:
    """Return the words a hit must contain: the query without FTS operators and syntax."""
    terms = []
    for word, star in _QUERY_TERM.findall(nfc(query)):
        if word in _OPERATORS:
            continue
        terms.append(Term(fold(word), word.casefold(), bool(star)))
    return terms


def search(
    db: sqlite_utils.Database, query: str, *, limit: int = 20, exact: bool = False
) -> list[Hit]:
    """Return up to ``limit`` articles matching ``query``, best (bm25) first.

    Raises SearchError for an empty or unusable query.
    """
    terms = query_terms(query)
    if not terms:
        raise SearchError('empty query: give at least one word, e.g. govcrawl search "khoa học"')
    hits = []
    for row in _ranked_rows(db, query):
        if exact and not _has_exact_terms(row, terms):
            continue
        hits.append(_hit(row, terms, exact))
        if len(hits) >= limit:
            break
    return hits


_SQL = """
    SELECT a.id, a.url, a.title, a.published, a.site, a.author, a.lang, a.text,
           bm25(articles_fts, {weights}) AS rank
    FROM articles_fts JOIN articles AS a ON a.id = articles_fts.rowid
    WHERE articles_fts MATCH ? AND a.duplicate_of IS NULL
    ORDER BY rank, a.id
""".format(weights=", ".join(str(w) for w in BM25_WEIGHTS))


def _ranked_rows(db: sqlite_utils.Database, query: str) -> Iterator[dict[str, object]]:
    """Matching rows, best first: the query as FTS5 syntax, else as literal phrases."""
    try:
        rows = _execute(db, fts_query(query))
    except sqlite3.OperationalError as error:
        if _is_archive_error(error):
            raise
        expression = quoted_fts_query(query)
        if not expression:
            raise SearchError(f"cannot search for {query!r}: it has no words") from error
        try:
            rows = _execute(db, expression)
        except sqlite3.OperationalError as second:
            if _is_archive_error(second):
                raise
            raise SearchError(f"invalid search query {query!r}: {second}") from second
    yield from rows


def _execute(db: sqlite_utils.Database, expression: str) -> Iterator[dict[str, object]]:
    """Run the search now (FTS5 reports syntax errors on the first steps); rows stream later."""
    cursor = db.conn.execute(_SQL, [expression])
    columns = [d[0] for d in cursor.description]
    first = cursor.fetchmany(50)
    return (dict(zip(columns, values, strict=True)) for values in itertools.chain(first, cursor))


def _is_archive_error(error: sqlite3.OperationalError) -> bool:
    """True for errors of the database itself (locked, I/O), not of the query's syntax."""
    message = str(error).lower()
    return any(word in message for word in ("locked", "busy", "disk", "no such table", "database"))


def _has_exact_terms(row: dict[str, object], terms: list[Term]) -> bool:
    words = _WORD.findall(f"{row['title'] or ''} {row['text']}")
    return all(any(term.matches(word, exact=True) for word in words) for term in terms)


def _hit(row: dict[str, object], terms: list[Term], exact: bool) -> Hit:
    return Hit(
        id=int(row["id"]), url=str(row["url"]), title=row["title"], published=row["published"],
        site=str(row["site"]), author=row["author"], lang=row["lang"],
        snippet=snippet(str(row["text"]), terms, exact=exact), rank=float(row["rank"]),
    )  # type: ignore[arg-type]  # fmt: skip


def snippet(
    text: str, terms: list[Term], *, exact: bool = False, words: int = SNIPPET_WORDS
) -> str:
    """Return the ``words``-word window of ``text`` with the most distinct matches.

    Runs of adjacent matching words are marked together: "Sở [Khoa học] và [Công nghệ]".
    """
    spans = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
    if not spans:
        return ""
    matched = [{i for i, t in enumerate(terms) if t.matches(w, exact=exact)} for _, _, w in spans]
    best_start, best_score = 0, -1
    for start in range(max(1, len(spans) - words + 1)):
        score = len(set().union(*matched[start : start + words]))
        if score > best_score:
            best_start, best_score = start, score
    window = range(best_start, min(len(spans), best_start + words))
    pieces, cursor, open_mark = [], spans[window[0]][0], False
    for i in window:
        begin, end, word = spans[i]
        gap = text[cursor:begin]
        if open_mark and not (matched[i] and gap.isspace()):
            pieces.append(HIGHLIGHT[1])  # close the run of matches before this gap
            open_mark = False
        pieces.append(gap)
        if matched[i] and not open_mark:
            pieces.append(HIGHLIGHT[0])
            open_mark = True
        pieces.append(word)
        cursor = end
    if open_mark:
        pieces.append(HIGHLIGHT[1])
    body = " ".join("".join(pieces).split())
    prefix = "…" if best_start > 0 else ""
    suffix = "…" if window[-1] < len(spans) - 1 else ""
    return f"{prefix}{body}{suffix}"
