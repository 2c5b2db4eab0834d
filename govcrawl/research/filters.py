"""Filters shared by search, export, the Python API and stats: which articles a researcher wants.

Province, agency and author are matched accent-insensitively ("lam dong" = "Lâm Đồng"), in one
orthography ("hoa binh" = "Hòa Bình" = "Hoà Bình") and with abbreviations read both ways
("so khcn" = "Sở KH&CN" = "Sở Khoa học và Công nghệ"; govcrawl.text.abbreviations); the
values are resolved against the archive's distinct values first, so SQL compares with ``IN``
and the indexes of migration m007 apply. Dates compare as text on ``published``, honouring its
precision: an article dated only "2020-06" matches any range that overlaps June 2020.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

import sqlite_utils

from govcrawl.text.abbreviations import canonical_name

NOT_DUPLICATE = "duplicate_of IS NULL"
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class FilterError(ValueError):
    """A filter value is unusable (a malformed date); the message says which and why."""


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
            elif name in ("since", "until") and value is not None:
                value = str(value).strip()
                parse_partial_date(value)
            fixed[name] = value
        return cls(**fixed)  # type: ignore[arg-type]

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
