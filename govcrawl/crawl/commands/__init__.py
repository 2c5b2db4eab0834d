"""Scrapy commands (COMMANDS_MODULE): ``scrapy crawl`` with one-line argument errors and the
archive lock.
"""
