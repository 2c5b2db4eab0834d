"""Scrapy spiders (SPIDER_MODULES): ``portal``, the one spider for every portal."""
