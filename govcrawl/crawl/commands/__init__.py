"""Scrapy commands (COMMANDS_MODULE): ``scrapy crawl`` with one-line argument errors, the
archive lock and a life tied to ``govcrawl crawl``; ``scrapy settings`` with the add-ons applied.
"""
