"""Publishers are not authors: a credit that names the site, its host or a publication is dropped.

Pages put the publisher where tools read an author: ``<meta name="author" content="VietNamNet
News">``, JSON-LD authors named "Baochinhphu Vn", bylines "Duy Anh - VietNamNet". An author is a
person or a desk; the publication is the archive's ``source`` or its portal (pure functions).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from govcrawl.text.normalise import fold

# Second-level and top-level labels of Vietnamese and generic hosts, never a publisher's name.
_SUFFIX_LABELS = frozenset({"vn", "com", "gov", "org", "net", "edu", "info", "int", "ac", "www"})
# A credit naming a publication rather than a person or desk, with its accents ("Báo Lâm
# Đồng" is a newspaper; "Bảo Anh" is a person).
_PUBLICATION = re.compile(
    r"^(?:báo|tạp chí|cổng thông tin|trang thông tin|đài phát thanh|đài truyền hình|"
    r"thông tấn xã|ttxvn$)|\b(?:online|news|newspaper|magazine|media|portal)$",
    re.IGNORECASE,
)
_SEPARATOR = re.compile(r"\s*[,;]\s*")


def key(name: str) -> str:
    """``name`` folded to its letters and digits: "VietNamNet News" -> "vietnamnetnews"."""
    return "".join(character for character in fold(name).lower() if character.isalnum())


def publisher_keys(names: Iterable[str | None], host: str) -> frozenset[str]:
    """Keys of the site's own names (``og:site_name``, the ``<title>``'s portal part...) and of
    its host: "baochinhphu.vn" gives "baochinhphu" and "baochinhphuvn"."""
    keys = {key(name) for name in names if name}
    labels = [label for label in host.lower().split(".") if label and not label.isdigit()]
    own = [label for label in labels if label not in _SUFFIX_LABELS]
    keys.update(key(label) for label in own)
    if own:
        keys.add(key("".join(labels[labels.index(own[-1]) :])))
    return frozenset(k for k in keys if len(k) >= 3)


def is_publisher(credit: str, publishers: frozenset[str]) -> bool:
    """True when ``credit`` names the site or a publication rather than a person or desk."""
    credit_key = key(credit)
    if not credit_key:
        return False
    if _PUBLICATION.search(credit.strip(" .")):
        return True
    return any(
        credit_key == name or (len(name) >= 5 and credit_key.startswith(name))
        for name in publishers
    )


def without_publisher(author: str | None, publishers: frozenset[str]) -> str | None:
    """``author`` with its publisher credits left out (names kept as the page gives them), or
    None when only the publisher was credited."""
    if not author:
        return None
    kept = [
        part for part in _SEPARATOR.split(author) if part and not is_publisher(part, publishers)
    ]
    return ", ".join(kept) or None
