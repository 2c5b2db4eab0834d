"""Dedupe: when two texts are the same article, or republications of one story.

Owns the content hash of exact duplicates (content_hash), MinHash signatures and similarity of
near-duplicates (neardup), and the LSH index those signatures live in, inside the archive's
SQLite file, on a connection the store hands it (lsh_index).

May import: ``govcrawl.text``. Never opens the archive itself.
"""
