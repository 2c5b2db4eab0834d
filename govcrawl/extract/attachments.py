"""Attachments: the documents (PDF, Word, Excel, ...) an article links to (pure functions).

Portals attach decisions, plans and reports to news items as plain links (``a.link-download``,
SharePoint ``Lists/.../Attachments/``, Liferay ``/documents/...``), pdf.js viewer frames
(``viewer.html?file=/upload/...``) and ``onclick="downloadFile('id', '/upload/...')"`` anchors
without an ``href``. Links in navigation blocks are not the article's.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, unquote, urljoin, urlsplit

from lxml.html import HtmlElement

from govcrawl.extract.boilerplate import CHROME, in_block
from govcrawl.items import Attachment
from govcrawl.text.normalise import clean_line, nfc
from govcrawl.urls import canonical_url, is_http_url

DOCUMENT_EXTENSIONS = (
    "pdf",
    "doc",
    "docx",
    "xls",
    "xlsx",
    "ppt",
    "pptx",
    "odt",
    "ods",
    "rtf",
    "zip",
    "rar",
    "7z",
)
_DOCUMENT = re.compile(rf"\.(?:{'|'.join(DOCUMENT_EXTENSIONS)})(?:$|[?#/])", re.IGNORECASE)
_LIFERAY_DOCUMENT = re.compile(r"/documents/\d+/\d+/", re.IGNORECASE)
_ONCLICK_FILE = re.compile(r"""downloadFile\(\s*['"][^'"]*['"]\s*,\s*['"]([^'"]+)['"]""")


def find_attachments(tree: HtmlElement, page_url: str) -> tuple[Attachment, ...]:
    """The documents the page's own content links to, in page order, each once."""
    found: dict[str, Attachment] = {}
    for element, target in _candidates(tree):
        try:
            url = urljoin(page_url, target.strip())
        except ValueError:  # not a URL at all ("http://[::1" on a hostile page)
            continue
        if not is_http_url(url) or not (
            _DOCUMENT.search(urlsplit(url).path) or _LIFERAY_DOCUMENT.search(url)
        ):
            continue
        if in_block(element, CHROME):
            continue
        url = canonical_url(url)
        text = clean_line(element.text_content()) if element.tag == "a" else None
        found.setdefault(url, Attachment(url, _filename(url), text))
    return tuple(found.values())


def _candidates(tree: HtmlElement) -> list[tuple[HtmlElement, str]]:
    candidates = []
    for element in tree.iter("a", "iframe", "embed", "object"):
        for attribute in ("href", "src", "data"):
            value = element.get(attribute)
            if value:
                candidates.append((element, _viewer_target(value)))
        onclick = _ONCLICK_FILE.search(element.get("onclick") or "")
        if onclick:
            candidates.append((element, onclick.group(1)))
    return candidates


def _viewer_target(value: str) -> str:
    """The document a pdf.js viewer URL shows (``viewer.html?file=/upload/a.pdf``), else the URL."""
    try:
        parts = urlsplit(value)
    except ValueError:
        return value  # find_attachments drops it
    if "viewer" in parts.path.lower():
        files = parse_qs(parts.query).get("file")
        if files:
            return files[0]
    return value


def _filename(url: str) -> str:
    segments = [s for s in urlsplit(url).path.split("/") if s]
    for segment in reversed(segments):  # Liferay: /documents/<g>/<f>/<name>.pdf/<uuid>
        if _DOCUMENT.search(segment + "/"):
            return nfc(unquote(segment))
    return nfc(unquote(segments[-1])) if segments else url
