"""The work done for each fetched page, in an extraction worker process (or in the crawl's own).

Extraction (whole page, or by the site's induced selector: govcrawl.extract.induction), classification,
language detection on a bounded sample and the content hash: one fetched page in, one
``Outcome`` out, both picklable. Induced selectors live in the process that runs the task.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from govcrawl.dedupe.content_hash import content_hash
from govcrawl.extract.classify import Verdict, classify
from govcrawl.extract.induction import Agreement, ExtractionResult, Inducer
from govcrawl.extract.page import ExtractedPage, extract_page
from govcrawl.extract.version import EXTRACTOR_VERSION
from govcrawl.items import ArticleRecord, FetchedPage
from govcrawl.text.normalise import detect_language


@dataclass(frozen=True)
class Options:
    """The crawl's extraction settings, sent with every task."""

    min_chars: int
    lang_sample: int
    induction: bool = True
    check_every: int = 10
    check_every_max: int = 40
    verify_pages: int = 2


@dataclass(frozen=True)
class Outcome:
    """An article record, or the stats key (``extract/unparseable``, ``classify/<reason>``) and
    message of a dropped page; the extraction path, induction event and the comparison of a page
    extracted both ways (induced block and whole page), if any; for a page classified as not an
    article, ``rejection`` is its verdict as text, "<kind>: <reason>" ("other: utility_page")."""

    record: ArticleRecord | None
    drop: str | None = None
    message: str = ""
    path: str | None = None
    event: str | None = None
    check: Agreement | None = None
    rejection: str | None = None


_INDUCERS: dict[tuple[int, int, int], Inducer] = {}


def process_page(item: FetchedPage, options: Options) -> Outcome:
    """Return the article ``item`` holds, or why it is dropped."""
    fetched_at = datetime.fromisoformat(item.fetched_at)
    verdicts: list[tuple[ExtractedPage, Verdict]] = []  # pages are compared by identity

    def verdict(page: ExtractedPage) -> Verdict:
        for known, found in verdicts:
            if known is page:
                return found
        verdicts.append((page, classify(page, min_chars=options.min_chars, url_kind=item.url_kind)))
        return verdicts[-1][1]

    if options.induction and item.url_kind != "listing":
        key = (options.check_every, options.check_every_max, options.verify_pages)
        inducer = _INDUCERS.get(key)
        if inducer is None:  # one per process and options, made once
            inducer = _INDUCERS[key] = Inducer(
                check_every=options.check_every, verify_pages=options.verify_pages,
                check_every_max=options.check_every_max,
            )  # fmt: skip
        result = inducer.extract(
            item.site, item.html, item.body or None, item.url, fetched_at,
            lambda page: verdict(page).is_article,
        )  # fmt: skip
    else:
        page = extract_page(item.html, item.url, fetched_at=fetched_at, body=item.body or None)
        result = ExtractionResult(page, "trafilatura")
    return _outcome(item, result, verdict(result.page) if result.page else None, options)


def _outcome(item: FetchedPage, result: ExtractionResult, verdict: Verdict | None,
             options: Options) -> Outcome:  # fmt: skip
    page = result.page
    if page is None or verdict is None:
        return _dropped(result, "extract/unparseable", f"unparseable page: {item.url}")
    if not verdict.is_article:
        rejection = f"{verdict.kind}: {verdict.reason}"
        message = f"not an article ({rejection}): {item.url}"
        return _dropped(result, f"classify/{verdict.reason}", message, rejection)
    record = ArticleRecord(
        url=item.url, site=item.site, province=item.province, agency=item.agency,
        title=page.title, published=page.published, author=page.author, text=page.text,
        lang=detect_language(page.text, options.lang_sample),
        content_hash=content_hash(page.text), fetched_at=item.fetched_at,
        published_raw=page.published_raw, published_from=page.published_from,
        modified=page.modified, source=page.source, attachments=page.attachments,
        file_urls=[attachment.url for attachment in page.attachments],
        extraction_path=result.path, article_shaped=item.article_shaped,
        capture_id=item.capture_id, aliases=item.aliases,
        extractor_version=EXTRACTOR_VERSION,
    )  # fmt: skip
    return Outcome(record, path=result.path, event=result.event, check=result.check)


def _dropped(result: ExtractionResult, drop: str, message: str,
             rejection: str | None = None) -> Outcome:  # fmt: skip
    """The outcome of a page that is not archived: the stats key and message that say why."""
    return Outcome(None, drop, message, path=result.path, event=result.event,
                   check=result.check, rejection=rejection)  # fmt: skip
