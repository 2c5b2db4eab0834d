"""Loaded by every Python subprocess the tests start (PYTHONPATH): no network but loopback."""

import netguard

netguard.install()
