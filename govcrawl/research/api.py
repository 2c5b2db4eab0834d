"""The Python API for notebooks: open an archive read-only, search it, iterate its articles,
get pandas DataFrames (when pandas is installed) and statistics.

    from govcrawl.api import open_archive
    with open_archive("archive/govcrawl.db") as archive:
        hits = archive.search("chuyển đổi số", province="Lâm Đồng", since="2024")
        df = archive.dataframe(province="lam dong", since="2024-01")
        raw = archive.raw_response(hits[0].id)  # the captured HTTP response (WARC)

Filters are the keyword arguments of ``govcrawl.research.filters.Filters``, as on the command line.
Errors: ``ArchiveError`` (a missing or foreign file), ``SearchError`` (an unusable query),
``FilterError`` (a malformed date) and its subclass ``UnmatchableFilter`` (a value no article can
have: an empty date range, a site key or province that neither the registry nor the archive
knows; the message as the command line's, with a suggestion), all importable from here.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import Any

from govcrawl.research.archive_stats import Stats, collect
from govcrawl.research.captures import Capture, lookup
from govcrawl.research.export import EXPORT_COLUMNS, columns_of, iter_articles
from govcrawl.research.filters import (
    FilterError,
    Filters,
    UnmatchableFilter,
    hidden_duplicates,
    refuse_unknown,
)
from govcrawl.research.hidden import hidden_hits
from govcrawl.research.report import build
from govcrawl.research.search import Hit, SearchError
from govcrawl.research.word_runs import search_reading
from govcrawl.store.captures import captured_response
from govcrawl.store.connection import ArchiveError, connect
from govcrawl.store.warc import CapturedResponse, CaptureError, warc_dir

logger = logging.getLogger(__name__)

__all__ = ["Archive", "ArchiveError", "Capture", "CaptureError", "CapturedResponse", "FilterError",
           "Hit", "SearchError", "Stats", "UnmatchableFilter", "open_archive"]  # fmt: skip


class Archive:
    """A read-only archive. Raises ArchiveError when ``path`` is missing or not an archive.

    ``warc_folder``: where its WARC files are (default: GOVCRAWL_WARC_DIR from the environment
    when set, else ``warc/`` beside the file, as the crawl resolves it).
    """

    def __init__(self, path: str | Path = "archive/govcrawl.db",
                 warc_folder: str | Path | None = None):  # fmt: skip
        self.path = Path(path)
        self.warc_folder = warc_dir(self.path, folder=warc_folder)
        self.db = connect(self.path, readonly=True)

    def search(
        self,
        query: str,
        *,
        limit: int = 20,
        exact: bool = False,
        any_order: bool = False,
        **filters: Any,
    ) -> list[Hit]:
        """Return the best ``limit`` hits for ``query`` (FTS5 syntax, word-aware,
        accent-insensitive; ``any_order``: the syllables anywhere, not as phrases). A run of
        words no article holds as a phrase, when nothing is found, is searched as its parts
        (govcrawl.research.word_runs), and a warning is logged that says so."""
        reading = search_reading(self.db, query, limit=limit, exact=exact,
                                 filters=self._filters(filters), any_order=any_order)  # fmt: skip
        if note := reading.note():
            logger.warning("%s", note)
        return reading.hits

    def hidden_duplicates(
        self, query: str | None = None, *, exact: bool = False, any_order: bool = False,
        **filters: Any,
    ) -> int:  # fmt: skip
        """How many near-duplicates the filters hide (0 with ``include_duplicates=True``): of
        those, with ``query``, the ones ``search`` (same ``exact``, ``any_order``) would find."""
        chosen = self._filters(filters)
        if query is None:
            return hidden_duplicates(self.db, chosen)
        return hidden_hits(self.db, query, chosen, exact=exact, any_order=any_order)

    def articles(
        self, *, columns: tuple[str, ...] = EXPORT_COLUMNS, **filters: Any
    ) -> Iterator[dict[str, Any]]:
        """Yield the articles the filters keep, as dicts, by id (streamed, not loaded)."""
        return iter_articles(self.db, self._filters(filters), columns)

    def article(self, article_id: int) -> dict[str, Any] | None:
        """Return one article by id, with every column, or None."""
        cursor = self.db.conn.execute("SELECT * FROM articles WHERE id = ?", [article_id])
        row = cursor.fetchone()
        return dict(zip([d[0] for d in cursor.description], row, strict=True)) if row else None

    def raw_response(self, article_id: int) -> CapturedResponse | None:
        """The HTTP response article ``article_id``'s current content was extracted from (status,
        headers, body as the crawl saw it), or None when the article or its capture is missing
        (archived before captures, or with GOVCRAWL_WARC_ENABLED off). Raises CaptureError when
        the WARC record cannot be read."""
        row = self.db.execute("SELECT capture_id FROM articles WHERE id = ?", [article_id])
        found = row.fetchone()
        if found is None or found[0] is None:
            return None
        return captured_response(self.db, self.warc_folder, found[0])

    def dataframe(
        self,
        query: str | None = None,
        *,
        limit: int = 1000,
        columns: tuple[str, ...] = EXPORT_COLUMNS,
        **filters: Any,
    ) -> Any:
        """A pandas DataFrame of the search hits for ``query``, or of all filtered articles."""
        try:
            import pandas as pd
        except ImportError as error:
            raise ImportError("DataFrames need pandas: pip install 'govcrawl[pandas]'") from error
        if query is not None:
            return pd.DataFrame([h.as_dict() for h in self.search(query, limit=limit, **filters)])
        rows = self.articles(columns=columns, **filters)
        return pd.DataFrame.from_records(rows, columns=columns_of(self.db, columns))

    def stats(self, **filters: Any) -> Stats:
        """Counts per province, agency, site, language and month; coverage gaps; crawl health."""
        return collect(self.db, self._filters(filters))

    def report(self, **filters: Any) -> str:
        """The HTML report (as ``govcrawl report`` writes it) of the filtered articles."""
        return build(self.db, self._filters(filters))

    def lookup(self, url: str, at: str | None = None) -> list[Capture]:
        """The captures (WARC records) of ``url``, closest to ``at`` first (ISO date or time, or
        a 14-digit timestamp, UTC), else oldest first (``govcrawl captures``)."""
        return lookup(self.db, url, at)

    def _filters(self, values: dict[str, Any]) -> Filters:
        """The filters of these keyword arguments; UnmatchableFilter for a value nobody knows."""
        chosen = Filters.of(**values)
        refuse_unknown(self.db, chosen)
        return chosen

    def close(self) -> None:
        self.db.conn.close()

    def __enter__(self) -> Archive:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()


def open_archive(path: str | Path = "archive/govcrawl.db") -> Archive:
    """Open the archive at ``path`` read-only (see Archive)."""
    return Archive(path)
