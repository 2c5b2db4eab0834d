"""The crawl's Scrapy add-ons (``ADDONS``): settings built from other settings, once they are final.

``ContactUserAgent`` puts GOVCRAWL_CONTACT into the User-Agent. A value computed in settings.py
would be computed when the module is imported, before ``-s GOVCRAWL_CONTACT=...`` is applied;
an add-on's ``update_settings`` runs on the crawler's settings, command line included, before
they are frozen. Settings read: GOVCRAWL_CONTACT, USER_AGENT (one set explicitly, in settings.py,
by a spider or with ``-s``, wins: the add-on's priority is below theirs).
"""

from __future__ import annotations

from scrapy.settings import BaseSettings

USER_AGENT_TEMPLATE = "govcrawl/0.1 (archival crawler; +{contact})"
PLACEHOLDER_CONTACT = "https://example.org/contact-your-archive"


def user_agent(contact: str | None) -> str:
    """The User-Agent naming ``contact`` (the placeholder when it is blank)."""
    return USER_AGENT_TEMPLATE.format(contact=(contact or "").strip() or PLACEHOLDER_CONTACT)


class ContactUserAgent:
    """USER_AGENT from the final GOVCRAWL_CONTACT, unless USER_AGENT was set explicitly."""

    def update_settings(self, settings: BaseSettings) -> None:
        settings.set("USER_AGENT", user_agent(settings.get("GOVCRAWL_CONTACT")), priority="addon")
