"""Vietnamese dates, read day-first, written as ISO 8601 that keeps only the precision known.

"05/01/2020" is 5 January 2020. A date with a time gets Vietnam's offset, +07:00, unless the
page gave another. Results are ``2020``, ``2020-01``, ``2020-01-05`` or
``2020-01-05T14:30:00+07:00``. Dates before 1995 (no portal existed) or after the capture time
are refused. Year-less dates ("Chiều 15-1") are never returned: they are clues, not dates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone

VIETNAM = timezone(timedelta(hours=7))
EARLIEST_YEAR = 1995

_TIME = r"(?P<hour>[01]?\d|2[0-3])[:hg](?P<minute>[0-5]\d)(?::(?P<second>[0-5]\d))?(?:\s*(?P<ampm>[AaPp]\.?[Mm]\.?|SA|CH|sa|ch)\b)?"
_NUMERIC = (
    r"(?<![\d/.-])(?P<day>0?[1-9]|[12]\d|3[01])\s*(?P<sep>[/.-])\s*(?P<month>0?[1-9]|1[0-2])"
    r"\s*(?P=sep)\s*(?P<year>\d{4}|\d{2})(?![\d/])"
)
# "Ngày 15 tháng 1 năm 2020"; Joomla's Vietnamese locale prints "16 Tháng 10 2025" (no "ngày",
# no "năm"), hence both are optional, but then the year must follow the month directly.
_SPELLED = (
    r"(?:(?i:ngày)\s+)?(?<![\d/.-])(?P<day>0?[1-9]|[12]\d|3[01])\s+(?i:tháng)\s+(?P<month>0?[1-9]|1[0-2])"
    r"(?:\s*,?\s*(?i:năm)\s+|\s*,\s*|\s+)(?P<year>\d{4})(?!\d)"
)
_ISO = (
    r"(?P<year>\d{4})-(?P<month>[01]\d)-(?P<day>[0-3]\d)"
    r"(?:[T ](?P<hour>[01]\d|2[0-3]):(?P<minute>[0-5]\d)(?::(?P<second>[0-5]\d)(?:\.\d+)?)?"
    r"(?P<tz>Z|[+-]\d{2}:?\d{2})?)?"
)
_MONTH_ONLY = r"(?i:tháng)\s+(?P<month>0?[1-9]|1[0-2])\s*(?:/|,?\s*(?i:năm))\s*(?P<year>\d{4})"
_DATE_FORMS = [re.compile(_ISO), re.compile(_NUMERIC), re.compile(_SPELLED)]
_TIME_RE = re.compile(_TIME)
_MONTH_RE = re.compile(_MONTH_ONLY)
# How far a time may stand from its date ("14:30 ngày 15/01/2020", "15/01/2020 | 10:36 PM").
_TIME_WINDOW = 16
_URL_MONTH = re.compile(r"/(?P<year>(?:19|20)\d{2})/(?P<month>0[1-9]|1[0-2])/(?=[^\d/])")
# "Chiều 15-1, ...", "Sáng 8/5 ...", "Ngày 11-7, ...": a lead's year-less date.
_CLUE = re.compile(
    r"^\W*(?:(?:sáng|chiều|trưa|tối|đêm|ngày|hôm nay|rạng sáng|chiều tối|sáng nay|chiều nay)\s+)?"
    r"(?:\(?\s*)?(?P<day>\d{1,2})\s*[-/.]\s*(?P<month>\d{1,2})(?![-/.]?\d)",
    re.IGNORECASE,
)
# Longer texts are cut: a byline is short, and the regular expressions stay linear.
_MAX_TEXT = 20_000
_URL_DATE = re.compile(
    r"/(?P<year>(?:19|20)\d{2})[-/](?P<month>[01]\d)[-/](?P<day>[0-3]\d)(?=[/_.-])"
)


@dataclass(frozen=True)
class FoundDate:
    """A date read from text: the ISO value, the text it was read from and where that starts."""

    iso: str
    raw: str
    start: int = 0


def parse_date(text: str, *, now: datetime | None = None) -> FoundDate | None:
    """Return the first complete date (with its time, if written next to it) in ``text``.

    ``now`` is the capture time (UTC aware); later dates are refused. Returns None when the
    text holds no plausible dated day; month-only dates ("tháng 1/2020") come last.
    """
    found = find_dates(text, now=now)
    if found:
        return found[0]
    now = now or datetime.now(UTC)
    for match in _MONTH_RE.finditer(text):
        year, month = int(match["year"]), int(match["month"])
        if year >= EARLIEST_YEAR and (year, month) <= (now.year, now.month):
            return FoundDate(f"{year:04d}-{month:02d}", match.group(0), match.start())
    return None


def find_dates(text: str, *, now: datetime | None = None) -> list[FoundDate]:
    """Return every complete, plausible date in ``text`` (day precision or finer), in order."""
    now = now or datetime.now(UTC)
    text = text[:_MAX_TEXT]
    candidates = [m for pattern in _DATE_FORMS for m in pattern.finditer(text)]
    found: list[FoundDate] = []
    covered = -1
    for match in sorted(candidates, key=lambda m: m.start()):
        if match.start() < covered:
            continue  # the ISO form's day part read again as a numeric date
        date_found = _from_match(text, match, now)
        if date_found:
            found.append(date_found)
            covered = match.end()
    return found


def _from_match(text: str, match: re.Match[str], now: datetime) -> FoundDate | None:
    groups = match.groupdict()
    year = _full_year(groups["year"], now)
    try:
        day = date(year, int(groups["month"]), int(groups["day"]))
    except ValueError:
        return None
    if year < EARLIEST_YEAR or day > now.astimezone(VIETNAM).date():
        return None
    start, end = match.span()
    time_match = _time_near(text, start, end) if groups.get("hour") is None else match
    if time_match is None:
        return FoundDate(day.isoformat(), match.group(0), start)
    moment = _combine(day, time_match, groups.get("tz"))
    if moment is None or moment > now + timedelta(hours=1):
        return FoundDate(day.isoformat(), match.group(0), start)
    raw_start, raw_end = min(start, time_match.start()), max(end, time_match.end())
    return FoundDate(moment.isoformat(), text[raw_start:raw_end], raw_start)


def _full_year(year: str, now: datetime) -> int:
    if len(year) == 4:
        return int(year)
    two = int(year)
    return 2000 + two if 2000 + two <= now.year else 1900 + two


def _time_near(text: str, start: int, end: int) -> re.Match[str] | None:
    after = _TIME_RE.search(text, end, min(len(text), end + _TIME_WINDOW))
    if after and re.fullmatch(r"[\s|,\-–—(lúc]*", text[end : after.start()], re.IGNORECASE):
        return after
    window_start = max(0, start - _TIME_WINDOW)
    for before in _TIME_RE.finditer(text, window_start, start):
        gap = text[before.end() : start]
        if re.fullmatch(r"[\s|,\-–—]*(?:ngày)?\s*", gap, re.IGNORECASE):
            return before
    return None


def _combine(day: date, match: re.Match[str], tz: str | None) -> datetime | None:
    hour, minute = int(match["hour"]), int(match["minute"])
    second = int(match["second"] or 0)
    ampm = (match.groupdict().get("ampm") or "").replace(".", "").upper()
    if ampm in ("PM", "CH") and hour < 12:
        hour += 12
    elif ampm in ("AM", "SA") and hour == 12:
        hour = 0
    zone = _zone(tz) if tz else VIETNAM
    moment = datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=zone)
    return moment.astimezone(VIETNAM) if tz else moment


def _zone(tz: str) -> timezone:
    if tz == "Z":
        return UTC
    sign = -1 if tz[0] == "-" else 1
    digits = tz[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))


def date_from_url(url: str, *, now: datetime | None = None) -> FoundDate | None:
    """Return the date written in a URL path (``/portal/pages/2025-06-12/slug.aspx``), if any.

    ``/2020/01/slug`` (WordPress-style) gives only the month: ``2020-01``.
    """
    now = now or datetime.now(UTC)
    match = _URL_DATE.search(url)
    if match:
        found = _from_match(url, match, now)
        return found and FoundDate(found.iso[:10], match.group(0).strip("/"), match.start())
    month = _URL_MONTH.search(url)
    if month:
        year, number = int(month["year"]), int(month["month"])
        if year >= EARLIEST_YEAR and (year, number) <= (now.year, now.month):
            return FoundDate(f"{year:04d}-{number:02d}", month.group(0).strip("/"), month.start())
    return None


def lead_clue(text: str) -> tuple[int, int] | None:
    """Return (day, month) of a year-less date opening a lead ("Chiều 15-1, ..."), if any.

    A clue, never a publication date: it only helps choose between dates found elsewhere.
    """
    match = _CLUE.match(text)
    if not match:
        return None
    day, month = int(match["day"]), int(match["month"])
    return (day, month) if 1 <= day <= 31 and 1 <= month <= 12 else None
