"""DotNetNuke / Telerik portals (family G): ``tabid`` pages, module controls in the query.

Skin objects link every tab's own ``ctl/Login``, ``ctl/Register``, ``ctl/Terms`` and
``ctl/Privacy`` controls (one copy per tab, the last two long boilerplate text): never fetched.
"""

from __future__ import annotations

import re

from govcrawl.platforms.base import Platform, markers

PLATFORM = Platform(
    name="dotnetnuke",
    markers=markers(
        (r"[?&/]tabid[=/]\d+", 2),
        (r"\bdnn_", 2),
        (r"/DesktopModules/", 1.5),
        (r"DotNetNuke|DNN Platform", 3),
        (r"\brgPageNext\b", 1),
    ),
    article_url=re.compile(r"[?&/](?:newsid|articleid|nid|itemid)[=/][\w-]+", re.IGNORECASE),
    listing_url=re.compile(r"[?&/]tabid[=/]\d+", re.IGNORECASE),
    deny_url=re.compile(
        r"ctl[=/](?:login|register|sendpassword|edit|terms|privacy)\b|/Login\.aspx|dnnprintmode=true|"
        r"[?&]returnurl=|/LinkClick\.aspx",
        re.IGNORECASE,
    ),
)
