"""Filters shared by search, export, the Python API and stats: which articles a researcher wants.

Province, agency and author are matched accent-insensitively ("lam dong" = "Lâm Đồng"), in one
orthography ("hoa binh" = "Hòa Bình" = "Hoà Bình") and with abbreviations read both ways
("so khcn" = "Sở KH&CN" = "Sở Khoa học và Công nghệ"; govcrawl.text.abbreviations); the
values are resolved against the archive's distinct values first, so SQL compares with ``IN``
and the indexes of migration m007 apply. Dates compare as text on ``published``, honouring its
precision: an article dated only "2020-06" matches any range that overlaps June 2020.

Runs of spaces in a value count as one, and a province's title ("tỉnh Lâm Đồng") is dropped.
A value that no article can have (a date range that ends before it starts; with
``check_known`` or ``refuse_unknown``, a site key or province that neither the registry nor the
archive knows) is an ``UnmatchableFilter`` with a suggestion, never a silent empty result.
``hidden_duplicates`` counts the near-duplicates the filters would keep but hide, for "N
near-duplicates hidden" (govcrawl.research.hidden: those a search would have found).
"""

from __future__ import annotations

import calendar
import difflib
import re
import shlex
from collections.abc import Iterable
from dataclasses import dataclass, fields, replace
from datetime import date, timedelta

import sqlite_utils

from govcrawl.text.abbreviations import canonical_name
from govcrawl.text.places import province_key, without_unit_title

NOT_DUPLICATE = "duplicate_of IS NULL"
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class FilterError(ValueError):
    """A filter value is unusable (a malformed date); the message says which and why."""


class UnmatchableFilter(FilterError):
    """A filter value no article can have (an empty date range, an unknown site or province);
    the message suggests what was probably meant."""


@dataclass(frozen=True)
class Filters:
    """What to keep; empty fields keep everything. Near-duplicates are left out by default."""

    site: tuple[str, ...] = ()
    province: tuple[str, ...] = ()
    agency: tuple[str, ...] = ()
    author: tuple[str, ...] = ()
    lang: tuple[str, ...] = ()
    since: str | None = None
    until: str | None = None
    include_duplicates: bool = False

    @classmethod
    def of(cls, **values: object) -> Filters:
        """Build from keyword arguments; a single string is accepted where a tuple is expected."""
        fixed = {}
        for name, value in values.items():
            if name in ("site", "province", "agency", "author", "lang"):
                value = (value,) if isinstance(value, str) else tuple(value or ())  # type: ignore[arg-type]
                value = tuple(" ".join(str(v).split()) for v in value)  # "lam  dong" = "lam dong"
                if name == "province":  # "tỉnh Lâm Đồng" = "Lâm Đồng", as `sites --province`
                    value = tuple(without_unit_title(v) for v in value)
            elif name in ("since", "until") and value is not None:
                value = str(value).strip()
                parse_partial_date(value)
            fixed[name] = value
        made = cls(**fixed)  # type: ignore[arg-type]
        made.check_range()
        return made

    def check_range(self) -> None:
        """Raise UnmatchableFilter when ``since`` falls after the period ``until`` ends."""
        if not (self.since and self.until):
            return
        if parse_partial_date(self.since) >= parse_partial_date(date_after(self.until)):
            raise UnmatchableFilter(
                f"--since {self.since} is after --until {self.until}: no date is in that range; "
                f"did you mean --since {self.until} --until {self.since}?"
            )

    def describe(self) -> str:
        """The filters as command-line options ('--province "Lâm Đồng" --since 2020'), or ''."""
        words = []
        for spec in fields(self):
            value = getattr(self, spec.name)
            option = "--" + spec.name.replace("_", "-")
            if value is True:
                words.append(option)
            elif isinstance(value, str):
                words.append(f"{option} {shlex.quote(value)}")
            elif isinstance(value, tuple):
                words += [f"{option} {shlex.quote(v)}" for v in value]
        return " ".join(words)

    def conditions(self, db: sqlite_utils.Database) -> list[tuple[str, list[object]]]:
        """Return SQL conditions on ``articles`` (unqualified columns), each with its parameters."""
        found: list[tuple[str, list[object]]] = []
        if not self.include_duplicates:
            found.append((NOT_DUPLICATE, []))
        for column, wanted, whole in (
            ("site", self.site, None),
            ("lang", self.lang, None),
            ("province", self.province, True),
            ("agency", self.agency, False),
            ("author", self.author, False),
        ):
            if not wanted:
                continue
            values = wanted if whole is None else matching_values(db, column, wanted, whole)
            if not values:
                found.append(("0", []))  # no article has such a value
                continue
            found.append((f"{column} IN ({', '.join('?' * len(values))})", list(values)))
        if self.since:
            found.append(_since_clause(self.since))
        if self.until:
            found.append(("published < ?", [date_after(self.until)]))
        return found

    def where(self, db: sqlite_utils.Database) -> tuple[str, list[object]]:
        """Return one SQL condition on ``articles`` and its parameters ("1" if nothing is left out)."""
        conditions = self.conditions(db)
        params = [p for _, ps in conditions for p in ps]
        return (" AND ".join(sql for sql, _ in conditions) or "1"), params


def matching_values(
    db: sqlite_utils.Database, column: str, wanted: tuple[str, ...], whole: bool
) -> tuple[str, ...]:
    """The distinct values of ``column`` equal to (``whole``) or containing a wanted one, compared
    folded, in one orthography and with abbreviations written out ("so khcn" = "Sở KH&CN")."""
    folded = [canonical_name(w) for w in wanted]
    found = []
    for (value,) in db.execute(
        f"SELECT DISTINCT {column} FROM articles WHERE {column} IS NOT NULL"
    ):
        candidate = canonical_name(value)
        if any(candidate == w if whole else w in candidate for w in folded):
            found.append(value)
    return tuple(found)


def hidden_duplicates(db: sqlite_utils.Database, filters: Filters) -> int:
    """How many near-duplicates (republications) ``filters`` hide: those the other filters keep.

    0 when ``include_duplicates`` is set."""
    if filters.include_duplicates:
        return 0
    where, params = replace(filters, include_duplicates=True).where(db)
    sql = f"SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL AND {where}"
    return int(db.execute(sql, params).fetchone()[0])


def hidden_matches(
    db: sqlite_utils.Database, expression: str, filters: Filters, index: str = "articles_fts"
) -> int:
    """How many hidden near-duplicates (``hidden_duplicates``) match the FTS5 ``expression``
    (over the full-text table ``index``)."""
    if not hidden_duplicates(db, filters):
        return 0
    where, params = replace(filters, include_duplicates=True).where(db)
    sql = (
        f"SELECT count(*) FROM {index} WHERE {index} MATCH ? AND +rowid IN "
        f"(SELECT id FROM articles WHERE duplicate_of IS NOT NULL AND {where})"
    )
    return int(db.execute(sql, [expression, *params]).fetchone()[0])


def check_known(
    db: sqlite_utils.Database,
    filters: Filters,
    *,
    sites: Iterable[str] = (),
    provinces: Iterable[str] = (),
) -> None:
    """Raise UnmatchableFilter for a site key or province that neither the archive nor the given
    registry ``sites``/``provinces`` knows, suggesting the closest known ones."""
    known_sites = set(sites) | _distinct(db, "site") if filters.site else set()
    for site in filters.site:
        if site not in known_sites:
            raise UnmatchableFilter(
                f"unknown site {site!r}{_suggest(site, known_sites)} (govcrawl sites lists the keys)"
            )
    if not filters.province:
        return
    names = {province_key(p): p for p in [*provinces, *_distinct(db, "province")]}
    for province in filters.province:
        in_archive = matching_values(db, "province", (province,), whole=True)  # as filters compare
        if not in_archive and province_key(province) not in names:
            close = difflib.get_close_matches(province_key(province), names, n=3, cutoff=0.6)
            hint = f": did you mean {' or '.join(repr(names[c]) for c in close)}?" if close else ""
            raise UnmatchableFilter(
                f"no province {province!r} in the registry or the archive{hint} "
                "(govcrawl stats lists the archive's provinces)"
            )


def refuse_unknown(db: sqlite_utils.Database, filters: Filters) -> None:
    """``check_known`` against the archive, then with the packaged registry's site keys and
    provinces; the registry (slow to load: it brings Scrapy's platform profiles) is read only
    for a value the archive does not have. Raises UnmatchableFilter."""
    try:
        check_known(db, filters)
        return
    except UnmatchableFilter:
        pass
    from govcrawl.registry.sites import load_sites

    registry = load_sites()
    provinces = {site.province for site in registry.values() if site.province}
    check_known(db, filters, sites=registry, provinces=provinces)


def _distinct(db: sqlite_utils.Database, column: str) -> set[str]:
    rows = db.execute(f"SELECT DISTINCT {column} FROM articles WHERE {column} IS NOT NULL")
    return {str(value) for (value,) in rows}


def _suggest(value: str, known: Iterable[str]) -> str:
    """': did you mean 'x'?' for the closest of ``known`` (difflib), or ''."""
    close = difflib.get_close_matches(value, sorted(known), n=3, cutoff=0.6)
    return f": did you mean {' or '.join(repr(c) for c in close)}?" if close else ""


def _since_clause(since: str) -> tuple[str, list[object]]:
    """Dated on or after ``since``, or dated more coarsely by a period that contains it."""
    coarser = [since[:n] for n in (4, 7) if n < len(since)]
    tail = "".join(" OR published = ?" for _ in coarser)
    return f"(published >= ?{tail})", [since, *coarser]


def parse_partial_date(value: str) -> date:
    """Return the first day of ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; FilterError otherwise."""
    match = _DATE.match(value.strip())
    if not match:
        raise FilterError(f"invalid date {value!r}: use YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = (int(part) if part else 1 for part in match.groups())
    try:
        return date(year, month, day)
    except ValueError as error:
        raise FilterError(f"invalid date {value!r}: {error}") from error


def date_after(value: str) -> str:
    """The first date after the period ``value`` names, at the same precision ('2020-12' -> '2021-01')."""
    start = parse_partial_date(value)
    precision = len(value.strip())
    if precision == 4:
        return f"{start.year + 1:04d}"
    if precision == 7:
        days = calendar.monthrange(start.year, start.month)[1]
        return (start + timedelta(days=days)).isoformat()[:7]
    return (start + timedelta(days=1)).isoformat()
