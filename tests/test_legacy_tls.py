"""Portals with legacy TLS: a 1024-bit RSA self-signed certificate (no chain, wrong host name),
TLS 1.2 at most, only static-RSA AES-CBC/SHA-1 ciphers. Python `requests` scrapers need
``DEFAULT@SECLEVEL=1`` for such portals (portals.md, section 7); the crawl must work both with
the defaults and with the registry's legacy settings."""

from __future__ import annotations

import datetime
import ssl
from pathlib import Path

import pytest
from conftest import guarded_env
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from portals.report import crawl_family

pytestmark = pytest.mark.e2e

LEGACY = [
    "-s",
    "DOWNLOADER_CLIENT_TLS_CIPHERS=DEFAULT:@SECLEVEL=1",
    "-s",
    "DOWNLOADER_CLIENT_TLS_METHOD=TLSv1.2",
]


def legacy_server_context(folder: Path) -> ssl.SSLContext:
    key = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "portal.example.gov.vn")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(1).not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=7)).sign(key, hashes.SHA256())
    )  # fmt: skip
    (folder / "cert.pem").write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    (folder / "key.pem").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.TraditionalOpenSSL,
            serialization.NoEncryption(),
        )
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.maximum_version = ssl.TLSVersion.TLSv1_2
    context.set_ciphers("AES128-SHA:AES256-SHA:@SECLEVEL=0")
    context.load_cert_chain(folder / "cert.pem", folder / "key.pem")
    return context


@pytest.mark.parametrize("settings", [[], LEGACY], ids=["defaults", "registry-legacy-settings"])
def test_legacy_tls_portal_is_crawled(tmp_path: Path, settings: list[str]) -> None:
    report = crawl_family("desktopmodule", tmp_path / "govcrawl.db", guarded_env(), *settings,
                          tls=legacy_server_context(tmp_path))  # fmt: skip
    assert report.recall == 1.0 and report.non_articles == 0
