"""Text: Vietnamese-aware normalisation of strings, with no knowledge of pages or archives.

Owns NFC and whitespace cleaning, accent folding and language detection (normalise), charset
repair of mis-decoded text (mojibake), TCVN3/VNI conversion (legacy_encodings), day-first
dates (dates), author credit lines (authors), source/photo-agency credit lines (credits) and
province names as people type them (places).

May import: the standard library and third-party packages only; no other govcrawl stage
(the bottom layer, with ``urls``, ``items`` and ``platforms``).
"""
