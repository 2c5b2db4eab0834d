"""Drupal sites (phutho.gov.vn, some culture departments): ``/node/N``, ``?page=N`` listings.

The print module links every node's ``/print/N``, ``/printmail/N`` (a send-to-a-friend form)
and ``/printpdf/N``: never fetched.
"""

from __future__ import annotations

import re

from govcrawl.platforms.base import Platform, markers

PLATFORM = Platform(
    name="drupal",
    markers=markers(
        (r"/sites/default/files/", 3),
        (r"Drupal\.settings|data-drupal-", 3),
        (r'content="Drupal', 4),
    ),
    article_url=re.compile(r"/node/\d+$|/(?:tin-tuc|news)/[^/?]+$"),
    listing_url=re.compile(r"[?&]page=\d+|/taxonomy/term/\d+"),
    deny_url=re.compile(
        r"/user/(?:login|register|password)|/node/\d+/(?:edit|delete|revisions)|/admin/|"
        r"/comment/reply|/print(?:mail|pdf)?/",
        re.IGNORECASE,
    ),
)
