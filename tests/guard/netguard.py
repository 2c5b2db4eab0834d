"""Refuse every network connection that does not go to a loopback address.

Installed in the test process by conftest.py and in every subprocess the tests start (crawls,
the CLI) through guard/sitecustomize.py, so an attempt to reach the internet fails loudly.
"""

from __future__ import annotations

import ipaddress
import socket

_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex
_real_getaddrinfo = socket.getaddrinfo
_real_gethostbyname = socket.gethostbyname
_real_gethostbyname_ex = socket.gethostbyname_ex
_LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost"}


class NetworkAccessError(RuntimeError):
    """A test tried to reach a non-loopback address."""


def _is_loopback(host: object) -> bool:
    if isinstance(host, bytes):
        host = host.decode()
    if not isinstance(host, str):
        return False
    if host in _LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


def _check(address: object) -> None:
    if isinstance(address, tuple) and address and not _is_loopback(address[0]):
        raise NetworkAccessError(f"network access outside loopback refused in tests: {address!r}")


def _connect(self: socket.socket, address: object) -> None:
    if self.family in (socket.AF_INET, socket.AF_INET6):
        _check(address)
    return _real_connect(self, address)


def _connect_ex(self: socket.socket, address: object) -> int:
    if self.family in (socket.AF_INET, socket.AF_INET6):
        _check(address)
    return _real_connect_ex(self, address)


def _getaddrinfo(host: object, *args: object, **kwargs: object) -> list:
    if host is not None and not _is_loopback(host):
        raise NetworkAccessError(f"DNS lookup of {host!r} refused in tests")
    return _real_getaddrinfo(host, *args, **kwargs)


def _gethostbyname(host: str) -> str:
    if not _is_loopback(host):
        raise NetworkAccessError(f"DNS lookup of {host!r} refused in tests")
    return _real_gethostbyname(host)


def _gethostbyname_ex(host: str) -> tuple[str, list[str], list[str]]:
    if not _is_loopback(host):
        raise NetworkAccessError(f"DNS lookup of {host!r} refused in tests")
    return _real_gethostbyname_ex(host)


def install() -> None:
    """Patch the socket module; idempotent."""
    socket.socket.connect = _connect  # type: ignore[method-assign]
    socket.socket.connect_ex = _connect_ex  # type: ignore[method-assign]
    socket.getaddrinfo = _getaddrinfo
    socket.gethostbyname = _gethostbyname
    socket.gethostbyname_ex = _gethostbyname_ex
