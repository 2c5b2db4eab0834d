"""Full-text search over the archive: accent-insensitive by default, bm25-ranked, with snippets.

The index holds text with tone marks and đ folded away, so ``khoa hoc`` finds "khoa học" and
``da nang`` finds "Đà Nẵng". Folding merges distinct words ("thể"/"thế"/"the"), so a query typed
with accents ranks the hits that contain its words accent-exact above the folded ones (among the
best ``RERANK_WINDOW`` bm25 candidates). ``exact=True`` keeps only hits where every query word
appears with its accents as typed. Queries are NFC-normalised first (NFD input behaves the same).
Filters (govcrawl.research.filters) select the candidates through indexes before any row is read.
Snippets are cut from the original accented text.
"""

from __future__ import annotations

import functools
import itertools
import re
import sqlite3
from collections import Counter
from collections.abc import Iterator
from dataclasses import asdict, dataclass

import sqlite_utils

from govcrawl.research.filters import NOT_DUPLICATE, Filters
from govcrawl.text.normalise import fold, fold_d, nfc

HIGHLIGHT = ("[", "]")
SNIPPET_WORDS = 24
# bm25 weights of the indexed columns (title, text): a hit in the title counts ten times.
BM25_WEIGHTS = (10.0, 1.0)
# An accented query re-ranks this many of the best bm25 candidates (at least 10 x the limit).
RERANK_WINDOW = 200
_FETCH = 50  # rows read per round trip once the candidates are ranked
_OPERATORS = {"AND", "OR", "NOT", "NEAR"}
_WORD = re.compile(r"\w+")
_QUERY_TERM = re.compile(r"(\w+)(\*?)")


class SearchError(Exception):
    """The query cannot be run; the message says what is wrong with it."""


# The longest query searched: longer ones are refused before any work (a 100 KB query used to
# cost a minute of CPU). A long title pasted whole fits; a page of text does not.
MAX_QUERY_CHARS = 512
MAX_QUERY_TERMS = 32


def check_query_size(query: str) -> None:
    """Raise SearchError, without quoting it, for a query over MAX_QUERY_CHARS or MAX_QUERY_TERMS."""
    words = len(re.findall(r"\w+", query))  # one regex pass: milliseconds even for 100 KB
    if len(query) > MAX_QUERY_CHARS or words > MAX_QUERY_TERMS:
        raise SearchError(
            f"query too long ({len(query):,} characters, {words:,} word{'s' if words != 1 else ''}):"
            f" at most {MAX_QUERY_CHARS} characters and {MAX_QUERY_TERMS} words; search for its"
            " most telling words or a phrase"
        )


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
    province: str | None = None
    agency: str | None = None
    duplicate_of: int | None = None
    exact_terms: int = 0

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


@dataclass(frozen=True)
class Candidate:
    """An article matching the query before the accent-exact re-ranking: its bm25 rank (lower
    is better), then the columns of ``_ROWS``."""

    rank: float
    id: int
    url: str
    title: str | None
    published: str | None
    site: str
    author: str | None
    lang: str | None
    province: str | None
    agency: str | None
    duplicate_of: int | None
    text: str


@dataclass(frozen=True)
class Term:
    """A word of the query: its folded and accent-exact forms, and whether it is a prefix."""

    folded: str
    exact: str
    prefix: bool

    @property
    def accented(self) -> bool:
        """True when folding changes the word: its accents tell it apart ("thể" vs "the")."""
        return self.exact != self.folded

    def matches(self, word: str, *, exact: bool) -> bool:
        candidate = _word_forms(word)[1 if exact else 0]
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
    db: sqlite_utils.Database,
    query: str,
    *,
    limit: int = 20,
    exact: bool = False,
    filters: Filters | None = None,
) -> list[Hit]:
    """Return up to ``limit`` articles matching ``query`` and ``filters``, best first.

    Best: more query words accent-exact first (when the query has accents), then bm25.
    Raises SearchError for an empty or unusable query.
    """
    check_query_size(query)
    terms = query_terms(query)
    if not terms:
        raise SearchError('empty query: give at least one word, e.g. govcrawl search "khoa học"')
    rerank = any(term.accented for term in terms) and not exact
    wanted = max(RERANK_WINDOW, limit * 10) if rerank else limit
    # --exact skips the hits without the accents, so it cannot know how many rows it needs
    ids = _ranked_ids(db, query, filters or Filters(), -1 if exact else wanted)
    kept: list[tuple[Candidate, int]] = []
    for candidate in _candidates(db, ids):
        found = exact_count(candidate, terms)
        if exact and found < len(terms):
            continue
        kept.append((candidate, found))
        if len(kept) >= wanted:
            break
    if rerank:
        kept.sort(key=lambda pair: -pair[1])  # stable: bm25 order within a tier
    return [_hit(candidate, terms, exact, found) for candidate, found in kept[:limit]]


# Filters are "+rowid IN (...)" lists: the unary plus keeps SQLite from handing them to FTS5
# (which would run the MATCH once per listed id, 100 times slower), and bm25 is only computed
# for the rows that pass them.
_SQL = """
    SELECT rowid, bm25(articles_fts, {weights}) AS rank FROM articles_fts
    WHERE articles_fts MATCH ? {{conditions}}
    ORDER BY rank, rowid LIMIT {{limit}}
""".format(weights=", ".join(str(w) for w in BM25_WEIGHTS))
_ROWS = """
    SELECT id, url, title, published, site, author, lang, province, agency, duplicate_of, text
    FROM articles WHERE id IN ({marks})
"""


def _ranked_ids(
    db: sqlite_utils.Database, query: str, filters: Filters, limit: int = -1
) -> Iterator[tuple[int, float]]:
    """(article id, bm25 rank) of the matching articles, best first, filtered through indexes."""
    sql, params, kept = "", [], []
    for condition, values in filters.conditions(db):
        if condition == NOT_DUPLICATE:  # few rows are copies: exclude them through their index
            sql += " AND +rowid NOT IN (SELECT id FROM articles WHERE duplicate_of IS NOT NULL)"
        else:
            kept.append(condition)
            params += values
    if kept:  # one list, so SQLite can use a two-column index such as (province, published)
        sql += f" AND +rowid IN (SELECT id FROM articles WHERE {' AND '.join(kept)})"
    return _run_match(db, query, _SQL.format(conditions=sql, limit=int(limit)), params)


def _candidates(
    db: sqlite_utils.Database, ranked: Iterator[tuple[int, float]]
) -> Iterator[Candidate]:
    """The articles of ``ranked`` ids, in their order, each with its ``rank``."""
    while batch := list(itertools.islice(ranked, _FETCH)):
        cursor = db.conn.execute(
            _ROWS.format(marks=", ".join("?" * len(batch))), [i for i, _ in batch]
        )
        by_id = {values[0]: values for values in cursor}
        for article_id, rank in batch:
            if article_id in by_id:
                yield Candidate(rank, *by_id[article_id])


def _run_match(
    db: sqlite_utils.Database, query: str, sql: str, params: list[object]
) -> Iterator[tuple[int, float]]:
    """Matching (id, rank), best first: the query as FTS5 syntax, else as literal phrases."""
    try:
        rows = _execute(db, sql, [fts_query(query), *params])
    except sqlite3.OperationalError as error:
        if _is_archive_error(error):
            raise
        expression = quoted_fts_query(query)
        if not expression:
            raise SearchError(f"cannot search for {query!r}: it has no words") from error
        try:
            rows = _execute(db, sql, [expression, *params])
        except sqlite3.OperationalError as second:
            if _is_archive_error(second):
                raise
            raise SearchError(f"invalid search query {query!r}: {second}") from second
    yield from rows


def _execute(
    db: sqlite_utils.Database, sql: str, params: list[object]
) -> Iterator[tuple[int, float]]:
    """Run the search now (FTS5 reports syntax errors on the first steps); rows stream later."""
    cursor = db.conn.execute(sql, params)
    first = cursor.fetchmany(_FETCH)
    return itertools.chain(first, cursor)


def _is_archive_error(error: sqlite3.OperationalError) -> bool:
    """True for errors of the database itself (locked, I/O), not of the query's syntax."""
    message = str(error).lower()
    return any(word in message for word in ("locked", "busy", "disk", "no such table", "database"))


def exact_count(candidate: Candidate, terms: list[Term]) -> int:
    """How many distinct query words the article's title or text holds with their accents as
    typed."""
    text = f"{candidate.title or ''}\n{candidate.text}".casefold()
    return sum(1 for term in terms if term.exact in text and _exact_pattern(term).search(text))


@functools.lru_cache(maxsize=256)
def _exact_pattern(term: Term) -> re.Pattern[str]:
    """The term's accent-exact form as a whole word (or a word start, for a prefix)."""
    end = "" if term.prefix else r"(?!\w)"
    return re.compile(rf"(?<!\w){re.escape(term.exact)}{end}")


def _hit(candidate: Candidate, terms: list[Term], exact: bool, found: int) -> Hit:
    return Hit(
        id=candidate.id, url=candidate.url, title=candidate.title,
        published=candidate.published, site=candidate.site, author=candidate.author,
        lang=candidate.lang, snippet=snippet(candidate.text, terms, exact=exact),
        rank=candidate.rank, province=candidate.province, agency=candidate.agency,
        duplicate_of=candidate.duplicate_of, exact_terms=found,
    )  # fmt: skip


def snippet(
    text: str, terms: list[Term], *, exact: bool = False, words: int = SNIPPET_WORDS
) -> str:
    """Return the ``words``-word window of ``text`` with the most distinct matches.

    Runs of adjacent matching words are marked together: "Sở [Khoa học] và [Công nghệ]".
    """
    spans = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
    if not spans:
        return ""
    cache: dict[str, frozenset[int]] = {}
    for _, _, word in spans:
        if word not in cache:
            cache[word] = frozenset(i for i, t in enumerate(terms) if t.matches(word, exact=exact))
    matched = [cache[word] for _, _, word in spans]
    best_start = _best_window(matched, words)
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


def _best_window(matched: list[frozenset[int]], words: int) -> int:
    """The first start of a ``words``-long window with the most distinct matched terms."""
    inside: Counter[int] = Counter()
    for found in matched[:words]:
        inside.update(found)
    score = len(inside)
    best_start, best_score = 0, score
    for start in range(1, max(1, len(matched) - words + 1)):
        for term in matched[start - 1]:
            inside[term] -= 1
            score -= inside[term] == 0
        for term in matched[start + words - 1]:
            score += inside[term] == 0
            inside[term] += 1
        if score > best_score:
            best_start, best_score = start, score
    return best_start


@functools.lru_cache(maxsize=1 << 16)
def _word_forms(word: str) -> tuple[str, str]:
    """A word's folded and accent-exact (NFC, casefolded) forms; words repeat, so cached."""
    return fold(word), nfc(word).casefold()
