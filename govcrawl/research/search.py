"""Full-text search over the archive: word-aware, accent-insensitive, bm25-ranked, with snippets.

The index holds text with tone marks and đ folded away, so ``khoa hoc`` finds "khoa học".
Folding makes each syllable stand for many ("da" = đa/đà/đã/da), so a query's run of adjacent
words is searched as a phrase: ``da nang`` finds "Đà Nẵng", never "đã ... nâng" (``any_order``
searches every syllable anywhere). Abbreviations are searched with their expansions, both ways
(govcrawl/text/abbreviations.toml), and spelling variants match each other (hòa/hoà, kĩ/kỹ;
govcrawl.text.orthography): the index needs no change for either, the query carries them.
A query typed with accents ranks the hits that contain its terms accent-exact above the folded
ones (among the best ``RERANK_WINDOW`` bm25 candidates); ``exact=True`` keeps only those. Any
text is a valid query (``fts_query`` repairs quotes, parentheses and operators). Filters
(govcrawl.research.filters) select the candidates through indexes before any row is read.
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
from govcrawl.store import word_index
from govcrawl.text import abbreviations
from govcrawl.text.index_terms import pair_phrase
from govcrawl.text.normalise import fold, nfc
from govcrawl.text.orthography import canonical_spelling, search_fold, spelling_variants

HIGHLIGHT = ("[", "]")
SNIPPET_WORDS = 24
# bm25 weights of the indexed columns (title, text): a hit in the title counts ten times.
BM25_WEIGHTS = (10.0, 1.0)


@dataclass(frozen=True)
class Index:
    """A full-text index the search can run on: its table, bm25 weights and title columns."""

    table: str
    weights: tuple[float, ...]
    title_columns: str


# articles_fts: folded syllables (any archive has it); articles_words: syllables and adjacent
# pairs (govcrawl.store.word_index), where a phrase is the phrase of its pairs: much faster for
# common syllables, used whenever it is up to date. Both give the same hits.
FOLDED_INDEX = Index("articles_fts", BM25_WEIGHTS, "{title}")
WORD_INDEX = Index(word_index.TABLE, (*BM25_WEIGHTS, *BM25_WEIGHTS), "{title title_pairs}")
_SYLLABLE_COLUMNS = "{title text}"
_PAIR_COLUMNS = "{title_pairs text_pairs}"
# An accented query re-ranks this many of the best bm25 candidates (at least 10 x the limit).
RERANK_WINDOW = 200
_FETCH = 50  # rows read per round trip once the candidates are ranked
_OPERATORS = {"AND", "OR", "NOT"}
_WORD = re.compile(r"[^\W_]+")  # as the indexes split words: "_" separates
# a query's pieces: a quoted phrase (its closing quote optional), a parenthesis, a chunk of text
_PIECE = re.compile(r'"([^"]*)"?|([()])|([^\s"()]+)')
# spellings tried per phrase (i/y variants multiply: "kĩ thuật" is also "ky thuat")
MAX_SPELLINGS = 16
# phrases tried for a run holding several abbreviations (each has several writings)
MAX_COMBINATIONS = 32


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
class Phrase:
    """Adjacent syllables: search-folded and accent-exact (canonical orthography); a prefix
    phrase matches any word starting with its last syllable."""

    folded: tuple[str, ...]
    exact: tuple[str, ...]
    prefix: bool = False

    def fts(self, index: Index = FOLDED_INDEX) -> list[str]:
        """The phrase as FTS5 strings over ``index``: on articles_fts (which keeps i and y
        apart) one per spelling; on articles_words its syllable, or the phrase of its pairs."""
        star = "*" if self.prefix else ""
        if index.table == WORD_INDEX.table:
            syllables = [s for s in self.folded if s]
            if not syllables:
                return []
            # a prefix "ti*" is the start of "tien" as well as the syllable "ty" (= "ti")
            lasts = _folded_spellings(syllables[-1]) if self.prefix else (syllables[-1],)
            return [
                f'{_SYLLABLE_COLUMNS} : "{last}"{star}'
                if len(syllables) == 1
                else f'{_PAIR_COLUMNS} : "{pair_phrase([*syllables[:-1], last])}"{star}'
                for last in dict.fromkeys(lasts)
            ]
        spellings = itertools.islice(
            itertools.product(*(_folded_spellings(s) for s in self.folded)), MAX_SPELLINGS
        )
        return [f'"{" ".join(spelling)}"{star}' for spelling in spellings]


@dataclass(frozen=True)
class Term:
    """A word or run of words of the query as the user typed it (``typed``), and the phrases
    searched for it: the typed one and, for an abbreviation, every other writing of it.
    A term under NOT (``negated``) is excluded, never counted or highlighted."""

    typed: Phrase
    phrases: tuple[Phrase, ...]
    negated: bool = False

    @property
    def accented(self) -> bool:
        """True when folding changes the words: its accents tell it apart ("thể" vs "the")."""
        return self.typed.exact != self.typed.folded

    @property
    def prefix(self) -> bool:
        return self.typed.prefix

    def fts(self, index: Index = FOLDED_INDEX) -> str:
        strings = list(dict.fromkeys(s for phrase in self.phrases for s in phrase.fts(index)))
        if not strings:
            return '""'
        return strings[0] if len(strings) == 1 else f"({' OR '.join(strings)})"


def fts_query(query: str, *, any_order: bool = False) -> str:
    """Return ``query`` as an FTS5 expression over the folded index; always valid FTS5.

    Word-aware: each run of adjacent words is a phrase ("da nang" -> '"da nang"'), unless
    ``any_order`` (every syllable anywhere). Quoted phrases, OR, AND, NOT, parentheses and a
    trailing ``*`` keep their FTS5 meaning; abbreviations are searched with their expansions
    both ways, i/y spellings both ways. A query with no words gives '""' (matches nothing).
    """
    return search_expression(query, FOLDED_INDEX, any_order=any_order)


def index_for(db: sqlite_utils.Database) -> Index:
    """The index a search of ``db`` runs on: the word index when it is up to date."""
    return WORD_INDEX if word_index.ready(db) else FOLDED_INDEX


def search_expression(query: str, index: Index, *, any_order: bool = False) -> str:
    """``query`` as an FTS5 expression over ``index`` (``fts_query`` for articles_fts)."""
    return _parse(nfc(query), any_order, index)[0]


@dataclass(frozen=True)
class QueryPiece:
    """A piece of a query as typed: a ``run`` of plain words (its ``chunks``, as typed), a
    ``quoted`` phrase (``text``: its inside), an ``operator``, ``(`` or ``)``; ``negated``
    when it stands under NOT."""

    kind: str
    text: str
    chunks: tuple[str, ...] = ()
    negated: bool = False

    def typed(self) -> str:
        return f'"{self.text}"' if self.kind == "quoted" else self.text


def query_pieces(query: str) -> list[QueryPiece]:
    """``query`` as pieces, in order; their ``typed`` texts joined with spaces read as
    ``query`` does. What follows NOT is negated up to the next operator or parenthesis, a
    group opened there to its end."""
    pieces: list[QueryPiece] = []
    negated = [False]  # per parenthesis depth: inside a group that follows NOT
    after_not = False
    run: list[str] = []

    def flush() -> None:
        if run:
            text = " ".join(run)
            pieces.append(QueryPiece("run", text, tuple(run), negated[-1] or after_not))
            run.clear()

    for quoted, paren, chunk in _PIECE.findall(nfc(query)):
        if chunk and chunk not in _OPERATORS:
            run.append(chunk)
            continue
        flush()
        if chunk:
            after_not = chunk == "NOT" and _operand_before(pieces)
            pieces.append(QueryPiece("operator", chunk))
        elif paren:
            pieces.append(QueryPiece(paren, paren))
            if paren == "(":
                negated.append(negated[-1] or after_not)
            elif len(negated) > 1:
                negated.pop()
            after_not = False
        elif quoted is not None:
            pieces.append(QueryPiece("quoted", quoted, negated=negated[-1] or after_not))
    flush()
    return pieces


def _operand_before(pieces: list[QueryPiece]) -> bool:
    """True when the last piece that searches anything (words, or a closing parenthesis)
    ends an operand: a NOT after it is binary."""
    for piece in reversed(pieces):
        if piece.kind in ("run", "quoted") and not _WORD.search(piece.text):
            continue  # no words: nothing searched
        return piece.kind in ("run", "quoted", ")")
    return False


def query_words(text: str) -> list[str]:
    """The syllables of ``text`` as typed (words as the indexes split them)."""
    return _WORD.findall(text)


def query_terms(query: str, *, any_order: bool = False) -> list[Term]:
    """The terms a hit must contain (those under NOT left out), in the query's order."""
    return [term for term in _parse(query, any_order)[1] if not term.negated]


@functools.lru_cache(maxsize=64)
def _parse(
    query: str, any_order: bool, index: Index = FOLDED_INDEX
) -> tuple[str, tuple[Term, ...]]:
    """The FTS5 expression of ``query`` over ``index`` and its terms."""
    out: list[str] = []  # FTS5 pieces: term expressions, operators, parentheses
    terms: list[Term] = []
    for piece in query_pieces(query):
        if piece.kind == "run":
            found = _run_terms(list(piece.chunks), any_order, piece.negated)
        elif piece.kind == "quoted":
            folded, exact = _syllables(piece.text)
            phrase = Phrase(folded, exact)
            found = [Term(phrase, (phrase,), piece.negated)] if folded else []
        else:
            out.append(piece.text)
            continue
        out += [term.fts(index) for term in found]
        terms += found
    expression = " ".join(_explicit_and(_valid(out)))
    return (expression or '""'), tuple(terms)


def _run_terms(chunks: list[str], any_order: bool, negated: bool) -> list[Term]:
    """The terms of a run of plain words: one phrase (a trailing ``*`` ends a phrase as a
    prefix), searched in every writing of the abbreviations it contains ("Sở KH&CN" is also
    "Sở Khoa học và Công nghệ"); with ``any_order``, a term per syllable or abbreviation."""
    typed: list[str] = []
    stars: set[int] = set()  # syllables that end a chunk written with a trailing "*"
    for chunk in chunks:
        typed += _WORD.findall(chunk)
        if chunk.endswith("*") and typed:
            stars.add(len(typed) - 1)
    folded = [search_fold(word) for word in typed]
    exact = [canonical_spelling(word) for word in typed]
    terms: list[Term] = []
    begin = 0
    for end in sorted(stars | ({len(typed) - 1} if typed else set())):
        pieces = _pieces(typed, folded, exact, begin, end + 1, end in stars)
        if any_order:
            terms += [Term(typed_, alternatives, negated) for typed_, alternatives in pieces]
        else:
            terms += _joined(pieces, negated)
        begin = end + 1
    return terms


Piece = tuple[Phrase, tuple[Phrase, ...]]


def _pieces(
    typed: list[str], folded: list[str], exact: list[str], start: int, stop: int, prefix: bool
) -> list[Piece]:
    """Syllables ``start:stop`` as pieces: a syllable, or an abbreviation found there with
    the writings searched for it (its typed form unless it is an ordinary word)."""
    pieces: list[Piece] = []
    position = start
    found = abbreviations.find(folded[start:stop], typed[start:stop])
    for first, last, entry in [(a + start, b + start, e) for a, b, e in found]:
        if prefix and last == stop:
            continue  # an abbreviation cut short by "*" is a prefix, not the abbreviation
        for i in range(position, first):
            phrase = Phrase((folded[i],), (exact[i],))
            pieces.append((phrase, (phrase,)))
        phrase = Phrase(tuple(folded[first:last]), tuple(exact[first:last]))
        writings = tuple(Phrase(w.folded, w.exact) for w in entry.searchable())
        ordinary = entry.ambiguous and any(
            phrase.folded == w.folded for w in entry.written if w.is_form
        )
        if not ordinary and phrase.folded not in {w.folded for w in writings}:
            writings = (phrase, *writings)
        pieces.append((phrase, writings))
        position = last
    for i in range(position, stop):
        phrase = Phrase((folded[i],), (exact[i],))
        pieces.append((phrase, (phrase,)))
    if prefix and pieces:
        last_typed = pieces[-1][0]
        mark = Phrase(last_typed.folded, last_typed.exact, True)
        pieces[-1] = (mark, (mark,))
    return pieces


def _joined(pieces: list[Piece], negated: bool) -> list[Term]:
    """One term for adjacent pieces: a phrase per combination of their writings (at most
    MAX_COMBINATIONS; beyond, a term per piece)."""
    if not pieces:
        return []
    count = 1
    for _, alternatives in pieces:
        count *= len(alternatives)
    if count > MAX_COMBINATIONS:
        return [Term(typed, alternatives, negated) for typed, alternatives in pieces]
    phrases = tuple(
        _concat(combination) for combination in itertools.product(*(a for _, a in pieces))
    )
    return [Term(_concat(tuple(typed for typed, _ in pieces)), phrases, negated)]


def _concat(phrases: tuple[Phrase, ...]) -> Phrase:
    return Phrase(
        tuple(s for p in phrases for s in p.folded),
        tuple(s for p in phrases for s in p.exact),
        phrases[-1].prefix,
    )


def _syllables(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    words = _WORD.findall(text)
    return tuple(search_fold(w) for w in words), tuple(canonical_spelling(w) for w in words)


def _valid(pieces: list[str]) -> list[str]:
    """``pieces`` as valid FTS5: parentheses balanced, no empty group, every operator between
    two operands (a leading NOT is dropped: FTS5 has no unary NOT)."""
    balanced: list[str] = []
    depth = 0
    for piece in pieces:
        if piece == ")":
            if depth == 0:
                continue
            depth -= 1
        elif piece == "(":
            depth += 1
        balanced.append(piece)
    balanced += [")"] * depth
    changed = True
    while changed:
        changed = False
        kept: list[str] = []
        for i, piece in enumerate(balanced):
            before = kept[-1] if kept else None
            after = balanced[i + 1] if i + 1 < len(balanced) else None
            if piece in _OPERATORS and (
                before in (None, "(") or before in _OPERATORS or after in (None, ")")
            ):
                changed = True
                continue
            if piece == ")" and before == "(":
                kept.pop()
                changed = True
                continue
            kept.append(piece)
        balanced = kept
    return balanced


def _explicit_and(pieces: list[str]) -> list[str]:
    """``pieces`` (valid FTS5) with each run of adjacent operands that holds a group written
    ``( a AND b )``: FTS5 joins adjacent phrases with an implicit AND, but refuses it next to
    a parenthesis ("(a OR b) c" is a syntax error). The implicit AND binds tighter than NOT,
    AND and OR ("a NOT b c" is "a NOT (b AND c)"), hence the parentheses."""
    out: list[str] = []
    stack: list[list[str]] = [[]]  # the items of each open group: operands and operators
    for piece in [*pieces, None]:
        if piece == "(":
            stack.append([])
            continue
        if piece == ")" or piece is None:
            items, run, done = stack.pop(), [], []
            for item in [*items, "OR"]:  # a closing operator ends the last run
                if item not in _OPERATORS:
                    run.append(item)
                    continue
                grouped = len(run) > 1 and any(o.startswith("(") for o in run)
                done.append(f"( {' AND '.join(run)} )" if grouped else " ".join(run))
                done.append(item)
                run = []
            text = " ".join(done[:-1])
            if piece is None:
                out.append(text)
                break
            stack[-1].append(f"( {text} )")
            continue
        stack[-1].append(piece)
    return [piece for piece in out if piece]


@functools.lru_cache(maxsize=1024)
def _folded_spellings(syllable: str) -> tuple[str, ...]:
    """The index's spellings of a search-folded syllable: 'ky' is also 'ki'."""
    return tuple(dict.fromkeys(fold(s) for s in spelling_variants(syllable)))


def search(
    db: sqlite_utils.Database,
    query: str,
    *,
    limit: int = 20,
    exact: bool = False,
    filters: Filters | None = None,
    any_order: bool = False,
) -> list[Hit]:
    """Return up to ``limit`` articles matching ``query`` and ``filters``, best first.

    Best: more query terms accent-exact first (when the query has accents), then bm25.
    ``any_order``: the query's syllables anywhere, not as phrases. Raises SearchError for an
    empty or unusable query.
    """
    check_query_size(query)
    index = index_for(db)
    expression, parsed = _parse(nfc(query), any_order, index)
    terms = [term for term in parsed if not term.negated]
    if not terms:
        raise SearchError('empty query: give at least one word, e.g. govcrawl search "khoa học"')
    rerank = any(term.accented for term in terms) and not exact
    wanted = max(RERANK_WINDOW, limit * 10) if rerank else limit
    # --exact skips the hits without the accents, so it cannot know how many rows it needs
    ids = _ranked_ids(db, expression, filters or Filters(), -1 if exact else wanted, index)
    kept: list[tuple[Candidate, int]] = []
    complete = 0  # candidates holding every term accent-exact: none can rank above them
    for candidate in _candidates(db, ids):
        found = exact_count(candidate, terms)
        if exact and found < len(terms):
            continue
        kept.append((candidate, found))
        complete += found == len(terms)
        if len(kept) >= wanted or complete >= limit:  # the first page is known
            break
    if rerank:
        kept.sort(key=lambda pair: -pair[1])  # stable: bm25 order within a tier
    return [_hit(candidate, terms, exact, found) for candidate, found in kept[:limit]]


# Filters are "+rowid IN (...)" lists: the unary plus keeps SQLite from handing them to FTS5
# (which would run the MATCH once per listed id, 100 times slower), and bm25 is only computed
# for the rows that pass them.
_SQL = """
    SELECT rowid, bm25({table}, {weights}) AS rank FROM {table}
    WHERE {table} MATCH ? {conditions}
    ORDER BY rank, rowid LIMIT {limit}
"""
# A query matching more than BROAD_SHARE of the archive's articles (and more than BROAD_MIN)
# barely discriminates (bm25's idf is near zero), and bm25 costs microseconds per matching row:
# its hits are listed title hits first, then the others, each most recently archived first.
# How many articles it matches is estimated from the newest BROAD_SAMPLE (counting them all
# would cost as much as ranking them).
BROAD_SHARE = 0.25
BROAD_MIN = 5000
BROAD_SAMPLE = 2000
_SAMPLE = """
    SELECT count(*) FROM {table} WHERE {table} MATCH ? AND rowid > ? {conditions}
"""
_BROAD_SQL = """
    SELECT rowid, bm25({table}, {weights}) AS rank FROM {table}
    WHERE {table} MATCH ? {conditions}
    ORDER BY rowid DESC LIMIT {limit}
"""
_TITLE_TIER = " AND +rowid {op} (SELECT rowid FROM {table} WHERE {table} MATCH ?)"
_ROWS = """
    SELECT id, url, title, published, site, author, lang, province, agency, duplicate_of, text
    FROM articles WHERE id IN ({marks})
"""


def _ranked_ids(
    db: sqlite_utils.Database,
    expression: str,
    filters: Filters,
    limit: int = -1,
    index: Index = FOLDED_INDEX,
) -> Iterator[tuple[int, float]]:
    """(article id, bm25 rank) of the matching articles, best first, filtered through indexes
    (a broad query's: title hits, then the others, newest first)."""
    sql, params, kept = "", [], []
    for condition, values in filters.conditions(db):
        if condition == NOT_DUPLICATE:  # few rows are copies: exclude them through their index
            sql += " AND +rowid NOT IN (SELECT id FROM articles WHERE duplicate_of IS NOT NULL)"
        else:
            kept.append(condition)
            params += values
    if kept:  # one list, so SQLite can use a two-column index such as (province, published)
        sql += f" AND +rowid IN (SELECT id FROM articles WHERE {' AND '.join(kept)})"
    if limit >= 0 and is_broad(db, expression, sql, params, index):
        return _broad(db, expression, sql, params, limit, index)
    ranked = _sql(_SQL, index, conditions=sql, limit=int(limit))
    return _run_match(db, expression, ranked, params)


def _sql(template: str, index: Index, **parts: object) -> str:
    """``template`` over ``index``: its table and bm25 weights, and ``parts``."""
    weights = ", ".join(str(w) for w in index.weights)
    return template.format(table=index.table, weights=weights, **parts)


def is_broad(
    db: sqlite_utils.Database,
    expression: str,
    conditions: str = "",
    params: list[object] | None = None,
    index: Index = FOLDED_INDEX,
) -> bool:
    """True when ``expression`` (and the ``conditions`` on ``articles_fts``) match more than
    BROAD_SHARE of the archive and more than BROAD_MIN articles, as estimated from the newest
    BROAD_SAMPLE articles (ids are dense: govcrawl never deletes)."""
    articles = db.execute("SELECT max(id) FROM articles").fetchone()[0] or 0
    budget = max(BROAD_MIN, int(articles * BROAD_SHARE))
    if articles <= budget:
        return False
    sample = min(articles, BROAD_SAMPLE)
    sql = _sql(_SAMPLE, index, conditions=conditions)
    try:
        found = db.execute(sql, [expression, articles - sample, *(params or [])]).fetchone()[0]
    except sqlite3.OperationalError as error:
        if _is_archive_error(error):
            raise
        raise SearchError(f"cannot run the search: {error}") from error
    return bool(found * articles / sample > budget)


def _broad(
    db: sqlite_utils.Database,
    expression: str,
    conditions: str,
    params: list[object],
    limit: int,
    index: Index = FOLDED_INDEX,
) -> Iterator[tuple[int, float]]:
    """Title hits newest first, then the other hits newest first. Without NOT, the title hits
    are the matches of the expression restricted to titles (their rank is the title's bm25)."""
    title = f"{index.title_columns} : ({expression})"
    if " NOT " in f" {expression} ":
        tier = conditions + _sql(_TITLE_TIER, index, op="IN")
        sql = _sql(_BROAD_SQL, index, conditions=tier, limit=limit)
        first = _run_match(db, expression, sql, [*params, title])
    else:
        sql = _sql(_BROAD_SQL, index, conditions=conditions, limit=limit)
        first = _run_match(db, title, sql, params)
    found = 0
    for row in first:
        found += 1
        yield row
    if found < limit:
        rest = conditions + _sql(_TITLE_TIER, index, op="NOT IN")
        sql = _sql(_BROAD_SQL, index, conditions=rest, limit=limit - found)
        yield from _run_match(db, expression, sql, [*params, title])


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
    db: sqlite_utils.Database, expression: str, sql: str, params: list[object]
) -> Iterator[tuple[int, float]]:
    """Matching (id, rank), best first, for the FTS5 ``expression`` (always valid syntax)."""
    try:
        rows = _execute(db, sql, [expression, *params])
    except sqlite3.OperationalError as error:
        if _is_archive_error(error):
            raise
        raise SearchError(f"cannot run the search: {error}") from error
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
    """How many of the query's terms the article's title or text holds accent-exact (any
    orthography: "Hòa" = "Hoà"; an abbreviation's other writings count)."""
    text = f"{candidate.title or ''}\n{candidate.text}".casefold()
    return sum(1 for term in terms if any(_exact_found(phrase, text) for phrase in term.phrases))


def _exact_found(phrase: Phrase, text: str) -> bool:
    first = spelling_variants(phrase.exact[0])
    if not any(variant in text for variant in first):
        return False
    return _exact_pattern(phrase).search(text) is not None


@functools.lru_cache(maxsize=256)
def _exact_pattern(phrase: Phrase) -> re.Pattern[str]:
    """The phrase accent-exact in any orthography, as whole words (the last one a word start,
    for a prefix), its syllables separated by anything but letters."""
    parts = [
        "(?:" + "|".join(re.escape(v) for v in spelling_variants(syllable)) + ")"
        for syllable in phrase.exact
    ]
    end = "" if phrase.prefix else r"(?!\w)"
    return re.compile(r"(?<!\w)" + r"\W+".join(parts) + end)


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
    """Return the ``words``-word window of ``text`` with the most distinct terms found.

    A term is found where its phrase (or another writing of an abbreviation) stands, word
    for word: "Sở [Khoa học và Công nghệ]", never a lone "[Đà]" for "Đà Nẵng". Runs of
    adjacent matching words are marked together.
    """
    all_words = _WORD.findall(text)
    if not all_words:
        return ""
    matched = _matches(all_words, terms, exact)
    best_start = _best_window(matched, words)
    window = range(best_start, min(len(all_words), best_start + words))
    # character offsets of the window's words only (most of a long text is never shown)
    spans = list(itertools.islice(_WORD.finditer(text), best_start, window[-1] + 1))
    pieces, cursor, open_mark = [], spans[0].start(), False
    for i, found in zip(window, spans, strict=True):
        begin, end, word = found.start(), found.end(), found.group()
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
    suffix = "…" if window[-1] < len(all_words) - 1 else ""
    return f"{prefix}{body}{suffix}"


def _matches(words: list[str], terms: list[Term], exact: bool) -> list[frozenset[int]]:
    """For each word, the terms whose phrase covers it there."""
    side = 1 if exact else 0
    forms = [_word_forms(word)[side] for word in words]
    where: dict[str, list[int]] = {}
    for position, form in enumerate(forms):
        where.setdefault(form, []).append(position)
    found: dict[int, set[int]] = {}  # position -> terms, for the few matched positions
    for number, term in enumerate(terms):
        for phrase in term.phrases:
            wanted = phrase.exact if exact else phrase.folded
            if exact:
                wanted = tuple(canonical_spelling(s) for s in wanted)
            size = len(wanted)
            if size == 1 and phrase.prefix:
                starts = [i for i, form in enumerate(forms) if form.startswith(wanted[0])]
            else:
                starts = where.get(wanted[0], [])
            for start in starts:
                if start + size <= len(forms) and all(
                    forms[start + k].startswith(wanted[k])
                    if phrase.prefix and k == size - 1
                    else forms[start + k] == wanted[k]
                    for k in range(1, size)
                ):
                    for k in range(size):
                        found.setdefault(start + k, set()).add(number)
    return [frozenset(found[i]) if i in found else _NONE for i in range(len(words))]


_NONE: frozenset[int] = frozenset()


def _best_window(matched: list[frozenset[int]], words: int) -> int:
    """The first start of a ``words``-long window with the most distinct matched terms, then
    the most matched words (a phrase whole rather than cut by the window's edge)."""
    inside: Counter[int] = Counter()
    for found in matched[:words]:
        inside.update(found)
    distinct, covered = len(inside), sum(1 for found in matched[:words] if found)
    best_start, best_score = 0, (distinct, covered)
    # the score changes only where a matched word leaves or enters the window
    positions = [i for i, found in enumerate(matched) if found]
    changes = sorted({p + 1 for p in positions} | {p - words + 1 for p in positions})
    for start in changes:
        if not 1 <= start <= len(matched) - words:
            continue
        leaving, entering = matched[start - 1], matched[start + words - 1]
        for term in leaving:
            inside[term] -= 1
            distinct -= inside[term] == 0
        for term in entering:
            distinct += inside[term] == 0
            inside[term] += 1
        covered += bool(entering) - bool(leaving)
        if (distinct, covered) > best_score:
            best_start, best_score = start, (distinct, covered)
    return best_start


@functools.lru_cache(maxsize=1 << 16)
def _word_forms(word: str) -> tuple[str, str]:
    """A word's search-folded and accent-exact (canonical orthography) forms; cached."""
    return search_fold(word), canonical_spelling(word)
